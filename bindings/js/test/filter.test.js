// SPDX-License-Identifier: MIT
// Filtering from JavaScript: the expectations of tests/python/test_filter.py.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Catalog, CircumstancesError, CareCompareError, circumstancesLists } from '../src/node.js';
import { builtinDict, withOverlayDict } from './support.js';

const builtin = Catalog.builtin();
const ranked = (result) => result.relevant.map((o) => [o.id, o.score]);

test('bone and pain ranking', () => {
  const result = builtin.filter({ sites: ['bone'], symptoms: ['pain'] });
  assert.deepEqual(ranked(result), [
    ['radiation-therapy', 3], ['physical-therapy', 2], ['pain-management', 1], ['monitoring', 1]]);
  assert.equal(result.not_shown.length, 5);
});

test('relevant items carry their reasons, word for word from the rules', () => {
  const first = builtin.filter({ sites: ['bone'], symptoms: ['pain'] }).relevant[0];
  assert.equal(first.id, 'radiation-therapy');
  assert.equal(first.name, 'Radiation Therapy');
  assert.deepEqual(first.reasons.map((r) => r.rule), ['bone-or-brain-site', 'pain']);
  const rule = builtin.rules.find((r) => r.id === 'bone-or-brain-site');
  assert.deepEqual(first.reasons[0], { rule: 'bone-or-brain-site', text: rule.reason });
});

test('not shown items say why not', () => {
  const result = builtin.filter({ sites: ['bone'], symptoms: ['pain'] });
  assert.deepEqual(result.not_shown.map((o) => o.id), [
    'systemic-therapy', 'nutrition', 'physical-activity', 'emotional-support', 'clinical-trials']);
  const systemic = result.not_shown[0];
  assert.equal(systemic.name, 'Systemic Therapy');
  assert.equal(systemic.explanation, 'Not shown for your answers.');
  assert.deepEqual(systemic.rules.map((r) => [r.rule, r.effect, r.matched]), [
    ['spread-to-multiple-areas', 'show', false], ['goal-control-growth', 'show', false]]);
});

test('the result is the C ABI document: catalog, circumstances, disclaimer', () => {
  const result = builtin.filter({ sites: ['bone', 'liver'], symptoms: ['pain'], goals: ['stay-active'] });
  assert.deepEqual(new Set(Object.keys(result)),
    new Set(['catalog', 'circumstances', 'relevant', 'not_shown', 'sources', 'disclaimer']));
  assert.deepEqual(result.sources, builtin.sources);  // every source of the catalog (issue 29)
  const { id, title, version, last_reviewed: lastReviewed, ...about } = result.catalog;
  assert.deepEqual({ id, title, version, lastReviewed },
    { id: builtin.id, title: builtin.title, version: builtin.version, lastReviewed: builtin.lastReviewed });
  // The decision-aid keys the builtin catalog fills, as the C++ result's JSON has them.
  assert.deepEqual(Object.keys(about).sort(),
    ['authors', 'conflicts_of_interest', 'funding', 'next_review', 'update_policy']);
  assert.deepEqual(result.circumstances, {
    sites: ['bone', 'liver'], symptoms: ['pain'], goals: ['stay-active'], facts: {} });
  assert.equal(result.disclaimer, builtin.disclaimer);
  assert.ok(result.relevant.every((r) => Number.isInteger(r.score)));
});

test('nothing stated shows monitoring only', () => {
  for (const result of [builtin.filter(), builtin.filter({}), builtin.filter({ sites: undefined })]) {
    assert.deepEqual(ranked(result), [['monitoring', 1]]);
    assert.equal(result.not_shown.length, 8);
  }
});

test('ties keep catalog order', () => {
  const result = builtin.filter({ symptoms: ['fatigue'] });
  assert.deepEqual(result.relevant.map((o) => o.id), ['physical-therapy', 'nutrition', 'physical-activity', 'monitoring']);
});

test('facts reach the rules and are checked against their declarations', () => {
  const doc = builtinDict();
  doc.facts = [{ id: 'stage', type: 'number', label: 'Stage', description: 'Cancer stage' }];
  doc.rules.push({
    id: 'late-stage', description: 'Stage 4', when: { '>=': [{ var: 'stage' }, 4] },
    show: ['clinical-trials'], weight: 5, reason: 'Stage 4 was stated.' });
  const cat = Catalog.fromJSON(doc);
  assert.equal(cat.facts[0].id, 'stage');
  assert.equal(cat.filter({ facts: { stage: 4 } }).relevant[0].id, 'clinical-trials');
  assert.equal(cat.filter({ facts: { stage: 2 } }).relevant[0].id, 'monitoring');
  assert.deepEqual(cat.filter({ facts: { stage: 4 } }).circumstances.facts, { stage: 4 });
  assert.throws(() => cat.filter({ facts: { stage: 'four' } }), (e) => e instanceof CircumstancesError && e.path === '/facts/stage');
  assert.throws(() => cat.filter({ facts: { age: 70 } }), (e) => e instanceof CircumstancesError && e.path === '/facts/age');
});

test('a pain score nobody gave leaves the option undecided', () => {
  const cat = Catalog.fromJSON(withOverlayDict());
  const result = cat.filter({ sites: ['liver'] });
  assert.ok(!result.relevant.some((o) => o.id === 'physical-activity'));
  const activity = result.undecided.find((o) => o.id === 'physical-activity');
  assert.equal(activity.name, 'Physical Activity');
  assert.deepEqual(activity.facts.map((f) => f.id), ['pain_score']);
  // The C ABI's document names the facts not answered; the catalog declares them.
  assert.deepEqual(result.not_answered, ['pain_score', 'walks_daily', 'treatment_phase', 'monitored_elsewhere']);
  assert.deepEqual(cat.facts.find((f) => f.id === result.not_answered[2]).values, ['before', 'during', 'after']);
  const shown = cat.filter({ sites: ['liver'], facts: { pain_score: 2 } });
  assert.deepEqual(shown.relevant.find((o) => o.id === 'physical-activity').reasons.map((r) => r.rule), ['mild-pain']);
  assert.ok(cat.filter({ sites: ['liver'], facts: { pain_score: 5 } }).not_shown.some((o) => o.id === 'physical-activity'));
  assert.ok(cat.filter({ facts: { pain_score: null } }).undecided.some((o) => o.id === 'physical-activity'));
});

test('builtin results have nothing undecided', () => {
  const result = builtin.filter({ sites: ['liver'] });
  assert.equal(result.undecided, undefined);
  assert.equal(result.not_answered, undefined);
});

test('open and not answered lists leave what hangs on them undecided, as in Python', () => {
  const result = builtin.filter({ sites: ['bone', 'liver'], open: ['sites', 'symptoms'], notAnswered: ['goals'] });
  assert.ok(result.relevant.some((o) => o.id === 'systemic-therapy'));
  assert.ok(result.undecided.length > 0);
  const labels = result.undecided.flatMap((o) => o.lists.map((l) => l.label));
  assert.ok(labels.includes('Symptoms you have') && labels.includes('What matters to you'), labels.join(', '));
  assert.deepEqual(result.circumstances.open, ['sites', 'symptoms']);
  assert.deepEqual(result.circumstances.not_answered, ['goals']);
  // The snake_case key is the same; a list left out is closed, as always.
  assert.deepEqual(builtin.filter({ sites: ['bone', 'liver'], open: ['sites', 'symptoms'], not_answered: ['goals'] }),
    result);
  assert.equal(builtin.filter({ sites: ['bone', 'liver'] }).undecided, undefined);
  assert.throws(() => builtin.filter({ not_answered: ['goals'], notAnswered: ['goals'] }), TypeError);
  for (const [given, path, id] of [
    [{ open: ['symptom'] }, '/open/0', 309],
    [{ goals: ['stay-active'], notAnswered: ['goals'] }, '/goals/0', 309],
    [{ open: 'sites' }, '/open', 302],
  ]) {
    assert.throws(() => builtin.filter(given), (e) => e instanceof CircumstancesError && e.path === path && e.id === id,
      JSON.stringify(given));
  }
});

const ERRORS = [
  [{ sites: ['bones'] }, '/sites/0', 301],
  [{ sites: ['bone', 'brian'] }, '/sites/1', 301],
  [{ symptoms: ['pain', 'pain'] }, '/symptoms/1', 305],
  [{ goals: ['cure'] }, '/goals/0', 301],
  [{ sites: 'bone' }, '/sites', 302],
  [{ sites: 3 }, '/sites', 302],
  [{ sites: ['bone', 3] }, '/sites/1', 302],
  [{ sites: [null] }, '/sites/0', 302],
  [{ facts: ['stage'] }, '/facts', 302],
  [{ facts: { sites: 1 } }, '/facts/sites', 304],
  [{ facts: { when: new Set([1, 2]) } }, '/facts/when', 302],
  [{ facts: { x: NaN } }, '/facts/x', 302],
  [{ facts: { x: [Infinity] } }, '/facts/x/0', 302],
];
for (const [given, path, id] of ERRORS) {
  test(`circumstances error at ${path} (${JSON.stringify(given)})`, () => {
    assert.throws(() => builtin.filter(given), (e) => {
      assert.ok(e instanceof CircumstancesError && e instanceof CareCompareError && e instanceof Error);
      assert.equal(e.name, 'CircumstancesError');
      assert.equal(e.path, path);
      assert.equal(e.id, id);
      assert.ok(e.message.includes(path), e.message);
      return true;
    });
  });
}

test('an unknown site lists the allowed ids', () => {
  assert.throws(() => builtin.filter({ sites: ['bones'] }), /allowed: bone, liver, lung, brain/);
});

test('an unknown key is a TypeError', () => {
  assert.throws(() => builtin.filter({ site: ['bone'] }), TypeError);
  assert.throws(() => builtin.filter({ site: ['bone'] }), /expected sites, symptoms, goals, facts/);
  assert.throws(() => builtin.filter('bone'), TypeError);
});

test('the lists come from the core: the keys of a result\'s circumstances and of the vocabulary', () => {
  assert.deepEqual(circumstancesLists, ['sites', 'symptoms', 'goals']);
  assert.ok(Object.isFrozen(circumstancesLists));
  const stated = builtin.filter({}).circumstances;
  assert.deepEqual(Object.keys(stated).filter((k) => k !== 'facts').sort(), [...circumstancesLists].sort());
  assert.deepEqual(Object.keys(builtin.vocabulary).sort(), [...circumstancesLists].sort());
});

test('results are independent plain objects', () => {
  const a = builtin.filter({ sites: ['bone'] });
  const b = builtin.filter({ symptoms: ['anxiety'] });
  assert.notDeepEqual(a.relevant.map((o) => o.id), b.relevant.map((o) => o.id));
  a.relevant.length = 0;
  assert.ok(builtin.filter({ sites: ['bone'] }).relevant.length > 0);
});

test('the result equals the C ABI\'s carecompare_filter document, parsed, key for key in order', async () => {
  // The API parses the compact document (carecompare_filter_compact); the core's indented one,
  // read here through the core itself, is the same document.
  const { createRequire } = await import('node:module');
  const core = await createRequire(import.meta.url)('../dist/carecompare-node.cjs')();
  const out = core._malloc(4);
  assert.equal(core._carecompare_catalog_builtin(out), 0);
  const cat = core.getValue(out, 'i32');
  const overlay = Catalog.fromJSON(withOverlayDict());
  const overlayText = JSON.stringify(withOverlayDict());
  const textPtr = core._malloc(core.lengthBytesUTF8(overlayText) + 1);
  core.stringToUTF8(overlayText, textPtr, core.lengthBytesUTF8(overlayText) + 1);
  assert.equal(core._carecompare_catalog_from_json(out, textPtr, core.lengthBytesUTF8(overlayText)), 0);
  const overlayCat = core.getValue(out, 'i32');
  const cAbi = (handle, answers) => {
    const text = JSON.stringify(answers);
    const len = core.lengthBytesUTF8(text);
    const ptr = core._malloc(len + 1);
    core.stringToUTF8(text, ptr, len + 1);
    assert.equal(core._carecompare_filter(out, handle, ptr, len), 0);
    core._free(ptr);
    const doc = core.getValue(out, 'i32');
    const parsed = JSON.parse(core.UTF8ToString(doc));
    core._carecompare_string_free(doc);
    return parsed;
  };
  const cases = [
    {}, { sites: ['bone'], symptoms: ['pain'] }, { sites: ['bone', 'liver', 'brain'], goals: ['stay-active'] },
    { symptoms: ['fatigue', 'anxiety'], goals: ['explore-new-treatments', 'emotional-wellbeing'] },
  ];
  for (const answers of cases) {
    const expected = cAbi(cat, answers);
    const got = builtin.filter(answers);
    assert.deepEqual(got, expected);
    assert.equal(JSON.stringify(got), JSON.stringify(expected)); // the same members in the same order
  }
  for (const answers of [{ sites: ['liver'] }, { sites: ['bone'], facts: { pain_score: 2, walks_daily: true } }]) {
    assert.equal(JSON.stringify(overlay.filter(answers)), JSON.stringify(cAbi(overlayCat, answers)));
  }
  core._carecompare_catalog_free(cat);
  core._carecompare_catalog_free(overlayCat);
  core._free(textPtr);
  core._free(out);
  overlay.dispose();
});
