// SPDX-License-Identifier: MIT
// Shared data of the node tests: the project's files, as tests/python/conftest.py reads them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BUILTIN_JSON = join(ROOT, 'data/catalogs/metastatic-breast-cancer.json');
export const OVERLAY_JSON = join(ROOT, 'tests/data/facts/overlay.json');

/** The builtin catalog's JSON file as plain values (a fresh copy per call, to edit). */
export function builtinDict() {
  return JSON.parse(readFileSync(BUILTIN_JSON, 'utf8'));
}

/** The builtin catalog with the facts and rules of tests/data/facts/overlay.json added. */
export function withOverlayDict() {
  const doc = builtinDict();
  const overlay = JSON.parse(readFileSync(OVERLAY_JSON, 'utf8'));
  doc.facts = overlay.facts;
  doc.rules.push(...overlay.rules);
  return doc;
}

/** The shared folder (conformance data): $CARECOMPARE_SHARED_DIR, or ../shared beside the project. */
export function sharedDir() {
  return process.env.CARECOMPARE_SHARED_DIR || resolve(ROOT, '../shared');
}

export function conformanceCases() {
  const path = join(sharedDir(), 'conformance/jsonlogic/tests.json');
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')).filter((c) => typeof c !== 'string');
}

/** CI mode: CI set to anything but "", 0, false or no, the rule of scripts/check-tests.py too. */
export function ciMode() {
  return !['', '0', 'false', 'no'].includes((process.env.CI || '').trim().toLowerCase());
}

/**
 * test() for a test that needs something from outside the project (../shared): when `missing` is
 * a reason, the test skips with it, or under CI=true fails with it, as CI runs every test.
 */
export function testNeeding(name, missing, fn) {
  if (!missing) return test(name, fn);
  if (ciMode()) return test(name, () => assert.fail(`CI=true: ${missing} (CI runs every test)`));
  return test(name, { skip: missing }, fn);
}
