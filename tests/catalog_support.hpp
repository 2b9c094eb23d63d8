// SPDX-License-Identifier: MIT
// Helpers shared by the tests that load mutated copies of the builtin catalog.
#ifndef CARECOMPARE_TESTS_CATALOG_SUPPORT_HPP
#define CARECOMPARE_TESTS_CATALOG_SUPPORT_HPP

#include <gtest/gtest.h>

#include <carecompare/catalog.hpp>
#include <vector>

namespace carecompare_test {

/// The builtin catalog as a JSON value, to mutate.
inline nlohmann::json builtin_json() { return carecompare::catalog::builtin().to_json_value(); }

/// Loads `doc` expecting a catalog_error; returns its problems (and fails the test if it loads).
inline std::vector<carecompare::diagnostic> problems_of(const nlohmann::json& doc,
                                                        const carecompare::load_options& options = {}) {
  try {
    (void)carecompare::catalog::from_value(doc, options);
  } catch (const carecompare::catalog_error& e) {
    return e.problems();
  }
  ADD_FAILURE() << "the catalog loaded, but a catalog_error was expected";
  return {};
}

}  // namespace carecompare_test

#endif  // CARECOMPARE_TESTS_CATALOG_SUPPORT_HPP
