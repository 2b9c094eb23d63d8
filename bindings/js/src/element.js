// SPDX-License-Identifier: MIT
// <care-compare>: asks a catalog's questions and shows, as the reader answers, the options that
// may be relevant with the reasons, the ones that depend on something not answered yet, and the
// others with why not. Every answer goes to the C++ core (catalog.filter(), through the C ABI);
// this file only lays out what the core returns.
//
// It imports nothing (the one-file page inlines it): `defineCareCompare(api)` registers the
// element over an API made by createApi() (src/api.js).
//
// Attributes: `src` (URL of a catalog JSON file), `heading-level` (1 to 5, default 2: the level
// of the title; sections are one below), `no-fragment` (leave the URL's fragment alone). A child
// <script type="application/json"> holds an inline catalog, one with `data-strings` the
// element's words. With neither catalog, the builtin one. Property `catalog` (a Catalog) sets one.
// Other children (a static table, say) show until the element is ready, and stay if it never is.
// Events: `care-compare-change` after each update, detail {answers, result}.
//
// The answers live in the URL's fragment, which browsers never send to a server:
// `#sites=bone,liver&symptoms=pain&open=symptoms&not_answered=goals&facts.pain_score=3`, spelled
// by the core (Catalog#toFragment() writes it, Catalog#readFragment() reads it; C++
// circumstances::to_fragment()). The element reads it when it starts and when it changes, and
// keeps it up to date as the reader answers (history.replaceState), so that a link gives the
// same answers, "not sure" included. What the core leaves out of it is said on the console.

/**
 * The element's own words: plain, for readers; what names the catalog's topic (the headings of
 * its questions) and the words about the catalog ("Sources", "Written by"...) are the catalog's
 * labels. Replace them with `element.strings = {...}` (or a child `<script type="application/json"
 * data-strings>`), and say their language with `lang` (a BCP 47 tag): the catalog's texts keep
 * the catalog's own language and direction inside them. Words in braces are filled in; the
 * counts (`relevantCount`, `undecidedCount`, `notShownCount`) may be plural forms,
 * `{"one": "...", "other": "..."}` (the categories of Intl.PluralRules).
 */
export const STRINGS = Object.freeze({
  lang: 'en',
  intro: 'Tick what applies to you. The list of options changes as you answer.',
  facts: 'More about you',
  notAnswered: 'Not answered',
  notSure: 'I am not sure about the rest',
  notSureAnswer: 'not sure about the rest',
  notSureAtAll: 'not sure',
  yes: 'Yes',
  no: 'No',
  listHint: 'Put commas between the items.',
  relevantHeading: 'Options that may be relevant to you',
  option: 'Option',
  purpose: 'What it is for',
  why: 'Why it is shown',
  noneRelevant: 'No option fits your answers yet.',
  undecidedHeading: 'Depends on what you have not answered',
  decidedBy: 'Answer this to know more:',
  notShownSummary: 'Other options ({count}) and why they are not shown',
  status: '{relevant}, {undecided}, {notShown}.',
  statusAllDecided: '{relevant}, {notShown}.',
  relevantCount: Object.freeze({ one: '{count} option may be relevant to you', other: '{count} options may be relevant to you' }),
  undecidedCount: Object.freeze({ one: '{count} depends on what you have not answered', other: '{count} depend on what you have not answered' }),
  notShownCount: '{count} not shown',
  answersHeading: 'Your answers',
  noAnswers: 'Nothing ticked.',
  aboutHeading: 'About this information',
  notesHeading: 'Notes',
  printButton: 'Print a summary',
  loading: 'Loading the options…',
  loadFailed: 'The list of options could not be loaded.',
  startFailed: 'The interactive part of this page could not start, so every option is in the table below.',
  // Beside an answer that cannot be used (the details go to the console).
  badNumber: 'Write a number, such as 4 or 2.5.',
  badChoice: 'Choose one of the answers in the list.',
  badList: 'Write the items with commas between them.',
  badText: 'This answer could not be used. Try other words.',
});

/** Keys whose words may be plural forms instead of one text. */
const PLURAL_KEYS = new Set(['relevantCount', 'undecidedCount', 'notShownCount']);
const PLURAL_CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);
/** Keys of earlier versions, and where their words are now. */
const MOVED = {
  sites: "the catalog's label question_sites",
  symptoms: "the catalog's label question_symptoms",
  goals: "the catalog's label question_goals",
  sourcesHeading: "the catalog's label sources",
  catalogLine: "the catalog's label catalog_line",
  shownWhen: "the rules' descriptions (they say when an option is shown)",
  leftOutWhen: "the rules' descriptions (they say when an option is left out)",
  leftOutBecause: "the core's explanation of each option not shown",
  badAnswer: 'badNumber, badChoice, badList and badText',
};

const placeholders = (text) => new Set([...text.matchAll(/\{([A-Za-z_]+)\}/g)].map((m) => m[1]));
const pointerToken = (key) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * What is wrong with a set of the element's words, as `[{pointer, message}]` (none when they
 * can be used): keys of STRINGS only; each a text with no placeholder its default does not
 * have; the counts a text or plural forms with an `other`.
 */
export function checkStrings(value) {
  const problems = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ pointer: '', message: 'the words must be an object of the keys of STRINGS' }];
  }
  const checkText = (text, key, pointer) => {
    if (typeof text !== 'string') {
      problems.push({ pointer, message: `must be text, got ${Array.isArray(text) ? 'an array' : text === null ? 'null' : typeof text}` });
      return;
    }
    const allowed = new Set();
    const defaults = STRINGS[key];
    for (const form of typeof defaults === 'string' ? [defaults] : Object.values(defaults)) {
      for (const name of placeholders(form)) allowed.add(name);
    }
    const unknown = [...placeholders(text)].filter((name) => !allowed.has(name));
    if (unknown.length) {
      const known = [...allowed].map((n) => `{${n}}`).join(', ') || 'none';
      problems.push({ pointer, message: `has ${unknown.map((n) => `{${n}}`).join(', ')}; its words may have ${known}` });
    }
  };
  for (const [key, text] of Object.entries(value)) {
    const pointer = `/${pointerToken(key)}`;
    if (!Object.hasOwn(STRINGS, key)) {
      problems.push({ pointer, message: MOVED[key] ? `is no longer one of the element's words: see ${MOVED[key]}` : 'is not one of the element\'s words (the keys of STRINGS)' });
    } else if (PLURAL_KEYS.has(key) && text !== null && typeof text === 'object' && !Array.isArray(text)) {
      for (const [category, form] of Object.entries(text)) {
        if (!PLURAL_CATEGORIES.has(category)) {
          problems.push({ pointer: `${pointer}/${pointerToken(category)}`, message: `is not a plural category (${[...PLURAL_CATEGORIES].join(', ')})` });
        } else {
          checkText(form, key, `${pointer}/${category}`);
        }
      }
      if (!Object.hasOwn(text, 'other')) problems.push({ pointer, message: 'the plural forms need "other"' });
    } else {
      checkText(text, key, pointer);
    }
  }
  return problems;
}

/** `text` with each `{name}` of `values` filled in (other braces stay as they are). */
function fill(text, values) {
  return text.replace(/\{([A-Za-z_]+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

const CSS = `
care-compare { display: block; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: #1b1b1b; background: #fff; max-width: 72rem; }
care-compare *, care-compare *::before, care-compare *::after { box-sizing: border-box; }
care-compare h1, care-compare h2, care-compare h3, care-compare h4 { line-height: 1.25; margin: 1.25em 0 .5em; }
care-compare .cc-title { margin-top: 0; }
care-compare .cc-form { display: flex; flex-wrap: wrap; gap: 1rem; margin: 0 0 1rem; }
care-compare fieldset { flex: 1 1 14rem; border: 1px solid #6b6b6b; border-radius: .5rem; padding: .5rem 1rem 1rem; margin: 0; }
care-compare legend { font-weight: 600; padding: 0 .25rem; }
care-compare .cc-choice { display: flex; align-items: center; gap: .5rem; min-height: 2.75rem; }
care-compare .cc-choice input { width: 1.5rem; height: 1.5rem; margin: 0; flex: none; accent-color: #0b4f9c; }
care-compare .cc-choice label { cursor: pointer; padding: .25rem 0; }
care-compare .cc-not-sure { border-top: 1px dashed #8a8a8a; margin-top: .25rem; }
care-compare .cc-fact { display: flex; flex-direction: column; gap: .25rem; margin: .5rem 0; }
care-compare .cc-fact label { font-weight: 600; }
care-compare .cc-hint { color: #4a4a4a; font-size: .9375rem; }
care-compare fieldset.cc-fact-choices { flex: none; border: 0; border-radius: 0; padding: 0; margin: .5rem 0; }
care-compare fieldset.cc-fact-choices legend { padding: 0; }
care-compare input[type="number"], care-compare input[type="text"], care-compare select { font: inherit; min-height: 2.75rem; padding: .25rem .5rem; border: 1px solid #595959; border-radius: .25rem; background: #fff; color: #1b1b1b; max-width: 20rem; }
care-compare :focus-visible { outline: 3px solid #0b4f9c; outline-offset: 2px; }
care-compare .cc-error { color: #a4000f; font-weight: 600; }
care-compare .cc-fact .cc-error, care-compare .cc-fact-choices .cc-error { margin: .25rem 0 0; }
care-compare .cc-status { font-weight: 600; }
care-compare table { border-collapse: collapse; width: 100%; }
care-compare th, care-compare td { text-align: start; vertical-align: top; border: 1px solid #8a8a8a; padding: .5rem .75rem; }
care-compare thead th { background: #eef2f7; }
care-compare td ul, care-compare .cc-why ul { margin: 0; padding-inline-start: 1.25rem; }
care-compare .cc-option-name { font-weight: 600; }
care-compare details { border: 1px solid #8a8a8a; border-radius: .5rem; padding: .5rem 1rem; margin: 1rem 0; }
care-compare summary { cursor: pointer; font-weight: 600; padding: .25rem 0; min-height: 1.5rem; }
care-compare .cc-list { list-style: none; padding: 0; margin: 0; }
care-compare .cc-list > li { border-top: 1px solid #c4c4c4; padding: .5rem 0; }
care-compare .cc-list > li:first-child { border-top: 0; }
care-compare .cc-about { border-top: 2px solid #1b1b1b; margin-top: 1.5rem; padding-top: .5rem; }
care-compare .cc-disclaimer { font-weight: 600; }
care-compare .cc-about-line { margin: .25rem 0; }
care-compare .cc-about-label { font-weight: 600; }
care-compare .cc-explanation { margin: .25rem 0; }
care-compare .cc-list ul.cc-why { margin: .25rem 0; padding-inline-start: 1.25rem; }
care-compare a { color: #0b4f9c; }
care-compare button { font: inherit; min-height: 2.75rem; padding: .25rem 1rem; border: 1px solid #0b4f9c; border-radius: .25rem; background: #0b4f9c; color: #fff; cursor: pointer; }
care-compare .cc-print-only { display: none; }
care-compare .cc-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
@media (max-width: 40em) {
  care-compare table, care-compare thead, care-compare tbody, care-compare tr, care-compare th, care-compare td { display: block; }
  care-compare thead tr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); }
  care-compare tbody tr { border: 1px solid #8a8a8a; border-radius: .5rem; margin: 0 0 1rem; padding: .5rem .75rem; }
  care-compare tbody th, care-compare tbody td { border: 0; padding: .25rem 0; }
  care-compare tbody th { font-size: 1.125rem; }
  care-compare tbody td::before { content: attr(data-label); display: block; font-weight: 600; color: #4a4a4a; font-size: .9375rem; }
}
@media print {
  care-compare { font-size: 10.5pt; line-height: 1.35; max-width: none; color: #000; }
  care-compare .cc-form, care-compare .cc-intro, care-compare .cc-not-shown, care-compare .cc-status, care-compare .cc-actions { display: none !important; }
  care-compare .cc-print-only { display: block; }
  care-compare h1, care-compare h2, care-compare h3 { margin: .6em 0 .3em; }
  care-compare th, care-compare td { padding: .2rem .4rem; border-color: #000; }
  care-compare thead th { background: none; }
  care-compare tr, care-compare li { break-inside: avoid; }
  care-compare .cc-about { margin-top: .75rem; padding-top: .25rem; font-size: 9pt; }
  care-compare .cc-about p, care-compare .cc-about ul { margin: .2em 0; }
  care-compare .cc-notes-lines { height: 7rem; border: 1px solid #000; background: repeating-linear-gradient(#fff 0 1.6rem, #777 1.6rem calc(1.6rem + 1px)); }
  care-compare a { color: #000; text-decoration: none; }
}
`;

/** Registers <care-compare> (or `name`) over `api`; returns the element class. */
export function defineCareCompare(api, name = 'care-compare') {
  if (typeof customElements === 'undefined') throw new Error('defineCareCompare needs a browser (customElements)');
  const existing = customElements.get(name);
  if (existing) return existing;
  // The answers' spelling in a URL is the core's (Catalog#toFragment(), #readFragment()).
  const { isAnswersFragment } = api;

  let styled = false;
  function addStyle(doc) {
    if (styled || doc.getElementById('care-compare-style')) return;
    const style = doc.createElement('style');
    style.id = 'care-compare-style';
    style.textContent = CSS;
    doc.head.appendChild(style);
    styled = true;
  }

  let serial = 0;

  class CareCompareElement extends HTMLElement {
    #catalog = null;
    #ownsCatalog = false;
    #doc = null;
    /** The catalog's labels (every one: its words or the core's English defaults). */
    #labels = null;
    #strings = STRINGS;
    /** Attributes of an element that holds only catalog text: its lang and dir, where they
     *  differ from the element's words ({} where they are the same). */
    #own = {};
    #result = null;
    #ids = '';
    #parts = null;
    #loading = null;
    /** The fragment this element wrote last (its answers), to tell the reader's own edits. */
    #fragment = null;
    #onHashChange = () => this.#hashChanged();

    connectedCallback() {
      addStyle(this.ownerDocument);
      if (!this.#ids) this.#ids = `cc${(serial += 1)}`;
      this.ownerDocument.defaultView.addEventListener('hashchange', this.#onHashChange);
      if (!this.#catalog && !this.#loading) this.#loading = this.#load();
    }

    disconnectedCallback() {
      // The catalog stays until the element is collected (it may be moved, not removed).
      this.ownerDocument.defaultView?.removeEventListener('hashchange', this.#onHashChange);
    }

    /** The words shown; assign an object with some of the keys of STRINGS to change them (a
     *  TypeError names what cannot be used: see checkStrings()). */
    get strings() { return this.#strings; }
    set strings(value) {
      const problems = checkStrings(value);
      if (problems.length) {
        throw new TypeError(`strings: ${problems.map((p) => `${p.pointer || '(the words)'} ${p.message}`).join('; ')}`);
      }
      this.#strings = Object.freeze({ ...STRINGS, ...value });
      if (this.#catalog) this.#build(true);
    }

    /** The catalog shown (a Catalog of the API), or null while loading. */
    get catalog() { return this.#catalog; }
    set catalog(value) {
      if (!(value instanceof api.Catalog)) throw new TypeError('catalog: expected a Catalog');
      this.#setCatalog(value, false);
    }

    /** A promise settled once the first results are shown. */
    get ready() { return this.#loading || Promise.resolve(); }

    /** The reader's answers: {sites, symptoms, goals, facts}. */
    get answers() { return this.#parts ? this.#collect().answers : null; }

    /** The latest result document of catalog.filter(), or null. */
    get result() { return this.#result; }

    async #load() {
      // Read before the loading message replaces the children.
      const inline = this.querySelector(':scope > script[type="application/json"]:not([data-strings])');
      const words = this.querySelector(':scope > script[type="application/json"][data-strings]');
      // Content of the page's own (a static table): it stays until the element is ready.
      const fallback = [...this.children].some((child) => child.tagName !== 'SCRIPT');
      if (!fallback) this.#message(this.#strings.loading, false);
      try {
        if (words) this.strings = JSON.parse(words.textContent);
        let catalog;
        if (this.hasAttribute('src')) {
          const response = await fetch(this.getAttribute('src'));
          if (!response.ok) throw new Error(`${this.getAttribute('src')}: HTTP ${response.status}`);
          catalog = api.Catalog.fromJSON(await response.text());
        } else if (inline) {
          catalog = api.Catalog.fromJSON(inline.textContent);
        } else {
          catalog = api.Catalog.builtin();
        }
        this.#setCatalog(catalog, true);
      } catch (e) {
        console.error('carecompare: the list of options could not be loaded:', e);
        const p = el('p', { class: 'cc-error', role: 'alert' }, this.#strings.loadFailed);
        if (fallback) this.prepend(p);
        else this.replaceChildren(p);
        this.dispatchEvent(new CustomEvent('care-compare-error', { detail: { error: e } }));
      }
    }

    #setCatalog(catalog, owned) {
      if (this.#catalog && this.#ownsCatalog && this.#catalog !== catalog) this.#catalog.dispose();
      this.#catalog = catalog;
      this.#ownsCatalog = owned;
      this.#doc = catalog.toJSON();
      this.#labels = catalog.labels;
      this.#build(false);
    }

    #message(text, isError) {
      const p = el('p', { class: isError ? 'cc-error' : 'cc-status', role: isError ? 'alert' : 'status' }, text);
      this.replaceChildren(p);
    }

    // ---- The form -------------------------------------------------------------------------

    /** Builds the element for its catalog and words; `keep`: with the answers it has now. */
    #build(keep) {
      const previous = keep && this.#parts ? this.#collect().answers : null;
      const s = this.#strings;
      const doc = this.#doc;
      const labels = this.#labels;
      const level = Math.min(Math.max(parseInt(this.getAttribute('heading-level') || '2', 10) || 2, 1), 5);
      const h = (n, attrs, ...kids) => el(`h${Math.min(level + n, 6)}`, attrs, ...kids);
      const id = (suffix) => `${this.#ids}-${suffix}`;
      const root = el('div', { class: 'cc' });
      const lang = s.lang || 'en';
      root.setAttribute('lang', lang);
      root.setAttribute('dir', api.isRightToLeft(lang) ? 'rtl' : 'ltr');
      this.#own = doc.locale && doc.locale.toLowerCase() !== lang.toLowerCase()
        ? { lang: doc.locale, dir: api.isRightToLeft(doc.locale) ? 'rtl' : 'ltr' } : {};
      const own = this.#own;

      root.append(h(0, { class: 'cc-title', id: id('title'), ...own }, doc.title));
      root.append(el('p', { class: 'cc-intro' }, s.intro));

      const form = el('form', { class: 'cc-form', 'aria-labelledby': id('title') });
      form.addEventListener('submit', (e) => e.preventDefault());
      const groups = {};
      // Per group, "not sure about the rest": ticked, what is not ticked is not known (an open
      // list, or a list not answered when nothing is ticked), not "no". Left alone, as before.
      const notSure = {};
      for (const key of api.circumstancesLists) {
        const words = (doc.vocabulary && doc.vocabulary[key]) || [];
        if (!words.length) continue;
        // The question names the catalog's topic: the catalog's label says it.
        const set = el('fieldset', {}, el('legend', own, labels[`question_${key}`]));
        groups[key] = [];
        for (const word of words) {
          const boxId = id(`${key}-${word.id}`);
          const box = el('input', { type: 'checkbox', id: boxId, name: key, value: word.id });
          groups[key].push(box);
          set.append(el('div', { class: 'cc-choice' }, box, el('label', { for: boxId, ...own }, word.label)));
        }
        const unsureId = id(`${key}-not-sure`);
        notSure[key] = el('input', { type: 'checkbox', id: unsureId, name: `${key}-not-sure`, 'data-not-sure': key });
        set.append(el('div', { class: 'cc-choice cc-not-sure' }, notSure[key], el('label', { for: unsureId }, s.notSure)));
        form.append(set);
      }
      const factInputs = [];
      if (doc.facts && doc.facts.length) {
        const set = el('fieldset', {}, el('legend', {}, s.facts));
        for (const fact of doc.facts) set.append(this.#factField(fact, id, factInputs));
        form.append(set);
      }
      form.addEventListener('change', () => this.#update());
      form.addEventListener('input', (e) => {
        if (e.target.type === 'number' || e.target.type === 'text') this.#update();
      });
      root.append(form);

      // The summary for print: what was answered.
      const answers = el('section', { class: 'cc-print-only cc-answers', 'aria-labelledby': id('answers') },
        h(1, { id: id('answers') }, s.answersHeading), el('ul'));
      root.append(answers);

      const status = el('p', { class: 'cc-status', 'aria-live': 'polite', 'aria-atomic': 'true', id: id('status') });
      const results = el('section', { class: 'cc-results', 'aria-labelledby': id('relevant') },
        h(1, { id: id('relevant') }, s.relevantHeading), status, el('div', { class: 'cc-relevant' }));
      root.append(results);
      const undecided = el('section', { class: 'cc-undecided', 'aria-labelledby': id('undecided'), hidden: '' },
        h(1, { id: id('undecided') }, s.undecidedHeading), el('ul', { class: 'cc-list' }));
      root.append(undecided);
      const notShown = el('details', { class: 'cc-not-shown' }, el('summary'), el('ul', { class: 'cc-list' }));
      root.append(notShown);

      const notes = el('section', { class: 'cc-print-only cc-notes', 'aria-labelledby': id('notes') },
        h(1, { id: id('notes') }, s.notesHeading), el('div', { class: 'cc-notes-lines' }));
      root.append(notes);

      const printButton = el('button', { type: 'button' }, s.printButton);
      printButton.addEventListener('click', () => this.ownerDocument.defaultView.print());
      root.append(el('p', { class: 'cc-actions' }, printButton));

      root.append(this.#about(h, id));

      this.#parts = { groups, notSure, factInputs, answers, status, results, undecided, notShown };
      this.replaceChildren(root);
      const start = previous || this.#answersFromFragment();
      if (start) this.#apply(start);
      this.#update();
    }

    /** The input of one declared fact (appended to `inputs`): a select for yes/no and for a
     *  choice among `values`, a box per value for a list with `values`, else a text or number. */
    #factField(fact, id, inputs) {
      const s = this.#strings;
      const own = this.#own;
      const inputId = id(`fact-${fact.id}`);
      const hintId = id(`fact-${fact.id}-hint`);
      const formatId = id(`fact-${fact.id}-format`);
      const errorId = id(`fact-${fact.id}-error`);
      const error = el('p', { class: 'cc-error', id: errorId, hidden: '' });
      const hint = fact.description ? el('span', { class: 'cc-hint', id: hintId, ...own }, fact.description) : null;
      const name = fact.label || fact.id;
      if (fact.type === 'string-list' && Array.isArray(fact.values)) {
        const boxes = fact.values.map((value, i) => el('input', { type: 'checkbox', id: `${inputId}-${i}`, value }));
        for (const box of boxes) box.setAttribute('aria-describedby', errorId);
        const set = el('fieldset', { class: 'cc-fact-choices', id: inputId, ...(hint ? { 'aria-describedby': hintId } : {}) },
          el('legend', own, name), hint,
          ...boxes.map((box) => el('div', { class: 'cc-choice' }, box, el('label', { for: box.id, ...own }, box.value))),
          error);
        inputs.push({ fact, boxes, input: null, error, field: set });
        return set;
      }
      let input;
      let format = null;
      if (fact.type === 'boolean') {
        input = el('select', { id: inputId }, el('option', { value: '' }, s.notAnswered),
          el('option', { value: 'true' }, s.yes), el('option', { value: 'false' }, s.no));
      } else if (fact.type === 'string' && Array.isArray(fact.values)) {
        input = el('select', { id: inputId }, el('option', { value: '' }, s.notAnswered),
          ...fact.values.map((v) => el('option', { value: v, ...own }, v)));
      } else if (fact.type === 'number') {
        input = el('input', { type: 'number', id: inputId, inputmode: 'decimal', step: 'any' });
      } else {
        input = el('input', { type: 'text', id: inputId });
        if (fact.type === 'string-list') format = el('span', { class: 'cc-hint', id: formatId }, s.listHint);
      }
      input.setAttribute('aria-describedby', [hint ? hintId : '', format ? formatId : '', errorId].filter(Boolean).join(' '));
      inputs.push({ fact, boxes: null, input, error, field: input });
      return el('div', { class: 'cc-fact' }, el('label', { for: inputId, ...own }, name), hint, format, input, error);
    }

    /** The answers of the form, and the facts whose input holds something that is no answer. */
    #collect() {
      const answers = {};
      const unreadable = [];
      for (const [key, boxes] of Object.entries(this.#parts.groups)) {
        answers[key] = boxes.filter((b) => b.checked).map((b) => b.value);
        if (!this.#parts.notSure[key].checked) continue;
        const how = answers[key].length ? 'open' : 'not_answered';
        (answers[how] = answers[how] || []).push(key);
      }
      const facts = {};
      for (const entry of this.#parts.factInputs) {
        const { fact, boxes, input } = entry;
        if (boxes) {
          // No box ticked: not answered (the three-valued filter leaves what depends on it open).
          const ticked = boxes.filter((b) => b.checked).map((b) => b.value);
          if (ticked.length) facts[fact.id] = ticked;
          continue;
        }
        const raw = input.value;
        if (raw === '') {
          if (input.validity && input.validity.badInput) unreadable.push(entry); // "4..5" in a number
          continue;
        }
        if (fact.type === 'boolean') facts[fact.id] = raw === 'true';
        else if (fact.type === 'number') facts[fact.id] = input.valueAsNumber;
        else if (fact.type === 'string-list') {
          const items = raw.split(',').map((x) => x.trim()).filter(Boolean);
          if (items.length) facts[fact.id] = items;
        } else facts[fact.id] = raw;
      }
      if (this.#parts.factInputs.length) answers.facts = facts;
      return { answers, unreadable };
    }

    /** Sets the form to `answers` (what has no input is left out). */
    #apply(answers) {
      const unsure = [...(answers.open || []), ...(answers.not_answered || [])];
      for (const [key, boxes] of Object.entries(this.#parts.groups)) {
        const ticked = new Set(answers[key] || []);
        for (const box of boxes) box.checked = ticked.has(box.value);
        this.#parts.notSure[key].checked = unsure.includes(key);
      }
      const facts = answers.facts || {};
      for (const { fact, boxes, input } of this.#parts.factInputs) {
        const value = Object.hasOwn(facts, fact.id) ? facts[fact.id] : undefined;
        if (boxes) {
          const ticked = new Set(Array.isArray(value) ? value : []);
          for (const box of boxes) box.checked = ticked.has(box.value);
        } else if (value === undefined || value === null) {
          input.value = '';
        } else {
          input.value = Array.isArray(value) ? value.join(', ') : String(value);
        }
      }
    }

    // ---- The answers in the URL's fragment --------------------------------------------------

    #fragmentAllowed() {
      return !this.hasAttribute('no-fragment');
    }

    /** The answers of the URL's fragment that the core can use, or null when it holds none.
     *  What the core leaves out is said on the console, never to the reader. */
    #answersFromFragment() {
      if (!this.#fragmentAllowed()) return null;
      const fragment = this.ownerDocument.defaultView.location.hash.slice(1);
      if (fragment === '' || !isAnswersFragment(fragment)) return null;
      const { circumstances, left_out: leftOut } = this.#catalog.readFragment(fragment);
      for (const { id, pointer, message } of leftOut) {
        console.warn(`carecompare: in the URL's answers, ${pointer || 'the whole fragment'} is left out: [${id}] ${message}`);
      }
      return circumstances;
    }

    /** Puts the answers in the URL's fragment, unless it holds something else (an anchor). */
    #writeFragment(answers) {
      if (!this.#fragmentAllowed()) return;
      const view = this.ownerDocument.defaultView;
      const current = view.location.hash.slice(1);
      if (current !== '' && !isAnswersFragment(current)) return;
      const next = this.#catalog.toFragment(answers);
      this.#fragment = next;
      if (next === current) return;
      try {
        view.history.replaceState(view.history.state, '', next ? `#${next}` : view.location.pathname + view.location.search);
      } catch (e) {
        // A sandboxed frame may not change its URL: the answers still work, unshared.
        console.warn('carecompare: the answers cannot be put in the URL:', e);
      }
    }

    /** The reader (or a link) changed the fragment: its answers replace the form's. */
    #hashChanged() {
      if (!this.#parts || !this.#fragmentAllowed()) return;
      const fragment = this.ownerDocument.defaultView.location.hash.slice(1);
      if (fragment === this.#fragment || (fragment !== '' && !isAnswersFragment(fragment))) return;
      this.#apply(this.#answersFromFragment() || {});
      this.#update();
    }

    // ---- The results ----------------------------------------------------------------------

    #update() {
      const { answers, unreadable } = this.#collect();
      for (const { boxes, input, error } of this.#parts.factInputs) {
        for (const control of boxes || [input]) control.removeAttribute('aria-invalid');
        error.hidden = true;
        error.textContent = '';
      }
      for (const entry of unreadable) this.#refuse(entry);
      let result;
      for (;;) {
        try {
          result = this.#catalog.filter(answers);
          break;
        } catch (e) {
          // A fact the core refuses: a plain sentence beside its input, the details on the
          // console, and the other answers still count.
          const factId = (/^\/facts\/([^/]+)/.exec(e.path || '') || [])[1];
          const id = factId === undefined ? undefined : factId.replace(/~1/g, '/').replace(/~0/g, '~');
          const entry = id !== undefined && this.#parts.factInputs.find((f) => f.fact.id === id);
          if (!entry || !answers.facts || !Object.hasOwn(answers.facts, id)) throw e;
          console.warn(`carecompare: the answer to "${id}" is not used: ${e.message}`);
          this.#refuse(entry);
          delete answers.facts[id];
        }
      }
      this.#result = result;
      this.#showAnswers(answers);
      this.#showRelevant(result);
      this.#showUndecided(result);
      this.#showNotShown(result);
      this.querySelector('.cc-disclaimer').textContent = result.disclaimer;
      this.#parts.status.textContent = this.#statusText(result);
      this.#writeFragment(answers);
      this.dispatchEvent(new CustomEvent('care-compare-change', { detail: { answers, result } }));
    }

    /** Marks a fact's input as not usable, with the sentence that says what to write. */
    #refuse({ fact, boxes, input, error }) {
      const s = this.#strings;
      const sentence = fact.type === 'number' ? s.badNumber
        : fact.type === 'boolean' || Array.isArray(fact.values) ? s.badChoice
          : fact.type === 'string-list' ? s.badList : s.badText;
      for (const control of boxes || [input]) control.setAttribute('aria-invalid', 'true');
      error.textContent = sentence;
      error.hidden = false;
    }

    /** The words of `key` (a text or plural forms) with `values` filled in. */
    #words(key, values) {
      let text = this.#strings[key];
      if (text !== null && typeof text === 'object') {
        const category = new Intl.PluralRules(this.#strings.lang || 'en').select(values.count);
        text = Object.hasOwn(text, category) ? text[category] : text.other;
      }
      return fill(text, values);
    }

    #statusText(result) {
      const undecided = (result.undecided || []).length;
      return this.#words(undecided ? 'status' : 'statusAllDecided', {
        relevant: this.#words('relevantCount', { count: result.relevant.length }),
        undecided: this.#words('undecidedCount', { count: undecided }),
        notShown: this.#words('notShownCount', { count: result.not_shown.length }),
      });
    }

    #showAnswers(answers) {
      const s = this.#strings;
      const list = this.#parts.answers.querySelector('ul');
      const items = [];
      for (const [key, boxes] of Object.entries(this.#parts.groups)) {
        const ticked = boxes.filter((b) => b.checked).map((b) => this.querySelector(`label[for="${b.id}"]`).textContent);
        const unsure = this.#parts.notSure[key].checked;
        const question = this.#labels[`question_${key}`];
        if (ticked.length) {
          items.push(el('li', {}, this.#text(`${question}: ${ticked.join(', ')}`), unsure ? `; ${s.notSureAnswer}` : ''));
        } else if (unsure) {
          items.push(el('li', {}, this.#text(`${question}: `), s.notSureAtAll));
        }
      }
      for (const { fact, input } of this.#parts.factInputs) {
        if (answers.facts && Object.hasOwn(answers.facts, fact.id)) {
          const value = answers.facts[fact.id];
          const shown = input && input.tagName === 'SELECT' ? input.selectedOptions[0].textContent
            : Array.isArray(value) ? value.join(', ') : input.value;
          items.push(el('li', {}, this.#text(`${fact.label || fact.id}: ${shown}`)));
        }
      }
      list.replaceChildren(...(items.length ? items : [el('li', {}, s.noAnswers)]));
    }

    /** Catalog text amid the element's words: in a span with the catalog's lang and dir where
     *  they differ from the words', else as it is. */
    #text(value) {
      return Object.keys(this.#own).length ? el('span', this.#own, value) : value;
    }

    #strategy(id) {
      return this.#doc.strategies.find((x) => x.id === id) || {};
    }

    #showRelevant(result) {
      const s = this.#strings;
      const box = this.#parts.results.querySelector('.cc-relevant');
      if (!result.relevant.length) {
        box.replaceChildren(el('p', {}, s.noneRelevant));
        return;
      }
      const rows = result.relevant.map((option) => el('tr', { 'data-id': option.id },
        el('th', { scope: 'row', class: 'cc-option-name', ...this.#own }, option.name),
        el('td', { 'data-label': s.purpose, ...this.#own }, this.#strategy(option.id).purpose || ''),
        el('td', { 'data-label': s.why, class: 'cc-why' },
          el('ul', this.#own, ...option.reasons.map((r) => el('li', { 'data-rule': r.rule }, r.text))))));
      box.replaceChildren(el('table', {},
        el('caption', { class: 'cc-visually-hidden' }, s.relevantHeading),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, s.option), el('th', { scope: 'col' }, s.purpose),
          el('th', { scope: 'col' }, s.why))),
        el('tbody', {}, ...rows)));
    }

    #showUndecided(result) {
      const s = this.#strings;
      const options = result.undecided || [];
      this.#parts.undecided.hidden = options.length === 0;
      // The rules' descriptions say when each would show or leave out the option ("Shown
      // when ..."): listed as they are, under no heading that would say it twice.
      this.#parts.undecided.querySelector('ul').replaceChildren(...options.map((option) => el('li', { 'data-id': option.id },
        el('span', { class: 'cc-option-name', ...this.#own }, option.name),
        el('p', {}, `${s.decidedBy} `,
          this.#text([...option.facts.map((f) => f.label || f.id), ...(option.lists || []).map((l) => l.label)].join(', '))),
        ruleList((option.rules || []).map((r) => r.text), this.#own))));
    }

    #showNotShown(result) {
      const options = result.not_shown;
      this.#parts.notShown.hidden = options.length === 0;
      this.#parts.notShown.querySelector('summary').textContent = this.#words('notShownSummary', { count: options.length });
      // As the core's tables say it: the core's explanation, then the descriptions of the rules
      // that hid the option and of those that would show it.
      this.#parts.notShown.querySelector('ul').replaceChildren(...options.map((option) => {
        const rules = option.rules || [];
        return el('li', { 'data-id': option.id },
          el('span', { class: 'cc-option-name', ...this.#own }, option.name),
          el('p', { class: 'cc-explanation', ...this.#own }, option.explanation),
          ruleList([...rules.filter((r) => r.effect === 'hide' && r.matched), ...rules.filter((r) => r.effect === 'show' && !r.matched)]
            .map((r) => r.text), this.#own));
      }));
    }

    /** "About this information": the disclaimer, the sources and what the catalog says about
     *  itself (who wrote and paid for it, conflicts of interest, updates, next review), in the
     *  catalog's labels, as every other output shows them. */
    #about(h, id) {
      const doc = this.#doc;
      const labels = this.#labels;
      const own = this.#own;
      const catalogName = doc.title ? (doc.id ? `${doc.title} (${doc.id})` : doc.title) : doc.id;
      const lines = [];
      if (doc.authors && doc.authors.length) {
        lines.push([labels.written_by, doc.authors.map((a) => `${a.name} (${a.role})`).join('; ')]);
      }
      if (doc.funding) lines.push([labels.funding, doc.funding]);
      if (doc.conflicts_of_interest) lines.push([labels.conflicts_of_interest, doc.conflicts_of_interest]);
      if (doc.update_policy) lines.push([labels.updates, doc.update_policy]);
      if (doc.next_review) lines.push([labels.next_review, doc.next_review]);
      return el('section', { class: 'cc-about', 'aria-labelledby': id('about') },
        h(1, { id: id('about') }, this.#strings.aboutHeading),
        el('p', { class: 'cc-disclaimer', ...own }),
        h(2, { id: id('sources'), ...own }, labels.sources),
        el('ul', { class: 'cc-sources', ...own }, ...(doc.sources || []).map((source) => sourceItem(source, labels))),
        el('p', { class: 'cc-catalog', ...own }, fill(labels.catalog_line, {
          catalog: catalogName, version: doc.version, published: doc.published, last_reviewed: doc.last_reviewed,
        })),
        ...lines.map(([label, text]) => el('p', { class: 'cc-about-line', ...own },
          el('span', { class: 'cc-about-label' }, `${label}:`), ` ${text}`)));
    }
  }

  /** Catalog texts as a list (`own`: their lang and dir), or nothing when there are none. */
  function ruleList(texts, own) {
    if (!texts.length) return null;
    return el('ul', { class: 'cc-why', ...own }, ...texts.map((t) => el('li', {}, t)));
  }

  function sourceItem(source, labels) {
    const item = el('li', {}, el('cite', {}, source.title));
    if (source.publisher) item.append(`, ${source.publisher}`);
    if (source.url) {
      item.append(', ');
      if (/^https?:\/\//i.test(source.url)) item.append(el('a', { href: source.url }, source.url));
      else item.append(source.url);
    }
    if (source.accessed) item.append(`, ${fill(labels.accessed, { date: source.accessed })}`);
    return item;
  }

  customElements.define(name, CareCompareElement);
  return CareCompareElement;
}

/** document.createElement with attributes and children (text or nodes; null is skipped). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}
