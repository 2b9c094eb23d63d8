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
  std::string fhir;                       ///< a health record to read the circumstances from (--fhir FILE)
  std::vector<std::string> open;          ///< --open: lists that may hold more than they list
  std::vector<std::string> not_answered;  ///< --not-answered: lists nobody answered
  bool explain = false;
};

/// The circumstances the options state; a --fact that is not KEY=JSON is an input_error.
cc::circumstances circumstances_of(const show_command& show) {
  // How the lists answer, read as circumstances' JSON reads it (the same checks and errors).
  cc::circumstances c = cc::circumstances::from_json({{"open", show.open}, {"not_answered", show.not_answered}});
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

/// The table of `result`, or its JSON document (`json`, for --format json).
void print_result(const show_command& show, const cc::result& result, const nlohmann::json* json,
                  const std::string& before) {
  if (show.output.format == "json") {
    print((json != nullptr ? *json : result.to_json()).dump(2));
    return;
  }
  cc::table_options options = table_options_of(show.output);
  options.include_not_shown = show.explain;
  const std::string table = cc::render(cc::make_table(result, options), render_options_of(show.output));
  // What a health record gave comes first, in plain words (an HTML page has its own layout).
  print(before.empty() || show.output.format == "html" || show.output.format == "csv" ? table
                                                                                      : before + "\n\n" + table);
}

int run_show(const show_command& show) {
  const auto cat = load_catalog(show.catalog, show.locale);
  if (show.fhir.empty()) {
    print_result(show, cat.filter(circumstances_of(show)), nullptr, "");
    return exit_ok;
  }
  // The record's answers, then the options' (which close the lists they give).
  cc::fhir::reading record = cc::fhir::read_file(cat, show.fhir);
  for (const cc::diagnostic& p : record.problems()) print_diagnostic(show.fhir, p);
  const std::string summary = record.summary(cat);
  const cc::fhir::record_result both = cc::fhir::filter_reading(cat, std::move(record), circumstances_of(show));
  const nlohmann::json json = show.output.format == "json" ? both.to_json() : nlohmann::json();
  print_result(show, both.result, &json, summary);
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
  cmd->add_option("--fhir", show->fhir,
                  "A health record (FHIR R4 JSON: a Bundle, a resource, an array or a CDS Hooks prefetch) "
                  "to read sites, symptoms and facts from; the options above close the lists they give")
      ->option_text("FILE");
  cmd->add_option("--open", show->open,
                  "A list that may hold more than you give (repeatable): what it does not list is not known, "
                  "not \"no\", e.g. --open symptoms")
      ->delimiter(',');
  cmd->add_option("--not-answered", show->not_answered,
                  "A list nobody answered (repeatable): nothing is known of it, e.g. --not-answered goals")
      ->delimiter(',');
  cmd->add_flag("--explain", show->explain, "Also list the options not shown, and why");
  add_locale_options(*cmd, show->locale);
  add_output_options(*cmd, show->output);
  // The ids the options take: the builtin catalog's, read only when help is printed.
  cmd->footer([] {
    return "\nThe builtin catalog's ids (carecompare vocabulary --catalog FILE lists another's):\n" +
           vocabulary_text(cc::catalog::builtin());
  });
  return {cmd, [show] { return run_show(*show); }};
}

}  // namespace carecompare_cli
