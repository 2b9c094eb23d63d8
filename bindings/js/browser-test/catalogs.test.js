// SPDX-License-Identifier: MIT
// The page for a catalog that is not the builtin one (tests/data/page/knee.json: another topic,
// a fact of every type, placeholder options): every fact type answered in the form gives what
// the native filter gives; the topic's words are the catalog's; "About" says who wrote and paid
// for the catalog; an answer that cannot be used gets a plain sentence, the details go to the
// console; the why-not says "Shown when" once. axe-core at 1280 and 390 px; screenshots.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { Catalog } from '../src/node.js';
import { STRINGS } from '../src/element.js';
import { KNEE, SHOTS, answer, assertNative, axe, native, open as openPage, useBrowser, writePage } from './support.js';

const kneePage = writePage('knee-page.html', KNEE).path;
// The same catalog without its labels: the questions get the defaults, which name no topic.
const unlabelled = JSON.parse(readFileSync(KNEE, 'utf8'));
delete unlabelled.labels;
const kneeUnlabelledPage = writePage('knee-unlabelled-page.html', unlabelled).path;
const builtinPage = writePage('catalogs-builtin-page.html').path;
// The core's own footer of the knee catalog, as the static table and every format show it.
const knee = Catalog.fromJSON(readFileSync(KNEE, 'utf8'));
const kneeFooter = knee.table({ format: 'text', width: 1000 });
knee.dispose();

const ctx = useBrowser();
const open = (file, options) => openPage(ctx, file, options);

// ---- 1. Every fact type, answered in the form, against the native filter ---------------------

const FACT_SCENARIOS = [
  {},
  { facts: { daily: true } },
  { facts: { daily: false } },
  { facts: { score: 7 } },
  { facts: { score: 1 } },
  { facts: { score: 2.5 } },
  { facts: { phase: 'second' } },
  { facts: { phase: 'first' } },
  { facts: { note: 'a test note' } },
  { facts: { note: 'other words' } },
  { facts: { items: ['x', 'y'] } },
  { facts: { items: ['y'] } },
  { facts: { colors: ['red', 'green'] } },
  { facts: { colors: ['blue'] } },
  { sites: ['left-knee'], symptoms: ['symptom-a'], goals: ['goal-b'],
    facts: { daily: false, score: 1.5, phase: 'third', note: 'test', items: ['z', 'x'], colors: ['green'] } },
  { sites: ['right-knee'], symptoms: ['symptom-a', 'symptom-b'], facts: { score: 9, colors: ['red', 'blue'] } },
];

describe('every fact type gives what the native filter gives', () => {
  for (const answers of FACT_SCENARIOS) {
    test(`knee catalog: ${JSON.stringify(answers)}`, async () => {
      const page = await open(kneePage);
      await answer(page, answers);
      const { got, want } = await assertNative(page, answers, KNEE);
      assert.match(got.status, new RegExp(`^${want.relevant.length} options? may be relevant`));
      // The element hands the core typed answers: a number, a boolean, lists of strings.
      const given = await page.$eval('care-compare', (e) => e.answers);
      assert.deepEqual(given.facts, answers.facts || {});
      assert.equal(await page.locator('care-compare .cc-error:not([hidden])').count(), 0);
      await page.close();
    });
  }
  test('the inputs: yes/no and a choice are selects, a list with values is boxes, a free list says to use commas', async () => {
    const page = await open(kneePage);
    const kind = (id) => page.$eval(`care-compare [id$="-fact-${id}"]`, (e) => `${e.tagName}${e.type ? `:${e.type}` : ''}`);
    assert.equal(await kind('daily'), 'SELECT:select-one');
    assert.equal(await kind('score'), 'INPUT:number');
    assert.equal(await kind('phase'), 'SELECT:select-one');
    assert.equal(await kind('note'), 'INPUT:text');
    assert.equal(await kind('items'), 'INPUT:text');
    assert.equal(await kind('colors'), 'FIELDSET:fieldset');
    assert.deepEqual(await page.locator('care-compare [id$="-fact-colors"] label').allTextContents(), ['red', 'green', 'blue']);
    assert.equal(await page.locator('care-compare [id$="-fact-colors"] legend').textContent(), 'Colors');
    const describedBy = await page.$eval('care-compare [id$="-fact-items"]', (e) =>
      e.getAttribute('aria-describedby').split(' ').map((id) => document.getElementById(id).textContent));
    assert.deepEqual(describedBy, ['Any words (test data)', STRINGS.listHint, '']);
    await page.close();
  });
});

// ---- 3. The topic's words are the catalog's ---------------------------------------------------

describe('the words about the topic come from the catalog', () => {
  test('the knee catalog asks its own questions and never speaks of cancer', async () => {
    const page = await open(kneePage);
    await answer(page, { sites: ['left-knee'], facts: { score: 7 } });
    assert.deepEqual(await page.locator('care-compare legend').allTextContents(),
      ['Which knee', 'What you notice', 'What you want', STRINGS.facts, 'Colors']);
    await page.emulateMedia({ media: 'print' });
    assert.match(await page.locator('care-compare .cc-answers').textContent(), /Which knee: Left knee/);
    await page.emulateMedia({ media: 'screen' });
    await page.locator('care-compare .cc-not-shown summary').click();
    assert.doesNotMatch(await page.locator('body').innerText(), /cancer/i);
    assert.doesNotMatch(await page.title(), /cancer/i);
    await page.close();
  });
  test('a catalog without labels gets questions that name no topic', async () => {
    const page = await open(kneeUnlabelledPage);
    const legends = await page.locator('care-compare legend').allTextContents();
    assert.deepEqual(legends.slice(0, 3), ['Parts of the body involved', 'Symptoms you have', 'What matters to you']);
    assert.doesNotMatch(await page.locator('body').innerText(), /cancer/i);
    await page.close();
  });
  test('the builtin catalog keeps its words', async () => {
    const page = await open(builtinPage);
    assert.deepEqual(await page.locator('care-compare legend').allTextContents(),
      ['Where the cancer has spread', 'Symptoms you have', 'What matters to you']);
    await page.close();
  });
});

// ---- 4. About: who wrote and paid for the catalog ---------------------------------------------

describe('"About" says what the catalog says about itself', () => {
  test('authors, funding, conflicts of interest, updates and next review, as in the static table', async () => {
    const page = await open(kneePage);
    const lines = await page.locator('care-compare .cc-about .cc-about-line').allTextContents();
    assert.deepEqual(lines, [
      'Written by: The carecompare tests (wrote this test catalog)',
      'Funding: Nobody paid for this test catalog.',
      'Conflicts of interest: None: this is test data.',
      'Updates: Changed only when the tests change.',
      'Next review: 2099-01-01',
    ]);
    // The same lines as the core's own footer (what the static table and every format show).
    for (const line of lines) assert.ok(kneeFooter.includes(line), `${line} is not in the core's footer:\n${kneeFooter}`);
    const catalogLine = await page.locator('care-compare .cc-about .cc-catalog').textContent();
    assert.ok(kneeFooter.includes(catalogLine), catalogLine);
    assert.match(await page.locator('care-compare .cc-about .cc-sources').textContent(),
      /A placeholder source for tests, The carecompare tests, https:\/\/example\.org\/test, accessed 2026-01-15/);
    await page.close();
  });
  test('the builtin catalog\'s "About" has its authors and funding too', async () => {
    const page = await open(builtinPage);
    const about = await page.locator('care-compare .cc-about').textContent();
    const doc = Catalog.builtin().toJSON();
    for (const text of [doc.funding, doc.conflicts_of_interest, doc.update_policy, doc.next_review, doc.authors[0].name]) {
      assert.ok(about.includes(text), text);
    }
    await page.close();
  });
});

// ---- 5. An answer that cannot be used: a plain sentence beside it ------------------------------

/** The reader-visible state of a fact's input: its error sentence, aria-invalid, described by. */
async function fieldState(page, id) {
  return page.$eval(`care-compare [id$="-fact-${id}"]`, (input) => {
    const error = document.getElementById(`${input.id}-error`);
    return {
      invalid: input.getAttribute('aria-invalid'),
      describedBy: (input.getAttribute('aria-describedby') || '').split(' '),
      errorId: error.id,
      error: error.hidden ? null : error.textContent,
    };
  });
}

describe('an answer that cannot be used', () => {
  test('a number that is not one: a plain sentence beside it, the other answers still count', async () => {
    const page = await open(kneePage);
    await answer(page, { facts: { daily: true } });
    await page.locator('care-compare [id$="-fact-score"]').focus();
    await page.keyboard.type('1e'); // a number begun, not finished
    const state = await fieldState(page, 'score');
    assert.equal(state.error, STRINGS.badNumber);
    assert.equal(state.invalid, 'true');
    assert.ok(state.describedBy.includes(state.errorId));
    assert.ok((await page.$eval('care-compare', (e) => e.result)).relevant.some((o) => o.id === 'option-c'));
    await page.screenshot({ path: join(SHOTS, 'knee-bad-number.png'), fullPage: true });
    // Mended, the sentence goes.
    await page.locator('care-compare [id$="-fact-score"]').fill('7');
    assert.deepEqual(await fieldState(page, 'score').then((s) => [s.error, s.invalid]), [null, null]);
    await page.close();
  });
  test('an answer the core refuses: the sentence for the reader, the error id and pointer on the console', async () => {
    const page = await open(kneePage, { quiet: true });
    const logs = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    await answer(page, { facts: { score: 7 } });
    // A choice the catalog does not list (a form older than its catalog, say).
    await page.$eval('care-compare [id$="-fact-phase"]', (select) => {
      select.append(new Option('fourth', 'fourth'));
      select.value = 'fourth';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const state = await fieldState(page, 'phase');
    assert.equal(state.error, STRINGS.badChoice);
    assert.equal(state.invalid, 'true');
    assert.ok(state.describedBy.includes(state.errorId));
    const text = await page.locator('care-compare').textContent();
    assert.doesNotMatch(text, /\/facts\/|\[carecompare\.|308|string-list|could not be used:/);
    assert.ok(logs.some((line) => /^warning: .*\[carecompare\.circumstances\.308\] \/facts\/phase/.test(line)), logs.join("\n"));
    const result = await page.$eval('care-compare', (e) => e.result);
    assert.deepEqual(result.relevant.map((o) => o.id), native({ facts: { score: 7 } }, KNEE).relevant.map((o) => o.id));
    await axe(page, 'knee page with an answer refused');
    await page.close();
  });
});

// ---- 6. Why not: "Shown when" once --------------------------------------------------------------

describe('why-not says when once', () => {
  test('under the core\'s explanation, each rule\'s description as it is', async () => {
    const page = await open(builtinPage);
    await answer(page, { sites: ['liver'] });
    await page.locator('care-compare .cc-not-shown summary').click();
    const want = native({ sites: ['liver'] });
    const items = await page.$$eval('care-compare .cc-not-shown li[data-id]', (list) => list.map((li) => ({
      id: li.dataset.id,
      explanation: li.querySelector('.cc-explanation').textContent,
      rules: [...li.querySelectorAll('.cc-why li')].map((x) => x.textContent),
      text: li.innerText,
    })));
    assert.equal(items.length, want.not_shown.length);
    for (const [i, option] of want.not_shown.entries()) {
      assert.equal(items[i].explanation, option.explanation);
      const rules = [...option.rules.filter((r) => r.effect === 'hide' && r.matched), ...option.rules.filter((r) => r.effect === 'show' && !r.matched)];
      assert.deepEqual(items[i].rules, rules.map((r) => r.text));
      const times = (items[i].text.match(/Shown when/g) || []).length;
      assert.equal(times, items[i].rules.filter((t) => t.startsWith('Shown when')).length, items[i].text);
      assert.doesNotMatch(items[i].text, /when:/);
    }
    await page.close();
  });
});

// ---- Accessibility and looks --------------------------------------------------------------------

describe('axe-core finds no violations on the knee page', () => {
  for (const width of [1280, 390]) {
    test(`at ${width} px, answered, why-not open`, async () => {
      const page = await open(kneePage, { width });
      await axe(page, `knee ${width}px before`);
      await answer(page, { sites: ['left-knee'], facts: { daily: true, score: 3, colors: ['green'], items: ['x'] } });
      await page.locator('care-compare .cc-not-shown summary').click();
      await axe(page, `knee ${width}px after`);
      await page.screenshot({ path: join(SHOTS, `knee-${width}.png`), fullPage: true });
      await page.close();
    });
  }
});

test('no console errors or page errors', () => {
  assert.deepEqual(ctx.problems, []);
});
