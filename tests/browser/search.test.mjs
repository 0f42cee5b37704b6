// Browser tests for Husk's knowledge base: start page → Søk → results with highlighted
// passages → a facet narrows them → a passage opens the document at that passage (:target);
// a corrected word is told, with the words as typed one click away; too long a search is
// refused at the field; the facet form without JavaScript; the document list and the upload
// form (a rejected file, then a good one). Every page visited is checked with axe-core (WCAG 2.1 A/AA).
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
const QUERY = 'housing first oppfølging rus';

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

/** The number of matching documents the results heading announces. */
async function totalDocuments(page) {
  const heading = page.locator('[data-total-documents]');
  assert.equal(await heading.count(), 1, `expected one [data-total-documents] (${await pageSummary(page)})`);
  return Number.parseInt(await heading.getAttribute('data-total-documents'), 10);
}

/**
 * A document-type facet checkbox that would narrow the current results: its count (in its
 * label) is positive and smaller than the number of matching documents.
 */
async function narrowingTypeFacet(page, total) {
  const boxes = page.locator('fieldset#sok-type input[type="checkbox"]');
  const n = await boxes.count();
  const seen = [];
  for (let i = 0; i < n; i += 1) {
    const box = boxes.nth(i);
    const id = await box.getAttribute('id');
    const label = normalizeText(await page.locator(`label[for="${id}"]`).innerText());
    const count = parseCount(label.slice(label.lastIndexOf('(')));
    seen.push(`${label}`);
    if (count > 0 && count < total) {
      return { box, id, value: await box.getAttribute('value'), label, count };
    }
  }
  assert.fail(`no document-type facet narrows ${total} documents (facets: ${JSON.stringify(seen)})`);
}

test('Søk → highlighted results → facet → passage opens as :target', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  // 1. Start page → main navigation "Søk".
  await open(page, '/');
  const navLink = page.getByRole('navigation').getByRole('link', { name: 'Søk', exact: true });
  assert.ok(
    (await navLink.count()) >= 1,
    `no link named "Søk" inside a navigation landmark on / (links: ${JSON.stringify(
      (await page.getByRole('link').allInnerTexts()).map(normalizeText),
    )})`,
  );
  await navLink.first().click();
  await page.waitForURL(/\/sok(?:[?#]|$)/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'nb', '<html lang> on /sok');
  await checkA11y(page);

  // 2. Search.
  const field = page.getByLabel('Søk i rapporter og forskning', { exact: true });
  assert.equal(await field.count(), 1, `expected one field labelled "Søk i rapporter og forskning" (${await pageSummary(page)})`);
  await field.fill(QUERY);
  await page.getByRole('search').getByRole('button', { name: 'Søk', exact: true }).click();
  await page.waitForURL(/[?&]q=/);
  assert.equal(new URL(page.url()).searchParams.get('q'), QUERY, `q= in ${page.url()}`);
  const results = page.locator('li.result');
  const shown = await results.count();
  assert.ok(shown > 0, `no results (li.result) for "${QUERY}" (${await pageSummary(page)})`);
  assert.ok((await page.locator('li.result mark').count()) > 0, 'no highlighted word (<mark>) in the results');
  const total = await totalDocuments(page);
  assert.ok(total >= 2, `"${QUERY}" should match several documents, the page says ${total}`);
  await checkA11y(page);

  // 3. Tick one document type and apply the filters.
  const facet = await narrowingTypeFacet(page, total);
  await facet.box.check();
  await page.getByRole('button', { name: 'Bruk filtrene', exact: true }).click();
  await page.waitForURL(/[?&]type=/);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('q'), QUERY, `the words stay in the search (${page.url()})`);
  assert.deepEqual(url.searchParams.getAll('type'), [facet.value], `type= in ${page.url()}`);
  const narrowed = await totalDocuments(page);
  assert.equal(narrowed, facet.count, `the facet "${facet.label}" promised ${facet.count} documents, the results have ${narrowed}`);
  assert.ok(narrowed < total, `results should narrow from ${total} documents, got ${narrowed}`);
  assert.equal(await page.locator('li.result').count(), narrowed, 'every matching document is listed');
  assert.ok(await page.locator(`#${facet.id}`).isChecked(), `the checkbox ${facet.id} should stay ticked`);
  await checkA11y(page);

  // 4. Open a passage: the document page opens with that passage as :target.
  const passageLink = page.locator('li.result a[href*="#avsnitt-"]').first();
  const href = await passageLink.getAttribute('href');
  const match = /^\/dokumenter\/(\d+)\?avsnitt=\d+#(avsnitt-\d+)$/.exec(href ?? '');
  assert.ok(match, `passage link ${JSON.stringify(href)} is not /dokumenter/<id>?avsnitt=<n>#avsnitt-<n>`);
  await passageLink.click();
  await page.waitForURL((u) => u.pathname === `/dokumenter/${match[1]}` && u.hash === `#${match[2]}`);
  await page.waitForLoadState('load');
  const target = await page.evaluate(() => {
    const el = document.querySelector(':target');
    if (!el) return null;
    const style = getComputedStyle(el);
    return { id: el.id, tag: el.tagName.toLowerCase(), background: style.backgroundColor, outline: style.outlineStyle };
  });
  assert.ok(target, `no :target element on ${page.url()}`);
  assert.equal(target.id, match[2], ':target is the linked passage');
  assert.equal(target.tag, 'section', 'the passage is a <section>');
  assert.ok(
    target.background !== 'rgba(0, 0, 0, 0)' || target.outline !== 'none',
    `the target passage should be visibly highlighted (background ${target.background}, outline ${target.outline})`,
  );
  const untargeted = await page.evaluate(
    (id) => {
      const other = [...document.querySelectorAll('section.passage')].find((s) => s.id !== id);
      return other ? getComputedStyle(other).backgroundColor : null;
    },
    match[2],
  );
  assert.notEqual(untargeted, target.background, 'only the target passage is highlighted');
  assert.ok((await page.locator('section.passage').count()) > 1, 'the document page shows all passages');
  await checkA11y(page);
});

test('a corrected word is told, and the words as typed are one click away', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  t.after(() => page.context().close());

  // Anonymous: anyone may search the public documents.
  await open(page, '/sok');
  await page.getByLabel('Søk i rapporter og forskning', { exact: true }).fill('bostedslshet');
  await page.getByRole('search').getByRole('button', { name: 'Søk', exact: true }).click();
  await page.waitForURL(/[?&]q=bostedslshet/);
  const notice = page.locator('#rettet-sok');
  assert.equal(await notice.count(), 1, `no correction notice (${await pageSummary(page)})`);
  const said = normalizeText(await notice.innerText());
  assert.ok(said.startsWith('Viser treff for «bostedsløshet».'), `the notice says ${JSON.stringify(said)}`);
  assert.ok((await page.locator('li.result').count()) > 0, 'the corrected word is found');
  await checkA11y(page);

  // The words exactly as typed: nothing found, and a way back to the corrected search.
  await notice.getByRole('link', { name: 'Søk bare etter «bostedslshet»', exact: true }).click();
  await page.waitForURL(/[?&]exact=1/);
  assert.equal(await page.locator('#rettet-sok').count(), 0, 'no correction on the exact search');
  assert.equal(await totalDocuments(page), 0, 'the misspelt word is in no document');
  const back = normalizeText(await page.locator('#eksakt-sok').innerText());
  assert.ok(back.startsWith('Søket gjelder bare ordene slik de er skrevet.'), `the exact search says ${JSON.stringify(back)}`);
  await checkA11y(page);
});

test('too long a search is refused at the field, with the words kept', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  t.after(() => page.context().close());

  await open(page, '/sok');
  const words = `${'bolig '.repeat(100)}kommune`;
  const field = page.getByLabel('Søk i rapporter og forskning', { exact: true });
  await field.fill(words);
  await page.getByRole('search').getByRole('button', { name: 'Søk', exact: true }).click();
  await page.waitForURL(/[?&]q=/);
  const message = normalizeText(await page.locator('#sok-q-feil').innerText());
  assert.match(message, /^Søket er for langt\. Det har 607 tegn, og et søk kan ha høyst 500\./, `the message at the field: ${JSON.stringify(message)}`);
  assert.equal(await field.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
  assert.equal(await field.inputValue(), words, 'what was typed stays in the field');
  const summary = normalizeText(await page.locator('.ds-error-summary').first().innerText());
  assert.match(summary, /Søket kunne ikke gjøres/, `the error summary says ${JSON.stringify(summary)}`);
  assert.equal(await page.locator('li.result').count(), 0, 'nothing was searched');
  await checkA11y(page);
});

test('search facets work without JavaScript', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url, javaScriptEnabled: false });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  await open(page, '/sok');
  await page.getByLabel('Søk i rapporter og forskning', { exact: true }).fill(QUERY);
  await page.getByRole('search').getByRole('button', { name: 'Søk', exact: true }).click();
  await page.waitForURL(/[?&]q=/);
  const total = await totalDocuments(page);
  const facet = await narrowingTypeFacet(page, total);
  await facet.box.check();
  await page.getByRole('button', { name: 'Bruk filtrene', exact: true }).click();
  await page.waitForURL(/[?&]type=/);
  assert.equal(await totalDocuments(page), facet.count, 'the facet narrows the results without JavaScript');
  assert.ok(await page.locator(`#${facet.id}`).isChecked(), 'the ticked facet stays ticked');
});

test('document list and upload form', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const page = await newPage(browser, { baseURL: server.url });
  await login(page, server, 'demo-radgiver-ost');
  t.after(() => page.context().close());

  // 1. Navigation → Dokumenter.
  await open(page, '/');
  await page.getByRole('navigation').getByRole('link', { name: 'Dokumenter', exact: true }).first().click();
  await page.waitForURL(/\/dokumenter(?:[?#]|$)/);
  const rows = page.locator('table#document-list tbody tr');
  assert.ok((await rows.count()) >= 5, `the five seed reports should be listed (${await pageSummary(page)})`);
  await checkA11y(page);

  // 2. "Last opp dokument" → the upload form.
  await page.getByRole('link', { name: 'Last opp dokument', exact: true }).click();
  await page.waitForURL(/\/dokumenter\/ny(?:[?#]|$)/);
  await checkA11y(page);

  // The adviser's office is filled in; the type is a choice to make.
  assert.equal(await page.locator('#doc-region').inputValue(), 'ost');
  assert.equal(await page.locator('#doc-doc_type').inputValue(), '');

  // 3. A text file named .pdf is refused with a message at the file field; typed input stays.
  await page.getByLabel('Tittel', { exact: true }).fill('Prøverapport fra nettleseren');
  await page.locator('#doc-doc_type').selectOption('veileder');
  await page.locator('input[type="file"][name="file"]').setInputFiles({
    name: 'rapport.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('Dette er ren tekst, ikke en PDF.\n', 'utf8'),
  });
  await page.getByRole('button', { name: 'Last opp', exact: true }).click();
  await page.waitForLoadState('load');
  const summary = page.locator('.ds-error-summary');
  await summary.first().waitFor({ state: 'visible', timeout: 10_000 });
  const summaryText = normalizeText(await summary.first().innerText());
  assert.match(summaryText, /rapport\.pdf/, `the error summary should name the file; it says ${JSON.stringify(summaryText)}`);
  assert.match(summaryText, /filendelse/i, `the error summary should explain the extension; it says ${JSON.stringify(summaryText)}`);
  assert.equal(
    await page.getByLabel('Tittel', { exact: true }).inputValue(),
    'Prøverapport fra nettleseren',
    'the title should be kept after the error',
  );
  assert.equal(await page.locator('#doc-doc_type').inputValue(), 'veileder', 'the type is kept');
  assert.equal(
    await page.locator('#doc-file').getAttribute('aria-invalid'),
    'true',
    'the file field should be marked invalid',
  );
  await checkA11y(page);

  // 4. A Markdown file is accepted and opens its document page.
  await page.locator('input[type="file"][name="file"]').setInputFiles({
    name: 'notat.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(
      '# Notat om bostøtte\n\nBostøtten hjelper husstander med lave inntekter og høye boutgifter. ' +
        'Notatet oppsummerer erfaringer fra kommunene med veiledning om bostøtte og startlån.\n',
      'utf8',
    ),
  });
  await page.getByRole('button', { name: 'Last opp', exact: true }).click();
  await page.waitForURL(/\/dokumenter\/\d+\?melding=lagt-til/);
  const status = normalizeText(await page.locator('[role="status"]').first().innerText());
  assert.match(status, /Dokumentet er lagt til \(\d+ avsnitt\)/, `confirmation: ${JSON.stringify(status)}`);
  assert.equal(normalizeText(await page.locator('h1').first().innerText()), 'Prøverapport fra nettleseren');
  await checkA11y(page);
});
