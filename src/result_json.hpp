// SPDX-License-Identifier: MIT
/**
 * @file result_json.hpp (private)
 * A filter result's JSON document, declared: the one definition of its members is
 * result_json.cpp's write_result(), which writes it in two forms: text written directly
 * (result_json(), what the C ABI's `carecompare_filter` and `carecompare_filter_compact` return)
 * and the DOM (result_dom(), what `result::to_json()` returns). The text is byte for byte what
 * `result.to_json().dump(indent, ' ', false, nlohmann::json::error_handler_t::replace)` gives;
 * tests/result_json_test.cpp checks the two against each other.
 *
 * For the library and its faces: the bindings include this header, never the writer.
 */
#ifndef CARECOMPARE_SRC_RESULT_JSON_HPP
#define CARECOMPARE_SRC_RESULT_JSON_HPP

#include <carecompare/catalog.hpp>
#include <carecompare/config.hpp>
#include <carecompare/filter.hpp>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// A score as the result document writes it: integral scores as integers ("3", not "3.0"),
/// others as nlohmann writes a double.
CARECOMPARE_CXX_API nlohmann::json score_json(double score);

/// `r.to_json().dump(indent, ' ', false, replace)`, written without the DOM; a negative indent
/// is the compact form.
CARECOMPARE_CXX_API std::string result_json(const result& r, int indent);

/// result_json() as a NUL-terminated text for std::free() (what the C ABI hands out); `size`
/// receives its length.
CARECOMPARE_CXX_API char* result_json_release(const result& r, int indent, std::size_t& size);

/// The document as a DOM (result::to_json()).
nlohmann::json result_dom(const result& r);

/// The escaped texts of `cat` (opaque outside result_json.cpp), built on first use and then
/// the same object for every call, from any number of threads.
struct result_json_texts;
CARECOMPARE_CXX_API const result_json_texts& result_json_texts_of(const catalog& cat);

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_RESULT_JSON_HPP
