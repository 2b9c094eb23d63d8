// SPDX-License-Identifier: MIT
// The lookup tables of a loaded catalog (catalog/indexes.hpp), built once from its document.
#include "indexes.hpp"

#include <algorithm>
#include <carecompare/logic.hpp>
#include <carecompare/model.hpp>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "rule_data.hpp"

CARECOMPARE_BEGIN_NAMESPACE

CARECOMPARE_FUNC void detail::catalog_indexes::build(const catalog_document& doc,
                                                     const std::vector<logic::rule>& programs) {
  const auto& strategies = doc.strategies;
  strategy_index.reserve(strategies.size());
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    strategy_index.emplace(strategies[i].id, static_cast<std::uint32_t>(i));
  }
  for (std::size_t i = 0; i < doc.sources.size(); ++i) {
    source_index.emplace(doc.sources[i].id, static_cast<std::uint32_t>(i));
  }
  if (doc.facts) {
    for (std::size_t i = 0; i < doc.facts->size(); ++i) {
      fact_index.emplace((*doc.facts)[i].id, static_cast<std::uint32_t>(i));
    }
  }
  for (std::size_t l = 0; l < std::size(rule_data_lists); ++l) {
    const std::vector<vocabulary_entry>& list = doc.vocabulary.*rule_data_lists[l].vocabulary;
    for (std::size_t i = 0; i < list.size(); ++i) {
      vocabulary_index[l].emplace(list[i].id, static_cast<std::uint32_t>(i));
    }
  }
  // Rules per strategy, in rule order, as two CSR tables (counting pass, then filling pass).
  auto build = [&](bool hide, std::vector<std::uint32_t>& offsets, std::vector<std::uint32_t>& rules) {
    offsets.assign(strategies.size() + 1, 0);
    auto for_each_ref = [&](auto&& fn) {
      for (std::size_t r = 0; r < doc.rules.size(); ++r) {
        const rule& rl = doc.rules[r];
        const std::vector<std::string>* ids = hide ? (rl.hide ? &*rl.hide : nullptr) : &rl.show;
        if (!ids) continue;
        for (const auto& id : *ids) {
          if (const auto it = strategy_index.find(id); it != strategy_index.end()) {
            fn(it->second, static_cast<std::uint32_t>(r));
          }
        }
      }
    };
    for_each_ref([&](std::uint32_t s, std::uint32_t) { ++offsets[s + 1]; });
    for (std::size_t s = 0; s < strategies.size(); ++s) offsets[s + 1] += offsets[s];
    rules.assign(offsets.back(), 0);
    std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for_each_ref([&](std::uint32_t s, std::uint32_t r) { rules[fill[s]++] = r; });
  };
  build(false, show_offsets, show_rules);
  build(true, hide_offsets, hide_rules);
  weights.clear();
  weights.reserve(doc.rules.size());
  for (const rule& r : doc.rules) weights.push_back(r.effective_weight());
  rule_fact_offsets.assign(1, 0);
  rule_facts.clear();
  rule_lists.assign(programs.size(), 0);
  for (std::size_t r = 0; r < programs.size(); ++r) {
    const logic::rule& compiled = programs[r];
    if (compiled.reads_any_key()) {
      rule_lists[r] = static_cast<std::uint8_t>((1U << std::size(rule_data_lists)) - 1U);
    } else {
      for (const std::string& key : compiled.keys_read()) {
        for (std::size_t l = 0; l < std::size(rule_data_lists); ++l) {
          const bool counts = &rule_data_lists[l] == &counted_list && key == site_count_key;
          if (key == rule_data_lists[l].key || counts) rule_lists[r] |= static_cast<std::uint8_t>(1U << l);
        }
      }
    }
    if (!fact_index.empty()) {
      const std::size_t first = rule_facts.size();
      if (compiled.reads_any_key()) {
        for (std::uint32_t f = 0; f < doc.facts->size(); ++f) rule_facts.push_back(f);
      } else {
        for (const std::string& key : compiled.keys_read()) {
          if (const auto it = fact_index.find(key); it != fact_index.end()) {
            rule_facts.push_back(it->second);
          }
        }
        std::sort(rule_facts.begin() + static_cast<std::ptrdiff_t>(first), rule_facts.end());
      }
    }
    rule_fact_offsets.push_back(static_cast<std::uint32_t>(rule_facts.size()));
  }
}

CARECOMPARE_END_NAMESPACE
