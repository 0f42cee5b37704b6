// Browser tests for a programme read as a whole: a leader opens the overview of region øst's
// development programme from the programme's page (every participant with grants, reports and
// key indicators, the totals with the part not itemised), goes to the annual programme report
// for 2011 (with the note that the report's prose contradicts its table) and picks another
// year; a recipient sees its own participation only; and the big-city programme says what
// seed 004 does not state. Every page visited is checked with axe-core at 1280 and 390 px
// (checkA11y).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/programme_overview.test.mjs

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

test('a leader reads the overview and the annual programme report', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-leser');
  t.after(() => page.context().close());

  await open(page, '/programmer/ost-utviklingsprogram');
  await page.getByRole('link', { name: 'Oversikt over alle deltakerne' }).click();
  await page.waitForURL(/\/oversikt$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Oversikt: Boligsosialt utviklingsprogram');
  assert.equal(await page.locator('#oversikt tbody tr').count(), 17);
  const hamar = normalizeText(await page.locator('#oversikt tr[data-name="Hamar"]').innerText());
  assert.match(hamar, /3403/);
  assert.match(hamar, /6 200 000 kr/);
  assert.match(normalizeText(await page.locator('#tilskudd-oversikt tr[data-grants="Hamar"]').innerText()), /2 200 000 kr/);
  const notItemised = normalizeText(await page.locator('#tilskudd-oversikt tfoot tr.not-itemised').innerText());
  assert.match(notItemised, /595 000 kr .*7 992 010 kr .*9 978 000 kr .*17 000 000 kr/);
  assert.match(normalizeText(await page.locator('#kildekonflikt').innerText()), /Kildene er uenige om 2011/);
  assert.equal(await page.getByRole('link', { name: 'Last ned som Excel' }).getAttribute('href'), '/programmer/ost-utviklingsprogram/eksport.xlsx');
  await checkA11y(page);

  await page.getByRole('navigation', { name: 'Samlet årsmelding for år' }).getByRole('link', { name: '2011' }).click();
  await page.waitForURL(/\/arsmelding\/2011$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Samlet årsmelding 2011: Boligsosialt utviklingsprogram');
  assert.match(normalizeText(await page.locator('#sammenstilt-fra').innerText()), /Sammenstilt av Husk fra programmets fakta/);
  assert.match(normalizeText(await page.locator('#kildekonflikt').innerText()), /Kildene er uenige om 2011/);
  const sum = normalizeText(await page.locator('#tilskudd-sum').innerText());
  assert.match(sum, /9 978 000 kr/);
  assert.match(sum, /17 478 000 kr/);
  const hamarYear = normalizeText(await page.locator('article[data-name="Hamar"]').innerText());
  assert.match(hamarYear, /1 500 000 kr, forventet/);
  assert.match(hamarYear, /2 200 000 kr, bevilget/);
  await checkA11y(page);

  await page.getByRole('navigation', { name: 'Velg år' }).getByRole('link', { name: '2012' }).click();
  await page.waitForURL(/\/arsmelding\/2012$/);
  assert.match(normalizeText(await page.locator('#tilskudd-sum').innerText()), /24 500 000 kr/);
  assert.equal(await page.locator('#kildekonflikt').count(), 0);
});

test('a recipient sees its own participation, and the big-city programme says what is not stated', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-mottaker-asker');
  t.after(() => page.context().close());

  await open(page, '/programmer/ost-utviklingsprogram/oversikt');
  assert.equal(await page.locator('#oversikt tbody tr').count(), 1);
  assert.equal(await page.locator('#oversikt tr[data-name="Asker"]').count(), 1);
  await checkA11y(page);
  await open(page, '/programmer/ost-utviklingsprogram/arsmelding/2013');
  assert.equal(await page.locator('article[data-name]').count(), 1);
  await checkA11y(page);

  const leader = await newPage(browser, { baseURL: server.url });
  await login(leader, server, 'demo-leser');
  t.after(() => leader.context().close());
  await open(leader, '/programmer/nasjonal-storbyprogrammet');
  assert.equal(await leader.locator('#deltakertabell tbody tr').count(), 5);
  assert.match(normalizeText(await leader.locator('#faktakilder').innerText()), /Periode: Utledet: Kommuneprogrammets periode 2016–2020/);
  assert.match(normalizeText(await leader.locator('#ingen-mal').innerText()), /Ikke oppgitt i kilden/);
  await checkA11y(leader);
});
