// SPDX-License-Identifier: MIT
// parse_events(), the one JSON parser, and parse_json() on it (see parse.hpp).
#include "parse.hpp"

#include <fast_float/fast_float.h>
#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <carecompare/parse.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "util/hex.hpp"
#include "util/utf8.hpp"

CARECOMPARE_BEGIN_NAMESPACE

namespace detail {

namespace parse_detail {

/**
 * Boost.JSON's basic_parser handler that forwards to json_events. Strings, keys and numbers
 * that Boost.JSON hands over in parts (a text read in pieces) are put together first. It stops
 * the parser with its own error codes, so that parse_events() can tell them from Boost.JSON's:
 * `too_deep` when `events` refuses to open an array or object, `exponent_overflow` when a number
 * does not fit a double (`overflow_at` is then its offset).
 */
class forwarder {
 public:
  static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();

  forwarder(json_events& events, const char* text) noexcept : events_(events), text_(text) {}

  bool on_document_begin(boost::json::error_code&) { return true; }
  bool on_document_end(boost::json::error_code&) { return true; }
  bool on_object_begin(boost::json::error_code& ec) { return opened(events_.start_object(), ec); }
  bool on_object_end(std::size_t, boost::json::error_code&) { return events_.end_object(); }
  bool on_array_begin(boost::json::error_code& ec) { return opened(events_.start_array(), ec); }
  bool on_array_end(std::size_t, boost::json::error_code&) { return events_.end_array(); }
  bool on_key_part(boost::json::string_view part, std::size_t, boost::json::error_code&) { return add(part); }
  bool on_key(boost::json::string_view last, std::size_t, boost::json::error_code&) {
    return deliver(last, &json_events::key);
  }
  bool on_string_part(boost::json::string_view part, std::size_t, boost::json::error_code&) { return add(part); }
  bool on_string(boost::json::string_view last, std::size_t, boost::json::error_code&) {
    return deliver(last, &json_events::string);
  }
  bool on_number_part(boost::json::string_view part, boost::json::error_code&) {
    number_.append(part.data(), part.size());
    return true;
  }
  bool on_int64(std::int64_t i, boost::json::string_view last, boost::json::error_code&) {
    // Boost.JSON gives every integer that fits int64 as one; nlohmann's types go by the sign.
    const bool minus = number_.empty() ? last.starts_with('-') : number_.front() == '-';
    number_.clear();
    return minus ? events_.number_integer(i) : events_.number_unsigned(static_cast<std::uint64_t>(i));
  }
  bool on_uint64(std::uint64_t u, boost::json::string_view, boost::json::error_code&) {
    number_.clear();
    return events_.number_unsigned(u);
  }
  bool on_double(double, boost::json::string_view last, boost::json::error_code& ec) {
    // Boost.JSON 1.81 rounds some doubles a unit in the last place off: read the text again.
    number_.append(last.data(), last.size());
    double d = 0;
    fast_float::from_chars(number_.data(), number_.data() + number_.size(), d);
    if (!std::isfinite(d)) {
      overflow_at = static_cast<std::size_t>(last.data() + last.size() - text_) - number_.size();
      ec = boost::json::error::exponent_overflow;
      return false;
    }
    const bool go_on = events_.number_float(d, number_);
    number_.clear();
    return go_on;
  }
  bool on_bool(bool b, boost::json::error_code&) { return events_.boolean(b); }
  bool on_null(boost::json::error_code&) { return events_.null(); }
  // Comments are off (parse_options' default): JSON has none.
  bool on_comment_part(boost::json::string_view, boost::json::error_code&) { return true; }
  bool on_comment(boost::json::string_view, boost::json::error_code&) { return true; }

  /// Offset of the number that overflowed, or npos.
  std::size_t overflow_at = std::string_view::npos;

 private:
  bool opened(bool go_on, boost::json::error_code& ec) {
    if (!go_on) ec = boost::json::error::too_deep;
    return go_on;
  }
  bool add(boost::json::string_view part) {
    buffer_.append(part.data(), part.size());
    return true;
  }
  /// Hands the string or key whose last part is `last` to `event`.
  bool deliver(boost::json::string_view last, bool (json_events::*event)(std::string&)) {
    if (buffer_.empty()) {
      // In one part, as most are: made in place, for the handler to move from.
      std::string whole(last.data(), last.size());
      return (events_.*event)(whole);
    }
    buffer_.append(last.data(), last.size());
    const bool go_on = (events_.*event)(buffer_);
    buffer_.clear();  // the handler may have moved from it
    return go_on;
  }

  json_events& events_;
  const char* text_;
  std::string buffer_;  ///< a string or key, put together
  std::string number_;  ///< a number's text, put together
};

/// The byte at `at` of `text` as a message names it, escaped as printable() escapes quoted
/// input: 'x', control character \u000A, byte \xC3.
inline std::string byte_name(std::string_view text, std::size_t at) {
  const unsigned char c = static_cast<unsigned char>(text[at]);
  const std::string quoted = printable(text.substr(at, 1));
  if (c >= 0x20 && c < 0x7F) return "'" + quoted + "'";
  return (c < 0x80 ? "control character " : "byte ") + quoted;
}

/// What is wrong at `at` in `text` when Boost.JSON stops there with `ec`.
inline std::string reason(std::string_view text, std::size_t at, boost::json::error ec) {
  using boost::json::error;
  if (at >= text.size() || ec == error::incomplete) return "unexpected end of the text";
  if (text[at] == '\0') return "NUL byte in the text; JSON allows U+0000 only escaped, as \\u0000 in a string";
  if (at >= 6 && text[at - 6] == '\\' && (text[at - 5] == 'u') && (text[at - 4] | 0x20) == 'd' &&
      hex_digit(text[at - 3]) >= 8 && hex_digit(text[at - 3]) <= 11) {
    ec = error::expected_utf16_escape;  // a high surrogate \uD800-\uDBFF, with no escape after it
  }
  switch (ec) {
    case error::extra_data: return "unexpected " + byte_name(text, at) + " after the end of the value";
    case error::illegal_leading_surrogate:
    case error::illegal_trailing_surrogate:
    case error::expected_utf16_escape:
      return "a lone UTF-16 surrogate in a \\u escape: U+D800 to U+DFFF come only in pairs, a high surrogate "
             "then a low one";
    case error::expected_hex_digit: return "\\u must be followed by four hexadecimal digits";
    default: break;
  }
  const unsigned char c = static_cast<unsigned char>(text[at]);
  if (c >= 0x80) return "invalid UTF-8: unexpected " + byte_name(text, at);
  if (c < 0x20) return "unexpected " + byte_name(text, at) + " (a string holds it only escaped)";
  if (c == '\\') return "invalid escape: JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX";
  return "unexpected " + byte_name(text, at);
}

}  // namespace parse_detail

CARECOMPARE_FUNC void parse_events(std::string_view text, const limits& bounds, json_events& events) {
  if (text.size() > bounds.max_document_bytes) {
    throw parse_error(error_ids::parse_too_large,
                      "document of " + std::to_string(text.size()) + " bytes is larger than the limit of " +
                          std::to_string(bounds.max_document_bytes) + " bytes (limits::max_document_bytes)",
                      0, 0, 0);
  }
  boost::json::parse_options options;
  // One more than the bound: `events` stops at the bound itself, so that its depth is the one
  // that counts; Boost.JSON's own check only keeps its stack from growing without end.
  options.max_depth = std::max(bounds.max_json_depth, bounds.max_json_depth + 1);  // no wrap at SIZE_MAX
  boost::json::basic_parser<parse_detail::forwarder> parser(options, events, text.data());
  boost::json::error_code ec;
  std::size_t at = parser.write_some(false, text.data(), text.size(), ec);
  auto why = ec ? static_cast<boost::json::error>(ec.value()) : boost::json::error::extra_data;
  if (!ec) {
    at = text.find_first_not_of(" \t\n\r", at);
    if (at == std::string_view::npos) return;
  }
  // A text too deep is refused as such, whatever else is wrong with it.
  refuse_too_deep(text, bounds.max_json_depth);
  if (why == boost::json::error::too_deep) throw too_deep_error(text, bounds.max_json_depth);
  std::string message;
  if (why == boost::json::error::exponent_overflow) {
    at = std::min({parser.handler().overflow_at, at, text.size()});
    // Boost.JSON stops inside an exponent too long to count: back to the number's first byte.
    while (at > 0 && std::string_view("0123456789+-.eE").find(text[at - 1]) != std::string_view::npos) --at;
    const std::size_t end = std::min(text.find_first_of(",]} \t\n\r", at), text.size());
    message = "number out of the range of a double: " + printable(text.substr(at, std::min<std::size_t>(end - at, 40)));
  } else {
    at = std::min(at, text.size());
    message = parse_detail::reason(text, at, why);
  }
  const auto [line, column] = line_column(text, at);
  throw parse_error(error_ids::parse_syntax, message, line, column, at);
}

}  // namespace detail

CARECOMPARE_FUNC nlohmann::json parse_json(std::string_view text, const limits& bounds) {
  nlohmann::json value;
  detail::dom_builder builder(value, bounds.max_json_depth);
  detail::sax_parse_bounded(text, bounds, builder);
  return value;
}

CARECOMPARE_END_NAMESPACE

#if !defined(CARECOMPARE_HEADER_ONLY) || defined(CARECOMPARE_DEFINE_BOOST_JSON)
// Boost.JSON's few functions that are not inline, for basic_parser: compiled here, once, as
// Boost.JSON's "header-only" use asks (boost/json/src.hpp, in part). In header-only mode the
// program links Boost::json instead (cmake/library.cmake), or, when it includes the library in
// one file only, defines CARECOMPARE_DEFINE_BOOST_JSON there (setup.py does).
#include <boost/json/detail/impl/default_resource.ipp>
#include <boost/json/detail/impl/except.ipp>
#include <boost/json/detail/impl/shared_resource.ipp>  // its type, which UBSan's checks read
#include <boost/json/detail/impl/stack.ipp>
#include <boost/json/impl/error.ipp>
#endif
