// SPDX-License-Identifier: MIT
// Shared by the browser tests: Debian's chromium driven by playwright-core (no browser
// download), the native CLI whose answers the pages must give, axe-core, a loopback server.
//
// Environment: CARECOMPARE_CLI (the native CLI; default build/dev/src/carecompare),
// CHROMIUM (default /usr/bin/chromium), CARECOMPARE_WEB_OUT (screenshots, pages, figures;
// default build/js/web).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

import { makePage } from '../bin/carecompare-page.js';
import { Catalog } from '../src/node.js';
import { ROOT } from '../test/support.js';

export { ROOT };
const require = createRequire(import.meta.url);
export const AXE = require.resolve('axe-core/axe.min.js');
export const CLI = process.env.CARECOMPARE_CLI || join(ROOT, 'build/dev/src/carecompare');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const OUT = process.env.CARECOMPARE_WEB_OUT || join(ROOT, 'build/js/web');
export const SHOTS = join(OUT, 'screenshots');
/** A test catalog on another topic than cancer, with a fact of every type. */
export const KNEE = join(ROOT, 'tests/data/page/knee.json');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

mkdirSync(SHOTS, { recursive: true });
const missing = [[CLI, 'the native CLI (cmake --build build/dev --target carecompare_cli)'], [CHROMIUM, 'chromium (apt-get install chromium)']]
  .filter(([path]) => !existsSync(path)).map(([, what]) => what);
if (missing.length) throw new Error(`browser tests need ${missing.join(' and ')}`);

/**
 * Writes the one-file page of a catalog (`source`: null for the builtin one, a file name, or
 * plain values) to OUT/`name`, with makePage's `options`; returns its path and its HTML.
 */
export function writePage(name, source = null, options = {}) {
  const catalog = source === null ? Catalog.builtin()
    : Catalog.fromJSON(typeof source === 'string' ? readFileSync(source, 'utf8') : source);
  try {
    const html = makePage(catalog, options);
    const path = join(OUT, name);
    writeFileSync(path, html);
    return { path, html };
  } finally {
    catalog.dispose();
  }
}

/** What the native C++ CLI says for these answers. */
export function native(answers, catalogFile) {
  const args = ['show', '--format', 'json'];
  if (catalogFile) args.push('--catalog', catalogFile);
  for (const s of answers.sites || []) args.push('--site', s);
  for (const s of answers.symptoms || []) args.push('--symptom', s);
  for (const g of answers.goals || []) args.push('--goal', g);
  for (const [k, v] of Object.entries(answers.facts || {})) args.push('--fact', `${k}=${JSON.stringify(v)}`);
  for (const l of answers.open || []) args.push('--open', l);
  for (const l of answers.not_answered || []) args.push('--not-answered', l);
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8' }));
}

/**
 * One chromium for the file's tests, launched before them and closed after. `problems`
 * collects the console errors and warnings and the page errors of the pages opened with
 * `open()` (a file's last test asserts there are none).
 */
export function useBrowser() {
  const ctx = { browser: null, problems: [] };
  before(async () => {
    ctx.browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await ctx.browser?.close();
  });
  return ctx;
}

/**
 * A page of `ctx`'s browser at `target` (a file or a URL), `width` px wide; waits for the
 * element's results unless `ready` is false. Its console errors and warnings go to
 * ctx.problems unless `quiet`; `listen(page)` runs before it loads (to hear its console).
 */
export async function open(ctx, target, { width = 1280, ready = true, quiet = false, listen = null } = {}) {
  const page = await ctx.browser.newPage({ viewport: { width, height: 900 } });
  if (listen) await listen(page);
  if (!quiet) {
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') ctx.problems.push(`${target}: console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => ctx.problems.push(`${target}: ${e.message}`));
  }
  await page.goto(/^[a-z]+:/.test(target) ? target : pathToFileURL(target).href);
  if (ready) await page.waitForSelector('care-compare .cc-status');
  return page;
}

/** The file URL of a page with `fragment` (without "#"). */
export const withFragment = (file, fragment) => `${pathToFileURL(file).href}#${fragment}`;

/** Answers given on the page the way a reader gives them: clicking boxes, choosing, typing. */
export async function answer(page, answers) {
  for (const key of ['sites', 'symptoms', 'goals']) {
    for (const id of answers[key] || []) await page.locator(`care-compare input[name="${key}"][value="${id}"]`).check();
    // A group the reader is not sure about: open when something is ticked, else not answered.
    if ([...(answers.open || []), ...(answers.not_answered || [])].includes(key)) {
      await page.locator(`care-compare input[data-not-sure="${key}"]`).check();
    }
  }
  for (const [id, value] of Object.entries(answers.facts || {})) {
    const input = page.locator(`care-compare [id$="-fact-${id}"]`);
    const tag = await input.evaluate((e) => e.tagName);
    if (tag === 'SELECT') await input.selectOption(String(value));
    else if (tag === 'FIELDSET') for (const item of value) await input.locator(`input[value="${item}"]`).check();
    else await input.fill(Array.isArray(value) ? value.join(', ') : String(value));
  }
}

/** What the page shows: relevant options in order with their reasons, undecided, not shown. */
export async function shown(page) {
  return page.evaluate(() => {
    const root = document.querySelector('care-compare');
    return {
      relevant: [...root.querySelectorAll('.cc-relevant tbody tr')].map((tr) => ({
        id: tr.dataset.id,
        name: tr.querySelector('th').textContent,
        reasons: [...tr.querySelectorAll('.cc-why li')].map((li) => ({ rule: li.dataset.rule, text: li.textContent })),
      })),
      undecided: [...root.querySelectorAll('.cc-undecided:not([hidden]) li[data-id]')].map((li) => li.dataset.id),
      not_shown: [...root.querySelectorAll('.cc-not-shown li[data-id]')].map((li) => li.dataset.id),
      disclaimer: root.querySelector('.cc-disclaimer').textContent,
      catalog: root.querySelector('.cc-catalog').textContent,
      status: root.querySelector('[aria-live="polite"]').textContent,
    };
  });
}

/** The part of a native result the page shows. */
export function expected(doc) {
  return {
    relevant: doc.relevant.map((o) => ({ id: o.id, name: o.name, reasons: o.reasons })),
    undecided: (doc.undecided || []).map((o) => o.id),
    not_shown: doc.not_shown.map((o) => o.id),
  };
}

/** The page shows what the native filter gives for `answers`. */
export async function assertNative(page, answers, catalogFile) {
  const got = await shown(page);
  const want = native(answers, catalogFile);
  assert.deepEqual({ relevant: got.relevant, undecided: got.undecided, not_shown: got.not_shown }, expected(want));
  assert.equal(got.disclaimer, want.disclaimer);
  return { got, want };
}

/** axe-core finds no violations on the page (its tags: WCAG 2.2 AA and best practice). */
export async function axe(page, label) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
  const violations = result.violations.map((v) => `${label}: ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(violations, []);
  return result.passes.length;
}

/**
 * An HTTP server on 127.0.0.1 (an ephemeral port) answering every GET with `body` and
 * `headers`; `requests` lists the URLs it was asked for. Close it with `close()`.
 */
export async function serve(body, headers = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(req.url);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}
