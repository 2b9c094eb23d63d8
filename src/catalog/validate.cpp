// SPDX-License-Identifier: MIT
// The catalog validator (catalog/validate.hpp): the checks the generic decoder cannot make
// (formats, ids, references, columns, what a decision aid says about itself, quotations), then
// the rules compiled, the indexes built and the rules checked (catalog/check.cpp).
#include "validate.hpp"

#include <algorithm>
#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <carecompare/catalog.hpp>
#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/limits.hpp>
#include <carecompare/logic.hpp>
#include <carecompare/model.hpp>
#include <carecompare/translation.hpp>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../codec.hpp"
#include "../strategy_fields.hpp"
#include "../util/ascii.hpp"
#include "../util/label_format.hpp"
#include "../util/message_text.hpp"
#include "../util/suggest.hpp"
#include "check.hpp"
#include "codes.hpp"
#include "formats.hpp"
#include "rule_data.hpp"
#include "state.hpp"

CARECOMPARE_BEGIN_NAMESPACE

namespace detail {

/// Error 221 for each label of `labels` whose placeholders are not those of its English
/// default; `at` is the JSON Pointer of the labels object.
CARECOMPARE_FUNC void check_labels(const catalog_labels& labels, const std::string& at, std::vector<diagnostic>& out) {
  boost::mp11::mp_for_each<boost::describe::describe_members<catalog_labels, boost::describe::mod_public>>(
      [&](auto member) {
        const auto& given = labels.*member.pointer;
        if (!given) return;
        std::string problem = label_placeholder_problem(*given, *(default_labels().*member.pointer));
        if (problem.empty()) return;
        out.push_back(diagnostic{error_ids::catalog_bad_label,
                                 at + "/" + member.name,
                                 "the label " + problem,
                                 0,
                                 0,
                                 diagnostic::severity::error,
                                 {}});
      });
}

/// Checks everything the generic decoder cannot see: formats, ids, references, rules.
class catalog_validator {
 public:
  catalog_validator(catalog_state& state, std::vector<diagnostic>& problems, const limits& bounds)
      : state_(state), doc_(state.document), out_(problems), limits_(bounds) {}

  void run() {
    // Pointers the decoder already found a problem at: checks of those spots would only
    // repeat it in other words ("expected an array" then "at least one item is required").
    for (const auto& p : out_) decoded_badly_.insert(p.pointer);
    check_info();
    check_ids();
    check_references();
    check_columns();
    compile_rules();
    state_.index.build(doc_, state_.compiled);
    check_rules();
    check_reason_names();
    check_about();
    check_quotations();
    check_codes(doc_, out_);
    if (doc_.labels) check_labels(*doc_.labels, "/labels", out_);
  }

 private:
  void report(int id, std::string pointer, std::string message, std::string suggestion = {}) {
    out_.push_back(diagnostic{id, std::move(pointer), std::move(message), 0, 0, diagnostic::severity::error,
                              std::move(suggestion)});
  }

  /// True when the decoder reported a problem at `pointer` or inside it.
  bool decoded_badly(const std::string& pointer) const {
    const auto it = decoded_badly_.lower_bound(pointer);
    return it != decoded_badly_.end() &&
           (*it == pointer || (it->size() > pointer.size() && it->compare(0, pointer.size(), pointer) == 0 &&
                               (*it)[pointer.size()] == '/'));
  }

  /// Reports an empty list, unless the decoder already reported a problem there. `pointer()`
  /// makes the list's JSON Pointer, only when it is needed.
  template <class MakePointer>
  void require_items(bool empty, MakePointer pointer, const char* message) {
    if (!empty) return;
    std::string at = pointer();
    if (!decoded_badly(at)) report(error_ids::catalog_empty_text, std::move(at), message);
  }

  void check_info() {
    if (!doc_.format.empty() && doc_.format != catalog_format) {
      report(error_ids::catalog_bad_format, "/format",
             "format \"" + doc_.format + "\" is not \"" + std::string(catalog_format) + "\"");
    }
    if (!doc_.locale.empty() && !is_language_tag(doc_.locale)) {
      report(error_ids::catalog_bad_locale, "/locale",
             "\"" + doc_.locale + "\" is not a BCP 47 language tag (e.g. \"en\", \"en-GB\")");
    }
    if (doc_.url && !doc_.url->empty() && !is_absolute_uri(*doc_.url)) {
      report(error_ids::catalog_bad_url, "/url",
             "\"" + *doc_.url + "\" is not an absolute URI (a web address such as https://example.org/catalogs/knee)");
    }
    if (doc_.extensions && !doc_.extensions->is_object()) {
      report(error_ids::catalog_wrong_type, "/extensions", "expected an object, got " + json_kind(*doc_.extensions));
    }
    if (!doc_.id.empty()) check_slug(doc_.id, [] { return std::string("/id"); });
  }

  /// Reports `id` if it is not a slug; `pointer()` makes its JSON Pointer, only when needed.
  template <class MakePointer>
  void check_slug(const std::string& id, MakePointer pointer) {
    if (!id.empty() && !is_slug(id)) {
      report(error_ids::catalog_bad_id, pointer(),
             "id \"" + id +
                 "\" is not a kebab-case slug (lowercase letters and digits joined by "
                 "single hyphens, e.g. \"physical-therapy\")");
    }
  }

  /// Reports bad and duplicate ids of one list; `get` maps an element to its id.
  template <class T, class Get>
  void check_unique(const std::vector<T>& items, const std::string& list_pointer, Get get, bool fact_ids = false) {
    std::unordered_map<std::string_view, std::size_t> first;
    first.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string& id = get(items[i]);
      const auto pointer = [&] { return list_pointer + "/" + std::to_string(i) + "/id"; };
      if (id.empty()) continue;  // already reported by the decoder
      if (fact_ids) {
        if (!is_fact_id(id)) {
          report(error_ids::catalog_bad_id, pointer(),
                 "fact id \"" + id +
                     "\" must start with a lowercase letter and hold only "
                     "lowercase letters, digits, '_' or '-'");
        } else if (is_rule_data_key(id)) {
          report(error_ids::catalog_bad_id, pointer(),
                 "fact id \"" + id + "\" is reserved: the rule data object already has it");
        }
      } else {
        check_slug(id, pointer);
      }
      const auto [it, inserted] = first.emplace(id, i);
      if (!inserted) {
        report(error_ids::catalog_duplicate_id, pointer(),
               "duplicate id \"" + id + "\" (first at " + list_pointer + "/" + std::to_string(it->second) + "/id)");
      }
    }
  }

  void check_ids() {
    const auto id_of = [](const auto& x) -> const std::string& { return x.id; };
    check_unique(doc_.sources, "/sources", id_of);
    for (const rule_data_list& l : rule_data_lists) {
      check_unique(doc_.vocabulary.*l.vocabulary, "/vocabulary/" + std::string(l.key), id_of);
    }
    if (doc_.facts) check_unique(*doc_.facts, "/facts", id_of, true);
    check_unique(doc_.strategies, "/strategies", id_of);
    check_unique(doc_.rules, "/rules", id_of);
    if (doc_.facts) {
      for (std::size_t i = 0; i < doc_.facts->size(); ++i) {
        const fact& f = (*doc_.facts)[i];
        if (f.values && f.type != fact_type::string && f.type != fact_type::string_list) {
          report(error_ids::catalog_wrong_type, "/facts/" + std::to_string(i) + "/values",
                 "\"values\" only applies to facts of type \"string\" or \"string-list\"");
        }
      }
    }
  }

  void check_references() {
    std::unordered_map<std::string_view, std::uint32_t> sources, strategies;
    sources.reserve(doc_.sources.size());
    strategies.reserve(doc_.strategies.size());
    for (const auto& s : doc_.sources) sources.emplace(s.id, 0);
    for (std::size_t i = 0; i < doc_.strategies.size(); ++i) {
      strategies.emplace(doc_.strategies[i].id, static_cast<std::uint32_t>(i));
    }
    // JSON Pointers are built only for the problems reported.
    for (std::size_t i = 0; i < doc_.strategies.size(); ++i) {
      const strategy& s = doc_.strategies[i];
      const auto at = [i](const char* key) { return "/strategies/" + std::to_string(i) + "/" + key; };
      require_items(
          s.use_cases.empty(), [&] { return at("use_cases"); }, "at least one use case is required");
      require_items(
          s.sources.empty(), [&] { return at("sources"); },
          "at least one source is required: every strategy cites its sources");
      for (std::size_t k = 0; k < s.sources.size(); ++k) {
        if (!s.sources[k].empty() && !sources.count(s.sources[k])) {
          report(error_ids::catalog_unknown_ref, at("sources") + "/" + std::to_string(k),
                 "unknown source id \"" + s.sources[k] + "\"" + known(doc_.sources),
                 closest_name(s.sources[k], ids_of(doc_.sources)));
        }
      }
    }
    strategy_lists lists(strategies, doc_.strategies.size());
    for (std::size_t i = 0; i < doc_.rules.size(); ++i) {
      const rule& r = doc_.rules[i];
      require_items(
          r.show.empty() && (!r.hide || r.hide->empty()), [i] { return "/rules/" + std::to_string(i) + "/show"; },
          "a rule must show or hide at least one strategy");
      check_strategy_list(lists, i, r.show, "show");
      if (r.hide) check_strategy_list(lists, i, *r.hide, "hide");
      if (r.reasons) check_option_reasons(i, r);
    }
  }

  /// A rule's `reasons`: each for a strategy of its own `show`, at most one per strategy.
  void check_option_reasons(std::size_t i, const rule& r) {
    const std::vector<option_reason>& reasons = *r.reasons;
    for (std::size_t k = 0; k < reasons.size(); ++k) {
      const std::string& id = reasons[k].strategy;
      if (id.empty()) continue;  // the decoder reported it
      const auto at = [&](std::size_t j) {
        return "/rules/" + std::to_string(i) + "/reasons/" + std::to_string(j) + "/strategy";
      };
      if (std::find(r.show.begin(), r.show.end(), id) == r.show.end()) {
        std::vector<std::string_view> shown(r.show.begin(), r.show.end());
        report(error_ids::catalog_unknown_ref, at(k),
               "\"" + id + "\" is not an option this rule shows; it shows " +
                   (shown.empty() ? std::string("none") : id_listing(shown)),
               closest_name(id, shown));
      }
      for (std::size_t j = 0; j < k; ++j) {
        if (reasons[j].strategy == id) {
          report(error_ids::catalog_duplicate_id, at(k),
                 "strategy id \"" + id + "\" has a reason already (at " + at(j) + ")");
          break;
        }
      }
    }
  }

  /**
   * Warning 246: a reason shown under one option that names another option of the catalog (its
   * name, as a whole phrase, ASCII case-insensitively): the reader sees it under the wrong
   * option. Each option a rule shows is checked with the text it shows there (rule::reason_for()).
   */
  void check_reason_names() {
    const auto names_at = [](std::string_view text, std::string_view name) {
      const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
      if (name.empty() || name.size() > text.size()) return false;
      for (std::size_t p = 0; p + name.size() <= text.size(); ++p) {
        if (!equal_ignoring_ascii_case(text.substr(p, name.size()), name)) continue;
        const bool starts = p == 0 || !word(text[p - 1]);
        const bool ends = p + name.size() == text.size() || !word(text[p + name.size()]);
        if (starts && ends) return true;
      }
      return false;
    };
    for (std::size_t i = 0; i < doc_.rules.size(); ++i) {
      const rule& r = doc_.rules[i];
      for (const std::string& id : r.show) {
        const bool known =
            std::any_of(doc_.strategies.begin(), doc_.strategies.end(), [&](const strategy& s) { return s.id == id; });
        if (!known) continue;  // error 210 says so; no option stands there to read the reason
        const std::string& text = r.reason_for(id);
        std::string pointer = "/rules/" + std::to_string(i) + "/reason";
        if (&text != &r.reason) {
          for (std::size_t k = 0; k < r.reasons->size(); ++k) {
            if ((*r.reasons)[k].strategy == id) {
              pointer = "/rules/" + std::to_string(i) + "/reasons/" + std::to_string(k) + "/reason";
              break;
            }
          }
        }
        for (const strategy& other : doc_.strategies) {
          if (other.id == id || !names_at(text, other.name)) continue;
          state_.warnings.push_back(diagnostic{error_ids::catalog_reason_names_other,
                                               pointer,
                                               "the reason shown under \"" + id + "\" names another option, \"" +
                                                   other.name + "\"; give each option its own reason in \"reasons\"",
                                               0,
                                               0,
                                               diagnostic::severity::warning,
                                               {}});
        }
      }
    }
  }

  /**
   * Finds the ids of a rule's `show` or `hide` list that name no strategy or repeat one. A
   * known id is marked in a table indexed by strategy (no allocation per list); an unknown id
   * (an error) goes to a map, emptied after each list.
   */
  class strategy_lists {
   public:
    /// `index`: the position of each strategy id (the first, when an id is repeated).
    strategy_lists(const std::unordered_map<std::string_view, std::uint32_t>& index, std::size_t strategy_count)
        : index_(index), marks_(strategy_count) {}

    /// Starts a new list; then see() each of its ids in turn.
    void next_list() noexcept { ++list_; }
    /// Position in the current list of an earlier occurrence of `id` (npos if none), and
    /// whether `id` names a strategy.
    std::pair<std::size_t, bool> see(std::string_view id, std::size_t k) {
      if (const auto it = index_.find(id); it != index_.end()) {
        mark& m = marks_[it->second];
        const std::size_t earlier = m.list == list_ ? m.position : npos;
        if (earlier == npos) m = {list_, k};
        return {earlier, true};
      }
      if (unknown_list_ != list_) {
        unknown_.clear();
        unknown_list_ = list_;
      }
      const auto [it, inserted] = unknown_.emplace(id, k);
      return {inserted ? npos : it->second, false};
    }
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

   private:
    struct mark {
      std::size_t list = npos;  ///< the list the strategy was last seen in
      std::size_t position = 0;
    };
    const std::unordered_map<std::string_view, std::uint32_t>& index_;
    std::vector<mark> marks_;
    std::size_t list_ = 0;
    std::unordered_map<std::string_view, std::size_t> unknown_;
    std::size_t unknown_list_ = npos;
  };

  void check_strategy_list(strategy_lists& lists, std::size_t rule, const std::vector<std::string>& ids,
                           const char* key) {
    lists.next_list();
    const auto at = [&](std::size_t k) {
      return "/rules/" + std::to_string(rule) + "/" + key + "/" + std::to_string(k);
    };
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const auto [earlier, known_id] = lists.see(ids[k], k);
      if (!known_id && !ids[k].empty()) {
        report(error_ids::catalog_unknown_ref, at(k), "unknown strategy id \"" + ids[k] + "\"" + known(doc_.strategies),
               closest_name(ids[k], ids_of(doc_.strategies)));
      }
      if (earlier != strategy_lists::npos) {
        report(error_ids::catalog_duplicate_id, at(k),
               "strategy id \"" + ids[k] + "\" is listed twice (first at " + at(earlier) + ")");
      }
    }
  }

  /// The ids of `items` (each with an `id`), in their order.
  template <class T>
  static std::vector<std::string_view> ids_of(const std::vector<T>& items) {
    std::vector<std::string_view> ids;
    ids.reserve(items.size());
    for (const T& item : items) ids.push_back(item.id);
    return ids;
  }

  /// "; known ids: a, b, ..." of `items` (each with an `id`), for a reference to none of them.
  template <class T>
  static std::string known(const std::vector<T>& items) {
    if (items.empty()) return "; the catalog defines none";
    return "; known ids: " + id_listing(ids_of(items));
  }

  void check_columns() {
    require_items(
        doc_.columns.empty(), [] { return std::string("/columns"); }, "at least one default column is required");
    for (std::size_t i = 0; i < doc_.columns.size(); ++i) {
      const std::string& field = doc_.columns[i].field;
      if (!field.empty() && !is_strategy_field(field)) {
        report(error_ids::catalog_unknown_ref, "/columns/" + std::to_string(i) + "/field",
               "unknown strategy field \"" + field + "\"; fields: " + strategy_field_names(),
               closest_name(field, strategy_field_list()));
      }
    }
  }

  void compile_rules() {
    state_.compiled.clear();
    state_.compiled.reserve(doc_.rules.size());
    logic::compile_options options;
    options.max_depth = limits_.max_rule_depth;
    // Every pass but var_slots: the filter evaluates these rules on prepared data only, which
    // slots do not serve.
    options.passes = static_cast<logic::pass>(static_cast<std::uint32_t>(logic::pass::all) &
                                              ~static_cast<std::uint32_t>(logic::pass::var_slots));
    compiled_ok_.assign(doc_.rules.size(), 0);
    for (std::size_t i = 0; i < doc_.rules.size(); ++i) {
      try {
        state_.compiled.push_back(logic::compile(doc_.rules[i].when, options));
        compiled_ok_[i] = 1;
      } catch (const logic_error& e) {
        report(error_ids::catalog_bad_rule, "/rules/" + std::to_string(i) + "/when" + e.path(),
               std::string(e.description()));
        state_.compiled.emplace_back();
      }
    }
  }

  /// Types every compiled rule against the rule data object; finds rules that can never fire
  /// and strategies no rule can show (check.hpp). Rules that did not compile or decode are left
  /// out: their problems are already reported.
  void check_rules() {
    std::vector<char> usable(doc_.rules.size());
    for (std::size_t i = 0; i < usable.size(); ++i) {
      usable[i] = compiled_ok_[i] && (decoded_badly_.empty() || !decoded_badly("/rules/" + std::to_string(i))) ? 1 : 0;
    }
    state_.warnings.clear();
    detail::check_rules(doc_, limits_.max_rule_depth, state_.compiled, usable, out_, state_.warnings);
  }

  /// Warnings 243 and 244: what a decision aid says about itself (IPDAS), left out or out of date.
  void check_about() {
    const auto warn = [&](int id, const char* key, std::string message) {
      state_.warnings.push_back(
          diagnostic{id, std::string("/") + key, std::move(message), 0, 0, diagnostic::severity::warning, {}});
    };
    const auto missing = [&](bool absent, const char* key, const char* what) {
      if (absent) {
        warn(error_ids::catalog_missing_about, key, std::string("no \"") + key + "\": a decision aid says " + what);
      }
    };
    missing(!doc_.authors, "authors", "who wrote and reviewed it");
    missing(!doc_.funding, "funding", "who funded it (or that nobody did)");
    missing(!doc_.conflicts_of_interest, "conflicts_of_interest",
            "its authors' conflicts of interest (or that there are none)");
    missing(!doc_.update_policy, "update_policy", "how and when it is updated");
    missing(!doc_.next_review, "next_review", "when it is next reviewed");
    if (doc_.next_review && doc_.next_review->year != 0 && *doc_.next_review < today()) {
      warn(error_ids::catalog_review_overdue, "next_review",
           "the next review was due on " + doc_.next_review->to_string() + ", which has passed");
    }
  }

  /// Each quotation names a text of the document (a string).
  void check_quotations() {
    if (!doc_.quotations || doc_.quotations->empty()) return;
    const nlohmann::json whole = encode_value(doc_);
    for (std::size_t i = 0; i < doc_.quotations->size(); ++i) {
      const std::string& pointer = (*doc_.quotations)[i];
      bool text = false;
      try {
        const nlohmann::json::json_pointer p(pointer);
        text = whole.contains(p) && whole.at(p).is_string();
      } catch (const nlohmann::json::exception&) {
        text = false;  // not a JSON Pointer
      }
      if (!text) {
        report(error_ids::catalog_unknown_ref, "/quotations/" + std::to_string(i),
               "\"" + pointer + "\" is not the JSON Pointer of a text of the catalog (e.g. \"/strategies/0/purpose\")");
      }
    }
  }

  /// Today's date (UTC).
  static iso_date today() {
    const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    return {static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
            static_cast<int>(static_cast<unsigned>(d.day()))};
  }

  std::set<std::string> decoded_badly_;
  std::vector<char> compiled_ok_;  ///< per rule: whether `when` compiled
  catalog_state& state_;
  const catalog_document& doc_;
  std::vector<diagnostic>& out_;
  const limits& limits_;
};

CARECOMPARE_FUNC void validate(catalog_state& state, std::vector<diagnostic>& problems, const limits& bounds) {
  catalog_validator(state, problems, bounds).run();
}

}  // namespace detail

CARECOMPARE_END_NAMESPACE
