// SPDX-License-Identifier: MIT
/**
 * @file catalog/rule_data.hpp (private)
 * The rule data object: what a catalog's rules read (`var`, `missing`), built from stated
 * circumstances. Its own keys and what they hold are defined here and nowhere else.
 *
 * | key          | holds                                                               |
 * |--------------|---------------------------------------------------------------------|
 * | `sites`      | the stated site ids: a list of the catalog's site ids, each once     |
 * | `symptoms`   | the stated symptom ids, likewise                                     |
 * | `goals`      | the stated goal ids, likewise                                        |
 * | `site_count` | the number of stated sites (0 to the number of site ids)             |
 * | a fact's id  | each declared fact the circumstances state, of its declared type     |
 *
 * rule_data_lists is the one table of the circumstances lists. Every consumer iterates it and
 * none spells a list: circumstances' JSON and checks (circumstances.cpp), the filter building the
 * object (filter.cpp), the validator and the indexes (a fact id may not take a key; one index
 * per list), the rule checker (their types), the result document (result_json.cpp), translation
 * overlays (a vocabulary's labels per list), the CLI (an option per list), the Python module
 * (its filter() arguments) and, through the C ABI (carecompare_circumstances_lists()), the
 * JavaScript face.
 *
 * What a list is, per list, is a column of the table (how the circumstances answer it: closed,
 * open or not answered, `answer`; the label readers see for it, `label`): a new one is a member of rule_data_list and a value in each
 * row, and every consumer finds it there.
 */
#ifndef CARECOMPARE_SRC_CATALOG_RULE_DATA_HPP
#define CARECOMPARE_SRC_CATALOG_RULE_DATA_HPP

#include <array>
#include <carecompare/config.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/model.hpp>
#include <carecompare/translation.hpp>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// One list of vocabulary ids the circumstances state: a row of rule_data_lists.
struct rule_data_list {
  /// Its key in circumstances' JSON, the rule data object, a catalog's vocabulary and a
  /// translation overlay's vocabulary: "sites".
  std::string_view key;
  /// One of its ids, in messages ("unknown site id") and the CLI's option (`--site`): "site".
  std::string_view noun;
  /// What one of its ids says, for the help of the CLI's option: "Where the cancer has spread".
  std::string_view help;
  /// An id of the builtin catalog, for help texts: "bone".
  std::string_view example;
  /// Where a catalog keeps the list's words.
  std::vector<vocabulary_entry> catalog_vocabulary::*vocabulary;
  /// Where circumstances keep the ids stated.
  std::vector<std::string> circumstances::*stated;
  /// Where circumstances keep how the list answers (closed, open, not answered).
  answer_kind circumstances::*answer;
  /// Where a translation overlay keeps the words' labels.
  texts_by_id<label_texts> vocabulary_texts::*translated;
  /// The catalog's label of the list, for readers ("Symptoms"): what "Depends on" says of a list
  /// that is open or not answered.
  label_key label;
};

/// The lists, in the order the object has them (and the catalog's vocabulary).
inline constexpr rule_data_list rule_data_lists[] = {
    {"sites", "site", "Where the cancer has spread", "bone", &catalog_vocabulary::sites, &circumstances::sites,
     &circumstances::sites_answer, &vocabulary_texts::sites, &catalog_labels::question_sites},
    {"symptoms", "symptom", "A symptom", "pain", &catalog_vocabulary::symptoms, &circumstances::symptoms,
     &circumstances::symptoms_answer, &vocabulary_texts::symptoms, &catalog_labels::question_symptoms},
    {"goals", "goal", "A goal", "stay-active", &catalog_vocabulary::goals, &circumstances::goals,
     &circumstances::goals_answer, &vocabulary_texts::goals, &catalog_labels::question_goals},
};
/// The list site_count counts.
inline constexpr const rule_data_list& counted_list = rule_data_lists[0];
/// The key of the number of stated sites.
inline constexpr std::string_view site_count_key = "site_count";

/// The positions of the lists in rule_data_lists, in the order of their keys: the order of
/// nlohmann's objects (std::map), which the result document writes members in.
inline constexpr auto rule_data_lists_by_key = [] {
  std::array<std::size_t, std::size(rule_data_lists)> order{};
  for (std::size_t i = 0; i < order.size(); ++i) {
    std::size_t at = i;  // insertion sort: a few lists, and constexpr before C++20's std::sort is everywhere
    while (at > 0 && rule_data_lists[i].key < rule_data_lists[order[at - 1]].key) {
      order[at] = order[at - 1];
      --at;
    }
    order[at] = i;
  }
  return order;
}();

/// Whether `key` is one of the object's own keys (which a fact may not take).
constexpr bool is_rule_data_key(std::string_view key) noexcept {
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

/// The lists' keys as a JSON array, `["sites","symptoms","goals"]`, made at compile time: what
/// the C ABI's carecompare_circumstances_lists() returns. NUL-terminated.
inline constexpr auto rule_data_lists_json = [] {
  constexpr std::size_t size = [] {
    std::size_t n = 2;                                                      // [ ]
    for (const rule_data_list& l : rule_data_lists) n += l.key.size() + 3;  // "key",
    return n - 1;                                                           // no comma after the last
  }();
  std::array<char, size + 1> out{};
  std::size_t at = 0;
  out[at++] = '[';
  for (std::size_t i = 0; i < std::size(rule_data_lists); ++i) {
    if (i != 0) out[at++] = ',';
    out[at++] = '"';
    for (const char c : rule_data_lists[i].key) out[at++] = c;  // keys are plain ASCII names
    out[at++] = '"';
  }
  out[at++] = ']';
  out[at] = '\0';
  return out;
}();

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_CATALOG_RULE_DATA_HPP
