// SPDX-License-Identifier: MIT
/**
 * @file util/message_text.hpp (private)
 * Pieces of the library's error and warning messages that say what a document holds: a list of
 * ids, a JSON value shortened. One definition each, so that every message lists and quotes
 * alike. What messages quote of the input is escaped where the message is made (an error's
 * constructor, diagnostic::to_string()), not here.
 */
#ifndef CARECOMPARE_SRC_UTIL_MESSAGE_TEXT_HPP
#define CARECOMPARE_SRC_UTIL_MESSAGE_TEXT_HPP

#include <carecompare/config.hpp>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// "bone, liver, lung, brain": at most `shown` ids, then "... (N in all)".
template <class Range>
std::string id_listing(const Range& ids, std::size_t shown = 12) {
  std::string out;
  std::size_t count = 0;
  for (const auto& id : ids) {
    if (count < shown) out += (count ? ", " : "") + std::string(std::string_view(id));
    ++count;
  }
  if (count > shown) out += ", ... (" + std::to_string(count) + " in all)";
  return out;
}

/// JSON text shortened to about `max` bytes, for messages.
inline std::string short_json(const nlohmann::json& j, std::size_t max = 60) {
  std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > max) {
    text.resize(max);
    text += "...";
  }
  return text;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_MESSAGE_TEXT_HPP
