// SPDX-License-Identifier: MIT
// `import 'carecompare/element'` registers <care-compare>.
import type { Catalog, FilterResult, Circumstances } from './index.js';
export * from './index.js';

/** The words the element shows (functions for the ones with numbers in them), and `lang`, their
 *  language (BCP 47, default "en"): the catalog's texts keep the catalog's language and direction. */
export const STRINGS: Readonly<{ [key: string]: string | ((...args: any[]) => string) }>;

export class CareCompareElement extends HTMLElement {
  /** The catalog shown; set one to show it. */
  catalog: Catalog | null;
  /** Replace some of the words shown. */
  strings: typeof STRINGS;
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
