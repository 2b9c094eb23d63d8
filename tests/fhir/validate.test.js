// SPDX-License-Identifier: MIT
// Every hand-written health record under tests/data/fhir must be valid FHIR R4: each resource it
// holds (a Bundle with its entries, one resource, each element of an array of resources, each
// non-null value of a CDS Hooks prefetch object) is validated with FHIR.js (npm `fhir`, R4,
// errorOnUnexpected). Any error fails; warnings (codes FHIR.js does not know, such as SNOMED CT
// or LOINC codes) are allowed. Run with `node --test` in this folder (scripts/fhir-test.sh).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');

const here = dirname(fileURLToPath(import.meta.url));
const records = join(here, '..', 'data', 'fhir');
const fhir = new Fhir();

/** The resources a record holds, each with the JSON Pointer where it sits. */
function resourcesOf(record) {
  if (Array.isArray(record)) return record.map((resource, i) => ({ pointer: `/${i}`, resource }));
  if (record !== null && typeof record === 'object' && !('resourceType' in record)) {
    // A CDS Hooks prefetch object: key -> resource or Bundle, or null when the query found nothing.
    return Object.entries(record)
      .filter(([, value]) => value !== null)
      .map(([key, resource]) => ({ pointer: `/${key}`, resource }));
  }
  return [{ pointer: '', resource: record }];
}

const files = readdirSync(records).filter((name) => name.endsWith('.json')).sort();

test('there are hand-written records to check', () => {
  assert.ok(files.length >= 10, `only ${files.length} records under ${records}`);
});

for (const name of files) {
  test(`${name} is valid FHIR R4`, () => {
    const record = JSON.parse(readFileSync(join(records, name), 'utf8'));
    const resources = resourcesOf(record);
    assert.ok(resources.length > 0, 'the record holds no resource');
    for (const { pointer, resource } of resources) {
      assert.equal(typeof resource.resourceType, 'string', `${pointer || '/'}: no resourceType`);
      const { valid, messages } = fhir.validate(resource, { errorOnUnexpected: true });
      const errors = messages.filter((m) => m.severity === 'error');
      assert.deepEqual(
        errors.map((m) => `${pointer || '/'} ${m.resourceId} ${m.location}: ${m.message}`),
        [],
        `${name} is not valid FHIR R4`,
      );
      assert.ok(valid, `${name}${pointer}: FHIR.js says not valid`);
    }
  });
}

test('the validator is not a rubber stamp: a Condition with an unknown element fails', () => {
  const broken = { resourceType: 'Condition', subject: { reference: 'Patient/x' }, bodySiteText: 'bone' };
  const { valid, messages } = fhir.validate(broken, { errorOnUnexpected: true });
  assert.equal(valid, false);
  assert.ok(messages.some((m) => m.severity === 'error' && m.location === 'Condition.bodySiteText'));
});
