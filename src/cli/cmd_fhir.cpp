// SPDX-License-Identifier: MIT
// `carecompare fhir plan-definition`: the catalog as a FHIR R4 PlanDefinition whose options'
// conditions are FHIRPath over a health record (fhir.hpp plan_definition()).
#include <map>
#include <memory>
#include <string>

#include "cli.hpp"

namespace carecompare_cli {

namespace {

struct fhir_command {
  std::string catalog;
  locale_options locale;
  std::string base_url;
  cc::fhir::untranslatable untranslatable = cc::fhir::untranslatable::fail;
};

}  // namespace

command add_fhir_command(CLI::App& app) {
  auto f = std::make_shared<fhir_command>();
  auto* cmd = app.add_subcommand("fhir", "Export the catalog as FHIR");
  cmd->require_subcommand(1);
  auto* plan = cmd->add_subcommand(
      "plan-definition",
      "Print the catalog as a FHIR R4 PlanDefinition: one action per option, with a FHIRPath condition that says, "
      "from a health record, whether the option is shown");
  add_catalog_option(*plan, f->catalog);
  add_locale_options(*plan, f->locale);
  plan->add_option(
      "--base-url", f->base_url,
      "The FHIR base of its canonical URL: <base>/PlanDefinition/<catalog id> (default: the catalog's url)");
  plan->add_option("--untranslatable", f->untranslatable,
                   "What to do with a rule FHIRPath cannot say: fail (default), or keep it in an extension")
      ->transform(CLI::CheckedTransformer(std::map<std::string, cc::fhir::untranslatable>{
          {"fail", cc::fhir::untranslatable::fail}, {"keep", cc::fhir::untranslatable::keep}}));
  return {cmd, [f] {
            const auto cat = load_catalog(f->catalog, f->locale);
            print(cc::fhir::plan_definition(cat, {f->base_url, f->untranslatable}).dump(2));
            return exit_ok;
          }};
}

}  // namespace carecompare_cli
