// SPDX-License-Identifier: MIT
// What the editor asks of the core through the JS API: Catalog.check() (validate, whether the
// catalog loads or not), Catalog.schema(), catalog.translationTemplate() and readability(text).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { Catalog, CatalogError, readability } from '../src/node.js';
import { ROOT, builtinDict } from './support.js';

test('check: the builtin catalog passes validate --strict --readability', () => {
  const check = Catalog.check(readFileSync(join(ROOT, 'data/catalogs/metastatic-breast-cancer.json'), 'utf8'), { strict: true, readability: true });
  assert.equal(check.valid, true);
  assert.deepEqual(check.problems, []);
  assert.equal(check.strategies, 9);
  assert.equal(check.readability.quoted, 9);
  assert.ok(check.readability.texts.every((t) => t.pointer.startsWith('/')));
  assert.equal(Catalog.check(builtinDict()).readability, null, 'graded only when asked');
});

test('check: a catalog that does not load is the answer, with every problem where it is', () => {
  const doc = builtinDict();
  doc.strategies[0].kind = 'cure';
  doc.rules[4].when = { in: ['bnoe', { var: 'sites' }] };
  doc.rules[11].when = false;
  const check = Catalog.check(doc, { strict: true });
  assert.equal(check.valid, false);
  assert.equal(check.strategies, null);
  const got = check.problems.map((p) => [p.id, p.level, p.pointer]);
  assert.deepEqual(got.slice(0, 2), [[207, 'error', '/strategies/0/kind'], [231, 'error', '/rules/4/when/in/0']]);
  assert.ok(got.some(([id, level]) => id === 240 && level === 'warning'), 'warnings of a catalog with errors too');
  assert.equal(check.problems[1].suggestion, 'bone');
  // Not JSON: a syntax error with its line and column.
  const syntax = Catalog.check('{\n"format": }');
  assert.deepEqual(syntax.problems.map((p) => [p.id, p.line, p.column]), [[201, 2, 11]]);
  assert.throws(() => Catalog.check([]), TypeError);
  assert.throws(() => Catalog.check('{}', { maxGrade: Number.NaN }), TypeError);
});

test('check: warnings alone load; with strict they are not valid', () => {
  const doc = builtinDict();
  doc.rules[11].when = false;
  assert.equal(Catalog.check(doc).valid, true);
  assert.equal(Catalog.check(doc, { strict: true }).valid, false);
  assert.equal(Catalog.check(doc, { strict: true }).strategies, 9);
});

test('schema: the one carecompare schema prints', () => {
  assert.deepEqual(Catalog.schema(), JSON.parse(readFileSync(join(ROOT, 'data/schema/catalog.schema.json'), 'utf8')));
});

test('translationTemplate: the overlay translators fill in; a bad tag is refused at /locale', () => {
  const builtin = Catalog.builtin();
  const template = JSON.parse(builtin.translationTemplate('fr'));
  assert.equal(template.format, 'carecompare.translation/1');
  assert.equal(template.locale, 'fr');
  assert.equal(template.rules.pain.reason, builtin.rules.find((r) => r.id === 'pain').reason);
  assert.throws(() => builtin.translationTemplate('not a tag'), (e) => e instanceof CatalogError && e.path === '/locale' && e.id === 215);
  assert.throws(() => builtin.translationTemplate(7), TypeError);
  builtin.dispose();
});

test('readability of one text', () => {
  const r = readability('The cat sat. It is here!');
  assert.deepEqual([r.sentences, r.words], [2, 6]);
  assert.ok(readability('Individualized radiotherapeutic interventions necessitate consultation.').grade > 12);
  assert.equal(readability('').words, 0);
  assert.throws(() => readability(null), TypeError);
});
