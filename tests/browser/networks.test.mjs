// Browser tests for learning networks and the theme of the month: region øst's adviser opens
// the learning start page from the menu, the network list and the Akershus network (members
// with their source, the learning agent), adds a meeting and an assignment for Asker (a bad
// date is refused at its field and what was typed stays); Asker's own recipient reports back,
// and the adviser removes the assignment after the confirmation page.
// The adviser sets up this month's theme. Every page visited is checked with axe-core at
// 1280 and 390 px (checkA11y), tables readable as cards at 390 px.
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/networks.test.mjs

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

test('an adviser runs a network and the member reports back on its assignment', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/');
  await page.locator('nav[aria-label="Hovedmeny"]').getByRole('link', { name: 'Læring' }).click();
  await page.waitForURL(/\/laering$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Læring');
  await checkA11y(page);
  await page.locator('#laeringsdeler').getByRole('link', { name: 'Nettverk' }).click();
  await page.waitForURL(/\/nettverk$/);
  await checkA11y(page);

  await page.getByRole('link', { name: 'Regionalt nettverk i Akershus' }).click();
  await page.waitForURL(/\/nettverk\/\d+$/);
  const networkUrl = new URL(page.url()).pathname;
  const members = normalizeText(await page.locator('#medlemstabell').innerText());
  assert.match(members, /Asker/);
  assert.match(members, /Læringsagent/);
  assert.match(members, /Seed 003, kap\. 4\.2/);
  await checkA11y(page);

  // A meeting: a bad date is refused at its field, the topic stays.
  await page.locator('#mote-dato').fill('12. mars');
  await page.locator('#mote-tema').fill('Kartlegging av boligbehov');
  await page.getByRole('button', { name: 'Registrer møtet' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('#mote-dato-feil').innerText()), /ikke en dato/);
  assert.equal(await page.locator('#mote-tema').inputValue(), 'Kartlegging av boligbehov');
  await checkA11y(page);
  await page.locator('#mote-dato').fill('12.03.2026');
  await page.getByRole('button', { name: 'Registrer møtet' }).click();
  await page.waitForURL(/melding=mote/);
  assert.match(normalizeText(await page.locator('#motetabell').innerText()), /12\.03\.2026/);

  // An assignment for Asker, to be reported back at that meeting.
  await page.locator('#oppdrag-medlem').selectOption({ label: 'Asker' });
  await page.locator('#oppdrag-oppdrag').fill('Del kartleggingsskjemaet med de andre kommunene');
  await page.locator('#oppdrag-til_mote').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Registrer oppdraget' }).click();
  await page.waitForURL(/melding=oppdrag/);
  assert.match(normalizeText(await page.locator('#oppdragsliste').innerText()), /Asker: Del kartleggingsskjemaet/);
  await checkA11y(page);

  // Asker's own recipient reports back.
  const member = await newPage(browser, { baseURL: server.url });
  t.after(() => member.context().close());
  await login(member, server, 'demo-mottaker-asker');
  await open(member, networkUrl);
  await member.getByRole('textbox', { name: 'Meld tilbake' }).fill('Skjemaet er sendt til Bærum og Lørenskog.');
  await member.getByRole('button', { name: /Lagre tilbakemeldingen/ }).click();
  await member.waitForURL(/melding=tilbakemelding/);
  assert.match(normalizeText(await member.locator('#oppdragsliste').innerText()), /Skjemaet er sendt til Bærum og Lørenskog/);
  await checkA11y(member);
  assert.equal(await member.getByRole('link', { name: /^Fjern oppdraget/ }).count(), 0, 'a member removes nothing');

  // The adviser removes the assignment: asked first on its own page, then gone.
  await open(page, networkUrl);
  await page.getByRole('link', { name: 'Fjern oppdraget til Asker' }).click();
  await page.waitForURL(/\/oppdrag\/\d+\/fjern$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Fjerne oppdraget?');
  assert.match(normalizeText(await page.locator('main').innerText()), /Det som er meldt tilbake på oppdraget, fjernes sammen med det/);
  await checkA11y(page);
  await page.getByRole('button', { name: 'Fjern', exact: true }).click();
  await page.waitForURL(/melding=oppdrag-fjernet/);
  assert.match(normalizeText(await page.locator('[role="status"]').first().innerText()), /Oppdraget er fjernet/);
  assert.equal(await page.locator('#oppdragsliste').count(), 0);
  await checkA11y(page);
});

test('an adviser sets up this month’s theme for the office', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/manedens-tema/ost');
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Månedens tema, Region øst');
  await checkA11y(page);

  const now = new Date();
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  await page.locator('#manedstema-maned').fill(month);
  await page.locator('#manedstema-ansvarlig').fill('Kari Rådgiver');
  await page.getByRole('button', { name: 'Legg til måneden' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('#manedstema-tema-feil').innerText()), /Velg et kunnskapstema/);
  assert.equal(await page.locator('#manedstema-ansvarlig').inputValue(), 'Kari Rådgiver');
  await checkA11y(page);

  await page.locator('#manedstema-tema').selectOption('brukerrelaterte-metoder');
  await page.locator('#manedstema-delt').fill('Erfaringer med Housing First i Asker.');
  await page.getByRole('button', { name: 'Legg til måneden' }).click();
  await page.waitForURL(/melding=lagt-til/);
  const current = normalizeText(await page.locator('section[aria-labelledby="denne-maneden"]').innerText());
  assert.match(current, /Kari Rådgiver/);
  assert.match(current, /Erfaringer med Housing First i Asker/);
  await checkA11y(page);
});
