// SPDX-License-Identifier: MIT
/**
 * @file catalog/rule_data.hpp (private)
 * The rule data object: what a catalog's rules read (`var`, `missing`), built from stated
 * circumstances. Its own keys and what they hold are defined here and nowhere else; the catalog
 * validator (a fact id may not take one), the rule checker (their types), circumstances' JSON
 * form and the filter (building it) all read them from here.
 *
 * | key          | holds                                                               |
 * |--------------|---------------------------------------------------------------------|
 * | `sites`      | the stated site ids: a list of the catalog's site ids, each once     |
 * | `symptoms`   | the stated symptom ids, likewise                                     |
 * | `goals`      | the stated goal ids, likewise                                        |
 * | `site_count` | the number of stated sites (0 to the number of site ids)             |
 * | a fact's id  | each declared fact the circumstances state, of its declared type     |
 */
#ifndef CARECOMPARE_SRC_CATALOG_RULE_DATA_HPP
#define CARECOMPARE_SRC_CATALOG_RULE_DATA_HPP

#include <carecompare/config.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/logic.hpp>
#include <carecompare/model.hpp>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// One list of vocabulary ids in the rule data object: its key (the same in circumstances'
/// JSON), the noun of one of its ids in messages, and where the catalog and the circumstances
/// keep it.
struct rule_data_list {
  std::string_view key;
  std::string_view noun;
  std::vector<vocabulary_entry> catalog_vocabulary::*vocabulary;
  std::vector<std::string> circumstances::*stated;
};

/// The lists, in the order the object has them (and the catalog's vocabulary).
inline const rule_data_list rule_data_lists[] = {
    {"sites", "site", &catalog_vocabulary::sites, &circumstances::sites},
    {"symptoms", "symptom", &catalog_vocabulary::symptoms, &circumstances::symptoms},
    {"goals", "goal", &catalog_vocabulary::goals, &circumstances::goals},
};
/// The list site_count counts.
inline const rule_data_list& counted_list = rule_data_lists[0];
/// The key of the number of stated sites.
inline constexpr std::string_view site_count_key = "site_count";

/// The keys of the lists and of the count, hashed once for the prepared_builder.
struct rule_data_keys {
  logic::prepared_key lists[std::size(rule_data_lists)] = {rule_data_lists[0].key, rule_data_lists[1].key,
                                                           rule_data_lists[2].key};
  logic::prepared_key count = site_count_key;
};
inline const rule_data_keys& hashed_rule_data_keys() {
  static const rule_data_keys keys;
  return keys;
}

/// Whether `key` is one of the object's own keys (which a fact may not take).
inline bool is_rule_data_key(std::string_view key) noexcept {
  if (key == site_count_key) return true;
  for (const rule_data_list& l : rule_data_lists) {
    if (key == l.key) return true;
  }
  return false;
}

/// The own keys, for messages: "sites, symptoms, goals, site_count".
inline std::string rule_data_keys_text() {
  std::string out;
  for (const rule_data_list& l : rule_data_lists) out.append(l.key).append(", ");
  return out.append(site_count_key);
}

/**
 * The rule data object of `c` built into `builder`: every stated fact, then the lists and the
 * count. Nothing is copied: the view borrows from `c` (and the keys above), which must stay as
 * they are while it is used. `c.facts` is an object of declared facts (checked before).
 */
inline logic::prepared_view build_rule_data(logic::prepared_builder& builder, const circumstances& c) {
  const auto& facts = *c.facts.get_ptr<const nlohmann::json::object_t*>();
  builder.start_object(facts.size() + std::size(rule_data_lists) + 1);
  const rule_data_keys& keys = hashed_rule_data_keys();
  for (const auto& [key, value] : facts) builder.member(key, value);
  for (std::size_t l = 0; l < std::size(rule_data_lists); ++l) {
    builder.member_strings(keys.lists[l], c.*rule_data_lists[l].stated);
  }
  builder.member(keys.count, static_cast<double>((c.*counted_list.stated).size()));
  return builder.finish();
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_CATALOG_RULE_DATA_HPP
