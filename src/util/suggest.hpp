// SPDX-License-Identifier: MIT
/**
 * @file util/suggest.hpp (private)
 * "Did you mean": the one place that finds a likely intended name for a mistyped one, and
 * says so. Every suggestion the library makes (unknown `var` names and values in rules, unknown
 * facts and fact values in circumstances, and what diagnostic::to_string() prints) comes from
 * here, so that a face that reports unknown keys, ids or command-line flags suggests the same
 * way.
 *
 * Invariants: names are compared ASCII case-insensitively, in bytes; a suggestion is never the
 * name itself, never empty, and one of the candidates given, the first of the closest in their
 * order.
 */
#ifndef CARECOMPARE_SRC_UTIL_SUGGEST_HPP
#define CARECOMPARE_SRC_UTIL_SUGGEST_HPP

#include <algorithm>
#include <carecompare/config.hpp>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ascii.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/**
 * Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), ASCII
 * case-insensitive, in bytes. Stops early and returns `limit + 1` once the distance is known to
 * exceed `limit`.
 */
inline std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && ascii_lower(a[i - 1]) == ascii_lower(b[j - 2]) &&
          ascii_lower(a[i - 2]) == ascii_lower(b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

/**
 * The candidate closest to `name` when it is close enough to be a likely typo, else "".
 * Close enough: at most one edit per four characters of the shorter word (at least one), and
 * fewer edits than the word has characters (`x` suggests nothing). Ties keep candidate order.
 */
template <class Range>
std::string closest_name(std::string_view name, const Range& candidates) {
  if (name.empty() || name.size() > 200) return {};
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const auto& c : candidates) {
    const std::string_view candidate(c);
    if (candidate.empty() || candidate == name) continue;
    const std::size_t shorter = std::min(name.size(), candidate.size());
    const std::size_t limit = std::max<std::size_t>(1, shorter / 4);
    const std::size_t d = edit_distance(name, candidate, limit);
    if (d <= limit && d < shorter && d < best_distance) {
      best_distance = d;
      best.assign(candidate);
    }
  }
  return best;
}

/// ` (did you mean "x"?)` for a suggestion `x` (as given: escape it first where it must be),
/// "" for none: how every message of the library offers one.
inline std::string did_you_mean(std::string_view suggestion) {
  if (suggestion.empty()) return {};
  std::string out = " (did you mean \"";
  return out.append(suggestion).append("\"?)");
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_SUGGEST_HPP
