// SPDX-License-Identifier: MIT
// Comparison tables (table.hpp): rows are options, columns are chosen fields.
#include <carecompare/table.hpp>
#include <carecompare/translation.hpp>

#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "catalog/rule_data.hpp"
#include "codec.hpp"
#include "result_json.hpp"
#include "strategy_fields.hpp"
#include "util/label_format.hpp"
#include "util/message_text.hpp"

CARECOMPARE_BEGIN_NAMESPACE

namespace detail {

/// Fields only the table of a filter result has, in the order messages list them.
inline constexpr std::string_view result_fields[] = {"score", "status", "why_shown", "depends_on", "why_not_shown"};

inline bool is_result_field(std::string_view field) {
  for (const std::string_view f : result_fields) {
    if (field == f) return true;
  }
  return false;
}

/// Heading for a field the catalog's default columns do not label, from the catalog's labels:
/// the label named as a result field (`why_shown`...), or `heading_<field>` for a strategy
/// field (labels_test checks that every strategy field has one).
inline std::string default_label(const catalog& cat, std::string_view field) {
  const std::string name = is_result_field(field) ? std::string(field) : "heading_" + std::string(field);
  std::string heading(field);
  boost::mp11::mp_for_each<boost::describe::describe_members<catalog_labels, boost::describe::mod_public>>(
      [&](auto member) {
        if (name == member.name) heading = label_text(cat.labels(), member.pointer);
      });
  return heading;
}

/// The cell of one strategy field, found through Boost.Describe (no per-field code).
inline table_cell strategy_cell(const catalog& cat, const strategy& s, std::string_view field) {
  table_cell cell;
  boost::mp11::mp_for_each<boost::describe::describe_members<strategy, boost::describe::mod_public>>([&](auto member) {
    if (field != member.name) return;
    const auto& value = s.*member.pointer;
    using F = std::remove_cv_t<std::remove_reference_t<decltype(value)>>;
    if constexpr (std::is_same_v<F, std::string>) {
      cell.items = {value};
    } else if constexpr (std::is_same_v<F, std::vector<std::string>>) {
      cell.is_list = true;
      cell.items = value;
    } else if constexpr (std::is_same_v<F, std::optional<std::vector<std::string>>>) {
      cell.is_list = true;
      if (value) cell.items = *value;
    } else {
      static_assert(is_described_enum<F>, "a strategy field the table does not know how to show");
      cell.items = {enum_json_name(value)};
    }
  });
  if (field == "sources") {  // show what is cited, not its id
    for (auto& item : cell.items) {
      if (const source* src = cat.find_source(item)) item = src->title;
    }
  }
  return cell;
}

/// Resolves the requested columns (or the defaults) against the catalog's labels.
inline std::vector<table_column> resolve_columns(const catalog& cat, const std::vector<std::string>& requested,
                                                 bool with_result_fields, bool with_not_shown = false,
                                                 bool with_undecided = false) {
  std::vector<table_column> out;
  if (requested.empty()) {
    for (const auto& c : cat.columns()) out.push_back({c.field, c.label});
    if (with_not_shown || with_undecided) out.push_back({"status", default_label(cat, "status")});
    if (with_result_fields) out.push_back({"why_shown", default_label(cat, "why_shown")});
    if (with_undecided) out.push_back({"depends_on", default_label(cat, "depends_on")});
    if (with_not_shown) out.push_back({"why_not_shown", default_label(cat, "why_not_shown")});
    return out;
  }
  for (const auto& spec : requested) {
    const auto eq = spec.find('=');
    std::string field = spec.substr(0, eq);
    std::string label = eq == std::string::npos ? std::string() : spec.substr(eq + 1);
    const bool result_field = is_result_field(field);
    if (!is_strategy_field(field) && !(with_result_fields && result_field)) {
      std::vector<std::string_view> fields = strategy_field_list();
      if (with_result_fields) fields.insert(fields.end(), std::begin(result_fields), std::end(result_fields));
      throw render_error(error_ids::render_unknown_field,
                         "unknown column field \"" + field + "\"; fields: " + strategy_field_names() +
                             (with_result_fields ? ", " + id_listing(result_fields) : "") +
                             did_you_mean(closest_name(field, fields)));
    }
    if (label.empty()) {
      for (const auto& c : cat.columns()) {
        if (c.field == field) label = c.label;
      }
      if (label.empty()) label = default_label(cat, field);
    }
    for (const auto& c : out) {  // cells are keyed by field (JSON), so each field once
      if (c.field == field) {
        throw render_error(error_ids::render_bad_option, "column field \"" + field + "\" appears twice");
      }
    }
    out.push_back({std::move(field), std::move(label)});
  }
  return out;
}

/// A table with the catalog's provenance and no rows yet.
inline table table_frame(const catalog& cat, std::vector<table_column> columns) {
  table t;
  const auto& info = cat.info();
  t.caption = info.title;
  t.columns = std::move(columns);
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i].field == "name") {
      t.row_header = i;
      break;
    }
  }
  t.disclaimer = info.disclaimer;
  t.sources = cat.sources();
  t.catalog_id = info.id;
  t.catalog_title = info.title;
  t.locale = info.locale;
  t.version = info.version;
  t.published = info.published;
  t.last_reviewed = info.last_reviewed;
  if (const translation_report* tr = cat.applied_translation()) {
    t.translation = table_translation{tr->locale, tr->catalog_version, tr->reviewed};
  }
  t.authors = info.authors.value_or(std::vector<author>{});
  t.funding = info.funding.value_or("");
  t.conflicts_of_interest = info.conflicts_of_interest.value_or("");
  t.update_policy = info.update_policy.value_or("");
  t.next_review = info.next_review;
  t.labels = cat.labels();
  return t;
}

/// Indexes of the strategies `only` keeps, in catalog order; throws on an unknown id.
inline std::vector<bool> kept_strategies(const catalog& cat, const std::vector<std::string>& only) {
  std::vector<bool> keep(cat.strategies().size(), only.empty());
  for (const auto& id : only) {
    const auto index = cat.strategy_index(id);
    if (!index) {
      std::string known;
      std::vector<std::string_view> ids;
      for (const auto& s : cat.strategies()) {
        known += (known.empty() ? "" : ", ") + s.id;
        ids.push_back(s.id);
      }
      throw render_error(error_ids::render_unknown_strategy, "unknown strategy id \"" + id + "\"; known ids: " + known +
                                                                 did_you_mean(closest_name(id, ids)));
    }
    keep[*index] = true;
  }
  return keep;
}

}  // namespace detail

CARECOMPARE_FUNC table make_table(const catalog& cat, const table_options& options) {
  table t = detail::table_frame(cat, detail::resolve_columns(cat, options.columns, false));
  const auto keep = detail::kept_strategies(cat, options.only);
  for (std::size_t i = 0; i < cat.strategies().size(); ++i) {
    if (!keep[i]) continue;
    const strategy& s = cat.strategies()[i];
    table_row row{s.id, {}};
    for (const auto& c : t.columns) row.cells.push_back(detail::strategy_cell(cat, s, c.field));
    t.rows.push_back(std::move(row));
  }
  return t;
}

CARECOMPARE_FUNC table make_table(const result& r, const table_options& options) {
  const catalog& cat = r.source_catalog();
  const bool with_undecided = !r.undecided().empty();
  table t = detail::table_frame(
      cat, detail::resolve_columns(cat, options.columns, true, options.include_not_shown, with_undecided));
  t.caption = detail::fill_label(label_text(cat.labels(), &catalog_labels::result_caption), {{"title", cat.title()}});
  const auto keep = detail::kept_strategies(cat, options.only);
  // One row: an option shown, undecided or not shown (exactly one of the three is given).
  const auto add_row = [&](const strategy& s, const relevant_option* shown, const undecided_option* undecided,
                           const not_shown_option* hidden) {
    table_row row{s.id, {}};
    for (const auto& c : t.columns) {
      table_cell cell;
      if (c.field == "why_shown") {
        cell.is_list = true;
        const rule_list reasons = shown ? shown->reasons : undecided ? undecided->shown_by : rule_list();
        for (std::size_t i = 0; i < reasons.size(); ++i) {
          std::string item = reasons[i]->reason_for(s.id);
          // Where its answers came from, when a health record gave them: a sentence after it.
          if (shown && i < shown->from_record.size() && !shown->from_record[i].empty()) {
            item += ' ';
            item += shown->from_record[i];
          }
          cell.items.push_back(std::move(item));
        }
      } else if (c.field == "depends_on") {
        cell.is_list = true;
        if (undecided) {
          for (const fact* f : undecided->facts) cell.items.push_back(f->label);
          for (const std::string_view key : undecided->lists) {
            for (const detail::rule_data_list& l : detail::rule_data_lists) {
              if (l.key == key) cell.items.push_back(label_text(cat.labels(), l.label));
            }
          }
        }
      } else if (c.field == "why_not_shown") {
        cell.is_list = true;
        if (hidden) {
          // One line on why, then one line per rule: its description, a condition written for
          // a reader ("Shown when fatigue is one of your symptoms."). No rule ids here.
          cell.items.push_back(hidden->explanation(cat.labels()));
          for (const rule* by : hidden->hidden_by) cell.items.push_back(by->description);
          for (const rule* no : hidden->unmatched) cell.items.push_back(no->description);
        }
      } else if (c.field == "score") {
        cell.items = {shown ? detail::score_json(shown->score).dump() : std::string("0")};
      } else if (c.field == "status") {
        cell.items = {
            shown ? detail::fill_label(label_text(cat.labels(), &catalog_labels::shown),
                                       {{"score", detail::score_json(shown->score).dump()}})
                  : label_text(cat.labels(), undecided ? &catalog_labels::undecided : &catalog_labels::not_shown)};
      } else {
        cell = detail::strategy_cell(cat, s, c.field);
      }
      row.cells.push_back(std::move(cell));
    }
    t.rows.push_back(std::move(row));
  };
  const auto kept = [&](const strategy* s) { return keep[*cat.strategy_index(s->id)]; };
  for (const auto& option : r.relevant()) {
    if (kept(option.strategy)) add_row(*option.strategy, &option, nullptr, nullptr);
  }
  for (const auto& option : r.undecided()) {
    if (kept(option.strategy)) add_row(*option.strategy, nullptr, &option, nullptr);
  }
  if (options.include_not_shown) {
    for (const auto& option : r.not_shown()) {
      if (kept(option.strategy)) add_row(*option.strategy, nullptr, nullptr, &option);
    }
  }
  return t;
}

CARECOMPARE_END_NAMESPACE
