// SPDX-License-Identifier: MIT
// The discovery document of the CDS Hooks service and the prefetch templates it lists
// (handler.hpp).
#include <string>
#include <vector>

#include "cds/handler.hpp"
#include "util/percent.hpp"

namespace carecompare_cds {

namespace {

/// Appends a coding as a FHIR search token, `system|code`, each part escaped as FHIR search
/// escapes a value (a backslash before `\`, `,`, `$`, `|`) and then percent-encoded.
void append_token(std::string& out, const cc::coding& c) {
  const auto escaped = [](const std::string& s) {
    std::string e;
    for (const char ch : s) {
      if (ch == '\\' || ch == ',' || ch == '$' || ch == '|') e += '\\';
      e += ch;
    }
    return e;
  };
  cc::detail::append_percent_encoded(out, escaped(c.system));
  out += "%7C";  // the `|` between system and code
  cc::detail::append_percent_encoded(out, escaped(c.code));
}

/// `<resource>?patient={{context.patientId}}&code=<token>,<token>...`, or "" for no codes.
std::string search(const char* resource, const std::vector<const cc::coding*>& codes) {
  if (codes.empty()) return {};
  std::string out = resource;
  out += "?patient={{context.patientId}}&code=";
  bool first = true;
  for (const cc::coding* c : codes) {
    if (!first) out += ',';
    first = false;
    append_token(out, *c);
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> prefetch_templates(const cc::catalog& cat) {
  std::vector<const cc::coding*> conditions, observations;
  const auto& v = cat.vocabulary();
  for (const auto* list : {&v.sites, &v.symptoms, &v.goals}) {
    for (const auto& entry : *list) {
      if (entry.codes) {
        for (const auto& c : *entry.codes) conditions.push_back(&c);
      }
    }
  }
  for (const auto& f : cat.facts()) {
    if (f.codes) {
      for (const auto& c : *f.codes) observations.push_back(&c);
    }
  }
  std::map<std::string, std::string> out;
  if (auto q = search("Condition", conditions); !q.empty()) out.emplace(prefetch_conditions, std::move(q));
  if (auto q = search("Observation", observations); !q.empty()) out.emplace(prefetch_observations, std::move(q));
  return out;
}

nlohmann::json discovery(const std::vector<cc::catalog>& catalogs) {
  nlohmann::json services = nlohmann::json::array();
  for (const auto& cat : catalogs) {
    nlohmann::json s = {
        {"hook", "patient-view"},
        {"id", cat.id()},
        {"title", cat.title()},
        {"description", cat.title() +
                            ": the care options that may be relevant to what the patient's record says, and what "
                            "they depend on. Information, not advice."},
    };
    if (const auto templates = prefetch_templates(cat); !templates.empty()) s["prefetch"] = templates;
    services.push_back(std::move(s));
  }
  return {{"services", std::move(services)}};
}

}  // namespace carecompare_cds
