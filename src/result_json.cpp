// SPDX-License-Identifier: MIT
// The result document (result_json.hpp): write_result(), its one definition, and the sinks it
// writes to: JSON text directly (result_json_writer) or nlohmann's DOM (result_dom_builder).
//
// The members are written in nlohmann's order (std::map: sorted). Texts with only ASCII are
// escaped here as nlohmann escapes them; others, and the stated facts (any JSON), are dumped by
// nlohmann itself. The texts that depend on the catalog alone (strategy ids and names, rule ids,
// reasons and descriptions, the disclaimer, the compact "catalog" member) are escaped once per
// catalog, on first use, and shared by every thread (result_json_texts).
#include "result_json.hpp"

#include <algorithm>
#include <array>
#include <carecompare/catalog.hpp>
#include <carecompare/codec.hpp>
#include <carecompare/config.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/translation.hpp>
#include <charconv>
#include <cstddef>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/access.hpp"
#include "catalog/rule_data.hpp"
#include "util/json_text.hpp"
#include "util/json_writer.hpp"
#include "util/number.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

CARECOMPARE_FUNC nlohmann::json score_json(double score) {
  if (const auto integer = exact_integer(score)) return *integer;
  return score;
}

/**
 * The result document's texts that depend on the catalog alone, each already a JSON string
 * (quotes included): indexed as the catalog document's strategies and rules. Built once per
 * catalog state (result_json_texts_of()) and immutable afterwards.
 */
struct result_json_texts {
  std::vector<std::string> strategy_id, strategy_name;
  std::vector<std::string> rule_id, rule_reason, rule_description;
  std::string disclaimer;
  // Whole values, compact: the "catalog" and "sources" members', and per rule its entry in an
  // option's "reasons" and in a not-shown option's "rules" when it did not match.
  std::string catalog_compact, sources_compact;
  std::vector<std::string> reason_compact, unmatched_compact;
};

/// json_writer as a sink of write_result(), which writes scores.
class result_json_writer : public json_writer {
 public:
  using json_writer::json_writer;
  /// A score as score_json() makes it: integral ones as integers, others as nlohmann writes a
  /// double.
  void score(double value) {
    if (const auto integer = exact_integer(value)) {
      json_writer::integer(*integer);
    } else {
      raw(score_json(value).dump());
    }
  }
};

/// Builds the document as nlohmann/json values: a sink of write_result().
class result_dom_builder {
 public:
  void begin_object() { open(nlohmann::json::object()); }
  void end_object() { stack_.pop_back(); }
  void begin_array() { open(nlohmann::json::array()); }
  void end_array() { stack_.pop_back(); }
  void key(std::string_view k) { key_ = k; }
  void string(std::string_view s, std::string_view /*escaped*/ = {}) { add(std::string(s)); }
  void boolean(bool b) { add(b); }
  void score(double value) { add(score_json(value)); }
  void value(const nlohmann::json& v) { add(v); }
  template <class Write>
  void cached(std::string_view /*compact*/, Write write) {
    write();
  }
  [[nodiscard]] nlohmann::json take() { return std::move(root_); }

 private:
  nlohmann::json& add(nlohmann::json v) {
    if (stack_.empty()) return root_ = std::move(v);
    nlohmann::json& top = *stack_.back();
    if (top.is_object()) return top[std::string(key_)] = std::move(v);
    top.push_back(std::move(v));
    return top.back();
  }
  void open(nlohmann::json v) { stack_.push_back(&add(std::move(v))); }

  nlohmann::json root_;
  std::vector<nlohmann::json*> stack_;  // each points into its parent, which nothing grows meanwhile
  std::string_view key_;
};

/// The "catalog" member's value: what the catalog says about itself in a result.
template <class Sink>
void write_result_catalog(const catalog& cat, Sink& s) {
  const auto& info = cat.info();
  const translation_report* translated = cat.applied_translation();
  s.begin_object();
  // The decision-aid members only when the catalog has them.
  if (info.authors) {
    s.key("authors");
    s.value(encode(*info.authors));
  }
  if (info.conflicts_of_interest) {
    s.key("conflicts_of_interest");
    s.string(*info.conflicts_of_interest);
  }
  if (info.funding) {
    s.key("funding");
    s.string(*info.funding);
  }
  s.key("id");
  s.string(info.id);
  s.key("last_reviewed");
  s.string(info.last_reviewed.to_string());
  if (translated != nullptr) {
    s.key("locale");
    s.string(info.locale);
  }
  if (info.next_review) {
    s.key("next_review");
    s.string(info.next_review->to_string());
  }
  s.key("title");
  s.string(info.title);
  if (translated != nullptr) {
    s.key("translation");
    s.begin_object();
    s.key("catalog_version");
    s.string(translated->catalog_version.to_string());
    s.key("locale");
    s.string(translated->locale);
    s.key("reviewed");
    s.boolean(translated->reviewed);
    s.end_object();
  }
  if (info.update_policy) {
    s.key("update_policy");
    s.string(*info.update_policy);
  }
  s.key("version");
  s.string(info.version.to_string());
  s.end_object();
}

/// A rule in an option's "reasons", saying `text` (rule::reason_for() the option). `*_json`:
/// the texts as JSON strings, or empty.
template <class Sink>
void write_reason(Sink& s, const rule& rl, const std::string& text, std::string_view id_json,
                  std::string_view reason_json, std::string_view from_record = {}) {
  s.begin_object();
  if (!from_record.empty()) {  // keys in nlohmann's order: from_record, rule, text
    s.key("from_record");
    s.string(from_record, "");
  }
  s.key("rule");
  s.string(rl.id, id_json);
  s.key("text");
  s.string(text, reason_json);
  s.end_object();
}

/// A rule in a not-shown option's "rules" (with `matched`) or an undecided option's (without):
/// its effect on the option and what it says. `*_json`: the texts as JSON strings, or empty.
template <class Sink>
void write_rule_entry(Sink& s, const rule& rl, bool hides, std::optional<bool> matched, std::string_view id_json,
                      std::string_view description_json) {
  s.begin_object();
  s.key("effect");
  s.string(hides ? "hide" : "show", hides ? R"("hide")" : R"("show")");
  if (matched) {
    s.key("matched");
    s.boolean(*matched);
  }
  s.key("rule");
  s.string(rl.id, id_json);
  s.key("text");
  s.string(rl.description, description_json);
  s.end_object();
}

CARECOMPARE_FUNC const result_json_texts& result_json_texts_of(const catalog& cat) {
  const catalog_state& st = catalog_access::state(cat);
  std::call_once(st.result_texts_once, [&] {
    auto texts = std::make_shared<result_json_texts>();
    for (const auto& sg : st.document.strategies) {
      texts->strategy_id.push_back(json_string(sg.id));
      texts->strategy_name.push_back(json_string(sg.name));
    }
    const auto compact = [](auto write) {
      result_json_writer w(-1);
      write(w);
      return w.take();
    };
    for (const auto& rl : st.document.rules) {
      texts->rule_id.push_back(json_string(rl.id));
      texts->rule_reason.push_back(json_string(rl.reason));
      texts->rule_description.push_back(json_string(rl.description));
      texts->reason_compact.push_back(
          compact([&](auto& w) { write_reason(w, rl, rl.reason, texts->rule_id.back(), texts->rule_reason.back()); }));
      texts->unmatched_compact.push_back(compact([&](auto& w) {
        write_rule_entry(w, rl, false, false, texts->rule_id.back(), texts->rule_description.back());
      }));
    }
    texts->disclaimer = json_string(cat.disclaimer());
    texts->catalog_compact = compact([&](auto& w) { write_result_catalog(cat, w); });
    texts->sources_compact = compact([&](auto& w) { w.value(encode(cat.sources())); });
    st.result_texts = std::move(texts);
  });
  return *st.result_texts;
}

/**
 * Writes the document of `r` to a sink (result_json_writer, result_dom_builder): the one
 * definition of its members. `texts`, when given, are the escaped texts of r's catalog.
 */
template <class Sink>
void write_result(const result& r, Sink& s, const result_json_texts* texts) {
  const catalog& cat = r.source_catalog();
  const catalog_document& doc = catalog_access::state(cat).document;
  // Lists open or not answered: the circumstances say which, and undecided options which decide
  // them (closed lists, the default, keep the document as it always was).
  bool has_open_lists = false;
  for (const rule_data_list& l : rule_data_lists)
    has_open_lists = has_open_lists || r.stated().*l.answer != answer_kind::closed;
  const bool has_facts = !cat.facts().empty() || has_open_lists;
  // A catalog text as a JSON string (or a whole value, compact) from `texts`, or empty. A
  // result's strategies and rules point into its catalog's document (filter.cpp); the bounds
  // check sends any other pointer down the escaping path.
  const auto text_of = [&](const auto* item, const auto& items,
                           const std::vector<std::string> result_json_texts::*list) {
    const auto i = static_cast<std::size_t>(item - items.data());
    return texts != nullptr && i < items.size() ? std::string_view(((*texts).*list)[i]) : std::string_view();
  };
  const auto strategy_json = [&](const strategy* sg, const std::vector<std::string> result_json_texts::*list) {
    return text_of(sg, doc.strategies, list);
  };
  const auto rule_json = [&](const rule* rl, const std::vector<std::string> result_json_texts::*list) {
    return text_of(rl, doc.rules, list);
  };
  const auto strategy_id_and_name = [&](const strategy* sg) {
    s.key("id");
    s.string(sg->id, strategy_json(sg, &result_json_texts::strategy_id));
    s.key("name");
    s.string(sg->name, strategy_json(sg, &result_json_texts::strategy_name));
  };
  const auto rule_entry = [&](const rule* rl, bool hides, std::optional<bool> matched) {
    write_rule_entry(s, *rl, hides, matched, rule_json(rl, &result_json_texts::rule_id),
                     rule_json(rl, &result_json_texts::rule_description));
  };
  const auto ids = [&](std::string_view k, const std::vector<std::string>& list) {
    s.key(k);
    s.begin_array();
    for (const auto& id : list) s.string(id);
    s.end_array();
  };

  s.begin_object();
  s.key("catalog");
  s.cached(texts != nullptr ? std::string_view(texts->catalog_compact) : "", [&] { write_result_catalog(cat, s); });

  s.key("circumstances");
  s.begin_object();
  // The lists, the facts and how lists answer (when one is not closed), as circumstances'
  // to_json() has them: in nlohmann's (sorted) order of their keys.
  {
    const auto answered_as = [&](std::string_view key, answer_kind kind) {
      if (!has_open_lists) return;
      s.key(key);
      s.begin_array();
      for (const rule_data_list& l : rule_data_lists) {
        if (r.stated().*l.answer == kind) s.string(l.key);
      }
      s.end_array();
    };
    // The members that are not lists, by key: "facts", "not_answered", "open".
    std::size_t next = 0;
    const auto others_before = [&](std::string_view key) {
      for (; next < 3; ++next) {
        const std::string_view other = next == 0 ? "facts" : next == 1 ? "not_answered" : "open";
        if (other > key) return;
        if (next == 0) {
          s.key("facts");
          s.value(r.stated().facts);
        } else {
          answered_as(other, next == 1 ? answer_kind::not_answered : answer_kind::open);
        }
      }
    };
    for (const std::size_t l : rule_data_lists_by_key) {
      others_before(rule_data_lists[l].key);
      ids(rule_data_lists[l].key, r.stated().*rule_data_lists[l].stated);
    }
    others_before("\x7f");
  }
  s.end_object();

  s.key("disclaimer");
  s.string(r.disclaimer(), texts != nullptr ? std::string_view(texts->disclaimer) : "");

  // A catalog that declares facts says what depends on those nobody answered (one without
  // facts keeps the document it always had).
  if (has_facts) {
    s.key("not_answered");
    s.begin_array();
    for (const fact* f : r.not_answered()) s.string(f->id);
    s.end_array();
  }

  s.key("not_shown");
  s.begin_array();
  for (const auto& option : r.not_shown()) {
    s.begin_object();
    s.key("explanation");
    s.string(option.explanation(cat.labels()));
    strategy_id_and_name(option.strategy);
    s.key("rules");
    s.begin_array();
    const auto add = [&](rule_list list, bool hides, bool matched) {
      for (const rule* rl : list) {
        if (matched) {
          rule_entry(rl, hides, true);
        } else {
          s.cached(rule_json(rl, &result_json_texts::unmatched_compact), [&] { rule_entry(rl, hides, false); });
        }
      }
    };
    add(option.hidden_by, true, true);
    add(option.overruled, false, true);
    add(option.unmatched, false, false);
    s.end_array();
    s.end_object();
  }
  s.end_array();

  s.key("relevant");
  s.begin_array();
  for (const auto& option : r.relevant()) {
    s.begin_object();
    strategy_id_and_name(option.strategy);
    s.key("reasons");
    s.begin_array();
    for (std::size_t i = 0; i < option.reasons.size(); ++i) {
      const rule* rl = option.reasons[i];
      const std::string& text = rl->reason_for(option.strategy->id);
      if (i < option.from_record.size() && !option.from_record[i].empty()) {  // a health record's: never cached
        write_reason(s, *rl, text, rule_json(rl, &result_json_texts::rule_id), "", option.from_record[i]);
        continue;
      }
      if (&text != &rl->reason) {  // the option's own reason: not among the cached texts
        write_reason(s, *rl, text, rule_json(rl, &result_json_texts::rule_id), "");
        continue;
      }
      s.cached(rule_json(rl, &result_json_texts::reason_compact), [&] {
        write_reason(s, *rl, text, rule_json(rl, &result_json_texts::rule_id),
                     rule_json(rl, &result_json_texts::rule_reason));
      });
    }
    s.end_array();
    s.key("score");
    s.score(option.score);
    s.end_object();
  }
  s.end_array();

  // What the texts above cite: every source of the catalog, as the catalog lists them.
  s.key("sources");
  s.cached(texts != nullptr ? std::string_view(texts->sources_compact) : "", [&] { s.value(encode(cat.sources())); });

  if (has_facts) {
    s.key("undecided");
    s.begin_array();
    for (const auto& option : r.undecided()) {
      s.begin_object();
      s.key("facts");
      s.begin_array();
      for (const fact* f : option.facts) {
        s.begin_object();
        s.key("description");
        s.string(f->description);
        s.key("id");
        s.string(f->id);
        s.key("label");
        s.string(f->label);
        s.key("type");
        s.value(encode(f->type));
        if (f->values) ids("values", *f->values);
        s.end_object();
      }
      s.end_array();
      s.key("id");
      s.string(option.strategy->id, strategy_json(option.strategy, &result_json_texts::strategy_id));
      if (has_open_lists) {
        s.key("lists");
        s.begin_array();
        for (const std::string_view key : option.lists) {
          s.begin_object();
          s.key("id");
          s.string(key);
          s.key("label");
          for (const rule_data_list& l : rule_data_lists) {
            if (l.key == key) s.string(label_text(cat.labels(), l.label));
          }
          s.end_object();
        }
        s.end_array();
      }
      s.key("name");
      s.string(option.strategy->name, strategy_json(option.strategy, &result_json_texts::strategy_name));
      s.key("rules");
      s.begin_array();
      for (const rule* rl : option.rules) {
        const bool shows = std::find(rl->show.begin(), rl->show.end(), option.strategy->id) != rl->show.end();
        rule_entry(rl, !shows, std::nullopt);
      }
      s.end_array();
      s.end_object();
    }
    s.end_array();
  }
  s.end_object();
}

CARECOMPARE_FUNC std::string result_json(const result& r, int indent) {
  result_json_writer w(indent);
  write_result(r, w, &result_json_texts_of(r.source_catalog()));
  return w.take();
}

CARECOMPARE_FUNC char* result_json_release(const result& r, int indent, std::size_t& size) {
  result_json_writer w(indent);
  write_result(r, w, &result_json_texts_of(r.source_catalog()));
  return w.release(size);
}

CARECOMPARE_FUNC nlohmann::json result_dom(const result& r) {
  result_dom_builder b;
  write_result(r, b, nullptr);
  return b.take();
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#undef CARECOMPARE_JSON_INLINE
