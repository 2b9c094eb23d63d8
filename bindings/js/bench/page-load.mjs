// SPDX-License-Identifier: MIT
// Page load of one-file pages (bin/carecompare-page.js) side by side, in headless Chromium
// (Debian's chromium, driven by playwright-core): the pages are loaded in turn, one load of each
// per turn, so that a machine busy with other work slows them alike. For each page and each
// round, the medians of
//   - load to first result: from page.goto() until the first result row is in the page (as the
//     browser test's speed test measures it, the test driver's round trips included);
//   - the page's boot starts: the navigation's domInteractive;
//   - base64 + gunzip of the wasm, wasm compiled and instantiated, catalog loaded + form built +
//     first results rendered: between the page's performance marks (carecompare:boot,
//     :wasm-decoded, :core-ready; pages made before the marks existed show "-") and the moment
//     the first result row appears (a MutationObserver set before the page loads), and that
//     moment itself, from navigation start.
//
//   node bench/page-load.mjs [--loads N] [--rounds R] PAGE.html [PAGE.html ...]
//     (defaults: 9 loads of each page per round, 2 rounds; run in bindings/js after npm ci;
//      CHROMIUM names the browser, default /usr/bin/chromium)
// Prints a Markdown table, one row per figure, one column per page and round.
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}
const loads = option('--loads', 9);
const rounds = option('--rounds', 2);
const pages = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !all[i - 1]?.startsWith('--'));
if (pages.length === 0 || !(loads > 0) || !(rounds > 0)) {
  console.error('usage: node bench/page-load.mjs [--loads N] [--rounds R] PAGE.html [PAGE.html ...]');
  process.exit(2);
}

const FIRST_ROW = 'care-compare .cc-relevant tbody tr';

/** One load of `file` in a fresh page: the figures in ms (null where the page sets no mark). */
async function loadOnce(browser, file) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript((selector) => {
    new MutationObserver((_, observer) => {
      if (document.querySelector(selector)) {
        performance.mark('page-load:first-row');
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  }, FIRST_ROW);
  const start = Date.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector(FIRST_ROW);
  const loadMs = Date.now() - start;
  const inPage = await page.evaluate(() => {
    const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
    return {
      interactive: performance.getEntriesByType('navigation')[0].domInteractive,
      boot: mark('carecompare:boot'),
      decoded: mark('carecompare:wasm-decoded'),
      ready: mark('carecompare:core-ready'),
      firstRow: mark('page-load:first-row'),
    };
  });
  await page.close();
  const between = (a, b) => (a === null || b === null ? null : b - a);
  return {
    'load to first result': loadMs,
    "the page's boot starts (domInteractive)": inPage.interactive,
    'base64 + gunzip of the wasm': between(inPage.boot, inPage.decoded),
    'wasm compiled and instantiated': between(inPage.decoded, inPage.ready),
    'catalog loaded, form built, first results rendered': between(inPage.ready, inPage.firstRow),
    'the first result row is in the page (from navigation start)': inPage.firstRow,
  };
}

function median(values) {
  const known = values.filter((v) => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const mid = Math.floor(known.length / 2);
  return known.length % 2 ? known[mid] : (known[mid - 1] + known[mid]) / 2;
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const columns = []; // {page, round, figures: {name: median}}
try {
  for (let round = 1; round <= rounds; round += 1) {
    const samples = pages.map(() => []);
    for (let i = 0; i < loads; i += 1) {
      for (const [p, file] of pages.entries()) samples[p].push(await loadOnce(browser, resolve(file)));
    }
    for (const [p, file] of pages.entries()) {
      const figures = {};
      for (const name of Object.keys(samples[p][0])) figures[name] = median(samples[p].map((s) => s[name]));
      columns.push({ page: basename(file), round, figures });
    }
  }
} finally {
  await browser.close();
}

const names = Object.keys(columns[0].figures);
console.log(`Medians of ${loads} loads per page and round, ms (pages loaded in turn):\n`);
console.log(`| | ${columns.map((c) => `${c.page}, round ${c.round}`).join(' | ')} |`);
console.log(`| --- |${columns.map(() => ' ---: |').join('')}`);
for (const name of names) {
  console.log(`| ${name} | ${columns.map((c) => (c.figures[name] === null ? '-' : Math.round(c.figures[name]))).join(' | ')} |`);
}
