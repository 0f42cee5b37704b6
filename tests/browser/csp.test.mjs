// Browser test of the Content-Security-Policy: the pages that use scripts (search type-ahead,
// report autosave, the print buttons) work under the policy the server sends, and no page
// breaks it. The other browser tests bypass the policy to inject axe-core; this one does not,
// and checks axe-core through the DevTools protocol instead of a script tag.
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/   (scripts/test does this)

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';

import { checkA11y, launchBrowser, login, startServer } from './support.mjs';

const webRequire = createRequire(new URL('../../web/package.json', import.meta.url));
const axeSource = await readFile(webRequire.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on a page that enforces the policy: loaded through the DevTools protocol. */
async function checkA11yUnderPolicy(page) {
  await page.evaluate(axeSource);
  await checkA11y(page);
}

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

/** A page that keeps every policy violation and script error it meets. */
async function strictPage() {
  const context = await browser.newContext({ baseURL: server.url, locale: 'nb-NO' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  return { page, problems };
}

test('pages keep to the Content-Security-Policy and their scripts still work', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const { page, problems } = await strictPage();
  t.after(() => page.context().close());

  const first = await page.goto('/');
  const csp = first.headers()['content-security-policy'];
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /script-src 'self'/);

  await checkA11yUnderPolicy(page);

  // Search with the type-ahead script.
  await page.goto('/sok?q=bostedsløse');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await checkA11yUnderPolicy(page);

  // A published report: the print button is wired by the site's own script.
  await page.goto('/rapporter/publiserte');
  const first_report = page.locator('main a[href^="/rapporter/"]').first();
  await Promise.all([page.waitForURL(/\/rapporter\/\d+$/), first_report.click()]);
  const print = page.getByRole('button', { name: 'Skriv ut' });
  await print.waitFor({ state: 'visible' });
  await checkA11yUnderPolicy(page);

  // A recipient's report form with autosave.
  await login(page, server, 'demo-mottaker-asker');
  const start = page.locator('table.obligations tr', { hasText: 'Halvårsrapport 2026' }).first().getByRole('button', { name: /Start/ });
  await Promise.all([page.waitForURL(/\/rapporter\/\d+\/rediger$/), start.click()]);
  await page.getByLabel('Hva er gjort i perioden, sammenlignet med planen?').fill('Skrevet under en streng sikkerhetspolicy.');
  await page.locator('#autosave-status', { hasText: 'lagret automatisk' }).waitFor();
  await checkA11yUnderPolicy(page);

  // Enter in a field saves the draft: it neither sends the report in nor adds a table row.
  const rows = () => page.locator('table.input-table tbody tr').count();
  const before = await rows();
  await Promise.all([
    page.waitForURL(/\/rediger\?melding=lagret/),
    page.locator('form.report-form input[type=text]').first().press('Enter'),
  ]);
  assert.match(await page.locator('main').innerText(), /Utkastet er lagret\./);
  assert.equal(await rows(), before);
  await checkA11yUnderPolicy(page);

  assert.deepEqual(problems, [], `the pages broke the policy:\n${problems.join('\n')}`);
});
