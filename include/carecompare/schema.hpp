// SPDX-License-Identifier: MIT
/**
 * @file schema.hpp
 * The JSON Schema (draft 2020-12) of the catalog format `carecompare.catalog/1`, made from the
 * model (model.hpp) by walking the members Boost.Describe lists: a field added to the model is
 * in the schema with no other change.
 *
 * Editors use it to complete keys and mark mistakes while a catalog is typed (a catalog may name
 * it with a `"$schema"` key); `carecompare schema` prints it, and it is installed as
 * `share/carecompare/catalog.schema.json`. Enums come from the described enums; ids, fact ids,
 * dates, versions, locales and texts carry the patterns of the checks the loader makes. The
 * schema checks the structure; the loader checks more (references between ids, duplicate ids,
 * that a date exists, the rules' JsonLogic, limits): a catalog the loader accepts passes the
 * schema, and a catalog the schema refuses the loader refuses too.
 * ```
 * std::cout << carecompare::catalog_schema().dump(2) << '\n';
 * ```
 */
#ifndef CARECOMPARE_SCHEMA_HPP
#define CARECOMPARE_SCHEMA_HPP

#include <nlohmann/json.hpp>

#include "config.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/**
 * The JSON Schema of the catalog format.
 * @return the schema (draft 2020-12) of `carecompare.catalog/1`, with a title and a description
 *         for every key; made on each call, equal each time.
 * @threadsafety Safe from any number of threads at once.
 */
[[nodiscard]] CARECOMPARE_CXX_API nlohmann::json catalog_schema();

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SCHEMA_HPP
