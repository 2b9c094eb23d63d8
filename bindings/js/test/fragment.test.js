// SPDX-License-Identifier: MIT
// Answers in a URL fragment from JavaScript: the core's spelling (C++ circumstances::to_fragment(),
// tests/fragment_test.cpp), written and read through the C ABI, open and not-answered lists included.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { Catalog, CircumstancesError, isAnswersFragment } from '../src/node.js';
import { ROOT } from './support.js';

const builtin = Catalog.builtin();
const knee = Catalog.fromJSON(readFileSync(join(ROOT, 'tests/data/page/knee.json'), 'utf8'));

test('toFragment spells the lists, how they answer, then the facts in declaration order', () => {
  assert.equal(builtin.toFragment({ sites: ['bone', 'liver'], symptoms: ['pain'], open: ['symptoms'], notAnswered: ['goals'] }),
    'sites=bone,liver&symptoms=pain&open=symptoms&not_answered=goals');
  assert.equal(builtin.toFragment({ sites: ['bone'], symptoms: ['pain'] }), 'sites=bone&symptoms=pain');
  assert.equal(builtin.toFragment(), '');
  const facts = { colors: ['green', 'blue'], items: ['p,q', 'r'], note: 'x & y = z, #1 +\u00fc', phase: 'second', score: 2.5, daily: false };
  assert.equal(knee.toFragment({ sites: ['left-knee'], facts }),
    'sites=left-knee&facts.daily=false&facts.score=2.5&facts.phase=second&facts.note=x%20%26%20y%20%3D%20z%2C%20%231%20%2B%C3%BC'
    + '&facts.items=p%2Cq,r&facts.colors=green,blue');
});

test('readFragment reads back what toFragment writes', () => {
  const answers = { sites: ['right-knee'], symptoms: ['symptom-a'], goals: [], open: ['symptoms'], not_answered: ['goals'],
    facts: { daily: true, score: -1.5e-7, phase: 'first', note: 'with, a comma & more', items: ['x', 'y z'], colors: ['red'] } };
  const text = knee.toFragment(answers);
  const { circumstances, left_out: leftOut } = knee.readFragment(text);
  assert.deepEqual(leftOut, []);
  assert.deepEqual(circumstances, answers);
  assert.equal(knee.toFragment(circumstances), text);
  // What it reads, filter() takes as it is.
  assert.deepEqual(knee.filter(circumstances).circumstances, knee.filter(answers).circumstances);
});

test('readFragment leaves out what cannot be used, each with its id and JSON Pointer', () => {
  const { circumstances, left_out: leftOut } = builtin.readFragment('sites=bone,lungs&symptoms=pian&colour=red&facts.nope=1&open=goal&sites=liver&goals=%E2');
  assert.deepEqual(circumstances, { sites: ['bone'], symptoms: [], goals: [], facts: {} });
  assert.deepEqual(leftOut.map(({ id, pointer }) => [id, pointer]), [
    [301, '/sites/1'], [301, '/symptoms/0'], [310, '/colour'], [306, '/facts/nope'], [309, '/open/0'], [310, '/sites'], [310, '/goals/0'],
  ]);
  assert.match(leftOut[0].message, /"lungs".*did you mean "lung"/);
  // A fragment past the core's bound is not read at all; any text is read without throwing.
  assert.deepEqual(builtin.readFragment(`sites=${'bone,'.repeat(5000)}`).left_out.map((p) => p.id), [310]);
  assert.deepEqual(builtin.readFragment('\ud800%%&=&').circumstances.sites, []);
  assert.throws(() => builtin.readFragment(undefined), TypeError);
});

test('toFragment refuses what filter() refuses', () => {
  assert.throws(() => builtin.toFragment({ sites: ['elbow'] }), (e) => e instanceof CircumstancesError && e.id === 301 && e.path === '/sites/0');
  assert.throws(() => knee.toFragment({ facts: { score: 'ten' } }), (e) => e instanceof CircumstancesError && e.path === '/facts/score');
  assert.throws(() => builtin.toFragment({ fhir: {} }), TypeError);
});

test('isAnswersFragment tells answers from an anchor', () => {
  for (const text of ['sites=bone', 'open=symptoms', 'not_answered=goals', 'facts.score=3', 'top&goals=stay-active']) {
    assert.equal(isAnswersFragment(text), true, text);
  }
  for (const text of ['', 'top', 'sites', 'section-2&more']) assert.equal(isAnswersFragment(text), false, text);
  assert.equal(isAnswersFragment(undefined), false);
});
