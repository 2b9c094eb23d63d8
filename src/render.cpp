// SPDX-License-Identifier: MIT
// render() (render.hpp): a table in one of the formats, each in its own file of src/render/.
#include <carecompare/render.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <string>

#include "codec.hpp"
#include "render/common.hpp"
#include "render/csv.hpp"
#include "render/html.hpp"
#include "render/json.hpp"
#include "render/markdown.hpp"
#include "render/text.hpp"
#include "util/ascii.hpp"

CARECOMPARE_BEGIN_NAMESPACE

CARECOMPARE_FUNC std::optional<table_format> parse_table_format(std::string_view name) noexcept {
  char lower[8] = {};
  if (name.empty() || name.size() > sizeof lower) return std::nullopt;
  for (std::size_t i = 0; i < name.size(); ++i) {
    lower[i] = detail::ascii_lower(name[i]);
  }
  const std::string_view folded(lower, name.size());
  if (folded == "md") return table_format::markdown;
  if (folded == "txt") return table_format::text;
  table_format out{};
  if (detail::enum_from_json_name(folded, out)) return out;
  return std::nullopt;
}

CARECOMPARE_FUNC std::string_view to_string(table_format format) noexcept {
  return boost::describe::enum_to_string(format, "");
}

CARECOMPARE_FUNC std::string render(const table& t, const render_options& options) {
  detail::check_table(t);
  switch (options.format) {
    case table_format::markdown: return detail::render_markdown(t);
    case table_format::html: return detail::render_html(t, options.full_page);
    case table_format::text: return detail::render_text(t, options.width);
    case table_format::csv: return detail::render_csv(t);
    case table_format::json: return detail::render_json(t);
  }
  throw render_error(error_ids::render_unknown_format, "unknown table format " +
                                                           std::to_string(static_cast<int>(options.format)) +
                                                           "; formats: markdown, html, text, csv, json");
}

CARECOMPARE_END_NAMESPACE
