// SPDX-License-Identifier: MIT
// check_catalog() (check.hpp): what loading a catalog's text finds, as one report, whether the
// catalog loads or not. Every face that checks a catalog being written (the C ABI, Python)
// returns this report's JSON form (codec.cpp).
#include <algorithm>
#include <carecompare/catalog.hpp>
#include <carecompare/check.hpp>
#include <carecompare/codec.hpp>
#include <carecompare/parse.hpp>
#include <carecompare/readability.hpp>
#include <cmath>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

CARECOMPARE_BEGIN_NAMESPACE

namespace detail {

/// The problems of a text that does not load: its errors, then the warnings that loading it
/// strictly adds to them (errors there; warnings again here).
inline std::vector<diagnostic> errors_and_warnings(std::string_view text, const catalog_error& error) {
  std::vector<diagnostic> problems = error.problems();
  load_options strict;
  strict.strict = true;
  try {
    (void)catalog::from_json(text, strict);
  } catch (const catalog_error& e) {
    const auto errors = static_cast<std::ptrdiff_t>(problems.size());
    for (const auto& p : e.problems()) {
      if (std::find(problems.begin(), problems.begin() + errors, p) != problems.begin() + errors) continue;
      problems.push_back(p);
      problems.back().level = diagnostic::severity::warning;
    }
  }
  return problems;
}

/// The readability of a text that does not load, as far as the decoder reads its texts;
/// nullopt for a text that is not JSON.
inline std::optional<readability_report> draft_readability(std::string_view text, const readability_options& options) {
  nlohmann::json value;
  try {
    value = parse_json(text);
  } catch (const parse_error&) {
    return std::nullopt;
  }
  std::vector<diagnostic> ignored;  // the loader has reported them
  catalog_document draft;
  decoder{ignored}.decode(value, draft);
  return readability(draft, options);
}

}  // namespace detail

CARECOMPARE_FUNC check_report check_catalog(std::string_view json_text, const check_options& options) {
  if (options.readability && std::isnan(options.readability->max_grade)) {
    throw std::invalid_argument("max_grade is not a number");
  }
  check_report report;
  std::optional<catalog> cat;
  std::vector<diagnostic> problems;
  try {
    cat = catalog::from_json(json_text);
    problems = cat->warnings();
    report.strategies = cat->strategies().size();
    report.rules = cat->rules().size();
  } catch (const catalog_error& e) {
    problems = detail::errors_and_warnings(json_text, e);
    report.omitted = e.omitted();
  }
  if (options.readability) {
    report.readability =
        cat ? cat->readability(*options.readability) : detail::draft_readability(json_text, *options.readability);
    if (report.readability) {
      const auto& warnings = report.readability->warnings;
      problems.insert(problems.end(), warnings.begin(), warnings.end());
    }
  }
  report.valid = cat.has_value() && !(options.strict && !problems.empty());
  report.problems.reserve(problems.size());
  for (auto& p : problems) report.problems.push_back(check_problem{std::move(p)});
  return report;
}

CARECOMPARE_END_NAMESPACE
