// SPDX-License-Identifier: MIT
// `carecompare validate`: checks catalog files, and translation overlays against each, printing
// every problem with its JSON Pointer; with --readability, grades the texts readers see.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli.hpp"
#include "util/utf8.hpp"

namespace carecompare_cli {

namespace {

/// What `validate --readability` asks for.
struct readability_request {
  bool enabled = false;
  double max_grade = 8;
};

struct validate_command {
  std::vector<std::string> files;
  bool strict = false;
  std::vector<std::string> translations;
  readability_request readability;
};

/// Checks each overlay against `cat` and prints its coverage; false when one is invalid.
bool validate_translations(const cc::catalog& cat, const std::vector<std::string>& files, bool strict) {
  bool all_valid = true;
  for (const auto& file : files) {
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

int run_validate(const validate_command& v) {
  bool all_valid = true;
  for (const auto& file : v.files) {
    cc::load_options options;
    options.strict = v.strict;
    options.origin = file;
    try {
      const auto cat = cc::catalog::from_file(file, options);
      for (const auto& w : cat.warnings()) print_diagnostic(file, w);
      std::cout << file << ": valid (" << cat.strategies().size() << " strategies, " << cat.rules().size() << " rules";
      if (const auto n = cat.warnings().size(); n != 0) std::cout << ", " << n << (n == 1 ? " warning" : " warnings");
      std::cout << ")\n";
      if (!validate_translations(cat, v.translations, v.strict)) all_valid = false;
      std::cout.flush();
      if (v.readability.enabled && !report_readability(file, cat, v.readability, v.strict)) all_valid = false;
    } catch (const cc::catalog_error& e) {
      all_valid = false;
      print_problems(file, e);
    }
  }
  return all_valid ? exit_ok : exit_bad_input;
}

}  // namespace

command add_validate_command(CLI::App& app) {
  auto v = std::make_shared<validate_command>();
  auto* cmd = app.add_subcommand("validate", "Check catalog files; print every problem with its JSON Pointer");
  cmd->add_option("FILE", v->files, "Catalog JSON files")->required();
  cmd->add_flag("--strict", v->strict, "Treat warnings as errors (and, for translations, missing texts)");
  cmd->add_option("--translation,-t", v->translations,
                  "A translation overlay to check against each catalog, with its coverage (repeatable)");
  auto* readability_flag = cmd->add_flag(
      "--readability", v->readability.enabled,
      "Also grade the reader-facing texts: Flesch-Kincaid per text, SMOG and Flesch reading ease overall");
  cmd->add_option("--max-grade", v->readability.max_grade,
                  "With --readability: the highest Flesch-Kincaid grade a text may have (warning 245 above it)")
      ->check(CLI::Range(0.0, 100.0))
      ->needs(readability_flag)
      ->capture_default_str();
  return {cmd, [v] { return run_validate(*v); }};
}

}  // namespace carecompare_cli
