// SPDX-License-Identifier: MIT
// Health records from JavaScript: the expectations of tests/python/test_fhir.py. With
// CARECOMPARE_CLI set (scripts/web-test.sh sets it for the browser tests), filter({fhir}) is
// compared with `carecompare show --fhir --format json`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Catalog, RecordError, CircumstancesError, LogicError } from '../src/node.js';

const builtin = Catalog.builtin();
const fhirDir = new URL('../../../tests/data/fhir/', import.meta.url);
const recordText = (name) => readFileSync(new URL(name, fhirDir), 'utf8');

test('readFhir gives the answers with their evidence, from text or a value', () => {
  const reading = builtin.readFhir(recordText('bone-and-liver.json'));
  assert.deepEqual(reading, builtin.readFhir(JSON.parse(recordText('bone-and-liver.json'))));
  assert.deepEqual(reading.sites.map((s) => s.id), ['bone', 'liver']);
  assert.equal(reading.sites[0].sources[0].pointer, '/entry/0/resource');
  assert.equal(reading.unknown_codes[0].code, '254837009');
  assert.match(reading.summary, /^From the health record: Where the cancer has spread: bones \(Secondary malignant neoplasm of bone, 2024-03-01\)/);
});

test('filter({fhir}) opens the lists the record names; the lists given close theirs', () => {
  const result = builtin.filter({ fhir: JSON.parse(recordText('prefetch.json')) });
  assert.deepEqual(result.circumstances.sites, ['bone']);
  assert.equal(result.record.symptoms[0].sources[0].id, 'pain');
  const closed = builtin.filter({ fhir: recordText('prefetch.json'), symptoms: ['fatigue'] });
  assert.deepEqual(closed.circumstances.symptoms, ['fatigue', 'pain']);
  assert.equal(builtin.filter({ sites: ['bone'] }).record, undefined);
});

test('each reason of filter({fhir}) cites the record answers it rests on, as the core words it', () => {
  const result = builtin.filter({ fhir: recordText('bone-and-liver.json') });
  const bones = 'bones (Secondary malignant neoplasm of bone, 2024-03-01)';
  const cited = Object.fromEntries(result.relevant.map((o) => [o.id, o.reasons.map((r) => r.from_record)]));
  assert.deepEqual(cited['physical-therapy'], [`From the health record: Where the cancer has spread: ${bones}.`]);
  assert.deepEqual(cited['radiation-therapy'], [`From the health record: Where the cancer has spread: ${bones}.`]);
  assert.match(cited['systemic-therapy'][0], /bones .* and liver \(Secondary malignant neoplasm of liver/);
  assert.deepEqual(cited.monitoring, [undefined]);
  // The person's own answer is not cited; answers without a record cite nothing.
  const pain = builtin.filter({ fhir: recordText('bone-and-liver.json'), symptoms: ['pain'] });
  const radiation = pain.relevant.find((o) => o.id === 'radiation-therapy').reasons;
  assert.deepEqual(radiation.map((r) => [r.rule, r.from_record === undefined]), [['bone-or-brain-site', false], ['pain', true]]);
  assert.ok(builtin.filter({ sites: ['bone'] }).relevant.every((o) => o.reasons.every((r) => !('from_record' in r))));
});

test('a record that cannot be read is a RecordError pointing into it', () => {
  assert.throws(() => builtin.readFhir({ resourceType: 'Bundle', entry: {} }),
    (e) => e instanceof RecordError && e.id === 705 && e.path === '/entry' && e.kind === 'fhir');
  assert.throws(() => builtin.filter({ fhir: '{"resourceType": ' }), (e) => e instanceof RecordError && e.id === 701);
  assert.throws(() => builtin.readFhir([{ resourceType: 'Condition', onsetDateTime: NaN }]),
    (e) => e instanceof RecordError && e.path === '/0/onsetDateTime');
  assert.throws(() => builtin.filter({ fhir: recordText('prefetch.json'), sites: ['elbow'] }),
    (e) => e instanceof CircumstancesError && e.path === '/sites/0');
});

test('filter({fhir}) agrees with the command line', { skip: !process.env.CARECOMPARE_CLI }, () => {
  for (const name of ['bone-and-liver.json', 'prefetch.json', 'condition-statuses.json']) {
    const path = new URL(name, fhirDir).pathname;
    const cli = execFileSync(process.env.CARECOMPARE_CLI, ['show', '--fhir', path, '--format', 'json'], { encoding: 'utf8' });
    assert.deepEqual(builtin.filter({ fhir: recordText(name) }), JSON.parse(cli), name);
  }
});

test('toPlanDefinition gives one action per option, with its url and the untranslatable rules', () => {
  const plan = builtin.toPlanDefinition();
  assert.equal(plan.resourceType, 'PlanDefinition');
  assert.equal(plan.url, undefined);
  assert.deepEqual(plan.action.map((a) => a.title), builtin.strategies.map((s) => s.name));
  assert.equal(plan.action[0].condition[0].expression.language, 'text/fhirpath');
  assert.equal(builtin.toPlanDefinition({ baseUrl: 'https://fhir.example.org' }).url,
    'https://fhir.example.org/PlanDefinition/metastatic-breast-cancer');
  assert.throws(() => builtin.toPlanDefinition({ baseUrl: 'no url' }), (e) => e.id === 604);
  assert.throws(() => builtin.toPlanDefinition({ untranslatable: 'maybe' }), TypeError);
  const doc = builtin.toJSON();
  doc.rules[3].when = { if: [{ in: ['pain', { var: 'symptoms' }] }, true, false] };
  const withIf = Catalog.fromJSON(doc);
  assert.throws(() => withIf.toPlanDefinition(), (e) => e instanceof LogicError && e.id === 505 && e.path === '/rules/3/when/if');
  assert.equal(withIf.toPlanDefinition({ untranslatable: 'keep' }).action.length, builtin.strategies.length);
});
