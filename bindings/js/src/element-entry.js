// SPDX-License-Identifier: MIT
// `import 'carecompare/element'` registers <care-compare> over the browser build of the core.
import api from './browser.js';
import { defineCareCompare, STRINGS, checkStrings, answersFragment } from './element.js';

export const CareCompareElement = defineCareCompare(api);
// The fragment's spelling over the core's lists (api.circumstancesLists).
export const { fragmentOf, readFragment, isAnswersFragment } = answersFragment(api.circumstancesLists);
export { STRINGS, checkStrings };
export * from './browser.js';
