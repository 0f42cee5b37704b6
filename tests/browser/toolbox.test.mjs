// Browser tests for the toolbox (verktøykasse): an adviser opens the catalogue, uses the
// chooser (a situation without a need is refused at its field and the other choices stay; then
// the tools are ranked with why each fits) and reads a guide with who uses the tool and its
// versions; the public reads a published guide without logging in. Every page is checked at
// 1280 and 390 px: the layout, the menu and axe-core. The chooser's own form is the page's
// content, not a list's filters, so it is not folded away on a phone (no checkFilters there).
//
// Run: HUSK_BIN=<target>/debug/husk node --test tests/browser/toolbox.test.mjs

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  NARROW,
  WIDE,
  checkA11y,
  checkAtWidths,
  checkAxe,
  checkLayout,
  checkMenu,
  launchBrowser,
  login,
  newPage,
  normalizeText,
  open,
  startServer,
} from './support.mjs';

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

/** Layout, menu and axe at both widths, without the list-filter check. */
async function checkPage(page) {
  await checkAtWidths(page, [WIDE, NARROW], async (width) => {
    await checkLayout(page, width);
    await checkMenu(page, width);
    await checkAxe(page);
  });
}

test('an adviser chooses a tool and reads its guide; the public reads a published guide', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-vest');
  t.after(() => page.context().close());

  await open(page, '/verktoykasse');
  assert.equal(normalizeText(await page.locator('h1').innerText()), 'Verktøykasse');
  assert.match(normalizeText(await page.locator('#antall-verktoy').innerText()), /^63 verktøy/);
  await checkA11y(page);

  // The chooser: no need chosen is refused at its field; the partner chosen stays.
  await page.getByRole('link', { name: 'Velg et verktøy for situasjonen din' }).click();
  await page.waitForURL(/\/verktoykasse\/velg$/);
  await checkPage(page);
  await page.getByLabel('Hvem skal dere samarbeide med?').selectOption('kommuner');
  await page.getByRole('button', { name: 'Finn verktøy' }).click();
  await page.waitForURL(/need=/);
  assert.match(normalizeText(await page.locator('#velg-need-feil').innerText()), /Velg hva dere trenger et verktøy til/);
  assert.equal(await page.getByLabel('Hvem skal dere samarbeide med?').inputValue(), 'kommuner');
  await checkPage(page);

  await page.getByLabel('Hva trenger dere et verktøy til?').selectOption('starte-nettverk');
  await page.getByLabel('Internt i Husbanken eller eksternt?').selectOption('eksternt');
  await page.getByRole('button', { name: 'Finn verktøy' }).click();
  await page.waitForURL(/need=starte-nettverk/);
  const first = page.locator('#forslagsliste > li').first();
  assert.equal(normalizeText(await first.locator('h3').innerText()), 'Læringsnettverk');
  assert.match(normalizeText(await first.locator('.tool-choice__why').innerText()), /^Læringsnettverk passer til å starte et nettverk, egner seg med kommuner/);
  await checkPage(page);

  // The guide: Husk's own label, the steps, whom to ask, the versions.
  await first.getByRole('link', { name: 'Læringsnettverk' }).click();
  await page.waitForURL(/\/verktoykasse\/\d+$/);
  const guideUrl = new URL(page.url()).pathname;
  assert.equal(normalizeText(await page.locator('#veiledning-merke').innerText()), 'Veiledning skrevet i Husk, ikke fra rapportene');
  assert.match(normalizeText(await page.locator('.tool-steps').innerText()), /Formuler mandatet/);
  assert.match(normalizeText(await page.locator('#sporre').innerText()), /Spør Region vest og Region Midt-Norge/);
  assert.match(normalizeText(await page.locator('#versjonstabell').innerText()), /Versjon 1/);
  await checkA11y(page);

  // The usage statistics.
  await open(page, '/verktoykasse/bruk');
  assert.match(normalizeText(await page.locator('#ubrukteliste').innerText()), /Veiledninger: Region sør og Region Bodø bruker det/);
  await checkA11y(page);

  // The public reads the published guide without logging in, and nothing internal.
  const anon = await newPage(browser, { baseURL: server.url });
  t.after(() => anon.context().close());
  await open(anon, guideUrl);
  assert.equal(normalizeText(await anon.locator('h1').innerText()), 'Læringsnettverk');
  assert.equal(await anon.locator('#versjonstabell').count(), 0);
  await checkA11y(anon);
});
