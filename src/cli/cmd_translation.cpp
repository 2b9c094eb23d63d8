// SPDX-License-Identifier: MIT
// `carecompare translation`: tools for translators; `translation template` writes an overlay
// holding every text of a catalog, to translate.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "cli.hpp"

namespace carecompare_cli {

namespace {

struct template_command {
  std::string catalog;
  std::string locale;
  std::string output;
};

int run_template(const template_command& t) {
  const auto cat = t.catalog.empty() ? cc::catalog::builtin() : cc::catalog::from_file(t.catalog);
  const std::string text = cc::translation_template(cat, t.locale).dump(2) + "\n";
  if (t.output.empty() || t.output == "-") {
    std::cout << text;
    return exit_ok;
  }
  std::FILE* f = std::fopen(t.output.c_str(), "wb");
  if (f == nullptr) throw input_error{t.output + ": cannot write the file"};
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) throw input_error{t.output + ": cannot write the file"};
  return exit_ok;
}

}  // namespace

command add_translation_command(CLI::App& app) {
  auto t = std::make_shared<template_command>();
  auto* cmd = app.add_subcommand("translation", "Tools for translators");
  cmd->require_subcommand(1);
  auto* template_cmd = cmd->add_subcommand(
      "template", "Write an overlay holding every text of a catalog, to translate (the originals as placeholders)");
  template_cmd->add_option("CATALOG", t->catalog, "Catalog JSON file (default: the builtin catalog)");
  template_cmd->add_option("--locale,-l", t->locale, "The language it is for (BCP 47), e.g. es")->required();
  template_cmd->add_option("--output,-o", t->output, "Write to this file (default: standard output)");
  return {cmd, [t, template_cmd] { return *template_cmd ? run_template(*t) : exit_usage; }};
}

}  // namespace carecompare_cli
