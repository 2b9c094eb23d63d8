// SPDX-License-Identifier: MIT
// `carecompare schema`: the JSON Schema of the catalog format, for editors.
#include "cli.hpp"

namespace carecompare_cli {

command add_schema_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "schema", "Print the JSON Schema of the catalog format (for editors: completion and checks while typing)");
  return {cmd, [] {
            print(cc::catalog_schema().dump(2));
            return exit_ok;
          }};
}

}  // namespace carecompare_cli
