// SPDX-License-Identifier: MIT
// The catalog as a FHIR R4 PlanDefinition (fhir.hpp plan_definition()): its texts, and per
// option an applicability condition in FHIRPath written by logic/fhirpath.hpp over the record as
// fhir/fhirpath.hpp reads it.
#include <carecompare/fhir.hpp>

#include <algorithm>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "../catalog/access.hpp"
#include "../catalog/formats.hpp"
#include "../catalog/rule_data.hpp"
#include "../catalog/state.hpp"
#include "../logic/fhirpath.hpp"
#include "../util/json_pointer.hpp"
#include "elements.hpp"
#include "fhirpath.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace fhir {
namespace detail {

/// The extension that holds a rule beside the expression it is part of.
inline constexpr std::string_view rule_extension = "urn:carecompare:fhir:rule";

/// How the rule data object's keys are read from a record, in FHIRPath.
inline logic::detail::fhirpath_keys keys_of(const catalog_document& doc) {
  using keys = logic::detail::fhirpath_keys;
  keys out;
  for (std::size_t l = 0; l < std::size(list_elements); ++l) {
    const carecompare::detail::rule_data_list& list = *list_elements[l].list;
    keys::list k;
    k.key = list.key;
    if (&list == &carecompare::detail::counted_list) k.count_key = carecompare::detail::site_count_key;
    for (const vocabulary_entry& e : doc.vocabulary.*list.vocabulary) {
      k.ids.emplace_back(e.id);
      k.named.push_back(named(l, e));
    }
    out.lists.push_back(std::move(k));
  }
  if (doc.facts) {
    for (const fact& f : *doc.facts) {
      keys::fact k;
      k.id = f.id;
      switch (f.type) {
        case fact_type::boolean: k.type = keys::type::boolean; break;
        case fact_type::number: k.type = keys::type::number; break;
        case fact_type::string: k.type = keys::type::string; break;
        case fact_type::string_list: k.type = keys::type::string_list; break;
      }
      k.value = fact_value(f);
      if (f.values) k.values = &*f.values;
      out.facts.push_back(std::move(k));
    }
  }
  return out;
}

/// A FHIR `name` (a computer name, `[A-Z][A-Za-z0-9_]*`) from a kebab-case id: "BreastCancer".
inline std::string computer_name(std::string_view id) {
  std::string out;
  bool upper = true;
  for (const char c : id) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  if (out.empty() || !(out[0] >= 'A' && out[0] <= 'Z')) out = "Catalog" + out;
  return out;
}

/// A string extension.
inline nlohmann::json string_extension(std::string_view url, std::string_view value) {
  return {{"url", url}, {"valueString", value}};
}

/// One rule, as it sits beside an expression: its id, whether it shows or hides, its JsonLogic,
/// and its own FHIRPath (or why there is none).
inline nlohmann::json rule_json(const rule& r, std::string_view role, const std::string* fhirpath,
                                const std::string& why_not) {
  nlohmann::json parts = nlohmann::json::array();
  parts.push_back(string_extension("id", r.id));
  parts.push_back({{"url", "role"}, {"valueCode", role}});
  parts.push_back(string_extension("description", r.description));
  parts.push_back(string_extension("jsonlogic", r.when.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  if (fhirpath != nullptr) {
    parts.push_back(string_extension("fhirpath", *fhirpath));
  } else {
    parts.push_back({{"url", "executable"}, {"valueBoolean", false}});
    parts.push_back(string_extension("untranslatable", why_not));
  }
  return {{"url", rule_extension}, {"extension", std::move(parts)}};
}

}  // namespace detail

CARECOMPARE_FUNC nlohmann::json plan_definition(const catalog& c, const plan_definition_options& options) {
  const catalog_document& doc = c.document();
  std::string url;
  if (!options.base_url.empty()) {
    if (!carecompare::detail::is_absolute_uri(options.base_url)) {
      throw render_error(error_ids::render_bad_option, "/base_url",
                         "\"" + options.base_url + "\" is not an absolute URI (e.g. https://example.org/fhir)");
    }
    std::string base = options.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    url = base + "/PlanDefinition/" + doc.id;
  } else if (doc.url) {
    url = *doc.url;
  }

  // Each rule's truth, written once: its FHIRPath, or why it has none.
  const auto& index = carecompare::detail::catalog_access::state(c).index;  // what each rule reads
  const logic::detail::fhirpath_keys keys = detail::keys_of(doc);
  logic::detail::fhirpath_writer writer(keys);
  std::vector<std::string> truths(doc.rules.size());
  std::vector<std::string> why_not(doc.rules.size());
  for (std::size_t r = 0; r < doc.rules.size(); ++r) {
    std::string at = "/rules";
    carecompare::detail::pointer_push(at, r);
    at += "/when";
    const rule& rl = doc.rules[r];
    try {
      const bool reads_fact = index.rule_fact_offsets[r] != index.rule_fact_offsets[r + 1];
      if (rl.absent_is.value_or(absence::unknown) == absence::null && reads_fact) {
        throw logic::detail::untranslatable{at, "var",
                                            "the rule reads a fact nobody answered as null (absent_is), which a "
                                            "record cannot say"};
      }
      truths[r] = writer.truth(rl.when, at);
    } catch (const logic::detail::untranslatable& u) {
      const std::string message =
          (u.op.empty() ? std::string() : "operator \"" + u.op + "\": ") + u.reason + " (rule \"" + rl.id + "\")";
      if (options.on_untranslatable == untranslatable::fail) {
        throw logic_error(error_ids::logic_untranslatable, u.pointer, message);
      }
      truths[r] = "{}";
      why_not[r] = u.pointer + ": " + message;
    }
  }

  nlohmann::json out = {{"resourceType", "PlanDefinition"}};
  if (doc.id.size() <= 64) out["id"] = doc.id;
  if (!url.empty()) out["url"] = url;
  out["version"] = doc.version.to_string();
  out["name"] = detail::computer_name(doc.id);
  out["title"] = doc.title;
  out["type"] = {{"coding",
                  {{{"system", "http://terminology.hl7.org/CodeSystem/plan-definition-type"},
                    {"code", "eca-rule"},
                    {"display", "ECA Rule"}}}}};
  out["status"] = doc.last_reviewed.year != 0 ? "active" : "draft";
  out["date"] = doc.last_reviewed.to_string();
  if (doc.authors && !doc.authors->empty()) out["publisher"] = doc.authors->front().name;
  out["description"] = doc.title + " (" + doc.condition + ")";
  out["usage"] = doc.disclaimer;
  out["approvalDate"] = doc.published.to_string();
  out["lastReviewDate"] = doc.last_reviewed.to_string();
  out["effectivePeriod"] = {{"start", doc.published.to_string()}};
  if (doc.next_review) out["effectivePeriod"]["end"] = doc.next_review->to_string();
  if (doc.authors) {
    for (const author& a : *doc.authors) {
      const bool reviewer = a.role.find("review") != std::string::npos;
      out[reviewer ? "reviewer" : "author"].push_back({{"name", a.name}});
    }
  }
  const auto artifact = [&](const carecompare::source& s) {
    nlohmann::json a = {{"type", "citation"}, {"label", s.id}, {"display", s.title}};
    std::string citation = s.title;
    if (s.publisher) citation += ". " + *s.publisher;
    a["citation"] = citation;
    if (s.url) a["url"] = *s.url;
    return a;
  };
  for (const carecompare::source& s : doc.sources) out["relatedArtifact"].push_back(artifact(s));

  out["action"] = nlohmann::json::array();
  for (const strategy& s : doc.strategies) {
    nlohmann::json action = {{"title", s.name}, {"description", s.purpose}};
    for (const std::string& id : s.sources) {
      const auto found = std::find_if(doc.sources.begin(), doc.sources.end(),
                                      [&](const carecompare::source& x) { return x.id == id; });
      if (found != doc.sources.end()) action["documentation"].push_back(artifact(*found));
    }
    std::string shown, hidden, description;
    nlohmann::json rules = nlohmann::json::array();
    for (std::size_t r = 0; r < doc.rules.size(); ++r) {
      const rule& rl = doc.rules[r];
      const bool shows = std::find(rl.show.begin(), rl.show.end(), s.id) != rl.show.end();
      const bool hides = rl.hide && std::find(rl.hide->begin(), rl.hide->end(), s.id) != rl.hide->end();
      if (!shows && !hides) continue;
      (shows ? shown : hidden) += ((shows ? shown : hidden).empty() ? "" : " or ") + truths[r];
      if (shows) description += (description.empty() ? "" : " ") + rl.description;
      rules.push_back(
          detail::rule_json(rl, shows ? "show" : "hide", why_not[r].empty() ? &truths[r] : nullptr, why_not[r]));
    }
    // Shown: some show rule is true, and no hide rule is true or may be.
    std::string expression = shown.empty() ? "false" : "(" + shown + ")";
    if (!hidden.empty()) expression = "(" + expression + " and (" + hidden + ").not())";
    nlohmann::json expr = {{"language", "text/fhirpath"}, {"expression", expression}};
    if (!description.empty()) expr["description"] = description;
    if (!rules.empty()) expr["extension"] = std::move(rules);
    action["condition"] = nlohmann::json::array({{{"kind", "applicability"}, {"expression", std::move(expr)}}});
    out["action"].push_back(std::move(action));
  }
  return out;
}

}  // namespace fhir
CARECOMPARE_END_NAMESPACE
