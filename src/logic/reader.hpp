// SPDX-License-Identifier: MIT
/**
 * @file logic/reader.hpp (private)
 * The specialisations of the JsonLogic engine on prepared data: nodes of known shapes answered
 * by reading prepared data in place, without building values and without an evaluator.
 *
 * Each is a named specialisation of the reference semantics (evaluator.hpp), chosen for a node
 * when the rule is compiled (program.hpp: `node::form`, `node::flag`, `program::plan`), and each
 * must give exactly what the reference gives, or "don't know":
 * - shaped tests (`fast_test`, by `shape`): comparisons of a `var` leaf with literals, `in` of a
 *   text and a list, and/or/!/!!/some/all/none of such nodes: their boolean;
 * - numeric nodes (`num`): arithmetic on numbers read from the data, as doubles;
 * - `var` leaves (`leaf`): a constant path walked through prepared objects and arrays;
 * - compiled `missing` / `missing_some` keys (`missing_keys`): the keys checked in one pass;
 * - numeric `reduce` and `map` (`fold`, `write_map`), `cat` of leaves (`cat_leaves`);
 * - result writers (`write`): the value written into a reused JSON.
 * Every function returns "don't know" (-1, false, nullptr) on anything it does not expect (data
 * that is not prepared, an operand of another type); the caller then asks the evaluator. These
 * nodes only read data, so starting again on the general path is always right. The logic fuzzer
 * and tests/logic_test.cpp compare every one of them with the reference.
 */
#ifndef CARECOMPARE_SRC_LOGIC_READER_HPP
#define CARECOMPARE_SRC_LOGIC_READER_HPP

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <carecompare/config.hpp>
#include "data.hpp"
#include "operators.hpp"
#include "program.hpp"
#include "value.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/**
 * JsonLogic's arithmetic on numbers, each operation defined once. The reference implementations
 * (evaluator.hpp) turn their operands into numbers (to_number, parseFloat) and combine them with
 * these; the numeric specialisations (reader::num, fold, map) combine doubles read from the data
 * with the same functions.
 */
struct arithmetic {
  /// JS parseFloat(String(x)) of a number: x, except that -0 prints as "0". Adding +0 does just
  /// that (-0 + 0 is +0 when rounding to nearest), without a branch.
  static double pf(double x) noexcept { return x + 0.0; }
  /// Math.max / Math.min from no operand: -Infinity / Infinity.
  static constexpr double min_max_start(bool is_max) noexcept { return is_max ? -inf_v : inf_v; }
  /// Math.max / Math.min of `r` and `x`: NaN if either is; -0 is below +0.
  static double min_max_step(bool is_max, double r, double x) noexcept {
    if (std::isnan(r) || std::isnan(x)) return nan_v;
    const bool take =
        is_max ? (x > r || (x == 0 && r == 0 && !std::signbit(x))) : (x < r || (x == 0 && r == 0 && std::signbit(x)));
    return take ? x : r;
  }
  /// `+`: the operands' parseFloat summed from +0; so adding a number x is adding pf(x), and
  /// the sum is never -0 (+0 + -0 is +0).
  static constexpr double add_start = 0.0;
  static double add_step(double sum, double x) noexcept { return sum + x; }
  /// `*` of two or more operands: parseFloat(x0) * parseFloat(x1), then parseFloat(product so
  /// far) * parseFloat(x_k) for the k-th (k >= 2); `x` is the operand's parseFloat.
  static double multiply_step(double product, double x, std::size_t k) noexcept {
    return (k == 1 ? product : pf(product)) * x;
  }
};

/**
 * The branch an `if` / `?:` chain takes: each condition in turn until one holds, then the node
 * after it; when none holds, the last argument if there is an odd number of them. `cond(k)` is
 * the truthiness of node `k`: 1, 0, or -1 when the caller cannot tell. Returns 1 with `chosen`
 * the node whose value is the chain's, 0 when the value is null, -1 when a condition could not
 * be told. The reference implementation and every specialisation of the chain walk it here.
 */
template <class Cond>
CARECOMPARE_LOGIC_HOT int choose_branch(const node& n, Cond&& cond, std::uint32_t& chosen) {
  std::uint32_t k = 0;
  for (; k + 1 < n.argc; k += 2) {
    const int t = cond(n.first + k);
    if (t < 0) return -1;
    if (t != 0) {
      chosen = n.first + k + 1;
      return 1;
    }
  }
  if (k + 1 != n.argc) return 0;
  chosen = n.first + k;
  return 1;
}

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

  [[nodiscard]] const program& prog() const noexcept { return p_; }
  [[nodiscard]] const node* nodes() const noexcept { return nodes_; }

  static constexpr pnode absent_node = [] {
    pnode n;
    n.kind = vk::undefined;
    return n;
  }();

  /// `v` as prepared data: itself for prepared arrays and objects, else copied into `scratch`
  /// for scalars; nullptr for what is not (JSON arrays and objects, computed values).
  /// Whether as_pnode() reads `v`: prepared data and scalars, not JSON objects and arrays,
  /// computed lists or reduce frames.
  static bool readable(const value& v) noexcept {
    switch (v.kind()) {
      case vk::arr_ref:
      case vk::obj_ref:
      case vk::scope_frame:
      case vk::owned_arr:
      case vk::owned_frame: return false;
      default: return true;
    }
  }

  static const pnode* as_pnode(const value& v, pnode& scratch) noexcept {
    switch (v.kind()) {
      case vk::parr_ref:
      case vk::pobj_ref: return &v.pnode_ref();
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
      default: return nullptr;
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
  CARECOMPARE_LOGIC_HOT static const pnode* walk_path(const path_segment* seg, std::size_t count,
                                                      const pnode& data) noexcept {
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
    return list.c == code::lit_array ? elements(*list.u.j)[k].get_ref<const std::string&>() : *nodes_[n.first + k].u.s;
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
      case vk::boolean: return v.flag ? 1 : 0;
      case vk::number: return v.u.num != 0 && !std::isnan(v.u.num) ? 1 : 0;
      case vk::str_ref: return v.u.s->empty() ? 0 : 1;
      case vk::parr_ref: return v.size != 0 ? 1 : 0;
      case vk::pobj_ref: return 1;
      default: return 0;
    }
  }

  static double pf(double x) noexcept { return arithmetic::pf(x); }

  /// Whether a node is numeric (compiler::is_numeric), from its code and flag.
  static bool is_numeric_node(const node& a) noexcept {
    if (a.c == code::lit_number) return true;
    if (is_arithmetic(a.c)) return a.flag;
    return a.c == code::var_const && (a.flag || a.argc <= 1);
  }

  /**
   * The value of numeric node `i` (see compiler::is_numeric) as a double, when every leaf it
   * reads holds a number: from prepared data, or `frame` (the current and accumulator of a
   * numeric reduce, see numeric_reduce()). False when the general path must compute it. The
   * same results as eval(): json-logic-js's operators on numbers.
   */
  CARECOMPARE_LOGIC_HOT bool num(std::uint32_t i, const pnode& data, const double* frame, double& out) const noexcept {
    const node& c = nodes_[i];
    if (c.number != nullptr) return c.number(*this, c, data, frame, out);
    return dispatch_num(c, data, frame, out);
  }
  /// num() of a node pass::bind did not bind.
  CARECOMPARE_LOGIC_HOT bool dispatch_num(const node& c, const pnode& data, const double* frame,
                                          double& out) const noexcept {
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

  /// num() of an arithmetic node: a dispatcher to one function per operator (num_binary for
  /// two operands).
  CARECOMPARE_LOGIC_HOT bool num_operator(const node& n, const pnode& data, const double* frame,
                                          double& out) const noexcept {
    if (n.argc == 2 && is_arithmetic(n.c)) return num_binary(n, data, frame, out);
    switch (n.c) {
      case code::add: return num_add(n, data, frame, out);
      case code::multiply: return num_mul(n, data, frame, out);
      case code::subtract: return num_sub(n, data, frame, out);
      case code::divide:
      case code::modulo: return num_div(n, data, frame, out);
      case code::max:
      case code::min: return num_min_max(n, data, frame, out);
      default: return false;
    }
  }

  /// max min + - * / % of two operands, the most common arithmetic: one function for the
  /// seven, with no loop; the same results as num_min_max, num_add, num_mul, num_sub and num_div
  /// (all of them binary_of()).
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
    if constexpr (C == code::max || C == code::min) {
      return arithmetic::min_max_step(C == code::max, x, y);
    } else if constexpr (C == code::add) {
      return arithmetic::add_step(arithmetic::add_step(arithmetic::add_start, x), y);
    } else if constexpr (C == code::multiply) {
      return arithmetic::multiply_step(pf(x), pf(y), 1);
    } else if constexpr (C == code::subtract) {
      return x - y;
    } else if constexpr (C == code::divide) {
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
      case code::max: return f(std::integral_constant<code, code::max>{});
      case code::min: return f(std::integral_constant<code, code::min>{});
      case code::add: return f(std::integral_constant<code, code::add>{});
      case code::multiply: return f(std::integral_constant<code, code::multiply>{});
      case code::subtract: return f(std::integral_constant<code, code::subtract>{});
      case code::divide: return f(std::integral_constant<code, code::divide>{});
      default: return f(std::integral_constant<code, code::modulo>{});
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
    double sum = arithmetic::add_start;
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      double x = 0;
      if (!num(n.first + k, data, frame, x)) return false;
      sum = arithmetic::add_step(sum, x);
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
      product = arithmetic::multiply_step(product, pf(y), k);
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
    out = n.c == code::divide ? x / y : std::fmod(x, y);
    return true;
  }

  /// `min` and `max`: NaN if any operand is NaN; -0 below +0.
  CARECOMPARE_LOGIC_NOINLINE bool num_min_max(const node& n, const pnode& data, const double* frame,
                                              double& out) const noexcept {
    const bool is_max = n.c == code::max;
    double r = arithmetic::min_max_start(is_max);
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      double x = 0;
      if (!num(n.first + k, data, frame, x)) return false;
      r = arithmetic::min_max_step(is_max, r, x);
    }
    out = r;
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
    if (is_sum_body(nodes_[n.first + 1])) {  // the sum, without the body's dispatch per element
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

  /// num() outside any reduce frame.
  CARECOMPARE_LOGIC_HOT bool num(std::uint32_t i, const pnode& data, double& out) const noexcept {
    return num(i, data, nullptr, out);
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
      case code::less: return compare_as<code::less>(x, y);
      case code::less_equal: return compare_as<code::less_equal>(x, y);
      case code::greater: return compare_as<code::greater>(x, y);
      case code::greater_equal: return compare_as<code::greater_equal>(x, y);
      case code::equal:
      case code::strict_equal: return compare_as<code::equal>(x, y);
      case code::not_equal:
      case code::strict_not_equal: return compare_as<code::not_equal>(x, y);
      default: return -1;
    }
  }
  /// compare_numbers() for the comparison `C`: < <= > >= ==, or != (== and === agree on two
  /// numbers, as do != and !==).
  template <code C>
  CARECOMPARE_LOGIC_HOT static int compare_as(double x, double y) noexcept {
    static_assert(C == code::less || C == code::less_equal || C == code::greater || C == code::greater_equal ||
                  C == code::equal || C == code::not_equal);
    if constexpr (C == code::less) return x < y ? 1 : 0;
    if constexpr (C == code::less_equal) return x <= y ? 1 : 0;
    if constexpr (C == code::greater) return x > y ? 1 : 0;
    if constexpr (C == code::greater_equal) return x >= y ? 1 : 0;
    if constexpr (C == code::equal) return x == y ? 1 : 0;
    if constexpr (C == code::not_equal) return x != y ? 1 : 0;
  }

  /**
   * test() of a node of a known shape (shape::simple, or a shaped comparison) on prepared
   * data, without building values: 1 true, 0 false, -1 when the general path must answer.
   */
  CARECOMPARE_LOGIC_HOT int fast_test(std::uint32_t i, const pnode& data) const noexcept {
    return fast_test(nodes_[i], data);
  }
  /// fast_test() of node `n` (one of this reader's program).
  CARECOMPARE_LOGIC_HOT int fast_test(const node& n, const pnode& data) const noexcept {
    if (n.test != nullptr) return n.test(*this, n, data);
    return dispatch_test(n, data);
  }
  /// fast_test() of a node pass::bind did not bind: a dispatcher to one function per shape.
  CARECOMPARE_LOGIC_HOT int dispatch_test(const node& n, const pnode& data) const noexcept {
    switch (n.form) {
      case shape::none: return -1;
      case shape::simple: return fast_simple(n, data);
      case shape::text_in_var: return fast_text_in_var(n, data);
      case shape::var_in_texts: return fast_var_in_texts(n, data);
      case shape::var_number: return fast_versus_number<true>(n, data);
      case shape::number_var: return fast_versus_number<false>(n, data);
      case shape::var_text: return fast_versus_text<true>(n, data);
      case shape::text_var: return fast_versus_text<false>(n, data);
      case shape::between: return fast_between(n, data);
      case shape::numbers: return fast_numbers(n, data);
    }
    return -1;
  }

  /// leaf() of `var` leaf `v`, for a path of exactly one segment when `One` (pass::bind knows
  /// it ahead): the member looked up without asking how long the path is.
  template <bool One>
  CARECOMPARE_LOGIC_HOT static const pnode* leaf_of(const node& v, const pnode& data) noexcept {
    if constexpr (One) {
      if (data.kind == vk::pobj_ref) {
        const pnode* m = find_segment(data, *v.u.seg);
        return m != nullptr ? m : &absent_node;
      }
      return leaf_path(v, data);
    } else {
      return leaf(v, data);
    }
  }

  // The shapes of fast_test(), each once: the dispatch below calls them with what it reads of
  // the node at run time, pass::bind (bind.hpp) with what it fixed when the rule was compiled.

  /// {"in": ["text", {"var": k}]}: the text among the strings of a list, or inside a string.
  template <bool One>
  CARECOMPARE_LOGIC_HOT int text_in_var(const node& n, const pnode& data) const noexcept {
    const node* args = nodes_ + n.first;
    const pnode* hay = leaf_of<One>(args[1], data);
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

  /// {"in": [{"var": k}, ["a", "b"]]}: only a string can be among literal strings; `among(s)`
  /// says whether text `s` is (the node's text_set, or its list).
  template <bool One, class Among>
  CARECOMPARE_LOGIC_HOT int var_in_texts(const node& n, const pnode& data, Among&& among) const noexcept {
    const pnode* needle = leaf_of<One>(nodes_[n.first], data);
    if (needle == nullptr || needle->kind >= vk::parr_ref) return -1;
    if (needle->kind != vk::str_ref) return 0;
    return among(*needle->u.s) ? 1 : 0;
  }
  /// Whether text `s` is among the texts of literal list `list`.
  CARECOMPARE_LOGIC_HOT static bool in_list(const json& list, const std::string& s) noexcept {
    for (const json& e : elements(list)) {  // [] is falsy: the loop answers false
      if (same_text(*e.get_ptr<const json::string_t*>(), s)) return true;
    }
    return false;
  }

  /// A comparison of a number datum with a literal number, the datum `first` or second;
  /// `compare(x, y)` compares two numbers as the node's operator does.
  template <bool first, bool One, class Compare>
  CARECOMPARE_LOGIC_HOT int versus_number(const node& n, const pnode& data, Compare&& compare) const noexcept {
    const node* args = nodes_ + n.first;
    const pnode* m = leaf_of<One>(args[first ? 0 : 1], data);
    if (m == nullptr || m->kind != vk::number) return -1;
    const double literal = args[first ? 1 : 0].u.num;
    return first ? compare(m->u.num, literal) : compare(literal, m->u.num);
  }

  /// ==, ===, != or !== (`equal`: == or ===) of a string datum and a literal string, the datum
  /// `first` or second.
  template <bool first, bool One>
  CARECOMPARE_LOGIC_HOT int versus_text(const node& n, const pnode& data, bool equal) const noexcept {
    const node* args = nodes_ + n.first;
    const pnode* m = leaf_of<One>(args[first ? 0 : 1], data);
    if (m == nullptr || m->kind != vk::str_ref) return -1;
    return equal == same_text(*m->u.s, *args[first ? 1 : 0].u.s) ? 1 : 0;
  }

  /// {"<": [1, {"var": k}, 9]}, < or <= (`compare`).
  template <bool One, class Compare>
  CARECOMPARE_LOGIC_HOT int between(const node& n, const pnode& data, Compare&& compare) const noexcept {
    const node* args = nodes_ + n.first;
    const pnode* m = leaf_of<One>(args[1], data);
    if (m == nullptr || m->kind != vk::number) return -1;
    const double x = m->u.num;
    return compare(args[0].u.num, x) != 0 && compare(x, args[2].u.num) != 0 ? 1 : 0;
  }

  /// `some`, `all` or `none` (`c`) of node `n`'s test over the list a `var` leaf names.
  template <bool One>
  CARECOMPARE_LOGIC_HOT int quantify(code c, const node& n, const pnode& data) const noexcept {
    const pnode* list = leaf_of<One>(nodes_[n.first], data);
    if (list == nullptr) return -1;
    if (list->kind != vk::parr_ref || list->size == 0) return c == code::none ? 1 : 0;
    const node& body = nodes_[n.first + 1];
    for (std::uint32_t k = 0; k < list->size; ++k) {
      const int t = fast_test(body, list->u.elems[k]);
      if (t < 0) return -1;
      if (c == code::all && t == 0) return 0;
      if (c != code::all && t != 0) return c == code::some ? 1 : 0;
    }
    return c != code::some ? 1 : 0;
  }

  CARECOMPARE_LOGIC_NOINLINE int fast_text_in_var(const node& n, const pnode& data) const noexcept {
    return text_in_var<false>(n, data);
  }
  CARECOMPARE_LOGIC_NOINLINE int fast_var_in_texts(const node& n, const pnode& data) const noexcept {
    return var_in_texts<false>(n, data, [&](const std::string& s) {
      return n.flag ? p_.text_sets[n.path].contains(s) : in_list(*nodes_[n.first + 1].u.j, s);
    });
  }
  template <bool first>
  CARECOMPARE_LOGIC_NOINLINE int fast_versus_number(const node& n, const pnode& data) const noexcept {
    return versus_number<first, false>(n, data, [&](double x, double y) { return compare_numbers(n.c, x, y); });
  }
  template <bool first>
  CARECOMPARE_LOGIC_NOINLINE int fast_versus_text(const node& n, const pnode& data) const noexcept {
    return versus_text<first, false>(n, data, n.c == code::equal || n.c == code::strict_equal);
  }
  CARECOMPARE_LOGIC_NOINLINE int fast_between(const node& n, const pnode& data) const noexcept {
    return between<false>(n, data, [&](double x, double y) { return compare_numbers(n.c, x, y); });
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
    switch (n.c) {
      case code::lit_null: return 0;
      case code::lit_bool: return n.flag ? 1 : 0;
      case code::lit_number: return n.u.num != 0 && !std::isnan(n.u.num) ? 1 : 0;
      case code::lit_string: return n.u.s->empty() ? 0 : 1;
      case code::lit_object: return 1;
      case code::lit_array: return n.u.j->empty() ? 0 : 1;
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
      case code::not_not: {
        const int r = fast_test(n.first, data);
        return r < 0 || n.c == code::not_not ? r : 1 - r;
      }
      case code::all:
      case code::none:
      case code::some: return quantify<false>(n.c, n, data);
      default: return -1;
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
        case code::lit_string: text.add(*a.u.s); break;
        case code::lit_number: text.add_number(a.u.num); break;
        case code::lit_bool: text.add(a.flag ? "true" : "false"); break;
        case code::lit_null: break;
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
    /// memcpy of a piece, with the short ones (up to 16 bytes) copied inline.
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
      case vk::null: return true;
      case vk::boolean: text.add(v.flag ? "true" : "false"); return true;
      case vk::number: text.add_number(v.u.num); return true;
      case vk::str_ref: text.add(*v.u.s); return true;
      default: return false;
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
      case code::lit_null: out = nullptr; return true;
      case code::lit_bool: assign_scalar<json::boolean_t>(out, n.flag); return true;
      case code::lit_number: assign_number(out, n.u.num); return true;
      case code::lit_string: assign_text(out, *n.u.s); return true;
      case code::var_const: {
        const pnode* v = n.argc <= 1 ? leaf(n, data) : nullptr;
        return v != nullptr && write_scalar(*v, out);
      }
      case code::if_:
      case code::ternary: return write_if(n, data, out);
      case code::map: return write_map(n, data, out);
      case code::cat: return cat_leaves(n, data, reuse_string(out));
      case code::missing:
      case code::missing_some: return n.flag && write_missing(n, data, out);
      default: break;
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
    std::uint32_t chosen = 0;
    const int r = choose_branch(
        n, [&](std::uint32_t k) { return fast_test(k, data); }, chosen);
    if (r < 0) return false;
    if (r == 0) {
      out = nullptr;
      return true;
    }
    if (nodes_[chosen].c == code::lit_string) {  // the usual if chain: labels, written here
      assign_text(out, *nodes_[chosen].u.s);
      return true;
    }
    return write(chosen, data, out);
  }

  /// write() of `map` with a numeric body over a `var` leaf holding numbers (or nothing).
  bool write_map(const node& n, const pnode& data, json& out) const {
    if (n.argc != 2) return false;
    const node& source = nodes_[n.first];
    const node& body = nodes_[n.first + 1];
    if (source.c != code::var_const || source.argc > 1 || !is_numeric_node(body) ||
        (body.c == code::multiply && body.argc == 1)) {
      return false;
    }
    const pnode* list = leaf(source, data);
    if (list == nullptr || (list->kind != vk::parr_ref && list->kind > vk::null)) return false;
    const std::uint32_t size = list->kind == vk::parr_ref ? list->size : 0;  // not an array: []
    array_writer a(out);
    a.reserve(size);
    if (body.argc == 2 && is_arithmetic(body.c)) {
      // {"*": [{"var": ""}, 2]} and the like: two operands, each the element or a literal
      // number, computed here without num()'s dispatch for each element.
      const node& l = nodes_[body.first];
      const node& r = nodes_[body.first + 1];
      const bool l_elem = is_element(l);
      const bool r_elem = is_element(r);
      if ((l_elem || l.c == code::lit_number) && (r_elem || r.c == code::lit_number)) {
        const double x = l_elem ? 0 : l.u.num;
        const double y = r_elem ? 0 : r.u.num;
        return with_binary(body.c,
                           [&](auto op) { return map_binary<decltype(op)::value>(*list, x, l_elem, y, r_elem, a); });
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
      case vk::null: out = nullptr; return true;
      case vk::boolean: assign_scalar<json::boolean_t>(out, v.flag); return true;
      case vk::number: assign_number(out, v.u.num); return true;
      case vk::str_ref: assign_text(out, *v.u.s); return true;
      default: return false;
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

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_READER_HPP
