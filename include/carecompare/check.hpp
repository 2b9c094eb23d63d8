// SPDX-License-Identifier: MIT
/**
 * @file check.hpp
 * Typed facts and the load-time rule checker: a typo in a catalog rule is an error, not a rule
 * that silently never fires.
 *
 * JsonLogic forgives everything: `{"in":["bone",{"var":"site"}]}` (the field is `sites`) and
 * `{"in":["bones",{"var":"sites"}]}` (the id is `bone`) load and never match. When a catalog
 * loads, every compiled rule is walked once, node by node, with the types of the rule data
 * object (`sites`, `symptoms`, `goals`: lists of vocabulary ids; `site_count`: a number from 0
 * to the number of sites; each declared fact with its declared type). Found problems are
 * `catalog_error` diagnostics with the JSON Pointer of the offending node and, when a valid name
 * is close, a "did you mean" suggestion:
 *
 * ```
 * try {
 *   auto cat = carecompare::catalog::from_file("my.json");
 *   for (const auto& w : cat.warnings()) std::cerr << "warning: " << w.to_string() << '\n';
 * } catch (const carecompare::catalog_error& e) {
 *   // /rules/4/when/in/1: "site" names nothing in the rule data object, ... (did you mean "sites"?)
 *   for (const auto& p : e.problems()) std::cerr << p.to_string() << '\n';
 * }
 * ```
 *
 * ## Errors (catalog_error)
 * - 230 `catalog_unknown_var`: a `var` (or a `missing`/`missing_some` name) with a constant path
 *   that names nothing: not `sites`, `symptoms`, `goals`, `site_count` or a declared fact; inside
 *   the scoped argument of `map`/`filter`/`all`/`none`/`some` anything but the current element
 *   (`""`, or a path inside it where its type allows); inside `reduce`'s anything but `current`
 *   and `accumulator`. After a list only an index (`sites.0`) or `length` may follow; after a
 *   string (a string fact, a site id) only a character index or `length`; nothing after a number
 *   or a boolean.
 * - 231 `catalog_unknown_value`: a string compared with a site, symptom or goal, or with a string
 *   fact that declares `values`, that is not one of them: through `in` with the list as haystack,
 *   `==`/`===`/`!=`/`!==` against an element (inside `some`/`all`/`none`/`filter`/`map`, or
 *   `sites.0`), `in` of an element against a list of strings.
 * - 232 `catalog_type_mismatch`: a comparison (`==`, `===`, `!=`, `!==`, `<`, `<=`, `>`, `>=`)
 *   between operands of different known types (number, string, boolean, list, object), e.g.
 *   `site_count` with `"two"`, `sites` with `"bone"` (use `in`), a boolean fact with `"yes"`;
 *   null is comparable with anything. Also `in` looking in something that is neither a list nor a
 *   string, `in` looking for a list or for a value of the wrong type in a typed list, and
 *   `map`/`filter`/`reduce`/`all`/`none`/`some` over something that is not a list.
 * - 233 `catalog_list_arithmetic`: `+ - * / % min max` on a list (or an object).
 *
 * ## Warnings (catalog::warnings(); errors with `load_options::strict`)
 * - 240 `catalog_rule_never_fires`: the rule's `when` is falsy for every circumstances, once
 *   constants are folded (`false`, `{"==":[1,2]}`, `{"and":[..., false]}`, `[]`) or because a
 *   count can never reach a number (`{">":[{"var":"site_count"},4]}` with 4 sites).
 * - 241 `catalog_strategy_never_shown`: no rule shows the strategy, every rule that shows it can
 *   never fire, or a rule that always fires hides it.
 *
 * ## Deliberately not checked
 * - A `var` whose path is computed (`{"var":{"cat":["si","tes"]}}`) cannot be known before the
 *   rule runs: it is accepted, and its value has no known type.
 * - `in` with a string haystack is a substring test: its needle is not checked against `values`.
 * - `reduce`'s accumulator has no known type.
 * - Number facts have no known range; a fact that circumstances leave out is null (and `<`
 *   reads null as 0), so comparisons with number facts are never reported as unreachable.
 *
 * The checker is a separate pass at load time, linear in the size of the rules (suggestions are
 * computed only for names that are wrong); `logic::apply` and `catalog::filter` are unchanged,
 * and JsonLogic outside catalogs (`logic::apply`, `carecompare logic`) stays untyped. It is not
 * an API of its own: this header documents it and includes catalog.hpp, which runs it.
 *
 * ## Facts in circumstances
 * `catalog::filter()` checks each stated fact against its declaration: `boolean` takes
 * true/false, `number` any JSON number, `string` a string, `string-list` an array of strings;
 * `values` restricts string and string-list values. null is the same as leaving the fact out.
 */
#ifndef CARECOMPARE_CHECK_HPP
#define CARECOMPARE_CHECK_HPP

#include "catalog.hpp"
#include "error.hpp"

#endif  // CARECOMPARE_CHECK_HPP
