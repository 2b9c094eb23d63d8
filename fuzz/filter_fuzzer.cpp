// SPDX-License-Identifier: MIT
// Fuzz target: circumstances + filter.
//
// The input is circumstances as JSON text (`{"sites": [...], "symptoms": [...], "goals": [...],
// "facts": {...}, "open": [...], "not_answered": [...]}`), filtered on the builtin catalog and on the builtin catalog with typed
// facts of every type (whose rules read them), then rendered. Circumstances that do not fit
// must fail with circumstances_error; a result must hold every option exactly once, and with
// lists open, what it decides must hold with the lists closed as given (one completion).
#include <carecompare/carecompare.hpp>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"

using namespace carecompare_fuzz;

namespace {

/// The builtin catalog plus facts of every type, and rules that read them.
cc::catalog with_facts() {
  nlohmann::json doc = cc::catalog::builtin().to_json_value();
  doc["facts"] = nlohmann::json::parse(R"([
    {"id": "pain_score", "type": "number", "label": "Pain score", "description": "0 to 10"},
    {"id": "in_treatment", "type": "boolean", "label": "In treatment", "description": "Currently treated"},
    {"id": "stage_group", "type": "string", "label": "Stage group", "description": "How far it has spread",
     "values": ["early", "advanced"]},
    {"id": "preferences", "type": "string-list", "label": "Preferences", "description": "What matters",
     "values": ["at-home", "short-visits"]},
    {"id": "notes", "type": "string-list", "label": "Notes", "description": "Free text"}
  ])");
  const auto rule = [](const char* id, const char* when, const char* show) {
    return nlohmann::json{
        {"id", id}, {"description", id}, {"when", nlohmann::json::parse(when)}, {"show", {show}}, {"reason", id}};
  };
  auto& rules = doc["rules"];
  rules.push_back(rule("severe-pain", R"({">=":[{"var":"pain_score"},7]})", "pain-management"));
  rules.push_back(
      rule("treated", R"({"and":[{"var":"in_treatment"},{"!":{"missing":["stage_group"]}}]})", "monitoring"));
  rules.push_back(rule("advanced", R"({"==":[{"var":"stage_group"},"advanced"]})", "clinical-trials"));
  rules.push_back(rule("home", R"({"in":["at-home",{"var":"preferences"}]})", "nutrition"));
  rules.push_back(rule("notes", R"({"some":[{"var":"notes"},{"in":["walk",{"var":""}]}]})", "physical-activity"));
  rules.push_back(
      rule("score-sum", R"({">":[{"+":[{"var":"pain_score"},{"var":"site_count"}]},9]})", "emotional-support"));
  return cc::catalog::from_value(doc);
}

void filter_on(const cc::catalog& cat, const nlohmann::json& stated) {
  cc::result r = [&] {
    const cc::circumstances c = cc::circumstances::from_json(stated);
    return cat.filter(c);
  }();
  // Every option is exactly one of shown, undecided (depends on facts not answered) or not shown.
  require(r.relevant().size() + r.undecided().size() + r.not_shown().size() == cat.strategies().size(),
          "filter lost or duplicated an option");
  std::set<const cc::strategy*> seen;
  for (const auto& o : r.relevant()) seen.insert(o.strategy);
  for (const auto& o : r.undecided()) seen.insert(o.strategy);
  for (const auto& o : r.not_shown()) seen.insert(o.strategy);
  require(seen.size() == cat.strategies().size(), "an option is in two of shown, undecided and not shown");
  const std::set<const cc::fact*> not_answered(r.not_answered().begin(), r.not_answered().end());
  const cc::circumstances& c = r.stated();
  const bool open = c.sites_answer != cc::answer_kind::closed || c.symptoms_answer != cc::answer_kind::closed ||
                    c.goals_answer != cc::answer_kind::closed;
  for (const auto& o : r.undecided()) {
    require((!o.facts.empty() || !o.lists.empty()) && !o.rules.empty(),
            "an undecided option names no fact, no list or no rule");
    for (const cc::fact* f : o.facts)
      require(not_answered.count(f) == 1, "an undecided option depends on an answered fact");
    require(open || o.lists.empty(), "an undecided option names a list when every list is closed");
  }
  if (open) {
    // The lists closed as given are one completion of them: what the open lists decide holds
    // there too (soundness of the three-valued evaluation, on one completion).
    cc::circumstances closed = c;
    closed.sites_answer = closed.symptoms_answer = closed.goals_answer = cc::answer_kind::closed;
    const cc::result base = cat.filter(closed);
    std::set<const cc::strategy*> shown, not_shown;
    for (const auto& o : base.relevant()) shown.insert(o.strategy);
    for (const auto& o : base.not_shown()) not_shown.insert(o.strategy);
    for (const auto& o : r.relevant()) {
      require(shown.count(o.strategy) == 1, "an option shown with lists open is not shown with them closed");
    }
    for (const auto& o : r.not_shown()) {
      require(not_shown.count(o.strategy) == 1, "an option not shown with lists open is shown with them closed");
    }
  }
  for (std::size_t i = 1; i < r.relevant().size(); ++i) {
    require(r.relevant()[i - 1].score >= r.relevant()[i].score, "options are not ranked by score");
  }
  const std::string dumped = r.to_json().dump();
  require(nlohmann::json::accept(dumped), "result JSON does not parse", dumped);
  cc::table_options explain;
  explain.include_not_shown = true;
  render_everything(cc::make_table(r, explain));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  quiet_log();
  static const cc::catalog builtin = cc::catalog::builtin();
  static const cc::catalog facts = with_facts();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  nlohmann::json stated;
  try {
    stated = cc::parse_json(text);
  } catch (const cc::parse_error& e) {
    check_error(e);
    return 0;
  }
  for (const cc::catalog* cat : {&builtin, &facts}) {
    try {
      filter_on(*cat, stated);
    } catch (const cc::circumstances_error& e) {
      check_error(e);
    } catch (const cc::logic_error& e) {
      check_error(e);
    }
  }
  return 0;
}
