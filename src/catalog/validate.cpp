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
#include "../util/label_format.hpp"
#include "../util/message_text.hpp"
#include "check.hpp"
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
    check_about();
    check_quotations();
    if (doc_.labels) check_labels(*doc_.labels, "/labels", out_);
  }

 private:
  void report(int id, std::string pointer, std::string message) {
    out_.push_back(diagnostic{id, std::move(pointer), std::move(message), 0, 0, diagnostic::severity::error, {}});
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
                 "unknown source id \"" + s.sources[k] + "\"" + known(doc_.sources));
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
        report(error_ids::catalog_unknown_ref, at(k),
               "unknown strategy id \"" + ids[k] + "\"" + known(doc_.strategies));
      }
      if (earlier != strategy_lists::npos) {
        report(error_ids::catalog_duplicate_id, at(k),
               "strategy id \"" + ids[k] + "\" is listed twice (first at " + at(earlier) + ")");
      }
    }
  }

  /// "; known ids: a, b, ..." of `items` (each with an `id`), for a reference to none of them.
  template <class T>
  static std::string known(const std::vector<T>& items) {
    if (items.empty()) return "; the catalog defines none";
    std::vector<std::string_view> ids;
    ids.reserve(items.size());
    for (const T& item : items) ids.push_back(item.id);
    return "; known ids: " + id_listing(ids);
  }

  void check_columns() {
    require_items(
        doc_.columns.empty(), [] { return std::string("/columns"); }, "at least one default column is required");
    for (std::size_t i = 0; i < doc_.columns.size(); ++i) {
      const std::string& field = doc_.columns[i].field;
      if (!field.empty() && !is_strategy_field(field)) {
        report(error_ids::catalog_unknown_ref, "/columns/" + std::to_string(i) + "/field",
               "unknown strategy field \"" + field + "\"; fields: " + strategy_field_names());
      }
    }
  }

  void compile_rules() {
    state_.compiled.clear();
    state_.compiled.reserve(doc_.rules.size());
    logic::compile_options options;
    options.max_depth = limits_.max_rule_depth;
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
