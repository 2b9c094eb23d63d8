// SPDX-License-Identifier: MIT
// `import 'carecompare/element'` registers <care-compare>.
import type { Catalog, FilterResult, Circumstances } from './index.js';
export * from './index.js';

/** Plural forms of a count's words: the categories of Intl.PluralRules, `other` required. */
export type PluralWords = { zero?: string; one?: string; two?: string; few?: string; many?: string; other: string };

/** The element's own words, and `lang`, their language (BCP 47, default "en"): the catalog's
 *  texts keep the catalog's language and direction, and the words about its topic are its
 *  labels. Words in braces are filled in ({count}, {relevant}, {undecided}, {notShown}). */
export const STRINGS: Readonly<{ [key: string]: string | Readonly<PluralWords> }>;

/** What cannot be used in a set of the element's words, each at its JSON Pointer (none: fine). */
export function checkStrings(words: unknown): { pointer: string; message: string }[];

export class CareCompareElement extends HTMLElement {
  /** The catalog shown; set one to show it. */
  catalog: Catalog | null;
  /** Replace some of the words shown (a TypeError says what cannot be used). */
  strings: Partial<typeof STRINGS>;
  /** Settled once the first results are shown. */
  readonly ready: Promise<void>;
  /** The reader's answers. */
  readonly answers: Circumstances | null;
  /** The latest result of catalog.filter(). */
  readonly result: FilterResult | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'care-compare': CareCompareElement;
  }
}
