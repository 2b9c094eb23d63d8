// SPDX-License-Identifier: MIT
/**
 * @file catalog/indexes.hpp (private)
 * The lookup tables of a loaded catalog, built once when it loads (the validator calls build())
 * and read by the filter, the tables and the catalog's lookups: positions of ids, the rules that
 * name each strategy, the rules' weights and the facts each rule reads.
 *
 * Invariants: the maps view the ids of the document they were built from, which must neither
 * change nor move afterwards (catalog_state keeps both, immutable, behind a shared_ptr); an id
 * given twice maps to its first position; every CSR table has one offset more than it has rows.
 */
#ifndef CARECOMPARE_SRC_CATALOG_INDEXES_HPP
#define CARECOMPARE_SRC_CATALOG_INDEXES_HPP

#include <carecompare/config.hpp>
#include <carecompare/logic.hpp>
#include <carecompare/model.hpp>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rule_data.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// What a catalog's document is looked up by (see the file comment).
struct catalog_indexes {
  std::unordered_map<std::string_view, std::uint32_t> strategy_index;
  std::unordered_map<std::string_view, std::uint32_t> source_index;
  /// Position of each vocabulary id in its list, one map per list of rule_data_lists.
  std::unordered_map<std::string_view, std::uint32_t> vocabulary_index[std::size(rule_data_lists)];
  /// Position of each declared fact in document.facts.
  std::unordered_map<std::string_view, std::uint32_t> fact_index;
  /// For each strategy, the rules that name it in `show` / `hide` (CSR: offsets + rule indexes).
  std::vector<std::uint32_t> show_offsets, show_rules, hide_offsets, hide_rules;
  /// Each rule's effective weight, side by side: the filter sums them without touching the
  /// (large, scattered) rule objects.
  std::vector<double> weights;
  /// For each rule, the declared facts it reads (CSR: offsets + indexes into document.facts, in
  /// declaration order): the keys its `when` reads that are facts, or every fact when it may read
  /// any key (logic::rule::keys_read(), reads_any_key()).
  std::vector<std::uint32_t> rule_fact_offsets, rule_facts;
  /// For each rule, the lists of rule_data_lists it reads: bit l for rule_data_lists[l] (its key,
  /// or site_count for the counted list), every bit when it may read any key.
  std::vector<std::uint8_t> rule_lists;
  static_assert(std::size(rule_data_lists) <= 8, "rule_lists holds a bit per list");

  /// Fills the tables (empty before) from `doc` and its rules compiled, one per doc.rules entry.
  void build(const catalog_document& doc, const std::vector<logic::rule>& programs);
};

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_CATALOG_INDEXES_HPP
