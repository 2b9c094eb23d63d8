// SPDX-License-Identifier: MIT
// carecompare-page as a command (its help, --strings and their checks) and what the page holds
// before any script runs: the static table inside <care-compare>, its note, the words.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { makePage } from '../bin/carecompare-page.js';
import { STRINGS, checkStrings } from '../src/element.js';
import { Catalog } from '../src/node.js';
import { ROOT } from './support.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../bin/carecompare-page.js');
const KNEE = join(ROOT, 'tests/data/page/knee.json');
const dir = mkdtempSync(join(tmpdir(), 'carecompare-page-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args) => spawnSync(process.execPath, [BIN, '--quiet', ...args], { encoding: 'utf8' });
const file = (name, text) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

test('--help says what --strings takes', () => {
  const r = run('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--strings FILE +the page's own words, as a JSON object of some of the keys of STRINGS/);
  assert.match(r.stdout, /catalog's labels/);
});

test('--strings: the page in the given words, the topic in the catalog\'s', () => {
  const words = file('es.json', JSON.stringify({ lang: 'es', intro: 'Marque lo que corresponde a su caso.', facts: 'Más sobre usted' }));
  const out = join(dir, 'page.html');
  const r = run('--catalog', KNEE, '--strings', words, '--output', out);
  assert.equal(r.status, 0, r.stderr);
  const page = readFileSync(out, 'utf8');
  const inline = /<script type="application\/json" data-strings>(.*?)<\/script>/.exec(page);
  assert.ok(inline, 'the words are inline');
  assert.deepEqual(JSON.parse(inline[1]), JSON.parse(readFileSync(words, 'utf8')));
  // The static table's note is in those words and says their language.
  assert.match(page, new RegExp(`<p class="cc-static-note" role="status" hidden lang="es" dir="ltr">${STRINGS.startFailed}</p>`));
});

test('--strings that cannot be used: exit 2, each problem at its JSON Pointer', () => {
  const cases = [
    [JSON.stringify({ intro: 3 }), /: \/intro: must be text, got number/],
    [JSON.stringify({ sites: 'Dónde' }), /: \/sites: is no longer one of the element's words: see the catalog's label question_sites/],
    [JSON.stringify({ intorduction: 'x' }), /: \/intorduction: is not one of the element's words/],
    [JSON.stringify({ notShownSummary: 'Otras ({n})' }), /: \/notShownSummary: has \{n\}; its words may have \{count\}/],
    [JSON.stringify({ relevantCount: { one: '{count} opción' } }), /: \/relevantCount: the plural forms need "other"/],
    [JSON.stringify(['intro']), /: \(top\): the words must be an object/],
    ['{"intro": ', /: not JSON: /],
  ];
  for (const [text, message] of cases) {
    const r = run('--strings', file('bad.json', text));
    assert.equal(r.status, 2, text);
    assert.match(r.stderr, message, text);
    assert.equal(r.stdout, '');
  }
  const missing = run('--strings', join(dir, 'missing.json'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /missing\.json: cannot read the file \(ENOENT\)/);
});

test('checkStrings takes the defaults and plural forms', () => {
  assert.deepEqual(checkStrings(STRINGS), []);
  assert.deepEqual(checkStrings({ relevantCount: { one: 'una opción', other: '{count} opciones' }, status: '{notShown}; {relevant}; {undecided}' }), []);
  assert.deepEqual(checkStrings({ relevantCount: { several: '{count}', other: '{count}' } }).map((p) => p.pointer), ['/relevantCount/several']);
});

test('before any script runs, the page is the static table inside the element', () => {
  const knee = Catalog.fromJSON(readFileSync(KNEE, 'utf8'));
  const page = makePage(knee);
  const full = knee.table({ format: 'html', fullPage: true });
  const staticTable = `${full.slice(full.indexOf('<figure'), full.indexOf('</figure>') + 9)}\n`;
  knee.dispose();
  assert.doesNotMatch(page, /<noscript>/);
  const element = /<care-compare heading-level="1">([\s\S]*?)<\/care-compare>/.exec(page);
  assert.ok(element);
  assert.match(staticTable, /^<figure class="carecompare"[^]*<td data-label="What it is for">Placeholder text for option A\.<\/td>[^]*Next review:[^]*<\/figure>\n$/);
  assert.ok(element[1].includes(`<div class="cc-static">\n<h1>Knee pain: a test catalog</h1>\n<p class="cc-static-note" role="status" hidden>${STRINGS.startFailed}</p>\n${staticTable}</div>`));
});
