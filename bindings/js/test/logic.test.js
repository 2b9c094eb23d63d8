// SPDX-License-Identifier: MIT
// logic.apply: JsonLogic as json-logic-js 2.x behaves, by the C++ core; the expectations of
// tests/python/test_logic.py, and the shared conformance suite.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { logic, LogicError } from '../src/node.js';
import { conformanceCases, sharedDir, testNeeding } from './support.js';

const CASES = [
  [{ '==': [1, '1'] }, null, true],
  [{ '==': [0, false] }, null, true],
  [{ '==': [null, false] }, null, false],
  [{ '===': [1, '1'] }, null, false],
  [{ '!=': ['abc', 'abc'] }, null, false],
  [{ '!!': [[]] }, null, false],
  [{ '!!': ['0'] }, null, true],
  [{ if: [[], 'yes', 'no'] }, null, 'no'],
  [{ or: [0, '', 'x'] }, null, 'x'],
  [{ var: 'a.b' }, { a: { b: [1, 2] } }, [1, 2]],
  [{ var: 1 }, ['zero', 'one'], 'one'],
  [{ var: 'a.1' }, { a: ['x', 'y'] }, 'y'],
  [{ var: ['missing', 7] }, { present: 1 }, 7],
  [{ var: ['x', 'fallback'] }, null, 'fallback'],
  [{ var: '' }, { k: true }, { k: true }],
  [{ missing: ['a', 'b'] }, { a: 1 }, ['b']],
  [{ '+': [1, '2'] }, null, 3],
  [{ '*': [2, '3.5'] }, null, 7],
  [{ '/': [1, 4] }, null, 0.25],
  [{ '-': [5] }, null, -5],
  [{ '%': [7, 4] }, null, 3],
  [{ max: [1, 3, 2] }, null, 3],
  [{ '<': [1, 2, 3] }, null, true],
  [{ cat: ['a', 1.0, ' ', 1.5, ' ', 0.1] }, null, 'a1 1.5 0.1'],
  [{ cat: [1e21, '|', 1e-7] }, null, '1e+21|1e-7'],
  [{ cat: [null, true, [1, 2]] }, null, 'true1,2'],
  [{ in: ['bone', { var: 'sites' }] }, { sites: ['bone', 'liver'] }, true],
  [{ in: ['Spring', 'Springfield'] }, null, true],
  [{ merge: [[1], [2, [3]], 4] }, null, [1, 2, [3], 4]],
  [{ map: [{ var: 'xs' }, { '*': [{ var: '' }, 2] }] }, { xs: [1, 2, 3] }, [2, 4, 6]],
  [{ reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] }, { xs: [1, 2, 3, 4] }, 10],
  [{ some: [{ var: 'sites' }, { in: [{ var: '' }, ['bone', 'brain']] }] }, { sites: ['liver', 'brain'] }, true],
  [{ substr: ['jsonlogic', -5] }, null, 'logic'],
  [[1, 'a', null], null, [1, 'a', null]],
  [{ and: [] }, null, null],
];
for (const [rule, data, expected] of CASES) {
  test(`apply ${JSON.stringify(rule)} to ${JSON.stringify(data)}`, () => {
    assert.deepStrictEqual(logic.apply(rule, data), expected);
  });
}

test('data defaults to null; Infinity comes back as null', () => {
  assert.equal(logic.apply({ var: 'a' }), null);
  assert.equal(logic.apply(true), true);
  assert.equal(logic.apply({ '/': [1, 0] }), null);
});

test('truthy, by the core', () => {
  assert.deepEqual([null, false, 0, '', [], '0', {}, [0], 0.5].map((v) => logic.truthy(v)),
    [false, false, false, false, false, true, true, true, true]);
});

const ERRORS = [
  [{ and: [true, { nope: 1 }] }, '/and/1', 501],
  [{ nope: [1] }, '', 501],
  [{ if: [true, { or: [{ 'a.b': [] }] }] }, '/if/1/or/0', 501],
  [{ '*': [] }, '', 502],
];
for (const [rule, path, id] of ERRORS) {
  test(`compile error at "${path}" in ${JSON.stringify(rule)}`, () => {
    assert.throws(() => logic.apply(rule), (e) => {
      assert.ok(e instanceof LogicError, `${e.name}: ${e.message}`);
      assert.equal(e.path, path);
      assert.equal(e.id, id);
      return true;
    });
  });
}

test('values without a JSON form are LogicErrors at their spot', () => {
  assert.throws(() => logic.apply({ in: [1, new Set([1, 2])] }),
    (e) => e instanceof LogicError && e.path === '/in/1' && /rule/.test(e.message) && /Set/.test(e.message));
  assert.throws(() => logic.apply({ var: 'x' }, { x: [NaN] }),
    (e) => e instanceof LogicError && e.path === '/x/0' && /data/.test(e.message));
});

test('a malformed data text is never a crash', () => {
  // Data given as text is a string value, not JSON to parse: JSON text goes through JSON.parse.
  assert.equal(logic.apply({ var: '' }, '{"a":'), '{"a":');
});

test('a deep rule is an error, not a crash', () => {
  let rule = true;
  for (let i = 0; i < 1000; i += 1) rule = { '!': [rule] };
  assert.throws(() => logic.apply(rule), LogicError);
});

const cases = conformanceCases();
testNeeding('the JsonLogic conformance suite', cases === null && `JsonLogic conformance suite not found in ${sharedDir()}/conformance`, () => {
  const failures = [];
  for (const [rule, data, expected] of cases) {
    let got;
    try {
      got = logic.apply(rule, data);
    } catch (e) {
      got = e;
    }
    try {
      assert.deepStrictEqual(got, expected);
    } catch {
      failures.push({ rule, data, expected, got: got instanceof Error ? got.message : got });
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases differ`);
  assert.ok(cases.length >= 277, `${cases.length} cases`);
});

test('apply: every set of passes gives the same results; other options are refused', () => {
  const rule = { and: [{ in: [{ var: 'site' }, ['a', 'b', 'c', 'd', 'e', 'f', 'bone']] }, { '*': [2, 3] }] };
  for (const passes of [undefined, 'all', 'none', 'constant_fold', 'text_set', 'text_set,constant_fold']) {
    const options = passes === undefined ? undefined : { passes };
    assert.deepStrictEqual(['bone', 'liver'].map((site) => logic.apply(rule, { site }, options)), [6, false], passes);
  }
  assert.throws(() => logic.apply(rule, null, { passes: 'fold' }), (e) => {
    assert.ok(e instanceof RangeError, `${e.name}: ${e.message}`);
    assert.match(e.message, /"fold" is not all, none, or names of passes separated by commas: constant_fold, text_set, var_slots, bind/);
    return true;
  });
  assert.throws(() => logic.apply(rule, null, { passes: ['none'] }), TypeError);
  assert.throws(() => logic.apply(rule, null, { pases: 'none' }), /unknown option "pases"/);
  assert.throws(() => logic.apply(rule, null, 'none'), TypeError);
});
