// SPDX-License-Identifier: MIT
// The one-file page in a real browser (browser-test/support.js). Ticking boxes must give exactly
// the options, order and reasons of the native C++ CLI (`carecompare show --format json`);
// axe-core finds no violations at 1280 and 390 px, before and after answering, nor on the
// static full page; keyboard only; print; iframe height.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { Catalog } from '../src/node.js';
import { withOverlayDict } from '../test/support.js';
import { OUT, ROOT, SHOTS, answer, axe, expected, native, open as openPage, shown, useBrowser, writePage } from './support.js';

// ---- The pages under test --------------------------------------------------------------------

const builtinPage = join(OUT, 'page.html');
const overlayCatalog = join(OUT, 'overlay-catalog.json');
const overlayPage = join(OUT, 'overlay-page.html');
const staticPage = join(OUT, 'static.html');
const framePage = join(OUT, 'frame.html');
// A right-to-left catalog whose labels are all Hebrew (tests/data/labels/he.json), as the static
// full page of a result with every option listed.
const rtlPage = join(OUT, 'static-rtl.html');
const rtlElementPage = join(OUT, 'rtl-page.html');
{
  writePage('page.html');
  const builtin = Catalog.builtin();
  writeFileSync(staticPage, builtin.table({ format: 'html', fullPage: true }));
  builtin.dispose();
  const hebrew = Catalog.fromJSON(readFileSync(join(ROOT, 'tests', 'data', 'labels', 'he.json'), 'utf8'));
  writeFileSync(rtlPage, hebrew.table({
    format: 'html', fullPage: true, includeNotShown: true, circumstances: { sites: ['site-a'] },
  }));
  hebrew.dispose();
  writePage('rtl-page.html', join(ROOT, 'tests', 'data', 'labels', 'he.json'));
  writeFileSync(overlayCatalog, JSON.stringify(withOverlayDict(), null, 2));
  writePage('overlay-page.html', overlayCatalog);
  // The README's snippet, as an educator would paste it.
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const snippet = /<!-- iframe snippet -->\n```html\n([\s\S]*?)```/.exec(readme);
  if (!snippet) throw new Error('README.md: no iframe snippet (```html after <!-- iframe snippet -->)');
  writeFileSync(framePage, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A course page</title></head>
<body><main><h1>A course page</h1>
${snippet[1].replace('carecompare.html', 'page.html')}</main></body></html>`);
}

// ---- Browser -------------------------------------------------------------------------------

const ctx = useBrowser();
const open = (file, width = 1280) => openPage(ctx, file, { width, ready: ![staticPage, rtlPage, framePage].includes(file) });

// ---- Scenarios: the page agrees with the native C++ filter --------------------------------

const SCENARIOS = [
  {},
  { sites: ['bone'] },
  { sites: ['liver'] },
  { sites: ['lung'] },
  { sites: ['brain'] },
  { sites: ['bone'], symptoms: ['pain'] },
  { sites: ['bone', 'liver'] },
  { sites: ['liver', 'lung', 'brain'] },
  { sites: ['bone', 'liver', 'lung', 'brain'], symptoms: ['pain', 'fatigue', 'reduced-mobility', 'anxiety'] },
  { symptoms: ['pain'] },
  { symptoms: ['fatigue'] },
  { symptoms: ['reduced-mobility'] },
  { symptoms: ['anxiety'] },
  { symptoms: ['fatigue', 'anxiety'], goals: ['stay-active'] },
  { goals: ['control-growth'] },
  { goals: ['relieve-symptoms'] },
  { goals: ['stay-active'] },
  { goals: ['emotional-wellbeing'] },
  { goals: ['explore-new-treatments'] },
  { sites: ['brain'], goals: ['control-growth', 'emotional-wellbeing'] },
  { sites: ['liver', 'lung'], goals: ['explore-new-treatments'] },
  { sites: ['bone'], symptoms: ['reduced-mobility'], goals: ['stay-active', 'relieve-symptoms'] },
  { sites: ['bone', 'brain'], symptoms: ['pain'], goals: ['control-growth', 'relieve-symptoms', 'stay-active', 'emotional-wellbeing', 'explore-new-treatments'] },
];
const FACT_SCENARIOS = [
  { sites: ['liver'] },
  { sites: ['liver'], facts: { pain_score: 2 } },
  { sites: ['liver'], facts: { pain_score: 8 } },
  { sites: ['bone'], facts: { walks_daily: true, treatment_phase: 'after' } },
  { symptoms: ['pain'], facts: { monitored_elsewhere: true, walks_daily: false, treatment_phase: 'during', pain_score: 3.5 } },
];

describe('the page gives what the native filter gives', () => {
  for (const answers of SCENARIOS) {
    test(`builtin catalog: ${JSON.stringify(answers)}`, async () => {
      const page = await open(builtinPage);
      await answer(page, answers);
      const got = await shown(page);
      const want = native(answers);
      assert.deepEqual({ relevant: got.relevant, undecided: got.undecided, not_shown: got.not_shown }, expected(want));
      assert.equal(got.disclaimer, want.disclaimer);
      assert.ok(got.catalog.includes(want.catalog.version) && got.catalog.includes(want.catalog.last_reviewed));
      assert.match(got.status, new RegExp(`^${want.relevant.length} options? may be relevant`));
      await page.close();
    });
  }
  for (const answers of FACT_SCENARIOS) {
    test(`catalog with facts: ${JSON.stringify(answers)}`, async () => {
      const page = await open(overlayPage);
      await answer(page, answers);
      const got = await shown(page);
      assert.deepEqual({ relevant: got.relevant, undecided: got.undecided, not_shown: got.not_shown },
        expected(native(answers, overlayCatalog)));
      await page.close();
    });
  }
  test('undecided options name the facts that decide them', async () => {
    const page = await open(overlayPage);
    await answer(page, { sites: ['liver'] });
    const text = await page.locator('care-compare .cc-undecided li[data-id="physical-activity"]').textContent();
    assert.match(text, /Answer this to know more: Pain score/);
    // An option a fact nobody answered may leave out says when it would be left out.
    const monitoring = await page.locator('care-compare .cc-undecided li[data-id="monitoring"]').textContent();
    assert.match(monitoring, /Answer this to know more: Monitored elsewhere/);
    assert.match(monitoring, /Answer this to know more: Monitored elsewhere/);
    assert.deepEqual(await page.locator('care-compare .cc-undecided li[data-id="monitoring"] .cc-why li').allTextContents(),
      ['Check-ups are arranged by another service']);
    assert.equal(await page.locator('care-compare .cc-undecided h2').textContent(), 'Depends on what you have not answered');
    await page.close();
  });
  for (const answers of [
    { sites: ['bone', 'liver'], open: ['sites', 'symptoms'], not_answered: ['goals'] },
    { symptoms: ['pain'], open: ['symptoms'] },
    { not_answered: ['sites', 'symptoms', 'goals'] },
    { sites: ['lung'], goals: ['stay-active'], open: ['goals'], not_answered: ['symptoms'] },
  ]) {
    test(`"not sure about the rest": ${JSON.stringify(answers)}`, async () => {
      const page = await open(builtinPage);
      await answer(page, answers);
      const got = await shown(page);
      const want = native(answers);
      assert.ok(want.undecided.length > 0);
      assert.deepEqual({ relevant: got.relevant, undecided: got.undecided, not_shown: got.not_shown }, expected(want));
      // Each undecided option names the groups that decide it, in the catalog's words.
      for (const option of want.undecided) {
        const text = await page.locator(`care-compare .cc-undecided li[data-id="${option.id}"]`).textContent();
        for (const l of option.lists) assert.ok(text.includes(l.label), `${option.id}: ${text}`);
      }
      await page.close();
    });
  }
  test('a group nobody touched stays closed; "not sure" says so in the summary', async () => {
    const page = await open(builtinPage);
    await answer(page, { symptoms: ['pain'] });
    const closed = await shown(page);
    assert.deepEqual(closed.undecided, []);
    await page.locator('care-compare input[data-not-sure="symptoms"]').check();
    assert.ok((await shown(page)).undecided.length > 0);
    const summary = await page.locator('care-compare .cc-answers').textContent();
    assert.match(summary, /Symptoms you have: Pain; not sure about the rest/);
    await page.locator('care-compare input[data-not-sure="symptoms"]').uncheck();
    assert.deepEqual(await shown(page), closed);
    await page.close();
  });
  test('unticking goes back', async () => {
    const page = await open(builtinPage);
    const before = await shown(page);
    await answer(page, { sites: ['bone'], symptoms: ['pain'] });
    assert.notDeepEqual((await shown(page)).relevant, before.relevant);
    await page.locator('care-compare input[value="bone"]').uncheck();
    await page.locator('care-compare input[value="pain"]').uncheck();
    assert.deepEqual((await shown(page)).relevant, before.relevant);
    await page.close();
  });
});

// ---- Accessibility -------------------------------------------------------------------------

describe('axe-core finds no violations', () => {
  for (const width of [1280, 390]) {
    test(`the page at ${width} px, before and after answering, why-not open`, async () => {
      const page = await open(builtinPage, width);
      await axe(page, `${width}px before`);
      await page.screenshot({ path: join(SHOTS, `page-${width}-start.png`), fullPage: true });
      await answer(page, { sites: ['bone', 'liver'], symptoms: ['pain'], goals: ['stay-active'] });
      await page.locator('care-compare .cc-not-shown summary').click();
      await axe(page, `${width}px after`);
      await page.screenshot({ path: join(SHOTS, `page-${width}-answered.png`), fullPage: true });
      await page.close();
    });
    test(`the page with facts at ${width} px`, async () => {
      const page = await open(overlayPage, width);
      await answer(page, { sites: ['liver'], facts: { walks_daily: true } });
      await axe(page, `${width}px facts`);
      await page.screenshot({ path: join(SHOTS, `facts-${width}.png`), fullPage: true });
      await page.close();
    });
    test(`the static full page at ${width} px`, async () => {
      const page = await open(staticPage, width);
      await axe(page, `static ${width}px`);
      await page.screenshot({ path: join(SHOTS, `static-${width}.png`), fullPage: true });
      await page.close();
    });
    test(`the static full page of a right-to-left catalog at ${width} px`, async () => {
      const page = await open(rtlPage, width);
      const lang = await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir,
        getComputedStyle(document.querySelector('table')).direction]);
      assert.deepEqual(lang, ['he', 'rtl', 'rtl']);
      await axe(page, `static right-to-left ${width}px`);
      await page.screenshot({ path: join(SHOTS, `static-rtl-${width}.png`), fullPage: true });
      await page.close();
    });
    test(`the element with a right-to-left catalog at ${width} px`, async () => {
      const page = await open(rtlElementPage, width);
      const langOf = (selector) => page.$eval(selector, (e) => [e.lang, e.dir, getComputedStyle(e).direction]);
      // The element's own words are English (its default strings); the catalog's texts are
      // Hebrew and run right to left inside them.
      assert.deepEqual(await langOf('care-compare .cc'), ['en', 'ltr', 'ltr']);
      assert.deepEqual(await langOf('care-compare .cc-title'), ['he', 'rtl', 'rtl']);
      assert.deepEqual(await langOf('care-compare label[for$="sites-site-a"]'), ['he', 'rtl', 'rtl']);
      await answer(page, { sites: ['site-a'] });
      assert.deepEqual(await langOf('care-compare .cc-option-name'), ['he', 'rtl', 'rtl']);
      await axe(page, `element right-to-left ${width}px`);
      await page.screenshot({ path: join(SHOTS, `element-rtl-${width}.png`), fullPage: true });
      // With words in the catalog's language, the whole element runs right to left.
      await page.$eval('care-compare', (e) => { e.strings = { lang: 'he', intro: 'סמנו מה שמתאים לכם.' }; });
      assert.deepEqual(await langOf('care-compare .cc'), ['he', 'rtl', 'rtl']);
      assert.equal(await page.$eval('care-compare .cc-title', (e) => e.hasAttribute('lang')), false);
      await axe(page, `element right-to-left, Hebrew words, ${width}px`);
      await page.close();
    });
  }
});

describe('keyboard only', () => {
  test('Tab reaches every control, Space ticks, focus is visible', async () => {
    const page = await open(overlayPage);
    const controls = await page.$$eval('care-compare input, care-compare select, care-compare summary, care-compare button, care-compare a[href]',
      (list) => list.map((e) => e.id || e.textContent.trim()));
    const reached = [];
    const outlines = [];
    for (let i = 0; i < controls.length + 5; i += 1) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const e = document.activeElement;
        const style = getComputedStyle(e);
        const named = ['SUMMARY', 'BUTTON', 'A'].includes(e.tagName);
        if (!e.closest('care-compare')) return { key: '' }; // past the last control: the page itself
        return { key: e.id || (named ? e.textContent.trim() : e.tagName), outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      reached.push(info.key);
      if (info.key) outlines.push(info);
    }
    for (const c of controls) assert.ok(reached.includes(c), `Tab never reaches ${c}`);
    for (const o of outlines) assert.ok(o.outline !== 'none' && o.width >= 2, `no visible focus on ${o.key}`);
    // Space ticks the focused box, and the results follow.
    await page.focus('care-compare input[value="bone"]');
    await page.keyboard.press('Space');
    assert.equal(await page.locator('care-compare input[value="bone"]').isChecked(), true);
    const got = await shown(page);
    assert.deepEqual(got.relevant.map((o) => o.id), native({ sites: ['bone'] }, overlayCatalog).relevant.map((o) => o.id));
    // Enter on the summary opens why-not.
    await page.focus('care-compare .cc-not-shown summary');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('care-compare .cc-not-shown').evaluate((d) => d.open), true);
    await page.close();
  });
});

describe('print', () => {
  test('the print style shows a one-page summary and hides the form', async () => {
    const page = await open(builtinPage);
    await answer(page, { sites: ['bone'], symptoms: ['pain'] });
    await page.emulateMedia({ media: 'print' });
    const visible = async (selector) => page.locator(selector).first().isVisible();
    assert.equal(await visible('care-compare .cc-form'), false);
    assert.equal(await visible('care-compare .cc-not-shown'), false);
    assert.equal(await visible('care-compare .cc-answers'), true);
    assert.equal(await visible('care-compare .cc-notes'), true);
    assert.equal(await visible('care-compare .cc-relevant'), true);
    assert.equal(await visible('care-compare .cc-disclaimer'), true);
    assert.equal(await visible('care-compare .cc-sources'), true);
    const answers = await page.locator('care-compare .cc-answers').textContent();
    assert.match(answers, /Bones/);
    assert.match(answers, /Pain/);
    await page.screenshot({ path: join(SHOTS, 'print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(OUT, 'summary.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.equal(pages, 1, `the summary takes ${pages} pages`);
    await page.close();
  });
});

describe('embedding', () => {
  test('framed, the page tells its parent its height and the README snippet sizes the iframe', async () => {
    const page = await open(framePage);
    const frame = page.frameLocator('iframe');
    await frame.locator('care-compare .cc-status').waitFor();
    // The framed page is another file: its own height comes from inside the frame.
    const inner = page.frames().find((f) => f !== page.mainFrame());
    const sizes = async () => ({
      iframe: await page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height),
      content: await inner.evaluate(() => document.documentElement.getBoundingClientRect().height),
    });
    const settled = async () => {
      for (let i = 0; i < 50; i += 1) {
        const s = await sizes();
        if (s.content > 600 && Math.abs(s.iframe - s.content) <= 2) return s;
        await page.waitForTimeout(50);
      }
      return sizes();
    };
    let s = await settled();
    assert.ok(s.content > 600 && Math.abs(s.iframe - s.content) <= 2, JSON.stringify(s));
    const first = s.content;
    await frame.locator('care-compare input[value="bone"]').check();
    await frame.locator('care-compare input[value="pain"]').check();
    await frame.locator('care-compare .cc-not-shown summary').click();
    s = await settled();
    assert.ok(Math.abs(s.iframe - s.content) <= 2 && s.content > first, JSON.stringify({ first, ...s }));
    await page.close();
  });
  test('without JavaScript, the static table', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pathToFileURL(builtinPage).href);
    assert.equal(await page.locator('care-compare .cc-static table').isVisible(), true);
    assert.ok((await page.locator('care-compare .cc-static table').textContent()).includes('Systemic Therapy'));
    // Its note is for a page whose script runs but whose interactive part cannot start.
    assert.equal(await page.locator('care-compare .cc-static-note').isVisible(), false);
    await context.close();
  });
});

describe('speed (figures, not limits)', () => {
  test('load to first result, a tick to updated results, a filter call', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const start = Date.now();
    await page.goto(pathToFileURL(builtinPage).href);
    await page.waitForSelector('care-compare .cc-relevant tbody tr');
    const loadMs = Date.now() - start;
    // The page's own marks of its load's steps (bin/carecompare-page.js), in ms from navigation.
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('carecompare:'))
      .map((m) => [m.name.slice('carecompare:'.length), Math.round(m.startTime)])));
    const figures = await page.evaluate(() => {
      const root = document.querySelector('care-compare');
      const box = root.querySelector('input[value="bone"]');
      const ticks = [];
      for (let i = 0; i < 40; i += 1) {
        const t = performance.now();
        box.click();
        ticks.push(performance.now() - t);
      }
      ticks.sort((a, b) => a - b);
      const answers = { sites: ['bone'], symptoms: ['pain'] };
      const n = 5000;
      const t = performance.now();
      for (let i = 0; i < n; i += 1) root.catalog.filter(answers);
      // filterUs: the first 5000 calls after load (the wasm may still be tiering up);
      // filterWarmUs: then the best of 5 runs of 2000, as bench/filter.mjs measures node.
      const filterUs = ((performance.now() - t) / n) * 1000;
      let filterWarmUs = Infinity;
      for (let r = 0; r < 5; r += 1) {
        const t0 = performance.now();
        for (let i = 0; i < 2000; i += 1) root.catalog.filter(answers);
        filterWarmUs = Math.min(filterWarmUs, ((performance.now() - t0) / 2000) * 1000);
      }
      return { tickMedianMs: ticks[20], tickMaxMs: ticks[39], filterUs, filterWarmUs };
    });
    const all = { loadToFirstResultMs: loadMs, marksMs: marks, ...figures };
    writeFileSync(join(OUT, 'chromium-figures.json'), JSON.stringify(all, null, 2));
    console.log(`chromium: ${JSON.stringify(all)}`);
    await page.close();
  });
});

test('no console errors or page errors', () => {
  assert.deepEqual(ctx.problems, []);
});
