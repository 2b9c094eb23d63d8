// SPDX-License-Identifier: MIT
// Loading and inspecting catalogs, CatalogError with its path, and handles that are freed:
// the expectations of tests/python/test_catalog.py.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { createApi } from '../src/api.js';
import { Catalog, CatalogError, CareCompareError, isRightToLeft, liveCatalogs, version } from '../src/node.js';
import { builtinDict } from './support.js';

const createCore = createRequire(import.meta.url)('../dist/carecompare-node.cjs');

const ARTICLE_IDS = ['systemic-therapy', 'radiation-therapy', 'physical-therapy', 'nutrition', 'physical-activity',
  'pain-management', 'emotional-support', 'monitoring', 'clinical-trials'];

test('the text direction of a language is the core\'s', () => {
  for (const tag of ['ar', 'he-IL', 'fa', 'ur', 'pa-Arab', 'AR-eg']) assert.equal(isRightToLeft(tag), true, tag);
  for (const tag of ['en', 'es-MX', 'az-Latn', 'ur-Deva', 'arn', '', undefined]) assert.equal(isRightToLeft(tag), false, String(tag));
});

test('the version is the library\'s, and the npm package\'s', () => {
  // The wasm core answers carecompare_version_string(); package.json is the copy that
  // scripts/set-version.sh writes (tests/release/test_versions.py compares it with config.hpp).
  const config = readFileSync(new URL('../../../include/carecompare/config.hpp', import.meta.url), 'utf8');
  const part = (name) => config.match(new RegExp(`^#define CARECOMPARE_VERSION_${name} (\\d+)$`, 'm'))[1];
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  assert.equal(version, `${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`);
  assert.equal(version, pkg.version);
});

test('builtin catalog fields', () => {
  const doc = builtinDict();
  const builtin = Catalog.builtin();
  assert.equal(builtin.id, 'metastatic-breast-cancer');
  assert.equal(builtin.title, doc.title);
  assert.equal(builtin.version, doc.version);
  assert.equal(builtin.disclaimer, doc.disclaimer);
  assert.equal(builtin.published, doc.published);
  assert.equal(builtin.lastReviewed, doc.last_reviewed);
  assert.equal(builtin.locale, 'en');
  assert.equal(builtin.condition, doc.condition);
  assert.deepEqual(builtin.sources, doc.sources);
  assert.deepEqual(builtin.vocabulary, doc.vocabulary);
  assert.deepEqual(builtin.columns, doc.columns);
  assert.deepEqual(builtin.rules, doc.rules);
  assert.deepEqual(builtin.facts, []);
  assert.deepEqual(builtin.strategies.map((s) => s.id), ARTICLE_IDS);
});

test('the builtin catalog is the data file', () => {
  const builtin = Catalog.builtin();
  assert.deepEqual(builtin.toJSON(), builtinDict());
  assert.deepEqual(JSON.parse(JSON.stringify(builtin)), builtinDict());
});

test('strategies in the article\'s words', () => {
  const builtin = Catalog.builtin();
  const systemic = builtin.strategy('systemic-therapy');
  assert.equal(systemic.name, 'Systemic Therapy');
  assert.equal(systemic.purpose, 'Targets cancer cells system-wide');
  assert.equal(systemic.use_cases[0], 'Used when cancer has spread to multiple areas');
  assert.equal(systemic.kind, 'treatment');
  assert.throws(() => builtin.strategy('radiotherapy'), (e) => e instanceof RangeError && /radiotherapy/.test(e.message));
});

test('fromJSON takes text, bytes and objects', () => {
  const doc = builtinDict();
  const text = JSON.stringify(doc);
  for (const source of [text, new TextEncoder().encode(text), doc]) {
    const cat = Catalog.fromJSON(source);
    assert.deepEqual(cat.toJSON(), doc);
  }
});

test('round trip through toJSONText', () => {
  const builtin = Catalog.builtin();
  const pretty = builtin.toJSONText(2);
  assert.ok(pretty.includes('\n  "id"'));
  const again = Catalog.fromJSON(pretty);
  assert.deepEqual(again.toJSON(), builtin.toJSON());
  assert.ok(!builtin.toJSONText().includes('\n'));
});

test('the constructor is not public', () => {
  assert.throws(() => new Catalog(), TypeError);
});

test('a bad catalog is a CatalogError with the JSON Pointer of the spot', () => {
  const doc = builtinDict();
  doc.strategies[0].kind = 'miracle';
  assert.throws(() => Catalog.fromJSON(doc), (e) => {
    assert.ok(e instanceof CatalogError && e instanceof CareCompareError);
    assert.equal(e.path, '/strategies/0/kind');
    assert.equal(e.id, 207);
    assert.match(e.message, /\/strategies\/0\/kind/);
    return true;
  });
});

test('a syntax error is a CatalogError with line and column', () => {
  assert.throws(() => Catalog.fromJSON('{"format": }'), (e) => {
    assert.ok(e instanceof CatalogError);
    assert.match(e.message, /line 1, column \d+/);
    assert.ok(e.id > 0);
    return true;
  });
});

test('values with no JSON form in a catalog object are CatalogErrors at their spot', () => {
  const doc = builtinDict();
  doc.strategies[1].name = () => 'x';
  assert.throws(() => Catalog.fromJSON(doc), (e) => e instanceof CatalogError && e.path === '/strategies/1/name');
  const cyclic = builtinDict();
  cyclic.extensions = { self: null };
  cyclic.extensions.self = cyclic.extensions;
  assert.throws(() => Catalog.fromJSON(cyclic), (e) => e instanceof CatalogError && e.path === '/extensions/self');
});

test('fromJSON refuses what is no catalog source', () => {
  for (const bad of [null, undefined, 3, [1]]) assert.throws(() => Catalog.fromJSON(bad), TypeError);
});

test('dispose frees the handle; using it afterwards throws; twice is harmless', () => {
  const before = liveCatalogs();
  const cat = Catalog.builtin();
  assert.equal(liveCatalogs(), before + 1);
  assert.equal(cat.disposed, false);
  cat.dispose();
  assert.equal(cat.disposed, true);
  assert.equal(liveCatalogs(), before);
  cat.dispose();
  assert.equal(liveCatalogs(), before);
  assert.throws(() => cat.filter({ sites: ['bone'] }), /disposed/);
  assert.throws(() => cat.table(), /disposed/);
});

test('Symbol.dispose frees (what `using` calls at the end of a block)', () => {
  const before = liveCatalogs();
  const cat = Catalog.builtin();
  assert.equal(liveCatalogs(), before + 1);
  assert.equal(cat.filter({ sites: ['bone'] }).relevant[0].id, 'radiation-therapy');
  assert.equal(typeof Symbol.dispose, 'symbol');
  cat[Symbol.dispose]();
  assert.equal(cat.disposed, true);
  assert.equal(liveCatalogs(), before);
});

test('catalogs nobody disposed of are freed when the garbage collector collects them', async () => {
  // What the collector does is the engine's (it may run a registry's cleanup late, or never);
  // what the API must do is register every catalog it hands out with the pointer to free, free
  // exactly that pointer in the cleanup, and unregister a catalog disposed of. A registry that
  // records, and runs the cleanup as the collector would, checks that without waiting on a GC.
  class RecordingRegistry {
    constructor(cleanup) {
      this.cleanup = cleanup;
      this.held = new Map(); // unregister token -> held value
      RecordingRegistry.last = this;
    }

    register(target, held, token) {
      assert.equal(target, token, 'the catalog is its own unregister token');
      this.held.set(token, held);
    }

    unregister(token) {
      return this.held.delete(token);
    }

    /** What the collector does once `token`'s catalog is unreachable. */
    collect(token) {
      const held = this.held.get(token);
      this.held.delete(token);
      this.cleanup(held);
    }
  }
  // The core, with each catalog it frees recorded (a proxy: emscripten rebinds its exports).
  const core = await createCore();
  const freed = [];
  const recordingCore = new Proxy(core, {
    get(target, key) {
      if (key !== '_carecompare_catalog_free') return target[key];
      return (ptr) => {
        freed.push(ptr);
        return target._carecompare_catalog_free(ptr);
      };
    },
  });
  const api = createApi(recordingCore, { FinalizationRegistry: RecordingRegistry });
  const registry = RecordingRegistry.last;

  const catalogs = Array.from({ length: 50 }, () => api.Catalog.builtin());
  catalogs.forEach((cat) => assert.equal(cat.filter({ sites: ['bone'] }).relevant[0].id, 'radiation-therapy'));
  assert.equal(api.liveCatalogs(), 50);
  assert.equal(registry.held.size, 50);
  const pointers = [...registry.held.values()];
  assert.equal(new Set(pointers).size, 50, 'each catalog holds its own pointer');

  const disposed = catalogs.pop();
  disposed.dispose();
  assert.equal(registry.held.has(disposed), false, 'dispose() unregisters: the cleanup never frees it again');
  assert.equal(freed.length, 1);

  for (const cat of catalogs) registry.collect(cat);
  const byValue = (a, b) => a - b;
  assert.deepEqual(freed.slice(1).sort(byValue), pointers.filter((p) => p !== freed[0]).sort(byValue));
  assert.equal(new Set(freed).size, 50, 'every pointer freed once');
  assert.equal(api.liveCatalogs(), 0);
  assert.equal(registry.held.size, 0);
});

test('many catalogs loaded and freed do not grow memory', () => {
  const text = JSON.stringify(builtinDict());
  for (let i = 0; i < 20; i += 1) Catalog.fromJSON(text).dispose();
  const before = liveCatalogs();
  for (let i = 0; i < 200; i += 1) {
    const cat = Catalog.fromJSON(text);
    cat.filter({ sites: ['bone'], symptoms: ['pain'] });
    cat.table({ format: 'html' });
    cat.dispose();
  }
  assert.equal(liveCatalogs(), before);
});

test('labels: every one, the catalog\'s words or the core\'s English default', () => {
  const builtin = Catalog.builtin();
  const labels = builtin.labels;
  assert.equal(labels.question_sites, 'Where the cancer has spread'); // the catalog's own
  assert.equal(labels.question_goals, 'What matters to you');
  assert.equal(labels.shown, 'Shown (score {score})');
  assert.equal(labels.written_by, 'Written by');
  assert.ok(Object.isFrozen(labels));
  assert.equal(builtin.labels, labels, 'read once');
  const doc = builtinDict();
  doc.labels = { score: 'Punkte', question_sites: 'Wo' };
  const german = Catalog.fromJSON(doc);
  assert.equal(german.labels.score, 'Punkte');
  assert.equal(german.labels.question_sites, 'Wo');
  assert.equal(german.labels.status, 'Status');
  assert.deepEqual(Object.keys(german.labels), Object.keys(labels));
  german.dispose();
  builtin.dispose();
});
