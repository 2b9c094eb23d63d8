// SPDX-License-Identifier: MIT
/**
 * @file logic/eval.hpp
 * Internal: evaluation of a compiled JsonLogic program, operator by operator as json-logic-js
 * 2.0.5 does it.
 *
 * `evaluator::eval` computes a node's value; `evaluator::test` computes only its truthiness,
 * which lets `and`, `or`, `!`, `if`, comparisons, `in`, `missing`, `some`... answer without
 * building anything. One `switch` per node, no virtual calls, no operator names. Recursion follows
 * the rule's nesting, which compile() bounded; scoped operators (map, filter, reduce, all, none,
 * some) loop instead of recursing deeper.
 */
#ifndef CARECOMPARE_SRC_LOGIC_EVAL_HPP
#define CARECOMPARE_SRC_LOGIC_EVAL_HPP

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include "data.hpp"
#include "program.hpp"
#include "value.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

// ---- log sink --------------------------------------------------------------------------------

using log_sink = std::function<void(std::string_view)>;

struct log_state {
  std::mutex mutex;
  std::shared_ptr<const log_sink> sink;  ///< null: the default (stderr)
};

inline log_state& log_global() {
  static log_state state;
  return state;
}

inline void set_sink(log_sink sink) {
  auto p = sink ? std::make_shared<const log_sink>(std::move(sink)) : nullptr;
  log_state& s = log_global();
  const std::lock_guard<std::mutex> lock(s.mutex);
  s.sink = std::move(p);
}

/// Writes one log line: to the sink if one is set, else to stderr.
inline void emit_log(std::string_view text) {
  log_state& s = log_global();
  std::shared_ptr<const log_sink> sink;
  {
    const std::lock_guard<std::mutex> lock(s.mutex);
    sink = s.sink;
  }
  if (sink) {
    (*sink)(text);
    return;
  }
  static std::mutex stderr_mutex;
  const std::lock_guard<std::mutex> lock(stderr_mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

// ---- evaluation ------------------------------------------------------------------------------

/// State of one apply/test call, shared by the rules it builds on the fly.
struct eval_state {
  explicit eval_state(const program& rule) noexcept : top(&rule), dynamic_budget(rule.max_depth) {}
  const program* top;  ///< the rule being applied (errors are reported against it)
  std::uint32_t next_inst = 1;
  std::size_t dynamic_budget;  ///< depth left for rules built while evaluating (see eval_dynamic)
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
    case vk::obj_ref:
      return v.json_ref().size() == 1;
    case vk::pobj_ref:
      return v.pnode_ref().size == 1;
    case vk::arr_ref:
      return !is_constant_array(v.json_ref());
    case vk::parr_ref:
      return !is_constant_parray(v.pnode_ref());
    case vk::owned_arr:
      for (const value& e : v.owned_array().items) {
        if (holds_logic(e)) return true;
      }
      return false;
    default:
      return false;
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
 * The fast path: prepared data read in place, without building values.
 *
 * Nodes of a known shape (compiler::shape_of, is_simple, is_numeric) are answered here:
 * literals, `var` leaves, comparisons and `in` of common shapes, and/or/!/!!/some/all/none of
 * those, arithmetic on numbers, `missing` of literal keys. Every function returns "don't know"
 * (-1, false, nullptr) on anything it does not expect (data that is not prepared, an operand of
 * another type), and the general path (evaluator) then answers. These nodes only read data,
 * so starting again on the general path is always right. A reader needs no evaluation state:
 * run_test() tries it before making an evaluator at all.
 */
class reader {
 public:
  explicit reader(const program& p) noexcept : p_(p), nodes_(p.nodes.data()) {}

  static constexpr pnode absent_node = [] {
    pnode n;
    n.kind = vk::undefined;
    return n;
  }();

  /// `v` as prepared data: itself for prepared arrays and objects, else copied into `scratch`
  /// for scalars; nullptr for what is not (JSON arrays and objects, computed values).
  static const pnode* as_pnode(const value& v, pnode& scratch) noexcept {
    switch (v.kind()) {
      case vk::parr_ref:
      case vk::pobj_ref:
        return &v.pnode_ref();
      case vk::undefined:
      case vk::null:
      case vk::boolean:
        scratch.kind = v.kind();
        scratch.flag = v.boolean_value();
        return &scratch;
      case vk::number:
        scratch.kind = vk::number;
        scratch.u.num = v.number_value();
        return &scratch;
      case vk::str_ref:
      case vk::owned_str:
        scratch.kind = vk::str_ref;
        scratch.u.s = v.kind() == vk::str_ref ? v.string_ptr() : &static_cast<const str_obj*>(v.heap())->text;
        return &scratch;
      default:
        return nullptr;
    }
  }

  /// The value of `var` leaf `v` (compiler::is_var_leaf: a constant path without default, or
  /// the whole data) in `data`:
  /// walks objects and array indexes. The absent_node when not found; nullptr when the general
  /// path must read it (`length`, string indexes, data that is not prepared).
  CARECOMPARE_LOGIC_HOT static const pnode* leaf(const node& v, const pnode& data) noexcept {
    if (v.segments == 1 && data.kind == vk::pobj_ref) {  // {"var":"key"}: the common case
      const pnode* m = find_segment(data, *v.u.seg);
      return m != nullptr ? m : &absent_node;
    }
    if (!v.flag) return &data;  // the whole data
    return leaf_path(v, data);
  }

  static const pnode* leaf_path(const node& v, const pnode& data) noexcept {
    if (v.segments == 0) return nullptr;  // more than 255 segments
    return walk_path(v.u.seg, v.segments, data);
  }

  /// Members are looked up through their hint (find_segment), also for keys that are often
  /// absent (`missing`): a failed hint costs one comparison of key heads before the search.
  static const pnode* walk_path(const path_segment* seg, std::size_t count, const pnode& data) noexcept {
    const pnode* n = &data;
    for (const path_segment* end = seg + count; seg != end; ++seg) {
      if (n->kind == vk::pobj_ref) {
        n = find_segment(*n, *seg);
        if (n == nullptr) return &absent_node;
      } else if (n->kind == vk::parr_ref && seg->is_index) {
        if (seg->index >= n->size) return &absent_node;
        n = &n->u.elems[seg->index];
      } else if (n->kind <= vk::null) {  // a segment after null: not found
        return &absent_node;
      } else {
        return nullptr;
      }
    }
    return n;
  }

  /// The list of keys of `missing` / `missing_some` node `n` whose keys are compiled ahead
  /// (compiler::compile_keys): the node's literal array, or the node itself (its arguments).
  const node& missing_list(const node& n) const noexcept {
    return nodes_[n.c == code::missing_some ? n.first + 1 : n.first];
  }
  std::size_t missing_count(const node& n) const noexcept {
    const node& list = missing_list(n);
    return n.argc == 0 ? 0 : list.c == code::lit_array ? list.u.j->size() : n.argc;
  }
  /// Key `k` of missing_list(n).
  const std::string& missing_key(const node& n, std::size_t k) const {
    const node& list = missing_list(n);
    return list.c == code::lit_array ? elements(*list.u.j)[k].get_ref<const std::string&>()
                                     : *nodes_[n.first + k].u.s;
  }

  /**
   * The keys of `missing` / `missing_some` node `n`, compiled ahead (compiler::compile_keys),
   * checked in prepared data: calls `found(k)` with the index of each missing key (absent, null
   * or "") and returns how many there are; -1 when the general path must check (a key walks
   * through `length` or a string), after which the caller drops what `found` collected.
   */
  template <class F>
  int missing_keys(const node& n, const pnode& data, F&& found) const {
    const std::size_t count = missing_count(n);
    int missing = 0;
    for (std::size_t k = 0; k < count; ++k) {
      const var_path& path = p_.paths[n.path + k];
      const pnode* v = walk_path(p_.segments.data() + path.first, path.count, data);
      if (v == nullptr) return -1;
      if (v->kind <= vk::null || (v->kind == vk::str_ref && v->u.s->empty())) {
        ++missing;
        found(k);
      }
    }
    return missing;
  }

  /// missing_keys() on a value (-1 when it is not prepared data).
  template <class F>
  int prepared_missing(const node& n, const value& data, F&& found) const {
    pnode scratch;
    const pnode* d = as_pnode(data, scratch);
    return d != nullptr ? missing_keys(n, *d, std::forward<F>(found)) : -1;
  }
  /// prepared_missing(), only counting.
  int prepared_missing(const node& n, const value& data) const {
    return prepared_missing(n, data, [](std::size_t) {});
  }

  /**
   * missing_keys() that also calls `each(key)` for every missing key, in order, when
   * `wanted(count)` says the keys are wanted: one pass over the data when there are at most 64
   * keys (the missing ones are remembered in a bit mask), two beyond.
   */
  template <class W, class F>
  int missing_keys_each(const node& n, const pnode& data, W&& wanted, F&& each) const {
    std::uint64_t mask = 0;
    const int m = missing_keys(n, data, [&](std::size_t k) {
      if (k < 64) mask |= std::uint64_t{1} << k;
    });
    if (m <= 0 || !wanted(m)) return m;
    if (missing_count(n) <= 64) {
      for (; mask != 0; mask &= mask - 1) each(missing_key(n, static_cast<std::size_t>(std::countr_zero(mask))));
    } else {
      missing_keys(n, data, [&](std::size_t k) { each(missing_key(n, k)); });
    }
    return m;
  }
  /// missing_keys_each() on a value (-1 when it is not prepared data).
  template <class W, class F>
  int prepared_missing_keys(const node& n, const value& data, W&& wanted, F&& each) const {
    pnode scratch;
    const pnode* d = as_pnode(data, scratch);
    return d != nullptr ? missing_keys_each(n, *d, std::forward<W>(wanted), std::forward<F>(each)) : -1;
  }

  /// `missing` / `missing_some` node `n` whose keys are compiled ahead, written into `out`: the
  /// missing keys, or [] (missing_some when enough are present). False, with `out` untouched,
  /// when the general path must answer (see missing_keys()).
  bool write_missing(const node& n, const pnode& data, json& out) const {
    std::optional<array_writer> a;  // made once the count is known: the array grows once, or not at all
    const int m = missing_keys_each(
        n, data,
        [&](int count) {
          if (n.c == code::missing_some && !some_missing(n, count)) return false;
          a.emplace(out).reserve(static_cast<std::size_t>(count));
          return true;
        },
        [&](const std::string& key) { assign_text(a->next(), key); });
    if (m < 0) return false;
    if (!a) a.emplace(out);
    a->finish();
    return true;
  }

  /// missing_some with keys compiled ahead: whether the result is the missing keys (true) or
  /// [] (enough are present), given how many are missing; see missing_some().
  bool some_missing(const node& n, int missing) const noexcept {
    const node& list = nodes_[n.first + 1];
    const double present = static_cast<double>(list.u.j->size()) - missing;
    return !(present >= nodes_[n.first].u.num);
  }

  /// JsonLogic truthiness of a prepared value.
  static int truthy_node(const pnode& v) noexcept {
    switch (v.kind) {
      case vk::boolean:
        return v.flag ? 1 : 0;
      case vk::number:
        return v.u.num != 0 && !std::isnan(v.u.num) ? 1 : 0;
      case vk::str_ref:
        return v.u.s->empty() ? 0 : 1;
      case vk::parr_ref:
        return v.size != 0 ? 1 : 0;
      case vk::pobj_ref:
        return 1;
      default:
        return 0;
    }
  }

  /// JS parseFloat(String(x)) of a number: x, except that -0 prints as "0". Adding +0 does just
  /// that (-0 + 0 is +0 when rounding to nearest), without a branch.
  static double pf(double x) noexcept { return x + 0.0; }

  /// Whether a node is numeric (compiler::is_numeric), from its code and flag.
  static bool is_numeric_node(const node& a) noexcept {
    if (a.c == code::lit_number) return true;
    if (a.c >= code::max && a.c <= code::mod) return a.flag;
    return a.c == code::var_const && (a.flag || a.argc <= 1);
  }

  /**
   * The value of numeric node `i` (see compiler::is_numeric) as a double, when every leaf it
   * reads holds a number: from prepared data, or `frame` (the current and accumulator of a
   * numeric reduce, see numeric_reduce()). False when the general path must compute it. The
   * same results as eval(): json-logic-js's operators on numbers.
   */
  CARECOMPARE_LOGIC_HOT bool num(std::uint32_t i, const pnode& data, const double* frame,
                                 double& out) const noexcept {
    const node& c = nodes_[i];
    if (c.c == code::lit_number) {
      out = c.u.num;
      return true;
    }
    if (c.c == code::var_const && c.argc <= 1) {
      if (frame != nullptr && c.segments == 1 && c.u.seg->frame != 0) {
        out = frame[c.u.seg->frame - 1];
        return true;
      }
      const pnode* m = leaf(c, data);
      if (m == nullptr || m->kind != vk::number) return false;
      out = m->u.num;
      return true;
    }
    return num_operator(c, data, frame, out);
  }

  /// num() of an arithmetic node. A small dispatcher, as fast_test() is: each operator is its
  /// own function, so that a chain of them (recursing through num()) saves few registers.
  CARECOMPARE_LOGIC_HOT bool num_operator(const node& n, const pnode& data, const double* frame,
                                          double& out) const noexcept {
    if (n.argc == 2 && n.c >= code::max && n.c <= code::mod) return num_binary(n, data, frame, out);
    switch (n.c) {
      case code::add:
        return num_add(n, data, frame, out);
      case code::mul:
        return num_mul(n, data, frame, out);
      case code::sub:
        return num_sub(n, data, frame, out);
      case code::div:
      case code::mod:
        return num_div(n, data, frame, out);
      case code::max:
      case code::min:
        return num_min_max(n, data, frame, out);
      default:
        return false;
    }
  }

  /// max min + - * / % of two operands, the most common arithmetic: one function for the
  /// seven, with no loop, so that a chain of them saves fewer registers (the same results as
  /// num_min_max, num_add, num_mul, num_sub and num_div).
  CARECOMPARE_LOGIC_NOINLINE bool num_binary(const node& n, const pnode& data, const double* frame,
                                             double& out) const noexcept {
    double x = 0;
    double y = 0;
    if (!num(n.first, data, frame, x) || !num(n.first + 1, data, frame, y)) return false;
    out = binary(n.c, x, y);
    return true;
  }

  /// max min + - * / % of two numbers, as num_min_max, num_add, num_mul, num_sub and num_div
  /// compute them.
  template <code C>
  static double binary_of(double x, double y) noexcept {
    if constexpr (C == code::max) {  // NaN if either is; -0 below +0
      if (std::isnan(x) || std::isnan(y)) return nan_v;
      return y > x || (y == 0 && x == 0 && !std::signbit(y)) ? y : x;
    } else if constexpr (C == code::min) {
      if (std::isnan(x) || std::isnan(y)) return nan_v;
      return y < x || (y == 0 && x == 0 && std::signbit(y)) ? y : x;
    } else if constexpr (C == code::add) {
      return (0.0 + x) + y;  // parseFloat of each, summed from +0 (see num_add)
    } else if constexpr (C == code::mul) {
      return pf(x) * pf(y);
    } else if constexpr (C == code::sub) {
      return x - y;
    } else if constexpr (C == code::div) {
      return x / y;
    } else {
      return std::fmod(x, y);
    }
  }
  /// `f(std::integral_constant<code, c>{})` for `c`, one of max min + - * / %: the one place
  /// where an operator code read at run time picks the template instance that computes it.
  template <class F>
  CARECOMPARE_LOGIC_HOT static decltype(auto) with_binary(code c, F&& f) {
    switch (c) {
      case code::max:
        return f(std::integral_constant<code, code::max>{});
      case code::min:
        return f(std::integral_constant<code, code::min>{});
      case code::add:
        return f(std::integral_constant<code, code::add>{});
      case code::mul:
        return f(std::integral_constant<code, code::mul>{});
      case code::sub:
        return f(std::integral_constant<code, code::sub>{});
      case code::div:
        return f(std::integral_constant<code, code::div>{});
      default:
        return f(std::integral_constant<code, code::mod>{});
    }
  }
  /// binary_of() for `c`, one of max min + - * / %.
  static double binary(code c, double x, double y) noexcept {
    return with_binary(c, [&](auto op) { return binary_of<decltype(op)::value>(x, y); });
  }

  /// `+`: parseFloat of each operand, summed. The sum starts at +0, so adding x is adding
  /// pf(x): it is never -0 and +0 + -0 is +0.
  CARECOMPARE_LOGIC_NOINLINE bool num_add(const node& n, const pnode& data, const double* frame,
                                          double& out) const noexcept {
    double sum = 0;
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      double x = 0;
      if (!num(n.first + k, data, frame, x)) return false;
      sum = sum + x;
    }
    out = sum;
    return true;
  }

  /// `*`: the product (one operand: the value as is).
  CARECOMPARE_LOGIC_NOINLINE bool num_mul(const node& n, const pnode& data, const double* frame,
                                          double& out) const noexcept {
    double x = 0;
    if (!num(n.first, data, frame, x)) return false;
    if (n.argc == 1) {
      out = x;
      return true;
    }
    double product = pf(x);
    for (std::uint32_t k = 1; k < n.argc; ++k) {
      double y = 0;
      if (!num(n.first + k, data, frame, y)) return false;
      product = (k == 1 ? product : pf(product)) * pf(y);
    }
    out = product;
    return true;
  }

  /// `-`: the difference, or the negation of one operand.
  CARECOMPARE_LOGIC_NOINLINE bool num_sub(const node& n, const pnode& data, const double* frame,
                                          double& out) const noexcept {
    double x = 0;
    double y = 0;
    if (!num(n.first, data, frame, x)) return false;
    if (n.argc == 1) {
      out = -x;
      return true;
    }
    if (!num(n.first + 1, data, frame, y)) return false;
    out = x - y;
    return true;
  }

  /// `/` and `%`.
  CARECOMPARE_LOGIC_NOINLINE bool num_div(const node& n, const pnode& data, const double* frame,
                                          double& out) const noexcept {
    double x = 0;
    double y = 0;
    if (!num(n.first, data, frame, x) || !num(n.first + 1, data, frame, y)) return false;
    out = n.c == code::div ? x / y : std::fmod(x, y);
    return true;
  }

  /// `min` and `max`: NaN if any operand is NaN; -0 below +0.
  CARECOMPARE_LOGIC_NOINLINE bool num_min_max(const node& n, const pnode& data, const double* frame,
                                              double& out) const noexcept {
    const bool is_max = n.c == code::max;
    double r = is_max ? -inf_v : inf_v;
    bool nan = false;
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      double x = 0;
      if (!num(n.first + k, data, frame, x)) return false;
      if (std::isnan(x)) {
        nan = true;
      } else if (is_max ? (x > r || (x == 0 && r == 0 && !std::signbit(x)))
                        : (x < r || (x == 0 && r == 0 && std::signbit(x)))) {
        r = x;
      }
    }
    out = nan ? nan_v : r;
    return true;
  }

  /// Whether reduce node `n` has a numeric body and initial value (compiler::is_numeric).
  bool numeric_reduce_shape(const node& n) const noexcept {
    return n.argc == 3 && is_numeric_node(nodes_[n.first + 1]) && is_numeric_node(nodes_[n.first + 2]);
  }

  /// The body of reduce `n` folded over `size` numbers, `element(k, x)` giving the k-th (false
  /// when it is not a number), from `initial`: the accumulator as a double.
  template <class F>
  bool fold(const node& n, std::size_t size, double initial, double& out, F&& element) const {
    if (is_sum_body(nodes_[n.first + 1])) {  // the accumulator stays in a register
      double sum = initial;
      for (std::size_t k = 0; k < size; ++k) {
        double x = 0;
        if (!element(k, x)) return false;
        sum = (x + sum) + 0.0;  // parseFloat(current) + parseFloat(accumulator), from +0
      }
      out = sum;
      return true;
    }
    double frame[2] = {0, initial};  // current, accumulator
    for (std::size_t k = 0; k < size; ++k) {
      if (!element(k, frame[0])) return false;
      // The body's data is the frame: only `current` and `accumulator` are numbers in it.
      if (!num(n.first + 1, absent_node, frame, frame[1])) return false;
    }
    out = frame[1];
    return true;
  }

  /// Whether a reduce body is {"+": [{"var": "current"}, {"var": "accumulator"}]} (either
  /// order): the sum, JsonLogic's usual reduce, which fold() adds up directly.
  bool is_sum_body(const node& body) const noexcept {
    if (body.c != code::add || body.argc != 2) return false;
    int frames = 0;
    for (std::uint32_t k = 0; k < 2; ++k) {
      const node& a = nodes_[body.first + k];
      if (a.c != code::var_const || a.argc > 1 || a.segments != 1) return false;
      frames |= 1 << a.u.seg->frame;  // 2 current, 4 accumulator
    }
    return frames == 6;
  }

  /// fold() over a prepared array.
  bool fold_numbers(const node& n, const pnode& list, double initial, double& out) const {
    return fold(n, list.size, initial, out, [&](std::size_t k, double& x) {
      const pnode& e = list.u.elems[k];
      x = e.u.num;
      return e.kind == vk::number;
    });
  }

  /// A numeric reduce (numeric_reduce_shape) over a `var` leaf of prepared data that is an
  /// array of numbers, computed as doubles without an evaluator; false when the general path
  /// must answer.
  bool num_reduce(const node& n, const pnode& data, double& out) const {
    const node& source = nodes_[n.first];
    if (!numeric_reduce_shape(n) || source.c != code::var_const || source.argc > 1) return false;
    const pnode* list = leaf(source, data);
    double initial = 0;
    if (list == nullptr || list->kind != vk::parr_ref || !num(n.first + 2, data, nullptr, initial)) return false;
    return fold_numbers(n, *list, initial, out);
  }

  /// num() of a value (false when it is not prepared data or a scalar).
  bool num(std::uint32_t i, const value& data, double& out) const noexcept {
    pnode scratch;
    const pnode* d = as_pnode(data, scratch);
    return d != nullptr && num(i, *d, nullptr, out);
  }

  /// A comparison of two numbers (false with NaN, as in JS).
  static int compare_numbers(code c, double x, double y) noexcept {
    switch (c) {
      case code::lt:
        return x < y ? 1 : 0;
      case code::le:
        return x <= y ? 1 : 0;
      case code::gt:
        return x > y ? 1 : 0;
      case code::ge:
        return x >= y ? 1 : 0;
      case code::eq:
      case code::seq:
        return x == y ? 1 : 0;
      case code::ne:
      case code::sne:
        return x != y ? 1 : 0;
      default:
        return -1;
    }
  }

  /**
   * test() of a node of a known shape (shape::simple, or a shaped comparison) on prepared
   * data, without building values: 1 true, 0 false, -1 when the general path must answer.
   */
  CARECOMPARE_LOGIC_HOT int fast_test(std::uint32_t i, const pnode& data) const noexcept {
    // A small dispatcher: each shape is its own function, so that the frequent leaves and
    // comparisons do not pay for saving the registers the loops of the others need.
    const node& n = nodes_[i];
    switch (n.form) {
      case shape::none:
        return -1;
      case shape::simple:
        return fast_simple(n, data);
      case shape::text_in_var:
        return fast_text_in_var(n, data);
      case shape::var_in_texts:
        return fast_var_in_texts(n, data);
      case shape::var_number:
        return fast_versus_number<true>(n, data);
      case shape::number_var:
        return fast_versus_number<false>(n, data);
      case shape::var_text:
        return fast_versus_text<true>(n, data);
      case shape::text_var:
        return fast_versus_text<false>(n, data);
      case shape::between:
        return fast_between(n, data);
      case shape::numbers:
        return fast_numbers(n, data);
    }
    return -1;
  }

  /// {"in": ["text", {"var": k}]}: the text among the strings of a list, or inside a string.
  CARECOMPARE_LOGIC_NOINLINE int fast_text_in_var(const node& n, const pnode& data) const noexcept {
    const node* args = nodes_ + n.first;
    const pnode* hay = leaf(args[1], data);
    if (hay == nullptr) return -1;
    const std::string& text = *args[0].u.s;
    if (hay->kind == vk::parr_ref) {
      for (std::uint32_t k = 0; k < hay->size; ++k) {
        const pnode& e = hay->u.elems[k];
        if (e.kind == vk::str_ref && same_text(*e.u.s, text)) return 1;
      }
      return 0;
    }
    if (hay->kind == vk::str_ref) return hay->u.s->find(text) != std::string::npos ? 1 : 0;
    return hay->kind <= vk::null ? 0 : -1;  // `in` of null or undefined: false
  }

  /// {"in": [{"var": k}, ["a", "b"]]}: only a string can be among literal strings.
  CARECOMPARE_LOGIC_NOINLINE int fast_var_in_texts(const node& n, const pnode& data) const noexcept {
    const node* args = nodes_ + n.first;
    const pnode* needle = leaf(args[0], data);
    if (needle == nullptr || needle->kind >= vk::parr_ref) return -1;
    if (needle->kind != vk::str_ref) return 0;
    const std::string& s = *needle->u.s;
    for (const json& e : elements(*args[1].u.j)) {  // [] is falsy: the loop answers false
      if (same_text(*e.get_ptr<const json::string_t*>(), s)) return 1;
    }
    return 0;
  }

  /// A comparison of a number datum with a literal number, the datum `first` or second.
  template <bool first>
  CARECOMPARE_LOGIC_NOINLINE int fast_versus_number(const node& n, const pnode& data) const noexcept {
    const node* args = nodes_ + n.first;
    const pnode* m = leaf(args[first ? 0 : 1], data);
    if (m == nullptr || m->kind != vk::number) return -1;
    const double literal = args[first ? 1 : 0].u.num;
    return first ? compare_numbers(n.c, m->u.num, literal) : compare_numbers(n.c, literal, m->u.num);
  }

  /// ==, ===, != or !== of a string datum and a literal string, the datum `first` or second.
  template <bool first>
  CARECOMPARE_LOGIC_NOINLINE int fast_versus_text(const node& n, const pnode& data) const noexcept {
    const node* args = nodes_ + n.first;
    const pnode* m = leaf(args[first ? 0 : 1], data);
    if (m == nullptr || m->kind != vk::str_ref) return -1;
    const bool same = same_text(*m->u.s, *args[first ? 1 : 0].u.s);
    return (n.c == code::eq || n.c == code::seq) == same ? 1 : 0;
  }

  /// {"<": [1, {"var": k}, 9]}, < or <=.
  CARECOMPARE_LOGIC_NOINLINE int fast_between(const node& n, const pnode& data) const noexcept {
    const node* args = nodes_ + n.first;
    const pnode* m = leaf(args[1], data);
    if (m == nullptr || m->kind != vk::number) return -1;
    const double x = m->u.num;
    if (n.c == code::lt) return args[0].u.num < x && x < args[2].u.num ? 1 : 0;
    return args[0].u.num <= x && x <= args[2].u.num ? 1 : 0;
  }

  /// A comparison of two numeric operands.
  CARECOMPARE_LOGIC_NOINLINE int fast_numbers(const node& n, const pnode& data) const noexcept {
    double x = 0;
    double y = 0;
    if (!num(n.first, data, nullptr, x) || !num(n.first + 1, data, nullptr, y)) return -1;
    return compare_numbers(n.c, x, y);
  }

  /// shape::simple: literals, var leaves, and/or/!/!!, some/all/none.
  CARECOMPARE_LOGIC_NOINLINE int fast_simple(const node& n, const pnode& data) const noexcept {
    const node* args = nodes_ + n.first;
    switch (n.c) {
      case code::lit_null:
        return 0;
      case code::lit_bool:
        return n.flag ? 1 : 0;
      case code::lit_number:
        return n.u.num != 0 && !std::isnan(n.u.num) ? 1 : 0;
      case code::lit_string:
        return n.u.s->empty() ? 0 : 1;
      case code::lit_object:
        return 1;
      case code::lit_array:
        return n.u.j->empty() ? 0 : 1;
      case code::var_const: {
        const pnode* v = leaf(n, data);
        return v != nullptr ? truthy_node(*v) : -1;
      }
      case code::and_:
        for (std::uint32_t k = 0; k < n.argc; ++k) {
          const int r = fast_test(n.first + k, data);
          if (r <= 0) return r;
        }
        return n.argc != 0 ? 1 : 0;
      case code::or_:
        for (std::uint32_t k = 0; k < n.argc; ++k) {
          const int r = fast_test(n.first + k, data);
          if (r != 0) return r;
        }
        return 0;
      case code::not_:
      case code::notnot: {
        const int r = fast_test(n.first, data);
        return r < 0 || n.c == code::notnot ? r : 1 - r;
      }
      case code::all:
      case code::none:
      case code::some: {
        const pnode* list = leaf(args[0], data);
        if (list == nullptr) return -1;
        if (list->kind != vk::parr_ref || list->size == 0) return n.c == code::none ? 1 : 0;
        for (std::uint32_t k = 0; k < list->size; ++k) {
          const int t = fast_test(n.first + 1, list->u.elems[k]);
          if (t < 0) return -1;
          if (n.c == code::all && t == 0) return 0;
          if (n.c != code::all && t != 0) return n.c == code::some ? 1 : 0;
        }
        return n.c != code::some ? 1 : 0;
      }
      default:
        return -1;
    }
  }

  /// `cat` of literals and `var` leaves (the `leaves` case of evaluator::cat()) read in prepared
  /// data, each appended to `out` as it is read. False when the general path must answer (an
  /// operand that is an array or object, a leaf it cannot read); `out` then holds part of the
  /// result, for the caller to clear.
  bool cat_leaves(const node& n, const pnode& data, std::string& out) const {
    text_appender text(out);
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      const node& a = nodes_[n.first + k];
      switch (a.c) {
        case code::lit_string:
          text.add(*a.u.s);
          break;
        case code::lit_number:
          text.add_number(a.u.num);
          break;
        case code::lit_bool:
          text.add(a.flag ? "true" : "false");
          break;
        case code::lit_null:
          break;
        default: {
          const pnode* v = a.c == code::var_const && a.argc <= 1 ? leaf(a, data) : nullptr;
          if (v == nullptr || !append_scalar(text, *v)) return false;
          break;
        }
      }
    }
    text.flush();
    return true;
  }

  /// Pieces of text gathered on the stack, then appended to a string at once: one append of
  /// the whole instead of one per piece, for `cat` of short pieces.
  class text_appender {
   public:
    explicit text_appender(std::string& out) noexcept : out_(out) {}
    void add(std::string_view s) {
      const std::size_t n = s.size();
      if (n > sizeof buf_ - used_) {
        flush();
        if (n > sizeof buf_) {
          out_ += s;
          return;
        }
      }
      copy_short(buf_ + used_, s.data(), n);
      used_ += n;
    }
    /// JS String() of a number (js_number_to_string), written straight into the buffer when it
    /// is an integer of up to 9 digits (the common case: scores, counts, stages).
    void add_number(double d) {
      if (d > -1e9 && d < 1e9 && sizeof buf_ - used_ >= 10) {
        const auto i = static_cast<std::int32_t>(d);
        if (static_cast<double>(i) == d) {  // -0 too: it prints "0"
          char* p = buf_ + used_;
          std::uint32_t u = static_cast<std::uint32_t>(i);
          if (i < 0) {
            *p++ = '-';
            u = 0U - u;
          }
          char rev[10];
          int k = 0;
          do {
            rev[k++] = static_cast<char>('0' + u % 10U);
            u /= 10U;
          } while (u != 0);
          while (k > 0) *p++ = rev[--k];
          used_ = static_cast<std::size_t>(p - buf_);
          return;
        }
      }
      add(js_number_to_string(d).view());
    }
    void flush() {
      out_.append(buf_, used_);
      used_ = 0;
    }

   private:
    /// memcpy of a short piece, inline (a call to memcpy costs more than the copy).
    static void copy_short(char* to, const char* from, std::size_t n) noexcept {
      if (n >= 8) {
        if (n > 16) {
          std::memcpy(to, from, n);
          return;
        }
        std::uint64_t a = 0, b = 0;  // NOLINT(readability-isolate-declaration)
        std::memcpy(&a, from, 8);
        std::memcpy(&b, from + n - 8, 8);
        std::memcpy(to, &a, 8);
        std::memcpy(to + n - 8, &b, 8);
      } else if (n >= 4) {
        std::uint32_t a = 0, b = 0;  // NOLINT(readability-isolate-declaration)
        std::memcpy(&a, from, 4);
        std::memcpy(&b, from + n - 4, 4);
        std::memcpy(to, &a, 4);
        std::memcpy(to + n - 4, &b, 4);
      } else if (n != 0) {
        to[0] = from[0];
        to[n >> 1U] = from[n >> 1U];
        to[n - 1] = from[n - 1];
      }
    }

    std::string& out_;
    char buf_[256];
    std::size_t used_ = 0;
  };

  /// JS String() of a prepared scalar added to `text`, nothing for null and undefined (what
  /// `cat` appends); false for arrays and objects.
  static bool append_scalar(text_appender& text, const pnode& v) {
    switch (v.kind) {
      case vk::undefined:
      case vk::null:
        return true;
      case vk::boolean:
        text.add(v.flag ? "true" : "false");
        return true;
      case vk::number:
        text.add_number(v.u.num);
        return true;
      case vk::str_ref:
        text.add(*v.u.s);
        return true;
      default:
        return false;
    }
  }

  /**
   * The value of node `i` written into `out` (see evaluator::eval_into) without an evaluator,
   * for what the reader answers: literal scalars, `var` leaves holding scalars, predicates
   * fast_test() answers, numeric nodes num() computes, and `if` / `?:` whose conditions
   * fast_test() answers, of such branches, `map` of a numeric body over numbers, and `cat`
   * of literals and `var` leaves holding scalars. False
   * when the general path must answer: these nodes only read data, so it can start again, and
   * it writes all of `out` over what was written here. (When this changes, so must plan_of():
   * which roots are worth trying here.)
   */
  bool write(std::uint32_t i, const pnode& data, json& out) const {
    const node& n = nodes_[i];
    switch (n.c) {
      case code::lit_null:
        out = nullptr;
        return true;
      case code::lit_bool:
        assign_scalar<json::boolean_t>(out, n.flag);
        return true;
      case code::lit_number:
        assign_number(out, n.u.num);
        return true;
      case code::lit_string:
        assign_text(out, *n.u.s);
        return true;
      case code::var_const: {
        const pnode* v = n.argc <= 1 ? leaf(n, data) : nullptr;
        return v != nullptr && write_scalar(*v, out);
      }
      case code::if_:
      case code::ternary:
        return write_if(n, data, out);
      case code::map:
        return write_map(n, data, out);
      case code::cat:
        return cat_leaves(n, data, reuse_string(out));
      case code::missing:
      case code::missing_some:
        return n.flag && write_missing(n, data, out);
      default:
        break;
    }
    if (tests_as_result(n)) {
      const int r = fast_test(i, data);
      if (r >= 0) assign_scalar<json::boolean_t>(out, r != 0);
      return r >= 0;
    }
    double d = 0;
    if ((computes_number(n) && num(i, data, nullptr, d)) || (n.c == code::reduce && num_reduce(n, data, d))) {
      assign_number(out, d);
      return true;
    }
    return false;
  }

  /// Whether fast_test() of node `n` is its value (see detail::tests_as_result).
  static bool tests_as_result(const node& n) noexcept { return detail::tests_as_result(n); }
  /// Whether num() of node `n` is its value (see detail::computes_number).
  static bool computes_number(const node& n) noexcept { return detail::computes_number(n); }

  /// write() of an `if` chain: the first branch whose condition holds, else the last argument
  /// when there is an odd number, else null.
  bool write_if(const node& n, const pnode& data, json& out) const {
    std::uint32_t k = 0;
    for (; k + 1 < n.argc; k += 2) {
      const int t = fast_test(n.first + k, data);
      if (t < 0) return false;
      if (t != 0) {
        const node& branch = nodes_[n.first + k + 1];
        if (branch.c == code::lit_string) {  // the usual if chain: labels, written here
          assign_text(out, *branch.u.s);
          return true;
        }
        return write(n.first + k + 1, data, out);
      }
    }
    if (k + 1 == n.argc) return write(n.first + k, data, out);
    out = nullptr;
    return true;
  }

  /// write() of `map` with a numeric body over a `var` leaf holding numbers (or nothing).
  bool write_map(const node& n, const pnode& data, json& out) const {
    if (n.argc != 2) return false;
    const node& source = nodes_[n.first];
    const node& body = nodes_[n.first + 1];
    if (source.c != code::var_const || source.argc > 1 || !is_numeric_node(body) ||
        (body.c == code::mul && body.argc == 1)) {
      return false;
    }
    const pnode* list = leaf(source, data);
    if (list == nullptr || (list->kind != vk::parr_ref && list->kind > vk::null)) return false;
    const std::uint32_t size = list->kind == vk::parr_ref ? list->size : 0;  // not an array: []
    array_writer a(out);
    a.reserve(size);
    if (body.argc == 2 && body.c >= code::max && body.c <= code::mod) {
      // {"*": [{"var": ""}, 2]} and the like: two operands, each the element or a literal
      // number, computed here without num()'s dispatch for each element.
      const node& l = nodes_[body.first];
      const node& r = nodes_[body.first + 1];
      const bool l_elem = is_element(l);
      const bool r_elem = is_element(r);
      if ((l_elem || l.c == code::lit_number) && (r_elem || r.c == code::lit_number)) {
        const double x = l_elem ? 0 : l.u.num;
        const double y = r_elem ? 0 : r.u.num;
        return with_binary(body.c, [&](auto op) {
          return map_binary<decltype(op)::value>(*list, x, l_elem, y, r_elem, a);
        });
      }
    }
    for (std::uint32_t k = 0; k < size; ++k) {
      double d = 0;
      if (!num(n.first + 1, list->u.elems[k], nullptr, d)) return false;
      assign_number(a.next(), d);
    }
    a.finish();
    return true;
  }

  /// write_map() of a body `C` of two operands, each the element (`*_elem`) or a literal number.
  /// An empty list (size 0) when `list` is not an array.
  template <code C>
  static bool map_binary(const pnode& list, double x, bool x_elem, double y, bool y_elem, array_writer& a) {
    const std::uint32_t size = list.kind == vk::parr_ref ? list.size : 0;
    for (std::uint32_t k = 0; k < size; ++k) {
      const pnode& e = list.u.elems[k];
      if (e.kind != vk::number) return false;
      assign_number(a.next(), binary_of<C>(x_elem ? e.u.num : x, y_elem ? e.u.num : y));
    }
    a.finish();
    return true;
  }

  /// Whether node `v` is {"var": ""} (or {"var": null}, {"var": []}...): the whole data, no default.
  static bool is_element(const node& v) noexcept { return v.c == code::var_const && !v.flag && v.argc <= 1; }

  /// A prepared scalar written into `out` (undefined as null); false for arrays and objects,
  /// which results copy from the JSON the data was prepared from.
  static bool write_scalar(const pnode& v, json& out) {
    switch (v.kind) {
      case vk::undefined:
      case vk::null:
        out = nullptr;
        return true;
      case vk::boolean:
        assign_scalar<json::boolean_t>(out, v.flag);
        return true;
      case vk::number:
        assign_number(out, v.u.num);
        return true;
      case vk::str_ref:
        assign_text(out, *v.u.s);
        return true;
      default:
        return false;
    }
  }

  /// fast_test() of a value (-1 when it is not prepared data or a scalar).
  int fast_test(std::uint32_t i, const value& data) const noexcept {
    pnode scratch;
    const pnode* d = as_pnode(data, scratch);
    return d != nullptr ? fast_test(i, *d) : -1;
  }

 protected:
  const program& p_;
  const node* nodes_;
};

class evaluator : public reader {
 public:
  evaluator(const program& p, eval_state& st) noexcept : reader(p), st_(st) {}

 private:
  // -- helpers --------------------------------------------------------------------------------

  [[noreturn]] void fault(std::uint32_t i, const js_error& e) const {
    throw ::carecompare::logic_error(error_ids::logic_runtime, p_.pointer(i), e.message);
  }

  value arg(const node& n, std::uint32_t k, const value& data) {
    return k < n.argc ? fetch(n.first + k, data) : value();
  }
  /// eval(), with the leaves (literals, `var` of a constant path without default) done here,
  /// without a call.
  value fetch(std::uint32_t i, const value& data) {
    const node& c = nodes_[i];
    switch (c.c) {
      case code::lit_null:
        return value::null();
      case code::lit_bool:
        return value::boolean(c.flag);
      case code::lit_number:
        return value::number(c.u.num);
      case code::lit_string:
        return value::str(c.u.s);
      case code::lit_object:
        return value::obj(c.u.j);
      case code::lit_array:
        return value::arr(c.u.j, st_.fresh());
      case code::var_const:
        if (c.flag) {
          if (data.kind() == vk::scope_frame && c.segments == 1 && c.u.seg->frame != 0) {
            const reduce_scope& f = *data.scope_ptr();  // {"var":"current"} in a reduce
            return c.u.seg->frame == 1 ? f.current : f.accumulator;
          }
          const var_path& path = p_.paths[c.path];
          if (path.count == 1) {  // {"var":"key"}
            if (data.kind() == vk::pobj_ref) {
              const path_segment& seg = p_.segments[path.first];
              const pnode* m = find_pmember(data.pnode_ref(), seg.hash, seg.key);
              return m != nullptr ? value::prepared(*m) : value::null();
            }
            if (data.kind() == vk::obj_ref) {
              const json* m = find_member(data.json_ref(), p_.segments[path.first].key);
              return m != nullptr ? from_json(*m, 0) : value::null();
            }
          }
          return lookup_const(path, data, value::null());
        }
        break;
      default:
        break;
    }
    return eval(i, data);
  }
  /// json-logic-js evaluates every argument, used or not: do the same (log, errors).
  void rest(const node& n, std::uint32_t from, const value& data) {
    if (n.argc > from) rest_slow(n, from, data);
  }
  void rest_slow(const node& n, std::uint32_t from, const value& data) {
    for (std::uint32_t k = from; k < n.argc; ++k) eval(n.first + k, data);
  }
  void eval_all(const node& n, const value& data, arg_list& out) {
    out.fill(n.argc,
             [&](std::size_t k) { return fetch(n.first + static_cast<std::uint32_t>(k), data); });
  }

  // -- var ------------------------------------------------------------------------------------

  /// `data[key]` in JS, for own properties; undefined when absent. Inherited members of
  /// Object.prototype, Array.prototype... (functions) are treated as absent.
  /// `hash` is key_hash(key) when known (constant paths), else null.
  static value get_prop(const value& cur, std::string_view key, bool is_index, std::uint32_t index,
                        bool is_length, const std::uint64_t* hash = nullptr) {
    switch (cur.kind()) {
      case vk::obj_ref: {
        const json* m = find_member(cur.json_ref(), key);
        return m == nullptr ? value() : from_json(*m, 0);
      }
      case vk::pobj_ref: {
        const pnode* m = hash != nullptr ? find_pmember(cur.pnode_ref(), *hash, key)
                                         : find_pmember(cur.pnode_ref(), key);
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
      default:
        return value();
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

  static value walk(value cur, const path_segment* seg, const path_segment* end,
                    const value& not_found) {
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

  // -- missing --------------------------------------------------------------------------------

  static bool json_fits_depth(const json& j, std::size_t budget) {
    try {
      check_depth(j, budget);
      return true;
    } catch (const ::carecompare::logic_error&) {
      return false;
    }
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
      case vk::obj_ref:
        return json_fits_depth(v.json_ref(), budget);
      case vk::parr_ref:
      case vk::pobj_ref:
        return pnode_fits_depth(v.pnode_ref(), budget);
      case vk::owned_arr:
        if (budget == 0) return false;
        for (const value& e : v.owned_array().items) {
          if (!fits_depth(e, budget - 1)) return false;
        }
        return true;
      case vk::owned_frame:
        return budget != 0 && fits_depth(v.owned_frame().current, budget - 1) &&
               fits_depth(v.owned_frame().accumulator, budget - 1);
      default:
        return true;
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
    evaluator sub(*prog, st_);
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
  std::size_t missing_in(const value& keys, const value& data, std::vector<value>* out,
                         std::uint32_t at) {
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
  std::size_t missing_of(const value* values, std::size_t count, const value& data,
                         std::vector<value>* out, std::uint32_t at) {
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
      case vk::null:
        throw js_error{"Cannot read properties of null (reading 'length')"};
      case vk::arr_ref:
      case vk::parr_ref:
      case vk::owned_arr:
        length = value::number(static_cast<double>(array_size(options)));
        break;
      case vk::str_ref:
      case vk::owned_str:
        length = value::number(static_cast<double>(utf16_length(options.string_view())));
        break;
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
      default:
        break;
    }
    const double present = to_number(length) - static_cast<double>(count);
    if (ge(value::number(present), need)) {
      if (out != nullptr) *out = make_array({});
      return false;
    }
    if (out != nullptr) *out = make_array(std::move(list));
    return count != 0;
  }

  // -- other operators ------------------------------------------------------------------------

  /// json-logic-js `in(a, b)`.
  static bool in_op(const value& a, const value& b) {
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
      default:
        return false;
    }
  }

  /// test(), trying fast_test() first where the node's shape allows it.
  bool decide(std::uint32_t i, const value& data) {
    if (nodes_[i].form != shape::none) {
      const int r = fast_test(i, data);
      if (r >= 0) return r != 0;
    }
    return test(i, data);
  }

 private:

  /// The comparison operators and `in`, as a bool.
  bool compare(const node& n, const value& data) {
    if (n.form != shape::none) {
      const int r = fast_test(static_cast<std::uint32_t>(&n - nodes_), data);
      if (r >= 0) return r != 0;
    }
    const value a = arg(n, 0, data);
    const value b = arg(n, 1, data);
    if (n.argc > 2) return compare_more(n, a, b, data);
    if (n.c <= code::sne) {  // eq, seq, ne, sne: compare() sees no lower code
      switch (n.c) {
        case code::eq:
          return loose_equal(a, b);
        case code::ne:
          return !loose_equal(a, b);
        case code::seq:
          return strict_equal(a, b);
        default:
          return !strict_equal(a, b);
      }
    }
    if (n.c == code::in) return in_op(a, b);
    if (a.is_number() && b.is_number()) {  // js_less's fast path, inline
      const double x = a.number_value();
      const double y = b.number_value();
      switch (n.c) {  // false with NaN, as in JS
        case code::lt:
          return x < y;
        case code::le:
          return x <= y;
        case code::gt:
          return x > y;
        default:
          return x >= y;
      }
    }
    switch (n.c) {
      case code::lt:
        return lt(a, b);
      case code::le:
        return le(a, b);
      case code::gt:
        return gt(a, b);
      default:
        return ge(a, b);
    }
  }

  /// The comparisons with more than two arguments: the between forms, and extra arguments,
  /// which are evaluated for their effects.
  bool compare_more(const node& n, const value& a, const value& b, const value& data) {
    if (n.c == code::lt || n.c == code::le) {
      const value c = arg(n, 2, data);
      rest(n, 3, data);
      const bool le_op = n.c == code::le;
      if (c.is_undefined()) return le_op ? le(a, b) : lt(a, b);
      return le_op ? (le(a, b) && le(b, c)) : (lt(a, b) && lt(b, c));
    }
    rest(n, 2, data);
    switch (n.c) {
      case code::eq:
        return loose_equal(a, b);
      case code::ne:
        return !loose_equal(a, b);
      case code::seq:
        return strict_equal(a, b);
      case code::sne:
        return !strict_equal(a, b);
      case code::gt:
        return gt(a, b);
      case code::ge:
        return ge(a, b);
      default:
        return in_op(a, b);
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

  static double min_max(const arg_list& args, bool is_max) {
    double r = is_max ? -inf_v : inf_v;
    bool nan = false;
    for (const value& v : args) {
      const double x = to_number(v);
      if (std::isnan(x)) {
        nan = true;
      } else if (is_max ? (x > r || (x == 0 && r == 0 && !std::signbit(x)))
                        : (x < r || (x == 0 && r == 0 && std::signbit(x)))) {
        r = x;
      }
    }
    return nan ? nan_v : r;
  }

  /// reduce with a numeric body and initial value over a list of numbers, computed as doubles
  /// (false when something is not a number: the general path then starts again).
  bool numeric_reduce(const node& n, const value& list, const value& data, double& out) const {
    if (!list.is_array() || !numeric_reduce_shape(n)) return false;
    double initial = 0;
    if (!num(n.first + 2, data, initial)) return false;
    if (list.kind() == vk::parr_ref) return fold_numbers(n, list.pnode_ref(), initial, out);
    return fold(n, array_size(list), initial, out, [&](std::size_t k, double& x) {
      const value e = array_at(list, k);
      x = e.is_number() ? e.number_value() : 0;
      return e.is_number();
    });
  }

  /// map, filter, reduce: the scoped operators that build a value.
  value scoped(const node& n, const value& data) {
    const value list = arg(n, 0, data);
    const bool has_logic = n.argc >= 2;
    const std::uint32_t logic = n.first + 1;
    if (n.c == code::reduce) {
      double number = 0;
      if (numeric_reduce(n, list, data, number)) return value::number(number);
      value acc = n.argc >= 3 ? eval(n.first + 2, data) : value::null();
      if (!list.is_array()) return acc;
      const std::size_t size = array_size(list);
      for (std::size_t k = 0; k < size; ++k) {
        reduce_scope scope(array_at(list, k), std::move(acc));
        const value frame = value::scope(&scope);
        acc = has_logic ? eval(logic, frame) : value();
      }
      return acc;
    }
    std::vector<value> out;
    if (!list.is_array()) return make_array(std::move(out));
    const std::size_t size = array_size(list);
    out.reserve(n.c == code::map ? size : 0);
    for (std::size_t k = 0; k < size; ++k) {
      value item = array_at(list, k);
      if (n.c == code::map) {
        out.push_back(has_logic ? eval(logic, item) : value());
      } else if (has_logic && test(logic, item)) {
        out.push_back(std::move(item));
      }
    }
    return make_array(std::move(out));
  }

  /// `cat`: JS String() of each argument but null and undefined, joined. When every argument is
  /// a literal or a `var` leaf (which read data, with no other effect), each is appended as it
  /// is read, into a string reserved once; otherwise all are evaluated first, as json-logic-js
  /// does.
  void cat(const node& n, const value& data, std::string& out) {
    std::size_t size = 0;
    bool leaves = true;
    for (std::uint32_t k = 0; k < n.argc && leaves; ++k) {
      const node& a = nodes_[n.first + k];
      if (a.c == code::lit_string) {
        size += a.u.s->size();
      } else {
        size += 8;
        leaves = a.c == code::lit_number || a.c == code::lit_bool || a.c == code::lit_null ||
                 (a.c == code::var_const && a.argc <= 1);
      }
    }
    if (leaves) {
      out.reserve(size);
      pnode scratch;
      const pnode* d = as_pnode(data, scratch);
      if (d != nullptr && cat_leaves(n, *d, out)) return;
      out.clear();
      for (std::uint32_t k = 0; k < n.argc; ++k) {
        const value v = fetch(n.first + k, data);
        if (!v.is_nullish()) append_string(out, v);
      }
      return;
    }
    arg_list args;
    eval_all(n, data, args);
    for (const value& v : args) {
      if (!v.is_nullish()) append_string(out, v);
    }
  }

  /// all, none, some.
  bool quantifier(const node& n, const value& data) {
    const value list = arg(n, 0, data);
    const bool empty = !list.is_array() || array_size(list) == 0;
    if (empty) return n.c == code::none;
    const std::size_t size = array_size(list);
    const std::uint32_t logic = n.first + 1;
    for (std::size_t k = 0; k < size; ++k) {
      const bool t = n.argc >= 2 && test(logic, array_at(list, k));
      if (n.c == code::all && !t) return false;
      if (n.c != code::all && t) return n.c == code::some;
    }
    return n.c != code::some;
  }

  // -- the two switches -----------------------------------------------------------------------

 public:
  /// The value of node `i` against `data`. A js_error thrown by the node's own operation
  /// becomes logic_error 504 with the node's pointer.
  value eval(std::uint32_t i, const value& data) {
    const node& n = nodes_[i];
    try {
      switch (n.c) {
        case code::lit_null:
          return value::null();
        case code::lit_bool:
          return value::boolean(n.flag);
        case code::lit_number:
          return value::number(n.u.num);
        case code::lit_string:
          return value::str(n.u.s);
        case code::lit_object:
          return value::obj(n.u.j);
        case code::lit_array:
          return value::arr(n.u.j, st_.fresh());
        case code::array: {
          std::vector<value> items;
          items.reserve(n.argc);
          for (std::uint32_t k = 0; k < n.argc; ++k) items.push_back(eval(n.first + k, data));
          return make_array(std::move(items));
        }
        case code::var_const: {
          value not_found = arg(n, 1, data);
          rest(n, 2, data);
          if (not_found.is_undefined()) not_found = value::null();
          return escape(lookup_const(p_.paths[n.path], data, not_found));
        }
        case code::var: {
          const value a = arg(n, 0, data);
          value not_found = arg(n, 1, data);
          rest(n, 2, data);
          if (not_found.is_undefined()) not_found = value::null();
          return escape(lookup_dynamic(a, data, not_found));
        }
        case code::missing:
        case code::missing_some:
          if (n.flag) {
            std::vector<value> keys;
            const int m = prepared_missing_keys(
                n, data,
                [&](int count) {
                  if (n.c == code::missing_some && !some_missing(n, count)) return false;
                  keys.reserve(static_cast<std::size_t>(count));
                  return true;
                },
                [&](const std::string& key) { keys.push_back(value::str(&key)); });
            if (m >= 0) return make_array(std::move(keys));
          }
          if (n.c == code::missing_some) {
            value out;
            missing_some(n, data, i, &out);
            return out;
          } else {
            arg_list args;
            eval_all(n, data, args);
            std::vector<value> out;
            missing_of(args.begin(), args.size(), data, &out, i);
            return make_array(std::move(out));
          }
        case code::if_:
        case code::ternary: {
          std::uint32_t k = 0;
          for (; k + 1 < n.argc; k += 2) {
            if (test(n.first + k, data)) return eval(n.first + k + 1, data);
          }
          return k + 1 == n.argc ? eval(n.first + k, data) : value::null();
        }
        case code::and_:
        case code::or_: {
          if (n.flag) return value::boolean(test(i, data));  // every argument is a boolean
          value current;
          const bool want = n.c == code::or_;
          for (std::uint32_t k = 0; k < n.argc; ++k) {
            current = eval(n.first + k, data);
            if (truthy(current) == want) return current;
          }
          return current;
        }
        case code::max:
        case code::min: {
          double d = 0;
          if (n.flag && num(i, data, d)) return value::number(d);
          arg_list args;
          eval_all(n, data, args);
          return value::number(min_max(args, n.c == code::max));
        }
        case code::add: {
          double d = 0;
          if (n.flag && num(i, data, d)) return value::number(d);
          arg_list args;
          eval_all(n, data, args);
          double sum = 0;
          for (const value& v : args) sum = sum + parse_float(v);
          return value::number(sum);
        }
        case code::mul: {
          double d = 0;
          if (n.flag && n.argc > 1 && num(i, data, d)) return value::number(d);
          if (n.argc == 1) return eval(n.first, data);  // reduce without initial: the value as is
          arg_list args;
          eval_all(n, data, args);
          double product = parse_float(args[0]) * parse_float(args[1]);
          for (std::size_t k = 2; k < args.size(); ++k) {
            product = parse_float(value::number(product)) * parse_float(args[k]);
          }
          return value::number(product);
        }
        case code::sub: {
          double d = 0;
          if (n.flag && num(i, data, d)) return value::number(d);
          const value a = arg(n, 0, data);
          const value b = arg(n, 1, data);
          rest(n, 2, data);
          if (b.is_undefined()) return value::number(-to_number(a));
          const double x = to_number(a);
          return value::number(x - to_number(b));
        }
        case code::div:
        case code::mod: {
          double d = 0;
          if (n.flag && num(i, data, d)) return value::number(d);
          const value a = arg(n, 0, data);
          const value b = arg(n, 1, data);
          rest(n, 2, data);
          const double x = to_number(a);
          const double y = to_number(b);
          return value::number(n.c == code::div ? x / y : std::fmod(x, y));
        }
        case code::map:
        case code::filter:
        case code::reduce:
          return scoped(n, data);
        case code::merge: {
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
        case code::cat: {
          std::string text;
          cat(n, data, text);
          return value::string(std::move(text));
        }
        case code::substr: {
          const value s = arg(n, 0, data);
          const value start = arg(n, 1, data);
          const value length = arg(n, 2, data);
          rest(n, 3, data);
          return substr_op(s, start, length);
        }
        case code::log: {
          value a = arg(n, 0, data);
          rest(n, 1, data);
          emit_log(to_json(a).dump(-1, ' ', false, json::error_handler_t::replace));
          return a;
        }
        default:
          // What is left are the predicates (is_predicate(): comparisons, `in`, `!`, `!!`,
          // all/none/some), whose value is the boolean test() gives.
          break;
      }
      if (is_predicate(n)) return value::boolean(test(i, data));
    } catch (const js_error& e) {
      fault(i, e);
    }
    return value();
  }

  /// `out = to_json(eval(i, data))`, building the JSON directly where that saves a copy (the
  /// strings of literals and `cat`, the arrays of `map` and `missing`, booleans of predicates),
  /// and over what `out` holds: a string or an array of the same type keeps its storage (see
  /// array_writer). On an exception `out` holds some valid JSON.
  void eval_into(std::uint32_t i, const value& data, json& out) {
    const node& n = nodes_[i];
    try {
      switch (n.c) {
        case code::lit_string:
          assign_text(out, *n.u.s);
          return;
        case code::if_:
        case code::ternary: {
          std::uint32_t k = 0;
          for (; k + 1 < n.argc; k += 2) {
            if (decide(n.first + k, data)) return eval_into(n.first + k + 1, data, out);
          }
          if (k + 1 == n.argc) return eval_into(n.first + k, data, out);
          out = nullptr;
          return;
        }
        case code::and_:
        case code::or_:
          if (!n.flag) break;
          [[fallthrough]];
        case code::not_:
        case code::notnot:
        case code::eq:
        case code::seq:
        case code::ne:
        case code::sne:
        case code::lt:
        case code::le:
        case code::gt:
        case code::ge:
        case code::in:
        case code::all:
        case code::none:
        case code::some:
          assign_scalar<json::boolean_t>(out, decide(i, data));
          return;
        case code::add:
        case code::sub:
        case code::mul:
        case code::div:
        case code::mod:
        case code::min:
        case code::max: {
          double d = 0;
          if (n.flag && (n.c != code::mul || n.argc > 1) && num(i, data, d)) {
            assign_number(out, d);
            return;
          }
          break;
        }
        case code::cat:
          cat(n, data, reuse_string(out));
          return;
        case code::map:
          map_into(n, data, out);
          return;

        case code::missing_some:
          if (!n.flag) break;
          [[fallthrough]];
        case code::missing:
          if (missing_into(n, i, data, out)) return;
          break;
        default:
          break;
      }
    } catch (const js_error& e) {
      fault(i, e);
    }
    assign_value(out, eval(i, data));
  }

  /// `map` written into `out` (numeric bodies computed as doubles).
  void map_into(const node& n, const value& data, json& out) {
    const value list = arg(n, 0, data);
    array_writer a(out);
    const std::size_t size = list.is_array() ? array_size(list) : 0;
    a.reserve(size);
    const node& body = nodes_[n.first + 1];
    const bool numeric = n.argc >= 2 && is_numeric_node(body) && (body.c != code::mul || body.argc > 1);
    std::size_t k = 0;
    if (numeric && list.kind() == vk::parr_ref) {  // elements read in place, while they are numbers
      const pnode* elems = list.pnode_ref().u.elems;
      for (double d = 0; k < size && num(n.first + 1, elems[k], nullptr, d); ++k) assign_number(a.next(), d);
    }
    for (; k < size; ++k) {
      const value item = array_at(list, k);
      double d = 0;
      if (numeric && num(n.first + 1, item, d)) {
        assign_number(a.next(), d);
        continue;
      }
      const value v = n.argc >= 2 ? eval(n.first + 1, item) : value();
      if (v.depth() + 1 > max_value_depth) throw js_error{"computed value nested too deeply"};
      assign_value(a.next(), v);
    }
    a.finish();
  }

  /// `missing` (or `missing_some` with keys compiled ahead) written into `out`; false when the
  /// general path must answer (missing_some on data that is not prepared).
  bool missing_into(const node& n, std::uint32_t i, const value& data, json& out) {
    if (n.flag) {
      pnode scratch;
      const pnode* d = as_pnode(data, scratch);
      if (d != nullptr && write_missing(n, *d, out)) return true;
      if (n.c == code::missing_some) return false;
    }
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
    return true;
  }

  /// The JsonLogic truthiness of node `i` against `data` (same effects as `truthy(eval(i))`).
  bool test(std::uint32_t i, const value& data) {
    const node& n = nodes_[i];
    try {
      switch (n.c) {
        case code::lit_null:
          return false;
        case code::lit_bool:
          return n.flag;
        case code::lit_number:
          return n.u.num != 0 && !std::isnan(n.u.num);
        case code::lit_string:
          return !n.u.s->empty();
        case code::lit_object:
          return true;
        case code::lit_array:
          return !n.u.j->empty();
        case code::var_const: {
          if (n.flag) {
            const int r = fast_test(i, data);
            if (r >= 0) return r != 0;
            return truthy(lookup_const(p_.paths[n.path], data, value::null()));
          }
          value not_found = arg(n, 1, data);
          rest(n, 2, data);
          if (not_found.is_undefined()) not_found = value::null();
          return truthy(lookup_const(p_.paths[n.path], data, not_found));
        }
        case code::missing: {
          if (const int m = n.flag ? prepared_missing(n, data) : -1; m >= 0) {
            return m != 0;
          }
          arg_list args;
          eval_all(n, data, args);
          return missing_of(args.begin(), args.size(), data, nullptr, i) != 0;
        }
        case code::missing_some: {
          if (const int m = n.flag ? prepared_missing(n, data) : -1; m >= 0) {
            return some_missing(n, m) && m != 0;
          }
          return missing_some(n, data, i, nullptr);
        }
        case code::if_:
        case code::ternary: {
          std::uint32_t k = 0;
          for (; k + 1 < n.argc; k += 2) {
            if (test(n.first + k, data)) return test(n.first + k + 1, data);
          }
          return k + 1 == n.argc && test(n.first + k, data);
        }
        case code::and_: {
          for (std::uint32_t k = 0; k < n.argc; ++k) {
            if (!test(n.first + k, data)) return false;
          }
          return n.argc != 0;
        }
        case code::or_: {
          for (std::uint32_t k = 0; k < n.argc; ++k) {
            if (test(n.first + k, data)) return true;
          }
          return false;
        }
        case code::not_:
        case code::notnot: {
          const bool t = n.argc != 0 && test(n.first, data);
          rest(n, 1, data);
          return n.c == code::not_ ? !t : t;
        }
        case code::eq:
        case code::seq:
        case code::ne:
        case code::sne:
        case code::lt:
        case code::le:
        case code::gt:
        case code::ge:
        case code::in:
          return compare(n, data);
        case code::all:
        case code::none:
        case code::some:
          return quantifier(n, data);
        default:
          break;
      }
    } catch (const js_error& e) {
      fault(i, e);
    }
    return truthy(eval(i, data));
  }

 private:
  eval_state& st_;
};

/// apply_into: the value of the whole rule written into `out` (the reader first, see
/// reader::write()).
/// The general path of run_into: an evaluator.
inline void eval_into(const program& p, const value& data, json& out) {
  eval_state st(p);
  evaluator ev(p, st);
  ev.eval_into(0, data, out);
}
inline void run_into(const program& p, const value& data, json& out) {
  pnode scratch;
  const pnode* d = reader::as_pnode(data, scratch);
  if (d != nullptr && reader(p).write(0, *d, out)) return;
  eval_into(p, data, out);
}
/// run_into on the root of prepared data: the reader reads it as it is, with no value made and
/// taken apart again first (a fixed cost on every call of apply_into).
/// run_into of a root_plan::test rule: false when the general path must answer. Each plan is
/// its own function, so that the dispatcher stays small and the write plan does not pay for
/// saving the registers the inlined arithmetic needs.
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
/// run_into of a root_plan::labels rule: the text of the first branch whose condition holds.
CARECOMPARE_LOGIC_NOINLINE inline bool into_labels(const program& p, const pnode& root, json& out) {
  const reader r(p);
  const node* nodes = p.nodes.data();
  const node& n = nodes[0];
  std::uint32_t k = 0;
  for (; k + 1 < n.argc; k += 2) {
    const int t = r.fast_test(n.first + k, root);
    if (t < 0) return false;
    if (t != 0) {
      assign_text(out, *nodes[n.first + k + 1].u.s);
      return true;
    }
  }
  if (k + 1 == n.argc) {
    assign_text(out, *nodes[n.first + k].u.s);
  } else {
    out = nullptr;
  }
  return true;
}
/// The general path of run_into on prepared data, out of line: inlined, the evaluator's state
/// would make every call of run_into set up a stack frame and save registers.
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
inline constexpr bool (*into_entries[])(const program&, const pnode&, json&) = {
    into_write, into_test, into_number, into_general, into_labels};
static_assert(static_cast<int>(root_plan::write) == 0 && static_cast<int>(root_plan::test) == 1 &&
              static_cast<int>(root_plan::number) == 2 && static_cast<int>(root_plan::general) == 3 &&
              static_cast<int>(root_plan::labels) == 4);
/// The root's plan (program::plan) picks the reader's entry without looking at the root again.
CARECOMPARE_LOGIC_HOT void run_into(const program& p, const pnode& root, json& out) {
  if (!into_entries[static_cast<std::uint8_t>(p.plan)](p, root, out)) eval_into_prepared(p, root, out);
}

/// apply: the value of the whole rule as JSON. A predicate or numeric root, the most common
/// rules, is returned as built (writing it over a null JSON would make and destroy one more).
inline json run(const program& p, const value& data) {
  const node& root = p.nodes[0];
  if (reader::tests_as_result(root)) {
    const int r = reader(p).fast_test(0, data);
    if (r >= 0) return r != 0;
  } else if (reader::computes_number(root)) {
    double d = 0;
    if (reader(p).num(0, data, d)) return number_to_json(d);
  }
  json out;
  run_into(p, data, out);
  return out;
}
inline json run(const program& p, const json& data) { return run(p, from_json(data, 0)); }

/// test: the truthiness of the whole rule (the fast path first, when the root has a shape).
/// The general path of run_test: an evaluator.
inline bool eval_test(const program& p, const value& data) {
  eval_state st(p);
  evaluator ev(p, st);
  return ev.test(0, data);
}
inline bool run_test(const program& p, const value& data) {
  if (p.nodes[0].form != shape::none) {
    const int r = reader(p).fast_test(0, data);
    if (r >= 0) return r != 0;
  }
  return eval_test(p, data);
}
/// run_test on the root of prepared data, read as it is (see run_into).
inline bool run_test(const program& p, const pnode& root) {
  if (p.nodes[0].form != shape::none) {
    const int r = reader(p).fast_test(0, root);
    if (r >= 0) return r != 0;
  }
  return eval_test(p, value::prepared(root));
}
inline bool run_test(const program& p, const json& data) { return run_test(p, from_json(data, 0)); }

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_EVAL_HPP
