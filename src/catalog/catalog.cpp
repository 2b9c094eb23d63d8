// SPDX-License-Identifier: MIT
// Loading and reading a catalog (catalog.hpp): decode, validate, check, then the immutable state.
#include <carecompare/catalog.hpp>
#include <carecompare/parse.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../codec.hpp"
#include "../parse.hpp"
#include "../util/json_depth.hpp"
#include "access.hpp"
#include "validate.hpp"

CARECOMPARE_BEGIN_NAMESPACE

CARECOMPARE_FUNC catalog detail::catalog_access::finish(std::shared_ptr<catalog_state> state,
                                                        std::vector<diagnostic> problems,
                                                        const load_options& options) {
  catalog_validator(*state, problems, options.limits).run();
  if (options.strict) {
    for (auto& w : state->warnings) {
      w.level = diagnostic::severity::error;
      problems.push_back(w);
    }
  }
  if (!problems.empty()) {
    // Report at most max_problems (at least one), and count the rest.
    const std::size_t keep = std::max<std::size_t>(options.limits.max_problems, 1);
    const std::size_t omitted = problems.size() > keep ? problems.size() - keep : 0;
    problems.resize(problems.size() - omitted);
    throw catalog_error(std::move(problems), options.origin, omitted);
  }
  return catalog(std::move(state));
}

/// Loads a value whose depth is known to be within the limit.
CARECOMPARE_FUNC catalog detail::catalog_access::load(const nlohmann::json& value, const load_options& options) {
  if (auto too_many = count_problems(value, options.limits); !too_many.empty()) {
    throw catalog_error(std::move(too_many), options.origin);
  }
  auto state = std::make_shared<catalog_state>();
  std::vector<diagnostic> problems;
  dom_decoder(problems, options.limits).decode(value, state->document);
  return finish(std::move(state), std::move(problems), options);
}

CARECOMPARE_FUNC catalog catalog::builtin() {
  static const catalog instance = from_json(detail::builtin_catalog_text(), load_options{{}, false, "builtin catalog"});
  return instance;
}

CARECOMPARE_FUNC catalog catalog::from_json(std::string_view text, const load_options& options) {
  // The text is decoded as it is parsed (sax_decoder), with no DOM of the whole document:
  // the DOM was half of the load's time. from_value() decodes a DOM with `decoder`; both
  // report the same problems (tests/catalog_test.cpp compares them).
  auto state = std::make_shared<detail::catalog_state>();
  std::vector<diagnostic> problems;
  detail::sax_decoder decode(problems, options.limits);
  // Too many strategies or rules: only counted past the limit, and reported alone, as
  // detail::count_problems() does for a DOM.
  decode.limit_items(&state->document.strategies, options.limits.max_strategies, "/strategies", "strategies",
                     "max_strategies");
  decode.limit_items(&state->document.rules, options.limits.max_rules, "/rules", "rules", "max_rules");
  try {
    decode.decode(text, state->document);
  } catch (const parse_error& e) {
    diagnostic d{e.id() + 100, "", e.reason(), e.line(), e.column(), diagnostic::severity::error, {}};
    throw catalog_error({std::move(d)}, options.origin);
  }
  if (auto too_many = decode.limit_problems(); !too_many.empty()) {
    throw catalog_error(std::move(too_many), options.origin);
  }
  if (decode.abandoned()) {
    // Thousands of problems and no count past its limit after all: the decoder stopped
    // collecting problems early (see sax_decoder::abandoned()). The counts are known to be
    // within their limits now, so the text is decoded again, with no item limits, for every
    // problem.
    state = std::make_shared<detail::catalog_state>();
    problems.clear();
    detail::sax_decoder(problems, options.limits).decode(text, state->document);  // parsed once already
  }
  return detail::catalog_access::finish(std::move(state), std::move(problems), options);
}

CARECOMPARE_FUNC catalog catalog::from_file(const std::filesystem::path& path, const load_options& options) {
  load_options with_origin = options;
  if (with_origin.origin.empty()) with_origin.origin = path.string();
  std::string text, reason;
  if (!detail::read_file(path, text, reason, options.limits.max_document_bytes)) {
    throw catalog_error({diagnostic{error_ids::catalog_io, "", "cannot read the file: " + reason, 0, 0,
                                    diagnostic::severity::error, {}}},
                        with_origin.origin);
  }
  return from_json(text, with_origin);
}

CARECOMPARE_FUNC catalog catalog::from_value(const nlohmann::json& value, const load_options& options) {
  if (const auto pointer = detail::find_too_deep(value, options.limits.max_json_depth)) {
    throw catalog_error({diagnostic{error_ids::catalog_too_deep, *pointer,
                                    "nesting deeper than the limit of " +
                                        std::to_string(options.limits.max_json_depth) + " (limits::max_json_depth)",
                                    0, 0, diagnostic::severity::error, {}}},
                        options.origin);
  }
  return detail::catalog_access::load(value, options);
}

CARECOMPARE_FUNC catalog catalog::from_document(catalog_document document, const load_options& options) {
  // Re-decode from JSON so that programmatic documents pass exactly the checks files do
  // (empty text, bad characters...), which the C++ types alone cannot express.
  return from_value(encode(document), options);
}

CARECOMPARE_FUNC nlohmann::json catalog::to_json_value() const { return encode(state_->document); }
CARECOMPARE_FUNC std::string catalog::to_json(int indent) const { return to_json_value().dump(indent); }

CARECOMPARE_FUNC const catalog_document& catalog::document() const noexcept { return state_->document; }
CARECOMPARE_FUNC const catalog_info& catalog::info() const noexcept { return state_->document; }
CARECOMPARE_FUNC const std::string& catalog::id() const noexcept { return state_->document.id; }
CARECOMPARE_FUNC const std::string& catalog::title() const noexcept { return state_->document.title; }
CARECOMPARE_FUNC const std::string& catalog::disclaimer() const noexcept { return state_->document.disclaimer; }
CARECOMPARE_FUNC const std::vector<source>& catalog::sources() const noexcept { return state_->document.sources; }
CARECOMPARE_FUNC const catalog_vocabulary& catalog::vocabulary() const noexcept {
  return state_->document.vocabulary;
}
CARECOMPARE_FUNC const std::vector<column>& catalog::columns() const noexcept { return state_->document.columns; }
CARECOMPARE_FUNC const std::vector<strategy>& catalog::strategies() const noexcept {
  return state_->document.strategies;
}
CARECOMPARE_FUNC const std::vector<rule>& catalog::rules() const noexcept { return state_->document.rules; }
CARECOMPARE_FUNC const std::vector<fact>& catalog::facts() const noexcept {
  static const std::vector<fact> none;
  return state_->document.facts ? *state_->document.facts : none;
}
CARECOMPARE_FUNC const logic::rule& catalog::compiled_rule(std::size_t i) const { return state_->compiled.at(i); }
CARECOMPARE_FUNC const std::vector<diagnostic>& catalog::warnings() const noexcept { return state_->warnings; }

CARECOMPARE_FUNC std::optional<std::size_t> catalog::strategy_index(std::string_view id) const noexcept {
  const auto it = state_->strategy_index.find(id);
  if (it == state_->strategy_index.end()) return std::nullopt;
  return it->second;
}
CARECOMPARE_FUNC const strategy* catalog::find_strategy(std::string_view id) const noexcept {
  const auto i = strategy_index(id);
  return i ? &state_->document.strategies[*i] : nullptr;
}
CARECOMPARE_FUNC const source* catalog::find_source(std::string_view id) const noexcept {
  const auto it = state_->source_index.find(id);
  return it == state_->source_index.end() ? nullptr : &state_->document.sources[it->second];
}

CARECOMPARE_FUNC bool operator==(const catalog& a, const catalog& b) {
  return a.state_ == b.state_ || a.state_->document == b.state_->document;
}

CARECOMPARE_END_NAMESPACE
