// SPDX-License-Identifier: MIT
// Loading and reading a catalog (catalog.hpp): decode, validate, check, then the immutable state.
#include <carecompare/catalog.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../codec.hpp"
#include "../parse.hpp"
#include "access.hpp"
#include "validate.hpp"

CARECOMPARE_BEGIN_NAMESPACE

CARECOMPARE_FUNC catalog detail::catalog_access::finish(std::shared_ptr<catalog_state> state,
                                                        std::vector<diagnostic> problems, const load_options& options) {
  validate(*state, problems, options.limits);
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

template <class Input>
CARECOMPARE_FUNC catalog detail::catalog_access::load(const Input& input, const load_options& options) {
  // A text is decoded as it is parsed, with no DOM of the whole document; a value is walked
  // into the same events. One decoder: a text and its value get the same problems
  // (tests/catalog_test.cpp compares them).
  auto state = std::make_shared<catalog_state>();
  std::vector<diagnostic> problems;
  const auto decode = [&](sax_decoder& decoder) {
    if constexpr (std::is_same_v<Input, nlohmann::json>) {
      // A value nested too deep is refused alone, with the JSON Pointer of the spot.
      if (!decoder.decode_value(input, state->document)) throw catalog_error(std::move(problems), options.origin);
    } else {
      try {
        decoder.decode_text(input, state->document);
      } catch (const parse_error& e) {
        diagnostic d{e.id() + 100, "", e.reason(), e.line(), e.column(), diagnostic::severity::error, {}};
        throw catalog_error({std::move(d)}, options.origin);
      }
    }
  };
  sax_decoder decoder(problems, options.limits);
  // Too many strategies or rules: counted past the limit (a value's arrays at once) but not
  // decoded, and reported alone.
  decoder.limit_items(&state->document.strategies, options.limits.max_strategies, "/strategies", "strategies",
                      "max_strategies");
  decoder.limit_items(&state->document.rules, options.limits.max_rules, "/rules", "rules", "max_rules");
  decode(decoder);
  if (auto too_many = decoder.limit_problems(); !too_many.empty()) {
    throw catalog_error(std::move(too_many), options.origin);
  }
  if (decoder.abandoned()) {
    // Thousands of problems and no count past its limit after all: the decoder stopped
    // collecting problems early (see sax_decoder::abandoned()). The counts are known to be
    // within their limits now, so the input is decoded again, with no item limits, for every
    // problem.
    state = std::make_shared<catalog_state>();
    problems.clear();
    sax_decoder again(problems, options.limits);
    decode(again);
  }
  return translate_on_load(finish(std::move(state), std::move(problems), options), options);
}

CARECOMPARE_FUNC catalog catalog::builtin() {
  static const catalog instance =
      from_json(detail::builtin_catalog_text(), load_options{{}, false, "builtin catalog", {}, {}});
  return instance;
}

CARECOMPARE_FUNC catalog catalog::from_json(std::string_view text, const load_options& options) {
  return detail::catalog_access::load(text, options);
}

CARECOMPARE_FUNC catalog catalog::from_file(const std::filesystem::path& path, const load_options& options) {
  load_options with_origin = options;
  if (with_origin.origin.empty()) with_origin.origin = path.string();
  std::string text, reason;
  if (!detail::read_file(path, text, reason, options.limits.max_document_bytes)) {
    throw catalog_error(
        {diagnostic{
            error_ids::catalog_io, "", "cannot read the file: " + reason, 0, 0, diagnostic::severity::error, {}}},
        with_origin.origin);
  }
  return from_json(text, with_origin);
}

CARECOMPARE_FUNC catalog catalog::from_value(const nlohmann::json& value, const load_options& options) {
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
CARECOMPARE_FUNC const catalog_vocabulary& catalog::vocabulary() const noexcept { return state_->document.vocabulary; }
CARECOMPARE_FUNC const std::vector<column>& catalog::columns() const noexcept { return state_->document.columns; }
CARECOMPARE_FUNC const catalog_labels& catalog::labels() const noexcept {
  static const catalog_labels none;
  return state_->document.labels ? *state_->document.labels : none;
}
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
  const auto it = state_->index.strategy_index.find(id);
  if (it == state_->index.strategy_index.end()) return std::nullopt;
  return it->second;
}
CARECOMPARE_FUNC const strategy* catalog::find_strategy(std::string_view id) const noexcept {
  const auto i = strategy_index(id);
  return i ? &state_->document.strategies[*i] : nullptr;
}
CARECOMPARE_FUNC const source* catalog::find_source(std::string_view id) const noexcept {
  const auto it = state_->index.source_index.find(id);
  return it == state_->index.source_index.end() ? nullptr : &state_->document.sources[it->second];
}

CARECOMPARE_FUNC bool operator==(const catalog& a, const catalog& b) {
  return a.state_ == b.state_ || a.state_->document == b.state_->document;
}

CARECOMPARE_END_NAMESPACE
