// SPDX-License-Identifier: MIT
/**
 * @file cli/cli.hpp
 * What the commands of the carecompare command line share: exit statuses, the options of the
 * commands that load a catalog or print a table, and the printing of results and problems. Each
 * command is a file of its own (cmd_*.cpp) that adds its subcommand to the app and says how to
 * run it; main.cpp is the dispatcher. A new command is a new file and one line in main.cpp.
 *
 * Exit status: 0 success, 1 usage error (bad command line), 2 bad input (a file that cannot be
 * read, invalid JSON, an invalid catalog, unknown ids), 3 a bug in carecompare. Errors go to
 * stderr and name the file and the line/column or JSON Pointer of the problem; what they quote
 * of the input is escaped (one line of valid UTF-8, no terminal controls).
 */
#ifndef CARECOMPARE_SRC_CLI_CLI_HPP
#define CARECOMPARE_SRC_CLI_CLI_HPP

#include <CLI/CLI.hpp>
#include <carecompare/carecompare.hpp>
#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace carecompare_cli {

namespace cc = carecompare;

inline constexpr int exit_ok = 0;
inline constexpr int exit_usage = 1;
inline constexpr int exit_bad_input = 2;
inline constexpr int exit_bug = 3;

/// Bad input the CLI itself detects (e.g. a `--fact` without `=`): exit_bad_input, `message`
/// on stderr after "carecompare: ".
struct input_error {
  std::string message;
};

/// A command: its subcommand of the app, and what runs it once the command line is parsed (the
/// exit status). run() may throw input_error or carecompare::error; the dispatcher reports them.
struct command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

// The commands (cmd_*.cpp), each added to `app`.
command add_table_command(CLI::App& app);
command add_show_command(CLI::App& app);
command add_validate_command(CLI::App& app);
command add_schema_command(CLI::App& app);
command add_translation_command(CLI::App& app);
command add_logic_command(CLI::App& app);
command add_vocabulary_command(CLI::App& app);
command add_fhir_command(CLI::App& app);
command add_serve_command(CLI::App& app);

/// The ids `cat` takes, one list per block (`sites (--site):`, `  bone  Bone`, ...), then its
/// facts and strategies: what `carecompare vocabulary` prints and `show --help` ends with.
std::string vocabulary_text(const cc::catalog& cat);

/// Options shared by the commands that print a table.
struct output_options {
  std::string format = "markdown";
  std::vector<std::string> columns;
  std::vector<std::string> only;
  bool full_page = false;
  std::size_t width = 100;
};
void add_output_options(CLI::App& cmd, output_options& out);
/// How to write the table (`out.format` is one the option accepted).
cc::render_options render_options_of(const output_options& out);
/// Which rows and columns the table holds.
cc::table_options table_options_of(const output_options& out);

/// Translation overlays and the locale a reader asks for (--translation, --locale).
struct locale_options {
  std::vector<std::string> translations;
  std::string locale;
};
void add_locale_options(CLI::App& cmd, locale_options& loc);
/// The `--catalog` option of the commands that read one (default: the builtin catalog).
void add_catalog_option(CLI::App& cmd, std::string& path);
/// The overlays of `loc`, loaded.
std::vector<cc::translation> load_translations(const locale_options& loc);
/// The catalog at `path` (the builtin one for ""), in the locale `loc` asks for.
cc::catalog load_catalog(const std::string& path, const locale_options& loc);

/// Writes `text` to stdout, ending with a newline.
void print(const std::string& text);

/// A RULE or DATA argument: JSON text, or `@file` to read it from a file; `what` names it in
/// errors.
nlohmann::json json_argument(const std::string& arg, const char* what);

/// After a command line with arguments nothing takes (CLI11's ExtrasError, which fallthrough()
/// gathers in the root `app`): one line per argument on stderr, each with the option or command
/// it is likely a typo of ("did you mean"); returns exit_usage.
int report_unexpected_arguments(const CLI::App& app);

/// `FILE[:LINE:COLUMN]: error|warning [ID]: POINTER: message (did you mean "x"?)` on stderr.
void print_diagnostic(const std::string& file, const cc::diagnostic& p);
/// Every problem of `e`, then how many more were found than it lists.
void print_problems(const std::string& file, const cc::catalog_error& e);

}  // namespace carecompare_cli

#endif  // CARECOMPARE_SRC_CLI_CLI_HPP
