// SPDX-License-Identifier: MIT
/**
 * @file render/format_names.hpp (private)
 * The names of the table formats, each once: the canonical name of each format (as to_string()
 * gives it, its Boost.Describe name), then its aliases. parse_table_format() reads them, and the
 * faces list them from here (the CLI's choices and help, the messages of the C ABI's and the
 * Python module's options). tests/render_test.cpp checks the table against the enum.
 */
#ifndef CARECOMPARE_SRC_RENDER_FORMAT_NAMES_HPP
#define CARECOMPARE_SRC_RENDER_FORMAT_NAMES_HPP

#include <carecompare/config.hpp>
#include <carecompare/render.hpp>
#include <string>
#include <string_view>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// A name of a format: canonical (what to_string() gives), or an alias of the canonical name
/// before it.
struct table_format_name {
  std::string_view name;
  table_format format;
  bool alias = false;
};

/// Every name parse_table_format() accepts, in the order faces list them.
inline constexpr table_format_name table_format_names[] = {
    {"markdown", table_format::markdown}, {"md", table_format::markdown, true}, {"html", table_format::html},
    {"text", table_format::text},         {"txt", table_format::text, true},    {"csv", table_format::csv},
    {"json", table_format::json},
};

/**
 * The formats for messages and help: "markdown, html, text, csv, json"; with `aliases`, each
 * canonical name followed by its aliases, "markdown (md), html, text (txt), csv, json". `last`
 * joins the last two ("markdown, html, text, csv or json" with " or ").
 */
CARECOMPARE_CXX_API std::string table_format_list(bool aliases = false, std::string_view last = ", ");

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_RENDER_FORMAT_NAMES_HPP
