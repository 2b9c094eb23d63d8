// SPDX-License-Identifier: MIT
/**
 * @file fhir/record.hpp (private)
 * The forms a health record comes in, and the resources each holds: for_each_resource() walks a
 * record (a Bundle of any type, one resource, an array of resources, a CDS Hooks prefetch object)
 * and calls `visit(resource, pointer)` for every resource in record order, Bundles inside
 * Bundles included; Bundles themselves are walked, not visited. Input that is no FHIR record
 * throws `record_error` at the JSON Pointer of its spot.
 * ```
 * detail::for_each_resource(record, [&](const nlohmann::json& resource, const std::string& pointer) {
 *   // resource["resourceType"] is a string; pointer is e.g. "/conditions/entry/0/resource"
 * });
 * ```
 * The record's nesting must be bounded before (parse_json(), find_too_deep()): the walk recurses
 * once per Bundle inside a Bundle.
 */
#ifndef CARECOMPARE_SRC_FHIR_RECORD_HPP
#define CARECOMPARE_SRC_FHIR_RECORD_HPP

#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "../codec.hpp"
#include "../util/json_pointer.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace fhir::detail {

/// The `resourceType` of `value` when it is a resource (an object with a string resourceType),
/// else nullptr.
inline const std::string* resource_type_of(const nlohmann::json& value) noexcept {
  if (!value.is_object()) return nullptr;
  const auto& object = *value.get_ptr<const nlohmann::json::object_t*>();
  const auto found = object.find("resourceType");
  if (found == object.end() || !found->second.is_string()) return nullptr;
  return found->second.get_ptr<const std::string*>();
}

/// The error for something that is not a resource where a resource belongs.
inline record_error not_a_resource(const nlohmann::json& value, const std::string& pointer, std::string_view where) {
  std::string why;
  if (!value.is_object()) {
    why = "got " + carecompare::detail::json_kind(value);
  } else if (value.contains("resourceType")) {
    why = "its resourceType is " + carecompare::detail::json_kind(value["resourceType"]) + ", not a string";
  } else {
    why = "it has no resourceType";
  }
  return record_error(error_ids::fhir_not_fhir, pointer,
                      "not a FHIR resource: " + std::string(where) + " must be an object with a resourceType; " + why);
}

template <class Visit>
void walk_resource(const nlohmann::json& resource, const std::string& type, std::string& pointer, Visit& visit) {
  if (type != "Bundle") {
    visit(resource, static_cast<const std::string&>(pointer));
    return;
  }
  const auto& bundle = *resource.get_ptr<const nlohmann::json::object_t*>();
  const auto entries = bundle.find("entry");
  if (entries == bundle.end()) return;  // an empty searchset has no entry
  carecompare::detail::pointer_guard bundle_guard(pointer);
  carecompare::detail::pointer_push(pointer, "entry");
  if (!entries->second.is_array()) {
    throw record_error(error_ids::fhir_bad_bundle, pointer,
                       "a Bundle's entry must be an array, got " + carecompare::detail::json_kind(entries->second));
  }
  const auto& list = *entries->second.get_ptr<const nlohmann::json::array_t*>();
  for (std::size_t i = 0; i < list.size(); ++i) {
    carecompare::detail::pointer_guard entry_guard(pointer);
    carecompare::detail::pointer_push(pointer, i);
    if (!list[i].is_object()) {
      throw record_error(error_ids::fhir_bad_bundle, pointer,
                         "a Bundle entry must be an object, got " + carecompare::detail::json_kind(list[i]));
    }
    const auto& entry = *list[i].get_ptr<const nlohmann::json::object_t*>();
    const auto inner = entry.find("resource");
    if (inner == entry.end()) continue;  // e.g. a DELETE of a transaction
    carecompare::detail::pointer_push(pointer, "resource");
    const std::string* inner_type = resource_type_of(inner->second);
    if (inner_type == nullptr) throw not_a_resource(inner->second, pointer, "a Bundle entry's resource");
    walk_resource(inner->second, *inner_type, pointer, visit);
  }
}

/// Calls `visit(resource, pointer)` for every resource of `record` (see the file's comment).
template <class Visit>
void for_each_resource(const nlohmann::json& record, Visit&& visit) {
  std::string pointer;
  if (const std::string* type = resource_type_of(record)) {
    walk_resource(record, *type, pointer, visit);
  } else if (record.is_array()) {
    const auto& list = *record.get_ptr<const nlohmann::json::array_t*>();
    for (std::size_t i = 0; i < list.size(); ++i) {
      carecompare::detail::pointer_guard guard(pointer);
      carecompare::detail::pointer_push(pointer, i);
      const std::string* item_type = resource_type_of(list[i]);
      if (item_type == nullptr) throw not_a_resource(list[i], pointer, "each item of an array of resources");
      walk_resource(list[i], *item_type, pointer, visit);
    }
  } else if (record.is_object() && !record.contains("resourceType")) {
    // A CDS Hooks prefetch object: key -> resource or Bundle, or null when its query found nothing.
    for (const auto& [key, value] : *record.get_ptr<const nlohmann::json::object_t*>()) {
      carecompare::detail::pointer_guard guard(pointer);
      carecompare::detail::pointer_push(pointer, key);
      if (value.is_null()) continue;
      const std::string* value_type = resource_type_of(value);
      if (value_type == nullptr) {
        throw not_a_resource(value, pointer, "each value of a CDS Hooks prefetch object (or null)");
      }
      walk_resource(value, *value_type, pointer, visit);
    }
  } else {
    throw not_a_resource(record, pointer,
                         "a record (a Bundle, a resource, an array of resources or a CDS Hooks prefetch object)");
  }
}

}  // namespace fhir::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_FHIR_RECORD_HPP
