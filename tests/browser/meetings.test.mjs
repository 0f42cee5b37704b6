// Browser tests for status meetings and agreements: an adviser opens a participant's status
// meetings from the programme page, plans a meeting (a bad date is refused at its field and
// what was typed stays), records it with an agreed action, sees the action carried forward to
// the next meeting's agenda; Asker's own recipient marks it done there. The agreements list,
// the form (errors kept) and an agreement's page with a dialogue meeting. Every page visited
// is checked with axe-core at 1280 and 390 px (checkA11y).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/meetings.test.mjs

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { checkA11y, launchBrowser, login, newPage, normalizeText, open, pageSummary, startServer } from './support.mjs';

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

test('an adviser plans and records a status meeting; the recipient closes its action at the next', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/programmer/ost-utviklingsprogram');
  await page.locator('tr[data-name="Asker"]').getByRole('link', { name: 'Statusmøter med Asker' }).click();
  await page.waitForURL(/\/statusmoter$/);
  const meetingsUrl = page.url();
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Statusmøter: Asker');
  assert.match(normalizeText(await page.locator('#ingen-moter').innerText()), /Ingen statusmøter/);
  assert.match(normalizeText(await page.locator('#dagsordenpunkter').innerText()), /Status og fase/);
  await checkA11y(page);

  // A bad date is refused at its field; the invited stay.
  await page.getByLabel('Dato', { exact: true }).fill('1. mars');
  await page.getByLabel('Inviterte').fill('Programeier, programleder og rådgiver');
  await page.getByRole('button', { name: 'Planlegg statusmøtet' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('#plan-dato-feil').innerText()), /ikke en dato/);
  assert.equal(await page.getByLabel('Inviterte').inputValue(), 'Programeier, programleder og rådgiver');
  await checkA11y(page);

  await page.getByLabel('Dato', { exact: true }).fill('01.03.2025');
  await page.getByRole('button', { name: 'Planlegg statusmøtet' }).click();
  await page.waitForURL(/\/statusmoter\/\d+\?melding=planlagt/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Statusmøte med Asker 01.03.2025');
  await checkA11y(page);

  // Record it with one agreed action.
  await page.getByRole('textbox', { name: 'Referat' }).fill('Gikk gjennom programplanen.');
  const row = page.locator('fieldset.action-row').first();
  await row.getByLabel('Hva er avtalt').fill('Sende foranalysen til Husbanken');
  await row.getByLabel('Ansvarlig').fill('Programlederen');
  await row.getByLabel('Frist').fill('01.04.2025');
  await page.getByRole('button', { name: 'Registrer møtet' }).click();
  await page.waitForURL(/melding=registrert/);
  assert.match(normalizeText(await page.locator('#nye-punkter').innerText()), /Sende foranalysen til Husbanken/);
  assert.match(normalizeText(await page.locator('#referattekst').innerText()), /Gikk gjennom programplanen/);

  // The participant's page says it in brief and links the meetings.
  await open(page, new URL(meetingsUrl).pathname.replace(/\/statusmoter$/, ''));
  const brief = normalizeText(await page.locator('#statusmotefakta').innerText());
  assert.match(brief, /1 møte holdt, sist 01\.03\.2025/);
  assert.match(brief, /1 åpent oppfølgingspunkt/);
  await checkA11y(page);
  await page.locator('#deltakersider').getByRole('link', { name: 'Statusmøter' }).click();
  await page.waitForURL(/\/statusmoter$/);

  // The next meeting's agenda takes the open action up.
  await open(page, new URL(meetingsUrl).pathname);
  await page.getByLabel('Dato', { exact: true }).fill('01.09.2025');
  await page.getByRole('button', { name: 'Planlegg statusmøtet' }).click();
  await page.waitForURL(/melding=planlagt/);
  const nextUrl = new URL(page.url()).pathname;
  assert.match(
    normalizeText(await page.locator('#dagsordenpunkter').innerText()),
    /Sende foranalysen til Husbanken \(ansvarlig: Programlederen, avtalt 01\.03\.2025, fristen var 01\.04\.2025\)/,
  );
  await checkA11y(page);

  // Asker's own recipient marks it done at the next meeting.
  const recipient = await newPage(browser, { baseURL: server.url });
  await login(recipient, server, 'demo-mottaker-asker');
  t.after(() => recipient.context().close());
  await open(recipient, nextUrl);
  assert.equal(await recipient.getByRole('button', { name: 'Registrer møtet' }).count(), 0, 'recording is the office\'s');
  await recipient.locator('#tidligere-punkter').getByRole('button', { name: /Merk som utført/ }).click();
  await recipient.waitForURL(/melding=status/);
  assert.equal(await recipient.locator('#tidligere-punkter').count(), 1, `back on the next meeting: ${await pageSummary(recipient)}`);
  assert.match(normalizeText(await recipient.locator('#tidligere-punkter').innerText()), /Utført \d\d\.\d\d\.\d{4}/);
  assert.match(normalizeText(await recipient.locator('#dagsordenpunkter').innerText()), /Ingen åpne oppfølgingspunkter fra tidligere møter/);
  await checkA11y(recipient);
});

test('an adviser files an agreement and records its dialogue meeting', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/avtaler');
  assert.match(normalizeText(await page.locator('#ingen-avtaler').innerText()), /Ingen avtaler er registrert ennå/);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Registrer en avtale' }).click();
  await page.waitForURL(/\/avtaler\/ny$/);
  await checkA11y(page);

  await page.getByLabel('Tittel').fill('Samarbeidsavtale om oppfølging i bolig');
  await page.getByLabel('Kommunenummer').fill('3203');
  await page.getByLabel('Type avtale').selectOption('samarbeidsavtale');
  await page.getByLabel('Part 1', { exact: true }).fill('Kirkens Bymisjon');
  await page.getByLabel('Type part 1').selectOption('frivillig');
  await page.getByLabel('Gjelder fra').fill('01.01.2024');
  await page.getByLabel('Anskaffelse').selectOption('unntak-ideell');
  await page.getByRole('button', { name: 'Lagre avtalen' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('#avtale-begrunnelse-feil').innerText()), /Skriv hvorfor unntaket/);
  assert.equal(await page.getByLabel('Part 1', { exact: true }).inputValue(), 'Kirkens Bymisjon');
  await checkA11y(page);

  await page.getByLabel('Begrunnelse for unntaket').fill('Reservert konkurranse for ideelle organisasjoner');
  await page.getByRole('button', { name: 'Lagre avtalen' }).click();
  await page.waitForURL(/\/avtaler\/\d+\?melding=lagret/);
  assert.match(normalizeText(await page.locator('#avtalefakta').innerText()), /Asker \(3203\)/);
  assert.match(normalizeText(await page.locator('#partliste').innerText()), /Kirkens Bymisjon \(Frivillig organisasjon\)/);
  await checkA11y(page);

  await page.locator('#dialog-dato').fill('15.01.2025');
  await page.locator('#dialog-deltakere').fill('Kommunen og Kirkens Bymisjon');
  await page.getByRole('button', { name: 'Registrer dialogmøtet' }).click();
  await page.waitForURL(/melding=dialogmote/);
  assert.match(normalizeText(await page.locator('#dialogtabell').innerText()), /15\.01\.2025/);
  assert.match(normalizeText(await page.locator('#avtalefakta').innerText()), /Neste dialogmøte 15\.01\.2026/);
  await checkA11y(page);

  await open(page, '/avtaler');
  assert.equal(await page.locator('#avtaletabell tbody tr').count(), 1);
  await checkA11y(page);

  // Asker's municipality page lists it with the next dialogue meeting.
  await open(page, '/kommuner/3203');
  const agreement = normalizeText(await page.locator('#avtaletabell').innerText());
  assert.match(agreement, /Samarbeidsavtale om oppfølging i bolig/);
  assert.match(agreement, /15\.01\.2026/);
  await checkA11y(page);
});
