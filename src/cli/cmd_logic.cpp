// SPDX-License-Identifier: MIT
// `carecompare logic`: applies a JsonLogic rule to data and prints the result as JSON.
#include <memory>
#include <optional>
#include <string>

#include "cli.hpp"

namespace carecompare_cli {

namespace {

struct logic_command {
  std::string rule;
  std::optional<std::string> data;
};

int run_logic(const logic_command& l) {
  const auto rule = json_argument(l.rule, "RULE");
  const auto data = l.data ? json_argument(*l.data, "DATA") : nlohmann::json();
  const std::string origin = l.rule.size() > 1 && l.rule[0] == '@' ? l.rule.substr(1) : "RULE";
  try {
    const auto compiled = cc::logic::compile(rule);
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
  return {cmd, [l] { return run_logic(*l); }};
}

}  // namespace carecompare_cli
