// SPDX-License-Identifier: MIT
/**
 * @file logic/kleene.hpp (private)
 * Kleene's strong three-valued logic over logic::truth (logic.hpp): the one algebra of "true,
 * false, or not known" in the library. Two users, one meaning of `unknown`:
 * - test_unknown() (kleene_walk.hpp): a rule's truth when some keys of its data are not answered;
 * - the rule checker (catalog/check.cpp): a node's truth over every circumstances a catalog
 *   allows (`yes`: true for all of them, `no`: false for all, `unknown`: it depends).
 *
 * The connectives, with no < unknown < yes: `and` is the least of its operands, `or` the
 * greatest, `not` swaps yes and no and keeps unknown. So a yes or no answer holds whatever the
 * unknown values turn out to be, and is never reached by guessing one of them.
 */
#ifndef CARECOMPARE_SRC_LOGIC_KLEENE_HPP
#define CARECOMPARE_SRC_LOGIC_KLEENE_HPP

#include <carecompare/config.hpp>
#include <carecompare/logic.hpp>

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/// The truth of a value that is known.
constexpr truth known(bool b) noexcept { return b ? truth::yes : truth::no; }

/// Kleene's `not`: yes and no swapped, unknown kept.
constexpr truth kleene_not(truth t) noexcept {
  return t == truth::yes ? truth::no : t == truth::no ? truth::yes : truth::unknown;
}

/// Kleene's `and`: no when either is no, yes when both are yes, else unknown.
constexpr truth kleene_and(truth a, truth b) noexcept {
  if (a == truth::no || b == truth::no) return truth::no;
  return a == truth::yes && b == truth::yes ? truth::yes : truth::unknown;
}

/// Kleene's `or`: yes when either is yes, no when both are no, else unknown.
constexpr truth kleene_or(truth a, truth b) noexcept { return kleene_not(kleene_and(kleene_not(a), kleene_not(b))); }

static_assert(kleene_and(truth::unknown, truth::no) == truth::no &&
              kleene_or(truth::unknown, truth::yes) == truth::yes &&
              kleene_and(truth::unknown, truth::yes) == truth::unknown &&
              kleene_or(truth::unknown, truth::no) == truth::unknown && kleene_not(truth::unknown) == truth::unknown);

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_KLEENE_HPP
