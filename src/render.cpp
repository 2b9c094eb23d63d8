// SPDX-License-Identifier: MIT
// render() (render.hpp): a table in one of the formats, each in its own file of src/render/.
#include <carecompare/render.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "codec.hpp"
#include "render/common.hpp"
#include "render/csv.hpp"
#include "render/format_names.hpp"
#include "render/html.hpp"
#include "render/json.hpp"
#include "render/markdown.hpp"
#include "render/text.hpp"
#include "util/ascii.hpp"

CARECOMPARE_BEGIN_NAMESPACE

CARECOMPARE_FUNC std::optional<table_format> parse_table_format(std::string_view name) noexcept {
  for (const detail::table_format_name& f : detail::table_format_names) {
    if (detail::equal_ignoring_ascii_case(name, f.name)) return f.format;
  }
  return std::nullopt;
}

CARECOMPARE_FUNC std::string detail::table_format_list(bool aliases, std::string_view last) {
  std::vector<std::string> items;  // one per format: its canonical name, then "(aliases)"
  for (const table_format_name& f : table_format_names) {
    if (!f.alias) {
      items.emplace_back(f.name);
    } else if (aliases) {
      std::string& item = items.back();
      if (item.back() == ')') {  // another alias of the same format
        item.pop_back();
        item.append(", ");
      } else {
        item.append(" (");
      }
      item.append(f.name).append(")");
    }
  }
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out.append(i + 1 == items.size() ? last : std::string_view(", "));
    out.append(items[i]);
  }
  return out;
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
                                                           "; formats: " + detail::table_format_list());
}

CARECOMPARE_END_NAMESPACE
