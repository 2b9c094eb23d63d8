// SPDX-License-Identifier: MIT
// The health record reader (fhir.hpp): a FHIR R4 record in a catalog's words. What is read from
// where is fhir/elements.hpp's; this file applies it: statuses, codes, the latest value per fact,
// evidence, unknown codes and problems.
#include <carecompare/fhir.hpp>
#include <carecompare/parse.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "../catalog/access.hpp"
#include "../catalog/state.hpp"
#include "../codec.hpp"
#include "../parse.hpp"
#include "../result_access.hpp"
#include "../util/ascii.hpp"
#include "../util/json_depth.hpp"
#include "../util/json_pointer.hpp"
#include "../util/label_format.hpp"
#include "codes.hpp"
#include "date.hpp"
#include "elements.hpp"
#include "record.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace fhir {

/// The reader fills a reading's private members.
struct reading_access {
  static std::vector<answer>& list(reading& r, std::size_t l) { return r.lists_[l]; }
  using lists_t = std::vector<answer>[3];
  static const lists_t& lists(const reading& r) { return r.lists_; }
  static const std::vector<answer>& facts(const reading& r) { return r.facts_; }
  static std::vector<answer>& facts(reading& r) { return r.facts_; }
  static std::vector<carecompare::fhir::set_aside>& set_aside(reading& r) { return r.set_aside_; }
  static std::vector<unknown_code>& unknown_codes(reading& r) { return r.unknown_codes_; }
  static std::vector<diagnostic>& problems(reading& r) { return r.problems_; }
  static std::size_t& problems_omitted(reading& r) { return r.problems_omitted_; }
  static std::size_t& resources(reading& r) { return r.resources_; }
};

namespace detail {

using object_t = nlohmann::json::object_t;
using carecompare::detail::json_kind;
using carecompare::detail::pointer_push;

/// The member `key` of an object, or nullptr.
inline const nlohmann::json* member(const object_t& object, std::string_view key) {
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &found->second;
}

/// `pointer` + "/" + each key (escaped).
template <class... Keys>
std::string at(const std::string& pointer, const Keys&... keys) {
  std::string out = pointer;
  (pointer_push(out, keys), ...);
  return out;
}

/// A string member, or "" when it is absent or not a string.
inline std::string string_member(const object_t& object, std::string_view key) {
  const nlohmann::json* value = member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

/// How a fact's candidate Observation turned out.
enum class candidate_kind : std::uint8_t { value, absent, unreadable };

/// One counted Observation of a fact: its date, and what it gives.
struct candidate {
  std::optional<time_span> when;
  candidate_kind kind = candidate_kind::value;
  nlohmann::json value;
  std::string absent_reason;  ///< the dataAbsentReason code (kind absent)
  carecompare::fhir::source from;
  std::size_t order = 0;  ///< the resource's position in the record
};

/// Everything read so far, and the reading being built.
class reader {
 public:
  reader(const catalog& c, reading& out, std::size_t max_problems)
      : max_problems_(std::max<std::size_t>(max_problems, 1)),
        doc_(c.document()),
        codes_(doc_),
        out_(out),
        counted_(std::size(list_elements)),
        candidates_(doc_.facts ? doc_.facts->size() : 0) {
    for (std::size_t l = 0; l < std::size(list_elements); ++l) {
      counted_[l].resize((doc_.vocabulary.*(list_elements[l].list->vocabulary)).size());
    }
  }

  void resource(const nlohmann::json& resource, const std::string& pointer) {
    ++reading_access::resources(out_);
    ++order_;
    const auto& object = *resource.get_ptr<const object_t*>();
    const std::string& type = *resource_type_of(resource);
    if (type == list_elements[0].resource) {
      condition(object, pointer);
    } else if (type == fact_resource) {
      observation(object, pointer);
    }
  }

  void finish() {
    for (std::size_t l = 0; l < std::size(list_elements); ++l) {
      const auto& entries = doc_.vocabulary.*(list_elements[l].list->vocabulary);
      for (std::size_t e = 0; e < entries.size(); ++e) {
        if (counted_[l][e].empty()) continue;
        reading_access::list(out_, l).push_back(answer{entries[e].id, nullptr, std::move(counted_[l][e])});
      }
    }
    for (std::size_t f = 0; f < candidates_.size(); ++f) latest(f);
    // Set-aside resources and problems in record order (those found last, at the end, included).
    const auto by_order = [](const auto& a, const auto& b) { return a.first < b.first; };
    std::stable_sort(set_aside_.begin(), set_aside_.end(), by_order);
    std::stable_sort(problems_.begin(), problems_.end(), by_order);
    for (auto& [order, item] : set_aside_) reading_access::set_aside(out_).push_back(std::move(item));
    for (auto& [order, item] : problems_) {
      if (reading_access::problems(out_).size() == max_problems_) {
        ++reading_access::problems_omitted(out_);
      } else {
        reading_access::problems(out_).push_back(std::move(item));
      }
    }
    reading_access::problems_omitted(out_) += omitted_;
    auto& unknown = reading_access::unknown_codes(out_);
    unknown = std::move(unknown_);
    std::sort(unknown.begin(), unknown.end(), [](const unknown_code& a, const unknown_code& b) {
      return std::tie(b.count, a.system, a.code) < std::tie(a.count, b.system, b.code);
    });
  }

 private:
  /// One coding of a resource's code.
  struct code_coding {
    const std::string* system;
    const std::string* code;
    const std::string* display;  ///< nullptr when none
    std::size_t index;
  };

  void problem(int id, std::string pointer, std::string message) {
    // Problems come in record order but for the conflicts found at the end: past a bound's worth
    // of them only a count is kept (a hostile record of a million broken resources stays small).
    if (problems_.size() >= 2 * max_problems_) {
      ++omitted_;
      return;
    }
    problems_.emplace_back(
        order_, diagnostic{id, std::move(pointer), std::move(message), 0, 0, diagnostic::severity::warning, {}});
  }

  /// The codings of `object`'s code element that have a string system and code, or false (a
  /// problem listed) when the resource is broken: no code, or none of it can be read.
  bool codings(const object_t& object, const std::string& pointer, std::string_view type,
               std::vector<code_coding>& out) {
    out.clear();
    const nlohmann::json* code = member(object, list_elements[0].code_element);
    if (code == nullptr) {
      problem(error_ids::fhir_broken_resource, pointer,
              std::string("a ") + std::string(type) + " without code names nothing; it is skipped");
      return false;
    }
    // Pointers are written only for a problem: a resource that reads well needs none.
    const auto code_pointer = [&pointer] { return at(pointer, "code"); };
    if (!code->is_object()) {
      problem(error_ids::fhir_broken_resource, code_pointer(),
              "code must be an object (a CodeableConcept), got " + json_kind(*code) + "; the resource is skipped");
      return false;
    }
    const auto& concept_object = *code->get_ptr<const object_t*>();
    const nlohmann::json* list = member(concept_object, "coding");
    if (list == nullptr || (list->is_array() && list->empty())) {
      const std::string text = string_member(concept_object, "text");
      problem(error_ids::fhir_broken_resource, code_pointer(),
              "code has no coding" + (text.empty() ? std::string() : " (only the text \"" + text + "\")") +
                  ", so it names nothing a catalog knows; the resource is skipped");
      return false;
    }
    if (!list->is_array()) {
      problem(error_ids::fhir_broken_resource, at(code_pointer(), "coding"),
              "coding must be an array, got " + json_kind(*list) + "; the resource is skipped");
      return false;
    }
    const auto& items = *list->get_ptr<const nlohmann::json::array_t*>();
    for (std::size_t k = 0; k < items.size(); ++k) {
      if (!items[k].is_object()) {
        problem(error_ids::fhir_broken_resource, at(code_pointer(), "coding", k),
                "a coding must be an object, got " + json_kind(items[k]) + "; it is skipped");
        continue;
      }
      const auto& c = *items[k].get_ptr<const object_t*>();
      const nlohmann::json* system = member(c, "system");
      const nlohmann::json* value = member(c, "code");
      const nlohmann::json* display = member(c, "display");
      bool ok = true;
      for (const auto& [key, element] : {std::pair{"system", system}, std::pair{"code", value}}) {
        if (element != nullptr && !element->is_string()) {
          problem(error_ids::fhir_broken_resource, at(code_pointer(), "coding", k, key),
                  std::string(key) + " must be a string, got " + json_kind(*element) + "; the coding is skipped");
          ok = false;
        }
      }
      if (!ok || system == nullptr || value == nullptr) continue;  // a coding without both means nothing
      out.push_back(code_coding{
          system->get_ptr<const std::string*>(), value->get_ptr<const std::string*>(),
          display != nullptr && display->is_string() ? display->get_ptr<const std::string*>() : nullptr, k});
    }
    return true;
  }

  /// Counts the codings of a resource that means nothing to the catalog.
  void unknown(const std::vector<code_coding>& codings) {
    for (std::size_t k = 0; k < codings.size(); ++k) {
      const code_coding& c = codings[k];
      bool repeated = false;  // the same pair twice in one resource counts once
      for (std::size_t j = 0; j < k; ++j)
        repeated = repeated || (*codings[j].system == *c.system && *codings[j].code == *c.code);
      if (repeated) continue;
      const auto key = std::pair<std::string_view, std::string_view>(*c.system, *c.code);
      auto [slot, added] = unknown_index_.try_emplace(std::pair<std::string, std::string>(key), unknown_.size());
      if (added) unknown_.push_back(unknown_code{*c.system, *c.code, c.display ? *c.display : std::string(), 0});
      unknown_code& u = unknown_[slot->second];
      ++u.count;
      if (u.display.empty() && c.display != nullptr) u.display = *c.display;
    }
  }

  /// The evidence of a resource for one of its codings.
  static carecompare::fhir::source source_of(std::string_view type, const object_t& object, const std::string& pointer,
                                             const code_coding& c, std::string date) {
    carecompare::fhir::source s;
    s.resource_type = type;
    s.id = string_member(object, "id");
    s.pointer = pointer;
    s.coding.system = *c.system;
    s.coding.code = *c.code;
    if (c.display != nullptr) s.coding.display = *c.display;
    s.date = std::move(date);
    return s;
  }

  /// A status of a resource: whether it counts and the code the record gives ("" when absent),
  /// or nullopt (a problem listed) when it is broken.
  struct status_read {
    bool counts;
    std::string code;
  };
  std::optional<status_read> status(const object_t& object, const std::string& pointer, const status_rule& rule) {
    const nlohmann::json* element = member(object, rule.element);
    if (element == nullptr) {
      if (rule.absent_counts) return status_read{true, {}};
      problem(error_ids::fhir_broken_resource, pointer,
              "an Observation without " + std::string(rule.element) + " cannot be read; it is skipped");
      return std::nullopt;
    }
    const auto element_pointer = [&] { return at(pointer, rule.element); };
    const std::string* code = nullptr;
    if (rule.system.empty()) {
      if (element->is_string()) code = element->get_ptr<const std::string*>();
    } else if (element->is_object()) {
      const nlohmann::json* list = member(*element->get_ptr<const object_t*>(), "coding");
      if (list != nullptr && list->is_array()) {
        for (const nlohmann::json& c : *list) {
          if (!c.is_object()) continue;
          const auto& coding_object = *c.get_ptr<const object_t*>();
          const nlohmann::json* system = member(coding_object, "system");
          const nlohmann::json* value = member(coding_object, "code");
          if (system != nullptr && system->is_string() && *system->get_ptr<const std::string*>() == rule.system &&
              value != nullptr && value->is_string()) {
            code = value->get_ptr<const std::string*>();
            break;
          }
        }
      }
    }
    if (code == nullptr) {
      problem(error_ids::fhir_broken_resource, element_pointer(),
              std::string(rule.element) + " holds no code" +
                  (rule.system.empty() ? std::string() : " of " + std::string(rule.system)) +
                  "; the resource is skipped");
      return std::nullopt;
    }
    if (!is_one_of(*code, rule.all)) {
      problem(error_ids::fhir_broken_resource, element_pointer(),
              "\"" + *code + "\" is not a " + std::string(rule.element) + " code of FHIR R4; the resource is skipped");
      return std::nullopt;
    }
    return status_read{is_one_of(*code, rule.counted), *code};
  }

  /// The first present date element of `object` among (element, member of a Period or ""), as
  /// written and as a span; a date that is no FHIR date is a problem and gives no span.
  struct date_read {
    std::string text;
    std::optional<time_span> span;
  };
  date_read date(const object_t& object, const std::string& pointer,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> elements) {
    for (const auto& [element, period_member] : elements) {
      const nlohmann::json* value = member(object, element);
      if (value == nullptr) continue;
      bool in_period = false;
      const auto value_pointer = [&, element = element, period_member = period_member] {
        return in_period ? at(pointer, element, period_member) : at(pointer, element);
      };
      if (!period_member.empty()) {
        if (!value->is_object()) {
          problem(error_ids::fhir_bad_date, value_pointer(),
                  std::string(element) + " must be a Period object, got " + json_kind(*value));
          continue;
        }
        value = member(*value->get_ptr<const object_t*>(), period_member);
        if (value == nullptr) continue;  // a period still going on: no end
        in_period = true;
      }
      if (!value->is_string()) {
        problem(error_ids::fhir_bad_date, value_pointer(), "a date must be a string, got " + json_kind(*value));
        return {};
      }
      const std::string& text = *value->get_ptr<const std::string*>();
      auto span = parse_fhir_date(text);
      if (!span) {
        problem(error_ids::fhir_bad_date, value_pointer(),
                "\"" + text + "\" is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with a zone)");
        return {};
      }
      return {text, span};
    }
    return {};
  }

  void condition(const object_t& object, const std::string& pointer) {
    const std::string_view type = list_elements[0].resource;
    if (!codings(object, pointer, type, codings_)) return;
    // Which entries it names: each once, with the first coding that names it.
    named_.clear();
    for (const code_coding& c : codings_) {
      const code_meaning* m = codes_.condition(*c.system, *c.code);
      if (m == nullptr) continue;
      const bool seen = std::any_of(named_.begin(), named_.end(), [&](const auto& n) {
        return n.first->list == m->list && n.first->index == m->index;
      });
      if (!seen) named_.emplace_back(m, &c);
    }
    if (named_.empty()) {
      unknown(codings_);
      return;
    }
    std::optional<status_read> statuses[2];
    for (std::size_t s = 0; s < 2; ++s) {
      statuses[s] = status(object, pointer, *list_elements[0].statuses[s]);
      if (!statuses[s]) return;
    }
    const date_read when = date(
        object, pointer, {{condition_date_onset, ""}, {condition_date_period, "start"}, {condition_date_recorded, ""}});
    for (const auto& [meaning, c] : named_) {
      carecompare::fhir::source s = source_of(type, object, pointer, *c, when.text);
      if (statuses[0]->counts && statuses[1]->counts) {
        counted_[meaning->list][meaning->index].push_back(std::move(s));
        continue;
      }
      const bool clinical = !statuses[0]->counts;
      const auto& entries = doc_.vocabulary.*(list_elements[meaning->list].list->vocabulary);
      set_aside_.emplace_back(
          order_, carecompare::fhir::set_aside{
                      std::string(list_elements[meaning->list].list->key), entries[meaning->index].id, std::move(s),
                      clinical ? set_aside_reason::clinical_status : set_aside_reason::verification_status,
                      statuses[clinical ? 0 : 1]->code});
    }
  }

  void observation(const object_t& object, const std::string& pointer) {
    if (!codings(object, pointer, fact_resource, codings_)) return;
    fact_hits_.clear();
    for (const code_coding& c : codings_) {
      const code_meaning* m = codes_.observation(*c.system, *c.code);
      if (m == nullptr) continue;
      if (std::none_of(fact_hits_.begin(), fact_hits_.end(), [&](const auto& h) { return h.first == m->index; })) {
        fact_hits_.emplace_back(m->index, &c);
      }
    }
    if (fact_hits_.empty()) {
      unknown(codings_);
      return;
    }
    const std::optional<status_read> st = status(object, pointer, *fact_status);
    if (!st) return;
    const date_read when =
        date(object, pointer,
             {{observation_date_effective, ""}, {observation_date_period, "end"}, {observation_date_issued, ""}});
    for (const auto& [f, c] : fact_hits_) {
      carecompare::fhir::source s = source_of(fact_resource, object, pointer, *c, when.text);
      if (!st->counts) {
        set_aside_.emplace_back(order_, carecompare::fhir::set_aside{"facts", (*doc_.facts)[f].id, std::move(s),
                                                                     set_aside_reason::observation_status, st->code});
        continue;
      }
      candidate cand;
      cand.when = when.span;
      cand.from = std::move(s);
      cand.order = order_;
      if (value(object, pointer, (*doc_.facts)[f], f, cand)) candidates_[f].push_back(std::move(cand));
    }
  }

  /// Reads the value of a counted Observation of fact `f` into `cand`; false (a problem listed)
  /// when the Observation gives neither a value nor a dataAbsentReason.
  bool value(const object_t& object, const std::string& pointer, const fact& f, std::uint32_t index, candidate& cand) {
    // The value[x] element given, if any: a key "value" followed by a type name.
    const nlohmann::json* given = nullptr;
    std::string_view given_key;
    for (auto it = object.lower_bound("value"); it != object.end() && it->first.rfind("value", 0) == 0; ++it) {
      if (it->first.size() > 5 && it->first[5] >= 'A' && it->first[5] <= 'Z') {
        given = &it->second;
        given_key = it->first;
        break;
      }
    }
    if (given == nullptr) {
      const nlohmann::json* absent = member(object, "dataAbsentReason");
      if (absent == nullptr) {
        problem(error_ids::fhir_broken_resource, pointer,
                "an Observation of fact \"" + f.id + "\" gives neither a value nor a dataAbsentReason; it is skipped");
        return false;
      }
      cand.kind = candidate_kind::absent;
      if (absent->is_object()) {
        const auto& concept_object = *absent->get_ptr<const object_t*>();
        if (const nlohmann::json* list = member(concept_object, "coding"); list != nullptr && list->is_array()) {
          for (const nlohmann::json& c : *list) {
            if (c.is_object() && c.contains("code") && c["code"].is_string()) {
              cand.absent_reason = c["code"].get<std::string>();
              break;
            }
          }
        }
        if (cand.absent_reason.empty()) cand.absent_reason = string_member(concept_object, "text");
      }
      return true;
    }
    const std::string value_pointer = at(pointer, given_key);
    const fact_element& element = element_of(f.type);
    const auto unreadable = [&](int id, std::string where, std::string message) {
      problem(id, std::move(where), std::move(message));
      cand.kind = candidate_kind::unreadable;
      return true;
    };
    const auto wrong_type = [&]() {
      std::string expected;
      if (!element.value.empty()) expected = std::string(element.value);
      if (!element.coded_value.empty() && f.value_codes) {
        expected += (expected.empty() ? "" : " or ") + std::string(element.coded_value);
      }
      return unreadable(
          error_ids::fhir_wrong_value_type, value_pointer,
          "fact \"" + f.id + "\" (" + carecompare::detail::enum_json_name(f.type) + ") is read from " +
              (expected.empty() ? std::string("valueCodeableConcept, but the catalog maps no codes to its values")
                                : expected) +
              ", not " + std::string(given_key) + "; the fact is not answered by it");
    };
    if (!element.coded_value.empty() && given_key == element.coded_value && f.value_codes) {
      return coded(*given, value_pointer, f, index, cand);
    }
    if (element.value.empty() || given_key != element.value) return wrong_type();
    switch (f.type) {
      case fact_type::boolean:
        if (!given->is_boolean()) {
          return unreadable(error_ids::fhir_wrong_value_type, value_pointer,
                            "valueBoolean must be true or false, got " + json_kind(*given));
        }
        cand.value = *given;
        return true;
      case fact_type::string:
        if (!given->is_string()) {
          return unreadable(error_ids::fhir_wrong_value_type, value_pointer,
                            "valueString must be a string, got " + json_kind(*given));
        }
        if (f.values && std::find(f.values->begin(), f.values->end(), given->get<std::string>()) == f.values->end()) {
          return unreadable(error_ids::fhir_value_not_allowed, value_pointer,
                            "\"" + given->get<std::string>() + "\" is not a value fact \"" + f.id + "\" allows");
        }
        cand.value = *given;
        return true;
      case fact_type::number: quantity(*given, value_pointer, f, cand); return true;
      case fact_type::string_list: return wrong_type();
    }
    return wrong_type();
  }

  /// A valueQuantity for a number fact.
  bool quantity(const nlohmann::json& given, const std::string& value_pointer, const fact& f, candidate& cand) {
    cand.kind = candidate_kind::unreadable;
    if (!given.is_object()) {
      problem(error_ids::fhir_wrong_value_type, value_pointer,
              "valueQuantity must be an object, got " + json_kind(given));
      return false;
    }
    const auto& q = *given.get_ptr<const object_t*>();
    const nlohmann::json* number = member(q, "value");
    if (number == nullptr || !number->is_number()) {
      problem(error_ids::fhir_wrong_value_type, at(value_pointer, "value"),
              number == nullptr ? std::string("the quantity has no value")
                                : "valueQuantity.value must be a number, got " + json_kind(*number));
      return false;
    }
    if (const nlohmann::json* comparator = member(q, "comparator")) {
      problem(error_ids::fhir_wrong_value_type, at(value_pointer, "comparator"),
              "a quantity with a comparator (" +
                  (comparator->is_string() ? comparator->get<std::string>() : json_kind(*comparator)) +
                  ") is not an exact number; fact \"" + f.id + "\" is not answered by it");
      return false;
    }
    if (f.unit) {
      const nlohmann::json* code = member(q, "code");
      const nlohmann::json* system = member(q, "system");
      if (code == nullptr || !code->is_string() || *code->get_ptr<const std::string*>() != *f.unit) {
        problem(error_ids::fhir_wrong_unit, code == nullptr ? value_pointer : at(value_pointer, "code"),
                "fact \"" + f.id + "\" is in " + *f.unit + "; this quantity is in " +
                    (code == nullptr     ? std::string("no unit code")
                     : code->is_string() ? "\"" + code->get<std::string>() + "\""
                                         : json_kind(*code)));
        return false;
      }
      if (system != nullptr && (!system->is_string() || *system->get_ptr<const std::string*>() != ucum_system)) {
        problem(error_ids::fhir_wrong_unit, at(value_pointer, "system"),
                "the unit code of fact \"" + f.id + "\" is a UCUM code; this quantity's system is " +
                    (system->is_string() ? "\"" + system->get<std::string>() + "\"" : json_kind(*system)));
        return false;
      }
    }
    if (!std::isfinite(number->get<double>())) {
      problem(error_ids::fhir_wrong_value_type, at(value_pointer, "value"), "the quantity is not a finite number");
      return false;
    }
    cand.kind = candidate_kind::value;
    cand.value = *number;
    return true;
  }

  /// A valueCodeableConcept through the fact's value_codes.
  bool coded(const nlohmann::json& given, const std::string& value_pointer, const fact& f, std::uint32_t index,
             candidate& cand) {
    cand.kind = candidate_kind::unreadable;
    std::vector<std::uint32_t> values;
    if (given.is_object()) {
      if (const nlohmann::json* list = member(*given.get_ptr<const object_t*>(), "coding"); list && list->is_array()) {
        for (const nlohmann::json& c : *list) {
          if (!c.is_object() || !c.contains("system") || !c.contains("code") || !c["system"].is_string() ||
              !c["code"].is_string()) {
            continue;
          }
          const code_meaning* m =
              codes_.value(index, *c["system"].get_ptr<const std::string*>(), *c["code"].get_ptr<const std::string*>());
          if (m != nullptr && std::find(values.begin(), values.end(), m->index) == values.end())
            values.push_back(m->index);
        }
      }
    } else {
      problem(error_ids::fhir_wrong_value_type, value_pointer,
              "valueCodeableConcept must be an object, got " + json_kind(given));
      return true;
    }
    if (values.empty()) {
      problem(error_ids::fhir_value_not_allowed, value_pointer,
              "none of the codes of this value means a value of fact \"" + f.id + "\"; it is not answered by it");
      return true;
    }
    if (f.type == fact_type::string) {
      if (values.size() > 1) {
        problem(error_ids::fhir_value_not_allowed, value_pointer,
                "the codes of this value mean several values of fact \"" + f.id + "\" (\"" +
                    (*f.value_codes)[values[0]].value + "\", \"" + (*f.value_codes)[values[1]].value +
                    "\"), which holds one; it is not answered by it");
        return true;
      }
      cand.value = (*f.value_codes)[values[0]].value;
    } else {
      cand.value = nlohmann::json::array();
      for (const std::uint32_t v : values) cand.value.push_back((*f.value_codes)[v].value);
    }
    cand.kind = candidate_kind::value;
    return true;
  }

  /// The answer of fact `f`: the latest counted Observations, when they agree.
  void latest(std::size_t f) {
    std::vector<candidate>& all = candidates_[f];
    if (all.empty()) return;
    // Undated Observations come before every dated one; among dated ones, the latest are those
    // that no other lies wholly after (no other begins at or after their end).
    std::optional<std::int64_t> latest_begin;
    for (const candidate& c : all) {
      if (c.when) latest_begin = std::max(latest_begin.value_or(c.when->begin), c.when->begin);
    }
    std::vector<const candidate*> last;
    for (const candidate& c : all) {
      if (latest_begin ? (c.when && c.when->end > *latest_begin) : true) last.push_back(&c);
    }
    const fact& declared = (*doc_.facts)[f];
    if (std::any_of(last.begin(), last.end(),
                    [](const candidate* c) { return c->kind == candidate_kind::unreadable; })) {
      return;  // its problem is listed: not answered
    }
    const candidate& first = *last.front();
    const bool agree = std::all_of(last.begin(), last.end(), [&](const candidate* c) {
      return c->kind == first.kind && (c->kind != candidate_kind::value || c->value == first.value);
    });
    if (!agree) {
      std::string message = "the latest Observations of fact \"" + declared.id + "\" disagree:";
      for (const candidate* c : last) {
        message += " " + c->from.pointer + " (" + (c->from.date.empty() ? "undated" : c->from.date) + ") gives " +
                   (c->kind == candidate_kind::absent
                        ? "no value"
                        : c->value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) +
                   ";";
      }
      message.back() = ',';
      message += " so the fact is not answered";
      problems_.emplace_back(first.order, diagnostic{error_ids::fhir_conflicting_values,
                                                     first.from.pointer,
                                                     std::move(message),
                                                     0,
                                                     0,
                                                     diagnostic::severity::warning,
                                                     {}});
      return;
    }
    if (first.kind == candidate_kind::absent) {
      for (const candidate* c : last) {
        set_aside_.emplace_back(
            c->order, carecompare::fhir::set_aside{"facts", declared.id, c->from, set_aside_reason::data_absent,
                                                   c->absent_reason});
      }
      return;
    }
    answer a{declared.id, first.value, {}};
    for (const candidate* c : last) a.sources.push_back(c->from);
    reading_access::facts(out_).push_back(std::move(a));
  }

  std::size_t max_problems_;
  std::size_t omitted_ = 0;
  const catalog_document& doc_;
  code_index codes_;
  reading& out_;
  std::size_t order_ = 0;
  std::vector<std::vector<std::vector<carecompare::fhir::source>>> counted_;  ///< [list][entry]
  std::vector<std::vector<candidate>> candidates_;                            ///< [fact]
  std::vector<std::pair<std::size_t, carecompare::fhir::set_aside>> set_aside_;
  std::vector<std::pair<std::size_t, diagnostic>> problems_;
  std::vector<unknown_code> unknown_;
  std::map<std::pair<std::string, std::string>, std::size_t> unknown_index_;
  // Scratch space reused from resource to resource.
  std::vector<code_coding> codings_;
  std::vector<std::pair<const code_meaning*, const code_coding*>> named_;
  std::vector<std::pair<std::uint32_t, const code_coding*>> fact_hits_;
};

/// Reads a record whose size and nesting are bounded.
inline reading read_bounded(const catalog& c, const nlohmann::json& record, const read_options& options) {
  reading out;
  reader r(c, out, options.limits.max_problems);
  for_each_resource(record,
                    [&](const nlohmann::json& resource, const std::string& pointer) { r.resource(resource, pointer); });
  r.finish();
  return out;
}

/// The record_error of a text that parse_json() refuses.
inline record_error text_error(const parse_error& e, const std::string& origin) {
  const int id = e.id() == error_ids::parse_too_large  ? error_ids::fhir_too_large
                 : e.id() == error_ids::parse_too_deep ? error_ids::fhir_too_deep
                                                       : error_ids::fhir_syntax;
  return record_error(id, "", (id == error_ids::fhir_syntax ? "not JSON: " : "") + e.reason(), e.line(), e.column(),
                      origin);
}

inline reading read_text(const catalog& c, std::string_view text, const read_options& options,
                         const std::string& origin) {
  nlohmann::json record;
  try {
    record = parse_json(text, options.limits);
  } catch (const parse_error& e) {
    throw text_error(e, origin);
  }
  try {
    return read_bounded(c, record, options);
  } catch (const record_error& e) {
    if (origin.empty()) throw;
    throw record_error(e.id(), e.path(), e.reason(), e.line(), e.column(), origin);
  }
}

}  // namespace detail

CARECOMPARE_FUNC reading read(const catalog& c, std::string_view record, const read_options& options) {
  return detail::read_text(c, record, options, {});
}

CARECOMPARE_FUNC reading read_value(const catalog& c, const nlohmann::json& record, const read_options& options) {
  if (auto deep = carecompare::detail::find_too_deep(record, options.limits.max_json_depth)) {
    throw record_error(error_ids::fhir_too_deep, *deep,
                       carecompare::detail::too_deep_reason(options.limits.max_json_depth));
  }
  return detail::read_bounded(c, record, options);
}

CARECOMPARE_FUNC reading read_file(const catalog& c, const std::filesystem::path& path, const read_options& options) {
  std::string text, reason;
  const std::string origin = path.string();
  if (!carecompare::detail::read_file(path, text, reason, options.limits.max_document_bytes)) {
    const bool too_large = text.size() > options.limits.max_document_bytes;
    throw record_error(too_large ? error_ids::fhir_too_large : error_ids::fhir_io, "",
                       too_large ? reason : "cannot read the file: " + reason, 0, 0, origin);
  }
  return detail::read_text(c, text, options, origin);
}

CARECOMPARE_FUNC std::string_view to_string(set_aside_reason reason) noexcept {
  switch (reason) {
    case set_aside_reason::clinical_status: return "clinical-status";
    case set_aside_reason::verification_status: return "verification-status";
    case set_aside_reason::observation_status: return "observation-status";
    case set_aside_reason::data_absent: return "data-absent";
  }
  return "clinical-status";
}

CARECOMPARE_FUNC carecompare::circumstances reading::circumstances(const catalog& c,
                                                                   const carecompare::circumstances& added) const {
  carecompare::circumstances out;
  for (std::size_t l = 0; l < std::size(detail::list_elements); ++l) {
    const carecompare::detail::rule_data_list& list = *detail::list_elements[l].list;
    std::vector<std::string>& ids = out.*list.stated;
    answer_kind& kind = out.*list.answer;
    const std::vector<std::string>& given = added.*list.stated;
    if (!given.empty()) {
      // The person's answer: theirs, then what the record names that they did not list.
      ids = given;
      kind = added.*list.answer;
    } else {
      const auto& entries = c.vocabulary().*list.vocabulary;
      const bool coded = std::any_of(entries.begin(), entries.end(),
                                     [](const vocabulary_entry& e) { return e.codes && !e.codes->empty(); });
      kind = coded ? answer_kind::open : answer_kind::not_answered;
      if (!coded) continue;
    }
    for (const answer& a : lists_[l]) {
      if (std::find(ids.begin(), ids.end(), a.id) == ids.end()) ids.push_back(a.id);
    }
  }
  out.facts = fact_values();
  if (added.facts.is_object()) {
    for (const auto& [key, value] : added.facts.items()) out.facts[key] = value;
  }
  return out;
}

CARECOMPARE_FUNC nlohmann::json record_result::to_json() const {
  nlohmann::json out = result.to_json();
  nlohmann::json evidence = record.to_json();
  evidence["summary"] = record.summary(result.source_catalog());
  out["record"] = std::move(evidence);
  return out;
}

namespace detail {
inline void cite_record(const reading& record, result& r);  // below, beside summary()
}  // namespace detail

CARECOMPARE_FUNC record_result filter_reading(const catalog& c, reading record,
                                              const carecompare::circumstances& added) {
  carecompare::result filtered = c.filter(record.circumstances(c, added));
  detail::cite_record(record, filtered);
  return record_result{std::move(record), std::move(filtered)};
}

CARECOMPARE_FUNC record_result filter(const catalog& c, std::string_view record,
                                      const carecompare::circumstances& added, const read_options& options) {
  return filter_reading(c, read(c, record, options), added);
}

CARECOMPARE_FUNC record_result filter_value(const catalog& c, const nlohmann::json& record,
                                            const carecompare::circumstances& added, const read_options& options) {
  return filter_reading(c, read_value(c, record, options), added);
}

CARECOMPARE_FUNC nlohmann::json reading::fact_values() const {
  nlohmann::json out = nlohmann::json::object();
  for (const answer& a : facts_) out[a.id] = a.value;
  return out;
}

namespace detail {

/// "display, 2024-03-01" of a source, for readers: the record's display (else the catalog's for
/// the code among `codes`, else the code) and the day of its date.
inline std::string evidence_text(const source& s, const std::optional<std::vector<coding>>& codes) {
  std::string out = s.coding.code;
  if (s.coding.display) {
    out = *s.coding.display;
  } else if (codes) {
    for (const coding& c : *codes) {
      if (c.system == s.coding.system && c.code == s.coding.code && c.display) out = *c.display;
    }
  }
  if (!s.date.empty()) out += ", " + s.date.substr(0, std::min<std::size_t>(s.date.size(), 10));
  return out;
}

/// A vocabulary label inside an English sentence: "Bones" as "bones" (a word that is not an
/// acronym: its second letter is lowercase). Other languages keep their labels as written.
inline std::string in_sentence(const std::string& label, const std::string& locale) {
  const bool english = locale.size() >= 2 && carecompare::detail::ascii_lower(locale[0]) == 'e' &&
                       carecompare::detail::ascii_lower(locale[1]) == 'n' && (locale.size() == 2 || locale[2] == '-');
  if (!english || label.size() < 2 || label[0] < 'A' || label[0] > 'Z' || label[1] < 'a' || label[1] > 'z')
    return label;
  std::string out = label;
  out[0] = carecompare::detail::ascii_lower(out[0]);
  return out;
}

/// "a, b and c" in the catalog's words.
inline std::string join_items(const std::vector<std::string>& items, const catalog_labels& labels) {
  if (items.empty()) return {};
  std::string head = items.front();
  for (std::size_t i = 1; i + 1 < items.size(); ++i) head += ", " + items[i];
  if (items.size() == 1) return head;
  return carecompare::detail::fill_label(label_text(labels, &catalog_labels::list_and),
                                         {{"items", head}, {"item", items.back()}});
}

inline nlohmann::json source_json(const source& s) {
  nlohmann::json coding = {{"system", s.coding.system}, {"code", s.coding.code}};
  if (s.coding.display) coding["display"] = *s.coding.display;
  nlohmann::json out = {{"resource_type", s.resource_type}, {"id", s.id}, {"pointer", s.pointer}, {"coding", coding}};
  if (!s.date.empty()) out["date"] = s.date;
  return out;
}
inline nlohmann::json answers_json(const std::vector<answer>& answers, bool with_value) {
  nlohmann::json out = nlohmann::json::array();
  for (const answer& a : answers) {
    nlohmann::json item = {{"id", a.id}, {"sources", nlohmann::json::array()}};
    if (with_value) item["value"] = a.value;
    for (const source& s : a.sources) item["sources"].push_back(source_json(s));
    out.push_back(std::move(item));
  }
  return out;
}
}  // namespace detail

namespace detail {

/**
 * "From the health record: ..." in the labels of `c`, of the answers of `lists` (sites,
 * symptoms, goals) and `facts` that `keep(list, id)` keeps (list: an index of rule_data_lists,
 * or std::size(rule_data_lists) for a fact), each with the display and date of its first source;
 * "" when it keeps none. reading::summary() keeps all; a reason's citation what its rule reads.
 */
template <class Keep>
std::string record_words(const catalog& c, const std::vector<answer> (&lists)[3], const std::vector<answer>& facts,
                         Keep keep) {
  const catalog_labels& labels = c.labels();
  const std::string& locale = c.info().locale;
  std::vector<std::string> parts;
  for (std::size_t l = 0; l < std::size(list_elements); ++l) {
    const auto& entries = c.vocabulary().*(list_elements[l].list->vocabulary);
    std::vector<std::string> items;
    for (const answer& a : lists[l]) {
      if (!keep(l, a.id)) continue;
      const auto entry = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.id == a.id; });
      if (entry == entries.end()) continue;  // read with another catalog
      items.push_back(in_sentence(entry->label, locale) + " (" + evidence_text(a.sources.front(), entry->codes) + ")");
    }
    if (items.empty()) continue;
    // Each list in the words "Depends on" names it with (its rule_data_list's label).
    parts.push_back(label_text(labels, list_elements[l].list->label) + ": " + join_items(items, labels));
  }
  for (const answer& a : facts) {
    if (!keep(std::size(list_elements), a.id)) continue;
    const auto& declared_facts = c.facts();
    const auto declared =
        std::find_if(declared_facts.begin(), declared_facts.end(), [&](const fact& f) { return f.id == a.id; });
    if (declared == declared_facts.end()) continue;  // read with another catalog
    std::string value;
    if (a.value.is_boolean()) {
      value = label_text(labels, a.value.get<bool>() ? &catalog_labels::yes : &catalog_labels::no);
    } else if (a.value.is_string()) {
      value = a.value.get<std::string>();
    } else if (a.value.is_array()) {
      std::vector<std::string> items;
      for (const auto& v : a.value) items.push_back(v.is_string() ? v.get<std::string>() : v.dump());
      value = join_items(items, labels);
    } else {
      value = a.value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    parts.push_back(declared->label + ": " + value + " (" + evidence_text(a.sources.front(), declared->codes) + ")");
  }
  if (parts.empty()) return {};
  std::string answers = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) answers += "; " + parts[i];
  return carecompare::detail::fill_label(label_text(labels, &catalog_labels::from_record), {{"answers", answers}});
}

/// The strings of a JsonLogic expression (the ids a rule names: `"bone"` of
/// `{"in": ["bone", {"var": "sites"}]}`), operators and `var` paths aside.
inline void named_strings(const nlohmann::json& j, std::vector<std::string_view>& out) {
  if (j.is_string()) {
    out.push_back(j.get_ref<const std::string&>());
  } else if (j.is_array()) {
    for (const auto& item : j) named_strings(item, out);
  } else if (j.is_object()) {
    for (const auto& [op, args] : j.items()) {
      if (op != "var") named_strings(args, out);
    }
  }
}

/**
 * Says, for each reason of each option `r` shows, where the answers its rule reads came from in
 * `record` (record_words()). A rule reads a list (its keys_read(): `sites`, `site_count`...) or a
 * fact (catalog indexes: the one place that says what each rule reads). Of a list, it rests on
 * the record's ids it names; a rule that names none of the list's ids (`site_count >= 2`) rests
 * on all the record gave of it. A fact it reads that the record gave is cited with its value.
 */
inline void cite_record(const reading& record, result& r) {
  const catalog& c = r.source_catalog();
  const auto& index = carecompare::detail::catalog_access::state(c).index;
  const std::vector<rule>& rules = c.rules();
  const auto& lists = reading_access::lists(record);
  const std::vector<answer>& facts = reading_access::facts(record);
  bool any = false;
  for (const auto& l : lists) any = any || !l.empty();
  if (!any && facts.empty()) return;
  for (relevant_option& option : carecompare::detail::result_access::relevant(r)) {
    option.from_record.assign(option.reasons.size(), std::string());
    for (std::size_t i = 0; i < option.reasons.size(); ++i) {
      const rule* rl = option.reasons[i];
      const auto at = static_cast<std::size_t>(rl - rules.data());
      const std::uint8_t lists_read = index.rule_lists[at];
      std::vector<std::string_view> named;
      named_strings(rl->when, named);
      // Of each list, the ids the rule names, or none: it then rests on the whole list.
      bool names_ids[std::size(list_elements)] = {};
      for (std::size_t l = 0; l < std::size(list_elements); ++l) {
        const auto& entries = c.vocabulary().*(list_elements[l].list->vocabulary);
        for (const vocabulary_entry& e : entries) {
          names_ids[l] = names_ids[l] || std::find(named.begin(), named.end(), e.id) != named.end();
        }
      }
      std::vector<std::string_view> facts_read;
      for (auto k = index.rule_fact_offsets[at]; k < index.rule_fact_offsets[at + 1]; ++k) {
        facts_read.push_back(c.facts()[index.rule_facts[k]].id);
      }
      option.from_record[i] = record_words(c, lists, facts, [&](std::size_t l, const std::string& id) {
        if (l == std::size(list_elements))
          return std::find(facts_read.begin(), facts_read.end(), id) != facts_read.end();
        if ((lists_read & (1U << l)) == 0) return false;
        return !names_ids[l] || std::find(named.begin(), named.end(), id) != named.end();
      });
    }
  }
}

}  // namespace detail

CARECOMPARE_FUNC std::string reading::summary(const catalog& c) const {
  return detail::record_words(c, lists_, facts_, [](std::size_t, const std::string&) { return true; });
}

CARECOMPARE_FUNC nlohmann::json reading::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t l = 0; l < std::size(detail::list_elements); ++l) {
    out[std::string(detail::list_elements[l].list->key)] = detail::answers_json(lists_[l], false);
  }
  out["facts"] = detail::answers_json(facts_, true);
  out["set_aside"] = nlohmann::json::array();
  for (const auto& s : set_aside_) {
    out["set_aside"].push_back({{"list", s.list},
                                {"id", s.id},
                                {"reason", to_string(s.reason)},
                                {"status", s.status},
                                {"source", detail::source_json(s.source)}});
  }
  out["unknown_codes"] = nlohmann::json::array();
  for (const auto& u : unknown_codes_) {
    nlohmann::json item = {{"system", u.system}, {"code", u.code}, {"count", u.count}};
    if (!u.display.empty()) item["display"] = u.display;
    out["unknown_codes"].push_back(std::move(item));
  }
  out["problems"] = nlohmann::json::array();
  for (const auto& p : problems_) {
    out["problems"].push_back({{"id", p.id}, {"pointer", p.pointer}, {"message", p.message}});
  }
  out["problems_omitted"] = problems_omitted_;
  out["resources"] = resources_;
  return out;
}

}  // namespace fhir
CARECOMPARE_END_NAMESPACE
