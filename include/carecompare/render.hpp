// SPDX-License-Identifier: MIT
/**
 * @file render.hpp
 * Renders a comparison table (table.hpp) as Markdown, HTML, plain text, CSV or JSON.
 *
 * ```
 * auto cat = carecompare::catalog::builtin();
 * carecompare::table_options opts;
 * opts.only = {"systemic-therapy", "radiation-therapy", "physical-therapy"};
 * carecompare::table t = carecompare::make_table(cat, opts);
 * std::cout << carecompare::render(t);  // Markdown, GitHub pipe table
 * std::cout << carecompare::render(t, {carecompare::table_format::text, false, 72});
 * std::string page = carecompare::render(t, {.format = carecompare::table_format::html, .full_page = true});
 * ```
 * prints (Markdown, abridged):
 * ```
 * | Care Strategy | Purpose | Common Use Cases |
 * | --- | --- | --- |
 * | Systemic Therapy | Targets cancer cells system-wide | Used when cancer has spread to multiple areas |
 * ```
 *
 * Renderers look at the `table` only, never at a catalog. Every format carries, after the
 * table, what must travel with it: the disclaimer, the sources, the catalog id and version, and
 * the published and last-reviewed dates. Cells: a list cell with one item shows as that item's
 * plain text, two or more items in the format's list idiom, none as an empty cell.
 *
 * All text is treated as untrusted: Markdown and HTML escape everything markup could act on,
 * CSV neutralises spreadsheet formulas, plain text keeps columns aligned for any Unicode text.
 * In every format but JSON (which keeps the text as it is, escaped by JSON's rules), control
 * characters other than tab and newline, and invalid UTF-8, show as U+FFFD, and CR LF or CR
 * count as a newline. In Markdown, HTML and plain text, bidirectional embeddings, overrides and
 * isolates left open by a text are closed at its end, so that they cannot reorder what follows.
 *
 * @threadsafety render() reads its arguments only: safe from any number of threads at once,
 * on one table too.
 */
#ifndef CARECOMPARE_RENDER_HPP
#define CARECOMPARE_RENDER_HPP

#include <algorithm>
#include <boost/describe/enum.hpp>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "error.hpp"
#include "model.hpp"
#include "table.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/// The output formats of `render()`.
enum class table_format {
  markdown,  ///< GitHub-flavoured Markdown pipe table
  html,      ///< an HTML5 fragment, or a whole page with `render_options::full_page`
  text,      ///< aligned plain-text columns wrapped to `render_options::width`
  csv,       ///< RFC 4180, CRLF line endings, formulas neutralised
  json       ///< one JSON document, 2-space indent
};
BOOST_DESCRIBE_ENUM(table_format, markdown, html, text, csv, json)

/**
 * The format named `name`: `"markdown"` or `"md"`, `"html"`, `"text"` or `"txt"`, `"csv"`,
 * `"json"` (ASCII letters in any case); nullopt for anything else.
 * ```
 * auto f = carecompare::parse_table_format("md");  // table_format::markdown
 * ```
 * @param name a format's name.
 * @return the format, or nullopt.
 */
[[nodiscard]] CARECOMPARE_CXX_API std::optional<table_format> parse_table_format(std::string_view name) noexcept;

/**
 * @param format a format.
 * @return its canonical name (`"markdown"`, `"html"`, ...); "" for a value that is none.
 */
[[nodiscard]] CARECOMPARE_CXX_API std::string_view to_string(table_format format) noexcept;

/// How `render()` writes a table.
struct render_options {
  /// The smallest `width` the text format accepts.
  static constexpr std::size_t min_width = 20;

  table_format format = table_format::markdown;  ///< the output format
  /// HTML only: a whole document (`<!DOCTYPE html>`, `<html lang>`, `<title>`, a small style
  /// sheet) instead of a fragment to embed.
  bool full_page = false;
  /// Text only: no line is wider than this many display columns. At least `min_width`, and at
  /// least what the columns need (3 per separator, up to 4 per column); otherwise `render()`
  /// throws render_error 604.
  std::size_t width = 100;
};

/**
 * The table in the chosen format, with the disclaimer, sources, catalog id and version, and
 * publication and last-reviewed dates after it. Ends with a newline.
 *
 * - `markdown`: the caption in bold, a GitHub pipe table (list items joined with `<br>`, each
 *   after `• `), then the disclaimer as a quote, the sources and the catalog line. Cell text is
 *   literal: `|`, `` ` ``, `*`, `_`, `[`, `]`, `~`, `#`, `$`, `@` and `\` are backslash-escaped,
 *   `<`, `>`, `&` written as entities, newlines as `<br>`.
 * - `html`: `<figure class="carecompare">` holding a `<table>` (`<caption>`, `<th scope="col">`,
 *   the `row_header` column as `<th scope="row">`, lists as `<ul>`), the disclaimer
 *   (`<p role="note">`), the sources (`<cite>`, a link only for an http(s) URL) and the catalog
 *   line with `<time datetime>` dates. `full_page` wraps it in a whole HTML5 document.
 * - `text`: the caption, a header line, a rule of `-`, rows separated by rules, columns joined by
 *   `" | "`; no line wider than `width` display columns (wide characters count 2, combining
 *   marks 0). Cells wrap at spaces, over-long words break between characters; list items
 *   start with `- `. When the columns do not all fit, the width is shared fairly: each column
 *   gets what it needs if that is no more than an equal share, and the others share the rest
 *   equally.
 * - `csv`: RFC 4180 with CRLF: a header record, one record per row (list items joined by LF
 *   inside the quoted field), an empty record, then `label,value` records (Caption, Disclaimer,
 *   Source, Catalog, Catalog title, Version, Published, Last reviewed), all records with the same
 *   number of fields (that of the columns, at least 2). Texts starting with `=` `+` `-` `@`,
 *   tab, CR or LF, list items too, get a `'` in front so spreadsheets never run them.
 * - `json`, with a 2-space indent; list cells are always arrays:
 *   ```
 *   {"caption", "columns": [{"field", "label"}], "rows": [{"id", "cells": {field: text or [items]}}],
 *    "disclaimer", "sources": [{"id", "title", "publisher"?, "url"?, "accessed"?}],
 *    "catalog": {"id", "title", "version", "published", "last_reviewed", "locale"}}
 *   ```
 *
 * A table of a translated catalog (`table::translation`) ends, in every format, with the line
 * "Translation: es, from catalog version 1.0.0.", plus "This translation has not been reviewed."
 * unless the overlay says it was (HTML: `<p class="carecompare-translation" role="note">`; CSV: a
 * `Translation` record; JSON: `"translation": {"locale", "catalog_version", "reviewed", "note"}`
 * in `"catalog"`). HTML says `dir="rtl"` beside `lang` for a right-to-left locale.
 *
 * ```
 * std::string csv = carecompare::render(t, {.format = carecompare::table_format::csv});
 * ```
 * @param t       the table (make_table()).
 * @param options the format and its options.
 * @return the rendered text, UTF-8, ending with a newline.
 * @throws render_error 603 for a format value outside `table_format`, 604 for a text `width`
 *         that is too small, and 604 for a malformed table (a row whose cell count differs from
 *         the column count, a `row_header` that is no column, a column field used twice, no
 *         disclaimer).
 */
[[nodiscard]] CARECOMPARE_CXX_API std::string render(const table& t, const render_options& options = {});

/**
 * What a face asks for when it wants a table written: which table (a catalog's, or, with
 * `circumstances`, the table of the catalog's filter result) and how (table_options,
 * render_options). Its JSON form, what the C ABI's `carecompare_render()` takes, is one object
 * with every key optional:
 * `{"format", "columns", "only", "full_page", "width", "circumstances", "include_not_shown"}`
 * (`format` a name parse_table_format() reads, `width` a non-negative integer, `circumstances`
 * circumstances' JSON form, `include_not_shown` only with `circumstances`).
 * ```
 * auto request = carecompare::render_request::from_json(
 *     nlohmann::json::parse(R"({"format": "text", "circumstances": {"sites": ["bone"]}})"));
 * std::string text = carecompare::render(carecompare::catalog::builtin(), request);
 * ```
 */
struct CARECOMPARE_CXX_API render_request {
  table_options table;    ///< which columns and strategies (keys `columns`, `only`, `include_not_shown`)
  render_options render;  ///< how (keys `format`, `full_page`, `width`)
  /// The circumstances whose filter result to show (key `circumstances`); none: the catalog's table.
  std::optional<carecompare::circumstances> circumstances;

  /**
   * Reads the JSON form strictly: every key known, every value of its type.
   * @param j the JSON form, an object.
   * @return the request it states.
   * @throws render_error 603 (an unknown format) or 604 (anything else) with the JSON Pointer of
   *         the option at fault (render_error::path(), e.g. "/width").
   * @throws circumstances_error at its spot under "/circumstances".
   */
  [[nodiscard]] static render_request from_json(const nlohmann::json& j);
};

/**
 * The table `request` asks of `cat`, rendered: make_table() of `cat`, or of
 * `cat.filter(*request.circumstances)`, then render(). Every error points into the request's
 * JSON form: render_error at "/columns" (an unknown or repeated column field), "/only/<i>" (an
 * unknown strategy id) or "/width" (too narrow for text), circumstances_error under
 * "/circumstances" (e.g. "/circumstances/sites/0").
 * @param cat     the catalog.
 * @param request what to show and how.
 * @return the rendered table, with the disclaimer, sources and dates.
 * @throws render_error, circumstances_error as above.
 */
[[nodiscard]] CARECOMPARE_CXX_API std::string render(const catalog& cat, const render_request& request);

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_RENDER_HPP
