// Browser test of common reporting: a recipient fills in and submits a report (with the
// autosave surviving a reload), the adviser returns it with a comment, the recipient corrects
// and resubmits it, and the adviser approves it. Then the administration pages. Every page
// visited is checked with axe-core (WCAG 2.1 A/AA).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/   (scripts/test does this)

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { checkA11y, launchBrowser, login, newPage, normalizeText, startServer } from './support.mjs';

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

async function logout(page) {
  await Promise.all([
    page.waitForURL(/\/logg-inn/),
    page.getByRole('button', { name: 'Logg ut' }).click(),
  ]);
}

async function text(page, selector) {
  return normalizeText(await page.locator(selector).innerText());
}

test('recipient submits, adviser returns, recipient resubmits, adviser approves', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  t.after(() => page.context().close());

  // 1. The recipient's start page reminds of the reports that are due.
  await login(page, server, 'demo-mottaker-asker');
  assert.match(await text(page, '#paminnelser'), /Rapporter som venter på dere/);
  await checkA11y(page);

  // 2. Start the half-year report for the Housing First team from the reporting table.
  const row = page.locator('table.obligations tr', { hasText: 'Eksempel: Housing First-team i Asker' }).filter({ hasText: 'Halvårsrapport 2026' });
  await Promise.all([page.waitForURL(/\/rapporter\/\d+\/rediger$/), row.getByRole('button', { name: /Start/ }).click()]);
  const editUrl = page.url();
  const reportUrl = editUrl.replace(/\/rediger$/, '');
  await checkA11y(page);

  // 3. Autosave: what is typed is saved without pressing anything, and is there after a reload.
  await page.getByLabel('Hva er gjort i perioden, sammenlignet med planen?').fill('Teamet startet i januar og har tatt inn åtte deltakere.');
  await page.locator('#autosave-status', { hasText: 'lagret automatisk' }).waitFor();
  await page.reload();
  assert.equal(
    await page.getByLabel('Hva er gjort i perioden, sammenlignet med planen?').inputValue(),
    'Teamet startet i januar og har tatt inn åtte deltakere.',
  );

  // 4. Sending it in half-done lists every missing field at once, and keeps what was typed.
  await page.getByRole('button', { name: 'Send inn rapporten' }).click();
  const summary = page.locator('.ds-error-summary');
  await summary.waitFor();
  const problems = await summary.locator('li').count();
  assert.ok(problems >= 6, `expected every missing field in the summary, got ${problems}`);
  assert.equal(
    await page.getByLabel('Hva er gjort i perioden, sammenlignet med planen?').inputValue(),
    'Teamet startet i januar og har tatt inn åtte deltakere.',
  );
  await checkA11y(page);
  // The summary links to the fields.
  await summary.getByRole('link', { name: /Hva har dere lært\?/ }).click();
  assert.equal(await page.evaluate(() => location.hash), '#f-laert');

  // 5. Fill in the rest and send it in.
  await page.getByLabel('Som planlagt').check();
  await page.locator('#f-mal-1-goal').fill('Deltakerne bor i egen bolig');
  await page.locator('#f-mal-1-assessment').fill('4');
  await page.locator('#f-indikatorer-1-name').fill('Deltakere i egen bolig');
  await page.locator('#f-indikatorer-1-target').fill('12');
  await page.locator('#f-indikatorer-1-actual').fill('8');
  // Both rows used, and a third indicator to come: «Legg til rad» (no script needed) saves the
  // draft and comes back with a new, empty row, keeping everything typed.
  assert.equal(await page.locator('#f-indikatorer-3-name').count(), 0);
  await page.locator('#f-indikatorer-2-name').fill('Utkastelser');
  await Promise.all([
    page.waitForURL(/melding=rad/),
    page.getByRole('button', { name: 'Legg til rad i «Indikatorer»' }).click(),
  ]);
  assert.equal(await page.locator('#f-indikatorer-1-name').inputValue(), 'Deltakere i egen bolig');
  assert.equal(await page.locator('#f-indikatorer-2-name').inputValue(), 'Utkastelser');
  assert.equal(await page.locator('#f-indikatorer-3-name').inputValue(), '');
  assert.equal(await page.evaluate(() => location.hash), '#f-indikatorer-3-name');
  assert.ok(await page.getByLabel('Som planlagt').isChecked(), 'what was chosen is kept');
  await checkA11y(page);
  await page.locator('#f-indikatorer-2-actual').fill('0');
  await page.getByLabel('Hva har dere lært?').fill('Oppfølging på kveldstid hindrer utkastelser.');
  await page.getByLabel('Hvilken praksis er endret?').fill('Teamet deltar i tildelingsmøtet.');
  await page.getByLabel('Hva ville dere gjort annerledes?').fill('Skaffet boliger tidligere.');
  await page.locator('#f-brukermedvirkning_grad-4').check();
  await page.getByLabel('Tildelt tilskudd').fill('500 000');
  await page.getByLabel('Brukt av tilskuddet').fill('380 000');
  // What version 2 of the template asks: purpose, themes and target groups (they build the
  // matrix «fra rapporter»), continuation, a dialogue meeting, and the public summary.
  await page.getByLabel('Hva er formålet med arbeidet, og hvilke mål i handlingsplanen hører det til?').fill('Bostedsløse skal få og beholde egen bolig (mål 2 i handlingsplanen).');
  await page.getByLabel('Hva vil vise at arbeidet har lyktes?').fill('Tolv deltakere bor i egen bolig.');
  await page.getByLabel('Brukerrelaterte metoder (oppfølging)', { exact: true }).check();
  await page.getByLabel('Bostedsløse', { exact: true }).check();
  await page.getByLabel('Delvis', { exact: true }).check();
  await page.getByLabel('Ja, vi ønsker et dialogmøte').check();
  await page.getByLabel('Kort sammendrag for offentligheten').fill('Et team følger opp bostedsløse i egen bolig.');
  await page.getByLabel('Ja, sammendraget kan publiseres').check();
  await checkA11y(page);
  // Sent while an autosave is under way (its answer held back here), the report waits for
  // that save and goes with the revision it gave, instead of being refused as changed by
  // someone else.
  await page.route('**/utkast', async (route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.fulfill({ response });
  });
  await page.getByLabel('Kort sammendrag for offentligheten').fill('Et team følger opp bostedsløse i egen bolig, også om kvelden.');
  await page.locator('#autosave-status', { hasText: 'Lagrer utkastet' }).waitFor();
  await Promise.all([page.waitForURL(/\/rapporter\/\d+\?melding=sendt$/), page.getByRole('button', { name: 'Send inn rapporten' }).click()]);
  await page.unroute('**/utkast');
  assert.match(await text(page, '.ds-alert[role="status"]'), /Rapporten er sendt inn/);
  assert.equal(await page.locator('[data-status="sendt"]').count(), 1);
  await checkA11y(page);
  await logout(page);

  // 6. The adviser returns it with a comment on one answer.
  await login(page, server, 'demo-radgiver-ost');
  await page.goto('/rapporter?status=til-vurdering');
  await checkA11y(page);
  await page.goto(reportUrl);
  await checkA11y(page);
  // One comment box per answer, each opened on demand: none is open to begin with.
  const boxes = page.locator('details.field-comment');
  assert.ok((await boxes.count()) > 10);
  assert.equal(await page.locator('details.field-comment[open]').count(), 0);
  assert.equal(await page.locator('textarea:visible').count(), 1, 'only the general comment is open');
  assert.equal(await page.getByLabel('Kommentar til «Hva har dere lært?»').isVisible(), false);
  await page.getByText('Kommenter svaret på «Hva har dere lært?»').click();
  assert.equal(await page.locator('details.field-comment[open]').count(), 1);
  await checkA11y(page);
  await page.getByLabel('Kommentar til «Hva har dere lært?»').fill('Skriv også hva dere lærte om samarbeidet med NAV.');
  await page.getByLabel('Samlet kommentar til mottakeren').fill('Godt arbeid, bare én ting.');
  await Promise.all([page.waitForURL(/melding=returnert/), page.getByRole('button', { name: 'Returner med kommentarer' }).click()]);
  assert.equal(await page.locator('[data-status="returnert"]').count(), 1);
  await checkA11y(page);
  await logout(page);

  // 7. The recipient sees the comment at the answer, corrects it and sends it in again.
  await login(page, server, 'demo-mottaker-asker');
  await page.goto(editUrl);
  assert.match(await text(page, '#retur'), /Godt arbeid, bare én ting\./);
  assert.match(await text(page, '#f-laert-kommentar'), /samarbeidet med NAV/);
  await checkA11y(page);
  await page.getByLabel('Hva har dere lært?').fill('Oppfølging på kveldstid hindrer utkastelser. Med en fast kontakt i NAV slapp deltakerne å gjenta historien sin.');
  await Promise.all([page.waitForURL(/melding=sendt/), page.getByRole('button', { name: 'Send inn rapporten' }).click()]);
  assert.equal(await page.locator('[data-status="sendt-pa-nytt"]').count(), 1);
  await logout(page);

  // 8. The adviser compares the versions and approves.
  await login(page, server, 'demo-radgiver-ost');
  await page.goto(`${reportUrl}/versjoner/2`);
  const diff = page.locator('table.diff-table tbody tr');
  assert.equal(await diff.count(), 1, 'only the corrected answer changed');
  assert.match(normalizeText(await diff.first().innerText()), /fast kontakt i NAV/);
  await checkA11y(page);
  await page.goto(reportUrl);
  await Promise.all([page.waitForURL(/melding=godkjent/), page.getByRole('button', { name: 'Godkjenn' }).click()]);
  assert.equal(await page.locator('[data-status="godkjent"]').count(), 1);
  assert.match(await text(page, '.ds-alert[role="status"]'), /lagt i kunnskapsbasen/);
  await checkA11y(page);

  // 9. The adviser sees the request for a dialogue meeting, books it and records it.
  assert.match(await text(page, '[data-dialogue="requested"]'), /Mottakeren ønsker et dialogmøte/);
  // The request is pointed out at the top, with a link down to the section.
  await page.getByRole('link', { name: 'Avtal dialogmøtet' }).click();
  assert.equal(await page.evaluate(() => location.hash), '#dialogmote');
  await page.getByText('Avtal dialogmøte', { exact: true }).click();
  await checkA11y(page);
  await page.getByLabel('Dato for dialogmøtet').fill('31.02.2027');
  await Promise.all([page.waitForURL(/\/dialogmote$/), page.getByRole('button', { name: 'Lagre dialogmøtet' }).click()]);
  assert.match(await text(page, '.dialogue-form .ds-error-summary'), /«31\.02\.2027» er ikke en dato/);
  await checkA11y(page);
  await page.getByLabel('Dato for dialogmøtet').fill('15.03.2027');
  await page.getByLabel('Hvem deltok?').fill('Programleder og rådgiver');
  await page.getByLabel('Referat').fill('Vi gikk gjennom læringsdelen og avtalte neste rapport.');
  await Promise.all([page.waitForURL(/melding=dialogmote/), page.getByRole('button', { name: 'Lagre dialogmøtet' }).click()]);
  assert.match(await text(page, '[data-dialogue="booked"]'), /avtalt til 15\.03\.2027/);
  await checkA11y(page);

  // 10. The matrix counts the report's themes «fra rapporter».
  await page.goto('/kunnskapsmatrise');
  const reported = page.locator('#from-reports-themes tr', { hasText: 'Brukerrelaterte metoder (oppfølging)' }).locator('[data-from-reports]');
  assert.equal(normalizeText(await reported.innerText()), '1');
  await checkA11y(page);
  await logout(page);

  // 11. The recipient sees the booked date, not the notes.
  await login(page, server, 'demo-mottaker-asker');
  await page.goto(reportUrl);
  assert.match(await text(page, '[data-dialogue="booked"]'), /avtalt til 15\.03\.2027/);
  assert.equal(await page.getByText('avtalte neste rapport').count(), 0);
  assert.equal(await page.getByLabel('Referat').count(), 0);
  await checkA11y(page);
});

test('login, own page and administration pages are accessible', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  t.after(() => page.context().close());
  // The public start page and a failed login.
  await page.goto('/');
  await checkA11y(page);
  await page.goto('/rapporter/publiserte');
  await checkA11y(page);
  // The footer's pages about the service, and a page that does not exist.
  for (const name of ['Tilgjengelighetserklæring', 'Personvernerklæring', 'Kontakt oss']) {
    await page.getByRole('contentinfo').getByRole('link', { name }).click();
    await page.locator('h1').waitFor();
    assert.match(await text(page, 'h1'), new RegExp(name.replace('Kontakt oss', 'Kontakt')));
    await checkA11y(page);
  }
  const missing = await page.goto('/finnes-ikke');
  assert.equal(missing.status(), 404);
  await checkA11y(page);
  await page.goto('/logg-inn');
  await page.getByLabel('Brukernavn').fill('demo-admin');
  await page.getByLabel('Passord').fill('feil passord');
  await page.getByRole('button', { name: 'Logg inn' }).click();
  assert.match(await text(page, '#innlogging-feil'), /Feil brukernavn eller passord/);
  assert.equal(await page.getByLabel('Brukernavn').inputValue(), 'demo-admin');
  await checkA11y(page);

  await login(page, server, 'demo-admin');
  for (const path of ['/min-side', '/admin', '/admin/brukere', '/admin/maler', '/admin/maler/1', '/admin/endringslogg?bruker=demo-radgiver-ost', '/rapporter', '/prosjekter/ost-eks-program/arssammendrag?ar=2025']) {
    const response = await page.goto(path);
    assert.equal(response.status(), 200, path);
    await checkA11y(page);
  }
  // A new password is asked for first, on a page of its own.
  await page.goto('/admin/brukere');
  await Promise.all([
    page.waitForURL(/\/admin\/brukere\/demo-leser\/nytt-passord$/),
    page.getByRole('link', { name: 'Nytt passord til demo-leser' }).click(),
  ]);
  assert.match(await text(page, 'h1'), /Gi brukeren nytt passord/);
  await checkA11y(page);
  await Promise.all([
    page.waitForURL(/\/admin\/brukere$/),
    page.getByRole('button', { name: 'Lag nytt passord' }).click(),
  ]);
  assert.equal(await page.locator('[data-secret="password"]').count(), 1);
  await checkA11y(page);
  await page.reload();
  assert.equal(await page.locator('[data-secret="password"]').count(), 0, 'shown once');
  // A new user with a missing office: the error is shown at the field.
  await page.goto('/admin/brukere');
  await page.getByLabel('Brukernavn').fill('ny.radgiver');
  await page.getByLabel('Fullt navn').fill('Ny Rådgiver');
  await page.getByLabel('Rolle').selectOption('radgiver');
  await page.getByRole('button', { name: 'Opprett bruker' }).click();
  await page.locator('.ds-error-summary').waitFor();
  assert.equal(await page.getByLabel('Brukernavn').inputValue(), 'ny.radgiver');
  await checkA11y(page);
});
