// SPDX-License-Identifier: MIT
/**
 * @file render/markdown.hpp (private)
 * The Markdown renderer: a GitHub pipe table.
 */
#ifndef CARECOMPARE_SRC_RENDER_MARKDOWN_HPP
#define CARECOMPARE_SRC_RENDER_MARKDOWN_HPP

#include <algorithm>
#include <array>
#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/model.hpp>
#include <carecompare/render.hpp>
#include <carecompare/table.hpp>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

// ---- Markdown ------------------------------------------------------------------------------

/// Markdown text that GitHub shows literally: markup characters backslash-escaped, `<`, `>`
/// and `&` as entities, newlines as `<br>`.
inline std::string markdown_text(std::string_view raw) {
  // Inline markup (emphasis, code, links, strikethrough, math), table pipes, headings, mentions:
  // each shows as the same literal character when backslash-escaped.
  static constexpr auto special = [] {
    std::array<bool, 256> table{};
    for (const char c : std::string_view("\\`*_[]|~#$@<>&\n")) table[static_cast<unsigned char>(c)] = true;
    return table;
  }();
  const std::string text = display_text(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t run = 0;  // start of the bytes written as they are, appended in one go
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!special[static_cast<unsigned char>(c)]) continue;
    out.append(text, run, i - run);
    run = i + 1;
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '\n') {
      out += "<br>";
    } else {
      out += '\\';
      out += c;
    }
  }
  out.append(text, run, text.size() - run);
  return out;
}

inline std::string markdown_cell(const table_cell& cell) {
  const cell_content content = content_of(cell);
  std::string out;
  for (const auto& item : content.items) {
    if (!out.empty()) out += "<br>";
    if (content.as_list) out += "\u2022 ";
    out += markdown_text(item);
  }
  return out;
}

inline std::string render_markdown(const table& t) {
  std::string out;
  if (!trim(t.caption).empty()) out += "**" + markdown_text(trim(t.caption)) + "**\n\n";
  if (!t.columns.empty()) {
    std::string header = "|", rule = "|";
    for (const auto& c : t.columns) {
      header += " " + markdown_text(c.label) + " |";
      rule += " --- |";
    }
    out += header + "\n" + rule + "\n";
    for (const auto& row : t.rows) {
      std::string line = "|";
      for (const auto& cell : row.cells) line += " " + markdown_cell(cell) + " |";
      out += line + "\n";
    }
    out += "\n";
  }
  out += "> **" + markdown_text(trim(word(t, &catalog_labels::disclaimer))) + ":** " +
         markdown_text(trim(t.disclaimer)) + "\n\n";
  if (!t.sources.empty()) {
    out += "**" + markdown_text(trim(word(t, &catalog_labels::sources))) + ":**\n\n";
    for (const auto& s : t.sources) {
      std::string line = "- ";
      const std::string_view title = trim(s.title);
      line += title.empty() ? std::string() : "*" + markdown_text(title) + "*";
      if (s.publisher) line += ", " + markdown_text(*s.publisher);
      if (s.url) line += ", " + (is_web_url(*s.url) ? "<" + *s.url + ">" : markdown_text(*s.url));
      if (s.accessed) {
        line +=
            ", " + markdown_text(fill_label(word(t, &catalog_labels::accessed), {{"date", s.accessed->to_string()}}));
      }
      out += line + "\n";
    }
    out += "\n";
  }
  out += markdown_text(catalog_line_text(t)) + "\n";
  for (const auto& [label, text] : about_lines(t)) {
    out += "\n**" + markdown_text(label) + ":** " + markdown_text(trim(text)) + "\n";
  }
  if (t.translation) out += "\n" + markdown_text(translation_text(t)) + "\n";
  return out;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_RENDER_MARKDOWN_HPP
