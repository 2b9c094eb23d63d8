// SPDX-License-Identifier: MIT
// parse_json(): JSON text to a nlohmann::json, within limits (see parse.hpp).
#include "parse.hpp"

#include <carecompare/parse.hpp>

CARECOMPARE_BEGIN_NAMESPACE

CARECOMPARE_FUNC nlohmann::json parse_json(std::string_view text, const limits& bounds) {
  nlohmann::json value;
  detail::dom_builder builder(value, bounds.max_json_depth);
  detail::sax_parse_bounded(text, bounds, builder);
  return value;
}

CARECOMPARE_END_NAMESPACE
