// SPDX-License-Identifier: MIT
/**
 * @file logic/bind.hpp (private)
 * Pass `bind`: each node of a shape the reader answers gets a function of its own, an instance
 * of the reader's code for that shape specialised to the node's operator and to how its operands
 * are read: node::test for comparisons, `in`, and/or/!/!!, some/all/none and `var` leaves
 * (reader::fast_test() calls it), node::number for `max min + - * / %` of two operands
 * (reader::num() calls it). The reader then no longer dispatches on the shape, then on the
 * operator, then on the length of the `var` path, at every evaluation.
 *
 * Why it keeps the meaning: every bound function computes what reader::dispatch_test() or
 * dispatch_num() computes for the same node, with what those look up at run time (the shape, the
 * operator, whether a path has one segment, whether an operand is a literal) fixed when the pass
 * ran, from nodes no later step changes. Nothing that can change between evaluations (the data,
 * a reduce frame, the member hints) is fixed. A bound function answers "don't know" exactly when
 * the dispatch does. A node of a shape not listed here keeps nullptr, and the dispatch answers
 * it as before. tests/passes_test.cpp and the logic fuzzer check the pass alone and with the
 * others against the reference evaluator.
 */
#ifndef CARECOMPARE_SRC_LOGIC_BIND_HPP
#define CARECOMPARE_SRC_LOGIC_BIND_HPP

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

#include <carecompare/config.hpp>
#include "program.hpp"
#include "reader.hpp"
#include "value.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/// The bound tests (see the file comment). `One`: the `var` operand's path has exactly one
/// segment (the usual `{"var": "key"}`), looked up without asking how long the path is.
struct bound {
  // The shapes, each the reader's code (reader.hpp) with the operator fixed.

  /// shape::var_number (`First`) and shape::number_var.
  template <code C, bool First, bool One>
  CARECOMPARE_LOGIC_ENTRY static int versus_number(const reader& r, const node& n, const pnode& data) noexcept {
    return r.versus_number<First, One>(n, data, [](double x, double y) { return reader::compare_as<C>(x, y); });
  }
  /// shape::between.
  template <code C, bool One>
  CARECOMPARE_LOGIC_ENTRY static int between(const reader& r, const node& n, const pnode& data) noexcept {
    return r.between<One>(n, data, [](double x, double y) { return reader::compare_as<C>(x, y); });
  }
  /// shape::var_text (`First`) and shape::text_var, == (`Equal`) or !=.
  template <bool Equal, bool First, bool One>
  CARECOMPARE_LOGIC_ENTRY static int versus_text(const reader& r, const node& n, const pnode& data) noexcept {
    return r.versus_text<First, One>(n, data, Equal);
  }
  /// shape::var_in_texts, the list a text_set (`Set`) or not.
  template <bool Set, bool One>
  CARECOMPARE_LOGIC_ENTRY static int var_in_texts(const reader& r, const node& n, const pnode& data) noexcept {
    return r.var_in_texts<One>(n, data, [&](const std::string& s) {
      if constexpr (Set) {
        return r.prog().text_sets[n.path].contains(s);
      } else {
        return reader::in_list(*r.nodes()[n.first + 1].u.j, s);
      }
    });
  }
  /// shape::text_in_var.
  template <bool One>
  CARECOMPARE_LOGIC_ENTRY static int text_in_var(const reader& r, const node& n, const pnode& data) noexcept {
    return r.text_in_var<One>(n, data);
  }
  /// shape::simple `some`, `all` and `none` (`C`) over a `var` leaf.
  template <code C, bool One>
  CARECOMPARE_LOGIC_ENTRY static int quantifier(const reader& r, const node& n, const pnode& data) noexcept {
    return r.quantify<One>(C, n, data);
  }

  /// Whether `and` (`And`) or `or` stops at an argument that answers `t`, answering `t`: `and`
  /// at one that is false or undecided, `or` at one that is true or undecided.
  template <bool And>
  static constexpr bool stops_at(int t) noexcept {
    return And ? t <= 0 : t != 0;
  }
  /// shape::simple `and` (`And`) or `or`: reader::fast_simple(). `Bound`: every argument has its
  /// own test, called without asking whether it has one. The last argument's answer is the
  /// node's when none before it stops it (stops_at()), returned by a tail call; none gives 0.
  template <bool And, bool Bound>
  CARECOMPARE_LOGIC_ENTRY static int connective(const reader& r, const node& n, const pnode& data) noexcept {
    if (n.argc == 0) return 0;
    const node* a = r.nodes() + n.first;
    for (const node* last = a + n.argc - 1; a != last; ++a) {
      const int t = Bound ? a->test(r, *a, data) : r.fast_test(*a, data);
      if (stops_at<And>(t)) return t;
    }
    return Bound ? a->test(r, *a, data) : r.fast_test(*a, data);
  }
  /// connective<And, true>() of exactly two arguments (the most common): without the loop, whose
  /// registers cost more than the call they save.
  template <bool And>
  CARECOMPARE_LOGIC_ENTRY static int pair(const reader& r, const node& n, const pnode& data) noexcept {
    const node* a = r.nodes() + n.first;
    const int t = a[0].test(r, a[0], data);
    if (stops_at<And>(t)) return t;
    return a[1].test(r, a[1], data);
  }
  /// shape::simple `!` (`Not`) and `!!`: reader::fast_simple().
  template <bool Not>
  CARECOMPARE_LOGIC_ENTRY static int not_(const reader& r, const node& n, const pnode& data) noexcept {
    const int t = r.fast_test(n.first, data);
    return t < 0 || !Not ? t : 1 - t;
  }
  /// shape::simple `var` leaf: its truthiness, reader::fast_simple().
  template <bool One>
  CARECOMPARE_LOGIC_ENTRY static int truthy_leaf(const reader&, const node& n, const pnode& data) noexcept {
    const pnode* v = reader::leaf_of<One>(n, data);
    return v != nullptr ? reader::truthy_node(*v) : -1;
  }

  /// How a numeric operand is read: a literal number, a `var` leaf of one segment that names
  /// no reduce frame member, or anything else (reader::num()).
  enum class operand : std::uint8_t { literal, one_var, other };

  static operand operand_of(const node& a) noexcept {
    if (a.c == code::lit_number) return operand::literal;
    if (a.c == code::var_const && a.argc <= 1 && a.flag && a.segments == 1 && a.u.seg->frame == 0) {
      return operand::one_var;
    }
    return operand::other;
  }

  /// reader::num() of node `i`, read as `K` says.
  template <operand K>
  CARECOMPARE_LOGIC_HOT static bool read(const reader& r, std::uint32_t i, const pnode& data, const double* frame,
                                         double& out) noexcept {
    if constexpr (K == operand::literal) {
      out = r.nodes()[i].u.num;
      return true;
    } else if constexpr (K == operand::one_var) {
      const pnode* m = reader::leaf_of<true>(r.nodes()[i], data);
      if (m == nullptr || m->kind != vk::number) return false;
      out = m->u.num;
      return true;
    } else {
      return r.num(i, data, frame, out);
    }
  }

  /// max min + - * / % of two operands, read as `L` and `R` say: reader::num_binary().
  template <code C, operand L, operand R>
  CARECOMPARE_LOGIC_ENTRY static bool binary(const reader& r, const node& n, const pnode& data, const double* frame,
                                             double& out) noexcept {
    double x = 0;
    double y = 0;
    if (!read<L>(r, n.first, data, frame, x) || !read<R>(r, n.first + 1, data, frame, y)) return false;
    out = reader::binary_of<C>(x, y);
    return true;
  }

  /// shape::numbers, the operands read as `L` and `R` say: reader::fast_numbers().
  template <code C, operand L, operand R>
  CARECOMPARE_LOGIC_ENTRY static int numbers(const reader& r, const node& n, const pnode& data) noexcept {
    double x = 0;
    double y = 0;
    if (!read<L>(r, n.first, data, nullptr, x) || !read<R>(r, n.first + 1, data, nullptr, y)) return -1;
    return reader::compare_as<C>(x, y);
  }

  /// `f(std::integral_constant<operand, k>{})`.
  template <class F>
  static auto with_operand(operand k, F&& f) noexcept {
    switch (k) {
      case operand::literal: return f(std::integral_constant<operand, operand::literal>{});
      case operand::one_var: return f(std::integral_constant<operand, operand::one_var>{});
      default: return f(std::integral_constant<operand, operand::other>{});
    }
  }

  /// The bound arithmetic of node `i` of `p`: a numeric `max min + - * / %` of two operands;
  /// nullptr for any other node (reader::dispatch_num() answers it).
  static num_fn number_of(const program& p, std::uint32_t i) noexcept {
    const node& n = p.nodes[i];
    if (!is_arithmetic(n.c) || !n.flag || n.argc != 2) return nullptr;
    const node* args = p.nodes.data() + n.first;
    return reader::with_binary(n.c, [&](auto c) {
      return with_operand(operand_of(args[0]), [&](auto l) {
        return with_operand(operand_of(args[1]), [&](auto r) -> num_fn { return &binary<c, l, r>; });
      });
    });
  }

  /// The comparison `c` as the operator reader::compare_as() takes: equal for == and ===,
  /// not_equal for != and !== (they agree on two numbers).
  static code numeric_comparison(code c) noexcept {
    if (c == code::strict_equal) return code::equal;
    if (c == code::strict_not_equal) return code::not_equal;
    return c;
  }

  /// `f(std::integral_constant<code, c>{})` for the numeric comparison `c`; nullptr for
  /// another operator.
  template <class F>
  static test_fn with_comparison(code c, F&& f) noexcept {
    switch (numeric_comparison(c)) {
      case code::less: return f(std::integral_constant<code, code::less>{});
      case code::less_equal: return f(std::integral_constant<code, code::less_equal>{});
      case code::greater: return f(std::integral_constant<code, code::greater>{});
      case code::greater_equal: return f(std::integral_constant<code, code::greater_equal>{});
      case code::equal: return f(std::integral_constant<code, code::equal>{});
      case code::not_equal: return f(std::integral_constant<code, code::not_equal>{});
      default: return nullptr;
    }
  }
  /// `f(std::bool_constant<b>{})`.
  template <class F>
  static test_fn with_bool(bool b, F&& f) noexcept {
    return b ? f(std::true_type{}) : f(std::false_type{});
  }

  /// The bound test of node `i` of `p`, or nullptr when dispatch_test() is to answer it; the
  /// nodes after `i` are bound already.
  static test_fn of(const program& p, std::uint32_t i) noexcept {
    const node& n = p.nodes[i];
    const node* args = p.nodes.data() + n.first;
    // Whether `var` leaf `v` has a path of one segment.
    auto one = [](const node& v) { return v.segments == 1 && v.flag; };
    switch (n.form) {
      case shape::none: return nullptr;
      case shape::text_in_var: return with_bool(one(args[1]), [&](auto o) -> test_fn { return &text_in_var<o>; });
      case shape::numbers:
        return with_comparison(n.c, [&](auto c) {
          return with_operand(operand_of(args[0]), [&](auto l) {
            return with_operand(operand_of(args[1]), [&](auto r) -> test_fn { return &numbers<c, l, r>; });
          });
        });
      case shape::var_number:
      case shape::number_var: {
        const bool first = n.form == shape::var_number;
        return with_comparison(n.c, [&](auto c) {
          return with_bool(first, [&](auto f) {
            return with_bool(one(args[f ? 0 : 1]), [&](auto o) -> test_fn { return &versus_number<c, f, o>; });
          });
        });
      }
      case shape::between:
        if (n.c != code::less && n.c != code::less_equal) return nullptr;
        return with_comparison(n.c, [&](auto c) {
          return with_bool(one(args[1]), [&](auto o) -> test_fn {
            if constexpr (c == code::less || c == code::less_equal) {
              return &between<c, o>;
            } else {
              return nullptr;
            }
          });
        });
      case shape::var_text:
      case shape::text_var: {
        const bool first = n.form == shape::var_text;
        const code c = numeric_comparison(n.c);
        if (c != code::equal && c != code::not_equal) return nullptr;
        return with_bool(c == code::equal, [&](auto e) {
          return with_bool(first, [&](auto f) {
            return with_bool(one(args[f ? 0 : 1]), [&](auto o) -> test_fn { return &versus_text<e, f, o>; });
          });
        });
      }
      case shape::var_in_texts:
        return with_bool(n.flag, [&](auto s) {
          return with_bool(one(args[0]), [&](auto o) -> test_fn { return &var_in_texts<s, o>; });
        });
      case shape::simple:
        switch (n.c) {
          case code::and_:
          case code::or_: {
            // Arguments come after their node, so bind_nodes() has bound them already.
            const bool all_bound = std::all_of(args, args + n.argc, [](const node& a) { return a.test != nullptr; });
            return with_bool(n.c == code::and_, [&](auto a) -> test_fn {
              if (all_bound && n.argc == 2) return &pair<a>;
              return with_bool(all_bound, [&](auto b) -> test_fn { return &connective<a, b>; });
            });
          }
          case code::not_: return &not_<true>;
          case code::not_not: return &not_<false>;
          case code::some:
            return with_bool(one(args[0]), [&](auto o) -> test_fn { return &quantifier<code::some, o>; });
          case code::all: return with_bool(one(args[0]), [&](auto o) -> test_fn { return &quantifier<code::all, o>; });
          case code::none:
            return with_bool(one(args[0]), [&](auto o) -> test_fn { return &quantifier<code::none, o>; });
          case code::var_const: return with_bool(one(n), [&](auto o) -> test_fn { return &truthy_leaf<o>; });
          default: return nullptr;
        }
    }
    return nullptr;
  }
};

/**
 * pass::bind. Rewrite: no node changes what it computes; node::test and node::number of every
 * node bound::of() / bound::number_of() has a function for are set to it. Meaning kept: see
 * the file comment. Runs after finish_program(), which sets the vars' segments; no later step
 * moves or changes a node.
 */
inline void bind_nodes(program& p) {
  for (std::size_t i = p.nodes.size(); i-- != 0;) {  // a node's arguments first (they come after it)
    p.nodes[i].test = bound::of(p, static_cast<std::uint32_t>(i));
    p.nodes[i].number = bound::number_of(p, static_cast<std::uint32_t>(i));
  }
}

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_BIND_HPP
