#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// carecompare-editor: one self-contained HTML file in which an educator writes a catalog with
// forms, sees it checked and previewed as they type, and saves it, its one-file reader page and
// its translation template. No network: the library compiled to WebAssembly, the <care-compare>
// element and the page maker are inline; it works from file://.
//
//   carecompare-editor [--output FILE] [--quiet]
//
// The editor holds what carecompare-page puts in every page (its script and its wasm: see
// pageAssets()) once: the editor's own script is that script followed by the editor's, so that
// "Make the page" in the browser gives the very page `carecompare-page --catalog` writes.
//
// Exit status: 0 written, 1 usage.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

import { EDITOR_STRINGS } from '../src/editor-strings.js';
import { PAGE_CSS, escapeHtml, inlineModule, makePage, pageAssets, scriptJson } from './carecompare-page.js';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The editor must stay below this size (issue 27): one file an educator can pass around. */
export const EDITOR_MAX_BYTES = 1.5 * 1024 * 1024;

const USAGE = `Usage: carecompare-editor [--output FILE] [--quiet]

Writes one self-contained HTML file, the catalog editor: open a catalog (or start one), edit
it with forms, see every problem and a preview as you type, and save it, its reader page and
its translation template. It needs no network and works from file://.

  --output FILE    where to write the editor (standard output by default)
  --quiet          do not report the editor's size
  -h, --help       this help
`;

/** Text inside an inline <script>: no "</script" can end it early (as the page maker writes it). */
const inlineScript = (text) => text.replace(/<\/(script)/gi, '<\\/$1');

/** An editor source file for the one inline module: its imports of the others dropped (the
 *  module holds them all), then as the page maker inlines a module. */
function editorModule(file) {
  const text = readFileSync(join(PACKAGE, file), 'utf8').replace(/^import\s*\{[^}]*\}\s*from\s*'\.\/editor[\w-]*\.js';\s*$/gm, '');
  return inlineModule(file, text);
}

/**
 * The page maker, as the browser runs it: the functions and texts of bin/carecompare-page.js that
 * makePage() reads, each as its own source. Whatever else makePage comes to read must be added
 * here (the browser test that compares the page made in the editor with the page
 * carecompare-page makes fails until it is).
 */
function pageMakerSource() {
  const pieces = { PAGE_CSS, escapeHtml, scriptJson };
  const out = Object.entries(pieces).map(([name, value]) =>
    `const ${name} = ${typeof value === 'function' ? value.toString() : JSON.stringify(value)};`);
  // What makePage imports from the API under node, the page's own API gives in the browser.
  out.push('const isRightToLeft = (tag) => api.isRightToLeft(tag);');
  out.push(makePage.toString());
  return out.join('\n');
}

// Runs after the page's own boot (which made `api`, or left it null when the core could not
// start, and defined <care-compare>), in its module.
const EDITOR_BOOT = `
const editorScript = document.getElementById('cc-editor-script');
const pageScript = editorScript.textContent.slice(0, Number(editorScript.dataset.pageScript));
const pageWasm = document.getElementById('cc-wasm').textContent.trim();
if (api) {
  defineCareCompareEditor(api, { makePage, pageAssets: () => ({ script: pageScript, wasm: pageWasm }) });
  performance.mark('carecompare:editor-defined');
} else {
  for (const note of document.querySelectorAll('.cce-noscript')) note.hidden = false;
}
`;

const EDITOR_PAGE_CSS = `
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: #1b1b1b; }
main { max-width: 100rem; margin: 0 auto; }
.cce-noscript { font: 1rem/1.5 system-ui, sans-serif; padding: 1rem; }
`;

/** The editor, one HTML file. */
export function makeEditor() {
  const assets = pageAssets();
  const pageScript = inlineScript(assets.script);
  const editor = [
    editorModule('src/editor-strings.js'),
    editorModule('src/editor-model.js'),
    editorModule('src/editor.js'),
    pageMakerSource(),
    EDITOR_BOOT,
  ].join('\n');
  const script = `${pageScript}\n${inlineScript(editor)}`;
  const s = EDITOR_STRINGS;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(s.lang)}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="carecompare-editor">
<title>${escapeHtml(s.title)}</title>
<style>${EDITOR_PAGE_CSS}</style>
</head>
<body>
<main>
<care-compare-editor></care-compare-editor>
<p class="cce-noscript" role="status" hidden>${escapeHtml(s.cannotStart)}</p>
<noscript><p class="cce-noscript">${escapeHtml(s.needsScript)}</p></noscript>
</main>
<script type="application/octet-stream" id="cc-wasm">${assets.wasm}</script>
<script type="module" id="cc-editor-script" data-page-script="${pageScript.length}">${script}</script>
</body>
</html>
`;
}

function main(argv) {
  let args;
  try {
    ({ values: args } = parseArgs({
      args: argv,
      options: { output: { type: 'string', short: 'o' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    process.stderr.write(`carecompare-editor: ${e.message}\n\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const html = makeEditor();
  if (args.output === undefined) process.stdout.write(html);
  else writeFileSync(args.output, html);
  if (!args.quiet) {
    const bytes = Buffer.byteLength(html);
    const gzipped = gzipSync(html, { level: 9 }).length;
    const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
    process.stderr.write(`carecompare-editor: wrote ${args.output ?? 'the editor'}: ${bytes} bytes (${kb(bytes)}), gzip ${gzipped} bytes (${kb(gzipped)})\n`);
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === (await import('node:fs')).realpathSync(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
