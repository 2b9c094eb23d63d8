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
  type: 'boolean' | 'number' | 'string' | 'string_list';
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

/** A loaded, validated, immutable catalog: a handle on the core's catalog. */
export class Catalog {
  private constructor();
  /** The builtin catalog (metastatic breast cancer), embedded in the library. */
  static builtin(): Catalog;
  /** Loads and validates a catalog: JSON text, its UTF-8 bytes, or plain values. */
  static fromJSON(source: string | Uint8Array | { [key: string]: Json }): Catalog;
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
/** The keys of the lists circumstances state, in the core's order: ["sites", "symptoms", "goals"]. */
export const circumstancesLists: readonly string[];
/** Whether text in a BCP 47 language runs right to left ("ar", "he", "fa", "ur", "pa-Arab"...), as HTML `dir` says. */
export function isRightToLeft(tag: string): boolean;
/** How many catalogs are alive (not disposed of, not collected). */
export function liveCatalogs(): number;

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
  circumstancesLists: readonly string[];
  isRightToLeft: typeof isRightToLeft;
  liveCatalogs: typeof liveCatalogs;
};
export default api;
