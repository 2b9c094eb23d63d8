// SPDX-License-Identifier: MIT
/**
 * @file render/csv.hpp (private)
 * The CSV renderer: RFC 4180, formulas neutralised.
 */
#ifndef CARECOMPARE_SRC_RENDER_CSV_HPP
#define CARECOMPARE_SRC_RENDER_CSV_HPP

#include <algorithm>
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

// ---- CSV -----------------------------------------------------------------------------------

/// A text a spreadsheet would not run as a formula: prefixed with `'` when it starts with
/// `=`, `+`, `-`, `@`, tab, CR or LF (OWASP, "CSV Injection").
inline std::string csv_neutralise(std::string text) {
  if (!text.empty() && std::string_view("=+-@\t\r\n").find(text.front()) != std::string_view::npos) {
    text.insert(text.begin(), '\'');
  }
  return text;
}

/// One field: quoted (quotes doubled) when it holds `,` `"` CR or LF.
inline std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

inline std::string csv_cell(const table_cell& cell) {
  const cell_content content = content_of(cell);
  std::string out;
  for (std::size_t i = 0; i < content.items.size(); ++i) {
    if (i != 0) out += '\n';
    out += csv_neutralise(content.items[i]);
  }
  return csv_neutralise(std::move(out));  // a list whose first item is empty starts with LF
}

inline std::string render_csv(const table& t) {
  const std::size_t fields = std::max<std::size_t>(t.columns.size(), 2);
  std::string out;
  const auto record = [&](std::vector<std::string> values) {
    values.resize(fields);
    for (std::size_t i = 0; i < fields; ++i) out += (i == 0 ? "" : ",") + csv_field(values[i]);
    out += "\r\n";
  };
  std::vector<std::string> values;
  for (const auto& c : t.columns) values.push_back(csv_neutralise(clean_text(c.label)));
  record(values);
  for (const auto& row : t.rows) {
    values.clear();
    for (const auto& cell : row.cells) values.push_back(csv_cell(cell));
    record(values);
  }
  record({});
  const auto note = [&](std::string_view label, std::string_view value) {
    record({csv_neutralise(clean_text(label)), csv_neutralise(clean_text(value))});
  };
  note(word(t, &catalog_labels::caption), t.caption);
  note(word(t, &catalog_labels::disclaimer), t.disclaimer);
  for (const auto& s : t.sources) note(word(t, &catalog_labels::source), source_text(t, s));
  note(word(t, &catalog_labels::catalog), t.catalog_id);
  note(word(t, &catalog_labels::catalog_title), t.catalog_title);
  note(word(t, &catalog_labels::version), t.version.to_string());
  note(word(t, &catalog_labels::published), t.published.to_string());
  note(word(t, &catalog_labels::last_reviewed), t.last_reviewed.to_string());
  for (const auto& [label, text] : about_lines(t)) note(label, text);
  if (t.translation) note(word(t, &catalog_labels::translation), translation_text(t));
  return out;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_RENDER_CSV_HPP
