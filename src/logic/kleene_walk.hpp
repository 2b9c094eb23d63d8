// SPDX-License-Identifier: MIT
/**
 * @file logic/kleene_walk.hpp (private)
 * The truth of a rule when some of its data is not known: Kleene's three-valued logic over the
 * rule, node by node, beside the evaluator (evaluator.hpp), which decides every node that does not
 * depend on what is unknown. What is not known:
 * - an unknown key (test_unknown()'s `unknown`): its value could be anything;
 * - an open list (logic::open_list): an array that holds the elements the data gives, and maybe
 *   others, up to `most` distinct elements in all; its count key (if any) holds its length. A
 *   list nobody answered is an open list whose data is empty.
 *
 * The walk is compositional: each node gets a partial value from its operands' partial values,
 * never by trying what the unknowns could hold and comparing the outcomes. So it says exactly what
 * a node-by-node translation into a three-valued language says (FHIRPath, whose empty collection
 * is Kleene's unknown: `{} or true` is true, `{} and true` is empty); some answers that would hold
 * for every value stay unknown (`{"or": [{"<": [x, 4]}, {">=": [x, 4]}]}`, or `in` of an element
 * and `!in` of it, OR-ed).
 *
 * A partial value is one of:
 * - known: one value, the same whatever the unknowns hold;
 * - holds E: an array holding the elements E (in no known order), and maybe others;
 * - count lo..hi: a whole number from lo to hi;
 * - anything: nothing known.
 * Truthiness: known as JsonLogic's; holds E true when E is not empty, else unknown; count true
 * when lo > 0, false when hi == 0, else unknown; anything unknown.
 *
 * The semantics, per operator family (the `typing` column of the operator table, operators.hpp):
 *
 * | node                          | partial value                                                  |
 * |-------------------------------|----------------------------------------------------------------|
 * | reads nothing unknown         | known: what the evaluator gives                                |
 * | every operand known           | known: what the evaluator gives (operands: all arguments but   |
 * |                               | the scoped one of map, filter, reduce, all, none, some)        |
 * | `var` of an unknown key       | anything                                                       |
 * | `var` of an open list's key   | holds E (E: the elements the data gives)                       |
 * | `var` of its count key        | count n..max(n, most) (n: the count the data gives)            |
 * | `var` of a path into either   | anything (`sites.0`, `site_count.x`); a computed path too      |
 * | `missing`, `missing_some`     | as the evaluator gives: an unknown key is absent, a list is    |
 * |                               | present (open or not answered, it is an array); anything when  |
 * |                               | a key is computed or a path into a list (`sites.0`)            |
 * | `or`, `and` (truth)           | Kleene: `or` true when an operand is true, false when all are  |
 * |                               | false; `and` the dual; else unknown                            |
 * | `or`, `and` (value)           | the operand that decides, when every operand before it is      |
 * |                               | known to be falsy (or) / truthy (and); else anything           |
 * | `if`, `?:`                    | the conditions in turn: true chooses the branch, false passes, |
 * |                               | unknown makes the node anything (unknown)                      |
 * | `!`, `!!`                     | Kleene's not of the operand's truthiness; `!!` the same truth  |
 * | `==` `!=` `===` `!==` `<` `<=` | true or false when the comparison gives that for every value  |
 * | `>` `>=`, between forms       | of each count operand (the others known); else unknown         |
 * | `in` (needle, holds E)        | true when the needle is known and in E (===); else unknown     |
 * | `in` (count needle, known)    | as for comparisons: every value of the count gives the answer  |
 * | `some` (holds E, p)           | true when p is true for an element of E; else unknown          |
 * | `none` (holds E, p)           | false when p is true for an element of E; else unknown         |
 * | `all` (holds E, p)            | false when p is false for an element of E; else unknown        |
 * |                               | (json-logic-js: `all` of [] is false, so never true)           |
 * | `filter` (holds E, p)         | holds the elements of E for which p is true                    |
 * | `map` (holds E, f)            | holds f of each element of E                                   |
 * | `merge` (known, holds)        | holds every known element (known lists flattened) and each E   |
 * | `reduce`, arithmetic, `cat`,  | anything unless every operand is known                         |
 * | `substr`, `log`, an array     |                                                                |
 * | anything else                 | anything                                                       |
 *
 * So a true or false answer holds whatever the unknown keys hold and however the open lists are
 * completed (soundness: tests/open_answers_test.cpp enumerates completions to check it).
 */
#ifndef CARECOMPARE_SRC_LOGIC_KLEENE_WALK_HPP
#define CARECOMPARE_SRC_LOGIC_KLEENE_WALK_HPP

#include <algorithm>
#include <carecompare/config.hpp>
#include <carecompare/logic.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "evaluator.hpp"
#include "kleene.hpp"
#include "program.hpp"
#include "value.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/// The bits of program::reads that stand for the keys `unknown` and the lists' keys and count
/// keys (see there): what a node must not read for the evaluator to answer it.
inline std::uint64_t unknown_reads(const program& p, std::span<const std::string_view> unknown,
                                   std::span<const open_list> lists = {}) noexcept {
  if (unknown.empty() && lists.empty()) return 0;
  std::uint64_t mask = program::reads_anything;  // a node that may read any key reads these too
  for (std::size_t k = 0; k < p.keys_read.size() && k < 63; ++k) {
    const std::string_view key = p.keys_read[k];
    bool hit = false;
    for (const std::string_view u : unknown) hit = hit || key == u;
    for (const open_list& l : lists) hit = hit || key == l.key || (!l.count_key.empty() && key == l.count_key);
    if (hit) mask |= std::uint64_t{1} << k;
  }
  return mask;
}

/// Whether a key is an open list's key or count key, and which.
inline const open_list* list_of_key(std::span<const open_list> lists, std::string_view key, bool& is_count) noexcept {
  for (const open_list& l : lists) {
    if (key == l.key || (!l.count_key.empty() && key == l.count_key)) {
      is_count = key != l.key;
      return &l;
    }
  }
  return nullptr;
}

/// Whether `missing` / `missing_some` node `n` (outside scoped arguments) may test a path into a
/// list: its keys are computed, or one is a path below a list's key or count key (`sites.0`).
inline bool tests_into_lists(const program& p, const node& n, std::span<const open_list> lists) noexcept {
  if (!n.flag) return true;
  std::size_t count = n.argc;
  if (n.c == code::missing_some) {
    count = p.nodes[n.first + 1].u.j->size();
  } else if (n.argc >= 1 && p.nodes[n.first].c == code::lit_array) {
    count = p.nodes[n.first].u.j->size();
  }
  for (std::size_t k = 0; k < count; ++k) {
    const var_path& path = p.paths[n.path + k];
    bool is_count = false;
    if (path.keys.size() > 1 && list_of_key(lists, path.keys[0], is_count) != nullptr) return true;
  }
  return false;
}

/// Whether any `missing` / `missing_some` of `p` outside scoped arguments may test a path into
/// a list (the walk must then run even when the root reads no list).
inline bool may_test_lists(const program& p, std::span<const open_list> lists) noexcept {
  for (std::size_t i = 0; i < p.nodes.size(); ++i) {
    const node& n = p.nodes[i];
    if ((n.c == code::missing || n.c == code::missing_some) && !p.meta[i].scoped && tests_into_lists(p, n, lists)) {
      return true;
    }
  }
  return false;
}

/// What is known of a node's value (see the file comment).
struct partial {
  enum class kind : std::uint8_t { known, holds, count, anything };
  kind k = kind::anything;
  value v;  ///< known: the value; holds: an array of the elements known to be there
  double lo = 0;
  double hi = 0;  ///< count: the whole numbers lo..hi

  static partial anything() { return {}; }
  static partial of(value v) { return {kind::known, std::move(v), 0, 0}; }
  static partial holding(value elements) { return {kind::holds, std::move(elements), 0, 0}; }
  static partial counting(double lo, double hi) { return {kind::count, value(), lo, hi}; }
  [[nodiscard]] bool is_known() const noexcept { return k == kind::known; }

  /// Its JsonLogic truthiness.
  [[nodiscard]] truth truthiness() const noexcept {
    switch (k) {
      case kind::known: return known(truthy(v));
      case kind::holds: return array_size(v) != 0 ? truth::yes : truth::unknown;
      case kind::count: return lo > 0 ? truth::yes : hi == 0 ? truth::no : truth::unknown;
      case kind::anything: return truth::unknown;
    }
    return truth::unknown;
  }
};

/// The most combinations of count values a comparison tries, one value per count operand: past
/// it, the node is unknown.
inline constexpr std::size_t max_count_choices = 4096;

/// Kleene's three-valued truth of the nodes of one program (see the file comment).
class kleene_walk {
 public:
  kleene_walk(const program& p, const value& data, std::uint64_t unknown, std::span<const std::string_view> keys,
              std::span<const open_list> lists)
      : p_(p), data_(data), unknown_(unknown), keys_(keys), lists_(lists), st_(p), ev_(p, st_, evaluator::mode::fast) {
    if (lists.empty()) return;
    // Nodes above a `missing` that may test a path into a list: the evaluator answers none.
    for (std::uint32_t i = 0; i < p.nodes.size(); ++i) {
      const node& n = p.nodes[i];
      if ((n.c != code::missing && n.c != code::missing_some) || p.meta[i].scoped || !tests_into_lists(p, n, lists)) {
        continue;
      }
      if (tainted_.empty()) tainted_.assign(p.nodes.size(), 0);
      for (std::uint32_t k = i; k != node_meta::npos && tainted_[k] == 0; k = p.meta[k].parent) tainted_[k] = 1;
    }
  }

  /// The truth of node `i`.
  truth of(std::uint32_t i) {
    if (decided(i)) return known(ev_.test(i, data_));
    const node& n = p_.nodes[i];
    switch (n.c) {
      case code::or_:
      case code::and_: {
        // The connective over the operands in turn, from its identity; the operand that decides
        // it ends the walk, as evaluation stops there.
        const bool is_or = n.c == code::or_;
        const truth decides = is_or ? truth::yes : truth::no;
        truth out = is_or ? truth::no : truth::yes;
        for (std::uint32_t k = 0; k < n.argc && out != decides; ++k) {
          out = is_or ? kleene_or(out, of(n.first + k)) : kleene_and(out, of(n.first + k));
        }
        return out;
      }
      case code::if_:
      case code::ternary: {
        std::uint32_t chosen = 0;
        const int found = choose(n, chosen);
        if (found < 0) return truth::unknown;
        return found == 0 ? truth::no : of(chosen);
      }
      case code::not_:
      case code::not_not: {
        const truth t = n.argc != 0 ? of(n.first) : truth::no;
        return n.c == code::not_not ? t : kleene_not(t);
      }
      default: return value_of(i).truthiness();
    }
  }

  /// The partial value of node `i`.
  partial value_of(std::uint32_t i) {
    if (decided(i)) return partial::of(ev_.eval(i, data_));
    const node& n = p_.nodes[i];
    if (!is_operator(n.c)) return every_operand_known(i) ? evaluated(i) : partial::anything();  // an array
    return (this->*families[static_cast<std::size_t>(typing_of(n.c))])(i, n);
  }

 private:
  /// Whether the evaluator answers node `i`: it reads nothing unknown.
  [[nodiscard]] bool decided(std::uint32_t i) const noexcept {
    return (p_.meta[i].reads & unknown_) == 0 && (tainted_.empty() || tainted_[i] == 0);
  }

  /// The node's value from the evaluator, on the data (one completion of every open list).
  partial evaluated(std::uint32_t i) { return partial::of(ev_.eval(i, data_)); }

  /// Whether operand `k` of `n` is read against the data (not the scoped one of a list operator).
  static bool is_operand(const node& n, std::uint32_t k) noexcept { return !(is_scoped(n.c) && k == 1); }

  /// Whether every operand of node `i` is known: its value is then the same for every completion,
  /// which the evaluator gives.
  bool every_operand_known(std::uint32_t i) {
    const node& n = p_.nodes[i];
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      if (is_operand(n, k) && !value_of(n.first + k).is_known()) return false;
    }
    return true;
  }

  /// choose_branch() with Kleene conditions: -1 when a condition before the chosen one is unknown.
  int choose(const node& n, std::uint32_t& chosen) {
    return choose_branch(
        n,
        [&](std::uint32_t k) {
          const truth t = of(k);
          return t == truth::unknown ? -1 : t == truth::yes ? 1 : 0;
        },
        chosen);
  }

  static partial of_truth(truth t) {
    return t == truth::unknown ? partial::anything() : partial::of(value::boolean(t == truth::yes));
  }

  // -- one function per operator family (the `typing` column), indexed by it --------------------

  using family = partial (kleene_walk::*)(std::uint32_t i, const node& n);

  partial family_var(std::uint32_t i, const node& n) {
    if (n.c != code::var_const) return partial::anything();  // a computed path may name anything
    const var_path& path = p_.paths[n.path];
    if (path.whole || path.keys.empty()) return partial::anything();
    bool is_count = false;
    const open_list* list = list_of_key(lists_, path.keys[0], is_count);
    if (list == nullptr || path.keys.size() != 1) {
      // An unknown key, a path into a list, or a default that reads something unknown.
      return every_operand_known(i) && list == nullptr && !is_unknown_key(path.keys[0]) ? evaluated(i)
                                                                                        : partial::anything();
    }
    value given = ev_.eval(i, data_);
    if (is_count) {
      if (!given.is_number()) return partial::anything();
      const double n_given = given.number_value();
      return partial::counting(n_given, std::max(n_given, static_cast<double>(list->most)));
    }
    return given.is_array() ? partial::holding(std::move(given)) : partial::anything();
  }

  partial family_missing(std::uint32_t, const node&) { return partial::anything(); }

  partial family_branches(std::uint32_t, const node& n) {
    std::uint32_t chosen = 0;
    const int found = choose(n, chosen);
    if (found < 0) return partial::anything();
    return found == 0 ? partial::of(value::null()) : value_of(chosen);
  }

  partial family_comparison(std::uint32_t, const node& n) {
    const bool between_form = (n.c == code::less || n.c == code::less_equal) && n.argc > 2;
    const std::uint32_t compared = between_form ? 3 : 2;
    std::vector<partial> operands;
    for (std::uint32_t k = 0; k < compared; ++k) {
      operands.push_back(k < n.argc ? value_of(n.first + k) : partial::of(value()));
    }
    for (std::uint32_t k = compared; k < n.argc; ++k) {  // evaluated for their effects only
      if (!value_of(n.first + k).is_known()) return partial::anything();
    }
    return every_choice(operands, [&](const std::vector<value>& v) {
      return evaluator::compare(n.c, v[0], v[1], between_form ? v[2] : value());
    });
  }

  partial family_negation(std::uint32_t i, const node&) { return of_truth(of(i)); }

  partial family_connective(std::uint32_t, const node& n) {
    const bool want = n.c == code::or_;
    partial current = partial::of(value());
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      current = value_of(n.first + k);
      const truth t = current.truthiness();
      if (t == truth::unknown) return partial::anything();
      if ((t == truth::yes) == want) return current;
    }
    return current;
  }

  partial family_arithmetic(std::uint32_t i, const node&) {
    return every_operand_known(i) ? evaluated(i) : partial::anything();
  }

  partial family_list(std::uint32_t i, const node& n) {
    if (every_operand_known(i)) return evaluated(i);
    const partial list = n.argc != 0 ? value_of(n.first) : partial::of(value());
    if (list.k != partial::kind::holds || n.c == code::reduce) return partial::anything();
    const std::size_t size = array_size(list.v);
    std::vector<value> out;
    for (std::size_t e = 0; e < size; ++e) {
      value element = array_at(list.v, e);
      if (n.c == code::map) {
        out.push_back(n.argc >= 2 ? escape(ev_.eval(n.first + 1, element)) : value::null());
        continue;
      }
      const bool t = n.argc >= 2 && ev_.test(n.first + 1, element);
      switch (n.c) {
        case code::some:
          if (t) return partial::of(value::boolean(true));
          break;
        case code::none:
          if (t) return partial::of(value::boolean(false));
          break;
        case code::all:
          if (!t) return partial::of(value::boolean(false));
          break;
        default:  // filter
          if (t) out.push_back(std::move(element));
          break;
      }
    }
    if (n.c == code::map || n.c == code::filter) return partial::holding(make_array(std::move(out)));
    return partial::anything();
  }

  partial family_merge(std::uint32_t i, const node& n) {
    if (every_operand_known(i)) return evaluated(i);
    std::vector<value> out;
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      const partial part = value_of(n.first + k);
      if (part.k == partial::kind::count || part.k == partial::kind::anything) return partial::anything();
      if (part.v.is_array()) {
        for_each_element(part.v, [&](const value& e) { out.push_back(e); });
      } else {
        out.push_back(part.v);
      }
    }
    return partial::holding(make_array(std::move(out)));
  }

  partial family_in(std::uint32_t, const node& n) {
    std::vector<partial> operands;
    for (std::uint32_t k = 0; k < 2; ++k) operands.push_back(k < n.argc ? value_of(n.first + k) : partial::of(value()));
    for (std::uint32_t k = 2; k < n.argc; ++k) {  // evaluated for their effects only
      if (!value_of(n.first + k).is_known()) return partial::anything();
    }
    if (operands[1].k == partial::kind::holds) {
      if (!operands[0].is_known()) return partial::anything();
      try {
        return evaluator::in_op(operands[0].v, operands[1].v) ? partial::of(value::boolean(true)) : partial::anything();
      } catch (const js_error&) {
        return partial::anything();
      }
    }
    if (operands[1].k != partial::kind::known) return partial::anything();  // a count haystack: JS would throw
    return every_choice(operands, [&](const std::vector<value>& v) { return evaluator::in_op(v[0], v[1]); });
  }

  partial family_known_operands(std::uint32_t i, const node&) {
    return every_operand_known(i) ? evaluated(i) : partial::anything();
  }

  // In the order of `typing` (operators.hpp checks that order once).
  static constexpr family families[typing_count] = {
      &kleene_walk::family_var,        &kleene_walk::family_missing,        &kleene_walk::family_branches,
      &kleene_walk::family_comparison, &kleene_walk::family_negation,       &kleene_walk::family_connective,
      &kleene_walk::family_arithmetic, &kleene_walk::family_list,           &kleene_walk::family_merge,
      &kleene_walk::family_in,         &kleene_walk::family_known_operands, &kleene_walk::family_known_operands,
  };

  /// Whether `key` is one of the unknown keys.
  [[nodiscard]] bool is_unknown_key(std::string_view key) const noexcept {
    return std::find(keys_.begin(), keys_.end(), key) != keys_.end();
  }

  /// Known when `answer` gives the same for every choice of a value per operand (a known
  /// operand's value, each whole number of a count's range); else anything.
  template <class Answer>
  static partial every_choice(const std::vector<partial>& operands, Answer&& answer) {
    std::size_t choices = 1;
    for (const partial& o : operands) {
      if (o.k == partial::kind::count) {
        const double width = o.hi - o.lo + 1;
        if (!(width >= 1) || width > static_cast<double>(max_count_choices) / static_cast<double>(choices)) {
          return partial::anything();
        }
        choices *= static_cast<std::size_t>(width);
      } else if (!o.is_known()) {
        return partial::anything();
      }
    }
    std::vector<value> v(operands.size());
    int seen = -1;
    try {
      for (std::size_t c = 0; c < choices; ++c) {
        std::size_t rest = c;
        for (std::size_t k = 0; k < operands.size(); ++k) {
          const partial& o = operands[k];
          if (o.k != partial::kind::count) {
            v[k] = o.v;
            continue;
          }
          const auto width = static_cast<std::size_t>(o.hi - o.lo + 1);
          v[k] = value::number(o.lo + static_cast<double>(rest % width));
          rest /= width;
        }
        const int r = answer(v) ? 1 : 0;
        if (seen >= 0 && r != seen) return partial::anything();
        seen = r;
      }
    } catch (const js_error&) {
      return partial::anything();
    }
    return partial::of(value::boolean(seen == 1));
  }

  const program& p_;
  const value& data_;
  std::uint64_t unknown_;
  std::span<const std::string_view> keys_;
  std::span<const open_list> lists_;
  std::vector<unsigned char> tainted_;  ///< nodes above a `missing` that may test into a list
  eval_state st_;
  evaluator ev_;
};

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_KLEENE_WALK_HPP
