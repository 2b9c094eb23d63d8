// SPDX-License-Identifier: MIT
// The catalog as a FHIR PlanDefinition (`carecompare fhir plan-definition`), checked by tools
// nobody here wrote:
// - valid FHIR R4: the PlanDefinition of the builtin catalog and of every test catalog has no
//   error by FHIR.js (errorOnUnexpected) nor by @asymmetrik/fhir-json-schema-validator (R4);
// - agreement: on every record of tests/data/fhir and on generated records (a seeded PRNG picks
//   codes, statuses, dates and values), HL7's FHIRPath engine (fhirpath.js, R4 model) gives, for
//   each action's condition, true exactly where `carecompare show --fhir` shows the option, false
//   where it does not, and empty where it leaves it undecided. A disagreement prints the record,
//   the option, the rules and both answers.
// The CLI is $CARECOMPARE_CLI, else build/test or build/dev's; without one the tests are skipped
// (under CI=true they fail). Run with `node --test` in this folder (scripts/fhir-test.sh).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const JsonSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');
const fhirpath = require('fhirpath');
const r4 = require('fhirpath/fhir-context/r4');
const run = promisify(execFile);

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const data = join(root, 'tests', 'data');

/** The carecompare CLI to compare with, or null. */
function findCli() {
  const candidates = [process.env.CARECOMPARE_CLI, join(root, 'build', 'test', 'src', 'carecompare'),
    join(root, 'build', 'dev', 'src', 'carecompare')];
  return candidates.find((c) => c && existsSync(c)) ?? null;
}
const cli = findCli();
const ci = process.env.CI === 'true';
const skip = cli === null && !ci ? 'no carecompare CLI: build it, or set CARECOMPARE_CLI' : false;
if (skip) console.log(`# skipped: ${skip}`);

const work = mkdtempSync(join(tmpdir(), 'carecompare-plan-'));
after(() => rmSync(work, { recursive: true, force: true }));

// ---- the catalogs --------------------------------------------------------------------------

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}
const builtin = readJson(join(root, 'data', 'catalogs', 'metastatic-breast-cancer.json'));
const facts = readJson(join(data, 'facts', 'fhir.json'));
const operators = readJson(join(here, 'operators.json'));
/** The builtin catalog with the test facts (and their rules), and maybe more rules. */
function coded(extraRules = []) {
  const doc = structuredClone(builtin);
  doc.facts = facts.facts;
  doc.rules = [...doc.rules, ...facts.rules, ...extraRules];
  return doc;
}
const catalogs = {
  builtin,
  'builtin with the test facts': coded(),
  'builtin with the test facts and every operator': coded(operators.rules),
  'knee (tests/data/page)': readJson(join(data, 'page', 'knee.json')),
  'he (tests/data/labels)': readJson(join(data, 'labels', 'he.json')),
};
const catalogFiles = Object.fromEntries(Object.entries(catalogs).map(([name, doc], i) => {
  const file = join(work, `catalog-${i}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return [name, file];
}));

const plans = {};
async function planOf(name) {
  if (!plans[name]) {
    const { stdout } = await run(cli, ['fhir', 'plan-definition', '--catalog', catalogFiles[name]],
      { maxBuffer: 64 << 20 });
    plans[name] = JSON.parse(stdout);
  }
  return plans[name];
}

// ---- valid FHIR ----------------------------------------------------------------------------

const fhirJs = new Fhir();
const schemaValidator = new JsonSchemaValidator();

for (const name of Object.keys(catalogs)) {
  test(`the PlanDefinition of ${name} is valid FHIR R4 (FHIR.js and the R4 JSON schema)`, { skip }, async () => {
    const plan = await planOf(name);
    assert.equal(plan.resourceType, 'PlanDefinition');
    assert.equal(plan.action.length, catalogs[name].strategies.length);
    const { valid, messages } = fhirJs.validate(plan, { errorOnUnexpected: true });
    const errors = messages.filter((m) => m.severity === 'error');
    assert.deepEqual(errors.map((m) => `${m.location}: ${m.message}`), [], 'FHIR.js errors');
    assert.ok(valid, 'FHIR.js says not valid');
    assert.deepEqual(schemaValidator.validate(plan), [], 'JSON schema errors');
  });
}

test('the validators are not rubber stamps: an action with an unknown element fails both', { skip }, async () => {
  const plan = structuredClone(await planOf('builtin'));
  plan.action[0].conditionText = 'x';
  assert.equal(fhirJs.validate(plan, { errorOnUnexpected: true }).valid, false);
  assert.ok(schemaValidator.validate(plan).length > 0);
});

// ---- the records ---------------------------------------------------------------------------

/** The record as one Bundle: the root every expression reads. */
function asBundle(record) {
  if (record?.resourceType === 'Bundle') return record;
  let resources;
  if (Array.isArray(record)) resources = record;
  else if (record && typeof record === 'object' && !('resourceType' in record)) {
    resources = Object.values(record).filter((v) => v !== null);  // a CDS Hooks prefetch
  } else resources = [record];
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
}

/** A seeded PRNG (mulberry32), so that every run generates the same records. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Records made of random subsets of a catalog's codes, statuses, dates and values. */
function generate(doc, count, seed) {
  const random = prng(seed);
  const pick = (items) => items[Math.floor(random() * items.length)];
  const maybe = (p) => random() < p;
  const clinical = [undefined, undefined, 'active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'];
  const verification = [undefined, undefined, 'confirmed', 'unconfirmed', 'provisional', 'differential', 'refuted',
    'entered-in-error'];
  const observationStatus = ['final', 'final', 'final', 'final', 'amended', 'corrected', 'preliminary', 'registered', 'cancelled',
    'entered-in-error', 'unknown'];
  const entries = Object.values(doc.vocabulary).flat().filter((e) => e.codes);
  const coded = (doc.facts ?? []).filter((f) => f.codes);
  const day = () => String(1 + Math.floor(random() * 28)).padStart(2, '0');
  const month = () => String(1 + Math.floor(random() * 12)).padStart(2, '0');
  const year = () => String(2023 + Math.floor(random() * 2));
  const time = () => {
    const t = `T${String(Math.floor(random() * 24)).padStart(2, '0')}:${pick(['00', '15', '30', '59'])}:${pick(['00', '30', '59'])}`;
    const fraction = pick(['', '', '.5', '.25', '.250', '.1234']);
    return t + fraction + pick(['Z', '+00:00', '-05:00', '+14:00', '+05:30']);
  };
  const date = () => {
    switch (Math.floor(random() * 5)) {
      case 0: return year();
      case 1: return `${year()}-${month()}`;
      case 2: return `${year()}-${month()}-${day()}`;
      default: return `${year()}-${month()}-${day()}${time()}`;
    }
  };
  const status = (system, code) => (code === undefined ? undefined : { coding: [{ system, code }] });
  const out = [];
  for (let r = 0; r < count; ++r) {
    const resources = [];
    const n = Math.floor(random() * 6);
    for (let k = 0; k < n && entries.length; ++k) {
      const entry = pick(entries);
      const coding = [pick(entry.codes)].map(({ system, code }) => ({ system, code }));
      if (maybe(0.2)) coding.unshift({ system: 'http://snomed.info/sct', code: '254837009' });
      const condition = { resourceType: 'Condition', id: `c${k}`, subject: { reference: 'Patient/p' },
        code: { coding } };
      const c = status('http://terminology.hl7.org/CodeSystem/condition-clinical', pick(clinical));
      if (c) condition.clinicalStatus = c;
      const v = status('http://terminology.hl7.org/CodeSystem/condition-ver-status', pick(verification));
      if (v) condition.verificationStatus = v;
      if (maybe(0.5)) condition.onsetDateTime = date();
      resources.push(condition);
    }
    const m = Math.floor(random() * 12);
    for (let k = 0; k < m && coded.length; ++k) {
      const fact = pick(coded);
      const { system, code } = pick(fact.codes);
      const observation = { resourceType: 'Observation', id: `o${k}`, status: pick(observationStatus),
        subject: { reference: 'Patient/p' }, code: { coding: [{ system, code }] } };
      switch (Math.floor(random() * 5)) {
        case 0: break;
        case 1: observation.effectiveDateTime = date(); break;
        case 2: observation.effectivePeriod = maybe(0.7) ? { end: date() } : { start: date() }; break;
        case 3: observation.issued = `${year()}-${month()}-${day()}${time().replace(/(\.\d+)?(?=[Z+-])/, '.000')}`; break;
        default: observation.effectiveDateTime = date(); observation.issued = `${year()}-01-01T00:00:00Z`; break;
      }
      const valueOf = () => {
        if (maybe(0.1)) return { dataAbsentReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'asked-declined' }] } };
        if (maybe(0.08)) return { valueString: 'something else' };
        switch (fact.type) {
          case 'boolean': return { valueBoolean: maybe(0.5) };
          case 'number': {
            const value = pick([0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 2.5]);
            const q = { value, system: 'http://unitsofmeasure.org', code: fact.unit ?? '1' };
            if (maybe(0.1)) q.code = 'km2';
            if (maybe(0.08)) q.comparator = '<';
            if (maybe(0.05)) delete q.system;
            return { valueQuantity: q };
          }
          case 'string':
            if (fact.value_codes && maybe(0.5)) {
              const coding = [];
              for (const vc of fact.value_codes) if (maybe(0.4)) coding.push(...vc.codes.map(({ system: s, code: c }) => ({ system: s, code: c })));
              if (maybe(0.2)) coding.push({ system: 'http://example.org/other', code: 'x' });
              return { valueCodeableConcept: { coding } };
            }
            return { valueString: fact.values ? pick([...fact.values, 'not-allowed']) : pick(['alone', 'with family', 'lives alone']) };
          default: {
            const coding = [];
            for (const vc of fact.value_codes ?? []) {
              for (const c of vc.codes) if (maybe(0.4)) coding.push({ system: c.system, code: c.code });
            }
            if (maybe(0.2)) coding.reverse();
            return { valueCodeableConcept: { coding } };
          }
        }
      };
      Object.assign(observation, valueOf());
      resources.push(observation);
    }
    const form = random();
    if (form < 0.7) out.push({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });
    else if (form < 0.85) out.push(resources);
    else out.push({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) } }] });
  }
  return out;
}

const handWritten = readdirSync(join(data, 'fhir')).filter((n) => n.endsWith('.json')).sort()
  .map((name) => ({ name, record: readJson(join(data, 'fhir', name)) }));
const generated = 600;

/** carecompare's answer per option of a record: true (shown), false (not shown), null (undecided). */
async function carecompareAnswers(catalogName, record, file) {
  writeFileSync(file, JSON.stringify(record));
  const { stdout } = await run(cli, ['show', '--catalog', catalogFiles[catalogName], '--fhir', file, '--format', 'json'],
    { maxBuffer: 64 << 20 });
  const result = JSON.parse(stdout);
  for (const f of catalogs[catalogName].facts ?? []) {
    const given = result.record.facts.some((a) => a.id === f.id);
    const tally = given ? seen.answered : seen.unanswered;
    tally[f.id] = (tally[f.id] ?? 0) + 1;
  }
  seen.shown += result.relevant.length;
  seen.notShown += result.not_shown.length;
  seen.undecided += result.undecided.length;
  const out = {};
  for (const o of result.relevant) out[o.id] = true;
  for (const o of result.not_shown) out[o.id] = false;
  for (const o of result.undecided) out[o.id] = null;
  return out;
}

/** Runs `f` over `items`, `width` at a time. */
async function eachLimited(items, width, f) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      await f(items[i], i);
    }
  }));
}

const totals = { records: 0, actions: 0, agreements: 0 };
/** How often carecompare gave each answer, and how often the record answered each fact. */
const seen = { shown: 0, notShown: 0, undecided: 0, answered: {}, unanswered: {} };

async function agreement(catalogName, records) {
  const plan = await planOf(catalogName);
  const doc = catalogs[catalogName];
  const compiled = plan.action.map((a) => fhirpath.compile(a.condition[0].expression.expression, r4));
  const disagreements = [];
  let agreed = 0;
  await eachLimited(records, 2, async ({ name, record }, i) => {
    const answers = await carecompareAnswers(catalogName, record, join(work, `record-${catalogName.length}-${i}.json`));
    const bundle = asBundle(record);
    doc.strategies.forEach((s, k) => {
      const got = compiled[k](bundle, {});
      const fhirpathAnswer = got.length === 0 ? null : got.length === 1 && typeof got[0] === 'boolean' ? got[0] : got;
      if (fhirpathAnswer === answers[s.id]) {
        ++agreed;
        return;
      }
      disagreements.push([
        `${name}, option ${s.id}: carecompare ${JSON.stringify(answers[s.id])}, fhirpath.js ${JSON.stringify(got)}`,
        `  rules: ${JSON.stringify(doc.rules.filter((r) => r.show.includes(s.id) || r.hide?.includes(s.id)).map((r) => ({ id: r.id, when: r.when })))}`,
        `  record: ${JSON.stringify(record)}`,
      ].join('\n'));
    });
  });
  totals.records += records.length;
  totals.actions += records.length * doc.strategies.length;
  totals.agreements += agreed;
  assert.equal(disagreements.length, 0, `${disagreements.length} disagreements:\n${disagreements.slice(0, 5).join('\n')}`);
  assert.equal(agreed, records.length * doc.strategies.length);
}

for (const name of Object.keys(catalogs)) {
  test(`fhirpath.js agrees with carecompare on every record of tests/data/fhir (${name})`, { skip }, async () => {
    await agreement(name, handWritten);
  });
}

test(`fhirpath.js agrees with carecompare on ${generated} generated records (every operator)`, { skip }, async () => {
  const name = 'builtin with the test facts and every operator';
  const records = generate(catalogs[name], generated, 24).map((record, i) => ({ name: `generated record ${i}`, record }));
  Object.assign(seen, { shown: 0, notShown: 0, undecided: 0, answered: {}, unanswered: {} });
  await agreement(name, records);
  // The generated records reach every answer, and give and leave out every fact.
  console.log(`# generated: ${JSON.stringify(seen)}`);
  for (const count of [seen.shown, seen.notShown, seen.undecided]) assert.ok(count >= 50, JSON.stringify(seen));
  for (const f of catalogs[name].facts) {
    assert.ok((seen.answered[f.id] ?? 0) >= 20, `fact ${f.id} answered by too few records: ${JSON.stringify(seen)}`);
    assert.ok((seen.unanswered[f.id] ?? 0) >= 20, `fact ${f.id} left out by too few records: ${JSON.stringify(seen)}`);
  }
});

test('the agreement counts', { skip }, () => {
  console.log(`# agreement: ${totals.records} records, ${totals.actions} actions, ${totals.agreements} agreements`);
  assert.ok(totals.records >= handWritten.length * Object.keys(catalogs).length + generated);
  assert.equal(totals.agreements, totals.actions);
});
