// SPDX-License-Identifier: MIT
// The carecompare command line: tables, filtering, catalog validation and JsonLogic.
//
// Exit status: 0 success, 1 usage error (bad command line), 2 bad input (a file that cannot be
// read, invalid JSON, an invalid catalog, unknown ids). Errors go to stderr and name the file
// and the line/column or JSON Pointer of the problem.
#include <CLI/CLI.hpp>
#include <array>
#include <carecompare/carecompare.hpp>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

// The core's private helpers (src/): reading a file within the limits, escaping messages.
#include "catalog/rule_data.hpp"
#include "parse.hpp"
#include "render/format_names.hpp"
#include "util/suggest.hpp"
#include "util/utf8.hpp"

namespace cc = carecompare;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_usage = 1;
constexpr int exit_bad_input = 2;

/// Bad input the CLI itself detects (e.g. a `--fact` without `=`).
struct input_error {
  std::string message;
};

/// Options shared by the commands that print a table.
struct output_options {
  std::string format = "markdown";
  std::vector<std::string> columns;
  std::vector<std::string> only;
  bool full_page = false;
  std::size_t width = 100;
};

void add_output_options(CLI::App& cmd, output_options& out) {
  std::vector<std::string> formats;
  for (const auto& f : cc::detail::table_format_names) formats.emplace_back(f.name);
  cmd.add_option("--format,-f", out.format, "Output format: " + cc::detail::table_format_list(false, " or "))
      ->check(CLI::IsMember(formats))
      ->capture_default_str();
  cmd.add_option("--columns", out.columns,
                 "Columns, comma-separated strategy fields (e.g. name,purpose,benefits); "
                 "field=Label sets a heading")
      ->delimiter(',');
  cmd.add_option("--only", out.only, "Only these strategy ids, comma-separated")->delimiter(',');
  cmd.add_flag("--full-page", out.full_page, "HTML: a complete document instead of a fragment");
  cmd.add_option("--width", out.width, "Text: wrap to this many columns")->capture_default_str();
}

cc::render_options render_options_of(const output_options& out) {
  cc::render_options options;
  options.format = *cc::parse_table_format(out.format);  // IsMember checked it
  options.full_page = out.full_page;
  options.width = out.width;
  return options;
}

/// Translation overlays and the locale a reader asks for (--translation, --locale).
struct locale_options {
  std::vector<std::string> translations;
  std::string locale;
};

void add_locale_options(CLI::App& cmd, locale_options& loc) {
  cmd.add_option("--translation,-t", loc.translations,
                 "A translation overlay of the catalog (repeatable; see `translation template`)");
  cmd.add_option("--locale,-l", loc.locale,
                 "The language to show (BCP 47, e.g. es-MX: falls back to es, then to the catalog's own)");
}

std::vector<cc::translation> load_translations(const locale_options& loc) {
  std::vector<cc::translation> out;
  for (const auto& file : loc.translations) out.push_back(cc::translation::from_file(file));
  return out;
}

cc::catalog load_catalog(const std::string& path, const locale_options& loc) {
  const auto cat = path.empty() ? cc::catalog::builtin() : cc::catalog::from_file(path);
  return cc::in_locale(cat, load_translations(loc), loc.locale);
}

void print(const std::string& text) {
  std::cout << text;
  if (text.empty() || text.back() != '\n') std::cout << '\n';
}

/// A RULE or DATA argument: JSON text, or `@file` to read it from a file.
nlohmann::json json_argument(const std::string& arg, const char* what) {
  std::string text = arg, origin = what;
  if (!arg.empty() && arg[0] == '@') {
    std::string reason;
    origin = arg.substr(1);
    if (!cc::detail::read_file(origin, text, reason, cc::limits{}.max_document_bytes)) {
      throw input_error{origin + ": cannot read the file: " + reason};
    }
  }
  try {
    return cc::parse_json(text);
  } catch (const cc::parse_error& e) {
    throw input_error{origin + ": " + e.what()};
  }
}

int run_table(const std::string& catalog_path, const locale_options& loc, const output_options& out) {
  const auto cat = load_catalog(catalog_path, loc);
  cc::table_options options;
  options.columns = out.columns;
  options.only = out.only;
  print(cc::render(cc::make_table(cat, options), render_options_of(out)));
  return exit_ok;
}

struct show_options {
  /// The ids of each list of rule_data_lists, in its order (--site, --symptom, --goal).
  std::array<std::vector<std::string>, std::size(cc::detail::rule_data_lists)> lists;
  std::vector<std::string> facts;
  bool explain = false;
};

int run_show(const std::string& catalog_path, const locale_options& loc, const show_options& show,
             const output_options& out) {
  const auto cat = load_catalog(catalog_path, loc);
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
  const auto result = cat.filter(c);
  if (out.format == "json") {
    print(result.to_json().dump(2));
    return exit_ok;
  }
  cc::table_options options;
  options.columns = out.columns;
  options.only = out.only;
  options.include_not_shown = show.explain;
  print(cc::render(cc::make_table(result, options), render_options_of(out)));
  return exit_ok;
}

/// `FILE[:LINE:COLUMN]: error|warning [ID]: POINTER: message (did you mean "x"?)`
void print_diagnostic(const std::string& file, const cc::diagnostic& p) {
  std::cerr << file;
  if (p.line != 0) std::cerr << ':' << p.line << ':' << p.column;
  std::cerr << ": " << (p.level == cc::diagnostic::severity::warning ? "warning" : "error") << " [" << p.id << "]: ";
  // What the document says is quoted escaped: one line, valid UTF-8, no terminal controls.
  if (p.line == 0) {
    std::cerr << (p.pointer.empty() ? std::string("(document)") : cc::detail::printable(p.pointer)) << ": ";
  }
  std::cerr << cc::detail::printable(p.message);
  if (!p.suggestion.empty()) std::cerr << cc::detail::did_you_mean(cc::detail::printable(p.suggestion));
  std::cerr << '\n';
}

void print_problems(const std::string& file, const cc::catalog_error& e) {
  for (const auto& p : e.problems()) print_diagnostic(file, p);
  if (const std::size_t n = e.omitted(); n != 0) {
    std::cerr << file << ": ... and " << n << " more problem" << (n == 1 ? "" : "s") << " not listed (at most "
              << e.problems().size() << " are)\n";
  }
}

/// Checks each overlay against `cat` and prints its coverage; false when one is invalid.
bool validate_translations(const cc::catalog& cat, const locale_options& loc, bool strict) {
  bool all_valid = true;
  for (const auto& file : loc.translations) {
    try {
      const auto translated = cat.with_translation(cc::translation::from_file(file));
      const cc::translation_report& report = *translated.applied_translation();
      // Missing texts are summed up in the coverage line; other warnings are printed.
      bool warned = false;
      for (const auto& w : report.warnings) {
        if (w.id == cc::error_ids::translation_missing_text) continue;
        print_diagnostic(file, w);
        warned = true;
      }
      std::cout << file << ": " << cc::detail::printable(report.summary()) << '\n';
      if (strict && (warned || !report.missing.empty())) all_valid = false;
    } catch (const cc::catalog_error& e) {
      all_valid = false;
      print_problems(file, e);
    }
  }
  return all_valid;
}

/// What `validate --readability` asks for.
struct readability_request {
  bool enabled = false;
  double max_grade = 8;
};

/// Prints the readability warnings and summary of `cat`; false when --strict makes them errors.
bool report_readability(const std::string& file, const cc::catalog& cat, const readability_request& request,
                        bool strict) {
  cc::readability_options options;
  options.max_grade = request.max_grade;
  const auto report = cat.readability(options);
  for (auto w : report.warnings) {
    if (strict) w.level = cc::diagnostic::severity::error;
    print_diagnostic(file, w);
  }
  std::printf(
      "%s: readability of %zu texts (%zu quoted, not graded): Flesch-Kincaid grade %.1f, SMOG grade %.1f, "
      "Flesch reading ease %.1f\n",
      file.c_str(), report.texts.size(), report.quoted, report.grade, report.smog, report.reading_ease);
  return !strict || report.warnings.empty();
}

int run_validate(const std::vector<std::string>& files, const locale_options& loc, bool strict,
                 const readability_request& readability) {
  bool all_valid = true;
  for (const auto& file : files) {
    cc::load_options options;
    options.strict = strict;
    options.origin = file;
    try {
      const auto cat = cc::catalog::from_file(file, options);
      for (const auto& w : cat.warnings()) print_diagnostic(file, w);
      std::cout << file << ": valid (" << cat.strategies().size() << " strategies, " << cat.rules().size() << " rules";
      if (const auto n = cat.warnings().size(); n != 0) std::cout << ", " << n << (n == 1 ? " warning" : " warnings");
      std::cout << ")\n";
      if (!validate_translations(cat, loc, strict)) all_valid = false;
      std::cout.flush();
      if (readability.enabled && !report_readability(file, cat, readability, strict)) all_valid = false;
    } catch (const cc::catalog_error& e) {
      all_valid = false;
      print_problems(file, e);
    }
  }
  return all_valid ? exit_ok : exit_bad_input;
}

int run_template(const std::string& catalog_path, const std::string& locale, const std::string& output) {
  const auto cat = catalog_path.empty() ? cc::catalog::builtin() : cc::catalog::from_file(catalog_path);
  const std::string text = cc::translation_template(cat, locale).dump(2) + "\n";
  if (output.empty() || output == "-") {
    std::cout << text;
    return exit_ok;
  }
  std::FILE* f = std::fopen(output.c_str(), "wb");
  if (f == nullptr) throw input_error{output + ": cannot write the file"};
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) throw input_error{output + ": cannot write the file"};
  return exit_ok;
}

int run_logic(const std::string& rule_arg, const std::optional<std::string>& data_arg) {
  const auto rule = json_argument(rule_arg, "RULE");
  const auto data = data_arg ? json_argument(*data_arg, "DATA") : nlohmann::json();
  std::string origin = rule_arg.size() > 1 && rule_arg[0] == '@' ? rule_arg.substr(1) : "RULE";
  try {
    const auto compiled = cc::logic::compile(rule);
    print(cc::logic::apply(compiled, data).dump());
  } catch (const cc::logic_error& e) {
    throw input_error{origin + ": " + e.what()};
  }
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
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

  std::string catalog_path;
  output_options out;
  locale_options loc;

  auto* table = app.add_subcommand("table", "Print the comparison table of a catalog");
  table->add_option("--catalog,-c", catalog_path, "Catalog JSON file (default: the builtin catalog)");
  add_locale_options(*table, loc);
  add_output_options(*table, out);

  show_options show;
  auto* show_cmd = app.add_subcommand("show", "Show the options relevant to stated circumstances, with reasons");
  show_cmd->add_option("--catalog,-c", catalog_path, "Catalog JSON file (default: the builtin catalog)");
  for (std::size_t l = 0; l < show.lists.size(); ++l) {
    const cc::detail::rule_data_list& list = cc::detail::rule_data_lists[l];
    show_cmd
        ->add_option("--" + std::string(list.noun), show.lists[l],
                     std::string(list.help) + " (repeatable), e.g. " + std::string(list.example))
        ->delimiter(',');
  }
  show_cmd->add_option("--fact", show.facts, "An extra fact as KEY=JSON (repeatable), e.g. --fact stage=4");
  show_cmd->add_flag("--explain", show.explain, "Also list the options not shown, and why");
  add_locale_options(*show_cmd, loc);
  add_output_options(*show_cmd, out);

  std::vector<std::string> files;
  bool strict = false;
  auto* validate = app.add_subcommand("validate", "Check catalog files; print every problem with its JSON Pointer");
  validate->add_option("FILE", files, "Catalog JSON files")->required();
  validate->add_flag("--strict", strict, "Treat warnings as errors (and, for translations, missing texts)");
  validate->add_option("--translation,-t", loc.translations,
                       "A translation overlay to check against each catalog, with its coverage (repeatable)");
  readability_request readability;
  auto* readability_flag = validate->add_flag(
      "--readability", readability.enabled,
      "Also grade the reader-facing texts: Flesch-Kincaid per text, SMOG and Flesch reading ease overall");
  validate
      ->add_option("--max-grade", readability.max_grade,
                   "With --readability: the highest Flesch-Kincaid grade a text may have (warning 245 above it)")
      ->check(CLI::Range(0.0, 100.0))
      ->needs(readability_flag)
      ->capture_default_str();

  auto* schema = app.add_subcommand(
      "schema", "Print the JSON Schema of the catalog format (for editors: completion and checks while typing)");

  std::string template_locale, template_output;
  auto* translation_cmd = app.add_subcommand("translation", "Tools for translators");
  translation_cmd->require_subcommand(1);
  auto* template_cmd = translation_cmd->add_subcommand(
      "template", "Write an overlay holding every text of a catalog, to translate (the originals as placeholders)");
  template_cmd->add_option("CATALOG", catalog_path, "Catalog JSON file (default: the builtin catalog)");
  template_cmd->add_option("--locale,-l", template_locale, "The language it is for (BCP 47), e.g. es")->required();
  template_cmd->add_option("--output,-o", template_output, "Write to this file (default: standard output)");

  std::string rule_arg;
  std::optional<std::string> data_arg;
  auto* logic = app.add_subcommand("logic", "Apply a JsonLogic RULE to DATA and print the result as JSON");
  logic->add_option("RULE", rule_arg, "The rule: JSON text, or @file")->required();
  logic->add_option("DATA", data_arg, "The data: JSON text, or @file (default: null)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and --version are "successes" (exit 0); app.exit() prints help or the message.
    return app.exit(e) == 0 ? exit_ok : exit_usage;
  }

  try {
    if (*table) return run_table(catalog_path, loc, out);
    if (*show_cmd) return run_show(catalog_path, loc, show, out);
    if (*validate) return run_validate(files, loc, strict, readability);
    if (*template_cmd) return run_template(catalog_path, template_locale, template_output);
    if (*logic) return run_logic(rule_arg, data_arg);
    if (*schema) {
      print(cc::catalog_schema().dump(2));
      return exit_ok;
    }
  } catch (const input_error& e) {
    std::cerr << "carecompare: " << e.message << '\n';
    return exit_bad_input;
  } catch (const cc::error& e) {
    std::cerr << "carecompare: " << e.what() << '\n';
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "carecompare: internal error: " << e.what() << '\n';
    return 3;  // a bug in carecompare: please report it
  }
  return exit_usage;
}
