// SPDX-License-Identifier: MIT
// `carecompare show`: the options relevant to stated circumstances, with the reasons; an option
// per list of the rule data object (catalog/rule_data.hpp), and --fact for the declared facts.
#include <array>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "catalog/rule_data.hpp"
#include "cli.hpp"

namespace carecompare_cli {

namespace {

struct show_command {
  std::string catalog;
  locale_options locale;
  output_options output;
  /// The ids of each list of rule_data_lists, in its order (--site, --symptom, --goal).
  std::array<std::vector<std::string>, std::size(cc::detail::rule_data_lists)> lists;
  std::vector<std::string> facts;
  bool explain = false;
};

/// The circumstances the options state; a --fact that is not KEY=JSON is an input_error.
cc::circumstances circumstances_of(const show_command& show) {
  cc::circumstances c;
  for (std::size_t l = 0; l < show.lists.size(); ++l) c.*cc::detail::rule_data_lists[l].stated = show.lists[l];
  for (const auto& fact : show.facts) {
    const auto eq = fact.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw input_error{"--fact \"" + fact + "\": expected KEY=JSON, e.g. --fact stage=4 or --fact 'name=\"text\"'"};
    }
    const std::string key = fact.substr(0, eq);
    try {
      c.facts[key] = cc::parse_json(fact.substr(eq + 1));
    } catch (const cc::parse_error& e) {
      throw input_error{"--fact " + key + ": the value is not JSON (" + std::string(e.what()) +
                        "); quote text values: --fact '" + key + "=\"text\"'"};
    }
  }
  return c;
}

int run_show(const show_command& show) {
  const auto cat = load_catalog(show.catalog, show.locale);
  const auto result = cat.filter(circumstances_of(show));
  if (show.output.format == "json") {
    print(result.to_json().dump(2));
    return exit_ok;
  }
  cc::table_options options = table_options_of(show.output);
  options.include_not_shown = show.explain;
  print(cc::render(cc::make_table(result, options), render_options_of(show.output)));
  return exit_ok;
}

}  // namespace

command add_show_command(CLI::App& app) {
  auto show = std::make_shared<show_command>();
  auto* cmd = app.add_subcommand("show", "Show the options relevant to stated circumstances, with reasons");
  add_catalog_option(*cmd, show->catalog);
  for (std::size_t l = 0; l < show->lists.size(); ++l) {
    const cc::detail::rule_data_list& list = cc::detail::rule_data_lists[l];
    cmd->add_option("--" + std::string(list.noun), show->lists[l],
                    std::string(list.help) + " (repeatable), e.g. " + std::string(list.example))
        ->delimiter(',');
  }
  cmd->add_option("--fact", show->facts, "An extra fact as KEY=JSON (repeatable), e.g. --fact stage=4");
  cmd->add_flag("--explain", show->explain, "Also list the options not shown, and why");
  add_locale_options(*cmd, show->locale);
  add_output_options(*cmd, show->output);
  return {cmd, [show] { return run_show(*show); }};
}

}  // namespace carecompare_cli
