// SPDX-License-Identifier: MIT
// `carecompare vocabulary`: the ids a catalog takes, what `show` and `table --only` accept: each
// list of the rule data object (catalog/rule_data.hpp) with its option, the declared facts, and
// the strategies. `show --help` ends with the builtin catalog's (vocabulary_text()).
#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "catalog/rule_data.hpp"
#include "cli.hpp"

namespace carecompare_cli {

namespace {

struct vocabulary_command {
  std::string catalog;
  locale_options locale;
  bool json = false;
};

/// `  id    label` lines, the ids padded to one width.
void append_entries(std::string& out, const std::vector<std::pair<std::string, std::string>>& entries) {
  std::size_t width = 0;
  for (const auto& e : entries) width = std::max(width, e.first.size());
  for (const auto& [id, text] : entries) {
    out.append("  ").append(id);
    if (!text.empty()) out.append(width - id.size() + 2, ' ').append(text);
    out += '\n';
  }
}

nlohmann::json vocabulary_json(const cc::catalog& cat) {
  nlohmann::json out = nlohmann::json::object();
  for (const cc::detail::rule_data_list& l : cc::detail::rule_data_lists) {
    out[std::string(l.key)] = cc::encode(cat.vocabulary().*l.vocabulary);
  }
  out["facts"] = cc::encode(cat.facts());
  nlohmann::json& strategies = out["strategies"] = nlohmann::json::array();
  for (const auto& s : cat.strategies()) strategies.push_back({{"id", s.id}, {"name", s.name}});
  return out;
}

int run_vocabulary(const vocabulary_command& v) {
  const auto cat = load_catalog(v.catalog, v.locale);
  print(v.json ? vocabulary_json(cat).dump(2) : vocabulary_text(cat));
  return exit_ok;
}

}  // namespace

std::string vocabulary_text(const cc::catalog& cat) {
  std::string out;
  for (const cc::detail::rule_data_list& l : cc::detail::rule_data_lists) {
    out.append(l.key).append(" (--").append(l.noun).append("):\n");
    std::vector<std::pair<std::string, std::string>> entries;
    for (const auto& e : cat.vocabulary().*l.vocabulary) entries.emplace_back(e.id, e.label);
    if (entries.empty()) out.append("  (none)\n");
    append_entries(out, entries);
  }
  if (!cat.facts().empty()) {
    out.append("facts (--fact KEY=JSON):\n");
    std::vector<std::pair<std::string, std::string>> entries;
    for (const auto& f : cat.facts()) {
      std::string text = cc::encode(f.type).get<std::string>();
      if (f.values) {
        std::string values;
        for (const auto& value : *f.values) values.append(values.empty() ? "" : ", ").append(value);
        text.append(" (").append(values).append(")");
      }
      entries.emplace_back(f.id, text.append(": ").append(f.label));
    }
    append_entries(out, entries);
  }
  out.append("strategies (--only):\n");
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& s : cat.strategies()) entries.emplace_back(s.id, s.name);
  append_entries(out, entries);
  return out;
}

command add_vocabulary_command(CLI::App& app) {
  auto v = std::make_shared<vocabulary_command>();
  auto* cmd =
      app.add_subcommand("vocabulary", "List the ids a catalog takes: sites, symptoms, goals, facts and strategies");
  add_catalog_option(*cmd, v->catalog);
  add_locale_options(*cmd, v->locale);
  cmd->add_flag("--json", v->json, "Print them as JSON");
  return {cmd, [v] { return run_vocabulary(*v); }};
}

}  // namespace carecompare_cli
