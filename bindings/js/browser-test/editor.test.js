// SPDX-License-Identifier: MIT
// The catalog editor (carecompare-editor) in a real browser: Debian's chromium driven by
// playwright-core. Keyboard only from an empty catalog to a valid one, checked by the native CLI
// (validate --strict, and the filter against the preview); the builtin catalog saved unchanged
// is its to_json(); a typo's pinned error at its field, with its did-you-mean, and its fix;
// nothing lost on reload, undo back to the document opened; the page and the translation
// template made in the browser are those of carecompare-page and the CLI; axe-core at 1280 and
// 390 px with and without errors; no request beyond the file itself. Screenshots go to
// CARECOMPARE_WEB_OUT/screenshots (build/js/web by default).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import { EDITOR_MAX_BYTES, makeEditor } from '../bin/carecompare-editor.js';
import { makePage } from '../bin/carecompare-page.js';
import { Catalog } from '../src/node.js';
import { builtinDict, withOverlayDict } from '../test/support.js';
import { CLI, OUT, ROOT, SHOTS, axe, native, useBrowser } from './support.js';

const FILES = join(OUT, 'editor-files');
mkdirSync(FILES, { recursive: true });

const EDITOR = join(OUT, 'editor.html');
const editorHtml = makeEditor();
writeFileSync(EDITOR, editorHtml);
const EDITOR_URL = pathToFileURL(EDITOR).href;

// ---- Browser -------------------------------------------------------------------------------

const ctx = useBrowser();
const { problems } = ctx;
const requests = [];

/** A fresh browser profile (its own storage) with the editor open at `width`. */
async function openEditor(width = 1280, context = null) {
  const own = context || await ctx.browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  // Nothing beyond the file itself may be fetched: everything else is refused and recorded.
  await own.route('**/*', (route) => {
    const url = route.request().url();
    if (url === EDITOR_URL) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const page = await own.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    if (url !== EDITOR_URL && !url.startsWith('blob:') && !url.startsWith('data:')) requests.push(url);
  });
  await page.goto(EDITOR_URL);
  await page.waitForSelector('care-compare-editor .cce-section');
  await settled(page);
  return { page, context: own };
}

/** Waits for the checks that follow the last change. */
async function settled(page) {
  await page.waitForSelector('care-compare-editor .cce-checks:not([aria-busy="true"])');
}

/** The editor's state as the page shows it. */
function state(page) {
  return page.evaluate(() => {
    const e = document.querySelector('care-compare-editor');
    return {
      doc: e.document,
      dirty: e.dirty,
      summary: e.querySelector('.cce-summary').textContent,
      problems: [...e.querySelectorAll('.cce-checks .cce-list > li')].map((li) => li.textContent),
      status: e.querySelector('.cce-status').textContent,
    };
  });
}

/** Presses Tab until the focused element matches `selector` (within the editor), at most `limit` times. */
async function tabTo(page, selector, { limit = 400, backward = false } = {}) {
  for (let i = 0; i < limit; i += 1) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press(backward ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const field = (pointer) => `[data-key="field:${pointer}"]`;

/** Tabs to a field and types into it (keyboard only). */
async function typeInto(page, pointer, text) {
  await tabTo(page, field(pointer));
  await page.keyboard.type(text);
}

/** Tabs to a button by its data-key and presses Enter. */
async function press(page, key) {
  await tabTo(page, `[data-key="${key}"]`);
  await page.keyboard.press('Enter');
}

/** Waits for a download that `action` starts; returns its text. */
async function downloaded(page, action, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  const path = join(FILES, name || download.suggestedFilename());
  await download.saveAs(path);
  return { path, text: readFileSync(path, 'utf8'), name: download.suggestedFilename() };
}

/** Opens the builtin catalog through the Open dialog. */
async function openBuiltin(page) {
  // Unsaved work: the editor asks first.
  if ((await state(page)).dirty) page.once('dialog', (d) => d.accept());
  await page.click('care-compare-editor [data-key="bar:open"]');
  await page.click('care-compare-editor [data-key="open:builtin"]');
  await settled(page);
}

/** What the preview's <care-compare> shows. */
function preview(page) {
  return page.evaluate(() => {
    const root = document.querySelector('care-compare-editor care-compare');
    return [...root.querySelectorAll('.cc-relevant tbody tr')].map((tr) => ({
      id: tr.dataset.id,
      reasons: [...tr.querySelectorAll('.cc-why li')].map((li) => li.dataset.rule),
    }));
  });
}

// ---- The file itself -------------------------------------------------------------------------

test('one file, at most 1.5 MB, that fetches nothing', () => {
  const bytes = Buffer.byteLength(editorHtml);
  assert.ok(bytes <= EDITOR_MAX_BYTES, `the editor is ${bytes} bytes`);
  assert.doesNotMatch(editorHtml, /<script[^>]+\bsrc=|<link\b|<img\b|<iframe\b/i);
  const figures = { bytes, gzipBytes: gzipSync(editorHtml, { level: 9 }).length };
  writeFileSync(join(OUT, 'editor-size.json'), JSON.stringify(figures, null, 2));
  console.log(`editor: ${JSON.stringify(figures)}`);
});

// ---- Keyboard only, from nothing to a valid catalog -----------------------------------------

describe('keyboard only', () => {
  test('from an empty catalog to a valid one; validate --strict passes; the native filter gives what the preview shows', async () => {
    const { page, context } = await openEditor();
    const start = await state(page);
    assert.equal(start.doc.title, '', 'a new catalog to start from');
    assert.equal(start.doc.strategies.length, 0);
    await page.focus('care-compare-editor [data-key="bar:open"]'); // where Tab starts: the first control

    await typeInto(page, '/title', 'Care options for back pain');
    await typeInto(page, '/condition', 'Back pain that lasts');
    await typeInto(page, '/next_review', '2027-12-01');
    await typeInto(page, '/authors/0/name', 'A course team');
    await typeInto(page, '/authors/0/role', 'wrote this catalog');
    await typeInto(page, '/funding', 'None. No one paid for it.');
    await typeInto(page, '/conflicts_of_interest', 'The authors have none.');
    await typeInto(page, '/update_policy', 'We check it each year.');
    await typeInto(page, '/sources/0/title', 'Course notes on back pain');
    // Two sites, one symptom: Add, then the new entry's first field has focus.
    await press(page, 'add:/vocabulary/sites');
    await page.keyboard.type('Lower back');
    await press(page, 'add:/vocabulary/sites');
    await page.keyboard.type('Neck');
    await press(page, 'add:/vocabulary/symptoms');
    await page.keyboard.type('Stiffness');
    // Two options.
    const option = async (i, name, kind, scope, purpose, use) => {
      await press(page, 'add:/strategies');
      await page.keyboard.type(name);
      await tabTo(page, field(`/strategies/${i}/kind`));
      await page.keyboard.type(kind);
      await tabTo(page, field(`/strategies/${i}/scope`));
      await page.keyboard.type(scope);
      await typeInto(page, `/strategies/${i}/purpose`, purpose);
      await typeInto(page, `/strategies/${i}/use_cases/0`, use);
      await tabTo(page, `[data-key="choice:/strategies/${i}/sources:course-notes-on-back-pain"]`);
      await page.keyboard.press('Space');
    };
    await option(0, 'Gentle exercise', 'Lifestyle', 'The whole person', 'Helps you move with less pain.', 'When the back is stiff.');
    await option(1, 'Heat packs', 'Support', 'One place', 'Warms and relaxes a sore spot.', 'When a muscle is tight.');
    // Two rules, made with the builder.
    await press(page, 'add:/rules');
    await page.keyboard.type('The pain is in the lower back.');
    await tabTo(page, '[data-key="part-id:/rules/0/when:0:lower-back"]');
    await page.keyboard.press('Space');
    await tabTo(page, '[data-key="choice:/rules/0/show:gentle-exercise"]');
    await page.keyboard.press('Space');
    await typeInto(page, '/rules/0/reason', 'Gentle exercise can ease a sore lower back.');
    await press(page, 'add:/rules');
    await page.keyboard.type('You feel stiff.');
    await tabTo(page, '[data-key="part-kind:/rules/1/when:0"]');
    assert.equal(await page.evaluate(() => document.activeElement.value), 'sites');
    await page.keyboard.press('ArrowDown'); // the next kind of part: a symptom
    assert.equal(await page.evaluate(() => document.activeElement.value), 'symptoms');
    await tabTo(page, '[data-key="part-id:/rules/1/when:0:stiffness"]');
    await page.keyboard.press('Space');
    await tabTo(page, '[data-key="choice:/rules/1/show:heat-packs"]');
    await page.keyboard.press('Space');
    await typeInto(page, '/rules/1/reason', 'Heat can relax stiff muscles.');
    await settled(page);

    const done = await state(page);
    assert.deepEqual(done.problems, [], done.problems.join('\n'));
    assert.equal(done.summary, 'No problems. This catalog passes every check.');
    assert.equal(done.doc.id, 'care-options-for-back-pain', 'the id follows the title');
    assert.deepEqual(done.doc.vocabulary.sites.map((s) => s.id), ['lower-back', 'neck']);
    assert.deepEqual(done.doc.rules[0].when, { in: ['lower-back', { var: 'sites' }] });
    assert.deepEqual(done.doc.rules[1].when, { in: ['stiffness', { var: 'symptoms' }] });

    // Save by keyboard (Ctrl+S): the file passes the native CLI's strictest check.
    const saved = await downloaded(page, () => page.keyboard.press('Control+s'), 'keyboard-catalog.json');
    assert.equal(saved.name, 'care-options-for-back-pain.json');
    const validate = spawnSync(CLI, ['validate', '--strict', '--readability', saved.path], { encoding: 'utf8' });
    assert.equal(validate.status, 0, validate.stderr + validate.stdout);
    assert.equal(saved.text, Catalog.fromJSON(saved.text).toJSONText(2), 'what to_json() writes');
    assert.equal((await state(page)).dirty, false);

    // The preview, answered by keyboard, shows what the native filter gives, for three situations.
    const situations = [{ sites: ['lower-back'] }, { symptoms: ['stiffness'] }, { sites: ['neck'], symptoms: ['stiffness'] }];
    let ticked = {};
    for (const answers of situations) {
      for (const key of ['sites', 'symptoms']) {
        for (const id of new Set([...(ticked[key] || []), ...(answers[key] || [])])) {
          const want = (answers[key] || []).includes(id);
          const selector = `care-compare-editor care-compare input[name="${key}"][value="${id}"]`;
          if ((await page.locator(selector).isChecked()) !== want) {
            await tabTo(page, selector);
            await page.keyboard.press('Space');
          }
        }
      }
      ticked = answers;
      const want = native(answers, saved.path);
      assert.deepEqual(await preview(page), want.relevant.map((o) => ({ id: o.id, reasons: o.reasons.map((r) => r.rule) })), JSON.stringify(answers));
      assert.ok(want.relevant.length > 0);
    }
    await page.screenshot({ path: join(SHOTS, 'editor-keyboard-done.png'), fullPage: false });
    await context.close();
  });
});

// ---- Files -------------------------------------------------------------------------------------

describe('files', () => {
  test('the builtin catalog saved without changes is its to_json()', async () => {
    const { page, context } = await openEditor();
    await openBuiltin(page);
    assert.deepEqual((await state(page)).problems, []);
    const saved = await downloaded(page, () => page.click('care-compare-editor [data-key="bar:save"]'), 'builtin-saved.json');
    const builtin = Catalog.builtin();
    assert.equal(saved.text, builtin.toJSONText(2), 'byte for byte');
    assert.equal(saved.name, 'metastatic-breast-cancer.json');
    const validate = spawnSync(CLI, ['validate', '--strict', '--readability', saved.path], { encoding: 'utf8' });
    assert.equal(validate.status, 0, validate.stderr);
    builtin.dispose();
    await context.close();
  });

  test('"Make the page" gives the page carecompare-page makes; "Translation template" the CLI\'s', async () => {
    const { page, context } = await openEditor();
    await openBuiltin(page);
    await page.fill('care-compare-editor [data-key="field:/title"]', 'Care options, edited');
    await settled(page);
    const saved = await downloaded(page, () => page.click('care-compare-editor [data-key="bar:save"]'), 'edited.json');
    const made = await downloaded(page, () => page.click('care-compare-editor [data-key="bar:page"]'), 'edited.html');
    const catalog = Catalog.fromJSON(saved.text);
    assert.ok(made.text === makePage(catalog), 'the page made in the browser is the page made by carecompare-page');
    catalog.dispose();
    // The template, for Spanish; a tag that is not BCP 47 is refused at its field.
    await page.click('care-compare-editor [data-key="bar:template"]');
    await page.fill('care-compare-editor [data-key="template:locale"]', 'not a tag');
    await page.click('care-compare-editor [data-key="template:make"]');
    assert.equal(await page.getAttribute('care-compare-editor [data-key="template:locale"]', 'aria-invalid'), 'true');
    assert.match(await page.locator('care-compare-editor dialog.cce-template .cce-problem').textContent(), /BCP 47/);
    await page.fill('care-compare-editor [data-key="template:locale"]', 'es');
    const template = await downloaded(page, () => page.click('care-compare-editor [data-key="template:make"]'), 'edited.es.json');
    const cli = execFileSync(CLI, ['translation', 'template', saved.path, '--locale', 'es'], { encoding: 'utf8' });
    assert.equal(template.text, cli);
    // The page made works as a page: it shows the edited catalog.
    const reader = await ctx.browser.newPage();
    await reader.goto(pathToFileURL(made.path).href);
    await reader.waitForSelector('care-compare .cc-status');
    assert.equal(await reader.locator('care-compare .cc-title').textContent(), 'Care options, edited');
    await reader.close();
    await context.close();
  });

  test('open from the file picker, by dropping a file, by pasting; a new catalog', async () => {
    const { page, context } = await openEditor();
    const doc = builtinDict();
    doc.title = 'From a file';
    const file = join(FILES, 'to-open.json');
    writeFileSync(file, JSON.stringify(doc));
    await page.click('care-compare-editor [data-key="bar:open"]');
    await page.setInputFiles('care-compare-editor [data-key="open:file"]', file);
    // The file is read asynchronously: until it is, the checks of the catalog before it are
    // what settled() sees.
    await page.waitForFunction(() => document.querySelector('care-compare-editor').document?.title === 'From a file');
    await settled(page);
    assert.equal((await state(page)).doc.title, 'From a file');
    assert.equal(await page.inputValue('care-compare-editor [data-key="field:/title"]'), 'From a file');

    // Dropped anywhere on the editor.
    doc.title = 'Dropped';
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
      const editor = document.querySelector('care-compare-editor');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        editor.querySelector('.cce-preview').dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    }, JSON.stringify(doc));
    await page.waitForFunction(() => document.querySelector('care-compare-editor').document?.title === 'Dropped');
    assert.match((await state(page)).status, /dropped\.json/);

    // Pasted text that is not JSON: kept, its mistake shown with its line, the forms wait.
    await page.click('care-compare-editor [data-key="bar:open"]');
    await page.fill('care-compare-editor [data-key="open:paste"]', '{\n  "format": "carecompare.catalog/1",\n  "id": \n}');
    await page.click('care-compare-editor [data-key="open:pasted"]');
    await settled(page);
    const broken = await state(page);
    assert.equal(broken.doc, null);
    assert.match(broken.problems[0], /^Error 201 in the whole catalog: Line 4, column 1:/);
    assert.match(await page.inputValue('care-compare-editor [data-key="field:"]'), /"id": \n}/);
    // Fixed in the JSON view, the forms come back.
    await page.fill('care-compare-editor [data-key="field:"]', JSON.stringify(builtinDict()));
    await page.locator('care-compare-editor [data-key="field:"]').blur();
    await settled(page);
    assert.equal(await page.inputValue('care-compare-editor [data-key="field:/id"]'), 'metastatic-breast-cancer');

    // A new catalog (the work is not saved: the editor asks first).
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      d.accept();
    });
    await page.click('care-compare-editor [data-key="bar:open"]');
    await page.click('care-compare-editor [data-key="open:new"]');
    assert.match(asked, /not saved/);
    await settled(page);
    assert.equal((await state(page)).doc.title, '');
    await context.close();
  });
});

// ---- Checks at their fields ------------------------------------------------------------------

describe('checks', () => {
  test('a typo in a rule\'s site id: error 231 at the rule\'s condition, with its did-you-mean; fixing it clears it', async () => {
    const { page, context } = await openEditor();
    await openBuiltin(page);
    // Rule 5 (bone-involvement): {"in": ["bone", {"var": "sites"}]}.
    const rule = '/rules/4';
    assert.equal((await state(page)).doc.rules[4].id, 'bone-involvement');
    await page.click(`care-compare-editor [data-key="card:${rule}"]`);
    const logic = `care-compare-editor [data-key="field:${rule}/when"]`;
    await page.fill(logic, '{"in": ["bnoe", {"var": "sites"}]}');
    await settled(page);
    const found = await page.evaluate(() => [...document.querySelectorAll('care-compare-editor .cce-checks .cce-list > li')]
      .map((li) => ({ id: li.dataset.id, text: li.textContent })));
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].id, '231');
    assert.match(found[0].text, /"bnoe" is not a site id/);
    assert.match(found[0].text, /Did you mean “bone”\?/);
    // The field shows it: aria-invalid, and its description holds the problem.
    assert.equal(await page.getAttribute(logic, 'aria-invalid'), 'true');
    const described = await page.evaluate((sel) => {
      const e = document.querySelector(sel);
      return e.getAttribute('aria-describedby').split(' ').map((id) => document.getElementById(id)?.textContent || '').join(' ');
    }, logic);
    assert.match(described, /Error 231: "bnoe" is not a site id.*Did you mean “bone”\?/);
    // The builder marks the unknown id.
    assert.match(await page.locator(`care-compare-editor [data-key="part-id:${rule}/when:0:bnoe"] + label`).textContent(), /bnoe \(not in this catalog\)/);
    // The problem's link moves focus to the field (the card was closed again first).
    await page.click(`care-compare-editor [data-key="card:${rule}"]`);
    await page.click('care-compare-editor .cce-checks .cce-list a');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.key), `field:${rule}/when`);
    // The suggestion, applied: the problem is gone, and so is aria-invalid.
    await page.click('care-compare-editor .cce-checks .cce-list button');
    await settled(page);
    assert.deepEqual((await state(page)).problems, []);
    assert.equal(await page.getAttribute(logic, 'aria-invalid'), null);
    assert.deepEqual((await state(page)).doc.rules[4].when, { in: ['bone', { var: 'sites' }] });
    await context.close();
  });

  test('an option\'s id changed: error 210 at each rule that names the old one; typing it back clears them', async () => {
    const { page, context } = await openEditor();
    await openBuiltin(page);
    await page.click('care-compare-editor [data-key="card:/strategies/3"]');
    const id = 'care-compare-editor [data-key="field:/strategies/3/id"]';
    await page.fill(id, 'nutritoin');
    await settled(page);
    const found = await page.evaluate(() => [...document.querySelectorAll('care-compare-editor .cce-checks .cce-list > li')]
      .map((li) => li.dataset.id + ' ' + li.textContent));
    assert.ok(found.some((t) => t.startsWith('210 ') && /Rule 6, Shows these options/.test(t) && /"nutrition"/.test(t)), found.join('\n'));
    // At the rule's Shows: the old id stays ticked, marked.
    await page.click('care-compare-editor [data-key="card:/rules/5"]');
    assert.equal(await page.isChecked('care-compare-editor [data-key="choice:/rules/5/show:nutrition"]'), true);
    assert.match(await page.locator('care-compare-editor [data-key="choice:/rules/5/show:nutrition"] + label').textContent(), /not in this catalog/);
    await page.fill(id, 'nutrition');
    await settled(page);
    assert.deepEqual((await state(page)).problems, []);
    await context.close();
  });

  test('the reading grade of each text shows beside it; a hard text is a warning there', async () => {
    const { page, context } = await openEditor();
    await openBuiltin(page);
    // Rule 2's reason is two full sentences (rule 3's is now a short one: its options have their own).
    await page.click('care-compare-editor [data-key="card:/rules/2"]');
    const reason = 'care-compare-editor [data-key="field:/rules/2/reason"]';
    const grade = async () => page.evaluate((sel) => document.querySelector(sel).parentElement.querySelector('.cce-grade').textContent, reason);
    assert.match(await grade(), /^Reading grade \d+\.\d\.$/);
    await page.fill(reason, 'Individualized radiotherapeutic interventions necessitate comprehensive multidisciplinary consultation.');
    await settled(page);
    assert.match(await grade(), /Aim for 8 or lower/);
    assert.equal(await page.getAttribute(reason, 'aria-invalid'), 'true');
    const s = await state(page);
    assert.equal(s.problems.length, 1);
    assert.match(s.problems[0], /^Warning 245/);
    // A quoted text is not graded.
    await page.click('care-compare-editor [data-key="card:/strategies/0"]');
    assert.equal(await page.evaluate(() => document.querySelector('care-compare-editor [data-key="field:/strategies/0/purpose"]').parentElement.querySelector('.cce-grade').textContent),
      'Quoted from a source, so not graded.');
    await context.close();
  });
});

// ---- Nothing lost -----------------------------------------------------------------------------

describe('nothing lost', () => {
  test('a reload in the middle of editing keeps everything; undo back to the start gives the document opened', async () => {
    const { page, context } = await openEditor();
    await openBuiltin(page);
    const opened = (await state(page)).doc;
    assert.deepEqual(opened, JSON.parse(Catalog.builtin().toJSONText(2)));
    // Several kinds of change: typing, a choice, a tick, a new entry, a move by keyboard.
    await page.fill('care-compare-editor [data-key="field:/title"]', 'My own title');
    await page.click('care-compare-editor [data-key="card:/strategies/1"]');
    await page.selectOption('care-compare-editor [data-key="field:/strategies/1/kind"]', 'supportive');
    await page.click('care-compare-editor [data-key="card:/rules/0"]');
    await page.check('care-compare-editor [data-key="choice:/rules/0/show:nutrition"]');
    await page.click('care-compare-editor [data-key="add:/vocabulary/goals"]');
    await page.keyboard.type('Sleep better');
    await page.focus('care-compare-editor [data-key="down:/strategies/0"]');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.key), 'down:/strategies/1', 'focus follows the moved option');
    assert.match((await state(page)).status, /moved to place 2 of 9/);
    await settled(page);
    const before = await state(page);
    assert.equal(before.dirty, true);
    assert.deepEqual(before.doc.strategies.slice(0, 2).map((x) => x.id), ['radiation-therapy', 'systemic-therapy']);
    assert.ok(before.doc.quotations.includes('/strategies/1/purpose'), 'the quoted purpose followed its option');

    // Leaving asks first.
    let asked = null;
    page.once('dialog', async (d) => {
      asked = d.type();
      await d.accept();
    });
    await page.reload();
    assert.equal(asked, 'beforeunload');
    await page.waitForSelector('care-compare-editor .cce-section');
    await settled(page);
    const after = await state(page);
    assert.deepEqual(after.doc, before.doc);
    assert.equal(after.status, 'Your work from last time is back.');
    assert.equal(await page.inputValue('care-compare-editor [data-key="field:/title"]'), 'My own title');

    // Undo, by keyboard, back to the start: the document opened, nothing unsaved.
    await page.focus('care-compare-editor [data-key="field:/title"]');
    for (let i = 0; i < 50; i += 1) {
      if ((await page.isDisabled('care-compare-editor [data-key="bar:undo"]'))) break;
      await page.keyboard.press('Control+z');
    }
    await settled(page);
    const back = await state(page);
    assert.deepEqual(back.doc, opened);
    assert.equal(back.dirty, false);
    // And redo, all the way, gives the edited document again.
    while (!(await page.isDisabled('care-compare-editor [data-key="bar:redo"]'))) await page.click('care-compare-editor [data-key="bar:redo"]');
    assert.deepEqual((await state(page)).doc, before.doc);
    await context.close();
  });

  test('reordering by mouse: an option dragged by its handle', async () => {
    const { page, context } = await openEditor();
    await openBuiltin(page);
    // The mouse, as a person moves it: down on the third option's handle, up on the first option.
    const handle = page.locator('care-compare-editor [data-pointer="/strategies/2"] > .cce-item-tools > .cce-handle');
    const target = page.locator('care-compare-editor [data-pointer="/strategies/0"] > details > summary');
    await target.scrollIntoViewIfNeeded();
    const from = await handle.boundingBox();
    const to = await target.boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + 20, to.y + to.height / 2, { steps: 10 });
    await page.mouse.up();
    await settled(page);
    const doc = (await state(page)).doc;
    assert.deepEqual(doc.strategies.slice(0, 3).map((x) => x.id), ['physical-therapy', 'systemic-therapy', 'radiation-therapy']);
    await context.close();
  });
});

// ---- Forms for everything ------------------------------------------------------------------------

describe('forms', () => {
  test('every value of a catalog that uses every key has a field that shows it', async () => {
    // The builtin catalog with facts and the rules that read them, every label, a source with
    // every key, a rule that hides, weighs and says how it reads a fact nobody answered.
    const doc = withOverlayDict();
    const schema = Catalog.schema();
    doc.labels = Object.fromEntries(Object.entries(schema.$defs.catalog_labels.properties).map(([k, p]) => [k, p.default]));
    doc.sources.push({ id: 'guide', title: 'A guide', publisher: 'A publisher', url: 'https://example.org/guide', accessed: '2026-11-26' });
    doc.strategies[0].sources.push('guide');
    doc.rules[4].absent_is = 'null';
    doc.facts.push({ id: 'tags', type: 'string-list', label: 'Tags', description: 'Words about you', values: ['a', 'b'] });
    doc.rules.push({ id: 'tagged', description: 'Tagged a', when: { in: ['a', { var: 'tags' }] }, show: ['nutrition'], reason: 'You said a.' });
    const check = Catalog.check(doc, { strict: false });
    assert.deepEqual(check.problems.filter((p) => p.level === 'error'), []);
    const { page, context } = await openEditor();
    await page.evaluate((d) => document.querySelector('care-compare-editor').open(d, 'full.json'), doc);
    await settled(page);
    const keys = new Set(await page.evaluate(() => [...document.querySelectorAll('care-compare-editor [data-key]')].map((e) => e.dataset.key)));
    const missingFields = [];
    const walk = (value, pointer) => {
      if (value !== null && typeof value === 'object') {
        // A rule's per-option `reasons` is edited as JSON, as its condition may be.
        if (/^\/rules\/\d+\/(when|reasons)$/.test(pointer) || pointer === '/extensions') {
          if (!keys.has(`field:${pointer}`)) missingFields.push(pointer);
          return;
        }
        if (/^\/(rules\/\d+\/(show|hide)|strategies\/\d+\/sources)$/.test(pointer)) {
          for (const id of value) if (!keys.has(`choice:${pointer}:${id}`)) missingFields.push(`${pointer} (${id})`);
          return;
        }
        for (const [k, v] of Object.entries(value)) walk(v, `${pointer}/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`);
        return;
      }
      if (pointer === '/format') return; // always carecompare.catalog/1: no field
      if (!keys.has(`field:${pointer}`)) missingFields.push(pointer);
    };
    walk(doc, '');
    assert.deepEqual(missingFields, []);
    // The builder shows each condition it can; the facts test's `if` rule is JsonLogic only.
    assert.equal(await page.locator('care-compare-editor [data-key="restart:/rules/15/when"]').count(), 1);
    assert.equal(await page.locator('care-compare-editor [data-key^="restart:"]').count(), 1);
    await context.close();
  });

  test('a right-to-left catalog\'s texts are edited in its language and direction', async () => {
    const { page, context } = await openEditor();
    const hebrew = readFileSync(join(ROOT, 'tests', 'data', 'labels', 'he.json'), 'utf8');
    await page.evaluate((text) => document.querySelector('care-compare-editor').open(text, 'he.json'), hebrew);
    await settled(page);
    const title = 'care-compare-editor [data-key="field:/title"]';
    assert.deepEqual(await page.$eval(title, (e) => [e.lang, getComputedStyle(e).direction]), ['he', 'rtl']);
    // Ids are not texts: left to right, in no language.
    assert.deepEqual(await page.$eval('care-compare-editor [data-key="field:/id"]', (e) => [e.lang, getComputedStyle(e).direction]), ['', 'ltr']);
    await axe(page, 'right-to-left catalog');
    await context.close();
  });

  test('the preview keeps the reader\'s ticks while the catalog changes', async () => {
    const { page, context } = await openEditor();
    await openBuiltin(page);
    await page.check('care-compare-editor care-compare input[name="sites"][value="bone"]');
    await page.fill('care-compare-editor [data-key="field:/title"]', 'A new title');
    await settled(page);
    assert.equal(await page.locator('care-compare-editor care-compare .cc-title').textContent(), 'A new title');
    assert.equal(await page.isChecked('care-compare-editor care-compare input[name="sites"][value="bone"]'), true);
    const shown = await preview(page);
    assert.deepEqual(shown.map((o) => o.id), Catalog.builtin().filter({ sites: ['bone'] }).relevant.map((o) => o.id));
    await context.close();
  });
});

// ---- The JSON view and the forms -----------------------------------------------------------------

describe('the JSON view', () => {
  test('stays in step with the forms, both ways', async () => {
    const { page, context } = await openEditor();
    await openBuiltin(page);
    const view = 'care-compare-editor [data-key="field:"]';
    await page.fill('care-compare-editor [data-key="field:/condition"]', 'A condition, edited');
    await settled(page);
    assert.equal(JSON.parse(await page.inputValue(view)).condition, 'A condition, edited');
    const doc = JSON.parse(await page.inputValue(view));
    doc.vocabulary.sites.push({ id: 'skin', label: 'Skin' });
    await page.fill(view, JSON.stringify(doc, null, 2));
    await page.locator(view).blur();
    await settled(page);
    assert.equal(await page.inputValue('care-compare-editor [data-key="field:/vocabulary/sites/4/label"]'), 'Skin');
    await context.close();
  });
});

// ---- Words ----------------------------------------------------------------------------------------

test('the editor\'s words are replaceable, as the element\'s are', async () => {
  const { page, context } = await openEditor();
  await page.evaluate(() => {
    document.querySelector('care-compare-editor').strings = { lang: 'es', save: 'Guardar', checks: 'Revisión' };
  });
  assert.equal(await page.locator('care-compare-editor [data-key="bar:save"]').textContent(), 'Guardar');
  assert.equal(await page.getAttribute('care-compare-editor .cce', 'lang'), 'es');
  assert.equal(await page.locator('care-compare-editor .cce-checks h2').textContent(), 'Revisión');
  await context.close();
});

// ---- Accessibility and screenshots -------------------------------------------------------------------

describe('axe-core finds no violations', () => {
  for (const width of [1280, 390]) {
    test(`at ${width} px, without errors and with errors showing`, async () => {
      const { page, context } = await openEditor(width);
      await openBuiltin(page);
      await page.click('care-compare-editor [data-key="card:/strategies/0"]');
      await page.click('care-compare-editor [data-key="card:/rules/0"]');
      await settled(page);
      await axe(page, `${width}px, no errors`);
      await page.screenshot({ path: join(SHOTS, `editor-${width}.png`), fullPage: false });
      // Errors: a name emptied, a typo in a rule, a hard text.
      await page.fill('care-compare-editor [data-key="field:/strategies/0/name"]', '');
      await page.fill('care-compare-editor [data-key="field:/rules/0/when"]', '{">=": [{"var": "site_cuont"}, 2]}');
      await page.fill('care-compare-editor [data-key="field:/rules/0/reason"]', 'Individualized radiotherapeutic interventions necessitate comprehensive multidisciplinary consultation.');
      await settled(page);
      assert.ok((await state(page)).problems.length >= 3);
      await axe(page, `${width}px, errors`);
      await page.screenshot({ path: join(SHOTS, `editor-${width}-errors.png`), fullPage: false });
      await page.screenshot({ path: join(SHOTS, `editor-${width}-errors-full.png`), fullPage: true });
      // The dialogs.
      await page.click('care-compare-editor [data-key="bar:open"]');
      await axe(page, `${width}px, open dialog`);
      await page.screenshot({ path: join(SHOTS, `editor-${width}-open.png`) });
      await context.close();
    });
  }
});

// ---- Speed (figures, not limits) ---------------------------------------------------------------------

test('typing and checking (figures)', async () => {
  const { page, context } = await openEditor();
  await openBuiltin(page);
  await page.click('care-compare-editor [data-key="card:/rules/3"]');
  const figures = await page.evaluate(() => {
    const editor = document.querySelector('care-compare-editor');
    const input = editor.querySelector('[data-key="field:/rules/3/reason"]');
    /** The times of `n` runs of `run`, sorted (ms). */
    const timed = (n, run) => Array.from({ length: n }, () => {
      const t = performance.now();
      run();
      return performance.now() - t;
    }).sort((a, b) => a - b);
    const keys = timed(40, () => {
      input.value += 'a';
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    });
    const checks = timed(10, () => editor.checkNow());
    return { keystrokeMedianMs: keys[20], keystrokeMaxMs: keys[39], checkAndPreviewMedianMs: checks[5] };
  });
  writeFileSync(join(OUT, 'editor-figures.json'), JSON.stringify(figures, null, 2));
  console.log(`editor: ${JSON.stringify(figures)}`);
  await context.close();
});

test('no request beyond the file itself; no console errors', () => {
  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
});
