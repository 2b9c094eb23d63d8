// SPDX-License-Identifier: MIT
/**
 * @file logic.hpp
 * JsonLogic (jsonlogic.com), the classic dialect, exactly as json-logic-js 2.0.5 evaluates it.
 *
 * A rule is compiled once into an immutable `rule`, then applied to any number of data objects,
 * from any number of threads. Applying a compiled rule allocates nothing on the common paths
 * (comparisons, arithmetic, `var`, `and`/`or`/`if`/`!`, `in`, `some`/`all`/`none`); `test()`
 * answers the truthiness of the result and allocates nothing for such rules at all.
 *
 * ```
 * namespace logic = carecompare::logic;
 * const logic::rule r = logic::compile(nlohmann::json::parse(
 *     R"({"and":[{"in":[{"var":"site"},["bone","brain"]]},{">=":[{"var":"pain_score"},4]}]})"));
 * bool match = logic::test(r, {{"site", "bone"}, {"pain_score", 6}});        // true
 * nlohmann::json v = logic::apply(nlohmann::json::parse(R"({"cat":["a",1.5]})"), nullptr);  //
 * "a1.5"
 * ```
 *
 * ## Semantics
 * Everything json-logic-js 2.0.5 does, including its JavaScript coercions: loose `==`, JS
 * relational order (strings by UTF-16 code units), `parseFloat` in `+` and `*`, JS number
 * printing in `cat`, `substr` on UTF-16 code units, `var` on string characters and `length`,
 * `[]` falsy and `"0"` truthy. Where it differs, on purpose:
 * - An unknown operator (also a dotted `"a.b"` method name) is a compile error (501), not an
 *   error thrown when the branch happens to run. So are rules json-logic-js always throws on once
 *   evaluated: `{"*":[]}`, `missing_some` without a key list (502).
 * - Inherited JS members (`toString`, `constructor`, `__proto__`, `map`...) are not data: `var`
 *   sees only own members, plus `length` and indexes of arrays and strings.
 * - JS `undefined` (e.g. `{"and":[]}`, `{"log":[]}`) comes back as `null`; NaN and Infinity as
 *   `null` (what JSON.stringify writes). A number result is a JS number: integral values within
 *   +-2^53 are JSON integers (`3`, not `3.0`, even for data given as `3.0`), others doubles.
 *   Arrays and objects taken from data or the rule are returned as copies of what was given.
 * - A cut through a surrogate pair (`substr`, string index) gives U+FFFD for the lone half.
 * - Computed values nested deeper than 512 levels (e.g. a reduce wrapping its accumulator each
 *   step), and arrays nested that deep turned into strings, throw 504 instead of exhausting the
 *   stack. json-logic-js's own stack overflows (logic in data that refers to itself through
 *   `missing`) are 504 too.
 * - `log` sends the JSON text of its value to the log sink (`undefined` is written `null`).
 *
 * Data is read in place, never copied, except for what a result returns: arrays and objects of
 * the data in a result are copied by nlohmann::json, which recurses, so data should come from a
 * parser with a depth limit (carecompare's own do).
 *
 * Errors: logic_error 501 (unknown operator), 502 (bad arguments), 503 (nesting deeper than
 * compile_options::max_depth), 504 (an evaluation json-logic-js throws on, e.g. `in` on an object
 * with an `indexOf` member, or `cat` of an object with a `toString` member). `path()` is the JSON
 * Pointer of the node inside the rule, e.g. "/and/1/in/0".
 */
#ifndef CARECOMPARE_LOGIC_HPP
#define CARECOMPARE_LOGIC_HPP

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "config.hpp"
#include "detail/logic_data.hpp"
#include "detail/logic_eval.hpp"
#include "detail/logic_program.hpp"
#include "error.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic {

/// Limits applied by compile().
struct compile_options {
  /**
   * Maximum nesting of the rule's JSON, objects and arrays each counting one level
   * (`{"!":[{"var":"a"}]}` is 3 deep). Deeper rules are rejected with logic_error 503 before
   * anything recurses into them; compile and apply recurse at most this deep, plus as deep again
   * for logic that `missing` finds in data.
   */
  std::size_t max_depth = 128;
};

/// The kind of a node of a compiled rule (see node_view).
enum class op : std::uint8_t {
  literal,  ///< a JSON value: scalar, object that is not logic, or array without logic inside
  array,    ///< an array with logic inside; its arguments are the elements
  var,
  missing,
  missing_some,
  if_,               ///< "if"
  ternary,           ///< "?:"
  equal,             ///< "=="
  strict_equal,      ///< "==="
  not_equal,         ///< "!="
  strict_not_equal,  ///< "!=="
  not_,              ///< "!"
  not_not,           ///< "!!"
  or_,
  and_,
  less,           ///< "<"
  less_equal,     ///< "<="
  greater,        ///< ">"
  greater_equal,  ///< ">="
  max,
  min,
  add,       ///< "+"
  subtract,  ///< "-"
  multiply,  ///< "*"
  divide,    ///< "/"
  modulo,    ///< "%"
  map,       ///< argument 1 is evaluated against each element
  reduce,    ///< argument 1 is evaluated against {"current", "accumulator"}
  filter,    ///< argument 1 is evaluated against each element
  all,       ///< argument 1 is evaluated against each element
  none,      ///< argument 1 is evaluated against each element
  some,      ///< argument 1 is evaluated against each element
  merge,
  in,
  cat,
  substr,
  log,
};

namespace detail {
inline constexpr op public_op(code c) noexcept {
  if (is_literal(c)) return op::literal;
  if (c == code::array) return op::array;
  if (c == code::var || c == code::var_const) return op::var;
  // The operators after var_const are declared in the same order in both enums.
  return static_cast<op>(static_cast<int>(c) - static_cast<int>(code::missing) +
                         static_cast<int>(op::missing));
}
static_assert(public_op(code::log) == op::log && public_op(code::missing) == op::missing);
}  // namespace detail

/// The JsonLogic name of an operator ("==", "if", "?:"); "" for op::literal and op::array.
inline std::string_view op_name(op o) noexcept {
  for (const detail::operator_entry& e : detail::operator_table) {
    if (detail::public_op(e.c) == o) return e.name;
  }
  return {};
}

/// The operator with JsonLogic name `name`, if there is one.
inline std::optional<op> op_from_name(std::string_view name) noexcept {
  detail::code c{};
  if (!detail::find_operator(name, c)) return std::nullopt;
  return detail::public_op(c);
}

class rule;
class prepared_data;

namespace detail {
/// How code outside the classes (the apply/test overloads, the catalog filter) reaches the
/// program of a rule and the root of prepared data.
struct rule_access {
  static const program& of(const rule& r) noexcept;
  static value root(const prepared_data& d) noexcept;
  static const pnode& root_node(const prepared_data& d) noexcept;
};
}  // namespace detail

/**
 * Read-only view of one node of a compiled rule, for tools that inspect rules (e.g. a checker
 * that types `var` paths). Valid while the rule it came from lives.
 * ```
 * auto r = logic::compile(nlohmann::json::parse(R"({"==":[{"var":"a.b"},"x"]})"));
 * logic::node_view eq = r.root();            // eq.op() == logic::op::equal, eq.size() == 2
 * logic::node_view v = eq[0];                // v.op() == logic::op::var, v.pointer() == "/==/0"
 * auto segments = v.path();                  // {"a", "b"}
 * const nlohmann::json& x = eq[1].literal(); // "x"
 * ```
 */
class node_view {
 public:
  /// What the node is.
  [[nodiscard]] logic::op op() const noexcept { return detail::public_op(node().c); }
  /// The operator as written ("?:", "=="); "" for literals and arrays.
  [[nodiscard]] std::string_view name() const noexcept {
    return is_operator(node().c) ? std::string_view(meta().src->begin().key()) : std::string_view();
  }
  /// Number of arguments (elements for op::array, 0 for op::literal).
  [[nodiscard]] std::size_t size() const noexcept { return node().argc; }
  /// Argument `i`; throws std::out_of_range when `i >= size()`.
  [[nodiscard]] node_view operator[](std::size_t i) const {
    if (i >= size())
      throw std::out_of_range("carecompare::logic::node_view: no argument " + std::to_string(i));
    return {prog_, node().first + static_cast<std::uint32_t>(i)};
  }
  /// The node's JSON inside the rule: for op::literal, the literal value itself.
  [[nodiscard]] const nlohmann::json& literal() const noexcept { return *meta().src; }
  /// JSON Pointer of the node inside the rule ("" for the root), e.g. "/and/1/in/0".
  [[nodiscard]] std::string pointer() const { return prog_->pointer(index_); }
  /// For op::var: whether the path is a literal (then path() holds it, split at dots).
  [[nodiscard]] bool has_constant_path() const noexcept {
    return node().c == detail::code::var_const;
  }
  /// For op::var with a constant path: its segments; empty for the whole data ("" or null path).
  [[nodiscard]] std::span<const std::string> path() const noexcept {
    if (!has_constant_path()) return {};
    return prog_->paths[node().path].keys;
  }
  /// Whether the node is evaluated against the elements of an array (argument 1 of map, filter,
  /// all, none, some) or against {"current","accumulator"} (argument 1 of reduce), not the data.
  [[nodiscard]] bool scoped() const noexcept {
    const auto& m = meta();
    if (m.parent == detail::node_meta::npos || m.index != 1) return false;
    const logic::op p = detail::public_op(prog_->nodes[m.parent].c);
    return p == logic::op::map || p == logic::op::reduce || p == logic::op::filter ||
           p == logic::op::all || p == logic::op::none || p == logic::op::some;
  }

 private:
  friend class rule;
  node_view(const detail::program* p, std::uint32_t i) noexcept : prog_(p), index_(i) {}
  [[nodiscard]] const detail::node& node() const noexcept { return prog_->nodes[index_]; }
  [[nodiscard]] const detail::node_meta& meta() const noexcept { return prog_->meta[index_]; }
  const detail::program* prog_;
  std::uint32_t index_;
};

/**
 * A compiled JsonLogic rule: immutable, cheap to copy and move (a shared pointer), and safe to
 * apply from several threads at once.
 * ```
 * const auto r = logic::compile(nlohmann::json::parse(R"({"var":"a"})"));
 * logic::apply(r, {{"a", 1}});  // 1
 * ```
 */
class rule {
 public:
  /// The rule `null` (applies to null).
  rule() : prog_(detail::compile_program(nullptr, 1)) {}

  /// The top node.
  [[nodiscard]] node_view root() const noexcept { return {prog_.get(), 0}; }
  /// The JSON the rule was compiled from.
  [[nodiscard]] const nlohmann::json& source() const noexcept { return prog_->source; }

 private:
  explicit rule(std::shared_ptr<const detail::program> p) noexcept : prog_(std::move(p)) {}
  friend rule compile(const nlohmann::json& logic, const compile_options& options);
  friend nlohmann::json apply(const rule& r, const nlohmann::json& data);
  friend bool test(const rule& r, const nlohmann::json& data);
  friend struct detail::rule_access;

  std::shared_ptr<const detail::program> prog_;
};

inline const detail::program& detail::rule_access::of(const rule& r) noexcept { return *r.prog_; }

/**
 * Data prepared once for many evaluations: the same value as the JSON it is made from, laid out
 * so that rules read it fast. Every object keeps its members in a flat array with the hash of
 * each key, and a compiled rule hashed its constant `var` paths, so a lookup compares hashes
 * and then one key instead of walking a `std::map` of strings. Results are the same as with the
 * JSON, to the byte (arrays and objects of the data in a result are copies of the JSON given).
 *
 * Preparing costs about what copying the JSON costs (it keeps the JSON, and borrows its strings):
 * prepare once when the same data meets several rules, or the same rule many times. Immutable;
 * copies share the prepared state (cheap), and any number of threads may use one at once.
 * ```
 * const logic::prepared_data data(nlohmann::json{{"site", "bone"}, {"pain_score", 6}});
 * const logic::rule r = logic::compile(nlohmann::json::parse(
 *     R"({"and":[{"in":[{"var":"site"},["bone","brain"]]},{">=":[{"var":"pain_score"},4]}]})"));
 * logic::test(r, data);   // true
 * logic::apply(r, data);  // true
 * ```
 */
class prepared_data {
 public:
  /// The data `null`.
  prepared_data() : prepared_data(nlohmann::json()) {}
  /// Prepares `data` (copied, or moved in: `prepared_data(std::move(j))` copies nothing).
  explicit prepared_data(nlohmann::json data) : state_(std::make_shared<const state>(std::move(data))) {}

  /// The data, as given.
  [[nodiscard]] const nlohmann::json& source() const noexcept { return state_->source; }
  /// Bytes the prepared form takes beside the JSON (its flat arrays), for sizing caches.
  [[nodiscard]] std::size_t prepared_bytes() const noexcept {
    return sizeof(state) + state_->doc.storage_bytes();
  }

 private:
  friend struct detail::rule_access;

  struct state {
    explicit state(nlohmann::json data) : source(std::move(data)) {
      doc.set_json({}, source);
      doc.finish();
    }
    nlohmann::json source;
    detail::pdoc doc;
  };
  [[nodiscard]] detail::value root() const noexcept { return detail::value::prepared(state_->doc.root()); }

  std::shared_ptr<const state> state_;
};

inline detail::value detail::rule_access::root(const prepared_data& d) noexcept { return d.root(); }
inline const detail::pnode& detail::rule_access::root_node(const prepared_data& d) noexcept {
  return d.state_->doc.root();
}

/**
 * Compiles a JsonLogic rule. Throws logic_error 501 (unknown operator), 502 (arguments
 * json-logic-js always fails on) or 503 (too deep), with the JSON Pointer of the bad node.
 * ```
 * auto r = logic::compile(nlohmann::json::parse(R"({"if":[{"<":[{"var":"n"},2]},"few","many"]})"));
 * // logic::compile(nlohmann::json::parse(R"({"and":[true,{"nope":1}]})")) throws, path() "/and/1"
 * ```
 */
inline rule compile(const nlohmann::json& logic, const compile_options& options = {}) {
  return rule(detail::compile_program(logic, options.max_depth));
}

/**
 * Applies a compiled rule to `data`: the result jsonLogic.apply gives (see the file comment for
 * undefined, NaN and number forms). Throws logic_error 504 where json-logic-js throws.
 * ```
 * logic::apply(logic::compile(nlohmann::json::parse(R"({"+":[1,"2"]})")), nullptr);  // 3
 * ```
 */
inline nlohmann::json apply(const rule& r, const nlohmann::json& data) {
  return detail::run(*r.prog_, data);
}

/**
 * Applies a compiled rule to prepared data: the same result as `apply(r, data.source())`, faster
 * when the rule reads members of objects.
 * ```
 * logic::apply(logic::compile(nlohmann::json::parse(R"({"var":"a.b"})")),
 *              logic::prepared_data(nlohmann::json::parse(R"({"a":{"b":7}})")));  // 7
 * ```
 */
template <std::same_as<prepared_data> Data>  // a template, so that apply(r, {...}) means JSON
nlohmann::json apply(const rule& r, const Data& data) {
  return detail::run(detail::rule_access::of(r), detail::rule_access::root(data));
}

/**
 * apply() on prepared data, writing the result over `result` instead of returning a new JSON:
 * afterwards `result == apply(r, data)`. Where the new result has the type `result` already
 * held, its storage is kept: a string's buffer, an array's buffer and its elements (a string
 * element keeps its buffer too). A loop that applies rules and keeps each result for a while
 * (reads it, compares it, copies out what it needs) thus stops allocating once `result` has
 * grown to the results' size, while apply() allocates every string and array result afresh
 * (and destroying a non-empty nlohmann::json array allocates too).
 *
 * Throws what apply() throws; `result` then holds some valid JSON, not a partial result to use.
 * `result` must not be (or be inside) the rule's source or the data's source.
 * ```
 * const logic::rule label = logic::compile(nlohmann::json::parse(R"({"cat":["pain ",{"var":"p"}]})"));
 * nlohmann::json result;
 * for (int p = 0; p < 3; ++p) {
 *   logic::apply_into(label, logic::prepared_data(nlohmann::json{{"p", p}}), result);
 *   // result == "pain 0", "pain 1", "pain 2": one string buffer, reused
 * }
 * ```
 */
inline void apply_into(const rule& r, const prepared_data& data, nlohmann::json& result) {
  detail::run_into(detail::rule_access::of(r), detail::rule_access::root_node(data), result);
}

/**
 * One shot: compile(logic) then apply. Prefer compiling once when a rule runs more than once.
 * ```
 * logic::apply(nlohmann::json::parse(R"({"cat":["a",1.5]})"), nullptr);  // "a1.5"
 * ```
 */
inline nlohmann::json apply(const nlohmann::json& logic, const nlohmann::json& data) {
  return ::carecompare::logic::apply(::carecompare::logic::compile(logic), data);
}

/**
 * Whether the rule's result is truthy (JsonLogic truthiness, see truthy()). Same effects as
 * `truthy(apply(r, data))`, but builds no result: no heap allocation for rules made of
 * comparisons, arithmetic, var, and/or/if/!/!!, in, missing, all/none/some.
 * ```
 * logic::test(logic::compile(nlohmann::json::parse(R"({"missing":["a"]})")), {{"a", 1}});  // false
 * ```
 */
inline bool test(const rule& r, const nlohmann::json& data) {
  return detail::run_test(*r.prog_, data);
}

/**
 * test() on prepared data: the same answer as `test(r, data.source())`, allocating nothing on
 * the same rules.
 * ```
 * const logic::prepared_data data(nlohmann::json{{"goals", {"stay-active"}}});
 * logic::test(logic::compile(nlohmann::json::parse(R"({"in":["stay-active",{"var":"goals"}]})")),
 *             data);  // true
 * ```
 */
template <std::same_as<prepared_data> Data>  // a template, so that test(r, {...}) means JSON
bool test(const rule& r, const Data& data) {
  return detail::run_test(detail::rule_access::of(r), detail::rule_access::root_node(data));
}

/**
 * jsonLogic.truthy: false for null, false, 0, NaN, "" and [] (unlike JS), true for anything else
 * including "0" and {}.
 * ```
 * logic::truthy(nlohmann::json::array());  // false
 * logic::truthy("0");                      // true
 * ```
 */
inline bool truthy(const nlohmann::json& value) {
  return detail::truthy(detail::from_json(value, 0));
}

/**
 * Where `log` writes: the sink gets the JSON text of each logged value, once per call.
 * Thread-safe; the sink may be called from several threads at once. `nullptr` restores the
 * default, which writes one line per call to stderr.
 * ```
 * std::vector<std::string> lines;
 * logic::set_log_sink([&](std::string_view text) { lines.emplace_back(text); });
 * logic::apply(nlohmann::json::parse(R"({"log":"hi"})"), nullptr);  // lines == {"\"hi\""}
 * logic::set_log_sink(nullptr);
 * ```
 */
inline void set_log_sink(std::function<void(std::string_view json_text)> sink) {
  detail::set_sink(std::move(sink));
}

}  // namespace logic
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_LOGIC_HPP
