// SPDX-License-Identifier: MIT
// `carecompare logic`: applies a JsonLogic rule to data and prints the result as JSON.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli.hpp"
#include "logic/pass_names.hpp"

namespace carecompare_cli {

namespace {

struct logic_command {
  std::string rule;
  std::optional<std::string> data;
  std::string passes = "all";
};

int run_logic(const logic_command& l) {
  const auto rule = json_argument(l.rule, "RULE");
  const auto data = l.data ? json_argument(*l.data, "DATA") : nlohmann::json();
  const std::string origin = l.rule.size() > 1 && l.rule[0] == '@' ? l.rule.substr(1) : "RULE";
  try {
    cc::logic::compile_options options;
    options.passes = *cc::logic::passes_from_text(l.passes);  // checked by the option
    const auto compiled = cc::logic::compile(rule, options);
    print(cc::logic::apply(compiled, data).dump());
  } catch (const cc::logic_error& e) {
    throw input_error{origin + ": " + e.what()};
  }
  return exit_ok;
}

}  // namespace

command add_logic_command(CLI::App& app) {
  auto l = std::make_shared<logic_command>();
  auto* cmd = app.add_subcommand("logic", "Apply a JsonLogic RULE to DATA and print the result as JSON");
  cmd->add_option("RULE", l->rule, "The rule: JSON text, or @file")->required();
  cmd->add_option("DATA", l->data, "The data: JSON text, or @file (default: null)");
  cmd->add_option("--passes", l->passes,
                  "The rewrites made to the rule before it runs, each giving the same results faster: all (the "
                  "default), none (the rule as written), or names separated by commas: " +
                      cc::logic::detail::pass_list())
      ->check([](const std::string& text) {
        return cc::logic::passes_from_text(text) ? std::string() : cc::logic::detail::passes_text_problem(text);
      });
  return {cmd, [l] { return run_logic(*l); }};
}

}  // namespace carecompare_cli
