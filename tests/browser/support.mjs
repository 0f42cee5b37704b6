// Shared helpers for Husk's browser tests (node:test + playwright-core + axe-core).
//
// - startServer(): runs `$HUSK_BIN serve --demo` on a free port with a fresh data dir.
// - launchBrowser(): Debian's Chromium, headless, with the network chatter switched off.
// - newPage(browser): a fresh context + page with sensible timeouts.
// - login(page, server, username): logs in as a demo user through the login form.
// - checkA11y(page): runs axe-core (WCAG 2.0/2.1 A + AA) and throws on violations.
//
// npm packages are resolved from web/node_modules (installed by `npm ci --prefix web`).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
 * Starts `$HUSK_BIN serve --demo --addr 127.0.0.1:0 --data-dir <tmp>` and waits until
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
  const dataDir = await mkdtemp(path.join(tmpdir(), 'husk-browser-'));
  const args = ['serve', '--demo', '--addr', '127.0.0.1:0', '--data-dir', dataDir, ...extraArgs];
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

  // The demo prints its users' passwords before the address: "  demo-admin  admin  passord: …".
  const passwords = {};
  for (const m of stdout.matchAll(/^\s+(\S+)\s+\S+\s+passord: (\S+)$/gm)) {
    passwords[m[1]] = m[2];
  }

  return { url, dataDir, passwords, stderr: () => stderr, stop };
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

/**
 * Runs axe-core on the page (WCAG 2.0 + 2.1, levels A and AA) and throws an error
 * listing every violation.
 */
export async function checkA11y(page) {
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
