// SPDX-License-Identifier: MIT
// What a test needs from outside the project (the JsonLogic conformance suite and the seed article
// in ../shared): when it is missing, the test skips saying why, except under CI=true, where it
// fails: CI runs every test. CI mode is CI set to anything but "", 0, false or no, the rule of
// scripts/check-tests.py and cmake/testing.cmake too.
#ifndef CARECOMPARE_TESTS_CI_SUPPORT_HPP
#define CARECOMPARE_TESTS_CI_SUPPORT_HPP

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <string_view>

#include "util/ascii.hpp"  // the library's ASCII case folding (src/)

namespace carecompare_test {

/// True under CI (the environment variable CI set to anything but "", 0, false or no).
inline bool ci_mode() {
  const char* set = std::getenv("CI");
  std::string_view value = set == nullptr ? "" : set;
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())) != 0) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())) != 0) value.remove_suffix(1);
  using carecompare::detail::equal_ignoring_ascii_case;
  return !(value.empty() || value == "0" || equal_ignoring_ascii_case(value, "false") ||
           equal_ignoring_ascii_case(value, "no"));
}

}  // namespace carecompare_test

/// In a TEST body, when what it needs is missing: skips with `message` (anything that streams into
/// GTEST_SKIP()), or under CI=true fails with it. Returns from the test either way.
#define CARECOMPARE_REQUIRE_OR_SKIP(message)                             \
  do {                                                                   \
    if (carecompare_test::ci_mode()) {                                   \
      GTEST_FAIL() << "CI=true: " << message << " (CI runs every test)"; \
    }                                                                    \
    GTEST_SKIP() << message;                                             \
  } while (false)

#endif  // CARECOMPARE_TESTS_CI_SUPPORT_HPP
