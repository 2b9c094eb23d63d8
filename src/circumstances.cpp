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
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "catalog/access.hpp"
#include "catalog/rule_data.hpp"
#include "codec.hpp"
#include "util/flags.hpp"
#include "util/hot_path.hpp"
#include "util/json_pointer.hpp"
#include "util/message_text.hpp"
#include "util/percent.hpp"
#include "util/suggest.hpp"
#include "util/utf8.hpp"

CARECOMPARE_BEGIN_NAMESPACE

namespace detail {

/// The JSON names of how a list answers: the keys of circumstances' JSON that name lists.
struct answer_key {
  std::string_view key;
  answer_kind kind;
};
inline constexpr answer_key answer_keys[] = {{"open", answer_kind::open}, {"not_answered", answer_kind::not_answered}};

/// The keys that name lists (sites, symptoms, goals), then those saying how they answer (open,
/// not_answered): what an unknown key's message lists. `facts` is not among them.
inline std::vector<std::string_view> list_and_answer_keys() {
  std::vector<std::string_view> keys;
  for (const rule_data_list& l : rule_data_lists) keys.push_back(l.key);
  for (const answer_key& a : answer_keys) keys.push_back(a.key);
  return keys;
}

/// Reads `name`, at `pointer` in a member of circumstances' JSON naming lists that answer as
/// `kind`, into `c` (throws circumstances_error 309).
inline void read_answer_name(circumstances& c, answer_kind kind, const std::string& name, const std::string& pointer) {
  const rule_data_list* list = nullptr;
  for (const rule_data_list& l : rule_data_lists) {
    if (name == l.key) list = &l;
  }
  if (!list) {
    std::vector<std::string_view> names;
    for (const rule_data_list& l : rule_data_lists) names.push_back(l.key);
    throw circumstances_error(
        error_ids::circumstances_bad_answer, pointer,
        "\"" + name + "\" is not a list; expected " + id_listing(names) + did_you_mean(closest_name(name, names)));
  }
  if (c.*list->answer != answer_kind::closed) {
    throw circumstances_error(error_ids::circumstances_bad_answer, pointer,
                              "the list \"" + name + "\" is named twice in open and not_answered");
  }
  c.*list->answer = kind;
}

/// Reads `value`, the member `key` of circumstances' JSON naming lists that answer as `kind`,
/// into `c` (throws circumstances_error 302 or 309).
inline void read_answer_names(circumstances& c, std::string_view key, answer_kind kind, const nlohmann::json& value) {
  const std::string field(key);
  if (!value.is_array()) {
    throw circumstances_error(error_ids::circumstances_wrong_type, "/" + field,
                              field + " must be an array of list names, got " + json_kind(value));
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string pointer = "/" + field + "/" + std::to_string(i);
    if (!value[i].is_string()) {
      throw circumstances_error(error_ids::circumstances_wrong_type, pointer,
                                "expected a list name, got " + json_kind(value[i]));
    }
    read_answer_name(c, kind, value[i].get_ref<const std::string&>(), pointer);
  }
}

}  // namespace detail

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
    bool names_lists = false;
    for (const detail::answer_key& a : detail::answer_keys) {
      if (key == a.key) {
        detail::read_answer_names(c, a.key, a.kind, value);
        names_lists = true;
      }
    }
    if (names_lists) continue;
    std::vector<std::string>* list = nullptr;
    for (const detail::rule_data_list& l : detail::rule_data_lists) {
      if (key == l.key) list = &(c.*l.stated);
    }
    if (!list) {
      std::string pointer;
      detail::pointer_push(pointer, key);
      std::vector<std::string_view> keys = detail::list_and_answer_keys();
      const std::string expected = detail::id_listing(keys);
      keys.push_back("facts");
      throw circumstances_error(error_ids::circumstances_unknown_key, pointer,
                                "unknown key \"" + key + "\"; expected " + expected + " or facts" +
                                    detail::did_you_mean(detail::closest_name(key, keys)));
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
  detail::check_not_answered_empty(c);
  return c;
}

CARECOMPARE_FUNC nlohmann::json circumstances::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (const detail::rule_data_list& l : detail::rule_data_lists) out[std::string(l.key)] = this->*l.stated;
  out["facts"] = facts;
  // Only when a list is not closed, so the JSON of closed circumstances is as it always was.
  for (const detail::answer_key& a : detail::answer_keys) {
    nlohmann::json names = nlohmann::json::array();
    for (const detail::rule_data_list& l : detail::rule_data_lists) {
      if (this->*l.answer == a.kind) names.push_back(l.key);
    }
    if (!names.empty()) out[std::string(a.key)] = std::move(names);
  }
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

/// The error for `id`, at position `i` of the list `list_key`, which `allowed` does not have (301).
/// Out of line and cold: check_vocabulary() stays small enough to inline into the filter's check.
[[gnu::cold, gnu::noinline]] inline circumstances_error unknown_vocabulary_id(
    const std::vector<vocabulary_entry>& allowed, std::string_view list_key, const std::string& id, std::size_t i) {
  const std::string field(list_key);
  std::string list;
  std::vector<std::string_view> known;
  for (const auto& v : allowed) {
    list += (list.empty() ? "" : ", ") + v.id;
    known.push_back(v.id);
  }
  return circumstances_error(error_ids::circumstances_unknown_id, "/" + field + "/" + std::to_string(i),
                             "unknown " + field + " id \"" + id + "\"; allowed: " + (list.empty() ? "(none)" : list) +
                                 did_you_mean(closest_name(id, known)));
}

/// The error for `id`, at position `i` of the list `list_key`, listed before (305); cold, as
/// unknown_vocabulary_id().
[[gnu::cold, gnu::noinline]] inline circumstances_error duplicate_vocabulary_id(std::string_view list_key,
                                                                                const std::string& id, std::size_t i) {
  const std::string field(list_key);
  return circumstances_error(error_ids::circumstances_duplicate, "/" + field + "/" + std::to_string(i),
                             field + " id \"" + id + "\" is listed twice");
}

/// Checks every id of one circumstances list against the catalog's vocabulary (linear time).
inline void check_vocabulary(const std::vector<std::string>& ids,
                             const std::unordered_map<std::string_view, std::uint32_t>& index,
                             const std::vector<vocabulary_entry>& allowed, std::string_view list_key) {
  if (ids.empty()) return;
  if (allowed.size() <= 64) {
    // The usual case: a scan per id, and the ids seen so far as the bits of one word.
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::size_t at = find_short(allowed, ids[i]);
      if (at == allowed.size()) throw unknown_vocabulary_id(allowed, list_key, ids[i], i);
      const std::uint64_t bit = std::uint64_t{1} << at;
      if ((seen & bit) != 0) throw duplicate_vocabulary_id(list_key, ids[i], i);
      seen |= bit;
    }
    return;
  }
  byte_flags seen(allowed.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto it = index.find(ids[i]);
    if (it == index.end()) throw unknown_vocabulary_id(allowed, list_key, ids[i], i);
    if (seen[it->second] != 0) throw duplicate_vocabulary_id(list_key, ids[i], i);
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

/// The error for ids in the list `l`, which the circumstances say is not answered (309).
inline circumstances_error lists_not_answered(const rule_data_list& l) {
  return circumstances_error(error_ids::circumstances_bad_answer, "/" + std::string(l.key) + "/0",
                             std::string(l.key) + " is not answered, so it cannot list ids");
}

/// The error for a fact `key`, at `pointer`, that is not among `declared` (306).
inline circumstances_error unknown_fact(const std::vector<fact>& declared, const std::string& key,
                                        const std::string& pointer) {
  std::string message = "unknown fact \"" + key + "\"; ";
  if (declared.empty()) {
    message += "the catalog declares no facts";
  } else {
    std::vector<std::string_view> ids;
    for (const auto& f : declared) ids.push_back(f.id);
    message += "the catalog declares " + id_listing(ids);
    message += did_you_mean(closest_name(key, ids));
  }
  return circumstances_error(error_ids::circumstances_unknown_fact, pointer, message);
}

/// The error for a fact `key`, at `pointer`, that takes a key of the rule data object (304).
inline circumstances_error fact_clashes(const std::string& key, const std::string& pointer) {
  return circumstances_error(error_ids::circumstances_bad_fact, pointer,
                             "fact \"" + key + "\" clashes with the rule data object's own \"" + key + "\"");
}

CARECOMPARE_FUNC void check_not_answered_empty(const circumstances& c) {
  for (const rule_data_list& l : rule_data_lists) {
    const auto answer = static_cast<std::uint8_t>(c.*l.answer);
    if (answer > static_cast<std::uint8_t>(answer_kind::not_answered)) {
      throw circumstances_error(error_ids::circumstances_bad_answer, "/" + std::string(l.key),
                                "how " + std::string(l.key) + " answers is not closed, open or not answered (" +
                                    std::to_string(answer) + ")");
    }
    if (c.*l.answer == answer_kind::not_answered && !(c.*l.stated).empty()) throw lists_not_answered(l);
  }
}

/// Validates circumstances against a catalog's vocabulary and declared facts (each fact must be
/// declared and have its declared type, see check_fact_value()).
CARECOMPARE_HOT_PATH CARECOMPARE_FUNC void check_circumstances(const catalog& cat, const circumstances& c) {
  check_not_answered_empty(c);
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
    if (is_rule_data_key(key)) throw fact_clashes(key, pointer);
    const auto it = fact_index.find(key);
    if (it == fact_index.end()) throw unknown_fact(declared, key, pointer);
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

// ---- Circumstances in a URL fragment --------------------------------------------------------

namespace detail {

/// The prefix of a fact's key in a fragment: `facts.<id>=<value>`.
inline constexpr std::string_view fragment_fact_prefix = "facts.";

/// Whether `text` is a number in JSON's syntax (RFC 8259 section 6), as a fragment gives it.
inline bool is_json_number_text(std::string_view text) noexcept {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > start;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

/// The value a fact's text in a fragment gives, typed as `f` declares the fact (nullptr: a fact
/// the catalog does not declare, read as a string); a text that is not of the type stays a
/// string, for the check to refuse with its message. `items` are the text's comma-separated
/// items, decoded (a string-list's value).
inline nlohmann::json fragment_fact_value(const fact* f, const std::string& text, std::vector<std::string> items) {
  if (f == nullptr) return text;
  switch (f->type) {
    case fact_type::boolean:
      if (text == "true" || text == "false") return text == "true";
      return text;
    case fact_type::number:
      if (is_json_number_text(text)) {
        nlohmann::json n = nlohmann::json::parse(text, nullptr, false);
        if (n.is_number() && (!n.is_number_float() || std::isfinite(n.get<double>()))) return n;
      }
      return text;
    case fact_type::string: return text;
    case fact_type::string_list: return nlohmann::json(std::move(items));
  }
  return text;
}

/// Reads one `&`-separated part of a fragment into `out`; what cannot be used goes to `left`.
class fragment_reader {
 public:
  fragment_reader(const catalog& cat, fragment_reading& out) : cat_(cat), out_(out) {}

  void read(std::string_view fragment) {
    if (fragment.size() > circumstances::max_fragment_bytes) {
      leave(error_ids::circumstances_bad_fragment, "",
            "the fragment is not read: it is longer than " + std::to_string(circumstances::max_fragment_bytes) +
                " bytes (" + std::to_string(fragment.size()) + ")");
      return;
    }
    std::size_t start = 0;
    while (start <= fragment.size()) {
      std::size_t end = fragment.find('&', start);
      if (end == std::string_view::npos) end = fragment.size();
      const std::string_view part = fragment.substr(start, end - start);
      if (!part.empty()) read_part(part);
      start = end + 1;
    }
    // A list not answered lists nothing, whatever order the fragment gave the keys in.
    for (const rule_data_list& l : rule_data_lists) {
      auto& ids = out_.answers.*l.stated;
      if (out_.answers.*l.answer == answer_kind::not_answered && !ids.empty()) {
        leave(lists_not_answered(l));
        ids.clear();
      }
    }
  }

 private:
  void leave(int id, std::string pointer, std::string message) {
    diagnostic d;
    d.id = id;
    d.pointer = std::move(pointer);
    d.message = std::move(message);
    d.level = diagnostic::severity::warning;
    out_.left_out.push_back(std::move(d));
  }
  void leave(const circumstances_error& e) { leave(e.id(), e.path(), std::string(e.description())); }

  /// The decoded text of `raw`, or nullopt (listed at `pointer`) when it is not percent-encoded
  /// UTF-8.
  std::optional<std::string> decode(std::string_view raw, const std::string& pointer) {
    std::optional<std::string> text = percent_decoded(raw);
    if (!text || find_invalid_utf8(*text) != std::string::npos) {
      leave(error_ids::circumstances_bad_fragment, pointer,
            "\"" + printable(raw) + "\" is not percent-encoded UTF-8 text");
      return std::nullopt;
    }
    return text;
  }

  /// The decoded non-empty items of a comma-separated `raw`; `pointer` is the list's, and those
  /// that cannot be decoded are listed at their position.
  std::vector<std::string> items(std::string_view raw, const std::string& pointer) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= raw.size()) {
      std::size_t end = raw.find(',', start);
      if (end == std::string_view::npos) end = raw.size();
      const std::string_view item = raw.substr(start, end - start);
      if (!item.empty()) {
        if (auto text = decode(item, pointer + "/" + std::to_string(out.size()))) out.push_back(std::move(*text));
      }
      start = end + 1;
    }
    return out;
  }

  bool first_time(const std::string& key, const std::string& pointer) {
    if (std::find(seen_.begin(), seen_.end(), key) == seen_.end()) {
      seen_.push_back(key);
      return true;
    }
    leave(error_ids::circumstances_bad_fragment, pointer,
          "\"" + printable(key) + "\" is given twice; the first is used");
    return false;
  }

  void read_part(std::string_view part) {
    const std::size_t eq = part.find('=');
    const std::string_view key = part.substr(0, eq);
    const std::string_view raw = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
    for (std::size_t l = 0; l < std::size(rule_data_lists); ++l) {
      if (key == rule_data_lists[l].key) return read_list(rule_data_lists[l], l, raw);
    }
    for (const answer_key& a : answer_keys) {
      if (key == a.key) return read_answer(a, raw);
    }
    if (key.substr(0, fragment_fact_prefix.size()) == fragment_fact_prefix &&
        key.size() > fragment_fact_prefix.size()) {
      return read_fact(key.substr(fragment_fact_prefix.size()), raw);
    }
    std::string pointer;
    pointer_push(pointer, printable(key));
    leave(error_ids::circumstances_bad_fragment, pointer,
          "\"" + printable(key) + "\" is not an answer; the keys are " + id_listing(list_and_answer_keys()) +
              ", and facts.<fact id>");
  }

  void read_list(const rule_data_list& l, std::size_t which, std::string_view raw) {
    const std::string pointer = "/" + std::string(l.key);
    if (!first_time(std::string(l.key), pointer)) return;
    const auto& allowed = cat_.vocabulary().*l.vocabulary;
    const auto& index = catalog_access::state(cat_).index.vocabulary_index[which];
    std::vector<std::string>& ids = out_.answers.*l.stated;
    std::vector<std::uint32_t> taken;
    std::size_t position = 0;  // the item's position in the list as given
    for (std::string& id : items(raw, pointer)) {
      const std::size_t i = position++;
      const auto it = index.find(id);
      if (it == index.end()) {
        leave(unknown_vocabulary_id(allowed, l.key, id, i));
      } else if (std::find(taken.begin(), taken.end(), it->second) != taken.end()) {
        leave(duplicate_vocabulary_id(l.key, id, i));
      } else {
        taken.push_back(it->second);
        ids.push_back(std::move(id));
      }
    }
  }

  void read_answer(const answer_key& a, std::string_view raw) {
    const std::string pointer = "/" + std::string(a.key);
    if (!first_time(std::string(a.key), pointer)) return;
    std::size_t position = 0;
    for (const std::string& name : items(raw, pointer)) {
      try {
        read_answer_name(out_.answers, a.kind, name, pointer + "/" + std::to_string(position++));
      } catch (const circumstances_error& e) {
        leave(e);
      }
    }
  }

  void read_fact(std::string_view raw_id, std::string_view raw) {
    std::string pointer = "/facts";
    const std::optional<std::string> id = decode(raw_id, pointer);
    if (!id) return;
    pointer_push(pointer, *id);
    if (!first_time(std::string(fragment_fact_prefix) + *id, pointer)) return;
    if (is_rule_data_key(*id)) return leave(fact_clashes(*id, pointer));
    const auto& declared = cat_.facts();
    const auto& fact_index = catalog_access::state(cat_).index.fact_index;
    const auto it = fact_index.find(*id);
    if (it == fact_index.end()) return leave(unknown_fact(declared, *id, pointer));
    const fact& f = declared[it->second];
    std::vector<std::string> list;
    std::string text;
    if (f.type == fact_type::string_list) {
      list = items(raw, pointer);
    } else if (auto decoded = decode(raw, pointer)) {
      text = std::move(*decoded);
    } else {
      return;
    }
    nlohmann::json value = fragment_fact_value(&f, text, std::move(list));
    if (value.is_array()) {
      // Each item on its own: one not among the fact's values leaves the others.
      nlohmann::json kept = nlohmann::json::array();
      for (std::size_t i = 0; i < value.size(); ++i) {
        try {
          check_fact_value(f, nlohmann::json::array({value[i]}), pointer);
          kept.push_back(std::move(value[i]));
        } catch (const circumstances_error& e) {
          leave(e.id(), pointer + "/" + std::to_string(i), std::string(e.description()));
        }
      }
      out_.answers.facts[*id] = std::move(kept);
      return;
    }
    try {
      check_fact_value(f, value, pointer);
      out_.answers.facts[*id] = std::move(value);
    } catch (const circumstances_error& e) {
      leave(e);
    }
  }

  const catalog& cat_;
  fragment_reading& out_;
  std::vector<std::string> seen_;  ///< the keys read so far
};

}  // namespace detail

CARECOMPARE_FUNC std::string circumstances::to_fragment(const catalog& cat) const {
  detail::check_circumstances(cat, *this);
  std::string out;
  const auto part = [&out](std::string_view key) {
    if (!out.empty()) out += '&';
    out.append(key);
    out += '=';
  };
  const auto items = [&out](const auto& list) {
    bool first = true;
    for (const auto& item : list) {
      if (!first) out += ',';
      first = false;
      detail::append_percent_encoded(out, item);
    }
  };
  for (const detail::rule_data_list& l : detail::rule_data_lists) {
    if ((this->*l.stated).empty()) continue;
    part(l.key);
    items(this->*l.stated);
  }
  for (const detail::answer_key& a : detail::answer_keys) {
    std::vector<std::string_view> names;
    for (const detail::rule_data_list& l : detail::rule_data_lists) {
      if (this->*l.answer == a.kind) names.push_back(l.key);
    }
    if (names.empty()) continue;
    part(a.key);
    items(names);
  }
  for (const fact& f : cat.facts()) {
    const auto it = facts.find(f.id);
    if (it == facts.end() || it->is_null()) continue;
    std::string key(detail::fragment_fact_prefix);
    detail::append_percent_encoded(key, f.id);
    part(key);
    switch (f.type) {
      case fact_type::boolean: out += it->get<bool>() ? "true" : "false"; break;
      case fact_type::number: detail::append_percent_encoded(out, it->dump()); break;
      case fact_type::string: detail::append_percent_encoded(out, it->get_ref<const std::string&>()); break;
      case fact_type::string_list: {
        std::vector<std::string_view> list;
        for (const auto& item : *it) list.push_back(item.get_ref<const std::string&>());
        items(list);
        break;
      }
    }
  }
  return out;
}

CARECOMPARE_FUNC fragment_reading circumstances::from_fragment(std::string_view fragment, const catalog& cat) {
  fragment_reading out;
  detail::fragment_reader(cat, out).read(fragment);
  return out;
}

CARECOMPARE_FUNC nlohmann::json fragment_reading::to_json() const {
  nlohmann::json out = {{"circumstances", answers.to_json()}, {"left_out", nlohmann::json::array()}};
  for (const diagnostic& d : left_out) {
    out["left_out"].push_back({{"id", d.id}, {"pointer", d.pointer}, {"message", d.message}});
  }
  return out;
}

CARECOMPARE_FUNC bool circumstances::is_fragment(std::string_view fragment) noexcept {
  std::size_t start = 0;
  while (start <= fragment.size()) {
    std::size_t end = fragment.find('&', start);
    if (end == std::string_view::npos) end = fragment.size();
    const std::string_view part = fragment.substr(start, end - start);
    const std::string_view key = part.substr(0, part.find('='));
    const bool has_value = key.size() < part.size();
    for (const detail::rule_data_list& l : detail::rule_data_lists) {
      if (has_value && key == l.key) return true;
    }
    for (const detail::answer_key& a : detail::answer_keys) {
      if (has_value && key == a.key) return true;
    }
    if (part.substr(0, detail::fragment_fact_prefix.size()) == detail::fragment_fact_prefix) return true;
    start = end + 1;
  }
  return false;
}

CARECOMPARE_END_NAMESPACE
