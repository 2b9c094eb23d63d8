// SPDX-License-Identifier: MIT
// The package's entry in browsers (and bundlers): the core built for the web (ES module, wasm
// inline, no fetch of a separate file).
import createCore from '../dist/carecompare-core.mjs';
import { createApi } from './api.js';

const api = createApi(await createCore());

export const {
  Catalog,
  CareCompareError,
  CatalogError,
  CircumstancesError,
  LogicError,
  RenderError,
  ParseError,
  RecordError,
  logic,
  version,
  circumstancesLists,
  isAnswersFragment,
  isRightToLeft,
  readability,
  liveCatalogs,
} = api;
export default api;
