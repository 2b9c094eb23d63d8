// SPDX-License-Identifier: MIT
// Types of the npm package `carecompare` (src/node.js under node, src/browser.js elsewhere).

/** A JSON value, as JSON.parse returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Base of carecompare's errors: `id` is the documented error id, `path` a JSON Pointer. */
export class CareCompareError extends Error {
  /** The documented carecompare error id (e.g. 301 for an unknown site), or 0. */
  readonly id: number;
  /** The JSON Pointer of the problem's spot, e.g. "/sites/0"; "" when none applies. */
  readonly path: string;
  /** The C ABI's status code (negative), or 0 for an error found before calling the core. */
  readonly code: number;
  /** The error's family: "catalog", "circumstances", "logic", "render" or "parse". */
  readonly kind: string;
}
/** A catalog that does not load; `path` is the first problem's, the message lists them all. */
export class CatalogError extends CareCompareError {}
/** Answers that do not fit the catalog (an unknown site, a wrong type). */
export class CircumstancesError extends CareCompareError {}
/** A JsonLogic rule that does not compile, or an evaluation json-logic-js throws on. */
export class LogicError extends CareCompareError {}
/** Invalid table options: an unknown column field, strategy id or format, a width too small. */
export class RenderError extends CareCompareError {}
/** Malformed JSON text. */
export class ParseError extends CareCompareError {}

/** What the reader has told: ids from the catalog's vocabulary, and declared facts. */
export interface Circumstances {
  sites?: string[];
  symptoms?: string[];
  goals?: string[];
  facts?: { [id: string]: Json };
}

export interface Reason {
  /** The id of the catalog entry that gives this reason. */
  rule: string;
  /** The reason, in words for readers. */
  text: string;
}
export interface RelevantOption {
  id: string;
  name: string;
  score: number;
  reasons: Reason[];
}
export interface Fact {
  id: string;
  type: 'boolean' | 'number' | 'string' | 'string-list';
  label: string;
  description: string;
  values?: string[];
}
export interface RuleOutcome {
  rule: string;
  effect: 'show' | 'hide';
  /** Absent for an outcome that depends on what was not answered. */
  matched?: boolean;
  text: string;
}
export interface UndecidedOption {
  id: string;
  name: string;
  /** The facts not answered that decide whether it is shown. */
  facts: Fact[];
  rules: RuleOutcome[];
}
export interface NotShownOption {
  id: string;
  name: string;
  explanation: string;
  rules: RuleOutcome[];
}
/** The document of the C ABI's carecompare_filter, parsed. */
export interface FilterResult {
  catalog: { id: string; title: string; version: string; last_reviewed: string };
  circumstances: Required<Circumstances>;
  relevant: RelevantOption[];
  /** Present when some option depends on a declared fact nobody answered. */
  undecided?: UndecidedOption[];
  /** The ids of the declared facts not answered (present with `undecided`). */
  not_answered?: string[];
  not_shown: NotShownOption[];
  disclaimer: string;
}

export interface TableOptions {
  format?: 'markdown' | 'md' | 'html' | 'text' | 'txt' | 'csv' | 'json';
  /** Strategy fields, or "field=Label"; default: the catalog's columns. */
  columns?: string[];
  /** Only these strategy ids. */
  only?: string[];
  /** html: a whole page instead of a fragment. */
  fullPage?: boolean;
  /** text: the line width, at least 20. */
  width?: number;
  /** A table of the options relevant to these answers, in rank order. */
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
  /** 1-based line and column of a syntax error, else 0. */
  line: number;
  column: number;
}
/** How hard a text is to read (the Flesch-Kincaid grade). */
export interface TextReadability {
  sentences: number;
  words: number;
  syllables: number;
  polysyllables: number;
  grade: number;
}
/** The readability of a catalog's reader-facing texts (carecompare_catalog_readability). */
export interface ReadabilityReport {
  texts: (TextReadability & { pointer: string; quoted: boolean })[];
  grade: number;
  smog: number;
  reading_ease: number;
  quoted: number;
  warnings: { id: number; pointer: string; message: string }[];
}
/** What `Catalog.check()` finds (carecompare_catalog_check). */
export interface CheckResult {
  /** Whether `carecompare validate` with the same options accepts it. */
  valid: boolean;
  /** Counts when the catalog loads, else null. */
  strategies: number | null;
  rules: number | null;
  problems: CheckProblem[];
  /** Problems found beyond those listed (at most 1000 are). */
  omitted: number;
  /** With `readability: true`: the grades (of what could be read of a catalog that does not load). */
  readability: ReadabilityReport | null;
}

/** A loaded, validated, immutable catalog: a handle on the core's catalog. */
export class Catalog {
  private constructor();
  /** The builtin catalog (metastatic breast cancer), embedded in the library. */
  static builtin(): Catalog;
  /** Loads and validates a catalog: JSON text, its UTF-8 bytes, or plain values. */
  static fromJSON(source: string | Uint8Array | { [key: string]: Json }): Catalog;
  /** What `carecompare validate` finds in a catalog, whether it loads or not (never throws for that). */
  static check(source: string | Uint8Array | { [key: string]: Json },
    options?: { strict?: boolean; readability?: boolean; maxGrade?: number }): CheckResult;
  /** The JSON Schema (draft 2020-12) of the catalog format. */
  static schema(): { [key: string]: Json };
  /** The overlay translators fill in for a BCP 47 tag (a CatalogError at "/locale" for a bad tag). */
  translationTemplate(locale: string): string;
  /** Frees the handle now; using the catalog afterwards throws. Twice is harmless. */
  dispose(): void;
  [Symbol.dispose](): void;
  readonly disposed: boolean;
  readonly id: string;
  readonly title: string;
  readonly condition: string;
  readonly locale: string;
  readonly version: string;
  readonly published: string;
  readonly lastReviewed: string;
  readonly disclaimer: string;
  readonly sources: Json[];
  readonly vocabulary: { sites: { id: string; label: string }[]; symptoms: { id: string; label: string }[]; goals: { id: string; label: string }[] };
  readonly facts: Fact[];
  readonly columns: { field: string; label: string }[];
  readonly strategies: ({ id: string; name: string; purpose: string; use_cases: string[] } & { [key: string]: Json })[];
  readonly rules: ({ id: string; reason: string } & { [key: string]: Json })[];
  /** Every label (the fixed words around the catalog's texts): the catalog's, else the English
   *  default; placeholders such as `{score}` unfilled. */
  readonly labels: Readonly<{ [key: string]: string }>;
  /** The strategy with this id (a RangeError when there is none). */
  strategy(id: string): { id: string; name: string; purpose: string; use_cases: string[] } & { [key: string]: Json };
  /** The catalog's document (a fresh copy). */
  toJSON(): { [key: string]: Json };
  /** The catalog as JSON text; `indent` spaces, compact when negative (the default). */
  toJSONText(indent?: number): string;
  /** Which options are relevant to the answers, ranked, with reasons, and why not the others. */
  filter(circumstances?: Circumstances): FilterResult;
  /** A comparison table, rendered by the core. */
  table(options?: TableOptions): string;
}

export const logic: {
  /** Applies a JsonLogic rule to data, as jsonLogic.apply of json-logic-js 2.x does. */
  apply(rule: Json, data?: Json): Json;
  /** JsonLogic's truthiness ([] is falsy, "0" truthy). */
  truthy(value: Json): boolean;
};

/** The library's version, e.g. "0.1.0". */
export const version: string;
/** Whether text in a BCP 47 language runs right to left ("ar", "he", "fa", "ur", "pa-Arab"...), as HTML `dir` says. */
export function isRightToLeft(tag: string): boolean;
/** How many catalogs are alive (not disposed of, not collected). */
export function liveCatalogs(): number;
/** How hard a text is to read, measured as a catalog's texts are. */
export function readability(text: string): TextReadability;

declare const api: {
  Catalog: typeof Catalog;
  CareCompareError: typeof CareCompareError;
  CatalogError: typeof CatalogError;
  CircumstancesError: typeof CircumstancesError;
  LogicError: typeof LogicError;
  RenderError: typeof RenderError;
  ParseError: typeof ParseError;
  logic: typeof logic;
  version: string;
  isRightToLeft: typeof isRightToLeft;
  readability: typeof readability;
  liveCatalogs: typeof liveCatalogs;
};
export default api;
