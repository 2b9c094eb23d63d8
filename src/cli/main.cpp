// SPDX-License-Identifier: MIT
// The carecompare command line: the dispatcher. Each command is a file of its own (cmd_*.cpp,
// declared in cli.hpp); this file makes the app, adds the commands in the order --help lists
// them, runs the one the command line names, and turns what it throws into an exit status
// (cli.hpp says which).
#include <CLI/CLI.hpp>
#include <carecompare/carecompare.hpp>
#include <exception>
#include <iostream>

#include "cli.hpp"

int main(int argc, char** argv) {
  namespace cli = carecompare_cli;
  CLI::App app{
      "carecompare: compare care options side by side and see which are relevant.\n"
      "Informational only, never advice: every output carries the catalog's disclaimer."};
  app.name("carecompare");
  app.require_subcommand(1);
  app.fallthrough();
  app.add_flag_callback(
      "--version",
      [] {
        std::cout << "carecompare " << CARECOMPARE_VERSION_STRING << '\n';
        throw CLI::Success();
      },
      "Print the version and exit");

  const cli::command commands[] = {
      cli::add_table_command(app),      cli::add_show_command(app),        cli::add_validate_command(app),
      cli::add_schema_command(app),     cli::add_translation_command(app), cli::add_logic_command(app),
      cli::add_vocabulary_command(app), cli::add_fhir_command(app),        cli::add_serve_command(app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError&) {
    return cli::report_unexpected_arguments(app);
  } catch (const CLI::ParseError& e) {
    // No command, but words: a command name mistyped ("shwo") is an unexpected argument.
    if (app.get_subcommands().empty() && !app.remaining().empty()) return cli::report_unexpected_arguments(app);
    // Help and --version are "successes" (exit 0); app.exit() prints help or the message.
    return app.exit(e) == 0 ? cli::exit_ok : cli::exit_usage;
  }

  try {
    for (const cli::command& c : commands) {
      if (*c.app) return c.run();
    }
  } catch (const cli::input_error& e) {
    std::cerr << "carecompare: " << e.message << '\n';
    return cli::exit_bad_input;
  } catch (const carecompare::error& e) {
    std::cerr << "carecompare: " << e.what() << '\n';
    return cli::exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "carecompare: internal error: " << e.what() << '\n';
    return cli::exit_bug;  // a bug in carecompare: please report it
  }
  return cli::exit_usage;
}
