// SPDX-License-Identifier: MIT
// Fuzz target: catalog text -> catalog -> every renderer.
//
// The input is a catalog's JSON text. A text that loads must survive everything an app does with
// a catalog: save and load again (equal), tables with every column in every format, filtering
// with nothing and with everything stated. A text that does not load must fail with a
// catalog_error listing its problems.
#include <carecompare/carecompare.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"

using namespace carecompare_fuzz;

namespace {

cc::circumstances everything(const cc::catalog& cat) {
  cc::circumstances c;
  for (const auto& v : cat.vocabulary().sites) c.sites.push_back(v.id);
  for (const auto& v : cat.vocabulary().symptoms) c.symptoms.push_back(v.id);
  for (const auto& v : cat.vocabulary().goals) c.goals.push_back(v.id);
  return c;
}

void use(const cc::catalog& cat) {
  const cc::catalog again = cc::catalog::from_json(cat.to_json());
  require(again == cat, "save -> load is not lossless", cat.to_json());

  render_everything(cc::make_table(cat));
  cc::table_options all_columns;
  all_columns.columns = {"id",        "name",     "kind",           "scope",     "purpose",
                         "use_cases", "benefits", "considerations", "care_team", "sources"};
  render_everything(cc::make_table(cat, all_columns));

  for (const cc::circumstances& c : {cc::circumstances{}, everything(cat)}) {
    try {
      const cc::result r = cat.filter(c);
      require(r.relevant().size() + r.undecided().size() + r.not_shown().size() == cat.strategies().size(),
              "filter lost or duplicated an option");
      (void)r.to_json().dump();
      cc::table_options explain;
      explain.include_not_shown = true;
      render_everything(cc::make_table(r, explain));
    } catch (const cc::logic_error& e) {
      check_error(e);  // a rule json-logic-js would throw on (504)
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  quiet_log();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cc::catalog cat = cc::catalog::builtin();
  std::string problems;  // from_json()'s problems, one a line
  bool loaded = false;
  try {
    cat = cc::catalog::from_json(text);
    loaded = true;
  } catch (const cc::catalog_error& e) {
    check_error(e);
    require(!e.problems().empty(), "catalog_error without problems", e.what());
    for (const auto& p : e.problems()) problems += p.to_string() + "\n";
  }
  // from_json() decodes as it parses; from_value() decodes a DOM. Past the syntax, they agree.
  try {
    const nlohmann::json value = cc::parse_json(text);
    std::string dom_problems;
    bool dom_loaded = false;
    try {
      (void)cc::catalog::from_value(value);
      dom_loaded = true;
    } catch (const cc::catalog_error& e) {
      for (const auto& p : e.problems()) dom_problems += p.to_string() + "\n";
    }
    require(loaded == dom_loaded && problems == dom_problems, "from_json and from_value disagree",
            problems + "--- from_value:\n" + dom_problems);
  } catch (const cc::parse_error&) {
    require(!loaded, "from_json loaded a text parse_json refuses");
  }
  if (loaded) use(cat);
  return 0;
}
