// SPDX-License-Identifier: MIT
/**
 * @file limits.hpp
 * Bounds on what carecompare accepts, so that hostile or broken input gets a clear error
 * instead of exhausting memory or the stack.
 *
 * Every bound has a default that fits real catalogs with room to spare; an app that needs more
 * (or less) passes its own `limits` to `catalog::from_json()`, `parse_json()` and friends:
 * ```
 * carecompare::load_options opts;
 * opts.limits.max_document_bytes = 1 << 20;  // this app only accepts 1 MiB catalogs
 * auto cat = carecompare::catalog::from_file("catalog.json", opts);
 * ```
 */
#ifndef CARECOMPARE_LIMITS_HPP
#define CARECOMPARE_LIMITS_HPP

#include <cstddef>

#include "config.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/// Bounds on accepted input. Past any of them the call fails with an error naming the bound.
struct limits {
  /// Largest JSON text accepted, in bytes (catalogs, circumstances, rules).
  std::size_t max_document_bytes = std::size_t{64} << 20;
  /// Deepest nesting of arrays and objects in a JSON text.
  std::size_t max_json_depth = 256;
  /// Deepest nesting of operators in one JsonLogic rule.
  std::size_t max_rule_depth = 128;
  /// Most strategies in one catalog.
  std::size_t max_strategies = 1'000'000;
  /// Most rules in one catalog.
  std::size_t max_rules = 1'000'000;
  /// Longest single text (a name, a purpose, one use case...), in bytes.
  std::size_t max_text_bytes = 64 * 1024;
};

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_LIMITS_HPP
