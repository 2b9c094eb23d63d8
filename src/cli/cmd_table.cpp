// SPDX-License-Identifier: MIT
// `carecompare table`: the comparison table of a catalog.
#include <memory>
#include <string>

#include "cli.hpp"

namespace carecompare_cli {

namespace {

struct table_command {
  std::string catalog;
  locale_options locale;
  output_options output;
};

int run_table(const table_command& t) {
  const auto cat = load_catalog(t.catalog, t.locale);
  print(cc::render(cc::make_table(cat, table_options_of(t.output)), render_options_of(t.output)));
  return exit_ok;
}

}  // namespace

command add_table_command(CLI::App& app) {
  auto t = std::make_shared<table_command>();
  auto* cmd = app.add_subcommand("table", "Print the comparison table of a catalog");
  add_catalog_option(*cmd, t->catalog);
  add_locale_options(*cmd, t->locale);
  add_output_options(*cmd, t->output);
  return {cmd, [t] { return run_table(*t); }};
}

}  // namespace carecompare_cli
