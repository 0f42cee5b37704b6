// Browser tests for evaluations of learning arenas: an adviser makes an arena's evaluation
// form and gets its link and QR code; a participant on a phone (390 px), NOT logged in, opens
// the link, sends the form with a question unanswered (refused at that question, what was
// typed stays), answers and gets the thanks; staff see that results wait for five answers.
// Every page visited is checked with axe-core at 1280 and 390 px (checkA11y).
//
// The adviser first makes today's arena through the arena form (the demo's arenas are past, so
// their forms are closed).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/evaluations.test.mjs

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { checkA11y, launchBrowser, login, NARROW, newPage, normalizeText, open, startServer } from './support.mjs';

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

/** Makes a learning arena of the office `ost` today through the arena form, as an adviser would. */
async function makeArena(page, title) {
  await open(page, '/laeringsarenaer/ny');
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  await page.locator('#arena-tittel').fill(title);
  await page.locator('#arena-type').selectOption('fagdag');
  await page.locator('#arena-fra').fill(`${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()}`);
  await page.locator('#arena-kontor').selectOption('ost');
  await page.locator('form.arena-form button[type="submit"]').click();
  await page.waitForURL(/\/laeringsarenaer\/\d+/);
  return Number.parseInt(/\/laeringsarenaer\/(\d+)/.exec(page.url())[1], 10);
}

/** A local time `dd.mm.åååå tt:mm`, `days` from now. */
function localTime(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

test('a participant answers an evaluation on a phone without logging in', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const staff = await newPage(browser, { baseURL: server.url });
  t.after(() => staff.context().close());
  await login(staff, server, 'demo-radgiver-ost');
  const arena = await makeArena(staff, 'Fagdag om bostøtte (testarena)');
  assert.ok(arena > 0);
  const setup = `/laeringsarenaer/${arena}/evaluering`;
  await open(staff, setup);
  assert.match(normalizeText(await staff.locator('#skjema-status').innerText()), /ikke noe evalueringsskjema/);
  await checkA11y(staff);
  await staff.getByLabel('Åpner').fill(localTime(-1));
  await staff.getByLabel('Stenger').fill(localTime(2));
  await staff.getByRole('button', { name: 'Lag skjemaet' }).click();
  await staff.waitForURL(/melding=opprettet/);
  const link = await staff.locator('#apen-lenke').getAttribute('href');
  assert.match(link, /\/evaluering\/[0-9a-f]{48}$/);
  assert.equal(await staff.locator('img.evaluation-qr').evaluate((img) => img.naturalWidth > 0), true, 'the QR code loads');
  await checkA11y(staff);
  await open(staff, `${setup}/lysbilde`);
  await checkA11y(staff);

  // The participant: a phone, no login.
  const phone = await newPage(browser, { baseURL: server.url });
  t.after(() => phone.context().close());
  await phone.setViewportSize({ width: NARROW, height: 800 });
  await open(phone, new URL(link).pathname);
  assert.equal(await phone.getByRole('button', { name: 'Logg ut' }).count(), 0, 'not logged in');
  assert.match(normalizeText(await phone.locator('h1').innerText()), /Evaluering av Fagdag om bostøtte/);
  await checkA11y(phone);

  // One question left out: refused there, the rest stays.
  for (const q of ['nytte', 'innhold', 'erfaringsdeling', 'gjennomforing']) {
    await phone.locator(`#sporsmal-${q}-4`).check();
  }
  await phone.getByLabel(/Hva var mest nyttig/).fill('Eksemplene fra Asker');
  await phone.getByRole('button', { name: 'Send' }).click();
  await phone.waitForLoadState();
  assert.match(normalizeText(await phone.locator('#sporsmal-bruk-feil').innerText()), /Svar på «I hvilken grad kommer du til å bruke/);
  assert.equal(await phone.getByLabel(/Hva var mest nyttig/).inputValue(), 'Eksemplene fra Asker');
  assert.equal(await phone.locator('#sporsmal-nytte-4').isChecked(), true);
  await checkA11y(phone);

  await phone.locator('#sporsmal-bruk-5').check();
  await phone.getByRole('button', { name: 'Send' }).click();
  await phone.waitForURL(/\/takk$/);
  assert.match(normalizeText(await phone.locator('#takk').innerText()), /Svaret ditt på evalueringen av Fagdag om bostøtte/);
  await checkA11y(phone);

  // The same phone cannot answer again.
  await open(phone, new URL(link).pathname);
  assert.match(normalizeText(await phone.locator('#skjema-status').innerText()), /allerede svart/);

  // Staff: one answer is too few to show.
  await open(staff, `${setup}/resultater`);
  assert.match(normalizeText(await staff.locator('#skjult').innerText()), /Det trengs 4 svar til/);
  await checkA11y(staff);
  await open(staff, '/laering/evalueringer');
  assert.match(normalizeText(await staff.locator('#arenatabell').innerText()), /Fagdag om bostøtte/);
  await checkA11y(staff);
});
