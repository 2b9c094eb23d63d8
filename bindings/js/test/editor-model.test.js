// SPDX-License-Identifier: MIT
// The editor's document model (src/editor-model.js): JSON Pointers, changes and their undo,
// quotations that follow their texts, the history (coalesced typing, storage round trip), the
// rule builder's shapes (reading then writing a condition gives the same JSON), and the new
// catalog the editor starts from (checked by the core).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  History,
  applyChange,
  closestPointer,
  getAt,
  idFromName,
  insertChange,
  moveChange,
  newCatalog,
  pointerOf,
  pointerParts,
  readCondition,
  removeChange,
  setAt,
  setChange,
  writeCondition,
} from '../src/editor-model.js';
import { EDITOR_STRINGS } from '../src/editor-strings.js';
import { Catalog, circumstancesLists } from '../src/node.js';
import { builtinDict, withOverlayDict } from './support.js';

test('JSON Pointers: tokens with "~" and "/" round-trip', () => {
  const parts = ['labels', 'a/b', 'c~d', '0', ''];
  assert.equal(pointerOf(parts), '/labels/a~1b/c~0d/0/');
  assert.deepEqual(pointerParts(pointerOf(parts)), parts);
  assert.deepEqual(pointerParts(''), []);
  assert.throws(() => pointerParts('labels'), SyntaxError);
  const doc = { 'a/b': { 'c~d': [10, 20] } };
  assert.equal(getAt(doc, '/a~1b/c~0d/1'), 20);
  assert.equal(getAt(doc, '/a~1b/c~0d/01'), undefined, 'a leading zero is no index');
  assert.equal(getAt(doc, '/missing/x'), undefined);
  assert.equal(getAt(doc, '/a~1b/c~0d/1/deeper'), undefined);
});

test('setAt copies only along the path, never changes a document in place', () => {
  const doc = builtinDict();
  const frozen = JSON.stringify(doc);
  const next = setAt(doc, '/strategies/1/name', 'Radiotherapy');
  assert.equal(JSON.stringify(doc), frozen);
  assert.equal(next.strategies[1].name, 'Radiotherapy');
  assert.notEqual(next.strategies, doc.strategies);
  assert.equal(next.strategies[0], doc.strategies[0], 'the rest is shared');
  assert.equal(next.rules, doc.rules);
  // undefined removes a key; a key set anew goes last, or where to_json() writes it (sorted).
  const saved = JSON.parse(Catalog.builtin().toJSONText(2));
  const noFunding = setAt(saved, '/funding', undefined);
  assert.equal('funding' in noFunding, false);
  assert.deepEqual(Object.keys(setAt(noFunding, '/funding', 'None.', true)), Object.keys(saved));
  assert.deepEqual(Object.keys(setAt(noFunding, '/funding', 'None.')).at(-1), 'funding');
  assert.throws(() => setAt(doc, '/strategies/99/name', 'x'), RangeError);
});

test('a change and its undo', () => {
  const doc = builtinDict();
  const change = setChange(doc, '/rules/0/weight', 3);
  assert.deepEqual(change, [{ pointer: '/rules/0/weight', before: 2, after: 3 }]);
  assert.equal(setChange(doc, '/rules/0/weight', 2), null, 'no change, no step');
  const after = applyChange(doc, change);
  assert.equal(after.rules[0].weight, 3);
  assert.deepEqual(applyChange(after, change, true), doc);
});

test('moving, removing and inserting list items; quotations follow their texts', () => {
  const doc = builtinDict();
  assert.ok(doc.quotations.includes('/strategies/0/purpose'));
  const moved = applyChange(doc, moveChange(doc, '/strategies', 0, 2));
  assert.deepEqual(moved.strategies.map((s) => s.id).slice(0, 3), ['radiation-therapy', 'physical-therapy', 'systemic-therapy']);
  assert.ok(moved.quotations.includes('/strategies/2/purpose'), 'the quotation follows its strategy');
  assert.ok(moved.quotations.includes('/strategies/0/purpose'), 'and the one now first keeps its own');
  assert.equal(moved.quotations.length, doc.quotations.length);
  for (const q of moved.quotations) {
    const [, list, index, ...rest] = q.split('/');
    if (list !== 'strategies') continue;
    const original = doc.strategies.findIndex((s) => s.id === moved.strategies[Number(index)].id);
    assert.ok(doc.quotations.includes(`/strategies/${original}/${rest.join('/')}`), q);
  }
  // The moved catalog is still one the core loads, with the same texts quoted.
  assert.equal(Catalog.check(moved, { strict: true, readability: true }).valid, true);
  assert.equal(Catalog.check(moved, { readability: true }).readability.quoted, doc.quotations.length);

  const change = removeChange(doc, '/strategies', 1);
  const removed = applyChange(doc, change);
  assert.equal(removed.strategies.length, doc.strategies.length - 1);
  assert.ok(!removed.quotations.some((q) => q.startsWith('/strategies/8/')), 'indexes shift down');
  assert.deepEqual(applyChange(removed, change, true), doc, 'undo gives the list and its quotations back');

  const inserted = applyChange(doc, insertChange(doc, '/strategies', 0, { id: 'x' }));
  assert.equal(inserted.strategies[0].id, 'x');
  assert.ok(inserted.quotations.includes('/strategies/1/purpose'));
  const made = applyChange({}, insertChange({}, '/authors', 0, { name: 'A', role: 'B' }));
  assert.deepEqual(made, { authors: [{ name: 'A', role: 'B' }] });
});

test('history: typing in one field is one step; undo and redo; storage round trip', () => {
  let doc = { title: '' };
  const h = new History({ coalesceMs: 1000 });
  const type = (text, time) => {
    const change = setChange(doc, '/title', text);
    doc = applyChange(doc, change);
    h.record(change, { key: 'text:/title', time });
  };
  type('H', 0);
  type('He', 100);
  type('Hey', 200);
  type('Hey there', 2000); // a pause: a new step
  assert.equal(h.past.length, 2);
  const other = setChange(doc, '/id', 'hey');
  doc = applyChange(doc, other);
  h.record(other, { key: 'text:/id', time: 2100 });
  assert.equal(h.past.length, 3);

  // Through storage: absent values (the key /id did not exist) come back absent.
  const again = History.from(JSON.parse(JSON.stringify(h)));
  let d = doc;
  d = again.undo(d).doc;
  assert.deepEqual(d, { title: 'Hey there' });
  d = again.undo(d).doc;
  assert.deepEqual(d, { title: 'Hey' });
  d = again.undo(d).doc;
  assert.deepEqual(d, { title: '' });
  assert.equal(again.undo(d), null);
  d = again.redo(d).doc;
  assert.deepEqual(d, { title: 'Hey' });
  // A new change clears what could be redone.
  const c = setChange(d, '/title', 'Ho');
  d = applyChange(d, c);
  again.record(c, { key: 'x', time: 5000 });
  assert.equal(again.canRedo, false);

  // A name typed whose id follows it on some keys only ("Sleep b": the space changes no id): one step.
  let entry = { label: '', id: '' };
  const named = new History();
  for (const [i, text] of ['S', 'Sl', 'Sleep', 'Sleep ', 'Sleep b'].entries()) {
    const change = setChange(entry, '/label', text);
    const id = idFromName(text);
    if (id !== entry.id) change.push({ pointer: '/id', before: entry.id, after: id });
    entry = applyChange(entry, change);
    named.record(change, { key: 'text:/label', time: i * 100 });
  }
  assert.equal(named.past.length, 1);
  assert.deepEqual(named.undo(entry).doc, { label: '', id: '' });

  const small = new History({ limit: 3 });
  for (let i = 0; i < 5; i += 1) small.record([{ pointer: '/n', before: i, after: i + 1 }]);
  assert.equal(small.past.length, 3);
  assert.equal(small.past[0].change[0].before, 2, 'the oldest steps go first');
});

test('every condition of the builtin catalog and of the facts test catalog reads and writes back the same', () => {
  const rules = withOverlayDict().rules;
  const shown = [];
  for (const rule of rules) {
    const condition = readCondition(rule.when, circumstancesLists);
    if (condition === null) {
      shown.push(`${rule.id}: JsonLogic only`);
      continue;
    }
    assert.deepEqual(writeCondition(condition), rule.when, rule.id);
    shown.push(`${rule.id}: ${condition.join} ${condition.parts.map((p) => p.kind).join(',')}`);
  }
  // Every builtin rule has the builder's shapes; the facts test's `if` rule has not.
  for (const rule of builtinDict().rules) assert.notEqual(readCondition(rule.when, circumstancesLists), null, rule.id);
  assert.ok(shown.includes('after-treatment: JsonLogic only'));
  assert.ok(shown.includes('bone-and-walking: all listed,fact'));
  assert.ok(shown.includes('spread-to-multiple-areas: any count'), shown.join('\n'));
});

test('the builder\'s parts', () => {
  assert.deepEqual(readCondition(true, circumstancesLists), { join: 'any', parts: [{ kind: 'everyone' }] });
  assert.deepEqual(writeCondition({ join: 'any', parts: [{ kind: 'listed', list: 'sites', ids: ['bone'], form: 'in' }] }),
    { in: ['bone', { var: 'sites' }] });
  assert.deepEqual(writeCondition({ join: 'any', parts: [{ kind: 'listed', list: 'sites', ids: ['bone', 'liver'], form: 'in' }] }),
    { some: [{ var: 'sites' }, { in: [{ var: '' }, ['bone', 'liver']] }] });
  assert.deepEqual(writeCondition({ join: 'all', parts: [{ kind: 'count', op: '>=', value: 2 }, { kind: 'fact', fact: 'walks_daily', op: '==', value: false, form: 'compare' }] }),
    { and: [{ '>=': [{ var: 'site_count' }, 2] }, { '==': [{ var: 'walks_daily' }, false] }] });
  assert.deepEqual(writeCondition({ join: 'any', parts: [{ kind: 'fact', fact: 'tags', op: 'has', value: 'a', form: 'has' }] }),
    { in: ['a', { var: 'tags' }] });
  // Not the builder's: nested joins, `everyone` among others, reserved names, dotted paths.
  for (const when of [
    { or: [{ and: [true, true] }, true] },
    { or: [true, { in: ['pain', { var: 'symptoms' }] }] },
    { '==': [{ var: 'sites' }, 'bone'] },
    { in: ['bone', { var: 'sites.0' }] },
    { '<': [{ var: 'site_count' }, 'two'] },
    { some: [{ var: 'sites' }, { '==': [{ var: '' }, 'bone'] }] },
    false,
    [],
  ]) {
    assert.equal(readCondition(when, circumstancesLists), null, JSON.stringify(when));
  }
});

test('a problem is shown at the closest field', () => {
  const fields = new Set(['/rules/4/when', '/rules/4', '']);
  assert.equal(closestPointer('/rules/4/when/in/0', (p) => fields.has(p)), '/rules/4/when');
  assert.equal(closestPointer('/rules/4/reason', (p) => fields.has(p)), '/rules/4');
  assert.equal(closestPointer('/vocabulary', (p) => fields.has(p)), '');
  assert.equal(closestPointer('/x', () => false), null);
});

test('ids made from names', () => {
  assert.equal(idFromName('Physical Therapy'), 'physical-therapy');
  assert.equal(idFromName('  Soins à domicile (jour) '), 'soins-a-domicile-jour');
  assert.equal(idFromName('---'), '');
});

test('a new catalog has every key the schema requires, and only the problems of what is left to write', () => {
  const doc = newCatalog('2026-12-01', EDITOR_STRINGS.starter);
  const schema = Catalog.schema();
  for (const key of schema.$defs.catalog_document.required) assert.ok(key in doc, key);
  const check = Catalog.check(doc, { strict: true, readability: true });
  assert.equal(check.valid, false);
  // Empty texts to fill in (208), no id yet (214 or 208), no options yet; nothing else.
  const ids = new Set(check.problems.map((p) => p.id));
  for (const id of ids) assert.ok([208, 214, 211].includes(id), `unexpected problem ${id}: ${JSON.stringify(check.problems.filter((p) => p.id === id))}`);
  assert.ok(check.problems.some((p) => p.pointer === '/title'));
  assert.ok(!check.problems.some((p) => p.pointer === '/disclaimer'), 'the disclaimer is written');
});
