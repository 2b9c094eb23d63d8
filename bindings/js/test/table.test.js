// SPDX-License-Identifier: MIT
// Comparison tables from JavaScript: the expectations of tests/python/test_table.py.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Catalog, RenderError, CircumstancesError } from '../src/node.js';

const builtin = Catalog.builtin();
const flat = (text) => text.split(/\s+/).join(' ');

const ARTICLE_TABLE = [
  '| Care Strategy | Purpose | Common Use Cases |',
  '| --- | --- | --- |',
  '| Systemic Therapy | Targets cancer cells system-wide | Used when cancer has spread to multiple areas |',
  '| Radiation Therapy | Reduces localized tumors or pain | Applied to specific sites like bones or brain |',
  '| Physical Therapy | Improves mobility and reduces fatigue | Recommended for patients with bone involvement |',
];

test('the article\'s table word for word', () => {
  const lines = builtin.table({ only: ['systemic-therapy', 'radiation-therapy', 'physical-therapy'] }).split('\n');
  const start = lines.indexOf(ARTICLE_TABLE[0]);
  assert.deepEqual(lines.slice(start, start + 5), ARTICLE_TABLE);
});

for (const format of ['markdown', 'md', 'html', 'text', 'txt', 'csv', 'json', 'HTML']) {
  test(`every ${format} table carries the disclaimer and review date`, () => {
    const out = builtin.table({ format });
    assert.ok(flat(out).includes('This information is solely intended for informational purposes.'));
    assert.ok(out.includes(builtin.lastReviewed));
  });
}

test('result tables carry the disclaimer', () => {
  for (const format of ['markdown', 'html', 'text', 'csv', 'json']) {
    const out = builtin.table({ format, circumstances: { sites: ['bone'], symptoms: ['pain'] } });
    assert.ok(flat(out).includes('informational purposes'));
    assert.ok(out.includes('Radiation Therapy'));
  }
});

test('json tables parse; columns with labels; only', () => {
  const doc = JSON.parse(builtin.table({ format: 'json', columns: ['name', 'benefits=Pros'], only: ['nutrition'] }));
  assert.deepEqual(doc.columns.map((c) => c.label), ['Care Strategy', 'Pros']);
  assert.deepEqual(doc.rows.map((r) => r.id), ['nutrition']);
  assert.ok(builtin.table({ columns: ['name', 'kind'] }).includes('| Care Strategy | Kind |'));
});

test('html fragment and full page', () => {
  const fragment = builtin.table({ format: 'html' });
  assert.ok(!fragment.trimStart().toLowerCase().startsWith('<!doctype'));
  assert.ok(fragment.includes('<th scope="col">'));
  const page = builtin.table({ format: 'html', fullPage: true });
  assert.ok(page.trimStart().toLowerCase().startsWith('<!doctype html>'));
  assert.ok(page.includes('<html lang="en"'));
});

test('text width', () => {
  const out = builtin.table({ format: 'text', width: 60 });
  assert.ok(Math.max(...out.split('\n').map((l) => [...l].length)) <= 60);
});

test('result table with the options not shown', () => {
  const circumstances = { sites: ['bone'], symptoms: ['pain'] };
  const short = builtin.table({ circumstances });
  assert.ok(short.includes('Why shown') && !short.includes('Systemic Therapy'));
  const full = builtin.table({ circumstances, includeNotShown: true });
  assert.ok(full.includes('Why not shown') && full.includes('Systemic Therapy') && full.includes('Not shown'));
  const only = JSON.parse(builtin.table({ format: 'json', circumstances, only: ['monitoring'] }));
  assert.deepEqual(only.rows.map((r) => r.id), ['monitoring']);
});

const BAD = [
  [{ columns: ['name', 'colour'] }, /colour/, 601, '/columns'],
  [{ columns: ['name', 'name'] }, /twice/, 604, null],
  [{ only: ['radiotherapy'] }, /radiotherapy/, 602, '/only/0'],
  [{ format: 'pdf' }, /pdf/, 603, '/format'],
  [{ format: 'text', width: 5 }, /width/, 604, '/width'],
  [{ only: ['nutrition', 3] }, /only/, 604, '/only/1'],
  [{ width: NaN }, /width/, 604, '/width'],
];
for (const [options, pattern, id, path] of BAD) {
  test(`bad table options ${JSON.stringify(options)} are RenderErrors`, () => {
    assert.throws(() => builtin.table(options), (e) => {
      assert.ok(e instanceof RenderError, `${e.name}: ${e.message}`);
      assert.match(e.message, pattern);
      assert.equal(e.id, id);
      if (path !== null) assert.equal(e.path, path);
      return true;
    });
  });
}

test('circumstances in table options are checked where they are', () => {
  assert.throws(() => builtin.table({ circumstances: { sites: ['bones'] } }),
    (e) => e instanceof CircumstancesError && e.path === '/circumstances/sites/0');
});

test('result fields only in result tables', () => {
  assert.throws(() => builtin.table({ columns: ['name', 'score'] }), (e) => e instanceof RenderError && /score/.test(e.message));
});

test('unknown option keys are TypeErrors', () => {
  assert.throws(() => builtin.table({ colour: 'red' }), TypeError);
});
