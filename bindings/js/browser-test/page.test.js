// SPDX-License-Identifier: MIT
// The one-file page in a real browser: Debian's chromium driven by playwright-core (no browser
// download). Ticking boxes must give exactly the options, order and reasons of the native C++
// CLI (`carecompare show --format json`); axe-core finds no violations at 1280 and 390 px,
// before and after answering, nor on the static full page; keyboard only; print; iframe height.
//
// Environment: CARECOMPARE_CLI (the native CLI; default build/dev/src/carecompare),
// CHROMIUM (default /usr/bin/chromium), CARECOMPARE_WEB_OUT (screenshots, pages, figures;
// default build/js/web).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

import { makePage } from '../bin/carecompare-page.js';
import { Catalog } from '../src/node.js';
import { ROOT, withOverlayDict } from '../test/support.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const CLI = process.env.CARECOMPARE_CLI || join(ROOT, 'build/dev/src/carecompare');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OUT = process.env.CARECOMPARE_WEB_OUT || join(ROOT, 'build/js/web');
const SHOTS = join(OUT, 'screenshots');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

mkdirSync(SHOTS, { recursive: true });
const missing = [[CLI, 'the native CLI (cmake --build build/dev --target carecompare_cli)'], [CHROMIUM, 'chromium (apt-get install chromium)']]
  .filter(([path]) => !existsSync(path)).map(([, what]) => what);
if (missing.length) throw new Error(`browser tests need ${missing.join(' and ')}`);

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
  const builtin = Catalog.builtin();
  writeFileSync(builtinPage, makePage(builtin));
  writeFileSync(staticPage, builtin.table({ format: 'html', fullPage: true }));
  builtin.dispose();
  const hebrew = Catalog.fromJSON(readFileSync(join(ROOT, 'tests', 'data', 'labels', 'he.json'), 'utf8'));
  writeFileSync(rtlPage, hebrew.table({
    format: 'html', fullPage: true, includeNotShown: true, circumstances: { sites: ['site-a'] },
  }));
  writeFileSync(rtlElementPage, makePage(hebrew));
  hebrew.dispose();
  writeFileSync(overlayCatalog, JSON.stringify(withOverlayDict(), null, 2));
  const overlay = Catalog.fromJSON(readFileSync(overlayCatalog, 'utf8'));
  writeFileSync(overlayPage, makePage(overlay));
  overlay.dispose();
  // The README's snippet, as an educator would paste it.
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const snippet = /<!-- iframe snippet -->\n```html\n([\s\S]*?)```/.exec(readme);
  if (!snippet) throw new Error('README.md: no iframe snippet (```html after <!-- iframe snippet -->)');
  writeFileSync(framePage, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A course page</title></head>
<body><main><h1>A course page</h1>
${snippet[1].replace('carecompare.html', 'page.html')}</main></body></html>`);
}

/** What the native C++ CLI says for these answers. */
function native(answers, catalogFile) {
  const args = ['show', '--format', 'json'];
  if (catalogFile) args.push('--catalog', catalogFile);
  for (const s of answers.sites || []) args.push('--site', s);
  for (const s of answers.symptoms || []) args.push('--symptom', s);
  for (const g of answers.goals || []) args.push('--goal', g);
  for (const [k, v] of Object.entries(answers.facts || {})) args.push('--fact', `${k}=${JSON.stringify(v)}`);
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8' }));
}

// ---- Browser -------------------------------------------------------------------------------

let browser;
const problems = [];
before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});
after(async () => {
  await browser?.close();
});

async function open(file, width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${file}: console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${file}: ${e.message}`));
  await page.goto(pathToFileURL(file).href);
  if (![staticPage, rtlPage, framePage].includes(file)) await page.waitForSelector('care-compare .cc-status');
  return page;
}

/** Answers given on the page the way a reader gives them: clicking boxes, choosing, typing. */
async function answer(page, answers) {
  for (const key of ['sites', 'symptoms', 'goals']) {
    for (const id of answers[key] || []) await page.locator(`care-compare input[name="${key}"][value="${id}"]`).check();
  }
  for (const [id, value] of Object.entries(answers.facts || {})) {
    const input = page.locator(`care-compare [id$="-fact-${id}"]`);
    if ((await input.evaluate((e) => e.tagName)) === 'SELECT') await input.selectOption(String(value));
    else await input.fill(String(value));
  }
}

/** What the page shows: relevant options in order with their reasons, undecided, not shown. */
async function shown(page) {
  return page.evaluate(() => {
    const root = document.querySelector('care-compare');
    return {
      relevant: [...root.querySelectorAll('.cc-relevant tbody tr')].map((tr) => ({
        id: tr.dataset.id,
        name: tr.querySelector('th').textContent,
        reasons: [...tr.querySelectorAll('.cc-why li')].map((li) => ({ rule: li.dataset.rule, text: li.textContent })),
      })),
      undecided: [...root.querySelectorAll('.cc-undecided:not([hidden]) li[data-id]')].map((li) => li.dataset.id),
      not_shown: [...root.querySelectorAll('.cc-not-shown li[data-id]')].map((li) => li.dataset.id),
      disclaimer: root.querySelector('.cc-disclaimer').textContent,
      catalog: root.querySelector('.cc-catalog').textContent,
      status: root.querySelector('[aria-live="polite"]').textContent,
    };
  });
}

function expected(doc) {
  return {
    relevant: doc.relevant.map((o) => ({ id: o.id, name: o.name, reasons: o.reasons })),
    undecided: (doc.undecided || []).map((o) => o.id),
    not_shown: doc.not_shown.map((o) => o.id),
  };
}

async function axe(page, label) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
  const violations = result.violations.map((v) => `${label}: ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(violations, []);
  return result.passes.length;
}

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
    assert.match(monitoring, /Left out when:Check-ups are arranged by another service/);
    assert.equal(await page.locator('care-compare .cc-undecided h2').textContent(), 'Depends on what you have not answered');
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
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pathToFileURL(builtinPage).href);
    assert.equal(await page.locator('noscript table').count() + await page.locator('.cc-noscript table').count() > 0, true);
    assert.ok((await page.locator('body').textContent()).includes('Systemic Therapy'));
    await context.close();
  });
});

describe('speed (figures, not limits)', () => {
  test('load to first result, a tick to updated results, a filter call', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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
  assert.deepEqual(problems, []);
});
