// Browser tests for Husk's web UI: start page → knowledge matrix → project list →
// project page, the matrix filter form without JavaScript, and the project form's
// validation. Every page visited is checked with axe-core (WCAG 2.1 A/AA).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/   (scripts/test does this)

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  checkA11y,
  launchBrowser,
  login,
  newPage,
  open,
  pageSummary,
  normalizeText,
  parseCount,
  startServer,
} from './support.mjs';

const TEST_TIMEOUT_MS = 120_000;

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

test('start page → Kunnskapsmatrise → project list → project page', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  // 1. Start page.
  await open(page, '/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'nb', '<html lang> on /');
  const h1s = page.locator('h1');
  assert.ok((await h1s.count()) >= 1, `expected an <h1> on / (${await pageSummary(page)})`);
  assert.notEqual(normalizeText(await h1s.first().innerText()), '', '<h1> on / is empty');
  const projectsFigure = page.locator('[data-figure="projects"]');
  assert.equal(
    await projectsFigure.count(),
    1,
    `expected one [data-figure="projects"] key figure on / (${await pageSummary(page)})`,
  );
  const projectCount = parseCount(await projectsFigure.innerText());
  assert.ok(
    projectCount >= 57,
    `[data-figure="projects"] shows ${JSON.stringify(await projectsFigure.innerText())}; the demo has at least 57 projects`,
  );
  await checkA11y(page);

  // 2. Main navigation → Kunnskapsmatrise.
  const navLink = page.getByRole('navigation').getByRole('link', { name: 'Kunnskapsmatrise', exact: true });
  assert.ok(
    (await navLink.count()) >= 1,
    `no link named "Kunnskapsmatrise" inside a navigation landmark on / (links on page: ${JSON.stringify(
      (await page.getByRole('link').allInnerTexts()).map(normalizeText),
    )})`,
  );
  await navLink.first().click();
  await page.waitForURL(/\/kunnskapsmatrise(?:[?#]|$)/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'nb', '<html lang> on /kunnskapsmatrise');
  const matrix = page.locator('table#matrix');
  assert.equal(await matrix.count(), 1, `expected <table id="matrix"> (${await pageSummary(page)})`);
  const themeRows = matrix.locator('tbody tr[data-theme]');
  assert.equal(await themeRows.count(), 12, 'expected 12 theme rows (tbody tr[data-theme]) in #matrix');
  const rowInfo = await themeRows.evaluateAll((rows) =>
    rows.map((row) => ({
      theme: row.getAttribute('data-theme'),
      rowHeaders: row.querySelectorAll(':scope > th[scope="row"]').length,
    })),
  );
  const missingHeaders = rowInfo.filter((r) => r.rowHeaders !== 1).map((r) => r.theme);
  assert.deepEqual(missingHeaders, [], 'theme rows without exactly one th[scope=row]');
  assert.equal(new Set(rowInfo.map((r) => r.theme)).size, 12, 'data-theme values of the rows are not distinct');
  await checkA11y(page);

  // 3. Cell: tildeling-bosetting × programkommune → project list.
  const cell = matrix.locator('td a[data-theme="tildeling-bosetting"][data-recipient-type="programkommune"]');
  assert.equal(
    await cell.count(),
    1,
    `expected one cell link td a[data-theme="tildeling-bosetting"][data-recipient-type="programkommune"] in #matrix ` +
      `(cell links present: ${JSON.stringify(
        await matrix
          .locator('td a[data-theme]')
          .evaluateAll((as) => as.slice(0, 20).map((a) => `${a.dataset.theme}×${a.dataset.recipientType}=${a.textContent.trim()}`)),
      )})`,
  );
  const cellText = await cell.innerText();
  const n = parseCount(cellText);
  assert.ok(Number.isInteger(n) && n > 0, `cell link text ${JSON.stringify(cellText)} is not a positive count`);
  await cell.click();
  await page.waitForURL(/\/prosjekter\?/);
  const listUrl = new URL(page.url());
  assert.equal(listUrl.pathname, '/prosjekter');
  assert.equal(listUrl.searchParams.get('theme'), 'tildeling-bosetting', `theme= in ${page.url()}`);
  assert.equal(listUrl.searchParams.get('recipient_type'), 'programkommune', `recipient_type= in ${page.url()}`);
  const list = page.locator('table#project-list');
  assert.equal(await list.count(), 1, `expected <table id="project-list"> (${await pageSummary(page)})`);
  assert.equal(
    await list.locator('tbody tr').count(),
    n,
    `#project-list body rows should equal the matrix cell count ${n}`,
  );
  await checkA11y(page);

  // 4. First project's title link → project page.
  const linkIndex = await list.locator('tbody tr').first().locator('a').evaluateAll((anchors) =>
    anchors.findIndex((a) => /^\/prosjekter\/[^/]+\/?$/.test(new URL(a.href).pathname) && !/\/ny\/?$/.test(a.href)),
  );
  assert.ok(linkIndex >= 0, 'first row of #project-list has no link to /prosjekter/<id>');
  const titleLink = list.locator('tbody tr').first().locator('a').nth(linkIndex);
  const title = normalizeText(await titleLink.innerText());
  assert.notEqual(title, '', 'project title link text is empty');
  await titleLink.click();
  await page.waitForURL(/\/prosjekter\/[^/?#]+\/?(?:[?#]|$)/);
  assert.ok((await page.locator('h1').count()) >= 1, `expected an <h1> on the project page (${await pageSummary(page)})`);
  assert.equal(
    normalizeText(await page.locator('h1').first().innerText()),
    title,
    `project page <h1> should equal the list's title link text (${await pageSummary(page)})`,
  );
  await checkA11y(page);
});

test('Kunnskapsmatrise filter form works without JavaScript', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  // Interact with JavaScript disabled; axe (which needs JS) runs on the same URLs in a normal page.
  const page = await newPage(browser, { baseURL: server.url, javaScriptEnabled: false });
  await login(page, server, 'demo-radgiver-ost');
  const a11yPage = await newPage(browser, { baseURL: server.url });
  await login(a11yPage, server, 'demo-radgiver-ost');
  t.after(async () => {
    await page.context().close();
    await a11yPage.context().close();
  });

  await open(page, '/kunnskapsmatrise');
  const totalFigure = page.locator('[data-figure="matrix-total"]');
  assert.equal(
    await totalFigure.count(),
    1,
    `expected one [data-figure="matrix-total"] on /kunnskapsmatrise (${await pageSummary(page)})`,
  );
  const totalAll = parseCount(await totalFigure.innerText());
  assert.ok(totalAll > 0, `matrix total ${JSON.stringify(await totalFigure.innerText())} is not a positive number`);
  await open(a11yPage, page.url());
  await checkA11y(a11yPage);

  const region = page.locator('select[name="region"]');
  assert.equal(await region.count(), 1, 'expected one <select name="region"> on /kunnskapsmatrise');
  const options = await region.locator('option').allInnerTexts();
  assert.ok(
    options.map(normalizeText).includes('Region vest'),
    `<select name="region"> has no option "Region vest" (options: ${JSON.stringify(options.map(normalizeText))})`,
  );
  await region.selectOption({ label: 'Region vest' });
  const submit = page.locator('form').filter({ has: region }).getByRole('button', { name: 'Vis', exact: true });
  assert.equal(await submit.count(), 1, 'expected one button "Vis" in the form that holds <select name="region">');
  await submit.click();
  await page.waitForURL(/[?&]region=vest(?:&|$)/);
  assert.equal(new URL(page.url()).searchParams.get('region'), 'vest', `region= in ${page.url()}`);
  const totalVest = parseCount(await page.locator('[data-figure="matrix-total"]').innerText());
  assert.ok(
    totalVest < totalAll,
    `matrix total for region=vest (${totalVest}) should be smaller than the unfiltered total (${totalAll})`,
  );
  assert.equal(
    await page.locator('select[name="region"]').inputValue(),
    'vest',
    'the region filter should stay selected after submitting',
  );
  await open(a11yPage, page.url());
  await checkA11y(a11yPage);
});

test('project form keeps typed input on a validation error', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/prosjekter/ny');
  await checkA11y(page);

  const titleField = page.getByLabel('Tittel', { exact: true });
  assert.equal(await titleField.count(), 1, `expected one field labelled "Tittel" on /prosjekter/ny (${await pageSummary(page)})`);
  await titleField.fill('Test av skjema');
  const form = page.locator('form').filter({ has: titleField });
  const save = form.getByRole('button', { name: 'Lagre', exact: true });
  assert.equal(await save.count(), 1, 'expected one button "Lagre" in the project form');
  const urlBefore = page.url();
  await save.click();
  await page.waitForLoadState('load');

  const summary = page.locator('[role="alert"], .ds-error-summary');
  try {
    await summary.first().waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    // Explain why: most likely the browser's own constraint validation (e.g. `required`)
    // stopped the submit, so the server's error summary never came.
    const invalid = await page
      .locator('form :invalid')
      .evaluateAll((els) => els.map((e) => `${e.tagName.toLowerCase()}[name=${e.getAttribute('name')}]: ${e.validationMessage}`))
      .catch(() => []);
    assert.fail(
      `no error summary ([role="alert"] or .ds-error-summary) after submitting with an empty start year ` +
        `(url before=${urlBefore}, ${await pageSummary(page)}; fields the browser considers :invalid: ${JSON.stringify(invalid)})`,
    );
  }
  const summaryText = normalizeText((await summary.allInnerTexts()).join(' '));
  assert.match(summaryText, /startår/i, `error summary should mention "startår"; it says ${JSON.stringify(summaryText)}`);
  assert.equal(
    await page.getByLabel('Tittel', { exact: true }).inputValue(),
    'Test av skjema',
    'the Tittel field should keep the typed value after the validation error',
  );
  await checkA11y(page);
});
