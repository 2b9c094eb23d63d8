// SPDX-License-Identifier: MIT
// <care-compare-editor>: writes a catalog with forms, checks it as the author types, previews it,
// and loses nothing. What a catalog may hold and what its rules mean are the C++ core's:
//   - every check is Catalog.check() (carecompare validate --strict --readability, through the
//     C ABI), and each problem is shown at the field its JSON Pointer names;
//   - the reading grade beside each text is the core's, from the same check;
//   - the preview is the core's table (catalog.table()) and the <care-compare> element fed the
//     catalog being written; Save writes catalog.toJSONText(2), which is to_json();
//   - "Make the page" is the page maker of bin/carecompare-page.js (makePage), and "Translation
//     template" the core's (catalog.translationTemplate()).
// This file lays out forms and keeps the document: each change is a list of patches
// (src/editor-model.js) kept for undo and redo and written to the browser's storage at once.
//
// It imports only its own two files: bin/carecompare-editor.js inlines all three into the
// one-file editor, after the page's script (the core, src/api.js, src/element.js), with which
// they share one scope. `defineCareCompareEditor(api, {makePage, pageAssets})` registers it.
//
// Attributes: `storage-key` (where the work is kept; default "carecompare-editor"), `max-grade`
// (the highest reading grade a text may have; default 8). Property `strings` replaces its words.

import { EDITOR_STRINGS } from './editor-strings.js';
import {
  COMPARISONS,
  History,
  applyChange,
  childPointer,
  closestPointer,
  countString,
  getAt,
  idFromName,
  insertChange,
  moveChange,
  newCatalog,
  readCondition,
  removeChange,
  setChange,
  writeCondition,
} from './editor-model.js';

const EDITOR_CSS = `
care-compare-editor { display: block; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: #1b1b1b; background: #fff; }
care-compare-editor *, care-compare-editor *::before, care-compare-editor *::after { box-sizing: border-box; }
care-compare-editor h1, care-compare-editor h2, care-compare-editor h3 { line-height: 1.25; margin: 1rem 0 .5rem; }
care-compare-editor h1 { font-size: 1.5rem; margin-top: 0; }
care-compare-editor h2 { font-size: 1.25rem; }
care-compare-editor h3 { font-size: 1.0625rem; }
care-compare-editor p { margin: .25rem 0 .5rem; }
care-compare-editor :focus-visible { outline: 3px solid #0b4f9c; outline-offset: 2px; }
care-compare-editor [hidden] { display: none !important; }
care-compare-editor .cce-head { padding: .5rem 1rem 0; }
care-compare-editor .cce-bar { background: #fff; border-bottom: 2px solid #1b1b1b; padding: .25rem 1rem; margin-bottom: .5rem; }
care-compare-editor .cce-actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: .25rem 0; }
care-compare-editor button { font: inherit; min-height: 2.75rem; min-width: 2.75rem; padding: .25rem .75rem; border: 1px solid #0b4f9c; border-radius: .25rem; background: #fff; color: #0b4f9c; cursor: pointer; }
care-compare-editor button.cce-primary { background: #0b4f9c; color: #fff; }
care-compare-editor button:disabled { border-color: #767676; color: #595959; cursor: not-allowed; }
care-compare-editor .cce-small { min-height: 2.75rem; padding: .125rem .5rem; font-size: .9375rem; }
care-compare-editor .cce-status { font-weight: 600; min-height: 1.5em; }
care-compare-editor .cce-body { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; padding: 0 1rem 2rem; }
@media (min-width: 64em) {
  care-compare-editor .cce-body { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
  care-compare-editor .cce-side { position: sticky; top: 0; max-height: 100vh; overflow: auto; }
}
care-compare-editor .cce-side { order: 0; }
@media (max-width: 63.99em) { care-compare-editor .cce-preview { order: 2; } }
care-compare-editor nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; margin: .5rem 0; }
care-compare-editor nav a { display: inline-block; padding: .5rem 0; }
care-compare-editor a { color: #0b4f9c; }
care-compare-editor section.cce-section { border-top: 1px solid #8a8a8a; margin-top: 1rem; }
care-compare-editor .cce-hint { color: #4a4a4a; font-size: .9375rem; margin: 0 0 .25rem; }
care-compare-editor .cce-field { display: flex; flex-direction: column; margin: .75rem 0; }
care-compare-editor .cce-field > label, care-compare-editor legend { font-weight: 600; }
care-compare-editor input[type="text"], care-compare-editor input[type="number"], care-compare-editor select, care-compare-editor textarea { font: inherit; min-height: 2.75rem; padding: .375rem .5rem; border: 1px solid #595959; border-radius: .25rem; background: #fff; color: #1b1b1b; width: 100%; max-width: 44rem; }
care-compare-editor textarea { min-height: 4.5rem; resize: vertical; field-sizing: content; }
care-compare-editor textarea.cce-json, care-compare-editor .cce-open textarea { field-sizing: fixed; }
care-compare-editor textarea.cce-mono { font-family: ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", monospace; font-size: .875rem; line-height: 1.4; }
care-compare-editor textarea.cce-json { min-height: 24rem; }
care-compare-editor [aria-invalid="true"] { border: 2px solid #a4000f; }
care-compare-editor fieldset { border: 1px solid #8a8a8a; border-radius: .5rem; padding: .25rem .75rem .75rem; margin: .75rem 0; min-width: 0; }
care-compare-editor .cce-choices { display: flex; flex-wrap: wrap; gap: 0 1.25rem; }
care-compare-editor .cce-choice { display: flex; align-items: center; gap: .5rem; min-height: 2.75rem; }
care-compare-editor .cce-choice input { width: 1.5rem; height: 1.5rem; margin: 0; accent-color: #0b4f9c; flex: none; }
care-compare-editor .cce-unknown { color: #a4000f; }
care-compare-editor .cce-item { border: 1px solid #8a8a8a; border-radius: .5rem; padding: .25rem .75rem .5rem; margin: .75rem 0; background: #fff; }
care-compare-editor .cce-entry { border: 0; padding: 0; margin: 0; }
care-compare-editor fieldset.cce-top { border: 0; padding: 0; margin: 0; }
care-compare-editor .cce-entry > legend { padding: .25rem 0; }
care-compare-editor .cce-lines .cce-lines > .cce-item { border: 0; border-top: 1px solid #c4c4c4; border-radius: 0; margin: 0; padding: .25rem 0; }
care-compare-editor .cce-lines .cce-lines > .cce-item:first-child { border-top: 0; }
care-compare-editor .cce-lines .cce-lines .cce-field { margin: .25rem 0; }
care-compare-editor .cce-item.cce-dragging { opacity: .5; }
care-compare-editor .cce-item.cce-drop { outline: 3px dashed #0b4f9c; }
care-compare-editor .cce-item-tools { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0 0; }
care-compare-editor .cce-handle { cursor: grab; border: 1px dashed #595959; border-radius: .25rem; padding: .25rem .5rem; color: #4a4a4a; user-select: none; }
care-compare-editor details.cce-card > summary { cursor: pointer; font-weight: 600; padding: .5rem 0; min-height: 2.75rem; }
care-compare-editor .cce-badge { display: inline-block; margin-inline-start: .5rem; padding: 0 .5rem; border-radius: 1rem; background: #a4000f; color: #fff; font-size: .875rem; font-weight: 600; }
care-compare-editor .cce-badge.cce-warn { background: #7a4d00; }
care-compare-editor .cce-problem { color: #a4000f; font-weight: 600; margin: .25rem 0; padding-inline-start: 1.25rem; }
care-compare-editor .cce-problem.cce-warn { color: #7a4d00; }
care-compare-editor .cce-grade { color: #2f5b1e; font-size: .9375rem; margin: .125rem 0 0; }
care-compare-editor .cce-grade.cce-hard { color: #a4000f; font-weight: 600; }
care-compare-editor .cce-lines { list-style: none; padding: 0; margin: 0; }
care-compare-editor .cce-lines > li.cce-hint { border: 0; }
care-compare-editor .cce-checks ul { padding-inline-start: 1.25rem; }
care-compare-editor .cce-checks li { margin: .5rem 0; }
care-compare-editor .cce-error { color: #a4000f; }
care-compare-editor .cce-warning { color: #7a4d00; }
care-compare-editor .cce-ok { color: #2f5b1e; font-weight: 600; }
care-compare-editor .cce-table { overflow-x: auto; }
care-compare-editor .cce-table figure { margin: 0; }
care-compare-editor .cce-table caption { text-align: start; font-weight: 600; padding: .25rem 0; }
care-compare-editor .cce-table table { min-width: 30rem; }
care-compare-editor .cce-table table { border-collapse: collapse; width: 100%; }
care-compare-editor .cce-table th, care-compare-editor .cce-table td { border: 1px solid #8a8a8a; padding: .375rem .5rem; text-align: start; vertical-align: top; }
care-compare-editor .cce-preview care-compare { border: 1px solid #8a8a8a; border-radius: .5rem; padding: .75rem; }
care-compare-editor dialog { border: 2px solid #1b1b1b; border-radius: .5rem; padding: 1rem 1.25rem; max-width: min(40rem, 94vw); }
care-compare-editor dialog::backdrop { background: rgb(0 0 0 / 45%); }
care-compare-editor .cce-drop-cover { display: none; position: fixed; inset: 0; z-index: 5; background: rgb(11 79 156 / 85%); color: #fff; font-size: 1.5rem; font-weight: 600; align-items: center; justify-content: center; }
care-compare-editor.cce-file-over .cce-drop-cover { display: flex; }
care-compare-editor .cce-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
`;

/** The keys each entry's form lays out; any other key of the schema gets a field of its own
 *  (#extraFields), so that a field added to the model is never out of the editor's reach. */
const FORM_KEYS = {
  strategy: ['id', 'name', 'kind', 'scope', 'purpose', 'use_cases', 'benefits', 'considerations', 'care_team', 'sources'],
  rule: ['id', 'description', 'when', 'show', 'hide', 'weight', 'reason', 'absent_is'],
  source: ['id', 'title', 'publisher', 'url', 'accessed'],
  fact: ['id', 'type', 'label', 'description', 'values', 'codes'],
};

/** Texts shorter than this are not graded on screen: the core warns from five words on
 *  (readability_options::min_words), and a grade says little of a label. */
const GRADED_WORDS = 5;
/** Checks wait for a pause in typing this long, and never longer than CHECK_MAX_WAIT_MS. */
const CHECK_DELAY_MS = 250;
const CHECK_MAX_WAIT_MS = 1000;
const DRAG_TYPE = 'application/x-carecompare-item';

/** Registers <care-compare-editor> (or `name`) over `api`; returns the element class. */
export function defineCareCompareEditor(api, { makePage = null, pageAssets = null } = {}, name = 'care-compare-editor') {
  if (typeof customElements === 'undefined') throw new Error('defineCareCompareEditor needs a browser (customElements)');
  const existing = customElements.get(name);
  if (existing) return existing;

  let styled = false;
  function addStyle(doc) {
    if (styled || doc.getElementById('care-compare-editor-style')) return;
    const style = doc.createElement('style');
    style.id = 'care-compare-editor-style';
    style.textContent = EDITOR_CSS;
    doc.head.appendChild(style);
    styled = true;
  }
  let instances = 0;

  class CareCompareEditorElement extends HTMLElement {
    #strings = EDITOR_STRINGS;
    #schema = null;
    #prefix = '';
    #serial = 0;
    // The document: an object, or null while the JSON view holds text that is not one (#text).
    #doc = null;
    #text = null;
    #drafts = {};
    #history = new History();
    #savedText = '';
    #fileName = '';
    // The last check (Catalog.check) and the last catalog that loaded (for the preview and files).
    #check = null;
    #catalog = null;
    #catalogStale = true;
    #checkTimer = 0;
    #previewTimer = 0;
    #firstPending = 0;
    // What the forms show: pointer -> {control, box, grade, where, invalidable}.
    #fields = new Map();
    #mirrors = [];
    #widgets = [];
    #openCards = new Set();
    #parts = null;
    #jsonParts = null;
    #built = false;
    #onBeforeUnload = (e) => {
      if (!this.dirty) return;
      e.preventDefault();
      e.returnValue = this.#strings.leaveAsk;
    };

    connectedCallback() {
      addStyle(this.ownerDocument);
      this.ownerDocument.defaultView.addEventListener('beforeunload', this.#onBeforeUnload);
      if (this.#built) return;
      this.#built = true;
      instances += 1;
      this.#prefix = `cce${instances}`;
      this.#schema = api.Catalog.schema();
      this.#buildShell();
      if (!this.#restore()) this.#start(newCatalog(today(), this.#strings.starter), null, '');
    }

    disconnectedCallback() {
      this.ownerDocument.defaultView.removeEventListener('beforeunload', this.#onBeforeUnload);
    }

    // ---- Public ------------------------------------------------------------------------------

    /** The words shown; assign an object with some of the keys of EDITOR_STRINGS to change them. */
    get strings() { return this.#strings; }
    set strings(value) {
      this.#strings = Object.freeze({ ...EDITOR_STRINGS, ...value });
      if (this.#built) {
        this.#buildShell();
        this.#renderForms();
        this.#updateBar();
        this.#syncJsonView(true);
        if (this.#catalog) this.#showPreview(this.#catalog);
        this.#showCheck();
      }
    }

    /** The catalog document being written (a copy), or null while its JSON is not an object. */
    get document() { return this.#doc === null ? null : structuredClone(this.#doc); }

    /** The latest check (Catalog.check(): problems, readability), or null before the first. */
    get check() { return this.#check; }

    /** True when there are changes not saved to a file. */
    get dirty() { return this.#currentText() !== this.#savedText; }

    /** Opens a catalog: JSON text or an object; `name` is its file name. */
    open(source, name = '') {
      if (typeof source === 'string') {
        let doc = null;
        try {
          doc = JSON.parse(source);
        } catch {
          doc = null;
        }
        if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) this.#start(null, source, name);
        else this.#start(doc, null, name);
      } else {
        this.#start(structuredClone(source), null, name);
      }
    }

    /** Runs the checks now (they run by themselves after a pause in typing). */
    checkNow() {
      this.#parts.checks.setAttribute('aria-busy', 'true');
      clearTimeout(this.#checkTimer);
      this.#checkTimer = 0;
      this.#firstPending = 0;
      this.#runCheck();
      return this.#check;
    }

    // ---- The shell ----------------------------------------------------------------------------

    #id(what) {
      this.#serial += 1;
      return `${this.#prefix}-${what}-${this.#serial}`;
    }

    #buildShell() {
      const s = this.#strings;
      const level = Math.min(Math.max(parseInt(this.getAttribute('heading-level') || '1', 10) || 1, 1), 4);
      const h = (n, attrs, ...kids) => make(`h${level + n}`, attrs, ...kids);
      const root = make('div', { class: 'cce', lang: s.lang || 'en', dir: api.isRightToLeft(s.lang || 'en') ? 'rtl' : 'ltr' });
      const titleId = this.#id('title');
      const status = make('p', { class: 'cce-status', role: 'status' });
      const button = (label, onClick, attrs = {}) => {
        const b = make('button', { type: 'button', ...attrs }, label);
        b.addEventListener('click', onClick);
        return b;
      };
      const buttons = {
        open: button(s.open, () => this.#showOpen(), { 'aria-haspopup': 'dialog', 'data-key': 'bar:open' }),
        undo: button(s.undo, () => this.undo(), { 'data-key': 'bar:undo', 'aria-keyshortcuts': 'Control+Z' }),
        redo: button(s.redo, () => this.redo(), { 'data-key': 'bar:redo', 'aria-keyshortcuts': 'Control+Shift+Z' }),
        save: button(s.save, () => this.save(), { class: 'cce-primary', 'data-key': 'bar:save' }),
        page: button(s.makePage, () => this.makePage(), { 'data-key': 'bar:page' }),
        template: button(s.template, () => this.#showTemplate(), { 'aria-haspopup': 'dialog', 'data-key': 'bar:template' }),
      };
      if (!makePage) buttons.page.hidden = true;
      const head = make('div', { class: 'cce-head' }, h(0, { id: titleId }, s.title), make('p', { class: 'cce-hint' }, s.intro));
      // Not sticky: a bar that stays in view would hide the field in focus (WCAG 2.4.11).
      // Ctrl+Z, Ctrl+Shift+Z and Ctrl+S work anywhere in the editor.
      const bar = make('div', { class: 'cce-bar' },
        make('div', { class: 'cce-actions', role: 'group', 'aria-label': s.actions }, ...Object.values(buttons)),
        status);

      const sections = [['about', s.about], ['sources', s.sources], ['vocabulary', s.vocabulary], ['facts', s.facts],
        ['columns', s.columns], ['strategies', s.strategies], ['rules', s.rules], ['labels', s.labels],
        ['quotations', s.quotations], ['extensions', s.extensions], ['json', s.json]];
      const sectionIds = Object.fromEntries(sections.map(([key]) => [key, this.#id(key)]));
      const nav = make('nav', { 'aria-label': s.sectionsNav },
        make('ul', {}, ...sections.map(([key, label]) => make('li', {}, make('a', { href: `#${sectionIds[key]}` }, label)))));
      nav.addEventListener('click', (e) => {
        const a = e.target.closest('a');
        if (!a) return;
        e.preventDefault();
        const target = this.querySelector(a.getAttribute('href'));
        if (target) {
          target.scrollIntoView({ block: 'start' });
          target.querySelector('h2')?.focus({ preventScroll: true });
        }
      });
      const forms = make('div', { class: 'cce-forms' });
      const main = make('div', { class: 'cce-main' }, nav, forms, this.#section('json', s.json, s.jsonHint, (box) => this.#jsonView(box), sectionIds));

      const checksId = this.#id('checks');
      const checks = make('section', { class: 'cce-checks', 'aria-labelledby': checksId },
        h(1, { id: checksId }, s.checks),
        make('p', { class: 'cce-summary' }, s.checking),
        make('ul', { class: 'cce-list' }),
        make('p', { class: 'cce-hint cce-overall' }));
      const previewId = this.#id('preview');
      const tableId = this.#id('table');
      const tryId = this.#id('try');
      const preview = make('section', { class: 'cce-preview', 'aria-labelledby': previewId },
        h(1, { id: previewId }, s.preview),
        make('p', { class: 'cce-hint cce-preview-note' }, s.previewIntro),
        h(2, { id: tableId }, s.table),
        make('div', { class: 'cce-table', role: 'region', 'aria-labelledby': tableId, tabindex: '0' }),
        h(2, { id: tryId }, s.tryIt),
        make('div', { class: 'cce-reader', 'data-heading-level': String(Math.min(level + 3, 5)) }));
      const side = make('aside', { class: 'cce-side', 'aria-label': `${s.checks}, ${s.preview}` }, checks, preview);
      const body = make('div', { class: 'cce-body' }, main, side);
      const cover = make('div', { class: 'cce-drop-cover', 'aria-hidden': 'true' }, s.dropHere);
      root.append(head, bar, body, this.#openDialog(), this.#templateDialog(), cover);
      const previous = this.#parts;
      this.#parts = { root, bar, status, buttons, forms, sectionIds, checks, preview, reader: null, jsonView: this.#jsonParts, titleId };
      this.replaceChildren(root);
      if (!previous) this.#listen();
    }

    #listen() {
      this.addEventListener('keydown', (e) => {
        if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
        const key = e.key.toLowerCase();
        if (key === 'z' && !e.shiftKey) {
          e.preventDefault();
          this.undo();
        } else if ((key === 'z' && e.shiftKey) || key === 'y') {
          e.preventDefault();
          this.redo();
        } else if (key === 's') {
          e.preventDefault();
          this.save();
        }
      });
      // A file dropped anywhere on the editor opens it.
      let depth = 0;
      const hasFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
      this.addEventListener('dragenter', (e) => {
        if (!hasFiles(e)) return;
        depth += 1;
        this.classList.add('cce-file-over');
      });
      this.addEventListener('dragleave', (e) => {
        if (!hasFiles(e)) return;
        depth = Math.max(0, depth - 1);
        if (depth === 0) this.classList.remove('cce-file-over');
      });
      this.addEventListener('dragover', (e) => {
        if (hasFiles(e)) e.preventDefault();
      });
      this.addEventListener('drop', (e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth = 0;
        this.classList.remove('cce-file-over');
        const file = e.dataTransfer.files[0];
        if (file) this.#openFile(file);
      });
    }

    #say(text) {
      this.#parts.status.textContent = text;
    }

    #updateBar() {
      const b = this.#parts.buttons;
      b.undo.disabled = !this.#history.canUndo;
      b.redo.disabled = !this.#history.canRedo;
    }

    // ---- Opening --------------------------------------------------------------------------------

    #openDialog() {
      const s = this.#strings;
      const headingId = this.#id('open-heading');
      const fileId = this.#id('open-file');
      const pasteId = this.#id('open-paste');
      const dialog = make('dialog', { class: 'cce-open', 'aria-labelledby': headingId });
      const file = make('input', { type: 'file', id: fileId, accept: '.json,application/json', 'data-key': 'open:file' });
      file.addEventListener('change', () => {
        if (file.files[0]) {
          dialog.close();
          this.#openFile(file.files[0]);
          file.value = '';
        }
      });
      const paste = make('textarea', { id: pasteId, class: 'cce-mono', rows: '6', spellcheck: 'false', 'data-key': 'open:paste' });
      const act = (label, fn, key) => {
        const b = make('button', { type: 'button', 'data-key': key }, label);
        b.addEventListener('click', fn);
        return b;
      };
      dialog.append(
        make('h2', { id: headingId }, s.openHeading),
        make('div', { class: 'cce-field' }, make('label', { for: fileId }, s.pickFile), file),
        make('p', { class: 'cce-hint' }, s.dropHint),
        make('div', { class: 'cce-field' }, make('label', { for: pasteId }, s.pasteLabel), paste),
        make('div', { class: 'cce-actions' },
          act(s.openPasted, () => {
            if (!paste.value.trim() || !this.#mayReplace()) return;
            dialog.close();
            this.open(paste.value, '');
            paste.value = '';
          }, 'open:pasted'),
          act(s.openBuiltin, () => {
            if (!this.#mayReplace()) return;
            dialog.close();
            const builtin = api.Catalog.builtin();
            try {
              this.open(builtin.toJSONText(2), `${builtin.id}.json`);
            } finally {
              builtin.dispose();
            }
          }, 'open:builtin'),
          act(s.newCatalog, () => {
            if (!this.#mayReplace()) return;
            dialog.close();
            this.#start(newCatalog(today(), this.#strings.starter), null, '');
          }, 'open:new'),
          act(s.close, () => dialog.close(), 'open:close')));
      return dialog;
    }

    #showOpen() {
      this.querySelector('dialog.cce-open').showModal();
    }

    #mayReplace() {
      return !this.dirty || this.ownerDocument.defaultView.confirm(this.#strings.replaceAsk);
    }

    async #openFile(file) {
      if (!this.#mayReplace()) return;
      let text;
      try {
        text = await file.text();
      } catch {
        this.#say(this.#strings.cannotRead(file.name));
        return;
      }
      this.open(text, file.name);
    }

    /** A new history from this document (or this text, when it is not a JSON object). */
    #start(doc, text, name) {
      this.#doc = doc;
      this.#text = doc === null ? text ?? '' : null;
      this.#drafts = {};
      this.#history = new History();
      this.#fileName = name || '';
      this.#openCards = new Set();
      this.#savedText = this.#currentText();
      this.#persist();
      this.#renderForms();
      this.#syncJsonView(true);
      this.#updateBar();
      this.#say(name ? this.#strings.opened(name) : this.#strings.kept);
      if (doc === null) this.#say(this.#strings.notJson);
      this.checkNow();
    }

    // ---- Keeping the work -------------------------------------------------------------------------

    get #storageKey() {
      return this.getAttribute('storage-key') || 'carecompare-editor';
    }

    #currentText() {
      return this.#text !== null ? this.#text : JSON.stringify(this.#doc);
    }

    #persist() {
      const state = {
        format: 'carecompare.editor/1',
        doc: this.#doc,
        text: this.#text,
        drafts: this.#drafts,
        history: this.#history.toJSON(),
        saved: this.#savedText,
        name: this.#fileName,
        open: [...this.#openCards],
      };
      const storage = this.#storage();
      if (!storage) return;
      let json = JSON.stringify(state);
      for (let attempt = 0; attempt < 4; attempt += 1) {
        try {
          storage.setItem(this.#storageKey, json);
          return;
        } catch {
          // Full: keep the older half of the history out, then try again.
          const h = this.#history;
          if (h.past.length + h.future.length === 0) break;
          h.past.splice(0, Math.ceil(h.past.length / 2));
          h.future.splice(0, Math.ceil(h.future.length / 2));
          state.history = h.toJSON();
          json = JSON.stringify(state);
        }
      }
      this.#say(this.#strings.storageFull);
    }

    #storage() {
      try {
        return this.ownerDocument.defaultView.localStorage;
      } catch {
        return null;
      }
    }

    #restore() {
      const storage = this.#storage();
      let state = null;
      try {
        state = JSON.parse(storage?.getItem(this.#storageKey) || 'null');
      } catch {
        state = null;
      }
      if (!state || state.format !== 'carecompare.editor/1') return false;
      this.#doc = state.doc && typeof state.doc === 'object' && !Array.isArray(state.doc) ? state.doc : null;
      this.#text = typeof state.text === 'string' || this.#doc === null ? String(state.text ?? '') : null;
      this.#drafts = state.drafts && typeof state.drafts === 'object' ? state.drafts : {};
      this.#history = History.from(state.history);
      this.#savedText = typeof state.saved === 'string' ? state.saved : '';
      this.#fileName = typeof state.name === 'string' ? state.name : '';
      this.#openCards = new Set(Array.isArray(state.open) ? state.open : []);
      this.#renderForms();
      this.#syncJsonView(true);
      this.#updateBar();
      this.#say(this.#strings.restored);
      this.checkNow();
      return true;
    }

    // ---- Changes ----------------------------------------------------------------------------------

    /**
     * Applies a change to the document and keeps it (history, storage). `render`: the forms are
     * built again (a list changed shape), with focus on `focus` (a data-key) or where it was.
     */
    #commit(change, { key = null, render = false, focus = null } = {}) {
      if (!change || change.length === 0 || this.#doc === null) return;
      this.#doc = applyChange(this.#doc, change, false, true);
      this.#history.record(change, { key });
      this.#changed({ render, focus });
    }

    #changed({ render, focus }) {
      this.#persist();
      if (render) this.#renderForms(focus);
      else this.#refreshLive();
      this.#syncJsonView();
      this.#updateBar();
      this.#say(this.dirty ? this.#strings.unsaved : this.#strings.kept);
      this.#scheduleCheck();
    }

    #set(pointer, value, options = {}) {
      this.#commit(setChange(this.#doc, pointer, value), options);
    }

    /** Undoes the last change; false when there is none. */
    undo() {
      return this.#step('undo');
    }

    /** Redoes the last change undone; false when there is none. */
    redo() {
      return this.#step('redo');
    }

    #step(which) {
      if (this.#text !== null && this.#doc !== null && which === 'undo') {
        // A JSON draft that is not a catalog yet is undone first: back to the last good document.
        this.#text = null;
        this.#syncJsonView(true);
        this.#changed({ render: true, focus: null });
        return true;
      }
      if (this.#doc === null) {
        this.#say(which === 'undo' ? this.#strings.nothingToUndo : this.#strings.nothingToRedo);
        return false;
      }
      const done = which === 'undo' ? this.#history.undo(this.#doc, true) : this.#history.redo(this.#doc, true);
      if (!done) {
        this.#say(which === 'undo' ? this.#strings.nothingToUndo : this.#strings.nothingToRedo);
        return false;
      }
      this.#doc = done.doc;
      // Focus goes to what changed, when the forms show it.
      const pointer = done.change[0].pointer;
      const target = closestPointer(pointer, (p) => this.#fields.has(p));
      const active = this.ownerDocument.activeElement;
      const keepBar = active && active.dataset && (active.dataset.key === 'bar:undo' || active.dataset.key === 'bar:redo');
      const key = target !== null ? this.#fields.get(target).control?.dataset?.key : null;
      this.#changed({ render: true, focus: keepBar ? active.dataset.key : key ?? null });
      return true;
    }

    // ---- Checks -------------------------------------------------------------------------------------

    #scheduleCheck() {
      // Busy until the check has run: assistive technologies (and tests) wait for it.
      this.#parts.checks.setAttribute('aria-busy', 'true');
      const now = Date.now();
      if (!this.#firstPending) this.#firstPending = now;
      clearTimeout(this.#checkTimer);
      const wait = Math.max(0, Math.min(CHECK_DELAY_MS, this.#firstPending + CHECK_MAX_WAIT_MS - now));
      this.#checkTimer = setTimeout(() => {
        this.#checkTimer = 0;
        this.#firstPending = 0;
        this.#runCheck(true);
      }, wait);
    }

    get #maxGrade() {
      const n = Number(this.getAttribute('max-grade'));
      return this.hasAttribute('max-grade') && Number.isFinite(n) ? n : 8;
    }

    /**
     * Checks the document, then shows the preview of the catalog when it loads. `later`: the
     * preview in a task of its own, so that a key typed meanwhile is not kept waiting.
     */
    #runCheck(later = false) {
      clearTimeout(this.#previewTimer);
      this.#previewTimer = 0;
      const text = this.#currentText();
      this.#check = api.Catalog.check(text, { strict: true, readability: true, maxGrade: this.#maxGrade });
      // Files are made from the catalog being written, never from an older one.
      this.#catalogStale = true;
      this.#showCheck();
      this.#syncJsonView();
      const loads = this.#check.strategies !== null;
      const preview = () => {
        this.#previewTimer = 0;
        if (loads) {
          const catalog = api.Catalog.fromJSON(text);
          const old = this.#catalog;
          this.#catalog = catalog;
          this.#catalogStale = false;
          this.#showPreview(catalog);
          if (old) old.dispose();
        }
        const s = this.#strings;
        this.#parts.preview.querySelector('.cce-preview-note').textContent = loads ? s.previewIntro : this.#catalog ? s.previewStale : s.previewNone;
        this.#parts.checks.removeAttribute('aria-busy');
        this.dispatchEvent(new CustomEvent('care-compare-editor-check', { detail: { check: this.#check } }));
      };
      if (later) this.#previewTimer = setTimeout(preview, 0);
      else preview();
    }

    /** Where a pointer is, in the editor's words (the closest field's). */
    #where(pointer) {
      const target = closestPointer(pointer, (p) => this.#fields.has(p));
      return target === null ? this.#strings.wholeCatalog : this.#fields.get(target).where;
    }

    #showCheck() {
      const s = this.#strings;
      const check = this.#check;
      if (!check || !this.#parts) return;
      // Each field's problems and grade. Only what changed is written: typing stays smooth with
      // hundreds of fields.
      for (const entry of this.#fields.values()) entry.problems = [];
      const located = check.problems.map((p) => {
        const target = closestPointer(p.pointer, (q) => this.#fields.has(q)) ?? '';
        const entry = this.#fields.get(target);
        if (entry) entry.problems.push(p);
        return { problem: p, target, entry };
      });
      for (const entry of this.#fields.values()) {
        const shown = JSON.stringify(entry.problems);
        if (shown === (entry.shownProblems ?? '[]')) continue;
        entry.shownProblems = shown;
        this.#showFieldProblems(entry);
      }
      const max = this.#maxGrade;
      const grades = new Map();
      for (const t of check.readability ? check.readability.texts : []) {
        if (t.quoted) grades.set(t.pointer, { text: s.quoted, hard: false });
        else if (t.words >= GRADED_WORDS) {
          const g = t.grade.toFixed(1);
          grades.set(t.pointer, { text: t.grade > max ? s.gradeHard(g, max) : s.grade(g), hard: t.grade > max });
        }
      }
      for (const [pointer, entry] of this.#fields) {
        if (!entry.grade) continue;
        const grade = grades.get(pointer) || { text: '', hard: false };
        if (entry.grade.textContent !== grade.text) entry.grade.textContent = grade.text;
        if (entry.grade.hidden !== !grade.text) entry.grade.hidden = !grade.text;
        if (entry.grade.classList.contains('cce-hard') !== grade.hard) entry.grade.classList.toggle('cce-hard', grade.hard);
      }
      // The catalog's texts are in the catalog's language (spelling, speech), once the core has
      // found its tag valid.
      const locale = this.#doc && typeof this.#doc.locale === 'string' && !check.problems.some((p) => p.pointer === '/locale') ? this.#doc.locale : '';
      for (const text of this.querySelectorAll('[data-catalog-text]')) {
        if (locale && text.getAttribute('lang') !== locale) text.setAttribute('lang', locale);
        else if (!locale && text.hasAttribute('lang')) text.removeAttribute('lang');
      }
      // Badges on cards: how many problems inside.
      for (const badge of this.querySelectorAll('.cce-badge[data-for]')) {
        const prefix = badge.dataset.for;
        const inside = located.filter((l) => l.problem.pointer === prefix || l.problem.pointer.startsWith(`${prefix}/`));
        if (badge.textContent !== String(inside.length)) badge.textContent = String(inside.length);
        if (badge.hidden !== (inside.length === 0)) badge.hidden = inside.length === 0;
        const warn = inside.length > 0 && inside.every((l) => l.problem.level === 'warning');
        if (badge.classList.contains('cce-warn') !== warn) badge.classList.toggle('cce-warn', warn);
      }
      // The list of checks.
      const errors = check.problems.filter((p) => p.level === 'error').length;
      const warnings = check.problems.length - errors;
      const summary = this.#parts.checks.querySelector('.cce-summary');
      summary.textContent = check.problems.length ? s.problemCount(errors, warnings) : s.allGood;
      summary.className = `cce-summary ${check.problems.length ? '' : 'cce-ok'}`;
      const list = this.#parts.checks.querySelector('.cce-list');
      list.replaceChildren(...located.map(({ problem, target }) => this.#problemItem(problem, target)));
      if (check.omitted) list.append(make('li', {}, s.moreProblems(check.omitted)));
      const r = check.readability;
      this.#parts.checks.querySelector('.cce-overall').textContent = r ? s.overall(r.smog.toFixed(1), r.grade.toFixed(1)) : '';
    }

    #problemItem(problem, target) {
      const s = this.#strings;
      const word = problem.level === 'error' ? s.error : s.warning;
      const link = make('a', { href: '#', class: problem.level === 'error' ? 'cce-error' : 'cce-warning', 'data-problem': problem.pointer }, `${word} ${problem.id}`);
      link.addEventListener('click', (e) => {
        e.preventDefault();
        this.focusPointer(problem.pointer);
      });
      const item = make('li', { 'data-id': String(problem.id), 'data-level': problem.level },
        link, ' ', s.problemIn(this.#where(target)), ' ',
        problem.line ? `${s.lineColumn(problem.line, problem.column)} ` : '',
        sentence(problem.message));
      if (problem.suggestion) item.append(' ', s.didYouMean(problem.suggestion));
      const fix = this.#fixFor(problem);
      if (fix) item.append(' ', fix);
      return item;
    }

    /** A button that applies a problem's suggestion, where the value at its pointer is a text. */
    #fixFor(problem) {
      if (!problem.suggestion || this.#doc === null || typeof getAt(this.#doc, problem.pointer) !== 'string') return null;
      const at = closestPointer(problem.pointer, (p) => this.#fields.has(p));
      const b = make('button', { type: 'button', class: 'cce-small', 'data-key': `fix:${problem.pointer}` }, this.#strings.useSuggestion(problem.suggestion));
      b.addEventListener('click', () => this.#set(problem.pointer, problem.suggestion, { render: true, focus: at === null ? null : this.#fields.get(at).control?.dataset?.key }));
      return b;
    }

    #showFieldProblems(entry) {
      const s = this.#strings;
      const problems = entry.problems || [];
      if (entry.box) {
        entry.box.hidden = problems.length === 0;
        entry.box.className = `cce-problem ${problems.length && problems.every((p) => p.level === 'warning') ? 'cce-warn' : ''}`;
        entry.box.replaceChildren(...problems.map((p) => make('li', {},
          `${p.level === 'error' ? s.error : s.warning} ${p.id}: `,
          p.line ? `${s.lineColumn(p.line, p.column)} ` : '',
          sentence(p.message),
          p.suggestion ? ` ${s.didYouMean(p.suggestion)}` : '')));
      }
      if (entry.invalidable) {
        if (problems.length) entry.control.setAttribute('aria-invalid', 'true');
        else entry.control.removeAttribute('aria-invalid');
      }
    }

    /** Moves focus to the field that shows `pointer` (opening what holds it). */
    focusPointer(pointer) {
      const target = closestPointer(pointer, (p) => this.#fields.has(p));
      if (target === null) return false;
      const { control } = this.#fields.get(target);
      for (let d = control.closest('details'); d; d = d.parentElement?.closest('details')) {
        if (!d.open) d.open = true;
      }
      control.scrollIntoView({ block: 'center' });
      control.focus({ preventScroll: true });
      return true;
    }

    // ---- Preview --------------------------------------------------------------------------------------

    #showPreview(catalog) {
      const p = this.#parts;
      p.preview.querySelector('.cce-table').innerHTML = catalog.table({ format: 'html' });
      // The reader's element is made with its first catalog (without one it would show the
      // builtin catalog). It keeps the reader's answers across changes in the URL's fragment.
      if (!p.reader) {
        const box = p.preview.querySelector('.cce-reader');
        p.reader = make('care-compare', { 'heading-level': box.dataset.headingLevel });
        p.reader.catalog = catalog;
        box.replaceChildren(p.reader);
        return;
      }
      p.reader.catalog = catalog;
    }

    // ---- Files --------------------------------------------------------------------------------------

    #baseName() {
      const id = this.#doc && typeof this.#doc.id === 'string' && this.#doc.id ? this.#doc.id : this.#strings.untitled;
      return this.#fileName ? this.#fileName.replace(/\.json$/i, '') : id;
    }

    /** Saves the catalog as a file: to_json() of the catalog when it loads. */
    save() {
      const check = this.checkNow();
      const errors = check.problems.filter((p) => p.level === 'error').length;
      let text;
      if (check.strategies !== null && !this.#catalogStale) {
        text = this.#catalog.toJSONText(2);
      } else {
        if (!this.ownerDocument.defaultView.confirm(this.#strings.saveWithErrors(errors))) return null;
        text = this.#doc === null ? this.#text ?? '' : JSON.stringify(this.#doc, null, 2);
      }
      const name = `${this.#baseName()}.json`;
      download(this.ownerDocument, name, text, 'application/json');
      this.#fileName = name;
      this.#savedText = this.#currentText();
      this.#persist();
      this.#say(this.#strings.savedAs(name));
      return text;
    }

    /** Makes the one-file reader page of the catalog (bin/carecompare-page.js's makePage). */
    makePage() {
      const check = this.checkNow();
      if (check.strategies === null || this.#catalogStale || !makePage) {
        this.#say(this.#strings.fixFirst);
        return null;
      }
      const page = makePage(this.#catalog, { assets: pageAssets() });
      const name = `${this.#baseName()}.html`;
      download(this.ownerDocument, name, page, 'text/html');
      this.#say(this.#strings.pageMade(name));
      return page;
    }

    #templateDialog() {
      const s = this.#strings;
      const headingId = this.#id('template-heading');
      const inputId = this.#id('template-locale');
      const hintId = this.#id('template-hint');
      const errorId = this.#id('template-error');
      const dialog = make('dialog', { class: 'cce-template', 'aria-labelledby': headingId });
      const input = make('input', { type: 'text', id: inputId, 'aria-describedby': `${hintId} ${errorId}`, autocomplete: 'off', spellcheck: 'false', 'data-key': 'template:locale' });
      const error = make('p', { id: errorId, class: 'cce-problem', hidden: '' });
      const form = make('form', { method: 'dialog' },
        make('h2', { id: headingId }, s.templateHeading),
        make('p', {}, s.templateIntro),
        make('div', { class: 'cce-field' }, make('label', { for: inputId }, s.templateLocale),
          make('p', { class: 'cce-hint', id: hintId }, s.templateLocaleHint), input, error),
        make('div', { class: 'cce-actions' },
          make('button', { type: 'submit', class: 'cce-primary', value: 'make', 'data-key': 'template:make' }, s.templateMake),
          make('button', { type: 'button', value: 'cancel', 'data-key': 'template:cancel' }, s.cancel)));
      form.querySelector('[value="cancel"]').addEventListener('click', () => dialog.close());
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        error.hidden = true;
        input.removeAttribute('aria-invalid');
        const made = this.translationTemplate(input.value.trim());
        if (made.error) {
          error.hidden = false;
          error.textContent = made.error;
          input.setAttribute('aria-invalid', 'true');
          input.focus();
          return;
        }
        dialog.close();
      });
      dialog.append(form);
      return dialog;
    }

    #showTemplate() {
      const dialog = this.querySelector('dialog.cce-template');
      dialog.querySelector('.cce-problem').hidden = true;
      dialog.showModal();
    }

    /** Makes the translation template for `locale`: {text} or {error} (the core's words). */
    translationTemplate(locale) {
      const check = this.checkNow();
      if (check.strategies === null || this.#catalogStale) return { error: this.#strings.fixFirst };
      let text;
      try {
        text = `${this.#catalog.translationTemplate(locale)}\n`;
      } catch (e) {
        if (!(e instanceof api.CareCompareError)) throw e;
        return { error: e.message.replace(/^\[carecompare\.[a-z]+\.\d+\]\s*/, '') };
      }
      const name = `${this.#baseName()}.${locale}.json`;
      download(this.ownerDocument, name, text, 'application/json');
      this.#say(this.#strings.pageMade(name));
      return { text };
    }

    // ---- The forms ------------------------------------------------------------------------------------

    #renderForms(focus = null) {
      const p = this.#parts;
      const active = this.ownerDocument.activeElement;
      const activeKey = active && this.contains(active) && active.dataset ? active.dataset.key : null;
      const key = focus ?? activeKey;
      const selection = key === activeKey && active && typeof active.selectionStart === 'number'
        ? [active.selectionStart, active.selectionEnd] : null;
      const scroll = this.ownerDocument.scrollingElement ? this.ownerDocument.scrollingElement.scrollTop : 0;
      this.#fields = new Map();
      this.#mirrors = [];
      this.#widgets = [];
      const s = this.#strings;
      const forms = [];
      const doc = this.#doc;
      if (doc === null) {
        forms.push(make('p', { class: 'cce-problem' }, s.notJson));
      } else {
        forms.push(
          this.#section('about', s.about, null, (box) => this.#about(box)),
          this.#section('sources', s.sources, null, (box) => this.#sources(box)),
          this.#section('vocabulary', s.vocabulary, s.vocabularyHint, (box) => this.#vocabulary(box)),
          this.#section('facts', s.facts, s.factsHint, (box) => this.#facts(box)),
          this.#section('columns', s.columns, s.columnsHint, (box) => this.#columns(box)),
          this.#section('strategies', s.strategies, s.strategiesHint, (box) => this.#strategies(box)),
          this.#section('rules', s.rules, s.rulesHint, (box) => this.#rules(box)),
          this.#section('labels', s.labels, s.labelsHint, (box) => this.#labels(box)),
          this.#section('quotations', s.quotations, s.quotationsHint, (box) => this.#quotations(box)),
          this.#section('extensions', s.extensions, s.extensionsHint, (box) => this.#extensions(box)));
      }
      p.forms.replaceChildren(...forms);
      // The JSON view is built once: the author may be typing in it.
      const view = p.jsonView;
      this.#register('', { control: view.control, box: view.box, where: s.wholeCatalog, invalidable: true });
      p.forms.inert = this.#text !== null;
      this.#refreshLive(true);
      this.#showCheck();
      if (this.ownerDocument.scrollingElement) this.ownerDocument.scrollingElement.scrollTop = scroll;
      if (key) {
        const find = (k) => (k.startsWith('item:')
          ? [...this.querySelectorAll('[data-pointer]')].find((e) => e.dataset.pointer === k.slice(5))?.querySelector('input, select, textarea')
          : [...this.querySelectorAll('[data-key]')].find((e) => e.dataset.key === k));
        // Focus never falls out of the editor: to what was asked, else where it was, else Undo.
        let target = find(key) || (activeKey && find(activeKey));
        if (!target && activeKey) target = this.#parts.buttons.undo.disabled ? this.#parts.buttons.open : this.#parts.buttons.undo;
        if (target) {
          for (let d = target.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
          target.focus({ preventScroll: true });
          if (selection && typeof target.setSelectionRange === 'function' && typeof target.value === 'string') {
            try {
              target.setSelectionRange(...selection);
            } catch {
              // Not a text control (a checkbox): nothing to restore.
            }
          }
          const box = target.getBoundingClientRect();
          if (box.bottom < 0 || box.top > this.ownerDocument.defaultView.innerHeight) target.scrollIntoView({ block: 'center' });
        }
      }
    }

    #section(key, title, hint, fill, ids = this.#parts.sectionIds) {
      const id = ids[key];
      const headingId = `${id}-h`;
      const section = make('section', { class: 'cce-section', id, 'aria-labelledby': headingId },
        make('h2', { id: headingId, tabindex: '-1' }, title));
      if (hint) section.append(make('p', { class: 'cce-hint' }, hint));
      fill(section);
      return section;
    }

    /** Registers what shows `pointer`: problems found there go to `box`, its grade to `grade`. */
    #register(pointer, entry) {
      this.#fields.set(pointer, { problems: [], ...entry });
    }

    /** A text that follows the document (a card's title, a checkbox's label). */
    #mirror(node, text) {
      this.#mirrors.push({ node, text });
      node.textContent = text();
      return node;
    }

    /** Part of a form built again whenever what it shows changes (`signature`). */
    #live(container, signature, build) {
      this.#widgets.push({ container, signature, build, last: null });
      return container;
    }

    #refreshLive(all = false) {
      for (const m of this.#mirrors) {
        const t = m.text();
        if (m.node.textContent !== t) m.node.textContent = t;
      }
      for (const w of this.#widgets) {
        if (!w.container.isConnected && !all) continue;
        const sig = w.signature();
        if (sig === w.last) continue;
        w.last = sig;
        const active = this.ownerDocument.activeElement;
        const key = active && w.container.contains(active) ? active.dataset.key : null;
        const selection = key && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
        w.build(w.container);
        const again = key ? [...w.container.querySelectorAll('[data-key]')].find((e) => e.dataset.key === key) : null;
        if (again) {
          again.focus();
          if (selection && typeof again.setSelectionRange === 'function') {
            try {
              again.setSelectionRange(...selection);
            } catch {
              // A number input has no selection.
            }
          }
        }
      }
    }

    // A text field. `optional`: empty removes the key. `name`: the field whose text names the
    // entry, from which its id is made while the author has not typed one.
    #textField(parent, { pointer, label, hint = null, multiline = false, optional = false, mono = false, where, derive = null, kind = 'text' }) {
      const s = this.#strings;
      const id = this.#id('f');
      const hintId = hint ? `${id}-hint` : null;
      const gradeId = `${id}-grade`;
      const boxId = `${id}-problem`;
      const value = getAt(this.#doc, pointer);
      const attrs = { id, 'data-key': `field:${pointer}`, 'aria-describedby': [hintId, gradeId, boxId].filter(Boolean).join(' '), spellcheck: mono ? 'false' : 'true' };
      if (!mono && kind === 'text') {
        // A catalog's text: in the catalog's language (#showCheck sets `lang`), either direction.
        attrs['data-catalog-text'] = '';
        attrs.dir = 'auto';
      }
      const control = multiline
        ? make('textarea', { ...attrs, rows: '2', class: mono ? 'cce-mono' : '' })
        : make('input', { ...attrs, type: kind === 'number' ? 'number' : 'text', ...(kind === 'number' ? { step: 'any', inputmode: 'decimal' } : {}) });
      control.value = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
      control.addEventListener('input', () => {
        let next = control.value;
        if (kind === 'number') next = next === '' ? undefined : Number.isFinite(control.valueAsNumber) ? control.valueAsNumber : getAt(this.#doc, pointer);
        else if (optional && next === '') next = undefined;
        const change = setChange(this.#doc, pointer, next) || [];
        if (derive) {
          // The entry's id follows its name while the author has not typed another, and while
          // nothing refers to it (an id in use keeps its name: renaming breaks nothing).
          const before = getAt(this.#doc, pointer);
          const idNow = getAt(this.#doc, derive);
          const follows = idNow === '' || idNow === undefined ||
            (idNow === idFromName(typeof before === 'string' ? before : '') && countString(this.#doc, idNow) === 1);
          if (follows && typeof next === 'string') {
            const made = setChange(this.#doc, derive, idFromName(next));
            if (made) change.push(...made);
          }
        }
        this.#commit(change, { key: `text:${pointer}` });
        if (derive) {
          const idField = this.#fields.get(derive);
          if (idField && idField.control !== this.ownerDocument.activeElement) idField.control.value = getAt(this.#doc, derive) ?? '';
        }
      });
      const grade = make('p', { class: 'cce-grade', id: gradeId, hidden: '' });
      const box = make('ul', { class: 'cce-problem', id: boxId, hidden: '' });
      const labelText = optional ? `${label} (${s.optional})` : label;
      parent.append(make('div', { class: 'cce-field' },
        make('label', { for: id }, labelText),
        hint ? make('p', { class: 'cce-hint', id: hintId }, hint) : null,
        control, grade, box));
      this.#register(pointer, { control, box, grade, where: where || label, invalidable: true });
      return control;
    }

    // A choice among values (an enum of the schema). `optional`: the empty choice removes the key.
    #select(parent, { pointer, label, hint = null, values, words = {}, optional = false, where, emptyWord = null, render = false }) {
      const s = this.#strings;
      const id = this.#id('f');
      const hintId = hint ? `${id}-hint` : null;
      const boxId = `${id}-problem`;
      const value = getAt(this.#doc, pointer);
      const control = make('select', { id, 'data-key': `field:${pointer}`, 'aria-describedby': [hintId, boxId].filter(Boolean).join(' ') },
        make('option', { value: '' }, emptyWord ?? (optional ? words[''] ?? s.choose : s.choose)),
        ...values.map((v) => make('option', { value: v }, words[v] ? `${words[v]} (${v})` : v)));
      if (value !== undefined && !values.includes(value) && typeof value === 'string' && value !== '') {
        control.append(make('option', { value }, s.notInCatalog(value)));
      }
      control.value = typeof value === 'string' ? value : '';
      control.addEventListener('change', () => {
        this.#set(pointer, control.value === '' ? undefined : control.value, { render });
      });
      const box = make('ul', { class: 'cce-problem', id: boxId, hidden: '' });
      parent.append(make('div', { class: 'cce-field' }, make('label', { for: id }, label),
        hint ? make('p', { class: 'cce-hint', id: hintId }, hint) : null, control, box));
      this.#register(pointer, { control, box, where: where || label, invalidable: true });
      return control;
    }

    // Checkboxes for a list of ids chosen among `choices()` ({id, label}); `optional`: an empty
    // list removes the key. Ids in the list that are not among the choices stay, marked.
    #idChoices(parent, { pointer, legend, choices, optional = false, where, emptyNote }) {
      const s = this.#strings;
      const set = make('fieldset', {});
      const legendId = this.#id('legend');
      set.append(make('legend', { id: legendId }, legend));
      const body = make('div', { class: 'cce-choices' });
      const boxId = this.#id('problem');
      const box = make('ul', { class: 'cce-problem', id: boxId, hidden: '' });
      set.append(body, box);
      parent.append(set);
      const entry = { control: null, box, where: where || legend, invalidable: false };
      this.#register(pointer, entry);
      this.#live(body, () => JSON.stringify([choices(), getAt(this.#doc, pointer)]), () => {
        const chosen = getAt(this.#doc, pointer);
        const list = Array.isArray(chosen) ? chosen : [];
        const all = choices();
        const unknown = list.filter((id) => !all.some((c) => c.id === id));
        const boxes = [...all.map((c) => ({ ...c, known: true })), ...unknown.map((id) => ({ id, label: s.notInCatalog(id), known: false }))];
        body.replaceChildren(...boxes.map((c, i) => {
          const id = this.#id('c');
          const input = make('input', { type: 'checkbox', id, value: c.id, 'data-key': `choice:${pointer}:${c.id}`, 'aria-describedby': boxId });
          input.checked = list.includes(c.id);
          input.addEventListener('change', () => {
            const now = getAt(this.#doc, pointer);
            const current = Array.isArray(now) ? now : [];
            let next;
            if (input.checked) {
              // In the order of the choices, the unknown ones kept where they were.
              const order = all.map((x) => x.id);
              next = [...current.filter((x) => !order.includes(x)), ...order.filter((x) => x === c.id || current.includes(x))];
            } else {
              next = current.filter((x) => x !== c.id);
            }
            this.#set(pointer, optional && next.length === 0 ? undefined : next, { key: null });
          });
          if (i === 0) entry.control = input;
          return make('div', { class: `cce-choice ${c.known ? '' : 'cce-unknown'}` }, input,
            make('label', { for: id }, c.known ? `${c.label || c.id} (${c.id})` : c.label));
        }));
        if (boxes.length === 0) {
          const note = make('p', { class: 'cce-hint', tabindex: '-1', 'data-key': `choice:${pointer}:none` }, emptyNote || s.none);
          body.append(note);
          entry.control = note;
        }
      });
      return set;
    }

    // A list of items with Up, Down, Remove, drag and drop, and Add. `itemName(i)` names item i
    // (for the buttons and the announcements); `fill(container, pointer, i)` builds its fields.
    #items(parent, { pointer, legend, addLabel, newItem, itemName, fill, cards = false, hint = null, optional = false, quietLegend = false, whereOf = null, compact = false }) {
      const s = this.#strings;
      const list = getAt(this.#doc, pointer);
      const set = make('fieldset', { class: `cce-items ${quietLegend ? 'cce-top' : ''}` });
      // A list that is its section's whole content is named by the section's heading.
      set.append(make('legend', quietLegend ? { class: 'cce-visually-hidden' } : {}, legend));
      if (hint) set.append(make('p', { class: 'cce-hint' }, hint));
      const boxId = this.#id('problem');
      const box = make('ul', { class: 'cce-problem', id: boxId, hidden: '' });
      set.append(box);
      const add = make('button', { type: 'button', 'data-key': `add:${pointer}`, 'aria-describedby': boxId }, addLabel);
      this.#register(pointer, { control: add, box, where: legend, invalidable: false });
      if (list !== undefined && !Array.isArray(list)) {
        set.append(make('p', { class: 'cce-problem' }, s.notAList));
        parent.append(set);
        return set;
      }
      const items = list || [];
      const ol = make('ol', { class: 'cce-lines' });
      items.forEach((_, i) => {
        const itemPointer = childPointer(pointer, i);
        const name = () => itemName(i);
        const tools = make('div', { class: 'cce-item-tools' });
        const tool = (label, key, fn, disabled = false) => {
          const b = make('button', { type: 'button', class: 'cce-small', 'data-key': `${key}:${itemPointer}` }, label,
            make('span', { class: 'cce-visually-hidden' }, ` (${name()})`));
          b.disabled = disabled;
          b.addEventListener('click', fn);
          return b;
        };
        const move = (to, key) => {
          const change = moveChange(this.#doc, pointer, i, to);
          this.#remapOpen(pointer, i, to);
          this.#commit(change, { render: true, focus: `${key}:${childPointer(pointer, to)}` });
          this.#say(s.moved(itemName(to), to + 1, items.length));
        };
        const handle = make('span', { class: 'cce-handle', draggable: 'true', 'aria-hidden': 'true' }, `⠿ ${s.drag}`);
        tools.append(handle,
          tool(s.up, 'up', () => move(i - 1, i - 1 === 0 ? 'down' : 'up'), i === 0),
          tool(s.down, 'down', () => move(i + 1, i + 1 === items.length - 1 ? 'up' : 'down'), i === items.length - 1),
          tool(s.remove, 'remove', () => {
            const what = name();
            let change = removeChange(this.#doc, pointer, i);
            if (optional && items.length === 1) change = [{ pointer, before: items, after: undefined }, ...change.slice(1)];
            this.#remapOpen(pointer, i, -1);
            const next = items.length > 1 ? `remove:${childPointer(pointer, Math.min(i, items.length - 2))}` : `add:${pointer}`;
            this.#commit(change, { render: true, focus: next });
            this.#say(s.removed(what));
          }));
        let item;
        const content = make('div', {});
        if (cards) {
          const badge = make('span', { class: 'cce-badge', 'data-for': itemPointer, hidden: '' });
          const summary = make('summary', { 'data-key': `card:${itemPointer}` });
          summary.append(this.#mirror(make('span', {}), name), badge);
          item = make('details', { class: 'cce-card' }, summary, content);
          if (this.#openCards.has(itemPointer)) item.open = true;
          item.addEventListener('toggle', () => {
            if (item.open) this.#openCards.add(itemPointer);
            else this.#openCards.delete(itemPointer);
          });
          this.#register(itemPointer, { control: summary, box: null, where: '', invalidable: false });
          Object.defineProperty(this.#fields.get(itemPointer), 'where', { get: () => (whereOf ? whereOf(i) : name()) });
        } else if (compact) {
          // One field: its label names the entry.
          item = make('div', { class: 'cce-entry' }, content);
        } else {
          const heading = this.#mirror(make('legend', {}), name);
          item = make('fieldset', { class: 'cce-entry' }, heading, content);
        }
        // The entry and its tools (beside a card, so that it moves without being opened).
        const holder = make('li', { class: 'cce-item', 'data-pointer': itemPointer }, item);
        const itemBox = make('ul', { class: 'cce-problem', hidden: '' });
        content.append(itemBox);
        fill(content, itemPointer, i);
        (cards ? holder : content).append(tools);
        if (!cards) {
          const first = content.querySelector('input, select, textarea, button');
          this.#register(itemPointer, { control: first || add, box: itemBox, where: name(), invalidable: false });
          Object.defineProperty(this.#fields.get(itemPointer), 'where', { get: name });
        } else {
          this.#fields.get(itemPointer).box = itemBox;
        }
        // Mouse: drag an item by its handle onto another of the same list.
        handle.addEventListener('dragstart', (e) => {
          e.dataTransfer.setData(DRAG_TYPE, JSON.stringify({ pointer, index: i }));
          e.dataTransfer.effectAllowed = 'move';
          holder.classList.add('cce-dragging');
        });
        handle.addEventListener('dragend', () => holder.classList.remove('cce-dragging'));
        holder.addEventListener('dragover', (e) => {
          if (![...e.dataTransfer.types].includes(DRAG_TYPE)) return;
          e.preventDefault();
          e.stopPropagation();
          holder.classList.add('cce-drop');
        });
        holder.addEventListener('dragleave', () => holder.classList.remove('cce-drop'));
        holder.addEventListener('drop', (e) => {
          holder.classList.remove('cce-drop');
          const raw = e.dataTransfer.getData(DRAG_TYPE);
          if (!raw) return;
          e.preventDefault();
          e.stopPropagation();
          const from = JSON.parse(raw);
          if (from.pointer !== pointer || from.index === i) return;
          const change = moveChange(this.#doc, pointer, from.index, i);
          this.#remapOpen(pointer, from.index, i);
          this.#commit(change, { render: true });
          this.#say(s.moved(itemName(i), i + 1, items.length));
        });
        ol.append(holder);
      });
      if (items.length === 0) ol.append(make('li', { class: 'cce-hint' }, s.none));
      add.addEventListener('click', () => {
        const now = getAt(this.#doc, pointer);
        const n = Array.isArray(now) ? now.length : 0;
        const change = insertChange(this.#doc, pointer, n, newItem(n));
        const itemPointer = childPointer(pointer, n);
        if (cards) this.#openCards.add(itemPointer);
        this.#commit(change, { render: true, focus: `item:${itemPointer}` });
      });
      set.append(ol, make('p', {}, add));
      parent.append(set);
      return set;
    }

    /** Open cards follow their item when a list is reordered (`to` -1: removed). */
    #remapOpen(listPointer, from, to) {
      const prefix = `${listPointer}/`;
      const moved = new Set();
      const n = (getAt(this.#doc, listPointer) || []).length;
      const order = [...Array(n).keys()];
      order.splice(from, 1);
      if (to >= 0) order.splice(to, 0, from);
      for (const p of this.#openCards) {
        if (!p.startsWith(prefix) || !/^\d+$/.test(p.slice(prefix.length))) {
          moved.add(p);
          continue;
        }
        const at = order.indexOf(Number(p.slice(prefix.length)));
        if (at >= 0) moved.add(`${prefix}${at}`);
      }
      this.#openCards = moved;
    }

    // A list of texts (use cases, benefits, allowed answers...), each a field with its grade.
    #lines(parent, { pointer, legend, hint = null, itemLabel, optional = false, addLabel, multiline = true }) {
      return this.#items(parent, {
        pointer, legend, hint, optional, compact: true, addLabel: addLabel || this.#strings.add.lines,
        newItem: () => '',
        itemName: (i) => itemLabel(i + 1),
        fill: (box, itemPointer, i) => this.#textField(box, { pointer: itemPointer, label: itemLabel(i + 1), multiline, where: `${legend}, ${itemLabel(i + 1)}` }),
      });
    }

    // ---- Sections -------------------------------------------------------------------------------------

    #about(box) {
      const s = this.#strings;
      const t = (pointer, label, more = {}) => this.#textField(box, { pointer, label, ...more });
      t('/title', s.catalogTitle, { derive: '/id' });
      t('/id', s.catalogId, { hint: s.idHint, mono: true });
      t('/condition', s.condition);
      t('/locale', s.locale, { hint: s.localeHint, mono: true });
      t('/version', s.version, { hint: s.versionHint, mono: true });
      t('/published', s.published, { hint: s.dateHint, mono: true });
      t('/last_reviewed', s.lastReviewed, { hint: s.dateHint, mono: true });
      t('/next_review', s.nextReview, { hint: s.dateHint, mono: true, optional: true });
      t('/disclaimer', s.disclaimer, { hint: s.disclaimerHint, multiline: true });
      this.#items(box, {
        pointer: '/authors', legend: s.authors, addLabel: s.add.authors, optional: true,
        newItem: () => ({ name: '', role: '' }),
        itemName: (i) => {
          const name = getAt(this.#doc, `/authors/${i}/name`);
          return typeof name === 'string' && name ? `${s.author(i + 1)}: ${name}` : s.author(i + 1);
        },
        fill: (item, p, i) => {
          this.#textField(item, { pointer: `${p}/name`, label: s.authorName, where: `${s.author(i + 1)}, ${s.authorName}` });
          this.#textField(item, { pointer: `${p}/role`, label: s.authorRole, where: `${s.author(i + 1)}, ${s.authorRole}` });
        },
      });
      t('/funding', s.funding, { hint: s.fundingHint, multiline: true, optional: true });
      t('/conflicts_of_interest', s.conflicts, { hint: s.conflictsHint, multiline: true, optional: true });
      t('/update_policy', s.updatePolicy, { multiline: true, optional: true });
      this.#extraFields(box, '', 'catalog_document', ['format', 'title', 'id', 'condition', 'locale', 'version', 'published', 'last_reviewed',
        'next_review', 'disclaimer', 'authors', 'funding', 'conflicts_of_interest', 'update_policy', 'sources', 'vocabulary', 'facts',
        'columns', 'strategies', 'rules', 'labels', 'quotations', 'extensions', '$schema']);
    }

    #sources(box) {
      const s = this.#strings;
      this.#items(box, {
        pointer: '/sources', legend: s.sources, quietLegend: true, addLabel: s.add.sources,
        newItem: () => ({ id: '', title: '' }),
        itemName: (i) => this.#named(s.source(i + 1), `/sources/${i}/title`),
        fill: (item, p, i) => {
          const where = (what) => `${s.source(i + 1)}, ${what}`;
          this.#textField(item, { pointer: `${p}/title`, label: s.sourceTitle, derive: `${p}/id`, where: where(s.sourceTitle) });
          this.#textField(item, { pointer: `${p}/id`, label: s.id, hint: s.idHint, mono: true, where: where(s.id) });
          this.#textField(item, { pointer: `${p}/publisher`, label: s.publisher, optional: true, where: where(s.publisher) });
          this.#textField(item, { pointer: `${p}/url`, label: s.url, optional: true, mono: true, where: where(s.url) });
          this.#textField(item, { pointer: `${p}/accessed`, label: s.accessed, hint: s.dateHint, optional: true, mono: true, where: where(s.accessed) });
          this.#extraFields(item, p, 'source', FORM_KEYS.source);
        },
      });
    }

    #named(base, pointer) {
      const name = getAt(this.#doc, pointer);
      return typeof name === 'string' && name ? `${base}: ${name}` : base;
    }

    #vocabulary(box) {
      const s = this.#strings;
      const word = { sites: s.site, symptoms: s.symptom, goals: s.goal };
      const hints = { sites: s.sitesHint, symptoms: s.symptomsHint, goals: s.goalsHint };
      for (const list of api.circumstancesLists) {
        const pointer = `/vocabulary/${list}`;
        this.#items(box, {
          pointer, legend: s[list], hint: hints[list], addLabel: s.add[list],
          newItem: () => ({ id: '', label: '' }),
          itemName: (i) => this.#named(word[list](i + 1), `${pointer}/${i}/label`),
          fill: (item, p, i) => {
            const where = (what) => `${word[list](i + 1)}, ${what}`;
            this.#textField(item, { pointer: `${p}/label`, label: s.word, derive: `${p}/id`, where: where(s.word) });
            this.#textField(item, { pointer: `${p}/id`, label: s.id, hint: s.idHint, mono: true, where: where(s.id) });
            this.#codes(item, `${p}/codes`, where, s.vocabularyCodesHint);
          },
        });
      }
    }

    // The codes that mean an entry in a health record (`codes`: [{system, code, display?}]).
    #codes(parent, pointer, where, hint) {
      const s = this.#strings;
      this.#items(parent, {
        pointer, legend: s.codes, hint, addLabel: s.add.codes, optional: true,
        newItem: () => ({ system: '', code: '' }),
        itemName: (i) => this.#named(s.code(i + 1), `${pointer}/${i}/code`),
        fill: (item, p, i) => {
          const at = (what) => where(`${s.code(i + 1)}, ${what}`);
          this.#textField(item, { pointer: `${p}/system`, label: s.codeSystem, hint: s.codeSystemHint, mono: true, where: at(s.codeSystem) });
          this.#textField(item, { pointer: `${p}/code`, label: s.codeCode, mono: true, where: at(s.codeCode) });
          this.#textField(item, { pointer: `${p}/display`, label: s.codeDisplay, hint: s.codeDisplayHint, optional: true, where: at(s.codeDisplay) });
        },
      });
    }

    #facts(box) {
      const s = this.#strings;
      const types = this.#enum('fact_type');
      this.#items(box, {
        pointer: '/facts', legend: s.facts, quietLegend: true, addLabel: s.add.facts, optional: true,
        newItem: () => ({ id: '', type: types[0], label: '', description: '' }),
        itemName: (i) => this.#named(s.fact(i + 1), `/facts/${i}/label`),
        fill: (item, p, i) => {
          const where = (what) => `${s.fact(i + 1)}, ${what}`;
          this.#textField(item, { pointer: `${p}/label`, label: s.factLabel, derive: `${p}/id`, where: where(s.factLabel) });
          this.#textField(item, { pointer: `${p}/id`, label: s.id, mono: true, where: where(s.id) });
          this.#select(item, { pointer: `${p}/type`, label: s.factType, values: types, words: s.factTypes, where: where(s.factType), render: true });
          this.#textField(item, { pointer: `${p}/description`, label: s.factDescription, multiline: true, where: where(s.factDescription) });
          const type = getAt(this.#doc, `${p}/type`);
          if (type === 'string' || type === 'string-list' || getAt(this.#doc, `${p}/values`) !== undefined) {
            this.#lines(item, { pointer: `${p}/values`, legend: s.factValues, hint: s.factValuesHint, itemLabel: s.value, optional: true, addLabel: s.add.values, multiline: false });
          }
          this.#codes(item, `${p}/codes`, where, s.factCodesHint);
          this.#extraFields(item, p, 'fact', FORM_KEYS.fact);
        },
      });
    }

    #columns(box) {
      const s = this.#strings;
      const fields = this.#schema.$defs.column.properties.field.enum;
      this.#items(box, {
        pointer: '/columns', legend: s.columns, quietLegend: true, addLabel: s.add.columns,
        newItem: () => ({ field: '', label: '' }),
        itemName: (i) => this.#named(s.column(i + 1), `/columns/${i}/label`),
        fill: (item, p, i) => {
          const where = (what) => `${s.column(i + 1)}, ${what}`;
          this.#select(item, { pointer: `${p}/field`, label: s.columnField, values: fields, words: s.fields, where: where(s.columnField) });
          this.#textField(item, { pointer: `${p}/label`, label: s.columnHeading, where: where(s.columnHeading) });
        },
      });
    }

    #strategyChoices() {
      const list = getAt(this.#doc, '/strategies');
      return Array.isArray(list) ? list.filter((x) => x && typeof x.id === 'string' && x.id).map((x) => ({ id: x.id, label: typeof x.name === 'string' ? x.name : '' })) : [];
    }

    #strategies(box) {
      const s = this.#strings;
      const kinds = this.#enum('strategy_kind');
      const scopes = this.#enum('strategy_scope');
      this.#items(box, {
        pointer: '/strategies', legend: s.strategies, quietLegend: true, addLabel: s.add.strategies, cards: true,
        whereOf: (i) => {
          const name = getAt(this.#doc, `/strategies/${i}/name`);
          return typeof name === 'string' && name ? `${s.optionShort(i + 1)} (${name})` : s.optionShort(i + 1);
        },
        newItem: () => ({ id: '', name: '', purpose: '', use_cases: [''], sources: [] }),
        itemName: (i) => {
          const name = getAt(this.#doc, `/strategies/${i}/name`);
          return s.option(i + 1, typeof name === 'string' ? name : '');
        },
        fill: (item, p, i) => {
          const where = (what) => `${s.optionShort(i + 1)}, ${what}`;
          this.#textField(item, { pointer: `${p}/name`, label: s.optionName, derive: `${p}/id`, where: where(s.optionName) });
          this.#textField(item, { pointer: `${p}/id`, label: s.id, hint: s.idHint, mono: true, where: where(s.id) });
          this.#select(item, { pointer: `${p}/kind`, label: s.kind, values: kinds, words: s.kinds, where: where(s.kind) });
          this.#select(item, { pointer: `${p}/scope`, label: s.scope, values: scopes, words: s.scopes, where: where(s.scope) });
          this.#textField(item, { pointer: `${p}/purpose`, label: s.purpose, multiline: true, where: where(s.purpose) });
          this.#lines(item, { pointer: `${p}/use_cases`, legend: s.useCases, itemLabel: s.useCase });
          this.#lines(item, { pointer: `${p}/benefits`, legend: s.benefits, itemLabel: s.benefit, optional: true });
          this.#lines(item, { pointer: `${p}/considerations`, legend: s.considerations, hint: s.considerationsHint, itemLabel: s.consideration, optional: true });
          this.#lines(item, { pointer: `${p}/care_team`, legend: s.careTeam, itemLabel: s.careTeamMember, optional: true, multiline: false });
          this.#idChoices(item, {
            pointer: `${p}/sources`, legend: s.optionSources, where: where(s.optionSources), emptyNote: s.noSources,
            choices: () => {
              const list = getAt(this.#doc, '/sources');
              return Array.isArray(list) ? list.filter((x) => x && typeof x.id === 'string' && x.id).map((x) => ({ id: x.id, label: typeof x.title === 'string' ? x.title : '' })) : [];
            },
          });
          this.#extraFields(item, p, 'strategy', FORM_KEYS.strategy);
        },
      });
    }

    #rules(box) {
      const s = this.#strings;
      this.#items(box, {
        pointer: '/rules', legend: s.rules, quietLegend: true, addLabel: s.add.rules, cards: true,
        whereOf: (i) => {
          const id = getAt(this.#doc, `/rules/${i}/id`);
          return typeof id === 'string' && id ? `${s.ruleShort(i + 1)} (${id})` : s.ruleShort(i + 1);
        },
        newItem: () => ({ id: '', description: '', when: writeCondition({ join: 'any', parts: [this.#newPart()] }), show: [], reason: '' }),
        itemName: (i) => {
          const d = getAt(this.#doc, `/rules/${i}/description`);
          return s.rule(i + 1, typeof d === 'string' ? d : '');
        },
        fill: (item, p, i) => {
          const where = (what) => `${s.ruleShort(i + 1)}, ${what}`;
          this.#textField(item, { pointer: `${p}/description`, label: s.ruleDescription, hint: s.ruleDescriptionHint, derive: `${p}/id`, multiline: true, where: where(s.ruleDescription) });
          this.#textField(item, { pointer: `${p}/id`, label: s.id, hint: s.idHint, mono: true, where: where(s.id) });
          this.#condition(item, `${p}/when`, where(s.when));
          this.#idChoices(item, { pointer: `${p}/show`, legend: s.shows, where: where(s.shows), choices: () => this.#strategyChoices() });
          this.#idChoices(item, { pointer: `${p}/hide`, legend: s.hides, optional: true, where: where(s.hides), choices: () => this.#strategyChoices() });
          this.#textField(item, { pointer: `${p}/reason`, label: s.reason, hint: s.reasonHint, multiline: true, where: where(s.reason) });
          this.#textField(item, { pointer: `${p}/weight`, label: s.weight, hint: s.weightHint, optional: true, kind: 'number', where: where(s.weight) });
          this.#select(item, { pointer: `${p}/absent_is`, label: s.absentIs, values: this.#enum('absence'), words: s.absentIsOptions, optional: true, where: where(s.absentIs), emptyWord: s.absentIsOptions[''] });
          this.#extraFields(item, p, 'rule', FORM_KEYS.rule);
        },
      });
    }

    /** A new part of a condition: a site, else a symptom, else a goal, else everyone. */
    #newPart() {
      for (const list of api.circumstancesLists) {
        const words = getAt(this.#doc, `/vocabulary/${list}`);
        if (Array.isArray(words) && words.length) return { kind: 'listed', list, ids: [], form: 'in' };
      }
      return { kind: 'everyone' };
    }

    // A rule's condition: the builder, when the condition has its shapes, and the JsonLogic.
    #condition(parent, pointer, where) {
      const s = this.#strings;
      const set = make('fieldset', { class: 'cce-condition' }, make('legend', {}, s.when));
      const builder = make('div', { class: 'cce-builder' });
      set.append(builder);
      const id = this.#id('f');
      const hintId = `${id}-hint`;
      const boxId = `${id}-problem`;
      const badId = `${id}-bad`;
      const logic = make('textarea', { id, class: 'cce-mono', rows: '3', spellcheck: 'false', 'data-key': `field:${pointer}`, 'aria-describedby': `${hintId} ${badId} ${boxId}` });
      const bad = make('p', { class: 'cce-problem', id: badId, hidden: '' });
      const box = make('ul', { class: 'cce-problem', id: boxId, hidden: '' });
      const showText = () => {
        const draft = this.#drafts[pointer];
        logic.value = draft !== undefined ? draft : JSON.stringify(getAt(this.#doc, pointer));
      };
      showText();
      if (this.#drafts[pointer] !== undefined) {
        bad.hidden = false;
        bad.textContent = s.logicBad('');
      }
      logic.addEventListener('input', () => {
        let value;
        try {
          value = JSON.parse(logic.value);
        } catch (e) {
          this.#drafts[pointer] = logic.value;
          bad.hidden = false;
          bad.textContent = s.logicBad(e.message);
          this.#persist();
          return;
        }
        delete this.#drafts[pointer];
        bad.hidden = true;
        const change = setChange(this.#doc, pointer, value);
        if (change) this.#commit(change, { key: `text:${pointer}` });
        else this.#persist();
      });
      set.append(make('div', { class: 'cce-field' }, make('label', { for: id }, s.logic),
        make('p', { class: 'cce-hint', id: hintId }, s.logicHint), logic, bad, box));
      parent.append(set);
      this.#register(pointer, { control: logic, box, where, invalidable: true });
      // The builder follows the condition and what it can name; the JsonLogic follows the builder.
      this.#live(builder, () => JSON.stringify([getAt(this.#doc, pointer), getAt(this.#doc, '/vocabulary'), getAt(this.#doc, '/facts')]), () => {
        if (this.ownerDocument.activeElement !== logic && this.#drafts[pointer] === undefined) showText();
        this.#builder(builder, pointer);
      });
    }

    #builder(box, pointer) {
      const s = this.#strings;
      const when = getAt(this.#doc, pointer);
      const condition = readCondition(when, api.circumstancesLists);
      if (!condition) {
        const restart = make('button', { type: 'button', class: 'cce-small', 'data-key': `restart:${pointer}` }, s.makeSimple);
        restart.addEventListener('click', () => this.#set(pointer, writeCondition({ join: 'any', parts: [this.#newPart()] }), { render: true, focus: `part-kind:${pointer}:0` }));
        box.replaceChildren(make('p', { class: 'cce-hint' }, s.tooComplex), restart);
        return;
      }
      const write = (next, focus) => this.#set(pointer, writeCondition(next), { render: false, focus, key: null });
      const children = [];
      if (condition.parts.length > 1) {
        const joinId = this.#id('join');
        const join = make('select', { id: joinId, 'data-key': `join:${pointer}` },
          ...['any', 'all'].map((j) => make('option', { value: j }, s.joins[j])));
        join.value = condition.join;
        join.addEventListener('change', () => write({ ...condition, join: join.value }));
        children.push(make('div', { class: 'cce-field' }, make('label', { for: joinId }, s.join), join));
      }
      condition.parts.forEach((part, i) => {
        children.push(this.#builderPart(pointer, condition, part, i, write));
      });
      const add = make('button', { type: 'button', class: 'cce-small', 'data-key': `add-part:${pointer}` }, s.addPart);
      add.addEventListener('click', () => {
        const fresh = this.#newPart();
        const parts = condition.parts.length === 1 && condition.parts[0].kind === 'everyone'
          ? [fresh.kind === 'everyone' ? { kind: 'count', op: '>=', value: 1 } : fresh] : [...condition.parts, fresh.kind === 'everyone' ? { kind: 'count', op: '>=', value: 1 } : fresh];
        write({ ...condition, parts });
        this.#focusKey(`part-kind:${pointer}:${parts.length - 1}`);
      });
      children.push(make('p', {}, add));
      box.replaceChildren(...children);
    }

    #focusKey(key) {
      const target = [...this.querySelectorAll('[data-key]')].find((e) => e.dataset.key === key);
      if (target) target.focus();
    }

    #builderPart(pointer, condition, part, i, write) {
      const s = this.#strings;
      const several = condition.parts.length > 1;
      const set = make('fieldset', { class: 'cce-part' }, make('legend', {}, s.partKind(i + 1)));
      const replace = (next) => {
        const parts = condition.parts.slice();
        parts[i] = next;
        return { ...condition, parts };
      };
      const kindId = this.#id('kind');
      const kindValue = part.kind === 'listed' ? part.list : part.kind;
      const facts = (getAt(this.#doc, '/facts') || []).filter((f) => f && typeof f.id === 'string');
      const kinds = ['everyone', ...api.circumstancesLists, 'count', 'fact'].filter((k) => (k !== 'everyone' || !several) && (k !== 'fact' || facts.length || kindValue === 'fact'));
      const kind = make('select', { id: kindId, 'data-key': `part-kind:${pointer}:${i}` },
        ...kinds.map((k) => make('option', { value: k }, s.partKinds[k])));
      kind.value = kindValue;
      kind.addEventListener('change', () => {
        const k = kind.value;
        let next;
        if (k === 'everyone') next = { kind: 'everyone' };
        else if (api.circumstancesLists.includes(k)) next = { kind: 'listed', list: k, ids: [], form: 'in' };
        else if (k === 'count') next = { kind: 'count', op: '>=', value: 2 };
        else next = this.#factPart(facts[0]);
        write(replace(next), null);
        this.#focusKey(`part-kind:${pointer}:${i}`);
      });
      set.append(make('div', { class: 'cce-field' }, make('label', { for: kindId }, s.partTest), kind));
      const partPointer = pointer;
      if (part.kind === 'listed') {
        const words = getAt(this.#doc, `/vocabulary/${part.list}`);
        const known = Array.isArray(words) ? words.filter((w) => w && typeof w.id === 'string' && w.id) : [];
        const unknown = part.ids.filter((id) => !known.some((w) => w.id === id));
        const choices = make('div', { class: 'cce-choices', role: 'group', 'aria-label': s.partKinds[part.list] });
        for (const w of [...known.map((x) => ({ ...x, known: true })), ...unknown.map((id) => ({ id, label: s.notInCatalog(id), known: false }))]) {
          const id = this.#id('c');
          const box = make('input', { type: 'checkbox', id, value: w.id, 'data-key': `part-id:${partPointer}:${i}:${w.id}` });
          box.checked = part.ids.includes(w.id);
          box.addEventListener('change', () => {
            const order = known.map((x) => x.id);
            const ids = box.checked
              ? [...part.ids.filter((x) => !order.includes(x)), ...order.filter((x) => x === w.id || part.ids.includes(x))]
              : part.ids.filter((x) => x !== w.id);
            // A part the author changes is written in its plainest form.
            write(replace({ ...part, ids, form: ids.length === 1 ? 'in' : 'some' }));
            this.#focusKey(`part-id:${partPointer}:${i}:${w.id}`);
          });
          choices.append(make('div', { class: `cce-choice ${w.known ? '' : 'cce-unknown'}` }, box,
            make('label', { for: id }, w.known ? `${w.label || w.id} (${w.id})` : w.label)));
        }
        if (!known.length && !unknown.length) choices.append(make('p', { class: 'cce-hint' }, s.none));
        set.append(choices);
      } else if (part.kind === 'count') {
        set.append(this.#opAndValue(pointer, i, part, COMPARISONS, 'number', (next) => write(replace(next))));
      } else if (part.kind === 'fact') {
        const factId = this.#id('fact');
        const fact = facts.find((f) => f.id === part.fact);
        const factSelect = make('select', { id: factId, 'data-key': `part-fact:${pointer}:${i}` },
          ...facts.map((f) => make('option', { value: f.id }, `${f.label || f.id} (${f.id})`)));
        if (!fact) factSelect.append(make('option', { value: part.fact }, s.notInCatalog(part.fact)));
        factSelect.value = part.fact;
        factSelect.addEventListener('change', () => {
          write(replace(this.#factPart(facts.find((f) => f.id === factSelect.value))));
          this.#focusKey(`part-fact:${pointer}:${i}`);
        });
        set.append(make('div', { class: 'cce-field' }, make('label', { for: factId }, s.question), factSelect));
        const type = fact ? fact.type : typeof part.value === 'number' ? 'number' : typeof part.value === 'boolean' ? 'boolean' : 'string';
        const ops = type === 'number' ? COMPARISONS : type === 'string-list' ? ['has'] : ['==', '!='];
        set.append(this.#opAndValue(pointer, i, part, ops, type, (next) => write(replace(next)), fact));
      }
      if (several) {
        const remove = make('button', { type: 'button', class: 'cce-small', 'data-key': `remove-part:${pointer}:${i}` }, s.removePart);
        remove.addEventListener('click', () => {
          const parts = condition.parts.filter((_, j) => j !== i);
          write({ ...condition, parts });
          this.#focusKey(`part-kind:${pointer}:${Math.max(0, i - 1)}`);
        });
        set.append(make('p', {}, remove));
      }
      return set;
    }

    #factPart(fact) {
      if (!fact) return { kind: 'everyone' };
      if (fact.type === 'boolean') return { kind: 'fact', fact: fact.id, op: '==', value: true, form: 'var' };
      if (fact.type === 'number') return { kind: 'fact', fact: fact.id, op: '>=', value: 0, form: 'compare' };
      const first = Array.isArray(fact.values) && fact.values.length ? fact.values[0] : '';
      if (fact.type === 'string-list') return { kind: 'fact', fact: fact.id, op: 'has', value: first, form: 'has' };
      return { kind: 'fact', fact: fact.id, op: '==', value: first, form: 'compare' };
    }

    /** The test and the value of a part: a number, yes or no, or a word (one of `values`). */
    #opAndValue(pointer, i, part, ops, type, write, fact = null) {
      const s = this.#strings;
      const row = make('div', { class: 'cce-choices' });
      if (ops.length > 1) {
        const opId = this.#id('op');
        const op = make('select', { id: opId, 'data-key': `part-op:${pointer}:${i}` }, ...ops.map((o) => make('option', { value: o }, s.comparisons[o])));
        op.value = part.op;
        op.addEventListener('change', () => {
          write({ ...part, op: op.value, form: part.form === 'var' ? 'compare' : part.form });
          this.#focusKey(`part-op:${pointer}:${i}`);
        });
        row.append(make('div', { class: 'cce-field' }, make('label', { for: opId }, s.comparison), op));
      }
      const valueId = this.#id('value');
      let input;
      if (type === 'boolean') {
        input = make('select', { id: valueId, 'data-key': `part-value:${pointer}:${i}` },
          make('option', { value: 'true' }, s.yes), make('option', { value: 'false' }, s.no));
        input.value = String(part.value === true);
        input.addEventListener('change', () => {
          const value = input.value === 'true';
          write({ ...part, value, form: value && part.op === '==' ? part.form : 'compare' });
          this.#focusKey(`part-value:${pointer}:${i}`);
        });
      } else if (fact && Array.isArray(fact.values) && fact.values.length) {
        input = make('select', { id: valueId, 'data-key': `part-value:${pointer}:${i}` }, ...fact.values.map((v) => make('option', { value: v }, v)));
        if (!fact.values.includes(part.value)) input.append(make('option', { value: String(part.value) }, s.notInCatalog(String(part.value))));
        input.value = String(part.value);
        input.addEventListener('change', () => {
          write({ ...part, value: input.value });
          this.#focusKey(`part-value:${pointer}:${i}`);
        });
      } else {
        input = make('input', { id: valueId, type: type === 'number' ? 'number' : 'text', 'data-key': `part-value:${pointer}:${i}`, ...(type === 'number' ? { step: 'any', inputmode: 'decimal' } : {}) });
        input.value = part.value === null || part.value === undefined ? '' : String(part.value);
        // Typed, the value changes the condition without building the part again.
        input.addEventListener('input', () => {
          if (type === 'number' && !Number.isFinite(input.valueAsNumber)) return;
          const value = type === 'number' ? input.valueAsNumber : input.value;
          const now = readCondition(getAt(this.#doc, pointer), api.circumstancesLists);
          if (!now || !now.parts[i]) return;
          const parts = now.parts.map((p, j) => (j === i ? { ...p, value } : p));
          this.#commit(setChange(this.#doc, pointer, writeCondition({ ...now, parts })), { key: `text:${pointer}` });
        });
      }
      row.append(make('div', { class: 'cce-field' }, make('label', { for: valueId }, type === 'number' ? s.number : s.answer), input));
      return row;
    }

    #labels(box) {
      const s = this.#strings;
      const props = this.#schema.$defs.catalog_labels.properties;
      const details = make('details', { class: 'cce-item', 'data-pointer': '/labels' });
      const summary = make('summary', { 'data-key': 'card:/labels' }, s.labels);
      details.append(summary);
      if (this.#openCards.has('/labels')) details.open = true;
      details.addEventListener('toggle', () => {
        if (details.open) this.#openCards.add('/labels');
        else this.#openCards.delete('/labels');
      });
      this.#register('/labels', { control: summary, box: null, where: s.labels, invalidable: false });
      const labels = getAt(this.#doc, '/labels');
      if (labels !== undefined && (labels === null || typeof labels !== 'object' || Array.isArray(labels))) {
        details.append(make('p', { class: 'cce-problem' }, s.notAList));
      } else {
        for (const [key, prop] of Object.entries(props)) {
          const input = this.#textField(details, {
            pointer: `/labels/${key}`, label: prop.title || key, hint: `${prop.description || ''} ${s.labelDefault(prop.default || '')}`.trim(),
            optional: true, where: `${s.labels}, ${prop.title || key}`,
          });
          input.placeholder = prop.default || '';
        }
      }
      box.append(details);
      // An empty `labels` object says nothing: removed with its last label.
      this.#live(make('span', { hidden: '' }), () => JSON.stringify(getAt(this.#doc, '/labels') ?? null), () => {
        const now = getAt(this.#doc, '/labels');
        if (now && typeof now === 'object' && !Array.isArray(now) && Object.keys(now).length === 0) {
          queueMicrotask(() => this.#commit(setChange(this.#doc, '/labels', undefined), { key: 'text:/labels' }));
        }
      });
    }

    #quotations(box) {
      const s = this.#strings;
      this.#items(box, {
        pointer: '/quotations', legend: s.quotations, quietLegend: true, addLabel: s.add.quotations, optional: true, compact: true,
        newItem: () => '',
        itemName: (i) => s.quotation(i + 1),
        fill: (item, p, i) => {
          this.#textField(item, { pointer: p, label: s.quotation(i + 1), hint: s.quotationHint, mono: true, where: s.quotation(i + 1) });
          // Which text it names, in the editor's words.
          item.append(this.#mirror(make('p', { class: 'cce-hint' }), () => {
            const at = getAt(this.#doc, p);
            if (typeof at !== 'string' || !at.startsWith('/')) return '';
            const field = this.#fields.get(at);
            return field && field !== this.#fields.get(p) ? s.quotationOf(field.where) : '';
          }));
        },
      });
    }

    #extensions(box) {
      this.#jsonField(box, { pointer: '/extensions', label: this.#strings.extensions, optional: true });
    }

    // A field that holds any JSON object (extensions, fields the forms do not know yet).
    #jsonField(parent, { pointer, label, optional = true, where = null }) {
      const s = this.#strings;
      const id = this.#id('f');
      const boxId = `${id}-problem`;
      const badId = `${id}-bad`;
      const control = make('textarea', { id, class: 'cce-mono', rows: '4', spellcheck: 'false', 'data-key': `field:${pointer}`, 'aria-describedby': `${badId} ${boxId}` });
      const value = getAt(this.#doc, pointer);
      control.value = this.#drafts[pointer] ?? (value === undefined ? '' : JSON.stringify(value, null, 2));
      const bad = make('p', { class: 'cce-problem', id: badId, hidden: '' });
      control.addEventListener('input', () => {
        const text = control.value.trim();
        let next;
        if (text === '' && optional) {
          next = undefined;
        } else {
          try {
            next = JSON.parse(text);
          } catch {
            this.#drafts[pointer] = control.value;
            bad.hidden = false;
            bad.textContent = s.extensionsBad;
            this.#persist();
            return;
          }
        }
        delete this.#drafts[pointer];
        bad.hidden = true;
        const change = setChange(this.#doc, pointer, next);
        if (change) this.#commit(change, { key: `text:${pointer}` });
        else this.#persist();
      });
      const box = make('ul', { class: 'cce-problem', id: boxId, hidden: '' });
      parent.append(make('div', { class: 'cce-field' }, make('label', { for: id }, optional ? `${label} (${s.optional})` : label), control, bad, box));
      this.#register(pointer, { control, box, where: where || label, invalidable: true });
    }

    /** Fields for keys of the schema's `def` the forms above do not lay out (future fields). */
    #extraFields(parent, pointer, def, handled) {
      const props = (this.#schema.$defs[def] && this.#schema.$defs[def].properties) || {};
      for (const [key, prop] of Object.entries(props)) {
        if (handled.includes(key)) continue;
        const p = childPointer(pointer, key);
        const optional = !(this.#schema.$defs[def].required || []).includes(key);
        if (prop.enum || (prop.$ref && this.#schema.$defs[prop.$ref.split('/').pop()]?.enum)) {
          const values = prop.enum || this.#schema.$defs[prop.$ref.split('/').pop()].enum;
          this.#select(parent, { pointer: p, label: prop.title || key, hint: prop.description, values, optional });
        } else if (prop.$ref && /\/(text|id|iso_date|locale|semantic_version|fact-id)$/.test(prop.$ref)) {
          this.#textField(parent, { pointer: p, label: prop.title || key, hint: prop.description, optional, multiline: prop.$ref.endsWith('/text') });
        } else if (prop.type === 'number') {
          this.#textField(parent, { pointer: p, label: prop.title || key, hint: prop.description, optional, kind: 'number' });
        } else {
          this.#jsonField(parent, { pointer: p, label: prop.title || key, optional });
        }
      }
    }

    #enum(def) {
      return this.#schema.$defs[def].enum;
    }

    // The whole document as JSON: edits here change the forms too.
    #jsonView(parent) {
      const s = this.#strings;
      const id = this.#id('json');
      const boxId = `${id}-problem`;
      const badId = `${id}-bad`;
      const control = make('textarea', { id, class: 'cce-mono cce-json', spellcheck: 'false', 'data-key': 'field:', 'aria-describedby': `${badId} ${boxId}` });
      const bad = make('p', { class: 'cce-problem', id: badId, hidden: '' });
      let timer = 0;
      control.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(() => this.#jsonEdited(control, bad), CHECK_DELAY_MS);
      });
      control.addEventListener('blur', () => {
        if (timer) {
          clearTimeout(timer);
          timer = 0;
          this.#jsonEdited(control, bad);
        }
      });
      const box = make('ul', { class: 'cce-problem', id: boxId, hidden: '' });
      parent.append(make('div', { class: 'cce-field' }, make('label', { for: id }, s.json), control, bad, box));
      this.#jsonParts = { control, bad, box };
    }

    #jsonEdited(control, bad) {
      const s = this.#strings;
      let value;
      try {
        value = JSON.parse(control.value);
      } catch {
        value = undefined;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        // Not a catalog the forms can show: kept as text (and checked: the core says where the
        // mistake is) until it is one; the forms wait, so that nothing typed here is lost.
        this.#text = control.value;
        bad.hidden = false;
        bad.textContent = s.jsonBad;
        this.#parts.forms.inert = true;
        this.#persist();
        this.#say(s.notJson);
        this.#updateBar();
        this.#scheduleCheck();
        return;
      }
      bad.hidden = true;
      this.#text = null;
      if (this.#doc === null) {
        this.#doc = value;
        this.#changed({ render: true, focus: null });
        return;
      }
      const change = setChange(this.#doc, '', value);
      if (change) this.#commit(change, { key: 'json', render: true });
      else this.#changed({ render: true, focus: null });
    }

    /** The JSON view follows the document, unless the author is typing in it. */
    #syncJsonView(force = false) {
      const view = this.#parts.jsonView;
      if (!view || (!force && this.ownerDocument.activeElement === view.control)) return;
      const text = this.#text !== null ? this.#text : JSON.stringify(this.#doc, null, 2);
      if (view.control.value !== text) view.control.value = text;
      view.bad.hidden = this.#text === null;
      view.bad.textContent = this.#text === null ? '' : this.#strings.jsonBad;
    }
  }

  customElements.define(name, CareCompareEditorElement);
  return CareCompareEditorElement;
}

/** The core's message as a sentence: with a stop, so that a did-you-mean can follow it. */
function sentence(text) {
  return /[.!?)]$/.test(text) ? text : `${text}.`;
}

/** Today, YYYY-MM-DD (UTC, as the core's review dates are checked). */
function today() {
  return new Date().toISOString().slice(0, 10);
}

/** Hands a file to the browser to save (works from file:// too). */
function download(doc, name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** document.createElement with attributes and children (text or nodes; null is skipped). */
function make(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

