// SPDX-License-Identifier: MIT
/**
 * @file render/json.hpp (private)
 * The JSON renderer.
 */
#ifndef CARECOMPARE_SRC_RENDER_JSON_HPP
#define CARECOMPARE_SRC_RENDER_JSON_HPP

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

// ---- JSON ----------------------------------------------------------------------------------

inline std::string render_json(const table& t) {
  using json = nlohmann::ordered_json;
  json out = json::object();
  out["caption"] = t.caption;
  json& columns = out["columns"] = json::array();
  for (const auto& c : t.columns) columns.push_back({{"field", c.field}, {"label", c.label}});
  json& rows = out["rows"] = json::array();
  for (const auto& row : t.rows) {
    json cells = json::object();
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      const table_cell& cell = row.cells[i];
      if (cell.is_list) {
        cells[t.columns[i].field] = cell.items;
      } else {
        std::string text;
        for (const auto& item : cell.items) text += (text.empty() ? "" : "\n") + item;
        cells[t.columns[i].field] = text;
      }
    }
    rows.push_back({{"id", row.id}, {"cells", std::move(cells)}});
  }
  out["disclaimer"] = t.disclaimer;
  json& sources = out["sources"] = json::array();
  for (const auto& s : t.sources) {
    json entry = {{"id", s.id}, {"title", s.title}};
    if (s.publisher) entry["publisher"] = *s.publisher;
    if (s.url) entry["url"] = *s.url;
    if (s.accessed) entry["accessed"] = s.accessed->to_string();
    sources.push_back(std::move(entry));
  }
  out["catalog"] = {{"id", t.catalog_id},
                    {"title", t.catalog_title},
                    {"version", t.version.to_string()},
                    {"published", t.published.to_string()},
                    {"last_reviewed", t.last_reviewed.to_string()},
                    {"locale", t.locale}};
  if (!t.authors.empty()) {
    json& authors = out["catalog"]["authors"] = json::array();
    for (const auto& a : t.authors) authors.push_back({{"name", a.name}, {"role", a.role}});
  }
  if (!t.funding.empty()) out["catalog"]["funding"] = t.funding;
  if (!t.conflicts_of_interest.empty()) out["catalog"]["conflicts_of_interest"] = t.conflicts_of_interest;
  if (!t.update_policy.empty()) out["catalog"]["update_policy"] = t.update_policy;
  if (t.next_review) out["catalog"]["next_review"] = t.next_review->to_string();
  if (t.translation) {
    out["catalog"]["translation"] = {{"locale", t.translation->locale},
                                     {"catalog_version", t.translation->catalog_version.to_string()},
                                     {"reviewed", t.translation->reviewed},
                                     {"note", translation_text(t)}};
  }
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_RENDER_JSON_HPP
