// Browser tests for the import's code page and the paged project list: the import page links
// the code page and the templates, the code page lists columns and codes, and the project
// list's page links keep the filters. Every page visited is checked with axe-core at a desktop
// width and at 390 px.
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/   (scripts/test does this)

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  checkA11y,
  launchBrowser,
  login,
  newPage,
  normalizeText,
  open,
  pageSummary,
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

/** Runs axe at 1280 px and at 390 px. */
async function checkBothWidths(page) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await checkA11y(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await checkA11y(page);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('import page → code page with every column and code', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/import');
  for (const href of ['/import/mal/prosjekter.xlsx', '/import/mal/tilskudd.xlsx']) {
    assert.ok((await page.locator(`a[href="${href}"]`).count()) >= 1, `a link to ${href} on /import`);
  }
  await checkBothWidths(page);

  await page.getByRole('link', { name: 'kolonner og koder for import' }).first().click();
  await page.waitForURL(/\/import\/koder$/);
  assert.equal(
    normalizeText(await page.locator('h1').innerText()),
    'Kolonner og koder for import',
    await pageSummary(page),
  );
  const region = page.locator('tr', { has: page.locator('th', { hasText: 'Ansvarlig kontor' }) });
  assert.match(normalizeText(await region.first().innerText()), /Ansvarlig kontor region Ja/);
  const codes = page.locator('#kode-region + .table-scroll tbody tr');
  assert.equal(await codes.count(), 7, 'seven offices with their codes');
  assert.equal(normalizeText(await codes.first().innerText()), 'Region øst ost');
  await checkBothWidths(page);
});

test('the project list comes in pages whose links keep the filters', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/prosjekter?from=2000');
  const heading = parseCount(await page.locator('#resultat').innerText());
  const rows = page.locator('#project-list tbody tr');
  assert.ok(heading > 50, `the demo register is longer than a page (${await pageSummary(page)})`);
  assert.equal(await rows.count(), 50, 'the first page holds 50 entries');
  const nav = page.getByRole('navigation', { name: 'Sider i listen' });
  assert.match(normalizeText(await nav.innerText()), new RegExp(`Viser 1–50 av ${heading}`));
  await checkBothWidths(page);
  await nav.getByRole('link', { name: /Neste/ }).click();
  await page.waitForURL(/side=2/);
  assert.match(page.url(), /from=2000/, 'the filter is kept');
  assert.equal(await rows.count(), Math.min(50, heading - 50));
  await checkBothWidths(page);
});
