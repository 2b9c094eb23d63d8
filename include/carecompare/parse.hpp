// SPDX-License-Identifier: MIT
/**
 * @file parse.hpp
 * JSON text in, with bounds and positions: the one entry point every JSON text goes through.
 *
 * `parse_json()` refuses texts larger than `limits::max_document_bytes` or nested deeper than
 * `limits::max_json_depth`, so a 100,000-deep `[[[[...` is a clear error rather than a stack
 * overflow later on, and reports syntax errors (including invalid UTF-8, lone surrogates, NUL
 * bytes and numbers out of range such as 1e400) with line and column.
 * ```
 * try { auto j = carecompare::parse_json(R"({"sites": ["bone",]})"); }
 * catch (const carecompare::parse_error& e) { e.line(); e.column(); }  // 1, 19
 * ```
 * Catalogs are parsed by the same code (`catalog::from_json()`), so they get the same syntax
 * errors.
 */
#ifndef CARECOMPARE_PARSE_HPP
#define CARECOMPARE_PARSE_HPP

#include <nlohmann/json.hpp>
#include <string_view>

#include "config.hpp"
#include "error.hpp"
#include "limits.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/**
 * Parses JSON text within `bounds`. Never crashes on hostile input: the size is checked before
 * parsing, the depth while parsing (no value deeper than the limit is built).
 * @param text   the JSON text, UTF-8.
 * @param bounds `max_document_bytes` and `max_json_depth` apply.
 * @return the value.
 * @throws parse_error with the line and column of the problem: malformed JSON, invalid UTF-8,
 *         a NUL byte or a number out of range (101), a text too large (102) or too deep (103).
 * @threadsafety Safe from any number of threads at once.
 */
CARECOMPARE_CXX_API nlohmann::json parse_json(std::string_view text, const limits& bounds = {});

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_PARSE_HPP
