// SPDX-License-Identifier: MIT
// The package's entry under node: the core built for node (CommonJS, wasm inline), loaded with
// require() since emscripten 3.1.6's ES module output calls require() itself and fails as .mjs.
import { createRequire } from 'node:module';
import { createApi } from './api.js';

const require = createRequire(import.meta.url);
const createCore = require('../dist/carecompare-node.cjs');
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
