// Browser tests for municipal programmes: an adviser finds region øst's development programme
// from the menu, reads its facts, goals, participants and Table 1 with the note that the
// report's prose contradicts its table for 2011, records a phase transition through the form
// (errors kept at the field), and reads the timeline. Every page visited is checked with
// axe-core at 1280 and 390 px (checkA11y).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/programmes.test.mjs

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { checkA11y, launchBrowser, login, NARROW, newPage, normalizeText, open, pageSummary, startServer } from './support.mjs';

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

test('an adviser reads the programme, records a phase and reads the timeline', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/');
  await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Programmer' }).click();
  await page.waitForURL(/\/programmer$/);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Boligsosialt utviklingsprogram' }).click();
  await page.waitForURL(/\/programmer\/ost-utviklingsprogram$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Boligsosialt utviklingsprogram');

  const facts = normalizeText(await page.locator('#programfakta').innerText());
  assert.match(facts, /om lag 100 000 000 kr/);
  assert.match(facts, /programår 4: 50 %/);
  assert.equal(await page.locator('#maalhierarki [data-code]').count(), 10, 'vision, main goal, 3 sub-goals, 5 result goals');
  const rows = page.locator('#deltakertabell tbody tr');
  assert.equal(await rows.count(), 17, `17 participants (${await pageSummary(page)})`);
  assert.equal(await page.locator('#deltakertabell tr[data-name="Lørenskog"]').count(), 1);
  assert.match(normalizeText(await page.locator('tr[data-name="Asker"] .pool').innerText()), /ikke oppgitt/);

  const conflict = page.locator('#kildekonflikt');
  assert.match(normalizeText(await conflict.innerText()), /Kildene er uenige om 2011/);
  const hamarNote = page.locator('article.source-note', { hasText: 'Hamar: tilskudd 2011' });
  const noteText = normalizeText(await hamarNote.innerText());
  assert.match(noteText, /1 500 000 kr, forventet .*Møreforsking 2012, kap\. 4\.1, tabell 1/);
  assert.match(noteText, /2 200 000 kr, bevilget Møreforsking 2012, kap\. 4\.1, teksten etter tabell 1 og fotnote 9/);
  const notItemised = await page.locator('#tilskuddstabeller tr.not-itemised').allInnerTexts();
  assert.deepEqual(
    notItemised.map((r) => normalizeText(r).replace('Ikke spesifisert per kommune ', '')),
    ['595 000 kr', '7 992 010 kr', '9 978 000 kr', '17 000 000 kr'],
  );
  assert.match(normalizeText(await page.locator('#tilskudd-2010 tr.total').innerText()), /14 892 010 kr tilsagn/);
  await checkA11y(page);

  // Record Moss's first phase; an empty date is refused at its field and the reason is kept.
  await page.locator('tr[data-name="Moss"]').getByRole('link', { name: /Registrer faseovergang/ }).click();
  await page.waitForURL(/\/fase$/);
  await page.getByLabel('Begrunnelse').fill('Tatt opp i pulje 2010.');
  await page.getByLabel('Dato').fill('');
  await page.getByRole('button', { name: 'Registrer faseovergang' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('#fase-dato-feil').innerText()), /Skriv datoen/);
  assert.equal(await page.getByLabel('Begrunnelse').inputValue(), 'Tatt opp i pulje 2010.');
  await checkA11y(page);
  await page.getByLabel('Dato').fill('01.06.2010');
  await page.getByRole('button', { name: 'Registrer faseovergang' }).click();
  await page.waitForURL(/\/programmer\/ost-utviklingsprogram\?/);
  assert.match(normalizeText(await page.locator('tr[data-name="Moss"] .phase').innerText()), /Søknad og opptak \(fra 01\.06\.2010\)/);

  await page.getByRole('link', { name: 'Tidslinje for deltakerne' }).click();
  await page.waitForURL(/\/tidslinje$/);
  const moss = page.locator('.timeline__item[data-name="Moss"]');
  assert.match(normalizeText(await moss.innerText()), /Søknad og opptak: 01\.06\.2010–nå/);
  assert.match(normalizeText(await moss.innerText()), /Forsinket/, 'the planned end (2014, inferred) has passed');
  assert.equal(await page.locator('.timeline__item').count(), 17);
  await checkA11y(page);
});

test('a recipient sees its own participation in the programme', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-mottaker-asker');
  t.after(() => page.context().close());

  await open(page, '/programmer/ost-utviklingsprogram');
  assert.equal(await page.locator('#deltakertabell tbody tr').count(), 1);
  assert.equal(await page.getByRole('link', { name: /Registrer faseovergang/ }).count(), 0);
  await checkA11y(page);
  await open(page, '/programmer/ost-utviklingsprogram/tidslinje');
  assert.equal(await page.locator('.timeline__item').count(), 1);
  await checkA11y(page);
});

test('an adviser opens a participant, adds a measure through the form and ticks the checklist', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/programmer/ost-utviklingsprogram');
  await page.locator('#deltakertabell tr[data-name="Lillehammer"]').getByRole('link', { name: 'Lillehammer', exact: true }).click();
  await page.waitForURL(/\/deltakere\/\d+$/);
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Lillehammer');
  assert.match(normalizeText(await page.locator('section[aria-labelledby="leveranser"]').innerText()), /0 av 5 leveranser er registrert/);
  assert.match(normalizeText(await page.locator('#plan-oppsummering').innerText()), /0 delprosjekter og tiltak/);
  await checkA11y(page);

  // A measure without a title and owner is refused at its fields; what was typed stays.
  await page.locator('#tiltak-mal-resultat-1').check();
  await page.getByLabel('Start', { exact: true }).fill('01.01.2010');
  await page.getByLabel('Planlagt slutt', { exact: true }).fill('31.12.2010');
  await page.getByLabel('Status', { exact: true }).selectOption('gjennomfort');
  await page.getByRole('button', { name: 'Legg til i planen' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('#tiltak-title-feil').innerText()), /Tittelen mangler/);
  assert.match(normalizeText(await page.locator('.ds-error-summary').innerText()), /Tiltaket ble ikke lagret/);
  assert.equal(await page.getByLabel('Start', { exact: true }).inputValue(), '01.01.2010');
  assert.ok(await page.locator('#tiltak-mal-resultat-1').isChecked());
  await checkA11y(page);

  await page.getByLabel('Tittel', { exact: true }).fill('Kartlegging av bostedsløse');
  await page.getByLabel('Ansvarlig', { exact: true }).fill('Boligkontoret');
  await page.getByRole('button', { name: 'Legg til i planen' }).click();
  await page.waitForURL(/melding=tiltak-lagt-til/);
  const table = page.locator('#mal-resultat-1');
  assert.match(normalizeText(await table.innerText()), /Kartlegging av bostedsløse .*Boligkontoret .*01\.01\.2010–31\.12\.2010 .*Gjennomført/);
  assert.match(normalizeText(await page.locator('#mal-uten-tiltak').innerText()), /kunnskapsrettet/);

  // The checklist: tick a with a comment.
  await page.getByLabel('Oppfylt (a)').check();
  await page.getByLabel('Kommentar til punkt a').fill('Vedtatt i kommuneplanens samfunnsdel 2011.');
  await page.getByRole('button', { name: 'Lagre sjekklisten' }).click();
  await page.waitForURL(/melding=sjekkliste/);
  assert.match(normalizeText(await page.locator('section[aria-labelledby="sjekkliste"]').innerText()), /1 av 11 punkter er krysset av/);
  assert.equal(await page.getByLabel('Kommentar til punkt a').inputValue(), 'Vedtatt i kommuneplanens samfunnsdel 2011.');
  await checkA11y(page);

  // Its edit form, reached from the measure.
  await table.getByRole('link', { name: /Endre/ }).click();
  await page.waitForURL(/\/tiltak\/\d+$/);
  assert.equal(await page.getByLabel('Tittel', { exact: true }).inputValue(), 'Kartlegging av bostedsløse');
  await checkA11y(page);
});

test('a recipient reads and updates its own participant page', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-mottaker-asker');
  t.after(() => page.context().close());

  await open(page, '/programmer/ost-utviklingsprogram/tidslinje');
  await page.getByRole('link', { name: 'Asker', exact: true }).click();
  await page.waitForURL(/\/deltakere\/\d+$/);
  assert.equal(await page.locator('#leveranseskjema').count(), 0, 'the deliverables are the office\'s');
  assert.equal(await page.locator('#tiltaksskjema').count(), 1);
  await checkA11y(page);
});

// Runs last: it changes the programme's goals and adds (and removes) a participant.
test('an adviser edits the programme and adds a participant on a phone', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());
  await page.setViewportSize({ width: NARROW, height: 800 });

  await open(page, '/programmer/ost-utviklingsprogram');
  await page.getByRole('link', { name: 'Endre programmet' }).click();
  await page.waitForURL(/\/endre$/);
  await checkA11y(page);

  // A bad period is refused at its field; what was typed stays.
  await page.getByLabel('Programkoordinator i Husbanken').fill('Kari Koordinator');
  await page.getByLabel('Siste år').fill('2007');
  await page.getByRole('button', { name: 'Lagre programmet' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('#prog-slutt-feil').innerText()), /før første år/);
  assert.equal(await page.getByLabel('Programkoordinator i Husbanken').inputValue(), 'Kari Koordinator');
  await checkA11y(page);

  await page.getByLabel('Siste år').fill('2017');
  const newGoal = page.locator('.goal-edit').filter({ hasText: 'Nytt mål' }).first();
  await newGoal.getByLabel('Nivå').selectOption('resultatmal');
  await newGoal.getByLabel(/Tekst/).fill('Flere eier egen bolig');
  await page.getByRole('button', { name: 'Lagre programmet' }).click();
  await page.waitForURL(/melding=programmet-lagret/);
  assert.match(normalizeText(await page.locator('#koordinator').innerText()), /Kari Koordinator/);
  assert.match(normalizeText(await page.locator('#maalhierarki').innerText()), /resultat-6: Flere eier egen bolig/);

  // A participant whose planned length is outside 3–5 years: added, with a warning.
  await page.getByRole('link', { name: 'Legg til deltaker' }).click();
  await page.waitForURL(/\/ny-deltaker$/);
  await page.getByLabel('Kommunenummer').fill('33O1');
  await page.getByLabel('Kommune', { exact: true }).fill('Drammen');
  await page.getByLabel(/Pulje/).fill('2011');
  await page.getByLabel(/Planlagt siste år/).fill('2018');
  await page.getByRole('button', { name: 'Legg til deltakeren' }).click();
  await page.waitForLoadState();
  assert.match(normalizeText(await page.locator('#prog-kommunenummer-feil').innerText()), /ikke et kommunenummer/);
  assert.equal(await page.getByLabel('Kommune', { exact: true }).inputValue(), 'Drammen');
  await checkA11y(page);
  await page.getByLabel('Kommunenummer').fill('3301');
  await page.getByRole('button', { name: 'Legg til deltakeren' }).click();
  await page.waitForURL(/melding=lagt-til/);
  assert.match(normalizeText(await page.locator('#lengde-advarsel').innerText()), /8 år/);
  await checkA11y(page);

  // Nothing is recorded for it yet, so it can be removed again, after a question.
  await page.getByRole('link', { name: /Fjern Drammen/ }).click();
  await page.waitForURL(/\/fjern$/);
  assert.match(normalizeText(await page.locator('h1').innerText()), /Fjerne Drammen fra programmet\?/);
  await checkA11y(page);
  await page.getByRole('button', { name: 'Fjern Drammen' }).click();
  await page.waitForURL(/melding=deltaker-fjernet/);
  assert.equal(await page.locator('#deltakertabell tr[data-name="Drammen"]').count(), 0);

  // Which indicators measure which goals: the demo's inferred links, changed on a phone.
  assert.match(normalizeText(await page.locator('#maalhierarki li[data-code="resultat-4"]').innerText()), /Måles med: Startlån.*Utledet av Husk/);
  await page.getByRole('link', { name: 'Velg indikatorene som måler målene' }).click();
  await page.waitForURL(/\/malindikatorer$/);
  await checkA11y(page);
  const blank = page.locator('#kobling-3');
  await blank.getByLabel('Mål').selectOption('resultat-1');
  await blank.getByLabel('Indikator').selectOption('bostedslose');
  await page.getByRole('button', { name: 'Lagre koblingene' }).click();
  await page.waitForURL(/melding=malindikatorer-lagret/);
  assert.match(normalizeText(await page.locator('#maalhierarki li[data-code="resultat-1"]').innerText()), /Måles med: Bostedsløse/);
  await checkA11y(page);
});
