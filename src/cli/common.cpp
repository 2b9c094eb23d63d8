// SPDX-License-Identifier: MIT
// What the commands of the command line share (cli.hpp): their common options, and the printing
// of results and problems.
#include <carecompare/carecompare.hpp>
#include <charconv>
#include <cstddef>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

// The core's private helpers (src/): reading a file within the limits, escaping messages, the
// format names, suggestions.
#include "cli.hpp"
#include "parse.hpp"
#include "render/format_names.hpp"
#include "util/suggest.hpp"
#include "util/utf8.hpp"

namespace carecompare_cli {

void add_output_options(CLI::App& cmd, output_options& out) {
  std::vector<std::string> names;
  for (const auto& f : cc::detail::table_format_names) names.emplace_back(f.name);
  cmd.add_option("--format,-f", out.format, "Output format: " + cc::detail::table_format_list(false, " or "))
      ->check(CLI::IsMember(names))
      ->capture_default_str();
  cmd.add_option("--columns", out.columns,
                 "Columns, comma-separated strategy fields (e.g. name,purpose,benefits); "
                 "field=Label sets a heading")
      ->delimiter(',');
  cmd.add_option("--only", out.only, "Only these strategy ids, comma-separated")->delimiter(',');
  cmd.add_flag("--full-page", out.full_page, "HTML: a complete document instead of a fragment");
  // A width the text renderer refuses is a bad command line (exit_usage), as any other option
  // value out of range is: checked here, before anything is read.
  cmd.add_option("--width", out.width,
                 "Text: wrap to this many columns (at least " + std::to_string(cc::render_options::min_width) + ")")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            std::size_t n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec != std::errc{} || end != value.data() + value.size() || n >= cc::render_options::min_width)
              return {};
            return "a text table is at least " + std::to_string(cc::render_options::min_width) + " columns wide; got " +
                   value;
          },
          ""))
      ->capture_default_str();
}

cc::render_options render_options_of(const output_options& out) {
  cc::render_options options;
  options.format = *cc::parse_table_format(out.format);  // IsMember checked it
  options.full_page = out.full_page;
  options.width = out.width;
  return options;
}

cc::table_options table_options_of(const output_options& out) {
  cc::table_options options;
  options.columns = out.columns;
  options.only = out.only;
  return options;
}

void add_locale_options(CLI::App& cmd, locale_options& loc) {
  cmd.add_option("--translation,-t", loc.translations,
                 "A translation overlay of the catalog (repeatable; see `translation template`)");
  cmd.add_option("--locale,-l", loc.locale,
                 "The language to show (BCP 47, e.g. es-MX: falls back to es, then to the catalog's own)");
}

void add_catalog_option(CLI::App& cmd, std::string& path) {
  cmd.add_option("--catalog,-c", path, "Catalog JSON file (default: the builtin catalog)");
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

int report_unexpected_arguments(const CLI::App& app) {
  const CLI::App* command = app.get_subcommands().empty() ? nullptr : app.get_subcommands().front();
  // What the command line could have said instead: the options of the command given (and the
  // app's own), or, before any command, the commands.
  std::vector<std::string> options, commands;
  for (const CLI::App* a : {&app, command}) {
    if (a == nullptr) continue;
    for (const CLI::Option* o : a->get_options()) {
      for (const auto& n : o->get_lnames()) options.push_back("--" + n);
      for (const auto& n : o->get_snames()) options.push_back("-" + n);
    }
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    commands.push_back(sub->get_name());
  }
  const std::string where = command == nullptr ? "carecompare" : "carecompare " + command->get_name();
  for (const std::string& arg : app.remaining()) {
    std::string suggestion;
    if (arg.size() > 1 && arg[0] == '-') {
      suggestion = cc::detail::closest_name(std::string_view(arg).substr(0, arg.find('=')), options);
    } else if (command == nullptr) {
      suggestion = cc::detail::closest_name(arg, commands);
    }
    std::cerr << where << ": unexpected argument \"" << cc::detail::printable(arg) << '"'
              << cc::detail::did_you_mean(suggestion) << '\n';
  }
  std::cerr << "Run " << where << " --help to see what it takes.\n";
  return exit_usage;
}

void print_diagnostic(const std::string& file, const cc::diagnostic& p) {
  std::cerr << file;
  if (p.line != 0) std::cerr << ':' << p.line << ':' << p.column;
  std::cerr << ": " << cc::to_string(p.level) << " [" << p.id << "]: ";
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

}  // namespace carecompare_cli
