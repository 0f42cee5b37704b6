// Browser tests for the municipality page and a participant's fact sheet: an adviser goes from
// the programme's participants to Asker's municipality page, reads its participation, grants,
// entries and reports, opens the fact sheet, checks that it prints on A4 without the site's
// frame, and fetches its PDF. Asker's own recipient reads its fact sheet too. Every page
// visited is checked with axe-core at 1280 and 390 px (checkA11y).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/municipality.test.mjs

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { checkA11y, launchBrowser, login, newPage, normalizeText, open, startServer } from './support.mjs';

const TEST_TIMEOUT_MS = 180_000;

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

test('an adviser reads a municipality and its fact sheet, which prints on A4', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/programmer/ost-utviklingsprogram');
  await page.locator('tr[data-name="Asker"]').getByRole('link', { name: /kommunens side/ }).click();
  await page.waitForURL(/\/kommuner\/3203$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Asker');
  const participation = normalizeText(await page.locator('#deltakelser tr[data-name="Asker"]').innerText());
  assert.match(participation, /Boligsosialt utviklingsprogram/);
  assert.match(normalizeText(await page.locator('#tilskuddsrader').innerText()), /2 440 000 kr/);
  assert.ok(await page.locator('#oppforingstabell a[href="/prosjekter/ost-eks-hf"]').count() > 0);
  assert.ok(await page.locator('#rapporttabell tbody tr').count() > 0);
  assert.ok(await page.locator('#statusmotetabell tr[data-name="Asker"] a[href$="/statusmoter"]').count() === 1);
  await checkA11y(page);

  await open(page, '/kommuner');
  await page.getByRole('link', { name: 'Oslo', exact: true }).click();
  await page.waitForURL(/\/kommuner\/0301$/);
  // Four districts in region øst's programme (and Oslo itself in the big-city programme).
  assert.equal(await page.locator('#deltakelser tbody tr', { hasText: 'Boligsosialt utviklingsprogram' }).count(), 4, 'four districts');
  assert.equal(await page.locator('#statusmotetabell tbody tr').count(), await page.locator('#deltakelser tbody tr').count(), 'meetings for each participation');
  await checkA11y(page);

  await open(page, '/kommuner/3203');
  await page.locator('#deltakelser').getByRole('link', { name: /Faktaark/ }).click();
  await page.waitForURL(/\/faktaark$/);
  assert.match(normalizeText(await page.locator('section[aria-labelledby="tiltak"]').innerText()), /Planen har ingen delprosjekter eller tiltak registrert/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Faktaark: Asker');
  const facts = normalizeText(await page.locator('#fakta-fakta').innerText());
  assert.match(facts, /Kommunenummer 3203/);
  assert.match(normalizeText(await page.locator('#egenfinansiering-tabell-1').innerText()), /50 %/);
  await checkA11y(page);

  // Printed: A4, no header, menu or footer.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false);
  assert.equal(await page.locator('.site-footer').isVisible(), false);
  assert.equal(await page.locator('.factsheet-actions').isVisible(), false);
  assert.equal(await page.locator('h1').isVisible(), true);
  const pdf = await page.pdf({ preferCSSPageSize: true });
  assert.ok(pdf.length > 1000);
  await page.emulateMedia({ media: 'screen' });

  // The PDF made by Husk itself.
  const href = await page.getByRole('link', { name: /Last ned som PDF/ }).getAttribute('href');
  const response = await page.request.get(href);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/pdf');
  assert.equal((await response.body()).subarray(0, 5).toString(), '%PDF-');
});

test("a municipality's recipient reads its own fact sheet and municipality page", { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-mottaker-asker');
  t.after(() => page.context().close());

  await open(page, '/kommuner/3203');
  assert.equal(await page.locator('#deltakelser tbody tr').count(), 1);
  await checkA11y(page);
  await page.locator('#deltakelser').getByRole('link', { name: /Faktaark/ }).click();
  await page.waitForURL(/\/faktaark$/);
  assert.match(normalizeText(await page.locator('section[aria-labelledby="tiltak"]').innerText()), /Planen har ingen delprosjekter eller tiltak registrert/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Faktaark: Asker');
  await checkA11y(page);

  await open(page, '/kommuner/3201');
  assert.match(normalizeText(await page.locator('#ingen-deltakelser').innerText()), /Ingen programdeltakelser/);
  await checkA11y(page);
});
