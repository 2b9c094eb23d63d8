// SPDX-License-Identifier: MIT
// index.d.ts against the package: it declares exactly what the package exports and what a
// Catalog has, and every declaration carries a doc comment (the JS face of the stub test in
// tests/python/test_package.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import * as pkg from '../src/node.js';

const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8');
const lines = dts.split('\n');

// The body of a top-level declaration `export class|const NAME ...{ ... }` (one level of braces).
function body(header) {
  const start = lines.findIndex((line) => header.test(line));
  assert.notEqual(start, -1, `index.d.ts declares ${header}`);
  const end = lines.findIndex((line, i) => i > start && /^}/.test(line));
  return lines.slice(start + 1, end);
}

test('index.d.ts declares exactly the package\'s exports', () => {
  const declared = new Set();
  for (const line of lines) {
    const m = line.match(/^export (?:declare )?(?:class|const|function) (\w+)/);
    if (m) declared.add(m[1]);
  }
  declared.add('default');
  assert.deepEqual([...declared].sort(), Object.keys(pkg).sort());
  const inDefault = body(/^declare const api: \{/).map((l) => l.match(/^ {2}(\w+):/)?.[1]).filter(Boolean);
  assert.deepEqual(inDefault.sort(), Object.keys(pkg.default).sort());
});

test('index.d.ts declares exactly the members of a Catalog', () => {
  const declared = { static: new Set(), instance: new Set() };
  for (const line of body(/^export class Catalog \{/)) {
    const m = line.match(/^ {2}(static )?(?:readonly )?(\w+|\[Symbol\.dispose\])[(:?]/);
    if (m && m[2] !== 'constructor') declared[m[1] ? 'static' : 'instance'].add(m[2]);
  }
  const { Catalog } = pkg;
  const dispose = [Symbol.dispose, Symbol.for('nodejs.dispose')];
  const own = (o) => Reflect.ownKeys(o).map((k) => (dispose.includes(k) ? '[Symbol.dispose]' : k))
    .filter((k) => typeof k === 'string' && !['constructor', 'length', 'name', 'prototype'].includes(k));
  assert.deepEqual([...declared.static].sort(), own(Catalog).sort());
  assert.deepEqual([...declared.instance].sort(), own(Catalog.prototype).sort());
});

test('every declaration of index.d.ts has a doc comment', () => {
  const undocumented = [];
  lines.forEach((line, i) => {
    const declaration = /^export (?:declare )?(?:class|const|function|type|interface) /.test(line) ||
      /^declare const /.test(line) ||
      /^ {2}(?:static |readonly )?(?:\w+|\[Symbol\.dispose\])\??[(:]/.test(line);
    if (!declaration || /^ {2}private constructor/.test(line)) return;
    let j = i - 1;
    while (j >= 0 && lines[j].trim() === '') j -= 1;
    if (!/\*\/\s*$/.test(lines[j])) undocumented.push(`${i + 1}: ${line.trim()}`);
  });
  assert.deepEqual(undocumented, []);
});
