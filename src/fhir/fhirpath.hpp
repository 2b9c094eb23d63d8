// SPDX-License-Identifier: MIT
/**
 * @file fhir/fhirpath.hpp (private)
 * The record's side of the FHIRPath export (fhir::plan_definition()): FHIRPath expressions that
 * read a record exactly as the reader (fhir/read.cpp) does, from the same tables
 * (fhir/elements.hpp), so that the two cannot drift apart. Every expression's root is the record
 * as one Bundle; its resources, Bundles inside Bundles included, are `repeat(entry.resource)`.
 *
 * - named(): whether a counted Condition names a vocabulary entry: `true` or `false`, never
 *   empty (a record lists what it knows; its silence is read by the caller as "maybe").
 * - fact_value(): the value of a declared fact: the value of its latest counted Observations
 *   when they all give the same readable value, else the empty collection (not answered). A
 *   fact without codes is never answered: `{}`.
 *
 * The latest Observations, as the reader has them: the dated ones (effectiveDateTime, else
 * effectivePeriod.end, else issued) whose span ends after the latest start of any dated one; or,
 * when none is dated, all of them. Dates are spans in UTC: a date without a time is the whole
 * year, month or day from midnight UTC; a time is its second, or its fraction of one (at most a
 * millisecond).
 */
#ifndef CARECOMPARE_SRC_FHIR_FHIRPATH_HPP
#define CARECOMPARE_SRC_FHIR_FHIRPATH_HPP

#include <carecompare/config.hpp>
#include <carecompare/model.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "../logic/fhirpath.hpp"
#include "elements.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace fhir::detail {

using logic::detail::fhirpath_string;

/// Every resource of the record (the root, a Bundle).
inline constexpr std::string_view all_resources = "%context.repeat(entry.resource)";

/// `(A or B or ...)` of the codings: `code.coding` holds one of them.
inline std::string holds_coding(std::string_view element, const std::vector<coding>& codes) {
  std::string out = std::string(element) + ".coding.where(";
  for (std::size_t k = 0; k < codes.size(); ++k) {
    if (k != 0) out += " or ";
    out += "(system = " + fhirpath_string(codes[k].system) + " and code = " + fhirpath_string(codes[k].code) + ")";
  }
  return out + ").exists()";
}

/// `$this in ('a' | 'b')` of the codes a status rule counts.
inline std::string counted_codes(const status_rule& rule) {
  std::string out = "(";
  bool first = true;
  for (const std::string_view c : rule.counted) {
    if (c.empty()) continue;
    out += (first ? "" : " | ") + fhirpath_string(c);
    first = false;
  }
  return out + ")";
}

/// Whether a resource's status counts: the first code of the rule's system (or the `code`
/// element itself) is one it counts; absent counts when the rule says so.
inline std::string status_counts(const status_rule& rule) {
  const std::string element(rule.element);
  std::string code = rule.system.empty()
                         ? element
                         : element + ".coding.where(system = " + fhirpath_string(rule.system) + ").code.first()";
  std::string out = code + ".where($this in " + counted_codes(rule) + ").exists()";
  if (rule.absent_counts) out = "(" + element + ".empty() or " + out + ")";
  return out;
}

/// Whether the record names vocabulary entry `e` of list `l` (a counted Condition codes it).
inline std::string named(std::size_t l, const vocabulary_entry& e) {
  if (!e.codes || e.codes->empty()) return "false";
  const list_element& le = list_elements[l];
  return std::string(all_resources) + ".where(resourceType = " + fhirpath_string(le.resource) + " and " +
         status_counts(*le.statuses[0]) + " and " + status_counts(*le.statuses[1]) + " and " +
         holds_coding(le.code_element, *e.codes) + ").exists()";
}

/// The start of the span of a date (a string; inside select(), `$this`) as a DateTime at
/// millisecond precision in UTC.
inline constexpr std::string_view span_start =
    "iif(length() = 4, ($this + '-01-01T00:00:00.000Z').toDateTime(), "
    "iif(length() = 7, ($this + '-01T00:00:00.000Z').toDateTime(), "
    "iif(length() = 10, ($this + 'T00:00:00.000Z').toDateTime(), "
    // A time's fraction is read to the millisecond: padded or cut to three digits.
    "(substring(0, 19) + '.' + (substring(19).replaceMatches('^\\\\.?([0-9]*).*$', '$1') + '000').substring(0, 3) + "
    "substring(19).replaceMatches('^\\\\.[0-9]*', '')).toDateTime())))";

/// The end of the span of a date (as span_start): a year, month or day later; a time, a second
/// later, or a tenth, hundredth or thousandth of one by the digits of its fraction.
inline std::string span_end() {
  const std::string start(span_start);
  const std::string digits = "substring(19).replaceMatches('^\\\\.?([0-9]*).*$', '$1').length()";
  return "iif(length() = 4, " + start + " + 1 year, iif(length() = 7, " + start + " + 1 month, iif(length() = 10, " +
         start + " + 1 day, iif(" + digits + " = 0, " + start + " + 1 second, iif(" + digits + " = 1, " + start +
         " + 100 milliseconds, iif(" + digits + " = 2, " + start + " + 10 milliseconds, " + start +
         " + 1 millisecond))))))";
}

/// An Observation's date, as written: effectiveDateTime, else effectivePeriod.end, else issued.
inline constexpr std::string_view observation_date =
    "(effective.ofType(dateTime) | effective.ofType(Period).end | issued).first().toString()";

/// The value one Observation gives fact `f` (empty when it gives none it can be read as: another
/// type, another unit, a comparator, a value the fact does not allow, a dataAbsentReason). For a
/// string list, the values of its codes in coding order, each once.
inline std::string observation_value(const fact& f) {
  const fact_element& element = element_of(f.type);
  std::string coded;
  if (!element.coded_value.empty() && f.value_codes && !f.value_codes->empty()) {
    std::string map = "coding.select(";
    std::string closing;
    for (const value_coding& v : *f.value_codes) {
      std::string when;
      for (std::size_t k = 0; k < v.codes.size(); ++k) {
        when += (k == 0 ? "" : " or ") + std::string("(system = ") + fhirpath_string(v.codes[k].system) +
                " and code = " + fhirpath_string(v.codes[k].code) + ")";
      }
      map += "iif(" + when + ", " + fhirpath_string(v.value) + ", ";
      closing += ")";
    }
    map += "{}" + closing + ").distinct()";
    const std::string values = "value.ofType(CodeableConcept)." + map;
    coded = f.type == fact_type::string ? "iif(" + values + ".count() = 1, " + values + ", {})" : values;
  }
  std::string plain;
  switch (f.type) {
    case fact_type::boolean: plain = "value.ofType(boolean)"; break;
    case fact_type::number: {
      std::string where = "comparator.empty()";
      if (f.unit) {
        where += " and code = " + fhirpath_string(*f.unit) +
                 " and (system.empty() or system = " + fhirpath_string(ucum_system) + ")";
      }
      plain = "value.ofType(Quantity).where(" + where + ").value";
      break;
    }
    case fact_type::string: {
      plain = "value.ofType(string)";
      if (f.values) {
        std::string allowed = "(";
        for (std::size_t k = 0; k < f.values->size(); ++k) {
          allowed += (k == 0 ? "" : " | ") + fhirpath_string((*f.values)[k]);
        }
        plain += ".where($this in " + allowed + "))";
      }
      break;
    }
    case fact_type::string_list: break;
  }
  if (plain.empty()) return coded.empty() ? "{}" : coded;
  if (coded.empty()) return plain;
  return "(" + plain + " | " + coded + ")";
}

/// The value of fact `f` in the record (see the file's comment).
inline std::string fact_value(const fact& f) {
  if (!f.codes || f.codes->empty()) return "{}";
  // Its counted Observations that give a value or a dataAbsentReason (the reader's candidates).
  const std::string observations = std::string(all_resources) +
                                   ".where(resourceType = " + fhirpath_string(fact_resource) + " and " +
                                   status_counts(*fact_status) + " and " + holds_coding(fact_code_element, *f.codes) +
                                   " and (value.exists() or dataAbsentReason.exists()))";
  const std::string date(observation_date);
  // Inside where(), the Observation being tested is $this; the others are read again from the
  // root, as FHIRPath has no variables before 3.0.
  const std::string latest_start = observations + ".select(" + date + ".select(" + std::string(span_start) +
                                   ")).aggregate(iif($total.empty() or $this > $total, $this, $total))";
  const std::string latest = observations + ".where(iif(" + observations + ".where(" + date + ".exists()).exists(), " +
                             date + ".select(" + span_end() + ") > " + latest_start + ", true))";
  const std::string value = observation_value(f);
  // Answered when every latest one gives a value, and they all give the same one.
  const std::string same = f.type == fact_type::string_list ? "select(" + value + ".join('|')).distinct().count() = 1"
                                                            : "select(" + value + ").distinct().count() = 1";
  return "iif(" + latest + ".all(" + value + ".exists()) and " + latest + "." + same + ", " + latest +
         ".first().select(" + value + "), {})";
}

}  // namespace fhir::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_FHIR_FHIRPATH_HPP
