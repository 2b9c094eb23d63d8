// SPDX-License-Identifier: MIT
// The answers in the URL's fragment (`page.html#sites=bone,liver&symptoms=pain&open=symptoms`,
// what a CDS Hooks card links to; the core spells it, Catalog#toFragment()): the page opens with
// them ticked ("not sure" too) and gives what the native filter gives;
// the reader changes them and the fragment follows (history.replaceState), so the link can be
// shared; what the core refuses in it is left out with a console warning, never shown to the
// reader; the fragment never reaches the server.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { Catalog } from '../src/node.js';
import { withOverlayDict } from '../test/support.js';
import { KNEE, OUT, SHOTS, answer, assertNative, axe, open as openPage, serve, useBrowser, withFragment, writePage } from './support.js';

const builtin = writePage('fragment-builtin-page.html');
const builtinPage = builtin.path;
const kneePage = writePage('fragment-knee-page.html', KNEE).path;
const overlayJson = join(OUT, 'fragment-overlay-catalog.json');
writeFileSync(overlayJson, JSON.stringify(withOverlayDict()));
const overlayPage = writePage('fragment-overlay-page.html', overlayJson).path;
// The same page with an element that leaves the URL alone.
const unsharedPage = join(OUT, 'fragment-no-fragment-page.html');
writeFileSync(unsharedPage, builtin.html.replace('<care-compare heading-level="1">', '<care-compare heading-level="1" no-fragment>'));

const ctx = useBrowser();
const open = (target, options) => openPage(ctx, target, options);
const hashOf = (page) => page.evaluate(() => location.hash);

describe('the page reads the answers from the fragment', () => {
  test('the CDS Hooks link: page.html#sites=bone,liver&symptoms=pain', async () => {
    const page = await open(withFragment(builtinPage, 'sites=bone,liver&symptoms=pain'));
    const answers = { sites: ['bone', 'liver'], symptoms: ['pain'] };
    assert.deepEqual(await page.$eval('care-compare', (e) => e.answers), { ...answers, goals: [] });
    for (const id of ['bone', 'liver', 'pain']) assert.equal(await page.locator(`care-compare input[value="${id}"]`).isChecked(), true);
    await assertNative(page, answers);
    await page.close();
  });
  test('served over http, the fragment never reaches the server', async () => {
    const server = await serve(builtin.html);
    try {
      const page = await open(`${server.url}page.html#sites=bone,liver&symptoms=pain&goals=stay-active`);
      await assertNative(page, { sites: ['bone', 'liver'], symptoms: ['pain'], goals: ['stay-active'] });
      // The page was asked for without its fragment (and the browser's own favicon request, if any).
      assert.deepEqual(server.requests.filter((url) => url !== '/favicon.ico'), ['/page.html']);
      assert.ok(server.requests.every((url) => !url.includes('#') && !url.includes('sites')), server.requests.join(' '));
      await page.close();
    } finally {
      await server.close();
    }
  });
  test('facts: facts.<id>=<value>, typed as the catalog declares them', async () => {
    const fragment = 'sites=liver&facts.pain_score=2&facts.walks_daily=true&facts.treatment_phase=after';
    const page = await open(withFragment(overlayPage, fragment));
    const answers = { sites: ['liver'], facts: { pain_score: 2, walks_daily: true, treatment_phase: 'after' } };
    assert.deepEqual((await page.$eval('care-compare', (e) => e.answers)).facts, answers.facts);
    assert.equal(await page.locator('care-compare [id$="-fact-pain_score"]').inputValue(), '2');
    assert.equal(await page.locator('care-compare [id$="-fact-walks_daily"]').inputValue(), 'true');
    await assertNative(page, answers, overlayJson);
    await page.close();
  });
  test('every fact type, with percent-encoded text', async () => {
    const fragment = 'sites=left-knee&facts.daily=false&facts.score=2.5&facts.phase=second&facts.note=a%20test%2C%20or%20two'
      + '&facts.items=x,y%20z&facts.colors=green,blue';
    const page = await open(withFragment(kneePage, fragment));
    const answers = { sites: ['left-knee'], facts: { daily: false, score: 2.5, phase: 'second', note: 'a test, or two', items: ['x', 'y z'], colors: ['green', 'blue'] } };
    assert.deepEqual((await page.$eval('care-compare', (e) => e.answers)).facts, answers.facts);
    assert.equal(await page.locator('care-compare [id$="-fact-items"]').inputValue(), 'x, y z');
    await assertNative(page, answers, KNEE);
    // Nothing changed: the fragment is as it was given.
    assert.equal(await hashOf(page), `#${fragment}`);
    await page.close();
  });
});

describe('the fragment follows the reader', () => {
  test('unticking and ticking rewrite it, in place (no history entry)', async () => {
    const page = await open(withFragment(builtinPage, 'sites=bone,liver&symptoms=pain'));
    const length = await page.evaluate(() => history.length);
    await page.locator('care-compare input[value="liver"]').uncheck();
    assert.equal(await hashOf(page), '#sites=bone&symptoms=pain');
    await page.locator('care-compare input[value="stay-active"]').check();
    assert.equal(await hashOf(page), '#sites=bone&symptoms=pain&goals=stay-active');
    assert.equal(await page.evaluate(() => history.length), length);
    // Nothing ticked: no fragment at all.
    for (const id of ['bone', 'pain', 'stay-active']) await page.locator(`care-compare input[value="${id}"]`).uncheck();
    assert.equal(await page.evaluate(() => location.href.includes('#')), false);
    await page.close();
  });
  test('a shared link gives the same answers and the same options', async () => {
    const answers = { sites: ['right-knee'], symptoms: ['symptom-a'], goals: ['goal-b'],
      facts: { daily: true, score: 6, phase: 'first', note: 'with, a comma', items: ['x'], colors: ['red', 'green'] } };
    const first = await open(kneePage);
    await answer(first, answers);
    const link = await first.evaluate(() => location.href);
    const doc = Catalog.fromJSON(readFileSync(KNEE, 'utf8'));
    assert.equal(new URL(link).hash, `#${doc.toFragment(answers)}`);
    doc.dispose();
    const before = await first.$eval('care-compare', (e) => e.result);
    await first.close();
    const second = await open(link);
    assert.deepEqual(await second.$eval('care-compare', (e) => e.answers), answers);
    assert.deepEqual(await second.$eval('care-compare', (e) => e.result), before);
    await assertNative(second, answers, KNEE);
    await second.close();
  });
  test('a new fragment (a link followed, the address bar edited) replaces the answers', async () => {
    const page = await open(withFragment(builtinPage, 'sites=bone'));
    await page.evaluate(() => { location.hash = 'symptoms=fatigue'; });
    await page.waitForFunction(() => document.querySelector('care-compare input[value="fatigue"]').checked);
    assert.equal(await page.locator('care-compare input[value="bone"]').isChecked(), false);
    await assertNative(page, { symptoms: ['fatigue'] });
    await page.close();
  });
  test('an anchor is not answers: it is neither read nor overwritten', async () => {
    const page = await open(withFragment(builtinPage, 'main'));
    await page.locator('care-compare input[value="bone"]').check();
    assert.equal(await hashOf(page), '#main');
    await page.close();
  });
  test('no-fragment: the element leaves the URL alone', async () => {
    const page = await open(withFragment(unsharedPage, 'sites=bone'));
    assert.equal(await page.locator('care-compare input[value="bone"]').isChecked(), false);
    await page.locator('care-compare input[value="liver"]').check();
    assert.equal(await hashOf(page), '#sites=bone');
    await page.close();
  });
});

describe('what cannot be used is left out, with a warning on the console only', () => {
  test('unknown ids, keys, facts and values', async () => {
    const fragment = 'sites=bone,lungs&symptoms=pian&goals=stay-active&colour=red&facts.nope=1&sites2=x';
    const warnings = [];
    const errors = [];
    const page = await open(withFragment(builtinPage, fragment), {
      quiet: true,
      listen: (p) => {
        p.on('console', (m) => (m.type() === 'warning' ? warnings : m.type() === 'error' ? errors : []).push(m.text()));
        p.on('pageerror', (e) => errors.push(e.message));
      },
    });
    assert.deepEqual(await page.$eval('care-compare', (e) => e.answers), { sites: ['bone'], symptoms: [], goals: ['stay-active'] });
    await assertNative(page, { sites: ['bone'], goals: ['stay-active'] });
    assert.deepEqual(errors, []);
    const said = warnings.join('\n');
    for (const word of ['lungs', 'pian', 'colour', 'nope', 'sites2']) assert.match(said, new RegExp(word), said);
    // The reader sees nothing of it.
    assert.equal(await page.locator('care-compare .cc-error:not([hidden])').count(), 0);
    assert.doesNotMatch(await page.locator('care-compare').textContent(), /lungs|pian|colour|\[carecompare/);
    // The reader's next change writes the answers that count.
    await page.locator('care-compare input[value="pain"]').check();
    assert.equal(await hashOf(page), '#sites=bone&symptoms=pain&goals=stay-active');
    await page.close();
  });
  test('a fact value of the wrong type or not among its values', async () => {
    const fragment = 'facts.score=ten&facts.daily=yes&facts.phase=fourth&facts.colors=red,purple&facts.items=&facts.note=ok';
    const warnings = [];
    const page = await open(withFragment(kneePage, fragment), {
      quiet: true,
      listen: (p) => p.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); }),
    });
    assert.deepEqual((await page.$eval('care-compare', (e) => e.answers)).facts, { note: 'ok', colors: ['red'] });
    assert.equal(warnings.length, 4, warnings.join('\n'));
    for (const pointer of ['/facts/score', '/facts/daily', '/facts/phase', '/facts/colors/1']) {
      assert.ok(warnings.some((w) => w.includes(pointer)), `${pointer}: ${warnings.join('\n')}`);
    }
    assert.equal(await page.locator('care-compare .cc-error:not([hidden])').count(), 0);
    await page.close();
  });
  test('a fragment past the bound is not read', async () => {
    const page = await open(withFragment(builtinPage, `sites=${'bone,'.repeat(5000)}`), { quiet: true });
    assert.deepEqual(await page.$eval('care-compare', (e) => e.answers), { sites: [], symptoms: [], goals: [] });
    await page.close();
  });
});

describe('"not sure" in the fragment: open and not-answered lists', () => {
  test('a link with open and not_answered ticks "not sure" and gives what the native filter gives', async () => {
    const fragment = 'sites=bone,liver&open=sites,symptoms&not_answered=goals';
    const page = await open(withFragment(builtinPage, fragment));
    const answers = { sites: ['bone', 'liver'], open: ['sites'], not_answered: ['symptoms', 'goals'] };
    for (const key of ['sites', 'symptoms', 'goals']) {
      assert.equal(await page.locator(`care-compare input[data-not-sure="${key}"]`).isChecked(), true, key);
    }
    // Nothing ticked under symptoms and "not sure": not answered, as the element states it.
    assert.deepEqual(await page.$eval('care-compare', (e) => e.answers), { sites: ['bone', 'liver'], symptoms: [], goals: [],
      open: ['sites'], not_answered: ['symptoms', 'goals'] });
    await assertNative(page, answers);
    assert.equal(await hashOf(page), '#sites=bone,liver&open=sites&not_answered=symptoms,goals');
    await page.close();
  });
  test('ticking "not sure" puts it in the fragment, and the link opens the same page', async () => {
    const page = await open(withFragment(builtinPage, 'sites=bone&symptoms=pain'));
    await page.locator('care-compare input[data-not-sure="symptoms"]').check();
    assert.equal(await hashOf(page), '#sites=bone&symptoms=pain&open=symptoms');
    await page.locator('care-compare input[data-not-sure="goals"]').check();
    assert.equal(await hashOf(page), '#sites=bone&symptoms=pain&open=symptoms&not_answered=goals');
    const link = await page.evaluate(() => location.href);
    const before = await page.$eval('care-compare', (e) => e.result);
    await page.close();
    const second = await open(link);
    assert.deepEqual(await second.$eval('care-compare', (e) => e.result), before);
    await assertNative(second, { sites: ['bone'], symptoms: ['pain'], open: ['symptoms'], not_answered: ['goals'] });
    await second.close();
  });
});

describe('axe-core finds no violations on a page opened from a link', () => {
  for (const width of [1280, 390]) {
    test(`at ${width} px`, async () => {
      const page = await open(withFragment(overlayPage, 'sites=liver&facts.walks_daily=true'), { width });
      await axe(page, `fragment ${width}px`);
      await page.screenshot({ path: join(SHOTS, `fragment-${width}.png`), fullPage: true });
      await page.close();
    });
  }
});

test('no console errors or page errors', () => {
  assert.deepEqual(ctx.problems, []);
});
