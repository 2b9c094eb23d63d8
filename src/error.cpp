// SPDX-License-Identifier: MIT
// The exceptions of error.hpp: their messages, escaped to one line of valid UTF-8.
#include <carecompare/error.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/suggest.hpp"
#include "util/utf8.hpp"

CARECOMPARE_BEGIN_NAMESPACE

namespace detail {
/// The message of a catalog_error: the origin, the first problem, then the others one per line.
CARECOMPARE_FUNC std::string describe_problems(const std::vector<diagnostic>& problems, const std::string& origin,
                                               std::size_t omitted) {
  std::string out = origin.empty() ? std::string() : origin + ": ";
  if (problems.empty()) return out + "invalid catalog";
  out += problems.front().to_string();
  if (const std::size_t more = problems.size() - 1 + omitted; more > 0) {
    out += " (and " + std::to_string(more) + " more problem" + (more > 1 ? "s" : "") + ")";
    for (std::size_t i = 1; i < problems.size(); ++i) {
      out += "\n  " + problems[i].to_string();
    }
    if (omitted > 0) {
      out += "\n  ... and " + std::to_string(omitted) + " more problem" + (omitted > 1 ? "s" : "") +
             " not listed (limits::max_problems)";
    }
  }
  return out;
}
}  // namespace detail

namespace detail {
/// The message of an error at JSON Pointer `path`: "<path>: <message>" ("<message>" for ""),
/// escaped to one line of valid UTF-8.
CARECOMPARE_FUNC std::string at_pointer(const std::string& path, const std::string& message) {
  return printable((path.empty() ? "" : path + ": ") + message);
}

/// How many bytes of at_pointer(path, message) say where: those of "<path>: ", when the path
/// needs no escape (escaping goes byte by byte and ": " is plain, so the message then starts
/// with it); else none, and the description keeps the escaped path.
CARECOMPARE_FUNC std::size_t pointer_bytes(const std::string& path) {
  return !path.empty() && printable(path) == path ? path.size() + 2 : 0;
}
}  // namespace detail

CARECOMPARE_FUNC std::string diagnostic::to_string() const {
  std::string out;
  if (line != 0) {
    out = "line " + std::to_string(line) + ", column " + std::to_string(column);
  } else {
    out = pointer.empty() ? std::string("(document)") : detail::printable(pointer);
  }
  out += ": ";
  out += detail::printable(message);
  if (!suggestion.empty()) out += detail::did_you_mean(detail::printable(suggestion));
  return out;
}

CARECOMPARE_FUNC std::string_view to_string(diagnostic::severity level) noexcept {
  return level == diagnostic::severity::warning ? "warning" : "error";
}

CARECOMPARE_FUNC catalog_error::catalog_error(std::vector<diagnostic> problems, const std::string& origin,
                                              std::size_t omitted)
    : error("catalog", problems.empty() ? 0 : problems.front().id,
            detail::describe_problems(problems, origin, omitted)),
      problems_(std::move(problems)),
      omitted_(omitted) {}

CARECOMPARE_FUNC circumstances_error::circumstances_error(int id, std::string path, const std::string& message)
    : error("circumstances", id, detail::at_pointer(path, message), detail::pointer_bytes(path)),
      path_(std::move(path)) {}

CARECOMPARE_FUNC logic_error::logic_error(int id, std::string path, const std::string& message)
    : error("logic", id, detail::at_pointer(path, message), detail::pointer_bytes(path)), path_(std::move(path)) {}

namespace detail {
/// What a record_error's what() says before its message: "<origin>: " and "<path>: " (or, for a
/// syntax error, "line L, column C: ").
inline std::pair<std::string, std::string> record_error_places(const std::string& path, std::size_t line,
                                                               std::size_t column, const std::string& origin) {
  std::string where = line != 0      ? "line " + std::to_string(line) + ", column " + std::to_string(column) + ": "
                      : path.empty() ? std::string()
                                     : path + ": ";
  return {origin.empty() ? std::string() : origin + ": ", std::move(where)};
}
}  // namespace detail

CARECOMPARE_FUNC record_error::record_error(int id, std::string path, const std::string& message, std::size_t line,
                                            std::size_t column, const std::string& origin)
    : record_error(id, path, message, line, column, detail::record_error_places(path, line, column, origin)) {}

CARECOMPARE_FUNC record_error::record_error(int id, std::string path, const std::string& message, std::size_t line,
                                            std::size_t column, const std::pair<std::string, std::string>& places)
    // description() keeps "line L, column C: " as a parse error's does, and skips the origin and
    // the JSON Pointer when they need no escape (then the escaped text starts with them).
    : error("fhir", id, detail::printable(places.first + places.second + message),
            detail::printable(places.first) == places.first &&
                    (line != 0 || detail::printable(places.second) == places.second)
                ? places.first.size() + (line != 0 ? 0 : places.second.size())
                : 0),
      path_(std::move(path)),
      reason_(message),
      line_(line),
      column_(column) {}

CARECOMPARE_FUNC render_error::render_error(int id, const std::string& message)
    : error("render", id, detail::printable(message)) {}

CARECOMPARE_FUNC render_error::render_error(int id, std::string path, const std::string& message)
    : error("render", id, detail::at_pointer(path, message), detail::pointer_bytes(path)), path_(std::move(path)) {}

CARECOMPARE_END_NAMESPACE
