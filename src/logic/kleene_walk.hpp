// SPDX-License-Identifier: MIT
/**
 * @file logic/kleene_walk.hpp (private)
 * The truth of a rule when some keys of its data are not known: Kleene's three-valued logic over
 * the rule, beside the evaluator (evaluator.hpp), which decides everything that does not depend
 * on what is unknown. It adds no semantics of its own: a node is either answered by the evaluator
 * or by Kleene's connectives (kleene.hpp).
 *
 * A node whose subtree reads no unknown key (program::reads) has the truth the evaluator gives: its
 * value cannot depend on what the unknown keys hold. Of the others:
 * - `or`: true when an operand is true, false when every operand is false, else unknown;
 * - `and`: false when an operand is false, true when every operand is true, else unknown;
 * - `if`, `?:`: the conditions in turn: a true one chooses the branch, whose truth is the answer;
 *   a false one passes to the next; an unknown one makes the answer unknown;
 * - `!`: the negation, unknown staying unknown; `!!`: the same truth;
 * - any other node that reads an unknown key: unknown.
 * So a true or false answer holds whatever values the unknown keys have (soundness); some
 * answers that would hold for every value stay unknown (`{"or": [{"<": [x, 4]}, {">=": [x, 4]}]}`).
 */
#ifndef CARECOMPARE_SRC_LOGIC_KLEENE_WALK_HPP
#define CARECOMPARE_SRC_LOGIC_KLEENE_WALK_HPP

#include <carecompare/config.hpp>
#include <carecompare/logic.hpp>
#include <cstdint>
#include <span>
#include <string_view>

#include "evaluator.hpp"
#include "kleene.hpp"
#include "program.hpp"
#include "value.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/// The bits of program::reads that stand for the keys `unknown` (see there): what a node must
/// not read for the evaluator to answer it.
inline std::uint64_t unknown_reads(const program& p, std::span<const std::string_view> unknown) noexcept {
  if (unknown.empty()) return 0;
  std::uint64_t mask = program::reads_anything;  // a node that may read any key reads these too
  for (std::size_t k = 0; k < p.keys_read.size() && k < 63; ++k) {
    for (const std::string_view u : unknown) {
      if (p.keys_read[k] == u) mask |= std::uint64_t{1} << k;
    }
  }
  return mask;
}

/// Kleene's three-valued truth of the nodes of one program (see the file comment).
class kleene_walk {
 public:
  kleene_walk(const program& p, const value& data, std::uint64_t unknown) noexcept
      : p_(p), data_(data), unknown_(unknown), st_(p), ev_(p, st_, evaluator::mode::fast) {}

  truth of(std::uint32_t i) {
    if ((p_.meta[i].reads & unknown_) == 0) return known(ev_.test(i, data_));
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
        const int found = choose_branch(
            n,
            [&](std::uint32_t k) {
              const truth t = of(k);
              return t == truth::unknown ? -1 : t == truth::yes ? 1 : 0;
            },
            chosen);
        if (found < 0) return truth::unknown;
        return found == 0 ? truth::no : of(chosen);
      }
      case code::not_:
      case code::not_not: {
        const truth t = n.argc != 0 ? of(n.first) : truth::no;
        return n.c == code::not_not ? t : kleene_not(t);
      }
      default: return truth::unknown;
    }
  }

 private:
  const program& p_;
  const value& data_;
  std::uint64_t unknown_;
  eval_state st_;
  evaluator ev_;
};

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_KLEENE_WALK_HPP
