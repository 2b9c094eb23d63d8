// SPDX-License-Identifier: MIT
/**
 * @file parse.hpp (private)
 * How every JSON text is parsed: `sax_parse_bounded()` runs nlohmann's SAX parser (its public
 * `nlohmann::json::sax_parse`) within the bounds of `limits` for any `json_sax`-shaped handler,
 * and turns its errors into carecompare's `parse_error` with line and column. `dom_builder` is
 * the handler that builds a `nlohmann::json` (parse_json()); the one decoder of model types is
 * another (codec.hpp's `sax_decoder`), so both give the same syntax errors.
 *
 * Only nlohmann's public interface is used, nothing from its `detail` namespace:
 * `nlohmann::json::sax_parse` on an iterator range, the `json_sax` event signatures (null,
 * boolean, number_integer, number_unsigned, number_float with its text, string, binary,
 * start_object/start_array with a size, key, end_object/end_array, and parse_error, which is a
 * template here so that it takes whatever exception type the parser passes),
 * `nlohmann::json::parse_error`/`exception`, and the value API. These are the same in
 * nlohmann/json 3.11 and 3.12, the versions this works with (3.12 changed the template
 * arguments of its own `detail::json_sax_dom_parser`, which nothing here uses).
 */
#ifndef CARECOMPARE_SRC_PARSE_HPP
#define CARECOMPARE_SRC_PARSE_HPP

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <tuple>

#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/limits.hpp>
#include <utility>
#include <vector>

#include "util/utf8.hpp"

CARECOMPARE_BEGIN_NAMESPACE

namespace detail {

/// 1-based line and column of a byte offset (columns count bytes, as nlohmann/json does).
inline std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

/// Offset in a JSON text of the first bracket nested deeper than `max_depth`, or npos: a scan of
/// the text, for error positions (values in memory: util/json_depth.hpp). Strings are skipped.
inline std::size_t find_too_deep_bracket(std::string_view text, std::size_t max_depth) noexcept {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

/**
 * Builds a `nlohmann::json` from SAX events (a `json_sax`-shaped handler), refusing to open an
 * array or object deeper than `max_depth` (the root is depth 1): parsing stops there, so no
 * deeper value is ever built. A key given twice keeps its last value, as nlohmann's own parser
 * does. Written on nlohmann's public value API only.
 */
class dom_builder {
 public:
  dom_builder(nlohmann::json& root, std::size_t max_depth) : root_(root), max_depth_(max_depth) {}

  bool null() { return put(nullptr); }
  bool boolean(bool b) { return put(b); }
  bool number_integer(nlohmann::json::number_integer_t i) { return put(i); }
  bool number_unsigned(nlohmann::json::number_unsigned_t u) { return put(u); }
  bool number_float(nlohmann::json::number_float_t d, const nlohmann::json::string_t&) { return put(d); }
  bool string(nlohmann::json::string_t& s) { return put(std::move(s)); }
  bool binary(nlohmann::json::binary_t& b) { return put(nlohmann::json::binary(std::move(b))); }
  bool start_object(std::size_t = static_cast<std::size_t>(-1)) { return open(nlohmann::json::object()); }
  bool start_array(std::size_t = static_cast<std::size_t>(-1)) { return open(nlohmann::json::array()); }
  bool key(nlohmann::json::string_t& k) {
    member_ = &(*stack_.back())[std::move(k)];  // std::map nodes do not move: the slot stays valid
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  template <class Exception>
  [[noreturn]] bool parse_error(std::size_t, const std::string&, const Exception& e) {
    throw e;  // sax_parse_bounded() turns it into a parse_error with line and column
  }

  /// How deep the value being built is nested now (0 outside any array or object).
  [[nodiscard]] std::size_t depth() const noexcept { return stack_.size(); }

 private:
  /// Where the next value goes: the root, the end of the open array, or the open object's member.
  template <class V>
  nlohmann::json* place(V&& v) {
    if (stack_.empty()) {
      root_ = std::forward<V>(v);
      return &root_;
    }
    nlohmann::json& top = *stack_.back();
    if (top.is_array()) {
      auto& a = *top.get_ptr<nlohmann::json::array_t*>();
      a.emplace_back(std::forward<V>(v));
      return &a.back();  // the open array grows only once this value is closed
    }
    *member_ = std::forward<V>(v);
    return member_;
  }
  template <class V>
  bool put(V&& v) {
    place(std::forward<V>(v));
    return true;
  }
  bool open(nlohmann::json&& container) {
    if (stack_.size() >= max_depth_) return false;
    stack_.push_back(place(std::move(container)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  nlohmann::json& root_;
  std::size_t max_depth_;
  std::vector<nlohmann::json*> stack_;
  nlohmann::json* member_ = nullptr;
};

/// What is wrong with a text or value nested deeper than `max_depth` (parse_error 103,
/// catalog_error 203).
inline std::string too_deep_reason(std::size_t max_depth) {
  return "nesting deeper than the limit of " + std::to_string(max_depth) + " (limits::max_json_depth)";
}

/// The error for a text nested deeper than `max_depth`, at the first bracket that goes too deep.
inline parse_error too_deep_error(std::string_view text, std::size_t max_depth) {
  const std::size_t at = std::min(find_too_deep_bracket(text, max_depth), text.size());
  const auto [line, column] = line_column(text, at);
  return parse_error(error_ids::parse_too_deep, too_deep_reason(max_depth), line, column, at);
}

/// Throws too_deep_error() if `text` is nested deeper than `max_depth`. Called when parsing
/// fails: a text too deep is refused as such, whatever else is wrong with it, as when the depth
/// was checked before parsing (the scan now runs only on failure).
inline void refuse_too_deep(std::string_view text, std::size_t max_depth) {
  if (find_too_deep_bracket(text, max_depth) != std::string_view::npos) throw too_deep_error(text, max_depth);
}

/// Strips nlohmann's "[json.exception.x.n] parse error at line L, column C: " prefix, and
/// escapes what it quotes of the input when that is not printable UTF-8.
inline std::string plain_message(const std::string& what) {
  std::string message = printable(what);
  if (const auto close = message.find("] "); message.rfind("[json.exception.", 0) == 0 && close != std::string::npos) {
    message.erase(0, close + 2);
  }
  if (const auto colon = message.find(": "); message.rfind("parse error", 0) == 0 && colon != std::string::npos) {
    message.erase(0, colon + 2);
  }
  return message;
}

}  // namespace detail

namespace detail {

/**
 * Runs nlohmann's SAX parser over `text` within `bounds`, feeding `handler`: the one place a
 * JSON text is parsed, whatever is built from it (a DOM in parse_json(), a catalog directly in
 * catalog::from_json()), so every text gets the same checks and the same errors.
 *
 * The size is checked before parsing and NUL bytes are refused (see parse_json()). `handler`
 * bounds the depth itself: it returns false from start_object() / start_array() past
 * `bounds.max_json_depth`, which is reported as too deep; its parse_error() must throw the
 * exception it is given, as nlohmann's DOM builder does. Throws `parse_error` (ids 101-103).
 */
template <class Handler>
void sax_parse_bounded(std::string_view text, const limits& bounds, Handler& handler) {
  if (text.size() > bounds.max_document_bytes) {
    throw parse_error(error_ids::parse_too_large,
                      "document of " + std::to_string(text.size()) + " bytes is larger than the limit of " +
                          std::to_string(bounds.max_document_bytes) + " bytes (limits::max_document_bytes)",
                      0, 0, 0);
  }
  // nlohmann/json takes a NUL byte for the end of the input: "{}<NUL>anything" would parse as
  // "{}". JSON holds U+0000 only escaped, inside strings, so a NUL byte is a syntax error.
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    refuse_too_deep(text, bounds.max_json_depth);
    const auto [line, column] = line_column(text, nul);
    throw parse_error(error_ids::parse_syntax,
                      "NUL byte in the text; JSON allows U+0000 only escaped, as \\u0000 in a string", line, column,
                      nul);
  }
  try {
    // Only the depth bound stops a parse without an exception.
    if (!nlohmann::json::sax_parse(text.begin(), text.end(), &handler)) {
      throw too_deep_error(text, bounds.max_json_depth);
    }
  } catch (const nlohmann::json::parse_error& e) {
    refuse_too_deep(text, bounds.max_json_depth);
    const std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    const auto [line, column] = line_column(text, at);
    throw parse_error(error_ids::parse_syntax, plain_message(e.what()), line, column, at);
  } catch (const nlohmann::json::exception& e) {
    refuse_too_deep(text, bounds.max_json_depth);
    // Number overflow (e.g. 1e400) carries no position: find the number in the text.
    std::string message = plain_message(e.what());
    std::size_t at = 0, line = 0, column = 0;
    if (const auto q1 = message.find('\''), q2 = message.rfind('\''); q1 != std::string::npos && q2 > q1) {
      const auto token = std::string_view(message).substr(q1 + 1, q2 - q1 - 1);
      if (const auto found = text.find(token); found != std::string_view::npos) {
        at = found;
        std::tie(line, column) = line_column(text, at);
      }
    }
    throw parse_error(error_ids::parse_syntax, message, line, column, at);
  }
}

}  // namespace detail

namespace detail {

/// Reads a whole file; on failure returns false and a reason ("No such file or directory").
inline bool read_file(const std::filesystem::path& path, std::string& out, std::string& reason, std::size_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    reason = "is a directory";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reason = std::strerror(errno);
    return false;
  }
  out.clear();
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    out.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (out.size() > max_bytes) {
      reason = "larger than the limit of " + std::to_string(max_bytes) + " bytes (limits::max_document_bytes)";
      return false;
    }
  }
  if (in.bad()) {
    reason = "read error";
    return false;
  }
  return true;
}

}  // namespace detail

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_PARSE_HPP
