// Browser tests for indicators and co-financing: an adviser finds the indicator page empty
// with how to import, imports values and a comparison group with the command line, chooses a
// participant, an indicator and a comparison in the form and reads the chart with its table,
// reads the national homelessness counts, and reads co-financing and sets the programme's
// rule through the form (errors kept at the field). Every page visited is checked with
// axe-core at 1280 and 390 px (checkA11y).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/indicators.test.mjs

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { checkA11y, launchBrowser, login, newPage, normalizeText, open, startServer } from './support.mjs';

const TEST_TIMEOUT_MS = 180_000;
const PROGRAMME = '/programmer/ost-utviklingsprogram';

let server;
let browser;
let files;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  files = await mkdtemp(path.join(tmpdir(), 'husk-indikatorer-'));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (files) await rm(files, { recursive: true, force: true });
});

/** Runs `husk --data-dir <the server's> ARGS…` and gives its output. */
function husk(...args) {
  return execFileSync(process.env.HUSK_BIN, ['--data-dir', server.dataDir, ...args], { encoding: 'utf8' });
}

test('an adviser compares a participant with a group and reads the national counts', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, PROGRAMME);
  await page.getByRole('link', { name: 'Indikatorer mot sammenligningsgrupper' }).click();
  await page.waitForURL(/\/indikatorer$/);
  assert.match(normalizeText(await page.locator('#ingen-indikatorer').innerText()), /husk import indicators/);
  await checkA11y(page);

  // Invented figures for the test: Hamar (3403) and two municipalities outside the programme.
  const values = path.join(files, 'bostedslose.csv');
  await writeFile(
    values,
    'kommunenummer;år;indikator;verdi\n3403;2008;bostedslose-per-1000;2,2\n3403;2010;bostedslose-per-1000;1,6\n1103;2008;bostedslose-per-1000;1,2\n4601;2008;bostedslose-per-1000;1,8\n4601;2010;bostedslose-per-1000;2,1\n',
  );
  assert.match(husk('import', 'indicators', values), /Importert 5 rader/);
  const group = path.join(files, 'gruppe.csv');
  await writeFile(group, 'kommunenummer;navn\n1103;Stavanger\n4601;Bergen\n');
  assert.match(husk('import', 'group', 'Testgruppe', group), /Importert ny gruppe «Testgruppe» med 2 kommuner/);

  await page.reload();
  await page.getByLabel('Deltaker', { exact: true }).selectOption({ label: 'Hamar' });
  await page.getByLabel('Indikator', { exact: true }).selectOption('bostedslose-per-1000');
  await page.getByLabel('Sammenlign med', { exact: true }).selectOption({ label: 'Gruppen «Testgruppe» (2 kommuner)' });
  await page.getByRole('button', { name: 'Vis' }).click();
  await page.waitForURL(/sammenlign=gruppe-/);
  // The form keeps the choices.
  assert.equal(await page.getByLabel('Indikator', { exact: true }).inputValue(), 'bostedslose-per-1000');
  const chart = page.getByRole('img', { name: /Bostedsløse per 1 000 innbyggere: Hamar og gruppen «Testgruppe»/ });
  assert.equal(await chart.count(), 1);
  const table = page.getByRole('table', { name: /Bostedsløse per 1 000 innbyggere for Hamar og gruppen «Testgruppe» \(snitt\), per år/ });
  const y2008 = normalizeText(await table.locator('tr[data-year="2008"]').innerText());
  assert.match(y2008, /2008 2,2 1,5 2 før opptak/);
  const y2010 = normalizeText(await table.locator('tr[data-year="2010"]').innerText());
  assert.match(y2010, /2010 1,6 2,1 1 etter opptak/);
  await checkA11y(page);

  await page.getByRole('link', { name: /Bostedsløse i Norge/ }).click();
  await page.waitForURL(/\/indikatorer\/bostedslose$/);
  assert.match(normalizeText(await page.locator('#bostedslose-tabell tr[data-year="2012"]').innerText()), /2012 6 259 1,26 \+1 %/);
  assert.match(normalizeText(await page.locator('main').innerText()), /Kilde: Innovasjon og styring i boligsosialt arbeid/);
  await checkA11y(page);
});

test('an adviser reads co-financing and sets the programme rule', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, PROGRAMME);
  await page.getByRole('link', { name: 'Egenfinansiering per deltaker og år' }).click();
  await page.waitForURL(/\/egenfinansiering$/);
  const hamar = page.locator('article[data-name="Hamar"]');
  assert.match(normalizeText(await hamar.locator('tr[data-year="2012"]').innerText()), /2012 4 \(50 %\) 1 500 000 kr ikke rapportert 1 500 000 kr 750 000 kr Ikke rapportert/);
  await checkA11y(page);

  await page.getByRole('link', { name: 'Endre regelen for egenfinansiering' }).click();
  await page.waitForURL(/\/regel$/);
  await checkA11y(page);
  await page.getByLabel('Programår 2').fill('tretti');
  await page.getByRole('button', { name: 'Lagre regelen' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('#regel-andel-2-feil').innerText()), /«tretti» er ikke en prosentandel/);
  assert.equal(await page.getByLabel('Programår 2').inputValue(), 'tretti');
  await checkA11y(page);
  await page.getByLabel('Programår 2').fill('25');
  await page.getByRole('button', { name: 'Lagre regelen' }).click();
  await page.waitForURL(/melding=regel-lagret/);
  assert.match(normalizeText(await page.locator('#regel-andeler').innerText()), /programår 2: 25 %/);
});
