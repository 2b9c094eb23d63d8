// SPDX-License-Identifier: MIT
/**
 * @file catalog/codes.hpp (private)
 * The loader's checks of a catalog's FHIR codes (model.hpp: `codes` of vocabulary entries and
 * facts, a fact's `unit` and `value_codes`), each problem with its JSON Pointer:
 *
 * - 222 (catalog_bad_code_system): a coding's `system` that is not an absolute URI
 *   (`http://snomed.info/sct`, `urn:oid:2.16.840.1.113883.6.90`);
 * - 223 (catalog_duplicate_code): one (system, code) that means two things: two vocabulary
 *   entries or facts (whose codes all stand for a `Condition.code` or an `Observation.code`), or
 *   two values of one fact;
 * - 224 (catalog_fact_codes): a `unit` on a fact that is not a number, `value_codes` on a fact
 *   that is neither a string nor a string list, a value of `value_codes` the fact's `values` do
 *   not allow, or one value given twice.
 *
 * An empty `code` or `system` is the decoder's (208, empty text), as an unknown key is (206).
 * ```
 * std::vector<diagnostic> problems;
 * detail::check_codes(doc, problems);  // appends, in document order
 * ```
 */
#ifndef CARECOMPARE_SRC_CATALOG_CODES_HPP
#define CARECOMPARE_SRC_CATALOG_CODES_HPP

#include <algorithm>
#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/model.hpp>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../codec.hpp"
#include "../util/json_pointer.hpp"
#include "formats.hpp"
#include "rule_data.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// Appends the problems of `doc`'s codes to `out` (see the file's comment).
inline void check_codes(const catalog_document& doc, std::vector<diagnostic>& out) {
  const auto report = [&out](int id, std::string pointer, std::string message) {
    out.push_back(diagnostic{id, std::move(pointer), std::move(message), 0, 0, diagnostic::severity::error, {}});
  };
  using pair = std::pair<std::string_view, std::string_view>;  // system, code
  // Where each (system, code) of a space was first given, and what it means there.
  struct first_use {
    std::string pointer;
    std::string meaning;
  };
  const auto check_list = [&](const std::vector<coding>& codes, const std::string& list_pointer,
                              const std::string& meaning, std::map<pair, first_use>& seen) {
    for (std::size_t k = 0; k < codes.size(); ++k) {
      std::string pointer = list_pointer;
      pointer_push(pointer, k);
      const coding& c = codes[k];
      if (!c.system.empty() && !is_absolute_uri(c.system)) {
        report(error_ids::catalog_bad_code_system, pointer + "/system",
               "\"" + c.system + "\" is not an absolute URI (a code system such as http://snomed.info/sct)");
      }
      if (c.system.empty() || c.code.empty()) continue;  // the decoder's problem
      const auto [at, added] = seen.try_emplace(pair(c.system, c.code), first_use{pointer, meaning});
      if (!added && at->second.meaning != meaning) {
        report(error_ids::catalog_duplicate_code, pointer,
               c.system + " " + c.code + " already means " + at->second.meaning + " (at " + at->second.pointer +
                   "); one code cannot mean " + meaning + " too");
      }
    }
  };

  // Vocabulary entries and facts: every code names one of them (Condition.code and
  // Observation.code are read apart, but one code for two things is an author's slip either way).
  std::map<pair, first_use> entries;
  for (const rule_data_list& l : rule_data_lists) {
    const auto& list = doc.vocabulary.*l.vocabulary;
    for (std::size_t e = 0; e < list.size(); ++e) {
      if (!list[e].codes) continue;
      check_list(*list[e].codes, "/vocabulary/" + std::string(l.key) + "/" + std::to_string(e) + "/codes",
                 std::string(l.noun) + " \"" + list[e].id + "\"", entries);
    }
  }
  if (!doc.facts) return;
  for (std::size_t f = 0; f < doc.facts->size(); ++f) {
    const fact& declared = (*doc.facts)[f];
    std::string pointer = "/facts";
    pointer_push(pointer, f);
    if (declared.codes) check_list(*declared.codes, pointer + "/codes", "fact \"" + declared.id + "\"", entries);
    if (declared.unit && declared.type != fact_type::number) {
      report(error_ids::catalog_fact_codes, pointer + "/unit",
             "a unit belongs to a number fact; fact \"" + declared.id + "\" is a " + enum_json_name(declared.type) +
                 " fact");
    }
    if (!declared.value_codes) continue;
    if (declared.type != fact_type::string && declared.type != fact_type::string_list) {
      report(error_ids::catalog_fact_codes, pointer + "/value_codes",
             "value_codes belong to a string or string-list fact; fact \"" + declared.id + "\" is a " +
                 enum_json_name(declared.type) + " fact");
      continue;
    }
    std::map<pair, first_use> values;
    std::map<std::string_view, std::size_t> given;
    for (std::size_t v = 0; v < declared.value_codes->size(); ++v) {
      const value_coding& vc = (*declared.value_codes)[v];
      const std::string at = pointer + "/value_codes/" + std::to_string(v);
      if (declared.values &&
          std::find(declared.values->begin(), declared.values->end(), vc.value) == declared.values->end()) {
        std::string allowed;
        for (const auto& a : *declared.values) allowed += (allowed.empty() ? "" : ", ") + a;
        report(error_ids::catalog_fact_codes, at + "/value",
               "\"" + vc.value + "\" is not a value of fact \"" + declared.id + "\"; its values are " + allowed);
      }
      if (const auto [first, added] = given.try_emplace(vc.value, v); !added) {
        report(error_ids::catalog_fact_codes, at + "/value",
               "the value \"" + vc.value + "\" is already given at " + pointer + "/value_codes/" +
                   std::to_string(first->second) + "; give all its codes there");
      }
      check_list(vc.codes, at + "/codes", "the value \"" + vc.value + "\"", values);
    }
  }
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_CATALOG_CODES_HPP
