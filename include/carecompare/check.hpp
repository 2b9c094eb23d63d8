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
 * ## Checking a catalog being written
 * check_catalog() says what loading a catalog's text finds, whether it loads or not, as one
 * report: what `carecompare validate` prints, carecompare_catalog_check() returns (its JSON,
 * encode()) and Python's `Catalog.check()` returns (the same document, as dicts).
 * ```
 * carecompare::check_options options;
 * options.readability = carecompare::readability_options{};  // also grade the texts readers see
 * const auto report = carecompare::check_catalog(text, options);
 * for (const auto& p : report.problems) std::cerr << to_string(p.level) << ' ' << p.to_string() << '\n';
 * ```
 *
 * ## Facts in circumstances
 * `catalog::filter()` checks each stated fact against its declaration: `boolean` takes
 * true/false, `number` any JSON number, `string` a string, `string-list` an array of strings;
 * `values` restricts string and string-list values. null is the same as leaving the fact out.
 */
#ifndef CARECOMPARE_CHECK_HPP
#define CARECOMPARE_CHECK_HPP

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "catalog.hpp"
#include "config.hpp"
#include "error.hpp"
#include "readability.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/// What check_catalog() looks for (the flags of carecompare_catalog_check()).
struct check_options {
  /// Warnings count against check_report::valid, as with `carecompare validate --strict`.
  bool strict = false;
  /// When set, the texts readers see are graded (check_report::readability), with a warning 245
  /// at each text above its max_grade, as with `carecompare validate --readability`.
  std::optional<readability_options> readability;
};

/**
 * One problem of a check_report: a diagnostic with all it says. Its JSON form (encode()) has
 * the id, pointer and message of a diagnostic's, and its level (to_string(): "error" or
 * "warning"), line and column (1-based for a syntax error, else 0) and suggestion ("" for none).
 */
struct check_problem : diagnostic {};
BOOST_DESCRIBE_STRUCT(check_problem, (diagnostic), (level, suggestion, line, column))

/**
 * What check_catalog() finds in the text of a catalog. A catalog that does not load is an
 * answer here, not an error. Its JSON form (encode()) has every member, an empty optional as
 * null: `{"valid", "strategies", "rules", "problems", "omitted", "readability"}`.
 */
struct check_report {
  /// The catalog loads (with check_options::strict: and has no problem, warnings included).
  bool valid = false;
  std::optional<std::size_t> strategies;  ///< how many strategies, when the catalog loads
  std::optional<std::size_t> rules;       ///< how many rules, when the catalog loads
  /// Every problem, in document order: the errors that stop the catalog from loading, then its
  /// warnings (those loading it strictly adds, for a catalog with errors), then the readability
  /// warnings (245). At most limits::max_problems errors; `omitted` counts the rest.
  std::vector<check_problem> problems;
  std::size_t omitted = 0;  ///< errors past limits::max_problems, not listed
  /// With check_options::readability: the texts' grades, of the catalog or, when it does not
  /// load, of as much of it as the decoder reads (none for a text that is not JSON).
  std::optional<readability_report> readability;
};
BOOST_DESCRIBE_STRUCT(check_report, (), (valid, strategies, rules, problems, omitted, readability))

/**
 * Loads the text of a catalog being written and says what it finds, as `carecompare validate
 * [--strict] [--readability]` does: the same problems (with their level), and whether it
 * would exit 0 (`valid`).
 * @param json_text the catalog's JSON text (any bytes: a syntax error is a problem).
 * @param options   strict, and whether (and against what grade) to grade the texts.
 * @return the report.
 * @throws std::invalid_argument when options.readability's max_grade is not a number.
 * @threadsafety Safe from any number of threads at once.
 */
[[nodiscard]] CARECOMPARE_CXX_API check_report check_catalog(std::string_view json_text,
                                                             const check_options& options = {});

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_CHECK_HPP
