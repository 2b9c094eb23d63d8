// SPDX-License-Identifier: MIT
/**
 * @file parse.hpp
 * JSON text in, with bounds and positions: the one entry point every JSON text goes through.
 *
 * `parse_json()` refuses texts larger than `limits::max_document_bytes` or nested deeper than
 * `limits::max_json_depth` before nlohmann/json sees them, so a 100,000-deep `[[[[...` is a
 * clear error rather than a stack overflow later on, and reports syntax errors (including
 * invalid UTF-8, lone surrogates, NUL bytes and numbers out of range such as 1e400) with line
 * and column.
 * ```
 * try { auto j = carecompare::parse_json(R"({"sites": ["bone",]})"); }
 * catch (const carecompare::parse_error& e) { e.line(); e.column(); }  // 1, 19
 * ```
 * Underneath, `detail::sax_parse_bounded()` runs nlohmann's SAX parser with these checks for any
 * handler: parse_json() builds a DOM with it, catalog::from_json() decodes the catalog directly
 * (sax_decoder, codec.hpp), so both give the same syntax errors.
 */
#ifndef CARECOMPARE_PARSE_HPP
#define CARECOMPARE_PARSE_HPP

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <tuple>

#include "config.hpp"
#include "detail/utf8.hpp"
#include "error.hpp"
#include "limits.hpp"

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

/// Offset of the first bracket nested deeper than `max_depth`, or npos. Strings are skipped.
inline std::size_t find_too_deep(std::string_view text, std::size_t max_depth) noexcept {
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
 * nlohmann/json's own DOM builder, refusing to open an array or object deeper than
 * `max_depth` (the root is depth 1): parsing stops there, so no deeper value is ever built.
 * This bounds the depth during the one pass over the text instead of in a pre-scan.
 */
class bounded_dom_parser : public nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
 public:
  bounded_dom_parser(nlohmann::json& result, std::size_t max_depth)
      : json_sax_dom_parser(result), max_depth_(max_depth) {}

  bool start_object(std::size_t elements) { return deeper() && json_sax_dom_parser::start_object(elements); }
  bool start_array(std::size_t elements) { return deeper() && json_sax_dom_parser::start_array(elements); }
  bool end_object() {
    --depth_;
    return json_sax_dom_parser::end_object();
  }
  bool end_array() {
    --depth_;
    return json_sax_dom_parser::end_array();
  }

 private:
  bool deeper() noexcept { return ++depth_ <= max_depth_; }

  std::size_t max_depth_;
  std::size_t depth_ = 0;
};

/// The error for a text nested deeper than `max_depth`, at the first bracket that goes too deep.
inline parse_error too_deep_error(std::string_view text, std::size_t max_depth) {
  const std::size_t at = std::min(find_too_deep(text, max_depth), text.size());
  const auto [line, column] = line_column(text, at);
  return parse_error(error_ids::parse_too_deep,
                     "nesting deeper than the limit of " + std::to_string(max_depth) + " (limits::max_json_depth)",
                     line, column, at);
}

/// Throws too_deep_error() if `text` is nested deeper than `max_depth`. Called when parsing
/// fails: a text too deep is refused as such, whatever else is wrong with it, as when the depth
/// was checked before parsing (the scan now runs only on failure).
inline void refuse_too_deep(std::string_view text, std::size_t max_depth) {
  if (find_too_deep(text, max_depth) != std::string_view::npos) throw too_deep_error(text, max_depth);
}

/// Strips nlohmann's "[json.exception.x.n] parse error at line L, column C: " prefix, and
/// escapes what it quotes of the input when that is not printable UTF-8.
inline std::string plain_message(const std::string& what) {
  std::string message = printable(what);
  if (const auto close = message.find("] "); message.rfind("[json.exception.", 0) == 0 &&
                                             close != std::string::npos) {
    message.erase(0, close + 2);
  }
  if (const auto colon = message.find(": "); message.rfind("parse error", 0) == 0 &&
                                             colon != std::string::npos) {
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
                      "document of " + std::to_string(text.size()) +
                          " bytes is larger than the limit of " +
                          std::to_string(bounds.max_document_bytes) +
                          " bytes (limits::max_document_bytes)",
                      0, 0, 0);
  }
  // nlohmann/json takes a NUL byte for the end of the input: "{}<NUL>anything" would parse as
  // "{}". JSON holds U+0000 only escaped, inside strings, so a NUL byte is a syntax error.
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    refuse_too_deep(text, bounds.max_json_depth);
    const auto [line, column] = line_column(text, nul);
    throw parse_error(error_ids::parse_syntax,
                      "NUL byte in the text; JSON allows U+0000 only escaped, as \\u0000 in a string", line,
                      column, nul);
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
    if (const auto q1 = message.find('\''), q2 = message.rfind('\'');
        q1 != std::string::npos && q2 > q1) {
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

/**
 * Parses JSON text within `bounds`.
 *
 * Throws `parse_error` (ids 101-103) with the line and column of the problem. Never crashes
 * on hostile input: the size is checked before parsing, the depth while parsing (no value
 * deeper than the limit is built).
 */
inline nlohmann::json parse_json(std::string_view text, const limits& bounds = {}) {
  nlohmann::json value;
  detail::bounded_dom_parser builder(value, bounds.max_json_depth);
  detail::sax_parse_bounded(text, bounds, builder);
  return value;
}

namespace detail {

/// Reads a whole file; on failure returns false and a reason ("No such file or directory").
inline bool read_file(const std::filesystem::path& path, std::string& out, std::string& reason,
                      std::size_t max_bytes) {
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
      reason = "larger than the limit of " + std::to_string(max_bytes) +
               " bytes (limits::max_document_bytes)";
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

#endif  // CARECOMPARE_PARSE_HPP
