// SPDX-License-Identifier: MIT
// carecompare-editor, the command: one HTML file within its size, nothing it would fetch, and
// the exit statuses of the page maker (0 written, 1 usage).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { EDITOR_MAX_BYTES } from '../bin/carecompare-editor.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'carecompare-editor.js');

test('writes one self-contained file of at most 1.5 MB and says its size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'carecompare-editor-'));
  try {
    const out = join(dir, 'editor.html');
    const run = spawnSync(process.execPath, [BIN, '--output', out], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^carecompare-editor: wrote .*editor\.html: \d+ bytes \(\d+ KiB\), gzip \d+ bytes/);
    const html = readFileSync(out, 'utf8');
    assert.ok(Buffer.byteLength(html) <= EDITOR_MAX_BYTES);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<care-compare-editor><\/care-compare-editor>/);
    // Nothing to fetch: no external script, style, image or frame.
    assert.doesNotMatch(html, /<script[^>]+\bsrc=|<link\b|<img\b|<iframe\b|@import/i);
    // The inline script holds the page's script first, whose length it states.
    const at = /<script type="module" id="cc-editor-script" data-page-script="(\d+)">/.exec(html);
    assert.ok(at);
    const script = html.slice(at.index + at[0].length);
    assert.match(script.slice(Number(at[1])), /^\n/);
    assert.match(script.slice(0, Number(at[1])), /defineCareCompare\(api\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors exit 1; --help exits 0', () => {
  const bad = spawnSync(process.execPath, [BIN, '--catalog', 'x.json'], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /carecompare-editor: .*--catalog[\s\S]*Usage: carecompare-editor/);
  const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: carecompare-editor/);
});
