// SPDX-License-Identifier: MIT
/**
 * @file limits.hpp
 * Bounds on what carecompare accepts, so that hostile or broken input gets a clear error
 * instead of exhausting memory or the stack, or stalling.
 *
 * | bound                | default   | past it                                                |
 * |----------------------|-----------|--------------------------------------------------------|
 * | `max_document_bytes` | 64 MiB    | parse 102 / catalog 202 (file: catalog 218), unparsed  |
 * | `max_json_depth`     | 256       | parse 103 / catalog 203, before parsing or decoding    |
 * | `max_rule_depth`     | 128       | logic 503 / catalog 216 at the rule, before compiling  |
 * | `max_strategies`     | 100,000   | catalog 217 at `/strategies`, before decoding          |
 * | `max_rules`          | 100,000   | catalog 217 at `/rules`, before decoding               |
 * | `max_text_bytes`     | 64 KiB    | catalog 217 at the text                                |
 * | `max_problems`       | 1,000     | a catalog_error lists this many, and counts the rest   |
 *
 * Every bound has a default that fits real catalogs with room to spare; an app that needs more
 * (or less) passes its own `limits` to `catalog::from_json()`, `parse_json()` and friends:
 * ```
 * carecompare::load_options opts;
 * opts.limits.max_document_bytes = 1 << 20;  // this app only accepts 1 MiB catalogs
 * auto cat = carecompare::catalog::from_file("catalog.json", opts);
 * ```
 * `logic::compile()` takes its depth bound in `logic::compile_options::max_depth`. The C ABI
 * and the Python module use the defaults.
 *
 * @threadsafety A plain value: copy it, or share it read-only.
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
  /// Deepest nesting of arrays and objects in a JSON text, and in a JSON value decoded
  /// (catalog::from_value(), decoder, decode<T>()).
  std::size_t max_json_depth = 256;
  /// Deepest nesting of operators in one JsonLogic rule.
  std::size_t max_rule_depth = 128;
  /// Most strategies in one catalog (checked before the strategies are decoded).
  std::size_t max_strategies = 100'000;
  /// Most rules in one catalog (checked before the rules are decoded or compiled).
  std::size_t max_rules = 100'000;
  /// Longest single text (a name, a purpose, one use case...), in bytes.
  std::size_t max_text_bytes = 64 * 1024;
  /// Most problems a `catalog_error` lists (in `problems()` and `what()`); it counts the others
  /// (`catalog_error::omitted()`), so that a document with 100,000 broken rules still gives a
  /// report of bounded size. At least 1 is listed.
  std::size_t max_problems = 1000;
};

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_LIMITS_HPP
