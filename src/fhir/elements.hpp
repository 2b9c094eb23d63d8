// SPDX-License-Identifier: MIT
/**
 * @file fhir/elements.hpp (private)
 * The one home of the mapping between the rule data object's keys (catalog/rule_data.hpp) and
 * the elements of FHIR R4 resources: which resource gives each key, which element holds the
 * code, which statuses count, and which `value[x]` holds a fact of each type. The reader
 * (fhir/read.cpp) reads records by these tables, and an export to FHIRPath reads the same
 * tables, so that the two can never disagree.
 *
 * | rule data key            | resource    | code element | counts when                                  | value           |
 * |--------------------------|-------------|--------------|----------------------------------------------|-----------------|
 * | sites, symptoms, goals   | Condition   | code         | clinicalStatus active/recurrence/relapse or absent, verificationStatus confirmed or absent | (named)         |
 * | a fact of type number    | Observation | code         | status final/amended/corrected, the latest    | valueQuantity.value (unit: valueQuantity.code) |
 * | a fact of type boolean   | Observation | code         | likewise                                     | valueBoolean    |
 * | a fact of type string    | Observation | code         | likewise                                     | valueString, or valueCodeableConcept by value_codes |
 * | a fact of type string-list | Observation | code       | likewise                                     | valueCodeableConcept by value_codes |
 *
 * `site_count` is not read: it is derived from `sites`, as for any circumstances.
 */
#ifndef CARECOMPARE_SRC_FHIR_ELEMENTS_HPP
#define CARECOMPARE_SRC_FHIR_ELEMENTS_HPP

#include <array>
#include <carecompare/config.hpp>
#include <carecompare/model.hpp>
#include <cstddef>
#include <string_view>

#include "../catalog/rule_data.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace fhir::detail {

/// The code system of an element's status codes and the codes of it that count.
struct status_rule {
  std::string_view element;  ///< e.g. "clinicalStatus"
  /// The CodeableConcept's code system, or "" for a plain `code` element (Observation.status).
  std::string_view system;
  std::array<std::string_view, 8> all;      ///< every code of the system (the R4 value set)
  std::array<std::string_view, 3> counted;  ///< the codes that count ("" pads)
  bool absent_counts;                       ///< whether a resource without the element counts
};

/// Condition.clinicalStatus (http://hl7.org/fhir/ValueSet/condition-clinical, R4).
inline constexpr status_rule condition_clinical_status{
    "clinicalStatus",
    "http://terminology.hl7.org/CodeSystem/condition-clinical",
    {"active", "recurrence", "relapse", "inactive", "remission", "resolved", "", ""},
    {"active", "recurrence", "relapse"},
    true};

/// Condition.verificationStatus (http://hl7.org/fhir/ValueSet/condition-ver-status, R4).
inline constexpr status_rule condition_verification_status{
    "verificationStatus",
    "http://terminology.hl7.org/CodeSystem/condition-ver-status",
    {"unconfirmed", "provisional", "differential", "confirmed", "refuted", "entered-in-error", "", ""},
    {"confirmed", "", ""},
    true};

/// Observation.status (http://hl7.org/fhir/ValueSet/observation-status, R4): a `code`.
inline constexpr status_rule observation_status{
    "status",
    "",
    {"registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"},
    {"final", "amended", "corrected"},
    false};

/// Whether `code` is one of the rule's codes (`of` = rule.all or rule.counted).
template <std::size_t N>
constexpr bool is_one_of(std::string_view code, const std::array<std::string_view, N>& of) noexcept {
  if (code.empty()) return false;
  for (const std::string_view c : of) {
    if (c == code) return true;
  }
  return false;
}

/// How the vocabulary lists of the rule data object are read: each from Conditions.
struct list_element {
  const carecompare::detail::rule_data_list* list;  ///< the rule data key (sites, symptoms, goals)
  std::string_view resource;                        ///< "Condition"
  std::string_view code_element;                    ///< "code"
  const status_rule* statuses[2];                   ///< both must count
};

inline const list_element list_elements[] = {
    {&carecompare::detail::rule_data_lists[0],
     "Condition",
     "code",
     {&condition_clinical_status, &condition_verification_status}},
    {&carecompare::detail::rule_data_lists[1],
     "Condition",
     "code",
     {&condition_clinical_status, &condition_verification_status}},
    {&carecompare::detail::rule_data_lists[2],
     "Condition",
     "code",
     {&condition_clinical_status, &condition_verification_status}},
};
static_assert(std::size(list_elements) == std::size(carecompare::detail::rule_data_lists),
              "every list of the rule data object is read from a record");

/// The resource and code element that give declared facts.
inline constexpr std::string_view fact_resource = "Observation";
inline constexpr std::string_view fact_code_element = "code";
inline constexpr const status_rule* fact_status = &observation_status;

/// Where a fact's value is, by its type.
struct fact_element {
  fact_type type;
  std::string_view value;        ///< the value[x] element that holds it
  std::string_view coded_value;  ///< "valueCodeableConcept" when read through value_codes, else ""
};

inline constexpr fact_element fact_elements[] = {
    {fact_type::boolean, "valueBoolean", ""},
    {fact_type::number, "valueQuantity", ""},
    {fact_type::string, "valueString", "valueCodeableConcept"},
    {fact_type::string_list, "", "valueCodeableConcept"},
};

/// The element of a fact type (every type has one).
constexpr const fact_element& element_of(fact_type type) noexcept {
  for (const fact_element& e : fact_elements) {
    if (e.type == type) return e;
  }
  return fact_elements[0];
}

/// The Observation date elements, in the order they are tried: the first present gives the date.
inline constexpr std::string_view observation_date_effective = "effectiveDateTime";
inline constexpr std::string_view observation_date_period = "effectivePeriod";  ///< its `end`
inline constexpr std::string_view observation_date_issued = "issued";
/// The Condition date shown in evidence: onsetDateTime, else onsetPeriod.start, else recordedDate.
inline constexpr std::string_view condition_date_onset = "onsetDateTime";
inline constexpr std::string_view condition_date_period = "onsetPeriod";  ///< its `start`
inline constexpr std::string_view condition_date_recorded = "recordedDate";

/// The UCUM system a quantity's unit code belongs to.
inline constexpr std::string_view ucum_system = "http://unitsofmeasure.org";

}  // namespace fhir::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_FHIR_ELEMENTS_HPP
