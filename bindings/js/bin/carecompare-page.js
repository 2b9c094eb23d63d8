#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// carecompare-page: one self-contained HTML file for educators. The <care-compare> element, the
// library compiled to WebAssembly and the catalog are all inline: no network, it works from
// file://, in an iframe and in a learning platform's HTML block. Until the element is ready, the
// page shows the full static table (rendered by the same core); it stays when JavaScript is off
// or the host forbids WebAssembly (a Content-Security-Policy without 'wasm-unsafe-eval'), with
// one sentence saying the interactive part could not start.
//
//   carecompare-page [--catalog FILE] [--strings FILE] [--output FILE]
//
// Exit status: 0 written, 2 bad input (the catalog does not load, or the words of --strings
// cannot be used: the message says where), 1 usage.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { Catalog, CareCompareError, isRightToLeft } from '../src/node.js';
import { STRINGS, checkStrings } from '../src/element.js';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `Usage: carecompare-page [--catalog FILE] [--strings FILE] [--output FILE]

Writes one self-contained HTML page that asks a catalog's questions and shows the relevant
options as the reader answers (the builtin catalog by default; standard output by default).

  --catalog FILE   a catalog JSON file (format carecompare.catalog/1)
  --strings FILE   the page's own words, as a JSON object of some of the keys of STRINGS in
                   carecompare/element, with "lang" their language, for example
                   {"lang": "es", "intro": "Marque lo que corresponde a su caso."}
                   (English by default). The words about the catalog's topic (the headings of
                   its questions) and about the catalog ("Sources", "Written by") are the
                   catalog's labels.
  --output FILE    where to write the page
  --quiet          do not report the page's size
  -h, --help       this help
`;

function parseArgs(argv) {
  const args = { catalog: null, strings: null, output: null, quiet: false };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const value = (name) => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
      i += 1;
      return argv[i];
    };
    if (a === '-h' || a === '--help') args.help = true;
    else if (a === '--catalog' || a.startsWith('--catalog=')) args.catalog = value('--catalog');
    else if (a === '--strings' || a.startsWith('--strings=')) args.strings = value('--strings');
    else if (a === '--output' || a === '-o' || a.startsWith('--output=')) args.output = value('--output');
    else if (a === '--quiet') args.quiet = true;
    else throw new UsageError(`unknown argument: ${a}`);
  }
  return args;
}

class UsageError extends Error {}

export const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** JSON inside <script>: no "</script" or "<!--" can end it early. */
export const scriptJson = (text) => text.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** A module's text without its `export` keywords (the page's one inline module holds all). */
export function inlineModule(file, text = readFileSync(join(PACKAGE, file), 'utf8')) {
  const out = text
    .replace(/^export default [A-Za-z_$][\w$]*;\s*$/m, '')
    .replace(/^export (const|function|class|async function) /gm, '$1 ');
  if (/^\s*(import|export)\s/m.test(out)) throw new Error(`${file}: an import or export is left; the page cannot inline it`);
  return out;
}

// Runs in the page: when framed, tells the parent page its height (message {type:
// "carecompare:height", height}); then builds the API over the core and registers the element.
// When that fails (a host whose Content-Security-Policy forbids WebAssembly, a browser without
// DecompressionStream), the static table stays and its note says the interactive part could
// not start; the details go to the console.
// The wasm is inline, gzipped and base64-encoded (DecompressionStream: Chromium 80, Firefox 113,
// Safari 16.4), and handed to the core as its binary, so nothing is fetched. The base64 text is
// decoded natively where the browser can (Uint8Array.fromBase64), else byte by byte in a plain
// loop. The performance marks carecompare:boot, :wasm-decoded, :core-ready and :defined time
// the load's steps (the browser tests report them). `api` is the module's: the catalog editor's
// script follows this one in its module (bin/carecompare-editor.js), and reads it.
const BOOT = `
performance.mark('carecompare:boot');
if (window.parent !== window) {
  let last = 0;
  const tell = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: 'carecompare:height', height }, '*');
    }
  };
  new ResizeObserver(tell).observe(document.documentElement);
  tell();
}
let api = null;
try {
  const wasmBase64 = document.getElementById('cc-wasm').textContent.trim();
  let wasmGzip;
  if (typeof Uint8Array.fromBase64 === 'function') {
    wasmGzip = Uint8Array.fromBase64(wasmBase64);
  } else {
    const bytes = atob(wasmBase64);
    wasmGzip = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i += 1) wasmGzip[i] = bytes.charCodeAt(i);
  }
  const wasmBinary = await new Response(new Blob([wasmGzip]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  performance.mark('carecompare:wasm-decoded');
  const core = await createCareCompareCore({ wasmBinary });
  performance.mark('carecompare:core-ready');
  api = createApi(core);
  defineCareCompare(api);
  performance.mark('carecompare:defined');
} catch (error) {
  console.error('carecompare: the interactive part could not start; the static table stays.', error);
  for (const note of document.querySelectorAll('care-compare > .cc-static > .cc-static-note')) note.hidden = false;
}
`;

export const PAGE_CSS = `
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: #1b1b1b; }
main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
care-compare { display: block; }
.cc-static { font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
.cc-static h1 { line-height: 1.25; margin: 0 0 1rem; }
.cc-static figure { margin: 0; }
.cc-static caption { text-align: start; font-weight: 600; padding: 0 0 .5rem; }
.cc-static table { border-collapse: collapse; width: 100%; }
.cc-static th, .cc-static td { border: 1px solid #8a8a8a; padding: .5rem; text-align: start; vertical-align: top; }
.cc-static td ul { margin: 0; padding-inline-start: 1.25rem; }
.cc-static a { color: #0b4f9c; }
@media (max-width: 40em) {
  .cc-static table, .cc-static caption, .cc-static thead, .cc-static tbody, .cc-static tr, .cc-static th, .cc-static td { display: block; }
  .cc-static thead tr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .cc-static tbody tr { border: 1px solid #8a8a8a; border-radius: .5rem; margin: 0 0 1rem; padding: .5rem .75rem; }
  .cc-static tbody th, .cc-static tbody td { border: 0; padding: .25rem 0; }
  .cc-static tbody [data-label]::before { content: attr(data-label); display: block; font-weight: 600; color: #4a4a4a; font-size: .9375rem; }
}
.cc-static-note { font-weight: 600; border-inline-start: 4px solid #0b4f9c; padding: .25rem .75rem; }
@media print { main { padding: 0; } @page { margin: 1.2cm; } }
`;

/**
 * What every page holds beside its catalog: its one module script (the core, the API, the
 * element and the boot) and the wasm, gzipped, in base64. The editor (carecompare-editor) holds
 * them once, and makes pages with them in the browser.
 */
export function pageAssets() {
  return {
    script: [inlineModule('dist/carecompare-core.mjs'), inlineModule('src/api.js'), inlineModule('src/element.js'), BOOT].join('\n'),
    wasm: gzipSync(readFileSync(join(PACKAGE, 'dist/carecompare-core.wasm')), { level: 9 }).toString('base64'),
  };
}

/**
 * The page's HTML for a catalog; `strings`: the element's own words (some keys of STRINGS,
 * checked with checkStrings()); `assets`: what pageAssets() gives.
 */
export function makePage(catalog, { strings = null, assets = pageAssets() } = {}) {
  const doc = catalog.toJSON();
  const locale = doc.locale || 'en';
  const words = { ...STRINGS, ...(strings || {}) };
  // The note is in the element's words: their language where it is not the catalog's.
  const wordsLang = words.lang || 'en';
  const noteLang = wordsLang.toLowerCase() === locale.toLowerCase() ? ''
    : ` lang="${escapeHtml(wordsLang)}" dir="${isRightToLeft(wordsLang) ? 'rtl' : 'ltr'}"`;
  const stringsScript = strings ? `<script type="application/json" data-strings>${scriptJson(JSON.stringify(strings))}</script>` : '';
  // The static table is the core's, as its own full page has it: each cell carries its column's
  // label (data-label) for the one-card-per-row layout of narrow screens.
  const fullPage = catalog.table({ format: 'html', fullPage: true });
  const figureAt = fullPage.indexOf('<figure');
  const figureEnd = fullPage.indexOf('</figure>');
  if (figureAt < 0 || figureEnd < figureAt) throw new Error('the core\'s full page has no <figure>');
  const staticTable = `${fullPage.slice(figureAt, figureEnd + '</figure>'.length)}\n`;
  // The direction of the catalog's language, as the core's own full page states it.
  const dir = (/<html [^>]*\bdir="(ltr|rtl)"/.exec(fullPage) || [])[1] || 'ltr';
  // The catalog as the element reads it: a JSON script inside it.
  const catalogJson = scriptJson(catalog.toJSONText(-1));
  const { script, wasm } = assets;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(locale)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="carecompare-page">
<title>${escapeHtml(doc.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
<care-compare heading-level="1"><script type="application/json">${catalogJson}</script>${stringsScript}
<div class="cc-static">
<h1>${escapeHtml(doc.title)}</h1>
<p class="cc-static-note" role="status" hidden${noteLang}>${escapeHtml(words.startFailed)}</p>
${staticTable}</div>
</care-compare>
</main>
<script type="application/octet-stream" id="cc-wasm">${wasm}</script>
<script type="module">${script.replace(/<\/(script)/gi, '<\\/$1')}</script>
</body>
</html>
`;
}

function main(argv) {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`carecompare-page: ${e.message}\n\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let catalog;
  try {
    if (args.catalog === null) {
      catalog = Catalog.builtin();
    } else {
      let text;
      try {
        text = readFileSync(args.catalog, 'utf8');
      } catch (e) {
        process.stderr.write(`carecompare-page: ${args.catalog}: cannot read the file (${e.code || e.message})\n`);
        return 2;
      }
      catalog = Catalog.fromJSON(text);
    }
  } catch (e) {
    if (!(e instanceof CareCompareError)) throw e;
    process.stderr.write(`carecompare-page: ${args.catalog}: ${e.message}\n`);
    return 2;
  }
  let strings = null;
  if (args.strings !== null) {
    try {
      strings = JSON.parse(readFileSync(args.strings, 'utf8'));
    } catch (e) {
      process.stderr.write(`carecompare-page: ${args.strings}: ${e.code ? `cannot read the file (${e.code})` : `not JSON: ${e.message}`}\n`);
      catalog.dispose();
      return 2;
    }
    const problems = checkStrings(strings);
    if (problems.length) {
      for (const p of problems) process.stderr.write(`carecompare-page: ${args.strings}: ${p.pointer || '(top)'}: ${p.message}\n`);
      catalog.dispose();
      return 2;
    }
  }
  const page = makePage(catalog, { strings });
  catalog.dispose();
  const bytes = Buffer.byteLength(page);
  const gzipped = gzipSync(page, { level: 9 }).length;
  if (args.output === null) process.stdout.write(page);
  else writeFileSync(args.output, page);
  if (!args.quiet) {
    const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
    process.stderr.write(`carecompare-page: wrote ${args.output ?? 'the page'}: ${bytes} bytes (${kb(bytes)}), gzip ${gzipped} bytes (${kb(gzipped)})\n`);
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === (await import('node:fs')).realpathSync(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
