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
 *
 * @threadsafety Compiled rules and prepared data are immutable: any number of threads may apply
 * one rule to one data at once. A prepared_builder and the views it builds belong to one thread
 * at a time. set_log_sink() may be called from any thread.
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
#include <string>
#include <string_view>

#include "config.hpp"
#include "error.hpp"

/**
 * The JsonLogic operators, one row each: the one table every part of the engine is generated
 * from (the `op` enum below, the compiler's name lookup and argument checks, the evaluator's
 * dispatch, the catalog checker's typing). Columns:
 *
 * - `id`: the enumerator of `logic::op`;
 * - `name`: the operator as JsonLogic spells it;
 * - `arguments`: the check of its arguments when a rule is compiled (`any`: none);
 * - `result`: what it evaluates to (`boolean`: always true or false, so `test()` needs no value;
 *   `number`; `list`; `text`; `value`: anything; `operands`: a boolean when every argument is one
 *   (`and`, `or`); `number_or_operand`: a number, except that one argument is returned as it is);
 * - `typing`: how the catalog's rule checker types it;
 * - `implementation`: the family of its reference implementation (operators of one family,
 *   such as `<` and `<=`, share one function, which reads the operator of the node).
 */
// clang-format off
#define CARECOMPARE_LOGIC_OPERATORS(X)                                                        \
  /* id,              name,           arguments,       result,            typing,     implementation */ \
  X(var,              "var",          any,             value,             var,        var)          \
  X(missing,          "missing",      any,             list,              missing,    missing)      \
  X(missing_some,     "missing_some", count_and_keys,  list,              missing,    missing_some) \
  X(if_,              "if",           any,             value,             branches,   branches)     \
  X(ternary,          "?:",           any,             value,             branches,   branches)     \
  X(equal,            "==",           any,             boolean,           comparison, equality)     \
  X(strict_equal,     "===",          any,             boolean,           comparison, equality)     \
  X(not_equal,        "!=",           any,             boolean,           comparison, equality)     \
  X(strict_not_equal, "!==",          any,             boolean,           comparison, equality)     \
  X(not_,             "!",            any,             boolean,           negation,   negation)     \
  X(not_not,          "!!",           any,             boolean,           negation,   negation)     \
  X(or_,              "or",           any,             operands,          connective, connective)   \
  X(and_,             "and",          any,             operands,          connective, connective)   \
  X(less,             "<",            any,             boolean,           comparison, order)        \
  X(less_equal,       "<=",           any,             boolean,           comparison, order)        \
  X(greater,          ">",            any,             boolean,           comparison, order)        \
  X(greater_equal,    ">=",           any,             boolean,           comparison, order)        \
  X(max,              "max",          any,             number,            arithmetic, min_max)      \
  X(min,              "min",          any,             number,            arithmetic, min_max)      \
  X(add,              "+",            any,             number,            arithmetic, add)          \
  X(subtract,         "-",            any,             number,            arithmetic, subtract)     \
  X(multiply,         "*",            one_or_more,     number_or_operand, arithmetic, multiply)     \
  X(divide,           "/",            any,             number,            arithmetic, divide)       \
  X(modulo,           "%",            any,             number,            arithmetic, divide)       \
  X(map,              "map",          any,             list,              list,       map)          \
  X(reduce,           "reduce",       any,             value,             list,       reduce)       \
  X(filter,           "filter",       any,             list,              list,       filter)       \
  X(all,              "all",          any,             boolean,           list,       quantifier)   \
  X(none,             "none",         any,             boolean,           list,       quantifier)   \
  X(some,             "some",         any,             boolean,           list,       quantifier)   \
  X(merge,            "merge",        any,             list,              merge,      merge)        \
  X(in,               "in",           haystack,        boolean,           in,         in)           \
  X(cat,              "cat",          any,             text,              text,       cat)          \
  X(substr,           "substr",       any,             text,              text,       substr)       \
  X(log,              "log",          any,             value,             log,        log)
// clang-format on

CARECOMPARE_BEGIN_NAMESPACE
namespace logic {

/**
 * The rewrites compile() may make to a rule before it runs, as bits: each gives every result
 * the rule as written gives, to the byte, errors included, and only changes how fast. Turn them
 * off (`passes = logic::pass::none`) to run the rule as written, e.g. to rule one out when a
 * result looks wrong. node_view shows the rule as written either way.
 */
enum class pass : std::uint32_t {
  none = 0,  ///< no rewrite: the rule runs as written
  /// An operator whose arguments are all literals, and that reads no data and logs nothing,
  /// becomes its value (a null, boolean, number or text), computed once.
  constant_fold = 1U << 0,
  /// `in` of a datum among many literal texts looks the datum up in a hash table built once,
  /// instead of comparing it with each text.
  text_set = 1U << 1,
  /// On JSON data (apply() and test() of a nlohmann::json), a rule that reads only fixed keys of
  /// the data (at the top level, along fixed paths into objects, and in the objects of the lists
  /// that `all`, `some`, `none`, `map` and `filter` go through) finds each of them once and reads
  /// their values laid out as prepared data, instead of looking keys up in the JSON at every
  /// `var`.
  var_slots = 1U << 2,
  /// Each comparison, `in`, `and`, `or`, `!` and `!!` the fast path answers gets a function of
  /// its own, specialised to its operator and operands, called directly at each evaluation.
  bind = 1U << 3,
  all = constant_fold | text_set | var_slots | bind,  ///< every pass (compile()'s default)
};
/// @param a, b two sets of passes.
/// @return the passes of `a` and those of `b`.
constexpr pass operator|(pass a, pass b) noexcept {
  return static_cast<pass>(static_cast<std::uint32_t>(a) | static_cast<std::uint32_t>(b));
}
/// @param a, b two sets of passes.
/// @return the passes both `a` and `b` hold.
constexpr pass operator&(pass a, pass b) noexcept {
  return static_cast<pass>(static_cast<std::uint32_t>(a) & static_cast<std::uint32_t>(b));
}
/// @param set the passes a compile_options holds.
/// @param p the pass (or passes) asked about.
/// @return whether `set` holds every bit of `p`.
constexpr bool has_pass(pass set, pass p) noexcept { return (set & p) == p; }

/**
 * @param p one pass (a single bit of pass::all).
 * @return its name, as passes_from_text() takes it: "constant_fold", "text_set", "var_slots", "bind"; "" for
 *         pass::none, pass::all or several passes.
 */
CARECOMPARE_CXX_API std::string_view pass_name(pass p) noexcept;

/**
 * The passes a text names, as the command line (`carecompare logic --passes`) and Python
 * (`logic.compile(rule, passes=...)`) take them.
 * @param text "all", "none", or names of pass_name() separated by commas
 *             ("constant_fold,text_set"); no spaces.
 * @return those passes, or nullopt when a name is unknown or empty.
 */
CARECOMPARE_CXX_API std::optional<pass> passes_from_text(std::string_view text) noexcept;

/// Limits applied by compile(), and the rewrites it makes.
struct compile_options {
  /**
   * Maximum nesting of the rule's JSON, objects and arrays each counting one level
   * (`{"!":[{"var":"a"}]}` is 3 deep). Deeper rules are rejected with logic_error 503 before
   * anything recurses into them; compile and apply recurse at most this deep, plus as deep again
   * for logic that `missing` finds in data.
   */
  std::size_t max_depth = 128;
  /// The rewrites compile() makes (see `pass`): all of them unless you say otherwise.
  pass passes = pass::all;
};

/// The kind of a node of a compiled rule (see node_view): a literal, an array with logic
/// inside, or an operator of CARECOMPARE_LOGIC_OPERATORS (`op::if_` is "if", `op::less` "<").
enum class op : std::uint8_t {
  literal,  ///< a JSON value: scalar, object that is not logic, or array without logic inside
  array,    ///< an array with logic inside; its arguments are the elements
#define CARECOMPARE_LOGIC_OP_ENUMERATOR(id, ...) id,
  CARECOMPARE_LOGIC_OPERATORS(CARECOMPARE_LOGIC_OP_ENUMERATOR)
#undef CARECOMPARE_LOGIC_OP_ENUMERATOR
};

/**
 * @param o an operator.
 * @return its JsonLogic name ("==", "if", "?:"); "" for op::literal and op::array.
 */
CARECOMPARE_CXX_API std::string_view op_name(op o) noexcept;

/**
 * @param name a JsonLogic operator's name, e.g. "missing_some".
 * @return the operator with that name, or nullopt.
 */
CARECOMPARE_CXX_API std::optional<op> op_from_name(std::string_view name) noexcept;

class rule;
class prepared_data;

namespace detail {
struct program;
struct prepared_state;
struct prepared_parts;
struct pnode;
struct access;
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
class CARECOMPARE_CXX_API node_view {
 public:
  /// @return what the node is.
  [[nodiscard]] logic::op op() const noexcept;
  /// @return the operator as written ("?:", "=="); "" for literals and arrays.
  [[nodiscard]] std::string_view name() const noexcept;
  /// @return the number of arguments (elements for op::array, 0 for op::literal).
  [[nodiscard]] std::size_t size() const noexcept;
  /**
   * @param i an argument's index.
   * @return argument `i`.
   * @throws std::out_of_range when `i >= size()`.
   */
  [[nodiscard]] node_view operator[](std::size_t i) const;
  /// @return the node's JSON inside the rule: for op::literal, the literal value itself.
  [[nodiscard]] const nlohmann::json& literal() const noexcept;
  /// @return the JSON Pointer of the node inside the rule ("" for the root), e.g. "/and/1/in/0".
  [[nodiscard]] std::string pointer() const;
  /// @return for op::var, whether the path is a literal (then path() holds it, split at dots).
  [[nodiscard]] bool has_constant_path() const noexcept;
  /// @return for op::var with a constant path, its segments; empty for the whole data ("" or
  ///         null path).
  [[nodiscard]] std::span<const std::string> path() const noexcept;
  /// @return whether the node is evaluated against the elements of an array (argument 1 of map,
  ///         filter, all, none, some) or against {"current","accumulator"} (argument 1 of
  ///         reduce), not the data.
  [[nodiscard]] bool scoped() const noexcept;

 private:
  friend class rule;
  node_view(const detail::program* p, std::uint32_t i) noexcept : prog_(p), index_(i) {}
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
class CARECOMPARE_CXX_API rule {
 public:
  /// The rule `null` (applies to null).
  rule();

  /// @return the top node, valid while the rule (or a copy) lives.
  [[nodiscard]] node_view root() const noexcept { return {prog_.get(), 0}; }
  /// @return the JSON the rule was compiled from.
  [[nodiscard]] const nlohmann::json& source() const noexcept;
  /**
   * The keys of the data's top level the rule reads: the first segment of each constant `var`
   * path, each once (not those inside the argument map, filter, reduce, all, none and some
   * evaluate against each element, and not the keys `missing` and `missing_some` test for
   * absence). See also reads_any_key().
   * @return the keys, in the order the rule first reads them.
   */
  [[nodiscard]] std::span<const std::string> keys_read() const noexcept;
  /// @return whether the rule may read keys keys_read() does not list: a `var` whose path is
  ///         computed, or of the whole data.
  [[nodiscard]] bool reads_any_key() const noexcept;

 private:
  friend struct detail::access;
  explicit rule(std::shared_ptr<const detail::program> p) noexcept : prog_(std::move(p)) {}
  std::shared_ptr<const detail::program> prog_;
};

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
class CARECOMPARE_CXX_API prepared_data {
 public:
  /// The data `null`.
  prepared_data();
  /**
   * Prepares data.
   * @param data the data (copied, or moved in: `prepared_data(std::move(j))` copies nothing).
   */
  explicit prepared_data(nlohmann::json data);

  /// @return the data, as given.
  [[nodiscard]] const nlohmann::json& source() const noexcept;
  /// @return the bytes the prepared form takes beside the JSON (its flat arrays), for sizing caches.
  [[nodiscard]] std::size_t prepared_bytes() const noexcept;

 private:
  friend struct detail::access;
  std::shared_ptr<const detail::prepared_state> state_;
};

/**
 * A view of prepared data built by a prepared_builder: what test(), apply() and apply_into()
 * read, as they read prepared_data. Cheap to copy (a pointer); valid until its builder builds
 * again or is destroyed, and while the parts it borrows live.
 */
class CARECOMPARE_CXX_API prepared_view {
 public:
  /// The data `null`.
  prepared_view() noexcept;

 private:
  friend struct detail::access;
  explicit prepared_view(const detail::pnode* root) noexcept : root_(root) {}
  const detail::pnode* root_;
};

/**
 * A key of a prepared_builder's member, hashed once: build keys that are the same call after
 * call (the names of a record's fields) once, and pass them each time. Its bytes are borrowed.
 */
class CARECOMPARE_CXX_API prepared_key {
 public:
  /// Hashes `key`, borrowing its bytes (implicit: a key is a text). @param key the key's text.
  prepared_key(std::string_view key) noexcept;  // NOLINT(google-explicit-constructor): a key is a text
  /// Hashes `key`, borrowing its bytes. @param key the key's text, NUL-terminated.
  prepared_key(const char* key) noexcept : prepared_key(std::string_view(key)) {}  // NOLINT
  /// Hashes `key`, borrowing its bytes. @param key the key's text.
  prepared_key(const std::string& key) noexcept : prepared_key(std::string_view(key)) {}  // NOLINT
  /// @return the key's text.
  [[nodiscard]] std::string_view text() const noexcept { return key_; }

 private:
  friend struct detail::access;
  std::string_view key_;
  std::uint64_t hash_;
  std::uint64_t head_;
};

/**
 * Prepared data built member by member from parts the caller keeps, for callers that evaluate
 * rules against data held in their own structures, call after call: no JSON document is made,
 * no string is copied, and the builder keeps its storage from one build to the next (after the
 * first builds, building allocates nothing). Everything given is borrowed: the keys, the strings
 * and the JSON values must stay alive and unchanged while the view is used.
 *
 * The data is an object: start_object() with the number of members, one member() per member
 * (each key at most once), then finish(). The result is the same as prepared_data of the same
 * JSON object.
 * ```
 * logic::prepared_builder builder;                    // one per thread, reused
 * const std::vector<std::string> sites = {"bone", "liver"};
 * builder.start_object(2);
 * builder.member_strings("sites", sites);
 * builder.member("site_count", 2);
 * const logic::prepared_view data = builder.finish();
 * logic::test(logic::compile(nlohmann::json::parse(R"({"in":["bone",{"var":"sites"}]})")), data);  // true
 * ```
 */
class CARECOMPARE_CXX_API prepared_builder {
 public:
  /// A builder with no storage yet.
  prepared_builder();
  /// Takes over the storage of `other`, and the views it built.
  prepared_builder(prepared_builder&&) noexcept;
  /// Takes over the storage of the other builder, and the views it built. @return this builder.
  prepared_builder& operator=(prepared_builder&&) noexcept;
  prepared_builder(const prepared_builder&) = delete;
  prepared_builder& operator=(const prepared_builder&) = delete;
  /// Frees the storage: the views it built end.
  ~prepared_builder();

  /**
   * Starts new data (views of the previous data end here).
   * @param members the number of members the object will have.
   */
  void start_object(std::size_t members);
  /**
   * A member whose value is `value` (all of it, nested arrays and objects too), borrowed.
   * @param key   the member's key, borrowed.
   * @param value the member's value, borrowed: it must outlive the view.
   */
  void member(const prepared_key& key, const nlohmann::json& value);
  /// A temporary cannot be borrowed: keep the JSON alive, or use the overloads below.
  void member(const prepared_key& key, nlohmann::json&& value) = delete;
  /**
   * A member whose value is a number.
   * @param key    the member's key, borrowed.
   * @param number the member's value.
   */
  void member(const prepared_key& key, double number);
  /**
   * A member whose value is a list of strings.
   * @param key     the member's key, borrowed.
   * @param strings the list, each string borrowed.
   */
  void member_strings(const prepared_key& key, std::span<const std::string> strings);
  /**
   * Ends building.
   * @return the view of the object, valid until start_object() or the builder's end.
   * @throws std::logic_error when fewer or more members were given than start_object() said.
   * @throws std::invalid_argument when a key was given twice.
   */
  [[nodiscard]] prepared_view finish();

 private:
  std::unique_ptr<detail::prepared_parts> parts_;
};

/**
 * Compiles a JsonLogic rule.
 * @param logic   the rule's JSON.
 * @param options the nesting allowed.
 * @return the compiled rule, immutable.
 * @throws logic_error 501 (unknown operator), 502 (arguments json-logic-js always fails on) or
 *         503 (too deep), with the JSON Pointer of the bad node.
 * ```
 * auto r = logic::compile(nlohmann::json::parse(R"({"if":[{"<":[{"var":"n"},2]},"few","many"]})"));
 * // logic::compile(nlohmann::json::parse(R"({"and":[true,{"nope":1}]})")) throws, path() "/and/1"
 * ```
 */
CARECOMPARE_CXX_API rule compile(const nlohmann::json& logic, const compile_options& options = {});

/**
 * Applies a compiled rule to `data`: the result jsonLogic.apply gives (see the file comment for
 * undefined, NaN and number forms).
 * @param r    the rule.
 * @param data the data its `var`s read.
 * @return the result.
 * @throws logic_error 504 where json-logic-js throws.
 * ```
 * logic::apply(logic::compile(nlohmann::json::parse(R"({"+":[1,"2"]})")), nullptr);  // 3
 * ```
 */
CARECOMPARE_CXX_API nlohmann::json apply(const rule& r, const nlohmann::json& data);

namespace detail {
CARECOMPARE_CXX_API nlohmann::json apply_prepared(const rule& r, const prepared_data& data);
CARECOMPARE_CXX_API bool test_prepared(const rule& r, const prepared_data& data);
}  // namespace detail

/**
 * Applies a compiled rule to prepared data: the same result as `apply(r, data.source())`, faster
 * when the rule reads members of objects.
 * @param r    the rule.
 * @param data the prepared data.
 * @return the result. @throws logic_error 504 as apply().
 * ```
 * logic::apply(logic::compile(nlohmann::json::parse(R"({"var":"a.b"})")),
 *              logic::prepared_data(nlohmann::json::parse(R"({"a":{"b":7}})")));  // 7
 * ```
 */
template <std::same_as<prepared_data> Data>  // a template, so that apply(r, {...}) means JSON
nlohmann::json apply(const rule& r, const Data& data) {
  return detail::apply_prepared(r, data);
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
 * @param r      the rule.
 * @param data   the prepared data.
 * @param result receives the result; it must not be (or be inside) the rule's source or the
 *               data's source.
 * @throws logic_error 504 as apply(); `result` then holds some valid JSON, not a partial result
 *         to use.
 * ```
 * const logic::rule label = logic::compile(nlohmann::json::parse(R"({"cat":["pain ",{"var":"p"}]})"));
 * nlohmann::json result;
 * for (int p = 0; p < 3; ++p) {
 *   logic::apply_into(label, logic::prepared_data(nlohmann::json{{"p", p}}), result);
 *   // result == "pain 0", "pain 1", "pain 2": one string buffer, reused
 * }
 * ```
 */
CARECOMPARE_CXX_API void apply_into(const rule& r, const prepared_data& data, nlohmann::json& result);

/**
 * One shot: compile(logic) then apply. Prefer compiling once when a rule runs more than once.
 * @param logic the rule's JSON.
 * @param data  the data.
 * @return the result.
 * @throws logic_error as compile() and apply().
 * ```
 * logic::apply(nlohmann::json::parse(R"({"cat":["a",1.5]})"), nullptr);  // "a1.5"
 * ```
 */
CARECOMPARE_CXX_API nlohmann::json apply(const nlohmann::json& logic, const nlohmann::json& data);

/**
 * Whether the rule's result is truthy (JsonLogic truthiness, see truthy()). Same effects as
 * `truthy(apply(r, data))`, but builds no result: no heap allocation for rules made of
 * comparisons, arithmetic, var, and/or/if/!/!!, in, missing, all/none/some.
 * @param r    the rule.
 * @param data the data.
 * @return whether the result is truthy.
 * @throws logic_error 504 as apply().
 * ```
 * logic::test(logic::compile(nlohmann::json::parse(R"({"missing":["a"]})")), {{"a", 1}});  // false
 * ```
 */
CARECOMPARE_CXX_API bool test(const rule& r, const nlohmann::json& data);

/**
 * test() on prepared data: the same answer as `test(r, data.source())`, allocating nothing on
 * the same rules.
 * @param r    the rule.
 * @param data the prepared data.
 * @return whether the result is truthy. @throws logic_error 504 as apply().
 * ```
 * const logic::prepared_data data(nlohmann::json{{"goals", {"stay-active"}}});
 * logic::test(logic::compile(nlohmann::json::parse(R"({"in":["stay-active",{"var":"goals"}]})")),
 *             data);  // true
 * ```
 */
template <std::same_as<prepared_data> Data>  // a template, so that test(r, {...}) means JSON
bool test(const rule& r, const Data& data) {
  return detail::test_prepared(r, data);
}

/**
 * apply() on the data of a prepared_builder: the same result as apply() on prepared data of the
 * same JSON.
 * @param r    the rule.
 * @param data the view.
 * @return the result. @throws logic_error 504 as apply().
 */
CARECOMPARE_CXX_API nlohmann::json apply(const rule& r, prepared_view data);
/**
 * apply_into() on the data of a prepared_builder.
 * @param r      the rule.
 * @param data   the view.
 * @param result receives the result, as with apply_into() on prepared data.
 * @throws logic_error 504 as apply().
 */
CARECOMPARE_CXX_API void apply_into(const rule& r, prepared_view data, nlohmann::json& result);
/**
 * test() on the data of a prepared_builder.
 * @param r    the rule.
 * @param data the view.
 * @return whether the result is truthy. @throws logic_error 504 as apply().
 */
CARECOMPARE_CXX_API bool test(const rule& r, prepared_view data);

/**
 * test() of each rule of `rules` on the same data: afterwards `results[i] == test(rules[i], data)`
 * for every i. Faster than calling test() for each when there are many rules: the engine starts
 * loading the rules ahead while it tests one. Throws std::invalid_argument when `results` has
 * fewer elements than `rules`, and what test() throws (`results` then holds the answers of the
 * rules before the failing one).
 * @param rules   the rules.
 * @param data    the view they all read.
 * @param results receives the answers, one per rule.
 * ```
 * const std::vector<logic::rule> rules = ...;
 * const auto matched = std::make_unique<bool[]>(rules.size());
 * logic::test_each(rules, data, {matched.get(), rules.size()});
 * ```
 */
CARECOMPARE_CXX_API void test_each(std::span<const rule> rules, prepared_view data, std::span<bool> results);

/// A rule's answer when some of its data is not known (test_unknown()).
enum class truth : std::uint8_t {
  no,       ///< false, whatever the unknown keys hold
  yes,      ///< true, whatever the unknown keys hold
  unknown,  ///< true or false depending on what the unknown keys hold
};

/**
 * test() when some keys of the data's top level are unknown (not answered), as opposed to absent:
 * the rule's truth under Kleene's three-valued logic. A node that reads an unknown key is
 * unknown, except where the logic decides without it: `or` with a true operand is true, `and`
 * with a false operand false, `if` / `?:` takes the branch a known condition chooses, `!` and
 * `!!` keep unknown unknown. Nodes that read no unknown key are evaluated as test() evaluates
 * them: `missing` and `missing_some` test keys for absence, and an unknown key is absent to them.
 * With no unknown key, the answer is test()'s. A `yes` or `no` holds whatever the unknown keys
 * would hold; some rules that hold either way stay `unknown` (`x < 4 or x >= 4`).
 * ```
 * const auto r = logic::compile(
 *     nlohmann::json::parse(R"({"or":[{"in":["bone",{"var":"sites"}]},{"<":[{"var":"pain"},4]}]})"));
 * const std::string_view unknown[] = {"pain"};
 * logic::test_unknown(r, nlohmann::json{{"sites", {"bone"}}}, unknown);   // truth::yes
 * logic::test_unknown(r, nlohmann::json{{"sites", {"liver"}}}, unknown);  // truth::unknown
 * ```
 * @param r       the rule.
 * @param data    the data, an object whose unknown keys are absent or null.
 * @param unknown the top-level keys not known.
 * @return the three-valued answer.
 * @throws logic_error 504 as test(), for nodes that read no unknown key.
 */
CARECOMPARE_CXX_API truth test_unknown(const rule& r, const nlohmann::json& data,
                                       std::span<const std::string_view> unknown);
/**
 * test_unknown() on the data of a prepared_builder.
 * @param r       the rule.
 * @param data    the view.
 * @param unknown the top-level keys not known.
 * @return the three-valued answer. @throws logic_error 504 as test().
 */
CARECOMPARE_CXX_API truth test_unknown(const rule& r, prepared_view data, std::span<const std::string_view> unknown);

/**
 * A list of the data that is open: the elements the data holds are there, and others may be
 * (up to `most` distinct elements in all), unknown which. A list nobody answered is an open
 * list whose data is empty. See test_unknown() with lists.
 */
struct open_list {
  std::string_view key;        ///< a top-level key of the data: an array of distinct elements
  std::size_t most = 0;        ///< how many distinct elements the list can hold (its vocabulary)
  std::string_view count_key;  ///< a top-level key holding the list's length, or empty
};

/**
 * test_unknown() when some lists of the data are open as well: three-valued, node by node
 * (Kleene), as the table of src/logic/kleene_walk.hpp says, never by trying the lists' possible
 * completions. `in` of an element an open list holds is true, of any other unknown; the count of
 * an open list is any whole number from the elements held to `most`, and a comparison with it is
 * true or false only when every such number gives the same answer; `some` of an open list is
 * true when an element held satisfies it, `all` false when one fails, `none` false when one
 * satisfies; a node whose operands are all known is evaluated as test() does. A `yes` or `no`
 * holds for every completion of the lists (and every value of the unknown keys).
 * ```
 * const auto r = logic::compile(nlohmann::json::parse(R"({">=":[{"var":"site_count"},2]})"));
 * const logic::open_list sites[] = {{"sites", 4, "site_count"}};
 * logic::test_unknown(r, nlohmann::json{{"sites", {"bone", "liver"}}, {"site_count", 2}}, {}, sites);  // yes
 * logic::test_unknown(r, nlohmann::json{{"sites", {"bone"}}, {"site_count", 1}}, {}, sites);  // unknown
 * ```
 * @param r       the rule.
 * @param data    the data, an object: each open list's key holds the elements known to be there.
 * @param unknown the top-level keys not known.
 * @param lists   the lists that are open.
 * @return the three-valued answer.
 * @throws logic_error 504 as test(), for nodes the evaluator answers.
 */
CARECOMPARE_CXX_API truth test_unknown(const rule& r, const nlohmann::json& data,
                                       std::span<const std::string_view> unknown, std::span<const open_list> lists);
/**
 * test_unknown() with open lists on the data of a prepared_builder.
 * @param r       the rule.
 * @param data    the view.
 * @param unknown the top-level keys not known.
 * @param lists   the lists that are open.
 * @return the three-valued answer. @throws logic_error 504 as test().
 */
CARECOMPARE_CXX_API truth test_unknown(const rule& r, prepared_view data, std::span<const std::string_view> unknown,
                                       std::span<const open_list> lists);

/**
 * jsonLogic.truthy: false for null, false, 0, NaN, "" and [] (unlike JS), true for anything else
 * including "0" and {}.
 * ```
 * logic::truthy(nlohmann::json::array());  // false
 * logic::truthy("0");                      // true
 * ```
 * @param value any JSON value.
 * @return its truthiness.
 */
CARECOMPARE_CXX_API bool truthy(const nlohmann::json& value);

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
 * @param sink gets the JSON text of each logged value; `nullptr` for the default.
 */
CARECOMPARE_CXX_API void set_log_sink(std::function<void(std::string_view json_text)> sink);

}  // namespace logic
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_LOGIC_HPP
