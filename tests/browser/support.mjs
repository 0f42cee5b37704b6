// Shared helpers for Husk's browser tests (node:test + playwright-core + axe-core).
//
// - startServer(): runs `$HUSK_BIN serve` on a free port over a fresh copy of a data dir that
//   `$HUSK_BIN demo` filled once per build of the binary (loading the demo takes seconds,
//   copying it milliseconds).
// - launchBrowser(): Debian's Chromium, headless, with the network chatter switched off.
// - newPage(browser): a fresh context + page with sensible timeouts.
// - login(page, server, username): logs in as a demo user through the login form.
// - checkA11y(page): checks the page as it is at both screen widths (1280 px and 390 px): no
//   sideways scrolling, no cut text, the menu button and the foldable filters on narrow
//   screens, and axe-core (WCAG 2.0/2.1 A + AA). The parts are exported too (checkAxe,
//   checkLayout, checkMenu, checkFilters, checkAtWidths).
//
// npm packages are resolved from web/node_modules (installed by `npm ci --prefix web`).

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const webRequire = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = webRequire('playwright-core');

const SERVER_START_TIMEOUT_MS = 60_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Children still running, killed on exit even if a test forgets to stop them. */
const liveChildren = new Set();
process.on('exit', () => {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * Starts `$HUSK_BIN serve --addr 127.0.0.1:0 --data-dir <tmp>` over a copy of the demo data and waits until
 * it prints its URL on stdout.
 * @returns {Promise<{ url: string, dataDir: string, stderr: () => string, stop: () => Promise<void> }>}
 */
export async function startServer({ extraArgs = [] } = {}) {
  const bin = process.env.HUSK_BIN;
  if (!bin) {
    throw new Error(
      'HUSK_BIN is not set: build the server (`cargo build -p husk`) and run ' +
        'HUSK_BIN=<target>/debug/husk node --test tests/browser/ (scripts/test does this)',
    );
  }
  const template = await demoTemplate(bin);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'husk-browser-'));
  await cp(template.dataDir, dataDir, { recursive: true });
  const args = ['serve', '--addr', '127.0.0.1:0', '--data-dir', dataDir, ...extraArgs];
  const child = spawn(bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  liveChildren.add(child);

  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  // Keep draining both pipes for the server's whole life so it never blocks on a full pipe.
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });

  const describe = () =>
    `command: ${bin} ${args.join(' ')}\n--- stdout ---\n${tail(stdout)}\n--- stderr ---\n${tail(stderr)}`;

  let exited = false;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      liveChildren.delete(child);
      resolve({ code, signal });
    });
  });

  const urlPromise = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      child.kill('SIGKILL');
      reject(
        new Error(
          `husk serve did not print its http:// URL on stdout within ${SERVER_START_TIMEOUT_MS / 1000} s\n${describe()}`,
        ),
      );
    }, SERVER_START_TIMEOUT_MS);
    const onData = () => {
      const match = /http:\/\/\S+/.exec(stdout);
      if (!match) return;
      cleanup();
      try {
        // Drop trailing punctuation such as "http://127.0.0.1:1234/." and any path.
        const found = new URL(match[0].replace(/[.,;:)\]}'"]+$/, ''));
        resolve(found.origin);
      } catch (err) {
        reject(new Error(`husk serve printed an unparsable URL ${JSON.stringify(match[0])}: ${err}\n${describe()}`));
      }
    };
    const onError = (err) => {
      cleanup();
      reject(new Error(`could not start ${bin}: ${err.message}\n${describe()}`));
    };
    const onExit = (code, signal) => {
      cleanup();
      // Let the last stderr chunk arrive before reporting.
      setTimeout(
        () =>
          reject(
            new Error(
              `husk serve exited (code ${code}, signal ${signal}) before printing its URL\n${describe()}`,
            ),
          ),
        50,
      );
    };
    function cleanup() {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('error', onError);
      child.off('exit', onExit);
    }
    child.stdout.on('data', onData);
    child.on('error', onError);
    child.on('exit', onExit);
  });

  let url;
  try {
    url = await urlPromise;
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }

  async function stop() {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exitPromise;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  }

  return { url, dataDir, passwords: { ...template.passwords }, stderr: () => stderr, stop };
}

/**
 * The data dir `$HUSK_BIN demo` filled, and the demo users' passwords it printed
 * ("  demo-admin  admin  passord: …"): made once per build of the binary (its path, size and
 * time) and kept in the temporary directory, so every test file copies the same one.
 */
async function demoTemplate(bin) {
  const info = await stat(bin);
  const key = Buffer.from(`${path.resolve(bin)}|${info.size}|${info.mtimeMs}`)
    .toString('base64url')
    .slice(-40);
  const dir = path.join(tmpdir(), `husk-browser-demo-${key}`);
  const outputFile = path.join(dir, 'demo-output.txt');
  let output;
  try {
    output = await readFile(outputFile, 'utf8');
  } catch {
    const building = await mkdtemp(path.join(tmpdir(), 'husk-browser-demo-new-'));
    await mkdir(path.join(building, 'data'));
    const { stdout } = await promisify(execFile)(
      bin,
      ['--data-dir', path.join(building, 'data'), 'demo'],
      { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024 },
    );
    await writeFile(path.join(building, 'demo-output.txt'), stdout);
    try {
      await rename(building, dir);
    } catch {
      // Another test file made it first: use theirs.
      await rm(building, { recursive: true, force: true });
    }
    output = await readFile(outputFile, 'utf8');
  }
  const passwords = {};
  for (const m of output.matchAll(/^\s+(\S+)\s+\S+\s+passord: (\S+)$/gm)) {
    passwords[m[1]] = m[2];
  }
  return { dataDir: path.join(dir, 'data'), passwords };
}

/**
 * Logs in through the login form as one of the demo users of `server`, and lands on the
 * start page.
 */
export async function login(page, server, username) {
  const password = server.passwords[username];
  if (!password) {
    throw new Error(`no password printed for ${username}; got ${Object.keys(server.passwords).join(', ')}`);
  }
  await page.goto('/logg-inn');
  await page.getByLabel('Brukernavn').fill(username);
  await page.getByLabel('Passord').fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/logg-inn')),
    page.getByRole('button', { name: 'Logg inn' }).click(),
  ]);
}

function tail(text, max = 4000) {
  const trimmed = text.trimEnd();
  if (!trimmed) return '(empty)';
  return trimmed.length > max ? `…${trimmed.slice(-max)}` : trimmed;
}

/** Launches headless Chromium (Debian's package; override with $CHROMIUM). */
export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  try {
    return await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  } catch (err) {
    throw new Error(
      `could not launch Chromium at ${executablePath} (install Debian's chromium package ` +
        `or set CHROMIUM): ${err.message}`,
    );
  }
}

/**
 * A page in a fresh browser context. `bypassCSP` lets checkA11y inject axe even when
 * the server sends a strict Content-Security-Policy.
 */
export async function newPage(browser, { baseURL, javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled,
    bypassCSP: true,
    locale: 'nb-NO',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  return page;
}

let axeSource;
async function axeScript() {
  axeSource ??= await readFile(webRequire.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** The two screen widths every page is checked at: a laptop and a phone. */
export const WIDE = 1280;
export const NARROW = 390;

/**
 * Checks the page as it is now at both screen widths, 1280 px and 390 px: the layout
 * (checkLayout), the menu button (checkMenu), the filters (checkFilters) and axe-core
 * (checkAxe). Leaves the page at the viewport it had, with its menus and filters as they were.
 * Throws one error listing every problem found.
 */
export async function checkA11y(page) {
  await checkAtWidths(page, [WIDE, NARROW], async (width) => {
    await checkLayout(page, width);
    await checkMenu(page, width);
    await checkFilters(page, width);
    await checkAxe(page);
  });
}

/**
 * Runs `check(width)` with the viewport set to each width in turn (the height is kept), and
 * restores the viewport afterwards. Errors name the width.
 */
export async function checkAtWidths(page, widths, check) {
  const before = page.viewportSize() ?? { width: WIDE, height: 720 };
  try {
    for (const width of widths) {
      await page.setViewportSize({ width, height: before.height });
      await settle(page);
      try {
        await check(width);
      } catch (err) {
        err.message = `at ${width} px: ${err.message}`;
        throw err;
      }
    }
  } finally {
    await page.setViewportSize(before);
    await settle(page);
  }
}

/**
 * Defines `window.__huskShown(el)` in the page: whether the element is rendered and not folded
 * away in a closed <details> (whose content the browser hides with content-visibility, which
 * `checkVisibility()` alone does not see).
 */
async function defineShown(page) {
  await page.evaluate(() => {
    window.__huskShown = (el) => {
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return false;
      for (let d = el.closest('details:not([open])'); d; d = d.parentElement?.closest('details:not([open])')) {
        const summary = d.querySelector(':scope > summary');
        if (summary && summary.contains(el)) continue;
        if (getComputedStyle(d, '::details-content').contentVisibility === 'hidden') return false;
      }
      const r = el.getBoundingClientRect();
      return r.width > 0 || r.height > 0;
    };
  });
}

/**
 * Polls `read()` until `done(value)` holds or two seconds have passed (Designsystemet's details
 * fold and unfold with a short transition), and returns the last value read.
 */
async function settled(page, read, done) {
  let value = await read();
  for (let i = 0; i < 20 && !done(value); i += 1) {
    await page.waitForTimeout(100);
    value = await read();
  }
  return value;
}

/** Waits for two frames, so that the layout after a resize or a click is done. */
async function settle(page) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

/**
 * Checks what a reader notices at the current width and throws listing every problem:
 * - the document scrolls sideways (`scrollWidth` wider than the window);
 * - text is cut: it runs past an element that clips it (overflow other than visible), except
 *   inside a wide table's own scroll region (a focusable element with role="region" and a
 *   name), and that only on a narrow screen, and never for a caption or a heading;
 * - at wide widths (at least 1280 px), anything scrolls sideways inside the page at all.
 */
export async function checkLayout(page, width = page.viewportSize()?.width ?? WIDE) {
  await defineShown(page);
  const problems = await page.evaluate((wide) => {
    const out = [];
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      for (const c of [...el.classList].slice(0, 2)) s += `.${c}`;
      return s;
    };
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) {
      out.push(`the page scrolls sideways: ${doc.scrollWidth} px wide in a ${window.innerWidth} px window`);
    }
    // Visually hidden text (the .ds-sr-only pattern) is meant to be clipped.
    const visuallyHidden = (el) => {
      for (let a = el; a; a = a.parentElement) {
        const cs = getComputedStyle(a);
        if (cs.clip === 'rect(0px, 0px, 0px, 0px)' || cs.clipPath === 'inset(50%)') return true;
        const r = a.getBoundingClientRect();
        if (cs.position === 'absolute' && r.width <= 1 && r.height <= 1) return true;
      }
      return false;
    };
    const scrollRegion = (el) =>
      el.tabIndex >= 0 &&
      el.getAttribute('role') === 'region' &&
      (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby'));
    // Sideways scrolling inside the page on a wide screen.
    if (wide) {
      for (const el of document.body.querySelectorAll('*')) {
        const cs = getComputedStyle(el);
        if (!['auto', 'scroll'].includes(cs.overflowX)) continue;
        if (el.scrollWidth > el.clientWidth + 1 && window.__huskShown(el)) {
          out.push(`${describe(el)} scrolls sideways: ${el.scrollWidth} px of content in ${el.clientWidth} px`);
        }
      }
    }
    // Text cut by an element that clips it.
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.replace(/\s+/g, ' ').trim();
      if (!text) continue;
      const el = node.parentElement;
      if (!el || el.closest('textarea, select, script, style, template')) continue;
      if (!window.__huskShown(el) || visuallyHidden(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      if (rects.length === 0) continue;
      const important = el.closest('caption, h1, h2, h3, h4, h5, h6, summary, label, legend');
      for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
        const cs = getComputedStyle(a);
        const clipsX = cs.overflowX !== 'visible';
        const clipsY = cs.overflowY !== 'visible';
        if (!clipsX && !clipsY && a !== document.body) continue;
        const box = a === document.body ? { left: 0, right: window.innerWidth, top: -Infinity, bottom: Infinity } : a.getBoundingClientRect();
        const cut = rects.some(
          (r) =>
            ((clipsX || a === document.body) && (r.right > box.right + 1 || r.left < box.left - 1)) ||
            (clipsY && (r.bottom > box.bottom + 1 || r.top < box.top - 1)),
        );
        if (!cut) continue;
        if (!wide && !important && scrollRegion(a)) break;
        const key = `${describe(a)}|${describe(el)}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push(`text cut by ${describe(a)}: ${describe(el)} «${text.slice(0, 60)}»`);
        }
        break;
      }
    }
    return out;
  }, width >= WIDE);
  if (problems.length > 0) {
    const shown = problems.slice(0, 15);
    if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more`);
    throw new Error(`layout problems on ${page.url()}:\n- ${shown.join('\n- ')}`);
  }
}

/** The main menu's links, and the button that opens the menu on narrow screens. */
function menuParts(page) {
  return {
    // By markup, not by role: a folded menu is not in the accessibility tree.
    links: page.locator('nav[aria-label="Hovedmeny"] a'),
    button: page.locator('header summary, header button[aria-expanded]').filter({ hasText: /Meny/ }),
  };
}

/**
 * The main menu: on a wide screen its links are shown and there is no menu button; on a narrow
 * screen (390 px) the links are hidden behind a visible «Meny» button, which opens the
 * menu (every link shown) and closes it again.
 */
export async function checkMenu(page, width = page.viewportSize()?.width ?? WIDE) {
  await defineShown(page);
  const { links, button } = menuParts(page);
  const count = await links.count();
  assert.ok(count > 0, `no links in the navigation «Hovedmeny» on ${page.url()}`);
  const visibleLinks = async () =>
    (await links.evaluateAll((as) => as.map((a) => window.__huskShown(a)))).filter(Boolean).length;
  const buttonVisible = (await button.count()) > 0 && (await button.first().isVisible());
  if (width >= WIDE) {
    assert.equal(await visibleLinks(), count, `every menu link should be visible at ${width} px on ${page.url()}`);
    assert.ok(!buttonVisible, `no menu button should be shown at ${width} px on ${page.url()}`);
    return;
  }
  assert.ok(buttonVisible, `a visible «Meny» button in the header is expected at ${width} px on ${page.url()}`);
  const wasOpen = (await visibleLinks()) > 0;
  if (wasOpen) await button.first().click();
  assert.equal(
    await settled(page, visibleLinks, (n) => n === 0),
    0,
    `the menu links should be hidden until «Meny» is pressed on ${page.url()}`,
  );
  await button.first().click();
  assert.equal(
    await settled(page, visibleLinks, (n) => n === count),
    count,
    `«Meny» should show every menu link on ${page.url()}`,
  );
  if (!wasOpen) {
    await button.first().click();
    assert.equal(
      await settled(page, visibleLinks, (n) => n === 0),
      0,
      `pressing «Meny» again should close the menu on ${page.url()}`,
    );
  }
}

/** Selects, checkboxes and radio buttons of GET forms in <main>: a list's filters. */
const FILTER_CONTROLS = 'main select, main input[type="checkbox"], main input[type="radio"]';

/** Names of the filter controls that are visible now (`visible`) or hidden now. */
async function filterControls(page) {
  await defineShown(page);
  return page.locator(FILTER_CONTROLS).evaluateAll((els) =>
    els
      .filter((el) => el.form && el.form.method === 'get')
      .map((el) => ({ name: el.name || el.id, visible: window.__huskShown(el) })),
  );
}

/**
 * The filters of a list (the selects, checkboxes and radio buttons of a GET form in <main>): on
 * a wide screen they are shown; on a narrow screen they are folded away in a closed <details>
 * whose <summary> unfolds them (and folds them again). Pages without filters pass.
 */
export async function checkFilters(page, width = page.viewportSize()?.width ?? WIDE) {
  const controls = await filterControls(page);
  if (controls.length === 0) return;
  const names = (list) => [...new Set(list.map((c) => c.name))];
  if (width >= WIDE) {
    assert.deepEqual(
      names(controls.filter((c) => !c.visible)),
      [],
      `filters hidden at ${width} px on ${page.url()}`,
    );
    return;
  }
  const shownNames = async () => names((await filterControls(page)).filter((c) => c.visible));
  assert.deepEqual(
    await settled(page, shownNames, (list) => list.length === 0),
    [],
    `filters should be folded away at ${width} px on ${page.url()}`,
  );
  const folds = page.locator('main details').filter({
    has: page.locator('select, input[type="checkbox"], input[type="radio"]'),
  });
  const n = await folds.count();
  assert.ok(n > 0, `no <details> unfolds the filters at ${width} px on ${page.url()}`);
  for (let k = 0; k < n; k += 1) {
    const summary = folds.nth(k).locator(':scope > summary');
    const shownHere = () =>
      folds
        .nth(k)
        .locator('select, input[type="checkbox"], input[type="radio"]')
        .evaluateAll((els) => els.filter((el) => window.__huskShown(el)).length);
    await summary.click();
    assert.ok(
      (await settled(page, shownHere, (m) => m > 0)) > 0,
      `«${normalizeText(await summary.innerText())}» did not unfold the filters on ${page.url()}`,
    );
    await summary.click();
    assert.equal(
      await settled(page, shownHere, (m) => m === 0),
      0,
      `«${normalizeText(await summary.innerText())}» did not fold the filters again on ${page.url()}`,
    );
  }
}

/**
 * Runs axe-core on the page (WCAG 2.0 + 2.1, levels A and AA) at the current width and throws
 * an error listing every violation.
 */
export async function checkAxe(page) {
  const already = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!already) {
    await page.addScriptTag({ content: await axeScript() });
  }
  const results = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      count: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      summary: v.nodes[0]?.failureSummary ?? '',
    }));
  }, AXE_TAGS);
  if (results.length > 0) {
    const lines = results.map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help} [${v.count} node(s)]\n` +
        `    targets: ${v.targets.join(' | ')}${v.count > 3 ? ' | …' : ''}\n` +
        `    ${v.summary.replace(/\n/g, '\n    ')}`,
    );
    throw new Error(
      `axe found ${results.length} accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`,
    );
  }
}

/** Opens `path`, asserts a 2xx response and returns the response. */
export async function open(page, path) {
  const response = await page.goto(path);
  assert.ok(response, `no response for ${path}`);
  assert.ok(
    response.ok(),
    `GET ${path} answered ${response.status()} ${response.statusText()}: ${normalizeText(
      await page.locator('body').innerText().catch(() => ''),
    ).slice(0, 300)}`,
  );
  return response;
}

/** Describes the page briefly for failure messages. */
export async function pageSummary(page) {
  const title = await page.title().catch(() => '');
  const h1 = await page
    .locator('h1')
    .allInnerTexts()
    .catch(() => []);
  return `url=${page.url()} title=${JSON.stringify(title)} h1=${JSON.stringify(h1)}`;
}

/** Text content with whitespace collapsed (incl. non-breaking spaces). */
export function normalizeText(text) {
  return (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/** Parses an integer shown in Norwegian formatting ("1 234", "57 prosjekter"). */
export function parseCount(text) {
  const digits = normalizeText(text).match(/\d[\d \u00a0\u202f.]*/);
  if (!digits) return NaN;
  return Number.parseInt(digits[0].replace(/[^\d]/g, ''), 10);
}
