// SPDX-License-Identifier: MIT
// The README's JavaScript example, run against this build: each line `expression; // claim`
// whose claim is a JavaScript value asserts that the expression gives it (a list ending in
// `...` is a prefix of the value). tests/readme/test_readme.py runs the README's other blocks.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The README's ```js blocks. */
function jsBlocks() {
  return [...readme.matchAll(/^```js\n([\s\S]*?)^```/gm)].map((m) => m[1]);
}

/** The claim as a value and whether it is a prefix (`, ...]`), or undefined when it is words. */
function claimValue(claim) {
  const prefix = /,\s*\.\.\.\s*\]$/.test(claim);
  const text = prefix ? claim.replace(/,\s*\.\.\.\s*\]$/, ']') : claim;
  try {
    return { value: new Function(`return (${text});`)(), prefix };
  } catch {
    return undefined;
  }
}

test('the README has one JavaScript example, and it runs as its comments say', async () => {
  const blocks = jsBlocks();
  assert.equal(blocks.length, 1);
  const checks = [];
  const lines = blocks[0].split('\n').map((line, i) => {
    const m = /^([^/]*?);\s*\/\/\s*(.+)$/.exec(line);
    if (!m || /^(const|let|var|import|try)\b/.test(m[1].trim())) return line;
    const claim = claimValue(m[2].trim());
    if (claim === undefined) return line;
    checks.push({ line: i + 1, claim: m[2].trim(), ...claim });
    return `__claims.push({ line: ${i + 1}, actual: ${m[1].trim()} });`;
  });
  const source = lines.join('\n').replace(/from 'carecompare'/, `from '${pathToFileURL(join(root, 'bindings/js/src/node.js'))}'`);
  const dir = mkdtempSync(join(tmpdir(), 'carecompare-readme-'));
  try {
    const file = join(dir, 'readme-example.mjs');
    writeFileSync(file, `export const __claims = [];\n${source}\n`);
    const { __claims } = await import(pathToFileURL(file));
    assert.ok(checks.length >= 3, `only ${checks.length} claims found`);
    for (const check of checks) {
      const { actual } = __claims.find((c) => c.line === check.line);
      const shown = check.prefix ? actual.slice(0, check.value.length) : actual;
      assert.deepEqual(shown, check.value, `README js line ${check.line}: // ${check.claim}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
