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
// of the title; sections are one below). A child <script type="application/json"> holds an
// inline catalog. With neither, the builtin catalog. Property `catalog` (a Catalog) sets one.
// Events: `care-compare-change` after each update, detail {answers, result}.

/**
 * The words the element shows: plain, for readers. Replace with `element.strings = {...}`, and
 * say their language with `lang` (a BCP 47 tag): the catalog's texts keep the catalog's own
 * language and direction inside them.
 */
export const STRINGS = Object.freeze({
  lang: 'en',
  intro: 'Tick what applies to you. The list of options changes as you answer.',
  sites: 'Where the cancer has spread',
  symptoms: 'Symptoms you have',
  goals: 'What matters to you',
  facts: 'More about you',
  notAnswered: 'Not answered',
  yes: 'Yes',
  no: 'No',
  relevantHeading: 'Options that may be relevant to you',
  option: 'Option',
  purpose: 'What it is for',
  why: 'Why it is shown',
  noneRelevant: 'No option fits your answers yet.',
  undecidedHeading: 'Depends on what you have not answered',
  decidedBy: 'Answer this to know more:',
  shownWhen: 'Shown when:',
  leftOutWhen: 'Left out when:',
  leftOutBecause: 'Left out because:',
  notShownSummary: (n) => `Other options (${n}) and why they are not shown`,
  status: (relevant, undecided, notShown) =>
    `${relevant} ${relevant === 1 ? 'option' : 'options'} may be relevant to you` +
    (undecided ? `, ${undecided} ${undecided === 1 ? 'depends' : 'depend'} on what you have not answered` : '') +
    `, ${notShown} not shown.`,
  answersHeading: 'Your answers',
  noAnswers: 'Nothing ticked.',
  aboutHeading: 'About this information',
  sourcesHeading: 'Sources',
  catalogLine: (c) => `${c.title}, version ${c.version}. Published ${c.published}; last reviewed ${c.last_reviewed}.`,
  notesHeading: 'Notes',
  printButton: 'Print a summary',
  loading: 'Loading the options…',
  loadFailed: 'The list of options could not be loaded.',
  badAnswer: 'This answer could not be used:',
});

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
care-compare .cc-fact { display: flex; flex-direction: column; gap: .25rem; margin: .5rem 0; }
care-compare .cc-fact label { font-weight: 600; }
care-compare .cc-hint { color: #4a4a4a; font-size: .9375rem; }
care-compare input[type="number"], care-compare input[type="text"], care-compare select { font: inherit; min-height: 2.75rem; padding: .25rem .5rem; border: 1px solid #595959; border-radius: .25rem; background: #fff; color: #1b1b1b; max-width: 20rem; }
care-compare :focus-visible { outline: 3px solid #0b4f9c; outline-offset: 2px; }
care-compare .cc-error { color: #a4000f; font-weight: 600; }
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
  care-compare .cc-notes-lines { height: 7rem; border: 1px solid #000; background: repeating-linear-gradient(#fff 0 1.6rem, #777 1.6rem calc(1.6rem + 1px)); }
  care-compare a { color: #000; text-decoration: none; }
}
`;

/** Registers <care-compare> (or `name`) over `api`; returns the element class. */
export function defineCareCompare(api, name = 'care-compare') {
  if (typeof customElements === 'undefined') throw new Error('defineCareCompare needs a browser (customElements)');
  const existing = customElements.get(name);
  if (existing) return existing;

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
    #strings = STRINGS;
    /** Attributes of an element that holds only catalog text: its lang and dir, where they
     *  differ from the element's words ({} where they are the same). */
    #own = {};
    #result = null;
    #ids = '';
    #parts = null;
    #loading = null;

    connectedCallback() {
      addStyle(this.ownerDocument);
      if (!this.#ids) this.#ids = `cc${(serial += 1)}`;
      if (!this.#catalog && !this.#loading) this.#loading = this.#load();
    }

    disconnectedCallback() {
      // The catalog stays until the element is collected (it may be moved, not removed).
    }

    /** The words shown; assign an object with some of the keys of STRINGS to change them. */
    get strings() { return this.#strings; }
    set strings(value) {
      this.#strings = Object.freeze({ ...STRINGS, ...value });
      if (this.#catalog) this.#build();
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
    get answers() { return this.#parts ? this.#collect() : null; }

    /** The latest result document of catalog.filter(), or null. */
    get result() { return this.#result; }

    async #load() {
      // Read before the loading message replaces the children.
      const inline = this.querySelector(':scope > script[type="application/json"]');
      this.#message(this.#strings.loading, false);
      try {
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
        this.#message(`${this.#strings.loadFailed} ${e.message}`, true);
        this.dispatchEvent(new CustomEvent('care-compare-error', { detail: { error: e } }));
      }
    }

    #setCatalog(catalog, owned) {
      if (this.#catalog && this.#ownsCatalog && this.#catalog !== catalog) this.#catalog.dispose();
      this.#catalog = catalog;
      this.#ownsCatalog = owned;
      this.#doc = catalog.toJSON();
      this.#build();
    }

    #message(text, isError) {
      const p = el('p', { class: isError ? 'cc-error' : 'cc-status', role: isError ? 'alert' : 'status' }, text);
      this.replaceChildren(p);
    }

    // ---- The form -------------------------------------------------------------------------

    #build() {
      const s = this.#strings;
      const doc = this.#doc;
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
      for (const key of api.circumstancesLists) {
        const words = (doc.vocabulary && doc.vocabulary[key]) || [];
        if (!words.length) continue;
        const set = el('fieldset', {}, el('legend', {}, s[key]));
        groups[key] = [];
        for (const word of words) {
          const boxId = id(`${key}-${word.id}`);
          const box = el('input', { type: 'checkbox', id: boxId, name: key, value: word.id });
          groups[key].push(box);
          set.append(el('div', { class: 'cc-choice' }, box, el('label', { for: boxId, ...own }, word.label)));
        }
        form.append(set);
      }
      const factInputs = [];
      if (doc.facts && doc.facts.length) {
        const set = el('fieldset', {}, el('legend', {}, s.facts));
        for (const fact of doc.facts) {
          const inputId = id(`fact-${fact.id}`);
          const hintId = id(`fact-${fact.id}-hint`);
          const errorId = id(`fact-${fact.id}-error`);
          let input;
          if (fact.type === 'boolean') {
            input = el('select', { id: inputId }, el('option', { value: '' }, s.notAnswered),
              el('option', { value: 'true' }, s.yes), el('option', { value: 'false' }, s.no));
          } else if (fact.type === 'string' && Array.isArray(fact.values)) {
            input = el('select', { id: inputId }, el('option', { value: '' }, s.notAnswered),
              ...fact.values.map((v) => el('option', { value: v }, v)));
          } else if (fact.type === 'number') {
            input = el('input', { type: 'number', id: inputId, inputmode: 'decimal', step: 'any' });
          } else {
            input = el('input', { type: 'text', id: inputId });
          }
          const describedBy = [fact.description ? hintId : '', errorId].filter(Boolean).join(' ');
          input.setAttribute('aria-describedby', describedBy);
          factInputs.push({ fact, input, error: el('p', { class: 'cc-error', id: errorId, hidden: '' }) });
          const last = factInputs[factInputs.length - 1];
          set.append(el('div', { class: 'cc-fact' },
            el('label', { for: inputId, ...own }, fact.label || fact.id),
            fact.description ? el('span', { class: 'cc-hint', id: hintId, ...own }, fact.description) : null,
            input, last.error));
        }
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

      const about = el('section', { class: 'cc-about', 'aria-labelledby': id('about') },
        h(1, { id: id('about') }, s.aboutHeading),
        el('p', { class: 'cc-disclaimer', ...own }),
        h(2, { id: id('sources') }, s.sourcesHeading),
        el('ul', { class: 'cc-sources' }, ...(doc.sources || []).map((source) => sourceItem(source, own))),
        el('p', { class: 'cc-catalog' }, s.catalogLine(doc)));
      root.append(about);

      this.#parts = { groups, factInputs, answers, status, results, undecided, notShown, about };
      this.replaceChildren(root);
      this.#update();
    }

    #collect() {
      const out = {};
      for (const [key, boxes] of Object.entries(this.#parts.groups)) out[key] = boxes.filter((b) => b.checked).map((b) => b.value);
      const facts = {};
      for (const { fact, input } of this.#parts.factInputs) {
        const raw = input.value;
        if (raw === '') continue;
        if (fact.type === 'boolean') facts[fact.id] = raw === 'true';
        else if (fact.type === 'number') facts[fact.id] = input.valueAsNumber;
        else if (fact.type === 'string_list') facts[fact.id] = raw.split(',').map((x) => x.trim()).filter(Boolean);
        else facts[fact.id] = raw;
      }
      if (this.#parts.factInputs.length) out.facts = facts;
      return out;
    }

    // ---- The results ----------------------------------------------------------------------

    #update() {
      const s = this.#strings;
      const answers = this.#collect();
      for (const { input, error } of this.#parts.factInputs) {
        input.removeAttribute('aria-invalid');
        error.hidden = true;
        error.textContent = '';
      }
      let result;
      try {
        result = this.#catalog.filter(answers);
      } catch (e) {
        // A fact the core refuses (e.g. a number out of its range): say which, keep the rest.
        const match = /^\/facts\/(.+)$/.exec(e.path || '');
        const bad = match && this.#parts.factInputs.find((f) => f.fact.id === match[1]);
        if (!bad) throw e;
        bad.input.setAttribute('aria-invalid', 'true');
        bad.error.hidden = false;
        bad.error.textContent = `${s.badAnswer} ${e.message.replace(/^\[carecompare\.[a-z]+\.\d+\]\s*/, '')}`;
        delete answers.facts[match[1]];
        result = this.#catalog.filter(answers);
      }
      this.#result = result;
      this.#showAnswers(answers);
      this.#showRelevant(result);
      this.#showUndecided(result);
      this.#showNotShown(result);
      this.#parts.about.querySelector('.cc-disclaimer').textContent = result.disclaimer;
      this.#parts.status.textContent = s.status(result.relevant.length, (result.undecided || []).length, result.not_shown.length);
      this.dispatchEvent(new CustomEvent('care-compare-change', { detail: { answers, result } }));
    }

    #showAnswers(answers) {
      const s = this.#strings;
      const list = this.#parts.answers.querySelector('ul');
      const items = [];
      for (const [key, boxes] of Object.entries(this.#parts.groups)) {
        const ticked = boxes.filter((b) => b.checked).map((b) => this.querySelector(`label[for="${b.id}"]`).textContent);
        if (ticked.length) items.push(el('li', {}, `${s[key]}: `, this.#text(ticked.join(', '))));
      }
      for (const { fact, input } of this.#parts.factInputs) {
        if (answers.facts && fact.id in answers.facts) {
          const shown = input.tagName === 'SELECT' ? input.selectedOptions[0].textContent : input.value;
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
      this.#parts.undecided.querySelector('ul').replaceChildren(...options.map((option) => el('li', { 'data-id': option.id },
        el('span', { class: 'cc-option-name', ...this.#own }, option.name),
        el('p', {}, `${s.decidedBy} `, this.#text(option.facts.map((f) => f.label || f.id).join(', '))),
        whyList(s.shownWhen, (option.rules || []).filter((r) => r.effect === 'show').map((r) => r.text), this.#own),
        whyList(s.leftOutWhen, (option.rules || []).filter((r) => r.effect === 'hide').map((r) => r.text), this.#own))));
    }

    #showNotShown(result) {
      const s = this.#strings;
      const options = result.not_shown;
      this.#parts.notShown.hidden = options.length === 0;
      this.#parts.notShown.querySelector('summary').textContent = s.notShownSummary(options.length);
      this.#parts.notShown.querySelector('ul').replaceChildren(...options.map((option) => {
        const rules = option.rules || [];
        return el('li', { 'data-id': option.id },
          el('span', { class: 'cc-option-name', ...this.#own }, option.name),
          whyList(s.leftOutBecause, rules.filter((r) => r.effect === 'hide' && r.matched).map((r) => r.text), this.#own),
          whyList(s.shownWhen, rules.filter((r) => r.effect === 'show' && !r.matched).map((r) => r.text), this.#own));
      }));
    }
  }

  /** A heading in the element's words over catalog texts (`own`: their lang and dir). */
  function whyList(title, texts, own) {
    if (!texts.length) return null;
    return el('div', { class: 'cc-why' }, el('p', {}, title), el('ul', own, ...texts.map((t) => el('li', {}, t))));
  }

  function sourceItem(source, own) {
    const item = el('li', {}, el('cite', own, source.title));
    if (source.publisher) item.append(`, ${source.publisher}`);
    if (source.url) {
      item.append(', ');
      if (/^https?:\/\//i.test(source.url)) item.append(el('a', { href: source.url }, source.url));
      else item.append(source.url);
    }
    if (source.accessed) item.append(`, accessed ${source.accessed}`);
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
