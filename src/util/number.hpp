// SPDX-License-Identifier: MIT
/**
 * @file util/number.hpp (private)
 * Which doubles the library writes as integers: the one test, shared by the result document's
 * scores ("3", not "3.0") and the numbers the rule checker quotes in messages.
 */
#ifndef CARECOMPARE_SRC_UTIL_NUMBER_HPP
#define CARECOMPARE_SRC_UTIL_NUMBER_HPP

#include <carecompare/config.hpp>
#include <cmath>
#include <optional>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// The integer `v` is, when it is one that every JSON reader takes exactly (|v| < 2^53; -0 is
/// 0); nullopt for a fraction, a larger magnitude, an infinity or NaN.
inline std::optional<long long> exact_integer(double v) noexcept {
  if (std::abs(v) < 9007199254740992.0 && v == static_cast<double>(static_cast<long long>(v))) {
    return static_cast<long long>(v);
  }
  return std::nullopt;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_NUMBER_HPP
