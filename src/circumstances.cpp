// SPDX-License-Identifier: MIT
// Circumstances (filter.hpp): their JSON form both ways, the fast reader of their usual text, and
// their check against a catalog (circumstances.hpp). The lists they hold are the rule data
// object's (catalog/rule_data.hpp), iterated here, never spelled.
#include "circumstances.hpp"

#include <carecompare/catalog.hpp>
#include <carecompare/error.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/model.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "catalog/access.hpp"
#include "catalog/rule_data.hpp"
#include "codec.hpp"
#include "util/flags.hpp"
#include "util/json_pointer.hpp"
#include "util/message_text.hpp"
#include "util/suggest.hpp"

CARECOMPARE_BEGIN_NAMESPACE

CARECOMPARE_FUNC circumstances circumstances::from_json(const nlohmann::json& j) {
  if (!j.is_object()) {
    throw circumstances_error(error_ids::circumstances_wrong_type, "",
                              "circumstances must be a JSON object, got " + detail::json_kind(j));
  }
  circumstances c;
  for (const auto& [key, value] : j.items()) {
    if (key == "facts") {
      if (!value.is_object()) {
        throw circumstances_error(error_ids::circumstances_wrong_type, "/facts",
                                  "facts must be an object, got " + detail::json_kind(value));
      }
      c.facts = value;
      continue;
    }
    std::vector<std::string>* list = nullptr;
    for (const detail::rule_data_list& l : detail::rule_data_lists) {
      if (key == l.key) list = &(c.*l.stated);
    }
    if (!list) {
      std::string pointer;
      detail::pointer_push(pointer, key);
      std::string expected;
      for (const detail::rule_data_list& l : detail::rule_data_lists) expected.append(l.key).append(", ");
      throw circumstances_error(
          error_ids::circumstances_unknown_key, pointer,
          "unknown key \"" + key + "\"; expected " + expected.substr(0, expected.size() - 2) + " or facts");
    }
    if (!value.is_array()) {
      throw circumstances_error(error_ids::circumstances_wrong_type, "/" + key,
                                key + " must be an array of ids, got " + detail::json_kind(value));
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        throw circumstances_error(error_ids::circumstances_wrong_type, "/" + key + "/" + std::to_string(i),
                                  "expected an id string, got " + detail::json_kind(value[i]));
      }
      list->push_back(value[i].get<std::string>());
    }
  }
  return c;
}

CARECOMPARE_FUNC nlohmann::json circumstances::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (const detail::rule_data_list& l : detail::rule_data_lists) out[std::string(l.key)] = this->*l.stated;
  out["facts"] = facts;
  return out;
}

namespace detail {

/// The position of `id` in a short vocabulary list, or `allowed.size()`: a scan, cheaper than
/// hashing the id for the few words of a typical catalog.
inline std::size_t find_short(const std::vector<vocabulary_entry>& allowed, const std::string& id) noexcept {
  for (std::size_t k = 0; k < allowed.size(); ++k) {
    if (allowed[k].id == id) return k;
  }
  return allowed.size();
}

/// Checks every id of one circumstances list against the catalog's vocabulary (linear time).
inline void check_vocabulary(const std::vector<std::string>& ids,
                             const std::unordered_map<std::string_view, std::uint32_t>& index,
                             const std::vector<vocabulary_entry>& allowed, std::string_view list_key) {
  if (ids.empty()) return;
  const std::string field(list_key);
  const auto unknown = [&](std::size_t i) {
    std::string list;
    for (const auto& v : allowed) list += (list.empty() ? "" : ", ") + v.id;
    return circumstances_error(
        error_ids::circumstances_unknown_id, "/" + field + "/" + std::to_string(i),
        "unknown " + field + " id \"" + ids[i] + "\"; allowed: " + (list.empty() ? "(none)" : list));
  };
  const auto duplicate = [&](std::size_t i) {
    return circumstances_error(error_ids::circumstances_duplicate, "/" + field + "/" + std::to_string(i),
                               field + " id \"" + ids[i] + "\" is listed twice");
  };
  if (allowed.size() <= 64) {
    // The usual case: a scan per id, and the ids seen so far as the bits of one word.
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::size_t at = find_short(allowed, ids[i]);
      if (at == allowed.size()) throw unknown(i);
      const std::uint64_t bit = std::uint64_t{1} << at;
      if ((seen & bit) != 0) throw duplicate(i);
      seen |= bit;
    }
    return;
  }
  byte_flags seen(allowed.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto it = index.find(ids[i]);
    if (it == index.end()) throw unknown(i);
    if (seen[it->second] != 0) throw duplicate(i);
    seen[it->second] = 1;
  }
}

/// How a fact type reads in messages: "a number", "a list of strings (string-list)".
inline std::string fact_type_text(fact_type t) {
  switch (t) {
    case fact_type::boolean: return "a boolean (true or false)";
    case fact_type::number: return "a number";
    case fact_type::string: return "a string";
    case fact_type::string_list: return "a list of strings (string-list)";
  }
  return "a value";
}

/// What was given, for messages: `a number (3)`, `a string ("late")`, `an array`.
inline std::string given_text(const nlohmann::json& v) {
  std::string out = json_kind(v);
  if (v.is_primitive() && !v.is_null()) out += " (" + short_json(v, 40) + ")";
  return out;
}

/**
 * Checks one stated fact against its declaration; throws circumstances_error 307 (wrong type)
 * or 308 (a string not in `values`) with `pointer` (`/facts/<key>` or `/facts/<key>/<i>`).
 * null is accepted: it is the same as leaving the fact out.
 */
inline void check_fact_value(const fact& f, const nlohmann::json& value, const std::string& pointer) {
  if (value.is_null()) return;
  const std::string expected = fact_type_text(f.type);
  const auto wrong_type = [&]() {
    throw circumstances_error(error_ids::circumstances_fact_type, pointer,
                              "fact \"" + f.id + "\" must be " + expected + ", got " + given_text(value));
  };
  const auto not_a_value = [&](const std::string& where, const std::string& given) {
    std::string message = "fact \"" + f.id + "\" must be one of " + id_listing(*f.values) + "; got \"" + given + "\"";
    message += did_you_mean(closest_name(given, *f.values));
    throw circumstances_error(error_ids::circumstances_fact_value, where, message);
  };
  switch (f.type) {
    case fact_type::boolean:
      if (!value.is_boolean()) wrong_type();
      return;
    case fact_type::number:
      if (!value.is_number()) wrong_type();
      return;
    case fact_type::string: {
      if (!value.is_string()) wrong_type();
      const auto& s = value.get_ref<const std::string&>();
      if (f.values && std::find(f.values->begin(), f.values->end(), s) == f.values->end()) not_a_value(pointer, s);
      return;
    }
    case fact_type::string_list: {
      if (!value.is_array()) wrong_type();
      std::unordered_set<std::string_view> allowed;
      if (f.values) allowed.insert(f.values->begin(), f.values->end());
      for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string item_pointer = pointer + "/" + std::to_string(i);
        if (!value[i].is_string()) {
          throw circumstances_error(error_ids::circumstances_fact_type, item_pointer,
                                    "fact \"" + f.id + "\" must be " + expected + "; item " + std::to_string(i) +
                                        " is " + given_text(value[i]));
        }
        const auto& s = value[i].get_ref<const std::string&>();
        if (f.values && !allowed.count(s)) not_a_value(item_pointer, s);
      }
      return;
    }
  }
}

/// Validates circumstances against a catalog's vocabulary and declared facts (each fact must be
/// declared and have its declared type, see check_fact_value()).
CARECOMPARE_FUNC void check_circumstances(const catalog& cat, const circumstances& c) {
  const auto& index = catalog_access::state(cat).index.vocabulary_index;
  for (std::size_t l = 0; l < std::size(rule_data_lists); ++l) {
    const rule_data_list& list = rule_data_lists[l];
    check_vocabulary(c.*list.stated, index[l], cat.vocabulary().*list.vocabulary, list.key);
  }
  if (!c.facts.is_object()) {
    throw circumstances_error(error_ids::circumstances_wrong_type, "/facts",
                              "facts must be an object, got " + json_kind(c.facts));
  }
  const auto& declared = cat.facts();
  const auto& fact_index = catalog_access::state(cat).index.fact_index;
  for (const auto& [key, value] : c.facts.items()) {
    std::string pointer = "/facts";
    pointer_push(pointer, key);
    if (is_rule_data_key(key)) {
      throw circumstances_error(error_ids::circumstances_bad_fact, pointer,
                                "fact \"" + key + "\" clashes with the rule data object's own \"" + key + "\"");
    }
    const auto it = fact_index.find(key);
    if (it == fact_index.end()) {
      std::string message = "unknown fact \"" + key + "\"; ";
      if (declared.empty()) {
        message += "the catalog declares no facts";
      } else {
        std::vector<std::string_view> ids;
        for (const auto& f : declared) ids.push_back(f.id);
        message += "the catalog declares " + id_listing(ids);
        message += did_you_mean(closest_name(key, ids));
      }
      throw circumstances_error(error_ids::circumstances_unknown_fact, pointer, message);
    }
    check_fact_value(declared[it->second], value, pointer);
  }
}

CARECOMPARE_FUNC bool simple_circumstances(std::string_view text, circumstances& out) {
  if (text.size() > simple_circumstances_max_bytes) return false;
  const char* p = text.data();
  const char* const end = p + text.size();
  const auto skip_space = [&] {
    while (p != end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  };
  const auto take = [&](char c) {
    skip_space();
    if (p == end || *p != c) return false;
    ++p;
    return true;
  };
  // A string of printable ASCII without escapes, after its opening quote.
  const auto plain_string = [&](std::string_view& s) {
    const char* const start = p;
    while (p != end && *p != '"') {
      const auto c = static_cast<unsigned char>(*p);
      if (c < 0x20 || c >= 0x80 || c == '\\') return false;
      ++p;
    }
    if (p == end) return false;
    s = std::string_view(start, static_cast<std::size_t>(p - start));
    ++p;
    return true;
  };
  // Items separated by commas up to `close` (perhaps none), each read by `item()`.
  const auto items = [&](char close, auto&& item) {
    skip_space();
    if (p != end && *p == close) {
      ++p;
      return true;
    }
    for (;;) {
      if (!item()) return false;
      if (take(close)) return true;
      if (p == end || *p != ',') return false;
      ++p;
    }
  };
  bool seen[std::size(rule_data_lists)] = {};
  const auto member = [&] {
    std::string_view key;
    if (!take('"') || !plain_string(key) || !take(':') || !take('[')) return false;
    std::size_t which = std::size(rule_data_lists);
    for (std::size_t i = 0; i < std::size(rule_data_lists); ++i) {
      if (rule_data_lists[i].key == key) which = i;
    }
    if (which == std::size(rule_data_lists) || seen[which]) return false;
    seen[which] = true;
    std::vector<std::string>& list = out.*(rule_data_lists[which].stated);
    return items(']', [&] {
      std::string_view id;
      if (!take('"') || !plain_string(id)) return false;
      list.emplace_back(id);
      return true;
    });
  };
  if (!take('{') || !items('}', member)) return false;
  skip_space();
  return p == end;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE
