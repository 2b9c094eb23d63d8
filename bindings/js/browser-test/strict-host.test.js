// SPDX-License-Identifier: MIT
// The one-file page served by a host that forbids WebAssembly (`Content-Security-Policy:
// script-src 'unsafe-inline'`, what a learning platform may send): the full static table stays,
// with one plain sentence saying the interactive part could not start. Without the policy the
// static table shows until the module is ready and the element takes its place. Each page is
// served from a loopback server (127.0.0.1, an ephemeral port).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Catalog } from '../src/node.js';
import { STRINGS } from '../src/element.js';
import { KNEE, SHOTS, axe, open as openPage, serve, useBrowser, writePage } from './support.js';

const CSP = "script-src 'unsafe-inline'";
const { html } = writePage('strict-host-page.html');
const builtin = Catalog.builtin();
const NAMES = builtin.strategies.map((s) => s.name);
builtin.dispose();
const spanishWords = { lang: 'es', startFailed: 'La parte interactiva de esta página no pudo iniciarse, así que todas las opciones están en la tabla de abajo.' };
const kneeHtml = writePage('strict-host-knee-page.html', KNEE, { strings: spanishWords }).html;

const ctx = useBrowser();
let strict;
let kneeStrict;
let relaxed;
before(async () => {
  strict = await serve(html, { 'content-security-policy': CSP });
  kneeStrict = await serve(kneeHtml, { 'content-security-policy': CSP });
  relaxed = await serve(html);
});
after(async () => {
  await Promise.all([strict?.close(), kneeStrict?.close(), relaxed?.close()]);
});

/** A page at `url` whose console is kept in `said` (errors are expected here). */
async function visit(url, width, said) {
  return openPage(ctx, url, {
    width,
    ready: false,
    quiet: true,
    listen: (page) => {
      page.on('console', (m) => said.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => said.push(`pageerror: ${e.message}`));
    },
  });
}

describe('a host that forbids WebAssembly', () => {
  for (const width of [1280, 390]) {
    test(`the static table stays, with one sentence, at ${width} px`, async () => {
      const said = [];
      const page = await visit(`${strict.url}page.html`, width, said);
      const note = page.locator('care-compare .cc-static-note');
      await note.waitFor({ state: 'visible' });
      assert.equal(await note.textContent(), STRINGS.startFailed);
      const table = page.locator('care-compare .cc-static table');
      assert.equal(await table.isVisible(), true);
      const rows = await table.locator('tbody th, tbody td:first-child').allTextContents();
      for (const name of NAMES) assert.ok(rows.some((r) => r.includes(name)), `${name} is not in the static table`);
      assert.match(await page.locator('care-compare .cc-static').textContent(), /Disclaimer/);
      assert.equal(await page.locator('care-compare .cc-form').count(), 0);
      // The policy is the reason: the browser said so, and the page's script did.
      assert.ok(said.some((line) => /Content Security Policy/i.test(line)), said.join('\n'));
      assert.ok(said.some((line) => /^error: carecompare: the interactive part could not start/.test(line)), said.join('\n'));
      assert.equal(said.filter((line) => line.startsWith('pageerror')).length, 0, said.join('\n'));
      await axe(page, `strict host ${width}px`);
      await page.screenshot({ path: join(SHOTS, `strict-host-${width}.png`), fullPage: true });
      await page.close();
    });
  }
  test('the sentence is in the page\'s own words and their language (--strings)', async () => {
    const page = await visit(`${kneeStrict.url}page.html`, 1280, []);
    const note = page.locator('care-compare .cc-static-note');
    await note.waitFor({ state: 'visible' });
    assert.equal(await note.textContent(), spanishWords.startFailed);
    assert.equal(await note.getAttribute('lang'), 'es');
    assert.match(await page.locator('care-compare .cc-static').textContent(), /Option A/);
    await axe(page, 'strict host, Spanish words');
    await page.close();
  });
});

describe('a host that allows it', () => {
  test('the static table shows until the module is ready, then the element takes its place', async () => {
    const said = [];
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => said.push(`${m.type()}: ${m.text()}`));
    // Hold the module's start until the static table has been looked at.
    await page.addInitScript(() => {
      const instantiate = WebAssembly.instantiate;
      let go;
      const held = new Promise((resolve) => { go = resolve; });
      window.carecompareGo = go;
      WebAssembly.instantiate = async (...args) => {
        window.carecompareHeld = true;
        await held;
        return instantiate.apply(WebAssembly, args);
      };
    });
    await page.goto(`${relaxed.url}page.html`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => window.carecompareHeld === true);
    const table = page.locator('care-compare .cc-static table');
    assert.equal(await table.isVisible(), true);
    for (const name of NAMES) assert.ok((await table.textContent()).includes(name), name);
    assert.equal(await page.locator('care-compare .cc-static-note').isVisible(), false);
    await axe(page, 'while loading');
    await page.evaluate(() => window.carecompareGo());
    await page.waitForSelector('care-compare .cc-form');
    assert.equal(await page.locator('care-compare .cc-static').count(), 0);
    await page.locator('care-compare input[value="bone"]').check();
    assert.equal(await page.locator('care-compare .cc-relevant tbody tr').first().getAttribute('data-id'), 'radiation-therapy');
    assert.deepEqual(said.filter((line) => /^(error|warning)/.test(line)), []);
    await page.close();
  });
  test('without the hold, the page is interactive', async () => {
    const said = [];
    const page = await visit(`${relaxed.url}page.html`, 1280, said);
    await page.waitForSelector('care-compare .cc-status');
    assert.equal(await page.locator('care-compare .cc-static').count(), 0);
    assert.equal(await page.locator('care-compare .cc-form').isVisible(), true);
    assert.deepEqual(said.filter((line) => /^(error|warning)/.test(line)), []);
    await page.close();
  });
});
