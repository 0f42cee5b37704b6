// Browser tests for innovation and its spread: region øst's adviser opens Innovasjon from the
// menu, the list with seed 000's matrix, and the page of «Fra leie til eie» with its graph
// (SVG drawn on the server, shown with JavaScript off too) and the graph's table; records an
// adoption with a bad kommunenummer (refused at its field, what was typed stays), then a good
// one; the public library of good examples with a filter; publishing and changing a good
// example; recording and changing an innovation. Every page visited is checked with axe-core
// at 1280 and 390 px (checkA11y).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/innovation.test.mjs

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

test('an adviser reads how an innovation spread and records an adoption', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/');
  await page.locator('nav[aria-label="Hovedmeny"]').getByRole('link', { name: 'Innovasjon' }).click();
  await page.waitForURL(/\/innovasjon$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Innovasjon og spredning');
  assert.match(normalizeText(await page.locator('#innovasjonsmatrise').innerText()), /Leie-til-eie; bolighotell/);
  await checkA11y(page);

  await page.locator('#innovasjonstabell').getByRole('link', { name: 'Fra leie til eie' }).click();
  await page.waitForURL(/\/innovasjon\/leie-til-eie$/);
  const graph = page.locator('svg.innovation-graph');
  assert.equal(await graph.count(), 1);
  assert.match(await graph.locator('title').textContent(), /Spredningen av Fra leie til eie/);
  assert.match(normalizeText(await page.locator('#kanttabell').innerText()), /Trondheim\s+Bergen/);
  assert.match(normalizeText(await page.locator('#overtakelsestabell').innerText()), /Seed 00\d/);
  assert.equal(await page.locator('.disagreement').count(), 2, 'both disagreements of the reports shown');
  await checkA11y(page);

  // A bad kommunenummer is refused at its field; what was typed stays.
  await page.locator('#ny-adopter').fill('Stavanger');
  await page.locator('#ny-kommunenummer').fill('11');
  await page.locator('#ny-spredning').selectOption('adopsjon');
  await page.locator('#ny-kanal').selectOption('rapport');
  await page.locator('#ny-fase').selectOption('ide');
  await page.getByRole('button', { name: 'Registrer' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('#ny-kommunenummer-feil').innerText()), /ikke et kommunenummer/);
  assert.equal(await page.locator('#ny-adopter').inputValue(), 'Stavanger');
  assert.equal(await page.locator('#ny-kanal').inputValue(), 'rapport');
  await checkA11y(page);

  await page.locator('#ny-kommunenummer').fill('1103');
  await page.getByRole('button', { name: 'Registrer' }).click();
  await page.waitForURL(/melding=registrert/);
  const row = normalizeText(await page.locator('#overtakelsestabell').innerText());
  assert.match(row, /Stavanger/);
  assert.match(row, /Foreslått/);
  await checkA11y(page);

  // Corrected on its own page: the phase it reached.
  await page.getByRole('link', { name: 'Rett overtakelsen for Stavanger' }).click();
  await page.waitForURL(/\/overtakelser\/\d+\/endre$/);
  assert.equal(await page.locator('#overtakelse-kommunenummer').inputValue(), '1103');
  await checkA11y(page);
  await page.locator('#overtakelse-fase').selectOption('implementering');
  await page.getByRole('button', { name: 'Lagre' }).click();
  await page.waitForURL(/melding=rettet/);
  assert.match(normalizeText(await page.locator('#overtakelsestabell').innerText()), /Stavanger[\s\S]*Implementering/i);
});

test('the graph shows without JavaScript', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  // The same page as above, where it is checked with axe-core; here only what shows.
  const page = await newPage(browser, { baseURL: server.url, javaScriptEnabled: false });
  t.after(() => page.context().close());
  await login(page, server, 'demo-leser');
  await open(page, '/innovasjon/leie-til-eie');
  assert.equal(await page.locator('svg.innovation-graph circle').count() >= 2, true);
  assert.match(normalizeText(await page.locator('#kanttabell').innerText()), /Trondheim/);
});

test('the public finds a good example by filter and reads it, with nothing internal', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  t.after(() => page.context().close());
  await open(page, '/');
  await page.locator('nav[aria-label="Hovedmeny"]').getByRole('link', { name: 'Gode eksempler' }).click();
  await page.waitForURL(/\/gode-eksempler$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Gode eksempler');
  assert.match(normalizeText(await page.locator('#antall-eksempler').innerText()), /^2 gode eksempler/);
  await checkA11y(page);

  await page.locator('#eksempel-malgruppe').selectOption('unge');
  await page.getByRole('button', { name: 'Søk', exact: true }).click();
  await page.waitForURL(/malgruppe=unge/);
  assert.match(normalizeText(await page.locator('#antall-eksempler').innerText()), /^1 godt eksempel passer søket/);
  assert.equal(await page.locator('#eksempel-malgruppe').inputValue(), 'unge');
  await checkA11y(page);

  await page.getByRole('link', { name: /Foyer Bodø/ }).click();
  await page.waitForURL(/\/gode-eksempler\/\d+$/);
  assert.match(normalizeText(await page.locator('main').innerText()), /Kontakt\s+Ikke oppgitt i rapporten/);
  assert.equal(await page.locator('a[href^="/innovasjon/"]').count(), 0);
  await checkA11y(page);
});

test('an adviser publishes an innovation as a good example', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());
  await open(page, '/innovasjon/kartleggingsverktoy-kongsvinger');
  await page.getByRole('link', { name: 'Publiser som godt eksempel' }).click();
  await page.waitForURL(/\/gode-eksempler\/ny\?innovasjon=/);
  assert.equal(await page.locator('#eksempel-tittel').inputValue(), 'Kartleggingsverktøyet fra Kongsvinger');
  await page.locator('#eksempel-tittel').fill('Kartlegging med Kongsvingers skjema');
  await page.getByRole('button', { name: 'Publiser' }).click();
  await page.waitForLoadState();
  // Nothing else filled in: each missing field is named, and the title stays.
  assert.match(normalizeText(await page.locator('.ds-error-summary').innerText()), /Sammendrag/);
  assert.equal(await page.locator('#eksempel-tittel').inputValue(), 'Kartlegging med Kongsvingers skjema');
  await checkA11y(page);

  await page.locator('#eksempel-sammendrag').fill('Kommunen kartlegger boligbehovet med et felles skjema.');
  await page.locator('#eksempel-dokumentasjon').fill('Delrapport 2012');
  await page.locator('#eksempel-kontakt').fill('Husbanken, region øst');
  await page.getByLabel('Økonomisk vanskeligstilte').check();
  await page.getByRole('button', { name: 'Publiser' }).click();
  await page.waitForURL(/melding=publisert/);
  assert.match(normalizeText(await page.locator('[role="status"]').first().innerText()), /publisert/);
  assert.match(normalizeText(await page.locator('main').innerText()), /Kartleggingsverktøyet fra Kongsvinger/);
  await checkA11y(page);

  // A new innovation: refused at its fields with nothing typed lost, then recorded.
  await open(page, '/innovasjon');
  await page.getByRole('link', { name: 'Registrer en innovasjon' }).click();
  await page.waitForURL(/\/innovasjon\/ny$/);
  await page.locator('#innovasjon-navn').fill('Boligkontor for unge');
  await page.getByRole('button', { name: 'Lagre' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('.ds-error-summary').innerText()), /Kode/);
  assert.equal(await page.locator('#innovasjon-navn').inputValue(), 'Boligkontor for unge');
  await checkA11y(page);
  await page.locator('#innovasjon-kode').fill('boligkontor-unge');
  await page.locator('#innovasjon-type').selectOption('organisasjonsform');
  await page.locator('#innovasjon-dimensjon').selectOption('styring');
  await page.locator('#innovasjon-omrade').selectOption('oppfolging');
  await page.getByRole('button', { name: 'Lagre' }).click();
  await page.waitForURL(/\/innovasjon\/boligkontor-unge\?melding=opprettet/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Boligkontor for unge');
  await checkA11y(page);

  // Changed: the form comes back filled in, the code shown and kept.
  await page.getByRole('link', { name: 'Endre innovasjonen' }).click();
  await page.waitForURL(/\/innovasjon\/boligkontor-unge\/endre$/);
  assert.equal(await page.locator('#innovasjon-navn').inputValue(), 'Boligkontor for unge');
  assert.equal(await page.locator('#innovasjon-type').inputValue(), 'organisasjonsform');
  await checkA11y(page);
  await page.locator('#innovasjon-opprinnelse').fill('Hamar');
  await page.getByRole('button', { name: 'Lagre' }).click();
  await page.waitForURL(/melding=endret/);
  assert.match(normalizeText(await page.locator('main').innerText()), /Begynte i\s+Hamar/);

  // A good example is changed on its own form.
  await open(page, '/gode-eksempler');
  await page.getByRole('link', { name: /Foyer Bodø/ }).click();
  await page.getByRole('link', { name: /^Endre/ }).click();
  await page.waitForURL(/\/gode-eksempler\/\d+\/endre$/);
  assert.match(await page.locator('#eksempel-sammendrag').inputValue(), /Aberdeen/);
  await checkA11y(page);
});
