// SPDX-License-Identifier: MIT
/**
 * @file logic/operators.hpp (private)
 * The JsonLogic engine's view of the one operator table, CARECOMPARE_LOGIC_OPERATORS (logic.hpp):
 * the operation codes of compiled nodes, and each operator's name, argument check, result kind
 * and typing, all generated from the table's rows. The evaluator generates its dispatch from the
 * same rows (the `implementation` column, evaluator.hpp); the catalog's rule checker dispatches on
 * the `typing` column (catalog/check.hpp).
 *
 * ## How to add an operator
 * 1. Add its row to CARECOMPARE_LOGIC_OPERATORS in include/carecompare/logic.hpp: the id (the
 *    `logic::op` enumerator), its JsonLogic name, and the kinds of its columns. An argument check,
 *    result kind or typing that no operator had before is a new enumerator of the enum of that
 *    column below, and a new entry in the table indexed by it (a table of the wrong size does not
 *    compile).
 * 2. Write its reference implementation, `evaluator::impl_<implementation>` in evaluator.hpp
 *    (unless its row names an existing one): the semantics, as json-logic-js 2.0.5 has them, on
 *    `value`s. Nothing else: the enum, the name lookup, the dispatch, `is_predicate()`, the
 *    checker's dispatch all follow from the row. Without the function, nothing compiles.
 * 3. Add conformance cases and tests; every fast path is checked against the reference
 *    (tests/logic_test.cpp, fuzz/logic_fuzzer.cpp), so a specialisation added later for the
 *    operator must give the same results.
 * 4. The FHIR PlanDefinition export writes each operator through the function of its `typing`
 *    in logic/fhirpath.hpp: a new operator of an existing typing is written as its family is
 *    (check that holds, or have the family refuse it: error 505); a new typing needs its entry
 *    there too (its table is indexed by typing), and the agreement test with fhirpath.js
 *    (tests/fhir/plan-definition.test.js) covers it through tests/fhir/operators.json.
 */
#ifndef CARECOMPARE_SRC_LOGIC_OPERATORS_HPP
#define CARECOMPARE_SRC_LOGIC_OPERATORS_HPP

#include <carecompare/config.hpp>
#include <carecompare/logic.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/// The `arguments` column: what compile() checks of an operator's arguments (see compiler).
enum class arguments : std::uint8_t {
  any,             ///< nothing
  one_or_more,     ///< at least one (json-logic-js reduces an empty array without initial value)
  count_and_keys,  ///< two, the second not null (missing_some reads the list's length)
  haystack,        ///< a literal object haystack has no `indexOf` member (json-logic-js calls it)
};
inline constexpr std::size_t arguments_count = 4;

/// The `result` column: what an operator evaluates to.
enum class result : std::uint8_t {
  value,              ///< anything
  boolean,            ///< true or false: its truthiness is its value
  number,             ///< a number (NaN and infinities included)
  list,               ///< an array
  text,               ///< a string
  operands,           ///< one of its operands (and, or): a boolean when every operand is one
  number_or_operand,  ///< a number, except that one argument is returned as it is (`*`)
};
inline constexpr std::size_t result_count = 7;

/// The `typing` column: how the catalog's rule checker types the operator (catalog/check.hpp).
enum class typing : std::uint8_t {
  var,         ///< reads data by path
  missing,     ///< names data by path, gives a list of names
  branches,    ///< if / ?:: the value of a branch
  comparison,  ///< compares operands of comparable types
  negation,    ///< a boolean from one operand's truthiness
  connective,  ///< and / or
  arithmetic,  ///< numbers from numbers
  list,        ///< goes through a list, its argument 1 scoped to each element
  merge,       ///< a list from lists and values
  in,          ///< looks for a value in a list or a string
  text,        ///< a string from values
  log,         ///< its argument, with an effect
};
inline constexpr std::size_t typing_count = 12;
// The tables indexed by typing (kleene_walk's and the FHIRPath writer's families, the rule
// checker's hooks) list their entries in this order: reorder them with the enum.
static_assert(static_cast<std::size_t>(typing::var) == 0 && static_cast<std::size_t>(typing::missing) == 1 &&
                  static_cast<std::size_t>(typing::branches) == 2 &&
                  static_cast<std::size_t>(typing::comparison) == 3 &&
                  static_cast<std::size_t>(typing::negation) == 4 &&
                  static_cast<std::size_t>(typing::connective) == 5 &&
                  static_cast<std::size_t>(typing::arithmetic) == 6 && static_cast<std::size_t>(typing::list) == 7 &&
                  static_cast<std::size_t>(typing::merge) == 8 && static_cast<std::size_t>(typing::in) == 9 &&
                  static_cast<std::size_t>(typing::text) == 10 && static_cast<std::size_t>(typing::log) == 11 &&
                  typing_count == 12,
              "the tables indexed by typing follow this order");

/**
 * The operation code of a compiled node: literals split by type, arrays with logic inside, `var`
 * with a constant path (`var_const`, split ahead of time), then every operator of the table, in
 * its order (`var` is a `var` whose path is computed).
 */
enum class code : std::uint8_t {
  lit_null,
  lit_bool,
  lit_number,
  lit_string,
  lit_object,  ///< an object that is not logic ({} or several keys): returned as it is
  lit_array,   ///< an array with no logic inside: a fresh array each evaluation
  array,       ///< an array with logic inside: its elements are evaluated
  var_const,   ///< `var` whose path is a literal, pre-split into `program::paths`
#define CARECOMPARE_LOGIC_CODE(id, ...) id,
  CARECOMPARE_LOGIC_OPERATORS(CARECOMPARE_LOGIC_CODE)
#undef CARECOMPARE_LOGIC_CODE
};

/// One operator, as the table's row gives it.
struct operator_row {
  logic::op op;
  std::string_view name;
  detail::arguments arguments;
  detail::result result;
  detail::typing typing;
};

/// Every operator, in the table's order (the order of `code` and `logic::op` after `var`).
inline constexpr operator_row operator_table[] = {
#define CARECOMPARE_LOGIC_ROW(id, name, args, res, typ, impl) \
  {logic::op::id, name, arguments::args, result::res, typing::typ},
    CARECOMPARE_LOGIC_OPERATORS(CARECOMPARE_LOGIC_ROW)
#undef CARECOMPARE_LOGIC_ROW
};
inline constexpr std::size_t operator_count = sizeof operator_table / sizeof operator_table[0];

inline constexpr bool is_literal(code c) noexcept { return c <= code::lit_array; }
/// Whether a node is an operator (`var_const` is `var`).
inline constexpr bool is_operator(code c) noexcept { return c >= code::var_const; }

/// The row of operator code `c` (is_operator(c)).
inline constexpr const operator_row& row_of(code c) noexcept {
  return operator_table[c == code::var_const ? 0 : static_cast<std::size_t>(c) - static_cast<std::size_t>(code::var)];
}

/// The public kind of a node's code.
inline constexpr logic::op public_op(code c) noexcept {
  if (is_literal(c)) return logic::op::literal;
  if (c == code::array) return logic::op::array;
  return row_of(c).op;
}

/// The code of operator `o` (an operator, not op::literal or op::array).
inline constexpr code code_of(logic::op o) noexcept {
  return static_cast<code>(static_cast<std::size_t>(o) - static_cast<std::size_t>(logic::op::var) +
                           static_cast<std::size_t>(code::var));
}

// The three enumerations follow the one table: same operators, same order.
static_assert(static_cast<std::size_t>(code::var) + operator_count - 1 == static_cast<std::size_t>(code::log));
static_assert(public_op(code::log) == logic::op::log && public_op(code::var_const) == logic::op::var &&
              public_op(code::missing) == logic::op::missing && code_of(logic::op::in) == code::in);
static_assert([] {
  for (std::size_t i = 0; i < operator_count; ++i) {
    if (static_cast<std::size_t>(operator_table[i].op) != static_cast<std::size_t>(logic::op::var) + i) return false;
  }
  return true;
}());

/// The operator named `name`, if there is one.
inline bool find_operator(std::string_view name, code& out) noexcept {
  for (std::size_t i = 0; i < operator_count; ++i) {
    if (operator_table[i].name == name) {
      out = static_cast<code>(static_cast<std::size_t>(code::var) + i);
      return true;
    }
  }
  return false;
}

inline constexpr detail::result result_of(code c) noexcept { return row_of(c).result; }
inline constexpr detail::typing typing_of(code c) noexcept { return row_of(c).typing; }
inline constexpr detail::typing typing_of(logic::op o) noexcept { return row_of(code_of(o)).typing; }

/// Comparison codes: the `comparison` typing (==, ===, !=, !==, <, <=, >, >=).
inline constexpr bool is_comparison(code c) noexcept { return is_operator(c) && typing_of(c) == typing::comparison; }
/// Equality codes (==, ===, !=, !==): comparisons that are not orders.
inline constexpr bool is_equality(code c) noexcept {
  return c == code::equal || c == code::strict_equal || c == code::not_equal || c == code::strict_not_equal;
}
/// Arithmetic codes (max min + - * / %).
inline constexpr bool is_arithmetic(code c) noexcept { return is_operator(c) && typing_of(c) == typing::arithmetic; }
/// Whether the operator's argument 1 is evaluated against each element of argument 0 (or against
/// {"current", "accumulator"} for reduce), not against the data.
inline constexpr bool is_scoped(code c) noexcept { return is_operator(c) && typing_of(c) == typing::list; }

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_OPERATORS_HPP
