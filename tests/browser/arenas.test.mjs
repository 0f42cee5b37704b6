// Browser test for learning arenas: region øst's adviser opens the calendar filtered by the
// programme (past arenas, grouped by month, a year shown as a year), adds an arena (a bad date
// is refused at its field and what was typed stays), adds its agenda, and opens the arena page.
// Every page visited is checked with axe-core and the layout at 1280 and 390 px (checkA11y).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/arenas.test.mjs

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

test('an adviser reads the calendar, adds an arena with its agenda and opens its page', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/laeringsarenaer?program=ost-utviklingsprogram&vis=tidligere');
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Læringsarenaer');
  const list = normalizeText(await page.locator('#arenaer').locator('..').innerText());
  assert.match(list, /Programsamling september 2011/);
  assert.match(list, /2011 \(bare året er kjent\)/);
  await checkA11y(page);

  await page.getByRole('link', { name: 'Programsamling september 2011' }).click();
  await page.waitForURL(/\/laeringsarenaer\/\d+$/);
  assert.match(normalizeText(await page.locator('#kilde').innerText()), /Seed 003/);
  assert.match(normalizeText(await page.locator('#deltakertabell').innerText()), /Hamar kommune/);
  await checkA11y(page);

  await open(page, '/laeringsarenaer/ny');
  await page.getByLabel('Tittel', { exact: true }).fill('Fagdag om bostøtte');
  await page.getByLabel('Type').selectOption('fagdag');
  await page.getByLabel('Dato', { exact: true }).fill('1. mars');
  await page.getByLabel('Sted').fill('Hamar');
  await page.getByRole('button', { name: 'Lagre arenaen' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('#arena-fra-feil').innerText()), /ikke en dato/);
  assert.equal(await page.getByLabel('Sted').inputValue(), 'Hamar');
  await checkA11y(page);

  await page.getByLabel('Dato', { exact: true }).fill('12.05.2027');
  await page.getByRole('button', { name: 'Lagre arenaen' }).click();
  await page.waitForURL(/\/laeringsarenaer\/\d+\?melding=lagret/);
  await page.locator('#program-1-tid').fill('09:00');
  await page.locator('#program-1-tittel').fill('Velkommen');
  await page.locator('#program-1-hvem').fill('Husbanken region øst');
  await page.getByRole('button', { name: 'Lagre programmet' }).click();
  await page.waitForURL(/melding=program/);
  assert.match(normalizeText(await page.locator('#programtabell').innerText()), /09:00 Velkommen/);
  await checkA11y(page);

  await open(page, '/laeringsarenaer?kontor=ost');
  assert.match(normalizeText(await page.locator('#arenaer').locator('..').innerText()), /Fagdag om bostøtte/);
  await checkA11y(page);
});
