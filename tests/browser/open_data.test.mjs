// Browser tests for open data: the public opens «Åpne data» from the menu, narrows the grants
// with the municipality facet (each option says how many grants it gives), follows a
// municipality to its own page and reads the knowledge matrix over the published entries; an
// administrator changes what is published, with a mistake first (named at its field, what was
// typed kept). Every page visited is checked with axe-core at 1280 and 390 px (checkA11y).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/open_data.test.mjs

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { checkA11y, launchBrowser, login, newPage, normalizeText, open, startServer } from './support.mjs';

const TEST_TIMEOUT_MS = 240_000;

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

test('the public searches the published grants with a facet and opens a municipality', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  t.after(() => page.context().close());
  await open(page, '/');
  await page.locator('nav[aria-label="Hovedmeny"]').getByRole('link', { name: 'Åpne data' }).click();
  await page.waitForURL(/\/apne-data$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Åpne data om tilskudd');
  const all = normalizeText(await page.locator('#tilskudd-totalt').innerText());
  const allCount = Number(all.match(/^(\d+) tilskudd/)[1]);
  assert.ok(allCount > 10, all);
  assert.match(normalizeText(await page.locator('#publiseringsregler').innerText()), /post 78 \(kompetansetilskudd\) fra 2011/);
  await checkA11y(page);

  // The facet says how many grants Asker has, and the search gives exactly those.
  const option = page.locator('#tilskudd-kommune option[value="3203"]');
  const label = normalizeText(await option.innerText());
  const askerCount = Number(label.match(/^Asker kommune \((\d+)\)$/)[1]);
  await page.locator('#tilskudd-kommune').selectOption('3203');
  await page.getByRole('button', { name: 'Søk', exact: true }).click();
  await page.waitForURL(/kommune=3203/);
  assert.match(normalizeText(await page.locator('#tilskudd-totalt').innerText()), new RegExp(`^${askerCount} tilskudd passer søket`));
  assert.equal(await page.locator('#tilskudd tbody tr').count(), askerCount);
  assert.equal(await page.locator('#tilskudd-kommune').inputValue(), '3203', 'the facet stays chosen');
  const downloads = page.locator('#nedlastinger a', { hasText: 'CSV' });
  assert.match(await downloads.getAttribute('href'), /tilskudd\.csv\?kommune=3203/);
  await checkA11y(page);

  await page.locator('#tilskudd tbody tr').first().getByRole('link', { name: 'Asker kommune' }).last().click();
  await page.waitForURL(/\/apne-data\/kommuner\/3203$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Asker kommune');
  assert.equal(await page.locator('#tilskudd tbody tr').count(), askerCount);
  assert.match(normalizeText(await page.locator('#tilskudd-per-ar').innerText()), /2015/);
  await checkA11y(page);

  // An entry's public page, then its recipient's.
  await page.locator('#tilskudd tbody tr').first().locator('a[href^="/apne-data/tiltak/"]').click();
  await page.waitForURL(/\/apne-data\/tiltak\/[^/]+$/);
  assert.match(normalizeText(await page.locator('#tiltaksfakta').innerText()), /Mottaker\s+Asker kommune/);
  await checkA11y(page);
  await page.locator('#tiltaksfakta').getByRole('link', { name: 'Asker kommune' }).first().click();
  await page.waitForURL(/\/apne-data\/(mottakere|kommuner)\/\d+$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Asker kommune');
  await checkA11y(page);

  // A programme's page, from the programme named in the list.
  await open(page, '/apne-data?kommune=3201');
  await page.locator('#tilskudd').getByRole('link', { name: 'Boligsosialt utviklingsprogram', exact: true }).first().click();
  await page.waitForURL(/\/apne-data\/programmer\/ost-utviklingsprogram$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Boligsosialt utviklingsprogram');
  assert.ok(await page.locator('#tilskudd tbody tr').count() > 5);
  await checkA11y(page);

  await open(page, '/apne-data/kunnskapsmatrise');
  assert.match(normalizeText(await page.locator('#apen-matrise caption').innerText()), /publiserte tiltak/);
  await checkA11y(page);
});

test('the API reference lists every operation', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  t.after(() => page.context().close());
  await open(page, '/api-referanse');
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'API-referanse');
  const count = await page.locator('.api-operation').count();
  assert.match(normalizeText(await page.locator('.lead').innerText()), new RegExp(`har ${count} operasjoner`));
  assert.ok(count > 80);
  await checkA11y(page);
});

test('an administrator changes what is published, with a mistake first', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-admin');
  t.after(() => page.context().close());
  await open(page, '/admin/publisering');
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Publisering av åpne data');
  await checkA11y(page);

  await page.locator('#publiser-ordning-post21').check();
  await page.locator('#fra-ar-ordning-post21').fill('i fjor');
  await page.locator('#orgnr').fill('123');
  await page.getByRole('button', { name: 'Lagre publiseringen' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('.ds-error-summary').innerText()), /«i fjor» er ikke et årstall/);
  assert.equal(await page.locator('#fra-ar-ordning-post21').inputValue(), 'i fjor');
  assert.equal(await page.locator('#orgnr').inputValue(), '123');
  assert.ok(await page.locator('#publiser-ordning-post21').isChecked());
  await checkA11y(page);

  await page.locator('#fra-ar-ordning-post21').fill('2015');
  await page.locator('#orgnr').fill('');
  await page.getByRole('button', { name: 'Lagre publiseringen' }).click();
  await page.waitForURL(/melding=lagret/);
  assert.match(normalizeText(await page.locator('[role="status"]').first().innerText()), /lagret/);
  await checkA11y(page);
  await open(page, '/apne-data');
  assert.match(normalizeText(await page.locator('#publiseringsregler').innerText()), /post 21 \(fou\) fra 2015/i);
});
