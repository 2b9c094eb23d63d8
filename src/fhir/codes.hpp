// SPDX-License-Identifier: MIT
/**
 * @file fhir/codes.hpp (private)
 * What a catalog's codes mean, looked up by a record's (system, code): code_index holds the
 * codes of a catalog's vocabulary entries (which mean a `Condition.code`), of its declared facts
 * (an `Observation.code`) and of its facts' values (a `valueCodeableConcept`), each sorted for a
 * lookup that allocates nothing. The catalog must outlive the index (it views its strings).
 * ```
 * detail::code_index codes(catalog.document());
 * if (const auto* hit = codes.condition("http://snomed.info/sct", "94222008")) {
 *   // hit->list == 0 (sites), hit->index == the entry's position in vocabulary.sites
 * }
 * ```
 * The loader guarantees that one (system, code) means at most one entry, fact or value.
 */
#ifndef CARECOMPARE_SRC_FHIR_CODES_HPP
#define CARECOMPARE_SRC_FHIR_CODES_HPP

#include <algorithm>
#include <carecompare/config.hpp>
#include <carecompare/model.hpp>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <vector>

#include "elements.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace fhir::detail {

/// What one catalog code means: an entry of a list (list = index into list_elements), a fact,
/// or a value of a fact (index into the fact's value_codes).
struct code_meaning {
  std::uint32_t list = 0;   ///< for conditions: which list; unused otherwise
  std::uint32_t index = 0;  ///< the entry, the fact, or the value
};

/// (system, code) -> meaning, sorted by code then system.
class code_table {
 public:
  void add(const coding& c, code_meaning meaning) { rows_.push_back({c.code, c.system, meaning}); }
  void sort() {
    std::sort(rows_.begin(), rows_.end(),
              [](const row& a, const row& b) { return std::tie(a.code, a.system) < std::tie(b.code, b.system); });
  }
  [[nodiscard]] const code_meaning* find(std::string_view system, std::string_view code) const noexcept {
    auto it =
        std::lower_bound(rows_.begin(), rows_.end(), code, [](const row& r, std::string_view c) { return r.code < c; });
    for (; it != rows_.end() && it->code == code; ++it) {
      if (it->system == system) return &it->meaning;
    }
    return nullptr;
  }
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }

 private:
  struct row {
    std::string_view code;
    std::string_view system;
    code_meaning meaning;
  };
  std::vector<row> rows_;
};

/// Every code of a catalog document, by what it codes.
class code_index {
 public:
  explicit code_index(const catalog_document& doc) {
    for (std::uint32_t l = 0; l < std::size(list_elements); ++l) {
      const auto& entries = doc.vocabulary.*(list_elements[l].list->vocabulary);
      for (std::uint32_t e = 0; e < entries.size(); ++e) {
        if (!entries[e].codes) continue;
        for (const coding& c : *entries[e].codes) conditions_.add(c, {l, e});
      }
    }
    if (doc.facts) {
      values_.resize(doc.facts->size());
      for (std::uint32_t f = 0; f < doc.facts->size(); ++f) {
        const fact& declared = (*doc.facts)[f];
        if (declared.codes) {
          for (const coding& c : *declared.codes) observations_.add(c, {0, f});
        }
        if (declared.value_codes) {
          for (std::uint32_t v = 0; v < declared.value_codes->size(); ++v) {
            for (const coding& c : (*declared.value_codes)[v].codes) values_[f].add(c, {0, v});
          }
        }
        values_[f].sort();
      }
    }
    conditions_.sort();
    observations_.sort();
  }

  /// The vocabulary entry a `Condition.code` coding means, or nullptr.
  [[nodiscard]] const code_meaning* condition(std::string_view system, std::string_view code) const noexcept {
    return conditions_.find(system, code);
  }
  /// The fact an `Observation.code` coding means, or nullptr.
  [[nodiscard]] const code_meaning* observation(std::string_view system, std::string_view code) const noexcept {
    return observations_.find(system, code);
  }
  /// The value of fact `f` a `valueCodeableConcept` coding means (index into its value_codes),
  /// or nullptr.
  [[nodiscard]] const code_meaning* value(std::uint32_t f, std::string_view system,
                                          std::string_view code) const noexcept {
    return f < values_.size() ? values_[f].find(system, code) : nullptr;
  }
  /// Whether the catalog has any code at all (a catalog without codes reads nothing).
  [[nodiscard]] bool empty() const noexcept { return conditions_.empty() && observations_.empty(); }

 private:
  code_table conditions_;
  code_table observations_;
  std::vector<code_table> values_;  ///< per fact
};

}  // namespace fhir::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_FHIR_CODES_HPP
