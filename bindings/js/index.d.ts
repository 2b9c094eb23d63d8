// SPDX-License-Identifier: MIT
// Types of the npm package `carecompare` (src/node.js under node, src/browser.js elsewhere).
// Every declaration has its doc comment (test/types.test.js checks it, and that the declared
// exports and Catalog members are the package's).

/**
 * carecompare: compare care options side by side, and see which are relevant to a situation.
 * The carecompare C++ library compiled to WebAssembly, used through its C ABI: every answer is
 * the core's, as the C++, C, Python and command-line faces give it. Informational only, never
 * advice: every result and table carries the catalog's disclaimer.
 *
 * ```js
 * import { Catalog } from 'carecompare';
 * using catalog = Catalog.builtin();
 * const result = catalog.filter({ sites: ['bone'], symptoms: ['pain'] });
 * for (const option of result.relevant) console.log(option.name, option.reasons.map((r) => r.text));
 * ```
 *
 * Thread safety: a `Catalog` belongs to the JavaScript realm (page, worker) that made it, as
 * does the WebAssembly core; each worker loads its own.
 * @packageDocumentation
 */

/** A JSON value, as `JSON.parse` returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The base of carecompare's errors. The message starts with `[carecompare.<kind>.<id>]` and
 * names the spot (a JSON Pointer, or line and column for a syntax error).
 */
export class CareCompareError extends Error {
  /** The documented carecompare error id (e.g. 301 for an unknown site; carecompare/error.hpp), or 0. */
  readonly id: number;
  /** The JSON Pointer of the problem's spot, e.g. "/sites/0"; "" when none applies. */
  readonly path: string;
  /** The C ABI's status code (negative, see carecompare.h), or 0 for an error found before calling the core. */
  readonly code: number;
  /** The error's family: "catalog", "circumstances", "logic", "render" or "parse". */
  readonly kind: string;
}
/** A catalog that does not load; `path` is the first problem's, the message lists them all. */
export class CatalogError extends CareCompareError {}
/** Answers that do not fit the catalog: an unknown site, symptom or goal, a fact of the wrong type. */
export class CircumstancesError extends CareCompareError {}
/** A JsonLogic rule that does not compile, or an evaluation json-logic-js throws on; `path` points into the rule. */
export class LogicError extends CareCompareError {}
/** Invalid table options: an unknown column field, strategy id or format, a width too small. */
export class RenderError extends CareCompareError {}
/** Malformed JSON text (the message has the line and column). */
export class ParseError extends CareCompareError {}
/** A health record that cannot be read: not JSON, too large or deep, not FHIR; `path` points into it. */
export class RecordError extends CareCompareError {}

/** A list of the circumstances: "sites", "symptoms" or "goals". */
export type ListName = 'sites' | 'symptoms' | 'goals';
/** What the reader has told: ids from the catalog's vocabulary, and declared facts. Every key is optional. */
export interface Circumstances {
  /** Where the condition is, as ids of the catalog's `vocabulary.sites` (e.g. "bone"). */
  sites?: string[];
  /** Symptoms, as ids of `vocabulary.symptoms` (e.g. "pain"). */
  symptoms?: string[];
  /** What the reader wants, as ids of `vocabulary.goals`. */
  goals?: string[];
  /** Answers to the catalog's declared facts, by fact id; a fact left out (or null) is not answered. */
  facts?: { [id: string]: Json };
  /** Lists that may hold more than they give: what they do not list is not known (not "no"). */
  open?: ListName[];
  /** Lists nobody answered (give them no ids): nothing is known of them. */
  not_answered?: ListName[];
  /** The same as `not_answered`. */
  notAnswered?: ListName[];
  /**
   * `filter()` only: a health record (FHIR R4: a Bundle, a resource, an array of resources or a
   * CDS Hooks prefetch object), as JSON text or a value. Sites and symptoms it names are open
   * lists (maybe others), facts it does not give are not answered; the lists given beside it close
   * theirs. The result then has `record`.
   */
  fhir?: Json;
}

/** Why an option is shown: one rule that holds for the answers. */
export interface Reason {
  /** The id of the catalog rule that gives this reason. */
  rule: string;
  /** The reason, in words for readers. */
  text: string;
  /**
   * `filter({fhir})` only: where the answers this reason rests on came from in the record, in
   * words for readers ("From the health record: ..."); left out when it rests on none of them.
   */
  from_record?: string;
}
/** An option shown for the answers. */
export interface RelevantOption {
  /** The strategy's id. */
  id: string;
  /** The strategy's name. */
  name: string;
  /** The sum of the weights of the rules that show it; options come highest first. */
  score: number;
  /** Every rule that shows it, in catalog order. */
  reasons: Reason[];
}
/** A fact the catalog declares, as its rules may read it. */
export interface Fact {
  /** The fact's id: the key in `Circumstances.facts`. */
  id: string;
  /** The type an answer must have. */
  type: 'boolean' | 'number' | 'string' | 'string-list';
  /** The question, in words for readers. */
  label: string;
  /** More about the question. */
  description: string;
  /** The answers allowed, for a string fact that lists them. */
  values?: string[];
}
/** A rule's part in why an option is not shown, or in what an undecided option depends on. */
export interface RuleOutcome {
  /** The rule's id. */
  rule: string;
  /** Whether the rule shows or hides the option. */
  effect: 'show' | 'hide';
  /** Whether the rule holds for the answers; absent for a rule that depends on what was not answered. */
  matched?: boolean;
  /** The rule's description: when it shows or hides the option, in words for readers. */
  text: string;
}
/** An option that may be shown, depending on declared facts nobody answered. */
export interface UndecidedOption {
  /** The strategy's id. */
  id: string;
  /** The strategy's name. */
  name: string;
  /** The facts not answered that decide whether it is shown. */
  facts: Fact[];
  /** The lists open or not answered that decide it (present when a list is), in the catalog's words. */
  lists?: { id: ListName; label: string }[];
  /** The rules whose answer depends on those facts and lists. */
  rules: RuleOutcome[];
}
/** An option not shown for the answers, with why not. */
export interface NotShownOption {
  /** The strategy's id. */
  id: string;
  /** The strategy's name. */
  name: string;
  /** Why not, in one sentence for readers. */
  explanation: string;
  /** The rules that could have shown it and did not hold, or the rule that hid it. */
  rules: RuleOutcome[];
}
/** The document of the C ABI's `carecompare_filter`, parsed. */
export interface FilterResult {
  /** What the catalog says about itself: id, title, version, last_reviewed, and its decision-aid keys when it has them. */
  catalog: { id: string; title: string; version: string; last_reviewed: string } & { [key: string]: Json };
  /** The answers as the core read them, every key present. */
  circumstances: Required<Omit<Circumstances, "fhir">>;
  /** The options shown, highest score first, then in catalog order. */
  relevant: RelevantOption[];
  /** Present when some option depends on a declared fact nobody answered. */
  undecided?: UndecidedOption[];
  /** The ids of the declared facts not answered (present with `undecided`). */
  not_answered?: string[];
  /** Every other option, with why it is not shown. */
  not_shown: NotShownOption[];
  /** Every source of the catalog, as it lists them: what the texts above cite. */
  sources: Json[];
  /** The catalog's disclaimer: show it with the result. */
  disclaimer: string;
  /** For `filter({fhir})`: what the record gave and where (see `Catalog.readFhir()`). */
  record?: FhirReading;
}

/** A coding of a resource: the code system's URI, the code and the record's display. */
export interface FhirCoding {
  /** The code system's absolute URI, e.g. "http://snomed.info/sct". */
  system: string;
  /** The code, e.g. "94222008". */
  code: string;
  /** The display the record gives, when it gives one. */
  display?: string;
}
/** A resource that gave an answer or was set aside. */
export interface FhirSource {
  /** "Condition" or "Observation". */
  resource_type: string;
  /** The resource's id, "" when it has none. */
  id: string;
  /** JSON Pointer of the resource in the record, e.g. "/entry/0/resource". */
  pointer: string;
  /** The coding of its code that names the catalog's entry or fact. */
  coding: FhirCoding;
  /** Its date as written, when it has one. */
  date?: string;
}
/** One answer of a record: a vocabulary id (and a fact's value), with the resources behind it. */
export interface FhirAnswer {
  /** The vocabulary id or fact id. */
  id: string;
  /** A fact's value (facts only). */
  value?: Json;
  /** The resources that give it, in record order. */
  sources: FhirSource[];
}
/** What a health record says in a catalog's words (the C ABI's `carecompare_fhir_read`). */
export interface FhirReading {
  /** The sites the record names, in the catalog's order. */
  sites: FhirAnswer[];
  /** The symptoms the record names. */
  symptoms: FhirAnswer[];
  /** The goals the record names (only with a catalog that codes its goals). */
  goals: FhirAnswer[];
  /** The declared facts the record gives, with their values. */
  facts: FhirAnswer[];
  /** Resources that name a catalog entry but do not count, and why ("verification-status"...). */
  set_aside: { list: string; id: string; reason: string; status: string; source: FhirSource }[];
  /** Codes the catalog does not know, counted by (system, code), most used first. */
  unknown_codes: { system: string; code: string; display?: string; count: number }[];
  /** What is wrong in the record, each with the JSON Pointer of its spot. */
  problems: { id: number; pointer: string; message: string }[];
  /** How many problems were found beyond those listed. */
  problems_omitted: number;
  /** How many resources the record holds. */
  resources: number;
  /** "From the health record: ...", in the catalog's words; "" when the record gave nothing. */
  summary: string;
}

/** What `Catalog.readFragment()` reads from a URL fragment. */
export interface FragmentReading {
  /** The answers the catalog can use: `filter()` takes them. */
  circumstances: Circumstances;
  /** What was left out, in the fragment's order, each at the JSON Pointer it would have in `circumstances`. */
  left_out: { id: number; pointer: string; message: string }[];
}

/** How `Catalog.table()` renders; every key is optional. */
export interface TableOptions {
  /** The output format; default "markdown". */
  format?: 'markdown' | 'md' | 'html' | 'text' | 'txt' | 'csv' | 'json';
  /** Strategy fields, or "field=Label"; default: the catalog's columns. */
  columns?: string[];
  /** Only these strategy ids. */
  only?: string[];
  /** html: a whole page instead of a fragment. */
  fullPage?: boolean;
  /** text: the line width, at least 20; default 100. */
  width?: number;
  /** A table of the options relevant to these answers, in rank order, with a "Why shown" column. */
  circumstances?: Circumstances;
  /** With circumstances: list the other options too. */
  includeNotShown?: boolean;
}

/** One problem `Catalog.check()` finds, as `carecompare validate` prints it. */
export interface CheckProblem {
  /** The documented error id, e.g. 210 for an unknown id, 241 for an option never shown. */
  id: number;
  /** "error": the catalog does not load; "warning": it loads (an error with `--strict`). */
  level: 'error' | 'warning';
  /** The JSON Pointer of the spot ("" for the whole document or a syntax error). */
  pointer: string;
  /** What is wrong, without prefix or pointer. */
  message: string;
  /** A close valid name ("did you mean"), or "". */
  suggestion: string;
  /** 1-based line of a syntax error, else 0. */
  line: number;
  /** 1-based column of a syntax error, else 0. */
  column: number;
}
/** How hard a text is to read (the Flesch-Kincaid grade). */
export interface TextReadability {
  /** Sentences: a full stop, "!" or "?" after a word ends one. */
  sentences: number;
  /** Words. */
  words: number;
  /** Syllables, by the classic vowel-group count. */
  syllables: number;
  /** Words of three syllables or more (SMOG counts them). */
  polysyllables: number;
  /** The Flesch-Kincaid grade level. */
  grade: number;
}
/** The readability of a catalog's reader-facing texts (carecompare_catalog_readability). */
export interface ReadabilityReport {
  /** Each reader-facing text, at its JSON Pointer; a quoted text is counted but not graded. */
  texts: (TextReadability & { pointer: string; quoted: boolean })[];
  /** The Flesch-Kincaid grade over the texts not quoted. */
  grade: number;
  /** The SMOG grade over the same texts. */
  smog: number;
  /** The Flesch reading ease (0-100, higher is easier). */
  reading_ease: number;
  /** How many texts are quoted. */
  quoted: number;
  /** Warning 245 for each text above the grade asked for. */
  warnings: { id: number; pointer: string; message: string }[];
}
/** What `Catalog.check()` finds (carecompare_catalog_check). */
export interface CheckResult {
  /** Whether `carecompare validate` with the same options accepts it. */
  valid: boolean;
  /** How many strategies, when the catalog loads; else null. */
  strategies: number | null;
  /** How many rules, when the catalog loads; else null. */
  rules: number | null;
  /** The errors and warnings, in document order. */
  problems: CheckProblem[];
  /** Problems found beyond those listed (at most 1000 are). */
  omitted: number;
  /** With `readability: true`: the grades (of what could be read of a catalog that does not load). */
  readability: ReadabilityReport | null;
}

/** A strategy of the catalog, as the catalog's JSON has it. */
export type Strategy = { id: string; name: string; purpose: string; use_cases: string[] } & { [key: string]: Json };

/**
 * A loaded, validated, immutable catalog: a handle on the core's catalog. Free it with
 * `dispose()` (or `using`); a `FinalizationRegistry` frees a forgotten one when it is collected.
 */
export class Catalog {
  private constructor();
  /**
   * The builtin catalog (metastatic breast cancer), embedded in the library: reads nothing.
   * @returns a new handle; dispose of it when done.
   */
  static builtin(): Catalog;
  /**
   * Loads and validates a catalog. Strict: unknown keys, wrong types, duplicate ids and rules
   * naming unknown strategies are errors, each with its JSON Pointer.
   * @param source JSON text, its UTF-8 bytes, or the document as plain values.
   * @returns a new handle; dispose of it when done.
   * @throws {CatalogError} for a document that is not a valid catalog (or not JSON).
   * @throws {TypeError} for a source that is none of the three.
   */
  static fromJSON(source: string | Uint8Array | { [key: string]: Json }): Catalog;
  /**
   * What `carecompare validate` finds in a catalog, whether it loads or not.
   * @param source JSON text, its UTF-8 bytes, or the document as plain values.
   * @param options `strict`: warnings are errors; `readability`: grade the texts (above `maxGrade` warns).
   * @returns the verdict and every problem with its pointer; never throws for a bad catalog.
   */
  static check(source: string | Uint8Array | { [key: string]: Json },
    options?: { strict?: boolean; readability?: boolean; maxGrade?: number }): CheckResult;
  /** The JSON Schema (draft 2020-12) of the catalog format. */
  static schema(): { [key: string]: Json };
  /**
   * The overlay translators fill in for a language.
   * @param locale a BCP 47 tag.
   * @throws {CatalogError} at "/locale" for a bad tag.
   */
  translationTemplate(locale: string): string;
  /** Frees the handle now; using the catalog afterwards throws a `TypeError`. Twice is harmless. */
  dispose(): void;
  /** The same as `dispose()`, for `using catalog = ...`. */
  [Symbol.dispose](): void;
  /** True once `dispose()` was called. */
  readonly disposed: boolean;
  /** The catalog's id. */
  readonly id: string;
  /** The catalog's title. */
  readonly title: string;
  /** The condition it is about. */
  readonly condition: string;
  /** Its language, a BCP 47 tag. */
  readonly locale: string;
  /** Its version (a semantic version: the catalog's, not the library's). */
  readonly version: string;
  /** When it was published (YYYY-MM-DD). */
  readonly published: string;
  /** When it was last reviewed (YYYY-MM-DD). */
  readonly lastReviewed: string;
  /** Its disclaimer: show it with everything taken from the catalog. */
  readonly disclaimer: string;
  /** The sources it cites. */
  readonly sources: Json[];
  /** The ids and labels readers choose from. */
  readonly vocabulary: { sites: { id: string; label: string }[]; symptoms: { id: string; label: string }[]; goals: { id: string; label: string }[] };
  /** The facts its rules read ([] when none). */
  readonly facts: Fact[];
  /** The default columns of its tables. */
  readonly columns: { field: string; label: string }[];
  /** Its strategies, in catalog order. */
  readonly strategies: Strategy[];
  /** Its rules, in catalog order. */
  readonly rules: ({ id: string; reason: string } & { [key: string]: Json })[];
  /**
   * Every label (the fixed words around the catalog's texts): the catalog's, else the English
   * default; placeholders such as `{score}` unfilled.
   */
  readonly labels: Readonly<{ [key: string]: string }>;
  /**
   * The strategy with this id.
   * @param id a strategy id.
   * @throws {RangeError} when the catalog has no such strategy.
   */
  strategy(id: string): Strategy;
  /** The catalog's document as plain values (a fresh copy each call). */
  toJSON(): { [key: string]: Json };
  /**
   * The catalog as JSON text; loading it again gives an equal catalog.
   * @param indent spaces per level (at most 16); compact when negative, the default.
   */
  toJSONText(indent?: number): string;
  /**
   * Which options are relevant to the answers, ranked, with reasons; which depend on facts not
   * answered; and for the others why not.
   * @param circumstances the answers; none means nothing stated.
   * @throws {CircumstancesError} for an id outside the vocabulary, a fact of the wrong type or an undeclared one.
   * @throws {TypeError} for a key `Circumstances` does not have, or a catalog disposed of.
   */
  filter(circumstances?: Circumstances): FilterResult;
  /**
   * Reads a health record in this catalog's words, without filtering.
   * @param record FHIR R4 JSON text or value: a Bundle, a resource, an array or a CDS Hooks prefetch.
   * @throws {RecordError} for a record that is not JSON, too large or deep, or not FHIR.
   */
  readFhir(record: Json): FhirReading;
  /**
   * The catalog as a FHIR R4 PlanDefinition: one action per option, whose applicability condition
   * is FHIRPath over a health record as one Bundle (true where `filter({fhir})` shows the option,
   * false where it does not, empty where it is undecided).
   * @param options `baseUrl` makes its url (`<baseUrl>/PlanDefinition/<id>`; default: the
   *   catalog's `url`); `untranslatable`: 'fail' (default) or 'keep' a rule FHIRPath cannot say.
   * @throws {LogicError} id 505 at the rule's node for a rule FHIRPath cannot say ('fail').
   * @throws {RenderError} (604) for a baseUrl that is not an absolute URI.
   */
  toPlanDefinition(options?: { baseUrl?: string; untranslatable?: 'fail' | 'keep' }): { [key: string]: Json };
  /**
   * The answers as a URL fragment, without "#": `sites=bone,liver&symptoms=pain&open=symptoms&facts.pain_score=3`,
   * the core's spelling (what a link to the `<care-compare>` element carries). readFragment() reads it back.
   * @param circumstances the answers, as filter() takes them (without `fhir`).
   * @throws {CircumstancesError} for answers filter() refuses.
   */
  toFragment(circumstances?: Circumstances): string;
  /**
   * Reads a URL fragment (without "#"): the answers this catalog can use, and what was left out
   * (an unknown key, id or fact, a value of the wrong type, text that is not percent-encoded UTF-8).
   * Never throws for any text.
   * @param fragment the fragment, percent-encoded.
   */
  readFragment(fragment: string): FragmentReading;
  /**
   * A comparison table, rendered by the core, with the catalog's disclaimer, sources and dates.
   * @param options what to render; none is the catalog's Markdown table.
   * @throws {RenderError} for an unknown format, column field or strategy id, or a width too small.
   * @throws {CircumstancesError} for `options.circumstances` that do not fit the catalog.
   * @throws {TypeError} for a key `TableOptions` does not have, or a catalog disposed of.
   */
  table(options?: TableOptions): string;
}

/** JsonLogic, as json-logic-js 2.x evaluates it, by the core. */
export const logic: {
  /**
   * Applies a JsonLogic rule to data, as `jsonLogic.apply(rule, data)` of json-logic-js 2.x does.
   * @param rule the rule.
   * @param data the data its `var`s read; none is null.
   * @param options `passes`: the rewrites made to the rule before it runs, each giving the same
   *   results faster: "all" (the default), "none" (the rule as written, e.g. to rule one out when
   *   a result looks wrong), or names separated by commas ("constant_fold,text_set").
   * @returns the result (`undefined`, NaN and Infinity come back as null).
   * @throws {LogicError} for an unknown operator, bad arguments, a rule nested too deep.
   * @throws {RangeError} for a `passes` text that names no passes (the message lists the names).
   * @throws {TypeError} for another option, or `passes` not a string.
   */
  apply(rule: Json, data?: Json, options?: { passes?: string }): Json;
  /**
   * JsonLogic's truthiness: `[]` is falsy, `"0"` truthy.
   * @param value any JSON value.
   */
  truthy(value: Json): boolean;
};

/** The library's version, e.g. "0.2.0": the same as the package's and the C library's. */
export const version: string;
/** The keys of the lists circumstances state, in the core's order: ["sites", "symptoms", "goals"]. */
export const circumstancesLists: readonly string[];
/**
 * Whether a URL fragment (without "#") holds answers (Catalog.readFragment()) rather than an
 * anchor's id, as the core tells them apart.
 * @param fragment the fragment.
 */
export function isAnswersFragment(fragment: string): boolean;
/**
 * Whether text in a language runs right to left, as HTML's `dir` says it ("ar", "he", "fa",
 * "ur", "pa-Arab"...), as the core decides it.
 * @param tag a BCP 47 language tag; "" is left to right.
 */
export function isRightToLeft(tag: string): boolean;
/** How many catalogs are alive (not disposed of, not yet collected): for leak tests. */
export function liveCatalogs(): number;
/** How hard a text is to read, measured as a catalog's texts are. */
export function readability(text: string): TextReadability;

/** Everything above, as one object (the package's default export). */
declare const api: {
  /** See {@link Catalog}. */
  Catalog: typeof Catalog;
  /** See {@link CareCompareError}. */
  CareCompareError: typeof CareCompareError;
  /** See {@link CatalogError}. */
  CatalogError: typeof CatalogError;
  /** See {@link CircumstancesError}. */
  CircumstancesError: typeof CircumstancesError;
  /** See {@link LogicError}. */
  LogicError: typeof LogicError;
  /** See {@link RenderError}. */
  RenderError: typeof RenderError;
  /** See {@link ParseError}. */
  ParseError: typeof ParseError;
  /** See {@link RecordError}. */
  RecordError: typeof RecordError;
  /** See {@link logic}. */
  logic: typeof logic;
  /** See {@link version}. */
  version: string;
  /** See {@link circumstancesLists}. */
  circumstancesLists: readonly string[];
  /** See {@link isAnswersFragment}. */
  isAnswersFragment: typeof isAnswersFragment;
  /** See {@link isRightToLeft}. */
  isRightToLeft: typeof isRightToLeft;
  /** See {@link readability}. */
  readability: typeof readability;
  /** See {@link liveCatalogs}. */
  liveCatalogs: typeof liveCatalogs;
};
export default api;
