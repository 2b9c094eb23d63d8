// SPDX-License-Identifier: MIT
// The editor's own words (src/editor-strings.js) keep the reading level the catalogs keep: every
// text of five words or more at Flesch-Kincaid grade 8 or lower, graded by the core (the grade
// the editor shows beside a catalog's texts), and no engine words where readers' words exist.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { EDITOR_STRINGS } from '../src/editor-strings.js';
import { readability } from '../src/node.js';

/** Every text the strings make: functions called with sample values (a number, a name). */
function texts(value, path = '', out = []) {
  if (typeof value === 'string') out.push([path, value]);
  else if (typeof value === 'function') {
    for (const args of [[2, 'Pain', 3], [1, 'Bones', 1], [0, '', 0]]) texts(value(...args), `${path}(${args.join(',')})`, out);
  } else if (Array.isArray(value)) value.forEach((v, i) => texts(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) texts(v, path ? `${path}.${k}` : k, out);
  return out;
}

const ALL = texts(EDITOR_STRINGS);

test('the editor\'s words are at grade 8 or lower', () => {
  assert.ok(ALL.length > 150, `${ALL.length} texts`);
  const hard = [];
  for (const [path, text] of ALL) {
    const r = readability(text);
    if (r.words >= 5 && r.grade > 8) hard.push(`${path}: grade ${r.grade.toFixed(1)}: ${text}`);
  }
  assert.deepEqual(hard, []);
});

test('no engine words where readers\' words exist', () => {
  const engine = /\b(circumstances?|match(es|ed|ing)?|evaluat\w*|boolean|truthy|null)\b/i;
  // Words for authors about the file itself stay: "JsonLogic", "JSON", "id".
  const found = ALL.filter(([path, text]) => engine.test(text) && !path.startsWith('absentIsOptions')).map(([p, t]) => `${p}: ${t}`);
  assert.deepEqual(found, []);
});

test('the sample values show in the sentences made from them', () => {
  assert.equal(EDITOR_STRINGS.option(2, 'Radiation Therapy'), 'Option 2: Radiation Therapy');
  assert.equal(EDITOR_STRINGS.problemCount(2, 1), '2 errors and 1 warning to fix.');
  assert.equal(EDITOR_STRINGS.problemCount(0, 1), '1 warning to fix.');
  assert.equal(EDITOR_STRINGS.moved('Site 1: Bones', 2, 4), 'Site 1: Bones moved to place 2 of 4.');
});
