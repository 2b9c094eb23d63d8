// SPDX-License-Identifier: MIT
// `import 'carecompare/element'` registers <care-compare> over the browser build of the core.
import api from './browser.js';
import { defineCareCompare, STRINGS, checkStrings } from './element.js';

export const CareCompareElement = defineCareCompare(api);
export { STRINGS, checkStrings };
export * from './browser.js';
