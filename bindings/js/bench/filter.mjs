// SPDX-License-Identifier: MIT
// The filter call through the JS API in node, on the builtin catalog (bone, pain), and its parts:
// the C ABI calls in WebAssembly alone (text in, text out; the API calls the compact one), the
// UTF-8 decoding, JSON.parse.
//   node bench/filter.mjs [--runs N]      (after build.sh; prints µs per call, best of N runs)
import { createRequire } from 'node:module';

import { Catalog } from '../src/node.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const require = createRequire(import.meta.url);
const core = await require('../dist/carecompare-node.cjs')();

function best(fn, n) {
  let min = Infinity;
  for (let r = 0; r < runs; r += 1) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i += 1) fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / n / 1000);
  }
  return min;
}

const catalog = Catalog.builtin();
const answers = { sites: ['bone'], symptoms: ['pain'] };
for (let i = 0; i < 2000; i += 1) catalog.filter(answers); // warm up

const out = core._malloc(4);
core._carecompare_catalog_builtin(out);
const cat = core.getValue(out, 'i32');
const text = JSON.stringify(answers);
const len = core.lengthBytesUTF8(text);
const ptr = core._malloc(len + 1);
core.stringToUTF8(text, ptr, len + 1);
core._carecompare_filter(out, cat, ptr, len);
const doc = core.getValue(out, 'i32');
const docText = core.UTF8ToString(doc);
const lenOut = core._malloc(4);
core._carecompare_filter_compact(out, lenOut, cat, ptr, len);
const compact = core.getValue(out, 'i32');
const compactLen = core.getValue(lenOut, 'i32');
const compactText = core.UTF8ToString(compact);
const decoder = new TextDecoder();

const figures = {
  'catalog.filter() (JS API)': best(() => catalog.filter(answers), 5000),
  'carecompare_filter in wasm (C ABI call only)': best(() => {
    core._carecompare_filter(out, cat, ptr, len);
    core._carecompare_string_free(core.getValue(out, 'i32'));
  }, 5000),
  'carecompare_filter_compact in wasm (C ABI call only)': best(() => {
    core._carecompare_filter_compact(out, lenOut, cat, ptr, len);
    core._carecompare_string_free(core.getValue(out, 'i32'));
  }, 5000),
  'UTF8ToString of the indented result': best(() => core.UTF8ToString(doc), 5000),
  'JSON.parse of the indented result': best(() => JSON.parse(docText), 5000),
  'TextDecoder of the compact result (length known)': best(
    () => decoder.decode(core.HEAPU8.subarray(compact, compact + compactLen)), 5000),
  'JSON.parse of the compact result': best(() => JSON.parse(compactText), 5000),
};
console.log(`node ${process.version}, result ${docText.length} bytes (compact ${compactLen}), best of ${runs} runs, µs per call:`);
for (const [name, us] of Object.entries(figures)) console.log(`  ${name.padEnd(52)} ${us.toFixed(1)}`);
