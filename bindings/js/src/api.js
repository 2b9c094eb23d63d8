// SPDX-License-Identifier: MIT
// The JavaScript face of carecompare, over the library's C ABI compiled to WebAssembly. This
// file moves text across the boundary and turns status codes into exceptions; it decides
// nothing: loading, checking, filtering, reasons, why-not and tables are the C++ core's.
//
// It imports nothing (the one-file page inlines it): `createApi(core)` takes the instantiated
// emscripten module and returns the API that src/node.js and src/browser.js export.

/**
 * Builds the API over an instantiated core (the emscripten module of build.sh). A test may pass
 * its own `FinalizationRegistry` class, to see what is registered and run the cleanup itself.
 */
export function createApi(core, { FinalizationRegistry: Registry = globalThis.FinalizationRegistry } = {}) {
  const OK = 0;
  const INVALID_ARGUMENT = -1;

  // ---- Errors -------------------------------------------------------------------------------

  /** Base of carecompare's errors: `id` is the documented error id, `path` a JSON Pointer. */
  class CareCompareError extends Error {
    constructor(message, { id = 0, path = '', code = 0, kind = '' } = {}) {
      super(message);
      this.name = new.target.name;
      this.id = id;
      this.path = path;
      this.code = code;
      this.kind = kind;
    }
  }
  /** A catalog that does not load; `path` is the JSON Pointer of the first problem. */
  class CatalogError extends CareCompareError {}
  /** Answers that do not fit the catalog (an unknown site, a wrong type); `path` e.g. "/sites/0". */
  class CircumstancesError extends CareCompareError {}
  /** A JsonLogic rule that does not compile or an evaluation json-logic-js throws on. */
  class LogicError extends CareCompareError {}
  /** Invalid table options: an unknown column field, strategy id or format. */
  class RenderError extends CareCompareError {}
  /** Malformed JSON text that is not a catalog (e.g. table options given as text). */
  class ParseError extends CareCompareError {}
  /** A health record that cannot be read: not JSON, too large or deep, not FHIR; `path` points into it. */
  class RecordError extends CareCompareError {}

  const byKind = {
    catalog: CatalogError,
    circumstances: CircumstancesError,
    logic: LogicError,
    render: RenderError,
    parse: ParseError,
    fhir: RecordError,
  };
  const byStatus = {
    [-2]: ParseError,
    [-3]: CatalogError,
    [-4]: CircumstancesError,
    [-5]: LogicError,
    [-9]: RenderError,
    [-10]: RecordError,
  };

  /**
   * The thread's last error of the core as an exception, of the class its kind names.
   * `parseAs`: the class for a parse error (status -2) of a text this file wrote itself with
   * JSON.stringify, which can only be past the limits (too deep, too large): an error of what
   * the caller gave (a catalog, answers, a rule, table options), not of JSON syntax.
   */
  function lastError(status, parseAs) {
    const message = core.UTF8ToString(core._carecompare_last_error());
    const path = core.UTF8ToString(core._carecompare_last_error_path());
    const id = core._carecompare_last_error_id();
    const kind = core.UTF8ToString(core._carecompare_last_error_kind());
    const Class = (status === -2 && parseAs) || byKind[kind] || byStatus[status] || CareCompareError;
    return new Class(message, { id, path, code: status, kind });
  }

  // ---- Text across the boundary --------------------------------------------------------------

  // One slot for the `char **out` of every call (calls are synchronous: no sharing issue).
  const outSlot = core._malloc(4);

  /**
   * Calls `fn(outPtr, ...args, text1Ptr, len1, text2Ptr, len2...)` with each text in wasm memory
   * (a null text is `(NULL, 0)`); returns the out text. `parseAs`: see lastError().
   */
  function callWithTexts(texts, parseAs, fn, ...args) {
    const pointers = [];
    try {
      const passed = [];
      for (const text of texts) {
        if (text === null) {
          passed.push(0, 0);
          continue;
        }
        const len = core.lengthBytesUTF8(text);
        const ptr = core._malloc(len + 1);
        pointers.push(ptr);
        core.stringToUTF8(text, ptr, len + 1);
        passed.push(ptr, len);
      }
      const status = fn(outSlot, ...args, ...passed);
      if (status !== OK) throw lastError(status, parseAs);
      return takeString(core.getValue(outSlot, 'i32'));
    } finally {
      for (const ptr of pointers) core._free(ptr);
    }
  }

  /** Calls `fn(outPtr, ...args, textPtr, len)`: callWithTexts() with one text. */
  function callWithText(text, parseAs, fn, ...args) {
    return callWithTexts([text], parseAs, fn, ...args);
  }

  /** A health record as JSON text: text as it is, a value through jsonText (RecordError 704). */
  function recordText(record) {
    if (typeof record === 'string') return record;
    return jsonText(record, (path, what) =>
      new RecordError(`[carecompare.fhir.704] ${path}: ${what}`, { id: 704, path, kind: 'fhir' }));
  }

  // The `size_t *out_len` of carecompare_filter_compact (wasm32: 4 bytes).
  const lenSlot = core._malloc(4);
  const utf8 = new TextDecoder('utf-8');

  /** The text of `len` bytes at `p`, then freed (the length is known: no scan for the NUL). */
  function takeText(p, len) {
    try {
      return utf8.decode(core.HEAPU8.subarray(p, p + len));
    } finally {
      core._carecompare_string_free(p);
    }
  }

  function takeString(p) {
    try {
      return core.UTF8ToString(p);
    } finally {
      core._carecompare_string_free(p);
    }
  }

  /**
   * A JavaScript value as JSON text, refusing what JSON cannot say (NaN, Infinity, undefined in
   * an array, functions, symbols, BigInt, Maps and Sets), with the JSON Pointer of the spot.
   * `onError(path, what)` builds the exception.
   */
  function jsonText(value, onError, basePath = '') {
    const seen = new Set();
    const check = (v, path) => {
      switch (typeof v) {
        case 'string':
        case 'boolean':
          return;
        case 'number':
          if (!Number.isFinite(v)) throw onError(path, `${v} has no JSON form (JSON numbers are finite)`);
          return;
        case 'object':
          break;
        default:
          throw onError(path, `a ${typeof v} has no JSON form`);
      }
      if (v === null) return;
      if (seen.has(v)) throw onError(path, 'a value that contains itself has no JSON form');
      if (Array.isArray(v)) {
        seen.add(v);
        v.forEach((item, i) => check(item, `${path}/${i}`));
        seen.delete(v);
        return;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        const name = (v.constructor && v.constructor.name) || 'object';
        throw onError(path, `a ${name} has no JSON form (use a plain object or an array)`);
      }
      seen.add(v);
      for (const [k, item] of Object.entries(v)) {
        if (item === undefined) continue; // JSON.stringify leaves such keys out
        check(item, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }
      seen.delete(v);
    };
    check(value, basePath);
    return JSON.stringify(value);
  }

  // ---- Handles ---------------------------------------------------------------------------------

  // A backstop for catalogs nobody disposed of: freed when garbage collected.
  const registry =
    typeof Registry === 'function'
      ? new Registry((ptr) => {
          core._carecompare_catalog_free(ptr);
          liveCatalogs -= 1;
        })
      : null;
  let liveCatalogs = 0;
  const token = Symbol('carecompare.catalog');
  const disposeSymbol = typeof Symbol.dispose === 'symbol' ? Symbol.dispose : Symbol.for('nodejs.dispose');

  // The lists circumstances state, as the core keeps them (carecompare_circumstances_lists()),
  // and the facts beside them.
  const LISTS = Object.freeze(JSON.parse(core.UTF8ToString(core._carecompare_circumstances_lists())));
  // How lists answer (circumstances' JSON: lists named in "open" or "not_answered"; a list in
  // neither is closed), with the camelCase spelling of JavaScript beside it.
  const ANSWER_KEYS = { open: 'open', not_answered: 'not_answered', notAnswered: 'not_answered' };
  const FILTER_KEYS = [...LISTS, 'facts', ...Object.keys(ANSWER_KEYS)];
  const TABLE_KEYS = {
    format: 'format',
    only: 'only',
    columns: 'columns',
    fullPage: 'full_page',
    full_page: 'full_page',
    width: 'width',
    circumstances: 'circumstances',
    includeNotShown: 'include_not_shown',
    include_not_shown: 'include_not_shown',
  };

  function optionsObject(options, what) {
    if (options === undefined || options === null) return {};
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw new TypeError(`${what}: expected an object of options, got ${Array.isArray(options) ? 'an array' : typeof options}`);
    }
    return options;
  }

  /** A catalog's JSON text, from text, UTF-8 bytes or a plain object (`what`: the caller). */
  function catalogText(source, what) {
    if (typeof source === 'string') return source;
    if (source instanceof Uint8Array) return new TextDecoder('utf-8', { fatal: false }).decode(source);
    if (source !== null && typeof source === 'object' && !Array.isArray(source)) {
      return jsonText(source, (path, message) => new CatalogError(`[carecompare.catalog.204] ${path}: ${message}`, { id: 204, path, kind: 'catalog' }));
    }
    throw new TypeError(`${what}: expected JSON text or an object, got ${source === null ? 'null' : Array.isArray(source) ? 'an array' : typeof source}`);
  }

  /**
   * Answers as the JSON text of the core's circumstances: the keys of FILTER_KEYS (`notAnswered`
   * for `not_answered`), each once; `fhir` too when `withRecord` (filter() reads it apart).
   */
  function circumstancesText(given, what, withRecord) {
    const doc = {};
    for (const key of Object.keys(given)) {
      if (withRecord && key === 'fhir') continue;
      if (!FILTER_KEYS.includes(key)) {
        throw new TypeError(`${what}: unknown key "${key}" (expected ${FILTER_KEYS.join(', ')}${withRecord ? ', fhir' : ''})`);
      }
      if (given[key] === undefined) continue;
      const name = ANSWER_KEYS[key] || key;
      if (name in doc) throw new TypeError(`${what}: "${key}" and "${name}" given both`);
      doc[name] = given[key];
    }
    return jsonText(doc, (path, message) =>
      new CircumstancesError(`[carecompare.circumstances.302] ${path}: ${message}`, { id: 302, path, kind: 'circumstances' }));
  }

  /** A loaded, validated, immutable catalog (a handle on the core's catalog). */
  class Catalog {
    #ptr;
    #doc = null;
    #labels = null;

    constructor(secret, ptr) {
      if (secret !== token) throw new TypeError('use Catalog.builtin() or Catalog.fromJSON()');
      this.#ptr = ptr;
      liveCatalogs += 1;
      if (registry) registry.register(this, ptr, this);
    }

    /** The builtin catalog (metastatic breast cancer), embedded in the library. */
    static builtin() {
      const status = core._carecompare_catalog_builtin(outSlot);
      if (status !== OK) throw lastError(status);
      return new Catalog(token, core.getValue(outSlot, 'i32'));
    }

    /**
     * Loads and validates a catalog from JSON text or from a plain object. Strict: unknown keys,
     * wrong types and dangling references are a `CatalogError` naming where the problem is.
     */
    static fromJSON(source) {
      const text = catalogText(source, 'Catalog.fromJSON');
      const len = core.lengthBytesUTF8(text);
      const ptr = core._malloc(len + 1);
      try {
        core.stringToUTF8(text, ptr, len + 1);
        const status = core._carecompare_catalog_from_json(outSlot, ptr, len);
        // A catalog's syntax error is still a catalog that does not load.
        if (status !== OK) throw lastError(status, CatalogError);
        return new Catalog(token, core.getValue(outSlot, 'i32'));
      } finally {
        core._free(ptr);
      }
    }

    #handle() {
      if (this.#ptr === 0) throw new TypeError('this catalog has been disposed of');
      return this.#ptr;
    }

    /**
     * What `carecompare validate [--strict] [--readability --max-grade N]` finds in a catalog's
     * JSON text (or object), whether it loads or not: the document of the C ABI's
     * `carecompare_catalog_check`, parsed: `{valid, strategies, rules, problems: [{id, level,
     * pointer, message, suggestion, line, column}], omitted, readability}`. Never throws for a
     * catalog that does not load: its problems are the answer.
     */
    static check(source, { strict = false, readability = false, maxGrade = 8 } = {}) {
      const text = catalogText(source, 'Catalog.check');
      if (typeof maxGrade !== 'number' || Number.isNaN(maxGrade)) throw new TypeError('Catalog.check: maxGrade must be a number');
      const flags = (strict ? 1 : 0) | (readability ? 2 : 0); // CARECOMPARE_CHECK_STRICT, _READABILITY
      return JSON.parse(callWithText(text, null, (out, ptr, len) => core._carecompare_catalog_check(out, ptr, len, flags, maxGrade)));
    }

    /** The JSON Schema (draft 2020-12) of the catalog format, as `carecompare schema` prints it. */
    static schema() {
      const status = core._carecompare_catalog_schema(outSlot);
      if (status !== OK) throw lastError(status);
      return JSON.parse(takeString(core.getValue(outSlot, 'i32')));
    }

    /**
     * The overlay translators fill in for `locale` (a BCP 47 tag), as `carecompare translation
     * template` writes it (2-space indent, no final newline). A tag that is not BCP 47 is a
     * `CatalogError` at "/locale" (the overlay could not be loaded).
     */
    translationTemplate(locale) {
      if (typeof locale !== 'string' || locale.includes('\0')) throw new TypeError('translationTemplate: expected a BCP 47 tag');
      const handle = this.#handle();
      return callWithText(locale, CatalogError, (out, ptr) => core._carecompare_translation_template(out, handle, ptr));
    }

    /** Frees the catalog now; using it afterwards throws. Calling it twice does nothing. */
    dispose() {
      if (this.#ptr === 0) return;
      if (registry) registry.unregister(this);
      core._carecompare_catalog_free(this.#ptr);
      this.#ptr = 0;
      liveCatalogs -= 1;
    }

    [disposeSymbol]() {
      this.dispose();
    }

    /** True once `dispose()` was called. */
    get disposed() {
      return this.#ptr === 0;
    }

    /** The catalog as JSON text (`indent` spaces, or compact when negative). */
    toJSONText(indent = -1) {
      const status = core._carecompare_catalog_to_json(outSlot, this.#handle(), indent);
      if (status !== OK) throw lastError(status);
      return takeString(core.getValue(outSlot, 'i32'));
    }

    /** The catalog's document as plain values (a fresh copy each call). */
    toJSON() {
      return JSON.parse(this.#document());
    }

    #document() {
      if (this.#doc === null) this.#doc = this.toJSONText(-1);
      return this.#doc;
    }

    #field(name) {
      const value = JSON.parse(this.#document())[name];
      return value === undefined ? null : value;
    }

    get id() { return this.#field('id'); }
    get title() { return this.#field('title'); }
    get condition() { return this.#field('condition'); }
    get locale() { return this.#field('locale'); }
    get version() { return this.#field('version'); }
    get published() { return this.#field('published'); }
    get lastReviewed() { return this.#field('last_reviewed'); }
    get disclaimer() { return this.#field('disclaimer'); }
    get sources() { return this.#field('sources'); }
    get vocabulary() { return this.#field('vocabulary'); }
    get facts() { return this.#field('facts') || []; }
    get columns() { return this.#field('columns'); }
    get strategies() { return this.#field('strategies'); }
    get rules() { return this.#field('rules'); }

    /**
     * Every label (the fixed words shown around the catalog's texts, in its language): the
     * catalog's words where it gives them, else the core's English defaults; placeholders such
     * as `{score}` unfilled. A frozen object keyed as the catalog format's `labels`.
     */
    get labels() {
      if (this.#labels === null) {
        const status = core._carecompare_catalog_labels(outSlot, this.#handle());
        if (status !== OK) throw lastError(status);
        this.#labels = Object.freeze(JSON.parse(takeString(core.getValue(outSlot, 'i32'))));
      }
      return this.#labels;
    }

    /** The strategy with this id; a `RangeError` when there is none. */
    strategy(id) {
      const found = this.strategies.find((s) => s.id === id);
      if (!found) throw new RangeError(`no strategy "${id}" in catalog "${this.id}"`);
      return found;
    }

    /**
     * Which options are relevant to the answers, ranked, with reasons; which depend on facts not
     * answered; and for the others why not: the document of the C ABI's `carecompare_filter`,
     * parsed (`relevant`, `undecided`, `not_shown`, `not_answered`, `disclaimer`, `catalog`...).
     */
    filter(circumstances) {
      const given = optionsObject(circumstances, 'filter');
      const record = given.fhir;
      const text = circumstancesText(given, 'filter', true);
      const handle = this.#handle();
      if (record !== undefined && record !== null) {
        // A health record: the core reads it, then filters (carecompare_fhir_filter); the
        // answers given beside it close the lists they give.
        return JSON.parse(callWithTexts([recordText(record), text], undefined, core._carecompare_fhir_filter, handle));
      }
      // The compact document: parsed, the same as carecompare_filter's indented one.
      const len = core.lengthBytesUTF8(text);
      const ptr = core._malloc(len + 1);
      try {
        core.stringToUTF8(text, ptr, len + 1);
        const status = core._carecompare_filter_compact(outSlot, lenSlot, handle, ptr, len);
        if (status !== OK) throw lastError(status, CircumstancesError);
        return JSON.parse(takeText(core.getValue(outSlot, 'i32'), core.getValue(lenSlot, 'i32') >>> 0));
      } finally {
        core._free(ptr);
      }
    }

    /**
     * The answers (as filter() takes them, without `fhir`) as a URL fragment, without "#":
     * `sites=bone,liver&symptoms=pain&open=symptoms&facts.pain_score=3`, the core's spelling
     * (C++ circumstances::to_fragment()). Throws CircumstancesError for answers filter() refuses.
     */
    toFragment(circumstances) {
      const text = circumstancesText(optionsObject(circumstances, 'toFragment'), 'toFragment', false);
      return callWithText(text, CircumstancesError, core._carecompare_circumstances_to_fragment, this.#handle());
    }

    /**
     * Reads a URL fragment (without "#"), as toFragment() writes it or a person edited it:
     * `{circumstances, left_out}`, the answers this catalog can use (filter() takes them) and
     * what was left out, each `{id, pointer, message}`. Any text is read: it never throws.
     */
    readFragment(fragment) {
      if (typeof fragment !== 'string') throw new TypeError('readFragment: expected a string');
      return JSON.parse(callWithText(fragment, null, core._carecompare_circumstances_from_fragment, this.#handle()));
    }

    /**
     * A health record (FHIR R4: a Bundle, a resource, an array of resources or a CDS Hooks
     * prefetch object; JSON text or a value) read in this catalog's words, without filtering:
     * the document of the C ABI's `carecompare_fhir_read`, parsed.
     */
    readFhir(record) {
      return JSON.parse(callWithText(recordText(record), undefined, core._carecompare_fhir_read, this.#handle()));
    }

    /**
     * The catalog as a FHIR R4 PlanDefinition (the C ABI's `carecompare_fhir_plan_definition`,
     * parsed): one action per option, whose condition is FHIRPath over a health record as one
     * Bundle. `{baseUrl, untranslatable}`, both optional: `baseUrl` makes its url
     * (`<baseUrl>/PlanDefinition/<id>`; default: the catalog's url); `untranslatable` is 'fail'
     * (a rule FHIRPath cannot say is a LogicError 505 at its pointer) or 'keep'.
     */
    toPlanDefinition(options) {
      const given = optionsObject(options, 'toPlanDefinition');
      for (const key of Object.keys(given)) {
        if (key !== 'baseUrl' && key !== 'untranslatable') throw new TypeError(`toPlanDefinition: unknown option "${key}"`);
      }
      const { baseUrl = null, untranslatable = 'fail' } = given;
      if (baseUrl !== null && (typeof baseUrl !== 'string' || baseUrl.includes('\0'))) {
        throw new TypeError('toPlanDefinition: baseUrl must be a string');
      }
      if (untranslatable !== 'fail' && untranslatable !== 'keep') {
        throw new TypeError(`toPlanDefinition: untranslatable must be 'fail' or 'keep'`);
      }
      const handle = this.#handle();
      const flags = untranslatable === 'keep' ? 1 : 0;  // CARECOMPARE_PLAN_KEEP_UNTRANSLATABLE
      return JSON.parse(callWithTexts([baseUrl], undefined,
        (out, ptr) => core._carecompare_fhir_plan_definition(out, handle, ptr, flags)));
    }

    /**
     * A comparison table: `{format, only, columns, fullPage, width, circumstances,
     * includeNotShown}`, every key optional (see carecompare_render in carecompare.h).
     */
    table(options) {
      const given = optionsObject(options, 'table');
      const doc = {};
      for (const key of Object.keys(given)) {
        const name = TABLE_KEYS[key];
        if (!name) throw new TypeError(`table: unknown key "${key}" (expected ${Object.keys(TABLE_KEYS).join(', ')})`);
        if (given[key] !== undefined) doc[name] = given[key];
      }
      const text = jsonText(doc, (path, what) =>
        new RenderError(`[carecompare.render.604] ${path}: ${what}`, { id: 604, path, kind: 'render' }));
      return callWithText(text, RenderError, core._carecompare_render, this.#handle());
    }
  }

  // ---- JsonLogic -------------------------------------------------------------------------------

  const logicError = (what) => (path, message) =>
    new LogicError(`[carecompare.logic.502] ${path}: in the ${what}: ${message}`, { id: 502, path, kind: 'logic' });

  const logic = Object.freeze({
    /**
     * Applies a JsonLogic rule to data, as `jsonLogic.apply(rule, data)` of json-logic-js 2.x.
     * `options.passes`: the rewrites made to the rule before it runs ("all", the default;
     * "none"; or names separated by commas), as carecompare_logic_apply_passes() takes them.
     */
    apply(rule, data, options) {
      const given = optionsObject(options, 'logic.apply');
      for (const key of Object.keys(given)) {
        if (key !== 'passes') throw new TypeError(`logic.apply: unknown option "${key}" (expected passes)`);
      }
      const passes = given.passes === undefined ? 'all' : given.passes;
      if (typeof passes !== 'string' || passes.includes('\0')) {
        throw new TypeError('logic.apply: passes must be a string such as "all", "none" or "constant_fold,text_set"');
      }
      const ruleText = jsonText(rule === undefined ? null : rule, logicError('rule'));
      const dataText = data === undefined || data === null ? null : jsonText(data, logicError('data'));
      const ruleLen = core.lengthBytesUTF8(ruleText);
      const dataLen = dataText === null ? 0 : core.lengthBytesUTF8(dataText);
      const passesLen = core.lengthBytesUTF8(passes);
      const rulePtr = core._malloc(ruleLen + 1);
      const dataPtr = dataText === null ? 0 : core._malloc(dataLen + 1);
      const passesPtr = core._malloc(passesLen + 1);
      try {
        core.stringToUTF8(ruleText, rulePtr, ruleLen + 1);
        if (dataPtr) core.stringToUTF8(dataText, dataPtr, dataLen + 1);
        core.stringToUTF8(passes, passesPtr, passesLen + 1);
        const status = core._carecompare_logic_apply_passes(outSlot, rulePtr, ruleLen, dataPtr, dataLen, passesPtr);
        if (status === INVALID_ARGUMENT) throw new RangeError(core.UTF8ToString(core._carecompare_last_error()));
        if (status !== OK) throw lastError(status, LogicError);
        return JSON.parse(takeString(core.getValue(outSlot, 'i32')));
      } finally {
        core._free(rulePtr);
        if (dataPtr) core._free(dataPtr);
        core._free(passesPtr);
      }
    },
    /** JsonLogic's truthiness of a value (`[]` is falsy, `"0"` truthy), by the core. */
    truthy(value) {
      return logic.apply({ '!!': [{ var: 'v' }] }, { v: value === undefined ? null : value });
    },
  });

  return Object.freeze({
    Catalog,
    CareCompareError,
    CatalogError,
    CircumstancesError,
    LogicError,
    RenderError,
    ParseError,
    RecordError,
    logic,
    version: core.UTF8ToString(core._carecompare_version_string()),
    /** The keys of the lists circumstances state (`sites`, `symptoms`, `goals`), in the core's order. */
    circumstancesLists: LISTS,
    /**
     * Whether a URL fragment (without "#") holds answers (Catalog#readFragment()) rather than,
     * say, an anchor's id, as the core tells them apart.
     */
    isAnswersFragment(fragment) {
      if (typeof fragment !== 'string') return false;
      const len = core.lengthBytesUTF8(fragment);
      const ptr = core._malloc(len + 1);
      try {
        core.stringToUTF8(fragment, ptr, len + 1);
        return core._carecompare_circumstances_is_fragment(ptr, len) === 1;
      } finally {
        core._free(ptr);
      }
    },
    /**
     * How hard a text is to read, measured as a catalog's texts are: `{sentences, words,
     * syllables, polysyllables, grade}` (the Flesch-Kincaid grade).
     */
    readability(text) {
      if (typeof text !== 'string') throw new TypeError('readability: expected a string');
      return JSON.parse(callWithText(text, null, core._carecompare_text_readability));
    },
    /** Whether text in a BCP 47 language runs right to left (HTML `dir`), as the core decides it. */
    isRightToLeft(tag) {
      if (typeof tag !== 'string' || tag === '') return false;
      const len = core.lengthBytesUTF8(tag);
      const ptr = core._malloc(len + 1);
      try {
        core.stringToUTF8(tag, ptr, len + 1);
        return core._carecompare_is_right_to_left(ptr) === 1;
      } finally {
        core._free(ptr);
      }
    },
    /** How many catalogs are alive (not disposed of, not yet collected): for leak tests. */
    liveCatalogs: () => liveCatalogs,
  });
}
