// SPDX-License-Identifier: MIT
/**
 * @file codec.hpp
 * One generic, Boost.Describe-driven JSON encoder and strict decoder for every model type.
 *
 * There is no per-field code: `encode()` and `decoder` walk the members Boost.Describe lists
 * (bases first), so a field added to a described struct is read and written with no other
 * change. Decoding is strict and collects every problem with the JSON Pointer of its spot:
 * unknown keys, missing required keys, wrong types, bad enum values, empty text, bad dates and
 * versions. It never stops at the first problem.
 * ```
 * std::vector<carecompare::diagnostic> problems;
 * carecompare::strategy s;
 * carecompare::decoder{problems}.decode(json, s, "/strategies/3");
 * // problems[0].pointer == "/strategies/3/use_cases/0", message "empty text ..."
 * nlohmann::json back = carecompare::encode(s);
 * ```
 * For convenience every described type also works with nlohmann's `get<T>()` and assignment
 * (ADL `from_json` / `to_json`); `from_json` throws `catalog_error` with all problems.
 */
#ifndef CARECOMPARE_CODEC_HPP
#define CARECOMPARE_CODEC_HPP

#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "config.hpp"
#include "detail/utf8.hpp"
#include "error.hpp"
#include "limits.hpp"
#include "model.hpp"

CARECOMPARE_BEGIN_NAMESPACE

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

template <class T, bool = boost::describe::has_describe_members<T>::value>
struct described_struct_check : std::false_type {};
template <class T>
struct described_struct_check<T, true>
    : std::bool_constant<!std::is_union_v<T> &&
                         boost::mp11::mp_empty<boost::describe::describe_members<
                             T, boost::describe::mod_private | boost::describe::mod_protected>>::value> {};

/// Described structs without private or protected members: the ones the codec handles.
template <class T>
inline constexpr bool is_described_struct = described_struct_check<T>::value;

template <class T>
inline constexpr bool is_described_enum = boost::describe::has_describe_enumerators<T>::value;

/// Appends one reference token to a JSON Pointer, escaping `~` and `/` (RFC 6901).
inline void pointer_push(std::string& pointer, std::string_view token) {
  pointer += '/';
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}
inline void pointer_push(std::string& pointer, std::size_t index) {
  pointer += '/';
  pointer += std::to_string(index);
}

/// Restores a JSON Pointer to its length on scope exit.
class pointer_guard {
 public:
  explicit pointer_guard(std::string& pointer) : pointer_(pointer), size_(pointer.size()) {}
  pointer_guard(const pointer_guard&) = delete;
  pointer_guard& operator=(const pointer_guard&) = delete;
  ~pointer_guard() { pointer_.resize(size_); }

 private:
  std::string& pointer_;
  std::size_t size_;
};

/// The JSON spelling of an enumerator: its C++ name with `_` written as `-`.
template <class E>
std::string enum_json_name(E value) {
  std::string out;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (d.value == value) out = d.name;
  });
  for (char& c : out) {
    if (c == '_') c = '-';
  }
  return out;
}

/// Every JSON spelling of E, for error messages: `"treatment", "supportive", ...`.
template <class E>
std::string enum_json_names() {
  std::string out;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (!out.empty()) out += ", ";
    out += '"' + enum_json_name(d.value) + '"';
  });
  return out;
}

/// Parses the JSON spelling of an enumerator; false when there is no such enumerator.
template <class E>
bool enum_from_json_name(std::string_view name, E& out) noexcept {
  bool found = false;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (found) return;
    std::string_view cpp = d.name;
    if (cpp.size() != name.size()) return;
    for (std::size_t i = 0; i < cpp.size(); ++i) {
      const char expect = cpp[i] == '_' ? '-' : cpp[i];
      if (name[i] != expect) return;
    }
    out = d.value;
    found = true;
  });
  return found;
}

/// The JSON type of a value as a reader would say it: "a string", "an array", "null"...
inline std::string json_kind(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::binary: return "binary data";
    case nlohmann::json::value_t::discarded: return "nothing";
    default: return "a number";
  }
}

}  // namespace detail

/**
 * Strict decoder: fills a model value from JSON and records every problem it meets.
 *
 * Problems are appended to the vector given at construction, each with the JSON Pointer of
 * its spot; decoding goes on past a problem so that one pass reports them all.
 */
class decoder {
 public:
  explicit decoder(std::vector<diagnostic>& problems, const limits& bounds = {})
      : problems_(problems), limits_(bounds) {}

  /// Decodes `j` into `out`; `pointer` is where `j` sits in its document ("" = root).
  template <class T>
  void decode(const nlohmann::json& j, T& out, std::string pointer = {}) {
    decode_value(j, out, pointer);
  }

  /// Records a problem (used by validation passes that run after decoding).
  void report(int id, std::string pointer, std::string message) {
    problems_.push_back(diagnostic{id, std::move(pointer), std::move(message), 0, 0,
                                   diagnostic::severity::error, {}});
  }

 private:
  void wrong_type(const std::string& pointer, const char* expected, const nlohmann::json& got) {
    report(error_ids::catalog_wrong_type, pointer,
           std::string("expected ") + expected + ", got " + detail::json_kind(got));
  }

  void decode_value(const nlohmann::json& j, std::string& out, std::string& pointer) {
    if (!j.is_string()) return wrong_type(pointer, "a string", j);
    const auto& text = j.get_ref<const std::string&>();
    if (const std::size_t bad = detail::find_invalid_utf8(text); bad != std::string::npos) {
      report(error_ids::catalog_bad_text, pointer,
             "invalid UTF-8 at byte " + std::to_string(bad) + " of the text");
      return;
    }
    if (text.size() > limits_.max_text_bytes) {
      report(error_ids::catalog_limit, pointer,
             "text of " + std::to_string(text.size()) + " bytes is longer than the limit of " +
                 std::to_string(limits_.max_text_bytes) + " bytes (limits::max_text_bytes)");
      return;
    }
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      report(error_ids::catalog_empty_text, pointer, "empty text where text is required");
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
        report(error_ids::catalog_bad_text, pointer,
               "control character U+00" + std::string(1, "0123456789ABCDEF"[c >> 4]) +
                   std::string(1, "0123456789ABCDEF"[c & 15]) + " at byte " + std::to_string(i) +
                   " of the text");
        break;
      }
    }
    out = text;
  }

  void decode_value(const nlohmann::json& j, bool& out, std::string& pointer) {
    if (!j.is_boolean()) return wrong_type(pointer, "true or false", j);
    out = j.get<bool>();
  }

  void decode_value(const nlohmann::json& j, double& out, std::string& pointer) {
    if (!j.is_number()) return wrong_type(pointer, "a number", j);
    out = j.get<double>();
    if (!std::isfinite(out)) {
      report(error_ids::catalog_bad_number, pointer, "the number is not finite");
    }
  }

  void decode_value(const nlohmann::json& j, nlohmann::json& out, std::string&) { out = j; }

  void decode_value(const nlohmann::json& j, iso_date& out, std::string& pointer) {
    if (!j.is_string()) return wrong_type(pointer, "a date string (YYYY-MM-DD)", j);
    const auto& text = j.get_ref<const std::string&>();
    if (auto d = iso_date::parse(text)) {
      out = *d;
    } else {
      report(error_ids::catalog_bad_date, pointer,
             "\"" + text + "\" is not a calendar date in the form YYYY-MM-DD");
    }
  }

  void decode_value(const nlohmann::json& j, semantic_version& out, std::string& pointer) {
    if (!j.is_string()) return wrong_type(pointer, "a version string (e.g. \"1.0.0\")", j);
    const auto& text = j.get_ref<const std::string&>();
    if (auto v = semantic_version::parse(text)) {
      out = std::move(*v);
    } else {
      report(error_ids::catalog_bad_version, pointer,
             "\"" + text + "\" is not a semantic version (MAJOR.MINOR.PATCH, e.g. \"1.0.0\")");
    }
  }

  template <class E, std::enable_if_t<detail::is_described_enum<E>, int> = 0>
  void decode_value(const nlohmann::json& j, E& out, std::string& pointer) {
    if (!j.is_string()) return wrong_type(pointer, "a string", j);
    const auto& text = j.get_ref<const std::string&>();
    if (!detail::enum_from_json_name(text, out)) {
      report(error_ids::catalog_bad_enum, pointer,
             "\"" + text + "\" is not one of " + detail::enum_json_names<E>());
    }
  }

  template <class T>
  void decode_value(const nlohmann::json& j, std::vector<T>& out, std::string& pointer) {
    if (!j.is_array()) return wrong_type(pointer, "an array", j);
    out.clear();
    out.resize(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
      detail::pointer_guard guard(pointer);
      detail::pointer_push(pointer, i);
      decode_value(j[i], out[i], pointer);
    }
  }

  template <class T>
  void decode_value(const nlohmann::json& j, std::optional<T>& out, std::string& pointer) {
    out.emplace();
    decode_value(j, *out, pointer);
  }

  template <class T, std::enable_if_t<detail::is_described_struct<T>, int> = 0>
  void decode_value(const nlohmann::json& j, T& out, std::string& pointer) {
    if (!j.is_object()) return wrong_type(pointer, "an object", j);
    // Unknown keys first, in the document's key order.
    for (const auto& [key, value] : j.items()) {
      if (!has_member<T>(key)) {
        detail::pointer_guard guard(pointer);
        detail::pointer_push(pointer, key);
        report(error_ids::catalog_unknown_key, pointer,
               "unknown key \"" + key + "\"; expected one of " + member_names<T>());
      }
    }
    decode_members(j, out, pointer);
  }

  template <class T>
  void decode_members(const nlohmann::json& j, T& out, std::string& pointer) {
    boost::mp11::mp_for_each<boost::describe::describe_bases<T, boost::describe::mod_public>>(
        [&](auto base) {
          using B = typename decltype(base)::type;
          decode_members(j, static_cast<B&>(out), pointer);
        });
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
        [&](auto member) {
          auto& field = out.*member.pointer;
          using F = std::remove_reference_t<decltype(field)>;
          detail::pointer_guard guard(pointer);
          detail::pointer_push(pointer, member.name);
          const auto it = j.find(member.name);
          if (it == j.end()) {
            if constexpr (!detail::is_optional<F>::value) {
              report(error_ids::catalog_missing_field, pointer,
                     std::string("missing required key \"") + member.name + "\"");
            }
            return;
          }
          decode_value(*it, field, pointer);
        });
  }

  template <class T>
  static bool has_member(std::string_view key) {
    bool found = false;
    boost::mp11::mp_for_each<
        boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>>(
        [&](auto member) { found = found || key == member.name; });
    return found;
  }

  template <class T>
  static std::string member_names() {
    std::string out;
    boost::mp11::mp_for_each<
        boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>>(
        [&](auto member) {
          if (!out.empty()) out += ", ";
          out += member.name;
        });
    return out;
  }

  std::vector<diagnostic>& problems_;
  limits limits_;
};

/// JSON of a model value: described structs as objects (empty optionals omitted), enums as
/// strings, dates and versions as their text.
template <class T>
nlohmann::json encode(const T& value) {
  if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool> ||
                std::is_same_v<T, double> || std::is_same_v<T, nlohmann::json>) {
    return value;
  } else if constexpr (std::is_same_v<T, iso_date> || std::is_same_v<T, semantic_version>) {
    return value.to_string();
  } else if constexpr (detail::is_described_enum<T>) {
    return detail::enum_json_name(value);
  } else if constexpr (detail::is_vector<T>::value) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(encode(item));
    return out;
  } else {
    static_assert(detail::is_described_struct<T>, "encode() needs a model type");
    nlohmann::json out = nlohmann::json::object();
    boost::mp11::mp_for_each<
        boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>>(
        [&](auto member) {
          const auto& field = value.*member.pointer;
          using F = std::remove_cv_t<std::remove_reference_t<decltype(field)>>;
          if constexpr (detail::is_optional<F>::value) {
            if (field) out[member.name] = encode(*field);
          } else {
            out[member.name] = encode(field);
          }
        });
    return out;
  }
}

/// Decodes a model value, throwing `catalog_error` with every problem found.
template <class T>
T decode(const nlohmann::json& j, const limits& bounds = {}) {
  std::vector<diagnostic> problems;
  T out{};
  decoder(problems, bounds).decode(j, out);
  if (!problems.empty()) throw catalog_error(std::move(problems));
  return out;
}

// ADL hooks so that nlohmann's `json j = value;` and `j.get<T>()` work with every model type.
template <class T, std::enable_if_t<detail::is_described_struct<T>, int> = 0>
void to_json(nlohmann::json& j, const T& value) {
  j = encode(value);
}
template <class T, std::enable_if_t<detail::is_described_struct<T>, int> = 0>
void from_json(const nlohmann::json& j, T& value) {
  value = decode<T>(j);
}
template <class E, std::enable_if_t<detail::is_described_enum<E>, int> = 0>
void to_json(nlohmann::json& j, E value) {
  j = detail::enum_json_name(value);
}
template <class E, std::enable_if_t<detail::is_described_enum<E>, int> = 0>
void from_json(const nlohmann::json& j, E& value) {
  value = decode<E>(j);
}
inline void to_json(nlohmann::json& j, const iso_date& value) { j = value.to_string(); }
inline void from_json(const nlohmann::json& j, iso_date& value) { value = decode<iso_date>(j); }
inline void to_json(nlohmann::json& j, const semantic_version& value) { j = value.to_string(); }
inline void from_json(const nlohmann::json& j, semantic_version& value) {
  value = decode<semantic_version>(j);
}

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_CODEC_HPP
