// Browser tests for data quality: the advisers' page /datakvalitet (what the checks find and
// where the sources disagree), an entry's «Kilder og datakvalitet» with both values and their
// sources, and the matrix's note on the real portfolio beside the example. Every page visited is
// checked with axe-core at 1280 and 390 px (checkA11y).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/quality.test.mjs

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { checkA11y, launchBrowser, login, newPage, normalizeText, open, pageSummary, startServer } from './support.mjs';

const TEST_TIMEOUT_MS = 120_000;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an adviser finds the data-quality page, follows a finding and reads both sources', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-vest');
  t.after(() => page.context().close());

  // From the start page.
  await open(page, '/');
  await page.getByRole('link', { name: /Se datakvaliteten/ }).click();
  await page.waitForURL(/\/datakvalitet$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Datakvalitet');
  await checkA11y(page);

  const outside = page.locator('section[data-check="tilskudd-utenfor-perioden"] tbody tr');
  assert.deepEqual(
    await outside.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id'))),
    ['ost-10', 'bodo-01'],
    `grants outside their period (${await pageSummary(page)})`,
  );
  const conflicts = page.locator('article.source-note');
  assert.equal(await conflicts.count(), 9, 'nine disagreements between the sources');

  // Follow Foyer Bodø's finding to its page.
  await outside.filter({ hasText: 'Foyer Bodø' }).getByRole('link').click();
  await page.waitForURL(/\/prosjekter\/bodo-01$/);
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Kilder og datakvalitet' }) });
  assert.equal(await section.count(), 1, `a «Kilder og datakvalitet» section (${await pageSummary(page)})`);
  const text = normalizeText(await section.innerText());
  assert.match(text, /Kildene er uenige: Tilskudd utenfor perioden/);
  assert.match(text, /Periode 2014–2015\s+Rambøll 2016, kap\. 4\.2, tabell 4-1/);
  assert.match(text, /230 000 kr i 2017 til formidlingskonferanse\s+Rambøll 2016, kap\. 4\.4, tabell 4-2/);
  assert.match(text, /Tilskudd for 2017 \(230 000 kr, tilsagn\) ligger utenfor perioden 2014–2015\./);
  await checkA11y(page);
});

test('a recipient reads the notes on an entry, not the overview; the matrix shows the real portfolio', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-mottaker-asker');
  t.after(() => page.context().close());

  await open(page, '/prosjekter/midt-08');
  const recipient = page.locator('dl.facts > div', { has: page.locator('dt', { hasText: /^Mottaker$/ }) }).first();
  assert.match(normalizeText(await recipient.innerText()), /Baldurfilm\s*Utledet/);
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Kilder og datakvalitet' }) });
  assert.match(normalizeText(await section.innerText()), /Trondheim kommune \(Housing first\)/);
  assert.equal(await section.getByRole('link', { name: 'Datakvalitet i hele registeret' }).count(), 0);
  await checkA11y(page);

  const response = await page.goto('/datakvalitet');
  assert.equal(response.status(), 403, 'the overview is for staff');

  await open(page, '/kunnskapsmatrise');
  const sample = page.locator('aside', { has: page.getByRole('heading', { name: 'Eksempelet og den virkelige porteføljen' }) });
  assert.equal(await sample.count(), 1, `the note beside the matrix (${await pageSummary(page)})`);
  const note = normalizeText(await sample.innerText());
  assert.match(note, /730 programmer, prosjekter og tiltak/);
  assert.match(note, /i underkant av 8 %/);
  assert.match(note, /40–80 millioner kroner i året/);
  assert.match(note, /Rambøll for Husbanken \(2016\)/);
  assert.match(normalizeText(await page.locator('.matrix-summary').innerText()), /Utvalget har \d+ oppføringer/);
  await checkA11y(page);
});
