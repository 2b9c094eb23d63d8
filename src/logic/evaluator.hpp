// SPDX-License-Identifier: MIT
/**
 * @file logic/evaluator.hpp (private)
 * Evaluation of a compiled JsonLogic program: the reference implementation of every operator
 * (the semantics, as json-logic-js 2.0.5 has them), the specialisations tried before it in fast
 * mode, and the entries of apply, apply_into and test.
 */
#ifndef CARECOMPARE_SRC_LOGIC_EVALUATOR_HPP
#define CARECOMPARE_SRC_LOGIC_EVALUATOR_HPP

#include <algorithm>
#include <bit>
#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "compiler.hpp"
#include "data.hpp"
#include "log_sink.hpp"
#include "operators.hpp"
#include "program.hpp"
#include "reader.hpp"
#include "value.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

// ---- evaluation ------------------------------------------------------------------------------

/// State of one apply/test call, shared by the rules it builds on the fly.
struct eval_state {
  explicit eval_state(const program& rule) noexcept : top(&rule), dynamic_budget(rule.max_depth) {}
  const program* top;  ///< the rule being applied (errors are reported against it)
  std::uint32_t next_inst = 1;
  std::size_t dynamic_budget;                        ///< depth left for rules built while evaluating (see eval_dynamic)
  std::vector<std::shared_ptr<const program>> keep;  ///< those rules, alive until the call ends

  /// A new identity for an evaluation of an array literal.
  std::uint32_t fresh() noexcept {
    if (++next_inst == 0) next_inst = 2;
    return next_inst;
  }
};

/// Whether a key list holds logic that json-logic-js would evaluate again (a one-key object).
inline bool holds_logic(const value& v) {
  switch (v.kind()) {
    case vk::obj_ref: return v.json_ref().size() == 1;
    case vk::pobj_ref: return v.pnode_ref().size == 1;
    case vk::arr_ref: return !is_constant_array(v.json_ref());
    case vk::parr_ref: return !is_constant_parray(v.pnode_ref());
    case vk::owned_arr:
      for (const value& e : v.owned_array().items) {
        if (holds_logic(e)) return true;
      }
      return false;
    default: return false;
  }
}

/// Stack storage for the evaluated arguments of a variadic operator (values are constructed
/// only for the arguments there are).
class arg_list {
 public:
  arg_list() = default;
  arg_list(const arg_list&) = delete;
  arg_list& operator=(const arg_list&) = delete;
  ~arg_list() {
    if (ptr_ == inline_values()) {
      for (std::size_t k = 0; k < built_; ++k) ptr_[k].~value();
    }
  }
  [[nodiscard]] const value* begin() const noexcept { return ptr_; }
  [[nodiscard]] const value* end() const noexcept { return ptr_ + built_; }
  [[nodiscard]] std::size_t size() const noexcept { return built_; }
  [[nodiscard]] const value& operator[](std::size_t i) const noexcept { return ptr_[i]; }

  /// Evaluates `n` arguments with `get(k)`, in order.
  template <class F>
  void fill(std::size_t n, F&& get) {
    if (n <= inline_size) {
      ptr_ = inline_values();
      for (; built_ < n; ++built_) new (ptr_ + built_) value(get(built_));
    } else {
      heap_.reserve(n);
      for (std::size_t k = 0; k < n; ++k) heap_.push_back(get(k));
      ptr_ = heap_.data();
      built_ = n;
    }
  }

 private:
  static constexpr std::size_t inline_size = 6;
  value* inline_values() noexcept { return reinterpret_cast<value*>(storage_); }  // NOLINT

  alignas(value) unsigned char storage_[inline_size * sizeof(value)];
  std::vector<value> heap_;
  value* ptr_ = nullptr;
  std::size_t built_ = 0;
};

/**
 * The semantics of JsonLogic, operator by operator as json-logic-js 2.0.5 has them: the
 * reference evaluator. `eval()` dispatches on a node's operator to its `impl_<implementation>`
 * function, the one place the operator is defined; the dispatch table is generated from the
 * operator table (CARECOMPARE_LOGIC_OPERATORS), so an operator without its function does not
 * compile.
 *
 * An evaluator runs in one of two modes:
 * - `reference`: the implementations alone. This defines what every rule gives.
 * - `fast`: before a node's implementation, eval(), test() and eval_into() try the
 *   specialisations the compiler chose for it (reader.hpp: shaped tests, numeric nodes, `var`
 *   leaves, compiled `missing` keys, `cat` of leaves, numeric `reduce`; and the result writers
 *   of eval_into()). Each answers only what it can, and then exactly what the reference
 *   answers; otherwise the implementation runs. What logic::apply(), test() and apply_into()
 *   use.
 * tests/logic_test.cpp runs the conformance suite through both modes and every entry, and
 * fuzz/logic_fuzzer.cpp compares them on any rule and data, plain JSON and prepared.
 *
 * json-logic-js evaluates every argument of an operator, used or not (for `log` and errors),
 * but the branches of `if`, `?:`, `and`, `or` and the scoped argument of map, filter, reduce,
 * all, none, some: so do the implementations (`rest()`). Recursion follows the rule's nesting,
 * which compile() bounded; scoped operators loop instead of recursing deeper.
 */
class evaluator : public reader {
 public:
  enum class mode : std::uint8_t { reference, fast };

  evaluator(const program& p, eval_state& st, mode m) noexcept : reader(p), st_(st), fast_(m == mode::fast) {}

  /// The value of node `i` against `data`. A js_error thrown by the node's own operation
  /// becomes logic_error 504 with the node's pointer.
  CARECOMPARE_LOGIC_ENTRY value eval(std::uint32_t i, const value& data) {
    try {
      if (fast_) {
        switch (p_.specs[i]) {
          case specialisation::none: break;
          case specialisation::leaf: return escape(lookup_leaf(nodes_[i], data));
          case specialisation::shaped_test: {
            pnode scratch;
            const int r = readable(data) ? fast_test(i, *as_pnode(data, scratch)) : -1;
            if (r >= 0) return value::boolean(r != 0);
            break;
          }
          case specialisation::number: {
            pnode scratch;
            double d = 0;
            if (readable(data) && num(i, *as_pnode(data, scratch), nullptr, d)) return value::number(d);
            break;
          }
          case specialisation::compiled_missing:
            if (!readable(data)) break;  // it reads prepared data
            [[fallthrough]];
          default: {
            value v;
            if (specialised_value(i, data, v)) return v;
            break;
          }
        }
      }
      return dispatch(i, data);
    } catch (const js_error& e) {
      fault(i, e);
    }
  }

  /**
   * Comparison `c` (is_comparison) of operand values: `a == b` and the like, `a < b`, or, when
   * `c3` is not undefined and `c` is `<` or `<=`, the between form `a < b < c3`. The one
   * definition impl_equality() and impl_order() answer with (and test_unknown()'s counts).
   */
  static bool compare(code c, const value& a, const value& b, const value& c3) {
    switch (c) {
      case code::equal: return loose_equal(a, b);
      case code::not_equal: return !loose_equal(a, b);
      case code::strict_equal: return strict_equal(a, b);
      case code::strict_not_equal: return !strict_equal(a, b);
      case code::less: return lt(a, b) && (c3.is_undefined() || lt(b, c3));
      case code::less_equal: return le(a, b) && (c3.is_undefined() || le(b, c3));
      case code::greater: return gt(a, b);
      default: return ge(a, b);
    }
  }

  /// json-logic-js `in(a, b)`.
  static bool in_op(const value& a, const value& b) { return in_value(a, b); }

  /// The JsonLogic truthiness of node `i` (the same effects as `truthy(eval(i, data))`).
  CARECOMPARE_LOGIC_ENTRY bool test(std::uint32_t i, const value& data) {
    if (fast_) {
      const node& n = nodes_[i];
      if (n.form != shape::none && readable(data)) {
        pnode scratch;
        const int r = fast_test(i, *as_pnode(data, scratch));
        if (r >= 0) return r != 0;
      } else if (p_.specs[i] == specialisation::number && readable(data)) {
        pnode scratch;
        double d = 0;
        if (num(i, *as_pnode(data, scratch), nullptr, d)) return d != 0 && !std::isnan(d);
      }
      switch (n.c) {
        case code::lit_string: return !n.u.s->empty();
        case code::if_:
        case code::ternary: return test_branches(n, data);
        case code::and_:
        case code::or_: return test_connective(n, data);
        case code::missing:
        case code::missing_some: {
          try {
            return test_missing(n, i, data);
          } catch (const js_error& e) {
            fault(i, e);
          }
        }
        default: break;
      }
    }
    return truthy(eval(i, data));
  }

  /// `out = to_json(eval(i, data))`, writing over what `out` holds: a string or an array of the
  /// same type keeps its storage (see array_writer). On an exception `out` holds some valid JSON.
  void eval_into(std::uint32_t i, const value& data, json& out) {
    if (fast_) {
      try {
        if (specialised_write(i, data, out)) return;
      } catch (const js_error& e) {
        fault(i, e);
      }
    }
    assign_value(out, eval(i, data));
  }

 private:
  // -- dispatch ---------------------------------------------------------------------------------

  CARECOMPARE_LOGIC_HOT value dispatch(std::uint32_t i, const value& data) {
    const node& n = nodes_[i];
    switch (n.c) {
      case code::lit_null: return value::null();
      case code::lit_bool: return value::boolean(n.flag);
      case code::lit_number: return value::number(n.u.num);
      case code::lit_string: return value::str(n.u.s);
      case code::lit_object: return value::obj(n.u.j);
      case code::lit_array: return value::arr(n.u.j, st_.fresh());  // a new JS array each evaluation
      case code::array: {
        std::vector<value> items;
        items.reserve(n.argc);
        for (std::uint32_t k = 0; k < n.argc; ++k) items.push_back(eval(n.first + k, data));
        return make_array(std::move(items));
      }
      default: break;
    }
    switch (n.c) {
      case code::var_const:
        return impl_var(n, i, data);
        // Each operator's implementation, as its row of the operator table names it.
#define CARECOMPARE_LOGIC_DISPATCH(id, name, args, res, typ, impl) \
  case code::id: return impl_##impl(n, i, data);
        CARECOMPARE_LOGIC_OPERATORS(CARECOMPARE_LOGIC_DISPATCH)
#undef CARECOMPARE_LOGIC_DISPATCH
      default: break;
    }
    return value();  // not reached: literals and arrays are answered above
  }

  [[noreturn]] void fault(std::uint32_t i, const js_error& e) const {
    throw ::carecompare::logic_error(error_ids::logic_runtime, p_.pointer(i), e.message);
  }

  /// Argument `k` of `n`, evaluated (undefined when there is none).
  value arg(const node& n, std::uint32_t k, const value& data) {
    return k < n.argc ? fetch(n.first + k, data) : value();
  }
  /// The arguments of `n` from `from` on, evaluated for their effects only.
  void rest(const node& n, std::uint32_t from, const value& data) {
    for (std::uint32_t k = from; k < n.argc; ++k) eval(n.first + k, data);
  }
  /// Every argument of `n`, evaluated in order.
  void eval_all(const node& n, const value& data, arg_list& out) {
    out.fill(n.argc, [&](std::size_t k) { return fetch(n.first + static_cast<std::uint32_t>(k), data); });
  }
  /// eval() of an argument, with what needs no evaluation state answered here, inline: literals
  /// (as dispatch() has them) and, in fast mode, `var` leaves (the leaf specialisation).
  value fetch(std::uint32_t i, const value& data) {
    const node& c = nodes_[i];
    switch (c.c) {
      case code::lit_null: return value::null();
      case code::lit_bool: return value::boolean(c.flag);
      case code::lit_number: return value::number(c.u.num);
      case code::lit_string: return value::str(c.u.s);
      case code::lit_object: return value::obj(c.u.j);
      case code::lit_array: return value::arr(c.u.j, st_.fresh());
      case code::var_const:
        if (!fast_ || !c.flag) break;
        if (data.kind() == vk::obj_ref && c.segments == 1) {  // {"var":"key"} in a JSON object
          const json* m = find_member(data.json_ref(), c.u.seg->key);
          return m != nullptr ? from_json(*m, 0) : value::null();
        }
        return escape(lookup_leaf(c, data));
      default: break;
    }
    return eval(i, data);
  }

  // -- the reference implementations, one per `implementation` of the operator table ------------

  /// `var`: the value at a path of the data (a constant path split ahead, or one computed), or
  /// the default (argument 1), or null.
  CARECOMPARE_LOGIC_NOINLINE value impl_var(const node& n, std::uint32_t, const value& data) {
    const value path = n.c == code::var ? arg(n, 0, data) : value();
    value not_found = arg(n, 1, data);
    rest(n, 2, data);
    if (not_found.is_undefined()) not_found = value::null();
    if (n.c == code::var_const) return escape(lookup_const(p_.paths[n.path], data, not_found));
    return escape(lookup_dynamic(path, data, not_found));
  }

  /// `missing`: the keys (all arguments, or the first when it is an array) whose value is null,
  /// "" or absent.
  CARECOMPARE_LOGIC_NOINLINE value impl_missing(const node& n, std::uint32_t i, const value& data) {
    arg_list args;
    eval_all(n, data, args);
    std::vector<value> out;
    missing_of(args.begin(), args.size(), data, &out, i);
    return make_array(std::move(out));
  }

  /// `missing_some`: [] when at least `need` of the keys are present, else the missing keys.
  CARECOMPARE_LOGIC_NOINLINE value impl_missing_some(const node& n, std::uint32_t i, const value& data) {
    value out;
    missing_some(n, data, i, &out);
    return out;
  }

  /// `if`, `?:`: the branch after the first condition that holds, else the last argument when
  /// there is an odd number of them, else null.
  CARECOMPARE_LOGIC_NOINLINE value impl_branches(const node& n, std::uint32_t, const value& data) {
    std::uint32_t chosen = 0;
    if (choose_branch(
            n, [&](std::uint32_t k) { return test(k, data) ? 1 : 0; }, chosen) == 0)
      return value::null();
    return eval(chosen, data);
  }

  /// `==` (JS loose equality), `===`, `!=`, `!==`; arguments past the second are evaluated.
  CARECOMPARE_LOGIC_NOINLINE value impl_equality(const node& n, std::uint32_t, const value& data) {
    const value a = arg(n, 0, data);
    const value b = arg(n, 1, data);
    rest(n, 2, data);
    return value::boolean(compare(n.c, a, b, value()));
  }

  /// `<`, `<=`, `>`, `>=` (JS relational order); `<` and `<=` of three arguments test that the
  /// second is between the others. Other arguments are evaluated for their effects.
  CARECOMPARE_LOGIC_NOINLINE value impl_order(const node& n, std::uint32_t, const value& data) {
    const value a = arg(n, 0, data);
    const value b = arg(n, 1, data);
    const bool between_form = (n.c == code::less || n.c == code::less_equal) && n.argc > 2;
    const value c = between_form ? arg(n, 2, data) : value();
    rest(n, between_form ? 3 : 2, data);
    return value::boolean(compare(n.c, a, b, c));
  }

  /// `!`, `!!`: the truthiness of argument 0 (false without one), negated for `!`.
  CARECOMPARE_LOGIC_NOINLINE value impl_negation(const node& n, std::uint32_t, const value& data) {
    const bool t = n.argc != 0 && test(n.first, data);
    rest(n, 1, data);
    return value::boolean(n.c == code::not_ ? !t : t);
  }

  /// `or`: the first truthy argument, else the last one; `and`: the first falsy, else the last.
  /// Undefined without arguments. Arguments after the deciding one are not evaluated.
  CARECOMPARE_LOGIC_NOINLINE value impl_connective(const node& n, std::uint32_t, const value& data) {
    const bool want = n.c == code::or_;
    value current;
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      current = eval(n.first + k, data);
      if (truthy(current) == want) return current;
    }
    return current;
  }

  /// `max`, `min`: of the arguments as numbers (Math.max, Math.min).
  CARECOMPARE_LOGIC_NOINLINE value impl_min_max(const node& n, std::uint32_t, const value& data) {
    arg_list args;
    eval_all(n, data, args);
    const bool is_max = n.c == code::max;
    double r = arithmetic::min_max_start(is_max);
    for (const value& v : args) r = arithmetic::min_max_step(is_max, r, to_number(v));
    return value::number(r);
  }

  /// `+`: the sum of the arguments' parseFloat.
  CARECOMPARE_LOGIC_NOINLINE value impl_add(const node& n, std::uint32_t, const value& data) {
    arg_list args;
    eval_all(n, data, args);
    double sum = arithmetic::add_start;
    for (const value& v : args) sum = arithmetic::add_step(sum, parse_float(v));
    return value::number(sum);
  }

  /// `-`: the difference of two numbers, or the negation of one.
  CARECOMPARE_LOGIC_NOINLINE value impl_subtract(const node& n, std::uint32_t, const value& data) {
    const value a = arg(n, 0, data);
    const value b = arg(n, 1, data);
    rest(n, 2, data);
    if (b.is_undefined()) return value::number(-to_number(a));
    return value::number(to_number(a) - to_number(b));
  }

  /// `*`: the product of the arguments' parseFloat; one argument is returned as it is (a reduce
  /// without initial value, in json-logic-js).
  CARECOMPARE_LOGIC_NOINLINE value impl_multiply(const node& n, std::uint32_t, const value& data) {
    if (n.argc == 1) return eval(n.first, data);
    arg_list args;
    eval_all(n, data, args);
    double product = parse_float(args[0]);
    for (std::size_t k = 1; k < args.size(); ++k) product = arithmetic::multiply_step(product, parse_float(args[k]), k);
    return value::number(product);
  }

  /// `/`, `%` of two numbers.
  CARECOMPARE_LOGIC_NOINLINE value impl_divide(const node& n, std::uint32_t, const value& data) {
    const value a = arg(n, 0, data);
    const value b = arg(n, 1, data);
    rest(n, 2, data);
    const double x = to_number(a);
    const double y = to_number(b);
    return value::number(n.c == code::divide ? x / y : std::fmod(x, y));
  }

  /// `map`: argument 1 evaluated against each element of argument 0 ([] when not a list).
  CARECOMPARE_LOGIC_NOINLINE value impl_map(const node& n, std::uint32_t, const value& data) {
    const value list = arg(n, 0, data);
    std::vector<value> out;
    if (!list.is_array()) return make_array(std::move(out));
    const std::size_t size = array_size(list);
    out.reserve(size);
    for (std::size_t k = 0; k < size; ++k) out.push_back(arg(n, 1, array_at(list, k)));
    return make_array(std::move(out));
  }

  /// `filter`: the elements of argument 0 for which argument 1 is truthy.
  CARECOMPARE_LOGIC_NOINLINE value impl_filter(const node& n, std::uint32_t, const value& data) {
    const value list = arg(n, 0, data);
    std::vector<value> out;
    if (!list.is_array()) return make_array(std::move(out));
    const std::size_t size = array_size(list);
    for (std::size_t k = 0; k < size; ++k) {
      value item = array_at(list, k);
      if (n.argc >= 2 && test(n.first + 1, item)) out.push_back(std::move(item));
    }
    return make_array(std::move(out));
  }

  /// `reduce`: argument 1 evaluated against {"current": element, "accumulator": the last
  /// result} for each element of argument 0, from argument 2 (null without).
  CARECOMPARE_LOGIC_NOINLINE value impl_reduce(const node& n, std::uint32_t, const value& data) {
    const value list = arg(n, 0, data);
    value acc = n.argc >= 3 ? eval(n.first + 2, data) : value::null();
    if (!list.is_array()) return acc;
    const std::size_t size = array_size(list);
    for (std::size_t k = 0; k < size; ++k) {
      reduce_scope scope(array_at(list, k), std::move(acc));
      acc = arg(n, 1, value::scope(&scope));
    }
    return acc;
  }

  /// `all`, `none`, `some` of the elements of argument 0 under argument 1. `all` and `some` of
  /// anything but a non-empty list are false, `none` of it true.
  CARECOMPARE_LOGIC_NOINLINE value impl_quantifier(const node& n, std::uint32_t, const value& data) {
    const value list = arg(n, 0, data);
    const std::size_t size = list.is_array() ? array_size(list) : 0;
    if (size == 0) return value::boolean(n.c == code::none);
    for (std::size_t k = 0; k < size; ++k) {
      const bool t = n.argc >= 2 && test(n.first + 1, array_at(list, k));
      if (n.c == code::all && !t) return value::boolean(false);
      if (n.c != code::all && t) return value::boolean(n.c == code::some);
    }
    return value::boolean(n.c != code::some);
  }

  /// `merge`: the arguments, lists flattened one level, in one list.
  CARECOMPARE_LOGIC_NOINLINE value impl_merge(const node& n, std::uint32_t, const value& data) {
    arg_list args;
    eval_all(n, data, args);
    std::vector<value> out;
    for (const value& v : args) {
      if (v.is_array()) {
        for_each_element(v, [&](const value& e) { out.push_back(e); });
      } else {
        out.push_back(v);
      }
    }
    return make_array(std::move(out));
  }

  /// `in`: whether argument 0 is an element of the list argument 1 (===), or a substring of the
  /// string argument 1.
  CARECOMPARE_LOGIC_NOINLINE value impl_in(const node& n, std::uint32_t, const value& data) {
    const value a = arg(n, 0, data);
    const value b = arg(n, 1, data);
    rest(n, 2, data);
    return value::boolean(in_op(a, b));
  }

  /// `cat`: JS String() of each argument but null and undefined, joined.
  CARECOMPARE_LOGIC_NOINLINE value impl_cat(const node& n, std::uint32_t, const value& data) {
    arg_list args;
    eval_all(n, data, args);
    std::string text;
    for (const value& v : args) {
      if (!v.is_nullish()) append_string(text, v);
    }
    return value::string(std::move(text));
  }

  /// `substr`: String.prototype.substr on UTF-16 code units, with a negative length counting
  /// from the end.
  CARECOMPARE_LOGIC_NOINLINE value impl_substr(const node& n, std::uint32_t, const value& data) {
    const value s = arg(n, 0, data);
    const value start = arg(n, 1, data);
    const value length = arg(n, 2, data);
    rest(n, 3, data);
    return substr_op(s, start, length);
  }

  /// `log`: argument 0, whose JSON text goes to the log sink.
  CARECOMPARE_LOGIC_NOINLINE value impl_log(const node& n, std::uint32_t, const value& data) {
    value a = arg(n, 0, data);
    rest(n, 1, data);
    emit_log(to_json(a).dump(-1, ' ', false, json::error_handler_t::replace));
    return a;
  }

  // -- helpers of the implementations ----------------------------------------------------------

  /// `data[key]` in JS, for own properties; undefined when absent. Inherited members of
  /// Object.prototype, Array.prototype... (functions) are treated as absent.
  /// `hash` is key_hash(key) when known (constant paths), else null.
  static value get_prop(const value& cur, std::string_view key, bool is_index, std::uint32_t index, bool is_length,
                        const std::uint64_t* hash = nullptr) {
    switch (cur.kind()) {
      case vk::obj_ref: {
        const json* m = find_member(cur.json_ref(), key);
        return m == nullptr ? value() : from_json(*m, 0);
      }
      case vk::pobj_ref: {
        const pnode* m =
            hash != nullptr ? find_pmember(cur.pnode_ref(), *hash, key) : find_pmember(cur.pnode_ref(), key);
        return m == nullptr ? value() : value::prepared(*m);
      }
      case vk::arr_ref: {
        const json::array_t& a = elements(cur.json_ref());
        if (is_index) return index < a.size() ? from_json(a[index], cur.inst()) : value();
        return is_length ? value::number(static_cast<double>(a.size())) : value();
      }
      case vk::parr_ref: {
        const pnode& a = cur.pnode_ref();
        if (is_index) return index < a.size ? value::prepared(a.u.elems[index]) : value();
        return is_length ? value::number(static_cast<double>(a.size)) : value();
      }
      case vk::owned_arr: {
        const auto& items = cur.owned_array().items;
        if (is_index) return index < items.size() ? items[index] : value();
        return is_length ? value::number(static_cast<double>(items.size())) : value();
      }
      case vk::str_ref:
      case vk::owned_str: {
        const std::string_view s = cur.string_view();
        if (is_length) return value::number(static_cast<double>(utf16_length(s)));
        if (!is_index) return value();
        std::string out;
        append_utf16_slice(out, s, index, std::size_t{index} + 1);
        return out.empty() ? value() : value::string(std::move(out));
      }
      case vk::scope_frame:
        if (key == "current") return cur.scope_ptr()->current;
        if (key == "accumulator") return cur.scope_ptr()->accumulator;
        return value();
      case vk::owned_frame:
        if (key == "current") return cur.owned_frame().current;
        if (key == "accumulator") return cur.owned_frame().accumulator;
        return value();
      default: return value();
    }
  }

  /// Walks a pre-split path. The result may be `data` itself (callers that keep it escape it).
  value lookup_const(const var_path& path, const value& data, const value& not_found) const {
    if (path.whole) return data;
    const path_segment* seg = p_.segments.data() + path.first;
    const path_segment* end = seg + path.count;
    // Fast path: prepared objects and arrays.
    if (data.kind() == vk::pobj_ref || data.kind() == vk::parr_ref) {
      const pnode* n = &data.pnode_ref();
      for (; seg != end; ++seg) {
        if (n->kind == vk::pobj_ref) {
          n = find_pmember(*n, seg->hash, seg->key);
          if (n == nullptr) return not_found;
        } else if (n->kind == vk::parr_ref && seg->is_index) {
          if (seg->index >= n->size) return not_found;
          n = &n->u.elems[seg->index];
        } else {
          break;  // "length", strings, null...: the general path below
        }
      }
      const value cur = value::prepared(*n);
      return seg == end ? cur : walk(cur, seg, end, not_found);
    }
    // Fast path: JSON objects and arrays, no value copies on the way.
    if (data.kind() == vk::obj_ref || data.kind() == vk::arr_ref) {
      const json* j = &data.json_ref();
      std::uint32_t inst = data.inst();
      for (; seg != end; ++seg) {
        if (j->is_object()) {
          j = find_member(*j, seg->key);
          if (j == nullptr) return not_found;
          inst = 0;
        } else if (j->is_array()) {
          if (!seg->is_index) break;  // "length" and the rest: general path below
          const json::array_t& a = elements(*j);
          if (seg->index >= a.size()) return not_found;
          j = &a[seg->index];
        } else {
          break;
        }
      }
      if (seg == end) return from_json(*j, inst);
      value cur = from_json(*j, inst);
      return walk(cur, seg, end, not_found);
    }
    return walk(data, seg, end, not_found);
  }

  static value walk(value cur, const path_segment* seg, const path_segment* end, const value& not_found) {
    for (; seg != end; ++seg) {
      if (cur.is_nullish()) return not_found;
      value next = get_prop(cur, seg->key, seg->is_index, seg->index, seg->is_length, &seg->hash);
      if (next.is_undefined()) return not_found;
      cur = std::move(next);
    }
    return cur;
  }

  /// json-logic-js `var(a, b)` with a computed path `a`.
  static value lookup_dynamic(const value& a, const value& data, const value& not_found) {
    if (a.is_nullish() || (a.is_string() && a.string_view().empty())) return data;
    std::string storage;
    number_text number;
    std::string_view path;
    if (a.is_string()) {
      path = a.string_view();
    } else if (a.is_number()) {
      number = js_number_to_string(a.number_value());
      path = number.view();
    } else {
      storage = to_js_string(a);
      path = storage;
    }
    value cur = data;
    for (;;) {
      const std::size_t dot = path.find('.');
      const std::string_view key = path.substr(0, dot);
      if (cur.is_nullish()) return not_found;
      std::uint32_t index = 0;
      const bool is_index = parse_array_index(key, index);
      value next = get_prop(cur, key, is_index, index, key == "length");
      if (next.is_undefined()) return not_found;
      cur = std::move(next);
      if (dot == std::string_view::npos) break;
      path.remove_prefix(dot + 1);
    }
    return cur;
  }

  static bool json_fits_depth(const json& j, std::size_t budget) {
    return !::carecompare::detail::find_too_deep(j, budget).has_value();
  }

  /// Prepared data built from JSON is checked on that JSON (without recursion); what is built
  /// without JSON recurses.
  static bool pnode_fits_depth(const pnode& n, std::size_t budget) {
    if (n.src != nullptr) return json_fits_depth(*n.src, budget);
    if (n.kind != vk::parr_ref && n.kind != vk::pobj_ref) return true;
    if (budget == 0) return false;
    for (std::uint32_t k = 0; k < n.size; ++k) {
      const pnode& e = n.kind == vk::parr_ref ? n.u.elems[k] : n.u.members[k].value;
      if (!pnode_fits_depth(e, budget - 1)) return false;
    }
    return true;
  }

  /// Whether `v` is nested at most `budget` levels deep (checked without deep recursion).
  static bool fits_depth(const value& v, std::size_t budget) {
    switch (v.kind()) {
      case vk::arr_ref:
      case vk::obj_ref: return json_fits_depth(v.json_ref(), budget);
      case vk::parr_ref:
      case vk::pobj_ref: return pnode_fits_depth(v.pnode_ref(), budget);
      case vk::owned_arr:
        if (budget == 0) return false;
        for (const value& e : v.owned_array().items) {
          if (!fits_depth(e, budget - 1)) return false;
        }
        return true;
      case vk::owned_frame:
        return budget != 0 && fits_depth(v.owned_frame().current, budget - 1) &&
               fits_depth(v.owned_frame().accumulator, budget - 1);
      default: return true;
    }
  }

  /// json-logic-js `apply({op: argument}, data)` where `argument` came from data and holds logic
  /// (json-logic-js re-applies `missing` keys): compiled and evaluated now. Depth is bounded by
  /// what is left of the max_depth budget, so data that refers to itself cannot recurse forever.
  value eval_dynamic(const char* op, const value& argument, const value& data, std::uint32_t at) {
    if (st_.dynamic_budget < 2 || !fits_depth(argument, st_.dynamic_budget - 1)) {
      throw ::carecompare::logic_error(error_ids::logic_runtime, p_.pointer(at),
                                       "logic held in data is nested too deeply");
    }
    json logic = json::object();
    logic[op] = to_json(argument);
    std::shared_ptr<const program> prog;
    try {
      prog = compile_program(logic, st_.dynamic_budget);
    } catch (const ::carecompare::logic_error& e) {
      fail_in_data(at, e);
    }
    st_.keep.push_back(prog);
    const std::size_t saved = st_.dynamic_budget;
    st_.dynamic_budget -= prog->depth;
    struct restore {
      eval_state& st;
      std::size_t budget;
      ~restore() { st.dynamic_budget = budget; }
    } guard{st_, saved};
    evaluator sub(*prog, st_, fast_ ? mode::fast : mode::reference);
    try {
      return sub.eval(0, data);
    } catch (const ::carecompare::logic_error& e) {
      fail_in_data(at, e);
    }
  }

  /// An error in logic held in data: reported (once, by the rule being applied) at its node that
  /// took the logic from data.
  [[noreturn]] void fail_in_data(std::uint32_t at, const ::carecompare::logic_error& e) const {
    if (&p_ != st_.top) throw e;
    throw ::carecompare::logic_error(error_ids::logic_runtime, p_.pointer(at),
                                     std::string("logic held in data fails: ") + e.what());
  }

  /// Whether `apply({"var": key}, data)` is null or "" (json-logic-js `missing`).
  bool key_missing(const value& key, const value& data, std::uint32_t at) {
    value v;
    if (holds_logic(key)) {
      v = eval_dynamic("var", key, data, at);
    } else if (key.is_array()) {
      // {"var": [a, b]}: a path and a default.
      const std::size_t n = array_size(key);
      value a = n > 0 ? array_at(key, 0) : value();
      value b = n > 1 ? array_at(key, 1) : value();
      v = lookup_dynamic(a, data, b.is_undefined() ? value::null() : b);
    } else {
      v = lookup_dynamic(key, data, value::null());
    }
    return v.kind() == vk::null || (v.is_string() && v.string_view().empty());
  }

  /// Checks each key of `keys` (an array value), collecting the missing ones into `out` when
  /// given; returns how many are missing.
  std::size_t missing_in(const value& keys, const value& data, std::vector<value>* out, std::uint32_t at) {
    std::size_t found = 0;
    const std::size_t n = array_size(keys);
    for (std::size_t k = 0; k < n; ++k) {
      value key = array_at(keys, k);
      if (key_missing(key, data, at)) {
        ++found;
        if (out != nullptr) out->push_back(std::move(key));
      }
    }
    return found;
  }

  /// json-logic-js `missing(...values)`: the keys (or the first value, if an array) that are
  /// missing. Collects them into `out` when given, else only counts them.
  std::size_t missing_of(const value* values, std::size_t count, const value& data, std::vector<value>* out,
                         std::uint32_t at) {
    if (count > 0 && values[0].is_array()) return missing_in(values[0], data, out, at);
    std::size_t found = 0;
    for (std::size_t k = 0; k < count; ++k) {
      if (key_missing(values[k], data, at)) {
        ++found;
        if (out != nullptr) out->push_back(values[k]);
      }
    }
    return found;
  }

  /// json-logic-js `missing_some(need, options)`: 1 if the result is non-empty. Fills `out`
  /// (when given) with the result.
  bool missing_some(const node& n, const value& data, std::uint32_t at, value* out) {
    const value need = eval(n.first, data);
    const value options = eval(n.first + 1, data);
    rest(n, 2, data);
    // are_missing = apply({"missing": options}, data)
    std::vector<value> list;
    std::size_t count = 0;
    if (holds_logic(options)) {
      value r = eval_dynamic("missing", options, data, at);
      count = array_size(r);
      if (out != nullptr) for_each_element(r, [&](const value& e) { list.push_back(e); });
    } else if (options.is_array()) {
      // missing(...options): the first option itself when it is an array, else all of them.
      std::vector<value>* collect = out != nullptr ? &list : nullptr;
      const value first = array_size(options) != 0 ? array_at(options, 0) : value();
      count = missing_in(first.is_array() ? first : options, data, collect, at);
    } else {
      count = missing_of(&options, 1, data, out != nullptr ? &list : nullptr, at);
    }
    // options.length - are_missing.length >= need
    value length;
    switch (options.kind()) {
      case vk::undefined:
      case vk::null: throw js_error{"Cannot read properties of null (reading 'length')"};
      case vk::arr_ref:
      case vk::parr_ref:
      case vk::owned_arr: length = value::number(static_cast<double>(array_size(options))); break;
      case vk::str_ref:
      case vk::owned_str: length = value::number(static_cast<double>(utf16_length(options.string_view()))); break;
      case vk::obj_ref: {
        const json* m = find_member(options.json_ref(), "length");
        if (m != nullptr) length = from_json(*m, 0);
        break;
      }
      case vk::pobj_ref: {
        const pnode* m = find_pmember(options.pnode_ref(), "length");
        if (m != nullptr) length = value::prepared(*m);
        break;
      }
      default: break;
    }
    const double present = to_number(length) - static_cast<double>(count);
    if (ge(value::number(present), need)) {
      if (out != nullptr) *out = make_array({});
      return false;
    }
    if (out != nullptr) *out = make_array(std::move(list));
    return count != 0;
  }

  /// json-logic-js `in(a, b)` (in_op()).
  static bool in_value(const value& a, const value& b) {
    if (!js_truthy(b)) return false;
    switch (b.kind()) {
      case vk::str_ref:
      case vk::owned_str: {
        const std::string_view hay = b.string_view();
        if (a.is_string()) return hay.find(a.string_view()) != std::string_view::npos;
        if (a.is_number()) {
          return hay.find(js_number_to_string(a.number_value()).view()) != std::string_view::npos;
        }
        return hay.find(to_js_string(a)) != std::string_view::npos;
      }
      case vk::arr_ref:
        if (a.is_string()) {  // the common case: a string in a list of strings
          const std::string_view needle = a.string_view();
          for (const json& e : elements(b.json_ref())) {
            const auto* s = e.get_ptr<const json::string_t*>();
            if (s != nullptr && same_text(*s, needle)) return true;
          }
          return false;
        }
        for (const json& e : elements(b.json_ref())) {
          if (strict_equal_json(a, e, b.inst())) return true;
        }
        return false;
      case vk::parr_ref: {
        const pnode& list = b.pnode_ref();
        if (a.is_string()) {
          const std::string_view needle = a.string_view();
          for (std::uint32_t k = 0; k < list.size; ++k) {
            const pnode& e = list.u.elems[k];
            if (e.kind == vk::str_ref && same_text(*e.u.s, needle)) return true;
          }
          return false;
        }
        for (std::uint32_t k = 0; k < list.size; ++k) {
          if (strict_equal(a, value::prepared(list.u.elems[k]))) return true;
        }
        return false;
      }
      case vk::owned_arr:
        for (const value& e : b.owned_array().items) {
          if (strict_equal(a, e)) return true;
        }
        return false;
      case vk::obj_ref:
        if (find_member(b.json_ref(), "indexOf") != nullptr) {
          throw js_error{"b.indexOf is not a function"};
        }
        return false;
      case vk::pobj_ref:
        if (find_pmember(b.pnode_ref(), "indexOf") != nullptr) {
          throw js_error{"b.indexOf is not a function"};
        }
        return false;
      default: return false;
    }
  }

  /// String.prototype.substr(start, length) on UTF-16 code units, plus json-logic-js's
  /// negative-length rule.
  static value substr_op(const value& source, const value& start, const value& length) {
    const bool negative_end = !length.is_undefined() && lt(length, value::number(0));
    std::string storage;
    std::string_view s;
    if (source.is_string()) {
      s = source.string_view();
    } else {
      storage = to_js_string(source);
      s = storage;
    }
    const auto size = static_cast<double>(utf16_length(s));
    const double is = to_integer_or_infinity(to_number(start));
    const double from = is < 0 ? std::max(size + is, 0.0) : std::min(is, size);
    double to = size;
    if (negative_end) {
      // temp = substr(start); temp.substr(0, temp.length + end). A non-number `end` makes that
      // sum a string concatenation, which is NaN as a length: "".
      if (!length.is_number()) return value::string({});
      const double temp_length = size - from;
      const double l = to_integer_or_infinity(temp_length + length.number_value());
      to = from + std::clamp(l, 0.0, temp_length);
    } else if (!length.is_undefined()) {
      const double l = to_integer_or_infinity(to_number(length));
      to = std::min(from + std::clamp(l, 0.0, size), size);
    }
    std::string out;
    if (to > from) {
      append_utf16_slice(out, s, static_cast<std::size_t>(from), static_cast<std::size_t>(to));
    }
    return value::string(std::move(out));
  }

  // -- the specialisations of fast mode ---------------------------------------------------------
  // Each is tried only in fast mode, before the node's implementation; each reads data and
  // computes, with no other effect (the nodes it answers have none), so when it does not answer
  // the implementation starts afresh. Named after what it specialises; each must give what the
  // reference gives (checked by the tests and the logic fuzzer).

  /// eval()'s specialisations that build a value (eval() answers leaves, shaped tests and
  /// numbers itself): compiled `missing` keys, `cat` of leaves, numeric `reduce`.
  CARECOMPARE_LOGIC_NOINLINE bool specialised_value(std::uint32_t i, const value& data, value& out) {
    const node& n = nodes_[i];
    // The reader's specialisations read prepared data (and scalars); a JSON object or array, or a
    // reduce frame, is left to the reference.
    pnode scratch;
    const pnode* readable = as_pnode(data, scratch);
    double d = 0;
    switch (p_.specs[i]) {
      case specialisation::compiled_missing: {
        if (readable == nullptr) return false;
        std::vector<value> keys;
        const int m = missing_keys_each(
            n, *readable,
            [&](int count) {
              if (n.c == code::missing_some && !some_missing(n, count)) return false;
              keys.reserve(static_cast<std::size_t>(count));
              return true;
            },
            [&](const std::string& key) { keys.push_back(value::str(&key)); });
        if (m < 0) return false;
        out = make_array(std::move(keys));
        return true;
      }
      case specialisation::leaf_cat: {
        std::string text;
        cat_of_leaves(n, data, text);
        out = value::string(std::move(text));
        return true;
      }
      case specialisation::numeric_reduce:
        if (!numeric_leaf_reduce(n, data, d)) return false;
        out = value::number(d);
        return true;
      default: break;
    }
    return false;
  }

  // test() specialisations, besides reader::fast_test() of a shaped node (test() itself): the
  // truthiness of what the node's value would be, without building the value.

  /// `if` / `?:`: the truthiness of the branch chosen (null when none: false).
  bool test_branches(const node& n, const value& data) {
    std::uint32_t chosen = 0;
    return choose_branch(
               n, [&](std::uint32_t k) { return test(k, data) ? 1 : 0; }, chosen) != 0 &&
           test(chosen, data);
  }

  /// `and` / `or`: the truthiness of the operand that decides (and of no operand: false).
  bool test_connective(const node& n, const value& data) {
    const bool want = n.c == code::or_;
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      if (test(n.first + k, data) == want) return want;
    }
    return n.argc != 0 && !want;
  }

  /// `missing` / `missing_some`: whether the list would be non-empty, the keys counted rather
  /// than listed (compiled keys in prepared data, or any keys through the implementation's
  /// helpers).
  CARECOMPARE_LOGIC_NOINLINE bool test_missing(const node& n, std::uint32_t i, const value& data) {
    pnode scratch;
    const pnode* readable_data = readable(data) ? as_pnode(data, scratch) : nullptr;
    if (const int m = n.flag && readable_data != nullptr ? missing_keys(n, *readable_data, [](std::size_t) {}) : -1;
        m >= 0) {
      return m != 0 && (n.c == code::missing || some_missing(n, m));
    }
    if (n.c == code::missing_some) return missing_some(n, data, i, nullptr);
    arg_list args;
    eval_all(n, data, args);
    return missing_of(args.begin(), args.size(), data, nullptr, i) != 0;
  }

  /// eval_into() specialisations: on prepared data, reader::write(); then the writers that build
  /// a result straight into `out` (texts into its buffer, lists element by element), for any
  /// data: a literal text, the chosen branch of `if`, a predicate's boolean, a numeric node, `cat`,
  /// `map`, `missing`.
  bool specialised_write(std::uint32_t i, const value& data, json& out) {
    pnode scratch;
    if (const pnode* d = readable(data) ? as_pnode(data, scratch) : nullptr; d != nullptr && write(i, *d, out)) {
      return true;
    }
    const node& n = nodes_[i];
    if (is_predicate(n)) {
      assign_scalar<json::boolean_t>(out, test(i, data));
      return true;
    }
    switch (n.c) {
      case code::lit_string: assign_text(out, *n.u.s); return true;
      case code::if_:
      case code::ternary: {
        std::uint32_t chosen = 0;
        if (choose_branch(
                n, [&](std::uint32_t k) { return test(k, data) ? 1 : 0; }, chosen) == 0) {
          out = nullptr;
        } else {
          eval_into(chosen, data, out);
        }
        return true;
      }
      case code::cat: cat_into(n, i, data, reuse_string(out)); return true;
      case code::map: map_into(n, data, out); return true;
      case code::missing: missing_into(n, i, data, out); return true;
      default: {
        double d = 0;
        if (!computes_number(n) || !num(i, data, d)) return false;
        assign_number(out, d);
        return true;
      }
    }
  }

  /// A `var` leaf's value: prepared data through the member hints (reader::leaf), a JSON object
  /// through one lookup per segment, anything else through lookup_const().
  value lookup_leaf(const node& n, const value& data) const {
    if (data.kind() == vk::scope_frame && n.segments == 1 && n.u.seg->frame != 0) {  // {"var":"current"} in a reduce
      const reduce_scope& f = *data.scope_ptr();
      return n.u.seg->frame == 1 ? f.current : f.accumulator;
    }
    if (data.kind() == vk::pobj_ref || data.kind() == vk::parr_ref) {
      if (const pnode* v = leaf(n, data.pnode_ref()))
        return v->kind == vk::undefined ? value::null() : value::prepared(*v);
    } else if (data.kind() == vk::obj_ref && n.segments == 1) {
      const json* m = find_member(data.json_ref(), n.u.seg->key);
      return m != nullptr ? from_json(*m, 0) : value::null();
    }
    return lookup_const(p_.paths[n.path], data, value::null());
  }

  /// `cat` of literals and `var` leaves appended to `out` (reserved once): read in place from
  /// prepared data (reader::cat_leaves), else each leaf evaluated.
  void cat_of_leaves(const node& n, const value& data, std::string& out) {
    std::size_t size = 0;
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      const node& a = nodes_[n.first + k];
      size += a.c == code::lit_string ? a.u.s->size() : 8;
    }
    out.reserve(size);
    pnode scratch;
    const pnode* d = as_pnode(data, scratch);
    if (d != nullptr && cat_leaves(n, *d, out)) return;
    out.clear();
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      const value v = eval(n.first + k, data);
      if (!v.is_nullish()) append_string(out, v);
    }
  }

  /// `cat` written into `out`: as cat_of_leaves() when it applies, else the implementation's
  /// text appended to `out` directly.
  void cat_into(const node& n, std::uint32_t i, const value& data, std::string& out) {
    if (p_.specs[i] == specialisation::leaf_cat) return cat_of_leaves(n, data, out);
    arg_list args;
    eval_all(n, data, args);
    for (const value& v : args) {
      if (!v.is_nullish()) append_string(out, v);
    }
  }

  /// A numeric `reduce` (numeric_reduce_shape) over a `var` leaf holding a list of numbers, as
  /// doubles (fold()); false for anything else.
  bool numeric_leaf_reduce(const node& n, const value& data, double& out) {
    if (!numeric_reduce_shape(n)) return false;
    const node& source = nodes_[n.first];
    const value list =
        source.flag ? lookup_leaf(source, data) : lookup_const(p_.paths[source.path], data, value::null());
    if (!list.is_array()) return false;
    double initial = 0;
    const node& init = nodes_[n.first + 2];
    if (init.c == code::lit_number) {
      initial = init.u.num;
    } else if (!num(n.first + 2, data, initial)) {
      return false;
    }
    if (list.kind() == vk::parr_ref) return fold_numbers(n, list.pnode_ref(), initial, out);
    return fold(n, array_size(list), initial, out, [&](std::size_t k, double& x) {
      const value e = array_at(list, k);
      x = e.is_number() ? e.number_value() : 0;
      return e.is_number();
    });
  }

  /// `map` written into `out`, element by element; a numeric body is computed as a double for
  /// each element that is prepared data or a scalar (reader::num).
  void map_into(const node& n, const value& data, json& out) {
    const value list = arg(n, 0, data);
    array_writer a(out);
    const std::size_t size = list.is_array() ? array_size(list) : 0;
    a.reserve(size);
    const node& body = nodes_[n.first + 1];
    const bool numeric = n.argc >= 2 && is_numeric_node(body) && (body.c != code::multiply || body.argc > 1);
    for (std::size_t k = 0; k < size; ++k) {
      const value item = array_at(list, k);
      double d = 0;
      if (numeric && num(n.first + 1, item, d)) {
        assign_number(a.next(), d);
        continue;
      }
      const value v = arg(n, 1, item);
      if (v.depth() + 1 > max_value_depth) throw js_error{"computed value nested too deeply"};
      assign_value(a.next(), v);
    }
    a.finish();
  }

  /// `missing` written into `out`, the missing keys element by element.
  void missing_into(const node& n, std::uint32_t i, const value& data, json& out) {
    arg_list args;
    eval_all(n, data, args);
    std::vector<value> found;
    missing_of(args.begin(), args.size(), data, &found, i);
    array_writer a(out);
    a.reserve(found.size());
    for (const value& v : found) {
      if (v.depth() + 1 > max_value_depth) throw js_error{"computed value nested too deeply"};
      assign_value(a.next(), v);
    }
    a.finish();
  }

  eval_state& st_;
  bool fast_;
};

// ---- entries ---------------------------------------------------------------------------------

/// The reference: the value of the whole rule by the reference implementations alone, as
/// apply() gives it.
inline json apply_reference(const program& p, const value& data) {
  eval_state st(p);
  evaluator ev(p, st, evaluator::mode::reference);
  return to_json(ev.eval(0, data));
}
/// The reference's truthiness of the whole rule, as test() gives it.
inline bool test_reference(const program& p, const value& data) {
  eval_state st(p);
  evaluator ev(p, st, evaluator::mode::reference);
  return truthy(ev.eval(0, data));
}

/// apply_into's general path: the evaluator, in fast mode.
inline void eval_into(const program& p, const value& data, json& out) {
  eval_state st(p);
  evaluator ev(p, st, evaluator::mode::fast);
  ev.eval_into(0, data, out);
}
/// apply_into on any data: the reader first (see reader::write()), then the evaluator.
inline void run_into(const program& p, const value& data, json& out) {
  pnode scratch;
  const pnode* d = reader::as_pnode(data, scratch);
  if (d != nullptr && reader(p).write(0, *d, out)) return;
  eval_into(p, data, out);
}
/// run_into on the root of prepared data: the reader reads it as it is, with no value made and
/// taken apart again first (a fixed cost on every call of apply_into). Each root_plan has its
/// entry, which answers or returns false for the evaluator to answer (eval_into_prepared).
/// run_into of a root_plan::test rule.
CARECOMPARE_LOGIC_NOINLINE inline bool into_test(const program& p, const pnode& root, json& out) {
  const int r = reader(p).fast_test(0, root);
  if (r < 0) return false;
  assign_scalar<json::boolean_t>(out, r != 0);
  return true;
}
/// run_into of a root_plan::number rule.
CARECOMPARE_LOGIC_NOINLINE inline bool into_number(const program& p, const pnode& root, json& out) {
  double d = 0;
  if (!reader(p).num(0, root, nullptr, d)) return false;
  assign_number(out, d);
  return true;
}
/// run_into of a root_plan::labels rule: the text of the branch chosen (see choose_branch()).
CARECOMPARE_LOGIC_NOINLINE inline bool into_labels(const program& p, const pnode& root, json& out) {
  const reader r(p);
  std::uint32_t chosen = 0;
  const int found = choose_branch(
      p.nodes[0], [&](std::uint32_t k) { return r.fast_test(k, root); }, chosen);
  if (found < 0) return false;
  if (found == 0) {
    out = nullptr;
  } else {
    assign_text(out, *p.nodes[chosen].u.s);
  }
  return true;
}
/// The general path of run_into on prepared data (out of line: run_into, inlined into callers'
/// loops, holds only the entry's call).
CARECOMPARE_LOGIC_NOINLINE inline void eval_into_prepared(const program& p, const pnode& root, json& out) {
  eval_into(p, value::prepared(root), out);
}
/// run_into of a root_plan::write rule.
CARECOMPARE_LOGIC_NOINLINE inline bool into_write(const program& p, const pnode& root, json& out) {
  return reader(p).write(0, root, out);
}
/// run_into of a root_plan::general rule: the reader never answers, the evaluator does.
CARECOMPARE_LOGIC_NOINLINE inline bool into_general(const program& p, const pnode& root, json& out) {
  eval_into(p, value::prepared(root), out);
  return true;
}
/// The entry of each root_plan, in its order: one indirect call instead of a switch, so that
/// run_into stays small enough to be inlined into the caller's loop.
inline constexpr bool (*into_entries[])(const program&, const pnode&, json&) = {into_write, into_test, into_number,
                                                                                into_general, into_labels};
static_assert(static_cast<int>(root_plan::write) == 0 && static_cast<int>(root_plan::test) == 1 &&
              static_cast<int>(root_plan::number) == 2 && static_cast<int>(root_plan::general) == 3 &&
              static_cast<int>(root_plan::labels) == 4);
/// The root's plan (program::plan) picks the reader's entry without looking at the root again.
CARECOMPARE_LOGIC_HOT void run_into(const program& p, const pnode& root, json& out) {
  if (!into_entries[static_cast<std::uint8_t>(p.plan)](p, root, out)) eval_into_prepared(p, root, out);
}

/// apply: the value of the whole rule as JSON, on a value or on the root of prepared data (read
/// as it is, see run_into). A predicate or numeric root, the most common rules, is returned as
/// built (writing it over a null JSON would make and destroy one more).
template <class Data>
json run(const program& p, const Data& data) {
  if (p.plan == root_plan::test) {  // tests_as_result(root)
    const int r = reader(p).fast_test(0, data);
    if (r >= 0) return r != 0;
  } else if (p.plan == root_plan::number) {  // computes_number(root)
    double d = 0;
    if (reader(p).num(0, data, d)) return number_to_json(d);
  }
  json out;
  run_into(p, data, out);
  return out;
}

/// test: the truthiness of the whole rule, the fast path first when the root has a shape.
inline bool eval_test(const program& p, const value& data) {
  eval_state st(p);
  evaluator ev(p, st, evaluator::mode::fast);
  return ev.test(0, data);
}
/// The truthiness of the value of a root_plan::number or root_plan::labels root, as the reader
/// computes that value (into_number(), into_labels()): a number is true unless 0 or NaN, a
/// label unless "", no branch (null) is false. 1, 0, or -1 when the evaluator must answer.
template <class Data>
CARECOMPARE_LOGIC_NOINLINE int test_by_plan(const program& p, const Data& data) {
  const reader r(p);
  if (p.plan == root_plan::number) {
    double d = 0;
    if (!r.num(0, data, d)) return -1;
    return d != 0 && !std::isnan(d) ? 1 : 0;
  }
  std::uint32_t chosen = 0;
  const int found = choose_branch(
      p.nodes[0], [&](std::uint32_t k) { return r.fast_test(k, data); }, chosen);
  if (found <= 0) return found;  // -1: a condition the reader cannot tell; 0: no branch, null
  return p.nodes[chosen].u.s->empty() ? 0 : 1;
}
/// Whether test_by_plan() answers the root of `p`.
inline bool tests_by_plan(const program& p) noexcept {
  return p.plan == root_plan::number || p.plan == root_plan::labels;
}

inline bool run_test(const program& p, const value& data) {
  if (p.nodes[0].form != shape::none) {
    const int r = reader(p).fast_test(0, data);
    if (r >= 0) return r != 0;
  } else if (tests_by_plan(p)) {
    const int r = test_by_plan(p, data);
    if (r >= 0) return r != 0;
  }
  return eval_test(p, data);
}
/// run_test on the root of prepared data, read as it is (see run_into). Inlined into test_each()'s
/// loop over a catalog's rules, however many other callers it has.
CARECOMPARE_LOGIC_HOT bool run_test(const program& p, const pnode& root) {
  if (p.nodes[0].form != shape::none) {
    const int r = reader(p).fast_test(0, root);
    if (r >= 0) return r != 0;
  } else if (tests_by_plan(p)) {
    const int r = test_by_plan(p, root);
    if (r >= 0) return r != 0;
  }
  return eval_test(p, value::prepared(root));
}

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_EVALUATOR_HPP
