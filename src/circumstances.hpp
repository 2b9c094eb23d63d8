// SPDX-License-Identifier: MIT
/**
 * @file circumstances.hpp (private)
 * What the library does with stated circumstances before filtering, declared for the library
 * and its faces (circumstances.cpp defines them, with circumstances' JSON form):
 * - simple_circumstances(): the answers of a filter call as most callers send them, read
 *   straight from their JSON text (the C ABI's fast path);
 * - check_circumstances(): the answers checked against a catalog, as catalog::filter() does
 *   first: every id in the catalog's vocabulary and stated once, every fact declared and of its
 *   declared type, with circumstances_error 301-309 at the JSON Pointer of the first problem.
 */
#ifndef CARECOMPARE_SRC_CIRCUMSTANCES_HPP
#define CARECOMPARE_SRC_CIRCUMSTANCES_HPP

#include <carecompare/catalog.hpp>
#include <carecompare/config.hpp>
#include <carecompare/filter.hpp>
#include <cstddef>
#include <string_view>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// Texts longer than this take the general path (and its limits).
inline constexpr std::size_t simple_circumstances_max_bytes = 4096;

/**
 * Reads `text` into `out` (a default circumstances) when it has the simple form: an object whose
 * keys are among the lists of the rule data object (rule_data.hpp), each an array of plain ASCII
 * id strings. For such a text it gives exactly what `circumstances::from_json(parse_json(text))`
 * gives; for any other text (facts, another key, a duplicate key, an escape, a byte outside
 * printable ASCII, a syntax error, a text longer than simple_circumstances_max_bytes) it returns
 * false, `out` unspecified, and the caller takes that general path, which defines the semantics
 * and the errors. tests/circumstances_test.cpp checks the two against each other.
 */
CARECOMPARE_CXX_API bool simple_circumstances(std::string_view text, circumstances& out);

/// Checks `c` against `cat` (see the file comment); throws circumstances_error.
void check_circumstances(const catalog& cat, const circumstances& c);

/// Checks what needs no catalog: every list answers as answer_kind says, and a list not
/// answered lists no ids (circumstances_error 309).
void check_not_answered_empty(const circumstances& c);

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_CIRCUMSTANCES_HPP
