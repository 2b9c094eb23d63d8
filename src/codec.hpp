// SPDX-License-Identifier: MIT
/**
 * @file codec.hpp (private)
 * The generic, Boost.Describe-driven JSON encoder and the one strict decoder behind the public
 * codec.hpp and catalog loading, for every model type.
 *
 * There is no per-field code: `encode_value()` and `sax_decoder` walk the members Boost.Describe
 * lists (bases first), so a field added to a described struct is read and written with no other
 * change. Decoding is strict and collects every problem with the JSON Pointer of its spot.
 * `sax_decoder` decodes a JSON text from the events of the one parser (parse.hpp's
 * `sax_parse_bounded()`), and a `nlohmann::json` value by walking it into the same events: one
 * decoder, the same problems from a text and from its DOM.
 *
 * Only nlohmann/json's public interface is used, nothing from its `detail` namespace: the
 * `json_sax` event signatures and the value API (`type()`, `get_ptr<>()`, `object_t`,
 * `array_t`, ...). It works with nlohmann/json 3.11 and 3.12.
 */
#ifndef CARECOMPARE_SRC_CODEC_HPP
#define CARECOMPARE_SRC_CODEC_HPP

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <carecompare/codec.hpp>
#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/limits.hpp>
#include <carecompare/model.hpp>

#include "parse.hpp"
#include "util/json_depth.hpp"
#include "util/json_pointer.hpp"
#include "util/suggest.hpp"
#include "util/utf8.hpp"

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

/// The report types (CARECOMPARE_REPORT_TYPES): written, never read, every key always there.
#define CARECOMPARE_IS_REPORT(R) || std::is_same_v<T, R>
template <class T>
inline constexpr bool is_report = false CARECOMPARE_REPORT_TYPES(CARECOMPARE_IS_REPORT);
#undef CARECOMPARE_IS_REPORT

/// The one key a catalog document may carry beyond its model's members: the URI of its JSON
/// Schema, for editors. The decoder accepts it (a string) at the root and does not keep it.
inline constexpr std::string_view schema_key = "$schema";

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

/// The ECMAScript regular expression of a text check_text() accepts: no control character but
/// tab, line feed and carriage return, and not blank (only spaces, tabs and line breaks). For the
/// JSON Schema (schema.hpp); the length limit (limits::max_text_bytes) is the loader's alone.
inline constexpr std::string_view text_pattern =
    "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*[^\\u0000-\\u0020\\u007F]"
    "[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$";

/// The ECMAScript regular expression of the text iso_date::parse() reads: `YYYY-MM-DD`. That
/// the day exists in its month (no 2026-02-30) only the loader checks.
inline constexpr std::string_view date_pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// The ECMAScript regular expression of the text semantic_version::parse() reads (semver 2.0.0:
/// no leading zeros in numbers and numeric pre-release identifiers). That each number fits in
/// 64 bits only the loader checks.
inline constexpr std::string_view version_pattern =
    "^(0|[1-9][0-9]*)[.](0|[1-9][0-9]*)[.](0|[1-9][0-9]*)"
    "(-(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)([.](0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?"
    "([+][0-9A-Za-z-]+([.][0-9A-Za-z-]+)*)?$";

/**
 * The problems of a text where text is required (a name, a purpose...), passed to
 * `report(id, message)`; false when the text must not be kept (invalid UTF-8, too long).
 * `parsed` says the text comes straight from nlohmann's lexer, which accepts only valid UTF-8:
 * it is not checked again (a string of a value built in memory is).
 */
template <class Report>
bool check_text(const std::string& text, const limits& bounds, Report&& report, bool parsed = false) {
  if (const std::size_t bad = parsed ? std::string::npos : find_invalid_utf8(text); bad != std::string::npos) {
    report(error_ids::catalog_bad_text, "invalid UTF-8 at byte " + std::to_string(bad) + " of the text");
    return false;
  }
  if (text.size() > bounds.max_text_bytes) {
    report(error_ids::catalog_limit, "text of " + std::to_string(text.size()) + " bytes is longer than the limit of " +
                                         std::to_string(bounds.max_text_bytes) + " bytes (limits::max_text_bytes)");
    return false;
  }
  // Most texts are printable and not all spaces: one branch-free pass (which the compiler can
  // vectorise) says so, and the exact pass below runs only for the others.
  unsigned char low = 0, nonspace = 0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    low |= static_cast<unsigned char>((c < 0x20) | (c == 0x7F));
    nonspace |= static_cast<unsigned char>(c != ' ');
  }
  if (!low && nonspace) return true;
  // Whether the text is blank, and its first control character.
  bool blank = true;
  std::size_t control = std::string::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != 0x7F) {
      blank = blank && c == ' ';
    } else if (c != '\t' && c != '\n' && c != '\r') {
      control = i;  // not blank either
      blank = false;
      break;
    }
  }
  if (blank) report(error_ids::catalog_empty_text, "empty text where text is required");
  if (control != std::string::npos) {
    const auto c = static_cast<unsigned char>(text[control]);
    report(error_ids::catalog_bad_text, "control character U+00" + std::string(1, hex_digits[c >> 4]) +
                                            std::string(1, hex_digits[c & 15]) + " at byte " + std::to_string(control) +
                                            " of the text");
  }
  return true;
}

/// Decodes a date, or reports why it is not one.
template <class Report>
void decode_string(const std::string& text, iso_date& out, Report&& report) {
  if (auto d = iso_date::parse(text)) {
    out = *d;
  } else {
    report(error_ids::catalog_bad_date, "\"" + text + "\" is not a calendar date in the form YYYY-MM-DD");
  }
}

/// Decodes a semantic version, or reports why it is not one.
template <class Report>
void decode_string(const std::string& text, semantic_version& out, Report&& report) {
  if (auto v = semantic_version::parse(text)) {
    out = std::move(*v);
  } else {
    report(error_ids::catalog_bad_version,
           "\"" + text + "\" is not a semantic version (MAJOR.MINOR.PATCH, e.g. \"1.0.0\")");
  }
}

/// Decodes an enumerator from its JSON spelling, or reports the spellings there are.
template <class E, class Report, std::enable_if_t<is_described_enum<E>, int> = 0>
void decode_string(const std::string& text, E& out, Report&& report) {
  if (!enum_from_json_name(text, out)) {
    report(error_ids::catalog_bad_enum, "\"" + text + "\" is not one of " + enum_json_names<E>());
  }
}

/// What each model type expects, for "expected ..., got ..." messages.
template <class T>
constexpr const char* expected_kind() noexcept {
  if constexpr (std::is_same_v<T, bool>) {
    return "true or false";
  } else if constexpr (std::is_same_v<T, double>) {
    return "a number";
  } else if constexpr (std::is_same_v<T, iso_date>) {
    return "a date string (YYYY-MM-DD)";
  } else if constexpr (std::is_same_v<T, semantic_version>) {
    return "a version string (e.g. \"1.0.0\")";
  } else if constexpr (is_vector<T>::value) {
    return "an array";
  } else if constexpr (is_described_struct<T>) {
    return "an object";
  } else {
    return "a string";  // std::string and enums
  }
}

/**
 * One JSON value as the decoder receives it, from the parser (parse.hpp) or from a DOM value
 * being walked (sax_value::of()): its kind and, for scalars, its content.
 */
struct sax_value {
  /// JSON text holds the first eight kinds; a DOM value built in memory may hold all ten.
  enum kind_t { null, boolean, integer, unsigned_integer, floating, string, object, array, binary, discarded };

  kind_t kind = null;
  bool boolean_value = false;
  std::int64_t integer_value = 0;
  std::uint64_t unsigned_value = 0;
  double floating_value = 0;
  const std::string* string_value = nullptr;  ///< the parser's buffer or the DOM's string: copy it, do not keep it

  /// The value `j` of a DOM (`j` must outlive the result).
  static sax_value of(const nlohmann::json& j) noexcept {
    sax_value v;
    switch (j.type()) {
      case nlohmann::json::value_t::null: break;
      case nlohmann::json::value_t::boolean:
        v.kind = boolean;
        v.boolean_value = *j.get_ptr<const nlohmann::json::boolean_t*>();
        break;
      case nlohmann::json::value_t::number_integer:
        v.kind = integer;
        v.integer_value = *j.get_ptr<const nlohmann::json::number_integer_t*>();
        break;
      case nlohmann::json::value_t::number_unsigned:
        v.kind = unsigned_integer;
        v.unsigned_value = *j.get_ptr<const nlohmann::json::number_unsigned_t*>();
        break;
      case nlohmann::json::value_t::number_float:
        v.kind = floating;
        v.floating_value = *j.get_ptr<const nlohmann::json::number_float_t*>();
        break;
      case nlohmann::json::value_t::string:
        v.kind = string;
        v.string_value = j.get_ptr<const nlohmann::json::string_t*>();
        break;
      case nlohmann::json::value_t::object: v.kind = object; break;
      case nlohmann::json::value_t::array: v.kind = array; break;
      case nlohmann::json::value_t::binary: v.kind = binary; break;
      default: v.kind = discarded; break;
    }
    return v;
  }

  [[nodiscard]] bool structured() const noexcept { return kind == object || kind == array; }
  /// The JSON type as a reader would say it: "a string", "an array", "null"...
  [[nodiscard]] const char* kind_name() const noexcept {
    switch (kind) {
      case null: return "null";
      case boolean: return "a boolean";
      case string: return "a string";
      case object: return "an object";
      case array: return "an array";
      case binary: return "binary data";
      case discarded: return "nothing";
      default: return "a number";
    }
  }
};

/// The JSON type of a value as a reader would say it: "a string", "an array", "null"...
inline std::string json_kind(const nlohmann::json& j) { return sax_value::of(j).kind_name(); }

/**
 * The strict decoder of every model type, driven by SAX events: it fills a model value straight
 * from JSON text as the parser reads it, without a DOM of the whole document (only
 * `nlohmann::json` members, such as a rule's `when` and a catalog's `extensions`, are built as
 * JSON values). A value already parsed (`nlohmann::json`) is decoded by the same code: it is
 * walked without recursion and fed to the decoder as the events of its text.
 *
 * Problems come in one order whatever the input's key order: per object, unknown keys first
 * (in key order), then each member in description order (a missing key at its member's place);
 * per array, by index. A key given twice in a text counts only its last value, as in
 * nlohmann/json's DOM, so a text and its DOM get the same problems. Problems are found in the
 * input's order and sorted into that one once the input is decoded; JSON Pointers are built
 * only for the problems reported.
 * ```
 * std::vector<carecompare::diagnostic> problems;
 * carecompare::catalog_document doc;
 * carecompare::detail::sax_decoder(problems).decode_text(text, doc);  // throws parse_error on bad syntax
 * carecompare::strategy s;
 * carecompare::detail::sax_decoder(problems).decode_value(value, s, "/strategies/3");
 * ```
 * Bounds: the size and depth of a text as parse_json() checks them (`parse_error` 102, 103),
 * the depth of a value (catalog_too_deep), each text's length (limits::max_text_bytes), and
 * the number of items of chosen arrays (limit_items(): past it, items are counted, not
 * decoded). Each decoder decodes one input.
 */
class sax_decoder {
 public:
  explicit sax_decoder(std::vector<diagnostic>& problems, const limits& bounds = {})
      : problems_(problems), limits_(bounds) {}
  sax_decoder(const sax_decoder&) = delete;
  sax_decoder& operator=(const sax_decoder&) = delete;

  /**
   * Bounds the number of items of the array `vector` (a member of the value decoded):
   * past `max`, items are counted but not decoded, and limit_problems() reports the count at
   * `pointer` as "<count> <noun> is more than the limit of <max> (limits::<bound>)".
   */
  void limit_items(const void* vector, std::size_t max, std::string pointer, std::string noun, std::string bound) {
    item_limits_.push_back({vector, max, std::move(pointer), std::move(noun), std::move(bound), 0});
  }

  /**
   * True when decoding stopped collecting problems early: more than `abandon_after` problems
   * were found by a decoder with item limits. Such an input is most likely refused for its counts
   * (100,001 empty rules would otherwise be 500,000 problems decoded, placed and sorted, only to
   * be dropped for the one count problem): past that many problems only the limited arrays are
   * counted, so limit_problems() stays exact. When no count is past its limit after all, the
   * problems are incomplete: the caller decodes again with a decoder without item limits (which
   * never abandons), as catalog loading does (catalog_access::load()).
   */
  [[nodiscard]] bool abandoned() const noexcept { return abandoned_; }
  /// Problems after which an input decoded with item limits is only counted (see abandoned()).
  static constexpr std::size_t abandon_after = 4096;

  /// Problems with the item counts of limit_items(), in the order the limits were given.
  [[nodiscard]] std::vector<diagnostic> limit_problems() const {
    std::vector<diagnostic> out;
    for (const auto& l : item_limits_) {
      if (l.count <= l.max) continue;
      out.push_back(diagnostic{error_ids::catalog_limit,
                               l.pointer,
                               std::to_string(l.count) + " " + l.noun + " is more than the limit of " +
                                   std::to_string(l.max) + " (limits::" + l.bound + ")",
                               0,
                               0,
                               diagnostic::severity::error,
                               {}});
    }
    return out;
  }

  /**
   * Parses `text` (within the limits: see detail::sax_parse_bounded()) and decodes it into
   * `out`, appending every problem to the vector given at construction. Throws `parse_error`
   * when the text is not JSON; `out` is then partly filled.
   */
  template <class T>
  void decode_text(std::string_view text, T& out) {
    root_ = {type_of<T>(), &out};
    lexed_ = true;
    detail::sax_parse_bounded(text, limits_, *this);
    finish();
  }

  /**
   * Decodes the value `value` into `out`, appending every problem to the vector given at
   * construction; `pointer` is where `value` sits in its document ("" = root) and starts the
   * JSON Pointer of each problem. The value is walked without recursion and its events fed to
   * the decoder as a text's would be.
   *
   * A value nested deeper than limits::max_json_depth is not decoded: its one problem is
   * catalog_too_deep at the first array or object too deep (detail::find_too_deep()), and the
   * result is false.
   */
  template <class T>
  bool decode_value(const nlohmann::json& value, T& out, std::string_view pointer = {}) {
    if (auto deep = detail::find_too_deep(value, limits_.max_json_depth)) {
      problems_.push_back(diagnostic{error_ids::catalog_too_deep,
                                     std::string(pointer) + *deep,
                                     detail::too_deep_reason(limits_.max_json_depth),
                                     0,
                                     0,
                                     diagnostic::severity::error,
                                     {}});
      return false;
    }
    root_ = {type_of<T>(), &out};
    prefix_ = pointer;
    lexed_ = false;
    walk(value);
    finish();
    return true;
  }

  /// @name nlohmann/json SAX interface (called by the parser)
  /// @{
  bool null() {
    if (dom_) return dom_->null();
    return value(detail::sax_value{});
  }
  bool boolean(bool b) {
    if (dom_) return dom_->boolean(b);
    detail::sax_value v;
    v.kind = detail::sax_value::boolean;
    v.boolean_value = b;
    return value(v);
  }
  bool number_integer(nlohmann::json::number_integer_t i) {
    if (dom_) return dom_->number_integer(i);
    detail::sax_value v;
    v.kind = detail::sax_value::integer;
    v.integer_value = i;
    return value(v);
  }
  bool number_unsigned(nlohmann::json::number_unsigned_t u) {
    if (dom_) return dom_->number_unsigned(u);
    detail::sax_value v;
    v.kind = detail::sax_value::unsigned_integer;
    v.unsigned_value = u;
    return value(v);
  }
  bool number_float(nlohmann::json::number_float_t d, const nlohmann::json::string_t& text) {
    if (dom_) return dom_->number_float(d, text);
    detail::sax_value v;
    v.kind = detail::sax_value::floating;
    v.floating_value = d;
    return value(v);
  }
  bool string(nlohmann::json::string_t& s) {
    if (dom_) return dom_->string(s);  // the parser's buffer, moved into the DOM being built
    detail::sax_value v;
    v.kind = detail::sax_value::string;
    v.string_value = &s;
    return value(v);
  }
  bool start_object(std::size_t = static_cast<std::size_t>(-1)) {
    if (++depth_ > limits_.max_json_depth) return false;
    if (dom_) {
      ++dom_depth_;
      return dom_->start_object();
    }
    detail::sax_value v;
    v.kind = detail::sax_value::object;
    return value(v);
  }
  bool start_array(std::size_t = static_cast<std::size_t>(-1)) {
    if (++depth_ > limits_.max_json_depth) return false;
    if (dom_) {
      ++dom_depth_;
      return dom_->start_array();
    }
    detail::sax_value v;
    v.kind = detail::sax_value::array;
    return value(v);
  }
  bool key(nlohmann::json::string_t& k) {
    if (skip_ > 0) return true;
    if (dom_) return dom_->key(k);
    object_key(k);
    return true;
  }
  bool end_object() {
    --depth_;
    if (skip_ > 0) {
      --skip_;
      return true;
    }
    if (dom_) return end_dom(&dom_parser::end_object);
    close_object();
    return true;
  }
  bool end_array() {
    --depth_;
    if (skip_ > 0) {
      --skip_;
      return true;
    }
    if (dom_) return end_dom(&dom_parser::end_array);
    close_array();
    return true;
  }
  /// @}

 private:
  using dom_parser = detail::dom_builder;

  /// How values of one model type are decoded: begin(decoder, out, first event) decodes a
  /// scalar at once, or opens a frame for an array or object.
  struct type_info {
    void (*begin)(sax_decoder&, void* out, const detail::sax_value& v);
  };

  /// One member of a described struct (bases' members included).
  struct member_info {
    std::string_view name;
    bool required;
    const type_info* type;
    void* (*field)(void* object);  ///< the member of an object
    void (*reset)(void* object);   ///< sets the member back to its default (a key given twice)
  };

  struct struct_info {
    std::vector<member_info> members;
    std::string names;  ///< "id, name, kind, ..." for unknown-key messages
  };

  /// An open array or object being decoded.
  struct frame {
    void* out = nullptr;
    const struct_info* object = nullptr;  ///< null for an array
    // Object: the member whose value comes next, or is being decoded (npos: an unknown key).
    std::size_t member = npos;
    // The members given so far, one bit each (see given()): members 0 to 63 here, those of a
    // struct of more than 64 members beyond in wide_seen_, 64 a word from wide_seen_[seen_more].
    std::uint64_t seen = 0;
    std::size_t seen_more = 0;
    // Array: how to add an element, how to decode one, how many so far, and the limit.
    void* (*push)(void* vector) = nullptr;
    const type_info* element = nullptr;
    std::size_t items = 0;
    std::size_t limit = npos;  ///< index into item_limits_, npos when unbounded
  };

  /// Where a problem is, in the order problems are reported: a rank per open array or object
  /// (per object, unknown keys rank 0, then members 1 + their index; per array, the index) and,
  /// for an unknown key, the key (unknown keys come in key order). Models nest a few levels
  /// deep: no allocation but for the key, so that 100,000 broken rules stay cheap to report.
  struct place {
    boost::container::small_vector<std::size_t, 6> ranks;
    std::string key;
    friend bool operator<(const place& a, const place& b) {
      if (a.ranks != b.ranks) return a.ranks < b.ranks;
      return a.key < b.key;
    }
    friend bool operator==(const place&, const place&) = default;
    /// True when this place is `prefix` or inside it.
    [[nodiscard]] bool within(const place& prefix) const {
      return ranks.size() >= prefix.ranks.size() && std::equal(prefix.ranks.begin(), prefix.ranks.end(), ranks.begin());
    }
  };

  struct item_limit {
    const void* vector;
    std::size_t max;
    std::string pointer, noun, bound;
    std::size_t count;
  };

  struct target {
    const type_info* type = nullptr;
    void* out = nullptr;
  };

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  // ---- the type tables, one per model type, made from the Boost.Describe descriptions ----

  template <class T>
  static const type_info* type_of() {
    static constexpr type_info info{&begin_value<T>};
    return &info;
  }

  /// The `$schema` key of a catalog document: a string, read and dropped.
  static void begin_schema_uri(sax_decoder& d, void*, const detail::sax_value& v) {
    if (v.kind != detail::sax_value::string) return d.wrong_type("a string (the URI of a JSON Schema)", v);
  }
  static const type_info* schema_uri_type() {
    static constexpr type_info info{&begin_schema_uri};
    return &info;
  }
  static void* no_field(void*) { return nullptr; }
  static void no_reset(void*) {}

  template <class T, class D>
  static void* member_of(void* object) {
    return &(static_cast<T*>(object)->*D::pointer);
  }

  template <class T, class D>
  static void reset_member(void* object) {
    auto& field = static_cast<T*>(object)->*D::pointer;
    field = std::remove_reference_t<decltype(field)>{};
  }

  template <class T>
  static const struct_info& struct_of() {
    static const struct_info info = [] {
      struct_info s;
      // Bases' members first, then the struct's own: the order of members in problem lists.
      add_members<T, T>(s);
      // A catalog document may name its JSON Schema, for editors: the key is read (a string)
      // and not kept (detail::schema_key).
      if constexpr (std::is_same_v<T, catalog_document>) {
        s.members.push_back(member_info{detail::schema_key, false, schema_uri_type(), &no_field, &no_reset});
      }
      for (const auto& m : s.members) {
        if (!s.names.empty()) s.names += ", ";
        s.names += m.name;
      }
      return s;
    }();
    return info;
  }

  template <class T, class B>
  static void add_members(struct_info& s) {
    boost::mp11::mp_for_each<boost::describe::describe_bases<B, boost::describe::mod_public>>(
        [&](auto base) { add_members<T, typename decltype(base)::type>(s); });
    boost::mp11::mp_for_each<boost::describe::describe_members<B, boost::describe::mod_public>>([&](auto d) {
      using D = decltype(d);
      using F = std::remove_reference_t<decltype(std::declval<T&>().*D::pointer)>;
      s.members.push_back(
          member_info{D::name, !detail::is_optional<F>::value, type_of<F>(), &member_of<T, D>, &reset_member<T, D>});
    });
  }

  // ---- decoding each model type from its first event ----

  template <class T>
  static void begin_value(sax_decoder& d, void* out, const detail::sax_value& v) {
    T& value = *static_cast<T*>(out);
    if constexpr (detail::is_optional<T>::value) {
      value.emplace();
      type_of<typename T::value_type>()->begin(d, &*value, v);
    } else if constexpr (std::is_same_v<T, nlohmann::json>) {
      d.begin_json(value, v);
    } else if constexpr (detail::is_vector<T>::value) {
      if (v.kind != detail::sax_value::array) return d.wrong_type(detail::expected_kind<T>(), v);
      value.clear();
      d.open_array(out, &push_back<T>, type_of<typename T::value_type>());
    } else if constexpr (detail::is_described_struct<T>) {
      if (v.kind != detail::sax_value::object) return d.wrong_type(detail::expected_kind<T>(), v);
      d.open_object(out, &struct_of<T>());
    } else if constexpr (std::is_same_v<T, bool>) {
      if (v.kind != detail::sax_value::boolean) return d.wrong_type(detail::expected_kind<T>(), v);
      value = v.boolean_value;
    } else if constexpr (std::is_same_v<T, double>) {
      switch (v.kind) {
        case detail::sax_value::integer: value = static_cast<double>(v.integer_value); break;
        case detail::sax_value::unsigned_integer: value = static_cast<double>(v.unsigned_value); break;
        case detail::sax_value::floating: value = v.floating_value; break;
        default: return d.wrong_type(detail::expected_kind<T>(), v);
      }
      if (!std::isfinite(value)) d.report(error_ids::catalog_bad_number, "the number is not finite");
    } else {
      if (v.kind != detail::sax_value::string) return d.wrong_type(detail::expected_kind<T>(), v);
      const std::string& text = *v.string_value;
      const auto report = [&d](int id, std::string message) { d.report(id, std::move(message)); };
      if constexpr (std::is_same_v<T, std::string>) {
        if (detail::check_text(text, d.limits_, report, d.lexed_)) value = text;
      } else {
        detail::decode_string(text, value, report);  // dates, versions, enums
      }
    }
  }

  template <class V>
  static void* push_back(void* vector) {
    return &static_cast<V*>(vector)->emplace_back();
  }

  // ---- the state machine ----

  /// Every value event (but those of a `nlohmann::json` member being built): skipped or decoded.
  bool value(const detail::sax_value& v) {
    if (skip_ > 0) {
      if (v.structured()) ++skip_;
      return true;
    }
    target t;
    if (frames_.empty()) {
      t = root_;
    } else if (frame& top = frames_.back(); top.object) {
      if (top.member == npos) {  // the value of an unknown key: reported, not decoded
        if (v.structured()) skip_ = 1;
        return true;
      }
      t = {top.object->members[top.member].type, top.object->members[top.member].field(top.out)};
    } else {
      const std::size_t index = top.items++;
      if (abandoned_ || (top.limit != npos && index >= item_limits_[top.limit].max)) {  // counted only
        if (v.structured()) skip_ = 1;
        return true;
      }
      t = {top.element, top.push(top.out)};
    }
    if (abandoned_ && !limited(t.out)) {  // only limited arrays are still opened, to count them
      if (v.structured()) skip_ = 1;
      return true;
    }
    t.type->begin(*this, t.out, v);
    return true;
  }

  /// True when `vector` has an item limit.
  bool limited(const void* vector) const noexcept {
    for (const auto& l : item_limits_) {
      if (l.vector == vector) return true;
    }
    return false;
  }

  void object_key(const std::string& k) {
    frame& top = frames_.back();
    const auto& members = top.object->members;
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (members[i].name != k) continue;
      top.member = i;
      if (given(top, i)) forget_member(top, i);
      give(top, i);
      return;
    }
    top.member = npos;
    // A key given twice is one key of the DOM: reported once.
    place at = place_here();
    at.ranks.push_back(0);
    at.key = k;
    if (std::find(places_.begin(), places_.end(), at) != places_.end()) return;
    std::string pointer = pointer_here();
    detail::pointer_push(pointer, k);
    std::vector<std::string_view> names;
    for (const member_info& m : members) names.push_back(m.name);
    add(std::move(at), error_ids::catalog_unknown_key, std::move(pointer),
        "unknown key \"" + k + "\"; expected one of " + top.object->names, closest_name(k, names));
  }

  /// A member given a second time: its first value and that value's problems are dropped, as
  /// nlohmann/json's DOM keeps only the last value of a key.
  void forget_member(frame& top, std::size_t i) {
    const member_info& m = top.object->members[i];
    void* field = m.field(top.out);
    for (auto& l : item_limits_) {
      if (l.vector == field) l.count = 0;
    }
    m.reset(top.out);
    top.member = npos;  // place_here() of the enclosing object
    place prefix = place_here();
    prefix.ranks.push_back(i + 1);
    std::size_t kept = 0;
    for (std::size_t k = 0; k < found_.size(); ++k) {
      if (places_[k].within(prefix)) continue;
      if (kept != k) {
        found_[kept] = std::move(found_[k]);
        places_[kept] = std::move(places_[k]);
      }
      ++kept;
    }
    found_.resize(kept);
    places_.resize(kept);
    top.member = i;
  }

  void close_object() {
    frame& top = frames_.back();
    const auto& members = top.object->members;
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (!members[i].required || given(top, i)) continue;
      top.member = npos;
      place at = place_here();
      at.ranks.push_back(i + 1);
      std::string pointer = pointer_here();
      detail::pointer_push(pointer, members[i].name);
      add(std::move(at), error_ids::catalog_missing_field, std::move(pointer),
          "missing required key \"" + std::string(members[i].name) + "\"");
    }
    if (members.size() > 64) wide_seen_.resize(top.seen_more);
    frames_.pop_back();
  }

  void close_array() {
    const frame& top = frames_.back();
    if (top.limit != npos) item_limits_[top.limit].count = top.items;
    frames_.pop_back();
  }

  void open_object(void* out, const struct_info* info) {
    frame& f = frames_.emplace_back();
    f.out = out;
    f.object = info;
    f.seen_more = wide_seen_.size();
    if (info->members.size() > 64) wide_seen_.resize(f.seen_more + (info->members.size() - 1) / 64, 0);
  }

  /// Whether member `i` of the object `f` was given. Frames are opened and closed last in, first
  /// out, so the words of the structs of more than 64 members open are a stack: no allocation
  /// per object, and none at all for structs of up to 64 members.
  [[nodiscard]] bool given(const frame& f, std::size_t i) const noexcept {
    const std::uint64_t word = i < 64 ? f.seen : wide_seen_[f.seen_more + i / 64 - 1];
    return ((word >> (i % 64)) & 1U) != 0;
  }
  void give(frame& f, std::size_t i) noexcept {
    (i < 64 ? f.seen : wide_seen_[f.seen_more + i / 64 - 1]) |= std::uint64_t{1} << (i % 64);
  }

  /// Opens an array. An array of a DOM with an item limit is counted at once: past the limit,
  /// it is not opened (nor walked).
  void open_array(void* out, void* (*push)(void*), const type_info* element) {
    std::size_t limit = npos;
    for (std::size_t l = 0; l < item_limits_.size(); ++l) {
      if (item_limits_[l].vector == out) limit = l;
    }
    if (limit != npos && node_ != nullptr && node_->size() > item_limits_[limit].max) {
      item_limits_[limit].count = node_->size();
      skip_ = 1;
      return;
    }
    frame& f = frames_.emplace_back();
    f.out = out;
    f.object = nullptr;
    f.push = push;
    f.element = element;
    f.limit = limit;
  }

  /// A `nlohmann::json` member: a scalar is stored at once; a DOM's array or object is copied
  /// whole (its depth is bounded: see decode_value()); a text's is built by dom_builder from the
  /// events up to its end, which the SAX interface forwards to it while it is open.
  void begin_json(nlohmann::json& out, const detail::sax_value& v) {
    if (node_ != nullptr) {
      out = *node_;
      return;
    }
    switch (v.kind) {
      case detail::sax_value::null: out = nullptr; return;
      case detail::sax_value::boolean: out = v.boolean_value; return;
      case detail::sax_value::integer: out = v.integer_value; return;
      case detail::sax_value::unsigned_integer: out = v.unsigned_value; return;
      case detail::sax_value::floating: out = v.floating_value; return;
      case detail::sax_value::string: out = *v.string_value; return;
      case detail::sax_value::object:
      case detail::sax_value::array:
        dom_.emplace(out, npos);  // the depth is bounded by depth_
        dom_depth_ = 1;
        v.kind == detail::sax_value::object ? dom_->start_object() : dom_->start_array();
        return;
      default: return;  // binary and discarded values come from a DOM, with their node
    }
  }

  bool end_dom(bool (dom_parser::*end)()) {
    const bool ok = ((*dom_).*end)();
    if (--dom_depth_ == 0) dom_.reset();
    return ok;
  }

  // ---- a DOM value, as events ----

  /**
   * Feeds the events of the value `root` to the decoder, depth first and without recursion, as
   * the parser would for its text, but with the DOM's key order. An array or object
   * is walked only when the decoder opened a frame for it: values it skips (an unknown key's, a
   * value of the wrong type, items past a limit) and `nlohmann::json` members (copied whole by
   * begin_json()) are not.
   */
  void walk(const nlohmann::json& root) {
    struct level {
      const nlohmann::json::object_t* object;  ///< null for an array
      nlohmann::json::object_t::const_iterator member;
      const nlohmann::json::array_t* array;  ///< null for an object
      std::size_t index;
    };
    std::vector<level> stack;
    const auto feed = [this, &stack](const nlohmann::json& j) {
      const detail::sax_value v = detail::sax_value::of(j);
      const std::size_t open = frames_.size();
      node_ = &j;
      value(v);
      if (!v.structured()) return;
      if (frames_.size() == open) {  // not opened: not walked
        skip_ = 0;
        return;
      }
      if (v.kind == detail::sax_value::object) {
        const auto* object = j.get_ptr<const nlohmann::json::object_t*>();
        stack.push_back({object, object->begin(), nullptr, 0});
      } else {
        stack.push_back({nullptr, {}, j.get_ptr<const nlohmann::json::array_t*>(), 0});
      }
    };
    feed(root);
    while (!stack.empty()) {
      level& top = stack.back();
      if (top.object != nullptr) {
        if (top.member == top.object->end()) {
          stack.pop_back();
          close_object();
          continue;
        }
        const auto& [key, child] = *top.member++;
        object_key(key);
        feed(child);
      } else {
        if (top.index == top.array->size()) {
          stack.pop_back();
          close_array();
          continue;
        }
        feed((*top.array)[top.index++]);
      }
    }
    node_ = nullptr;
  }

  /// Moves the problems found to the caller's vector, in place order (see the class comment).
  void finish() {
    problems_.reserve(problems_.size() + found_.size());
    // Problems were found in the input's order; mostly it is place order already: sort
    // (indexes, not the problems) only when it is not. Past an item limit the problems are not
    // wanted (see limit_problems()): no sorting then either.
    const auto before = [this](std::size_t a, std::size_t b) { return places_[a] < places_[b]; };
    std::vector<std::size_t> order(found_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    if (limit_problems().empty() && !std::is_sorted(order.begin(), order.end(), before)) {
      std::stable_sort(order.begin(), order.end(), before);
    }
    for (const std::size_t i : order) problems_.push_back(std::move(found_[i]));
    found_.clear();
    places_.clear();
  }

  // ---- problems ----

  void wrong_type(const char* expected, const detail::sax_value& v) {
    report(error_ids::catalog_wrong_type, std::string("expected ") + expected + ", got " + v.kind_name());
    if (v.structured()) skip_ = 1;
  }

  /// Records a problem at the value being decoded.
  void report(int id, std::string message) { add(place_here(), id, pointer_here(), std::move(message)); }

  void add(place at, int id, std::string pointer, std::string message, std::string suggestion = {}) {
    if (abandoned_) return;
    if (!item_limits_.empty() && found_.size() >= abandon_after) {
      abandoned_ = true;  // see abandoned()
      found_.clear();
      places_.clear();
      return;
    }
    places_.push_back(std::move(at));
    found_.push_back(diagnostic{id, std::move(pointer), std::move(message), 0, 0, diagnostic::severity::error,
                                std::move(suggestion)});
  }

  /// The place of the value being decoded (see `place`).
  place place_here() const {
    place out;
    for (const frame& f : frames_) {
      if (f.object) {
        if (f.member == npos) break;
        out.ranks.push_back(f.member + 1);
      } else {
        out.ranks.push_back(f.items - 1);
      }
    }
    return out;
  }

  /// The JSON Pointer of the value being decoded, after the prefix given to decode_value().
  std::string pointer_here() const {
    std::string pointer = prefix_;
    for (const frame& f : frames_) {
      if (f.object) {
        if (f.member == npos) break;
        detail::pointer_push(pointer, f.object->members[f.member].name);
      } else {
        detail::pointer_push(pointer, f.items - 1);
      }
    }
    return pointer;
  }

  std::vector<diagnostic>& problems_;
  limits limits_;
  target root_;
  std::vector<frame> frames_;
  std::vector<std::uint64_t> wide_seen_;  ///< see frame::seen
  std::vector<diagnostic> found_;         ///< problems, in the input's order
  std::vector<place> places_;             ///< where each of found_ is
  std::vector<item_limit> item_limits_;
  std::string prefix_;  ///< where the value decoded sits in its document (a JSON Pointer)
  /// While walk() feeds the event of a DOM value: that value (its array's size, or all of it for
  /// a `nlohmann::json` member); null for a text.
  const nlohmann::json* node_ = nullptr;
  bool lexed_ = false;             ///< decoding a text: its strings come from nlohmann's lexer, valid UTF-8
  std::size_t depth_ = 0;          ///< nesting of the text, bounded by limits::max_json_depth
  std::size_t skip_ = 0;           ///< > 0 inside a value that is not decoded (wrong type, unknown key)
  std::optional<dom_parser> dom_;  ///< the builder of a `nlohmann::json` member, while it is open
  std::size_t dom_depth_ = 0;      ///< nesting of the member being built, 0 when none is
  bool abandoned_ = false;         ///< see abandoned()
};

/// JSON of a model value or a report: described structs as objects (empty optionals omitted,
/// null in a report; described member functions, const and without arguments, as computed
/// members: called, and written, never read), enums as strings (a diagnostic's level by
/// to_string()), dates and versions as their text.
template <class T>
nlohmann::json encode_value(const T& value) {
  if constexpr (std::is_same_v<T, std::string> || std::is_arithmetic_v<T> || std::is_same_v<T, nlohmann::json>) {
    return value;
  } else if constexpr (std::is_same_v<T, iso_date> || std::is_same_v<T, semantic_version>) {
    return value.to_string();
  } else if constexpr (std::is_same_v<T, diagnostic::severity>) {
    return to_string(value);
  } else if constexpr (detail::is_described_enum<T>) {
    return detail::enum_json_name(value);
  } else if constexpr (detail::is_vector<T>::value) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(encode_value(item));
    return out;
  } else {
    static_assert(detail::is_described_struct<T>, "encode_value() needs a model type");
    nlohmann::json out = nlohmann::json::object();
    boost::mp11::mp_for_each<boost::describe::describe_members<
        T, boost::describe::mod_public | boost::describe::mod_inherited | boost::describe::mod_function>>(
        [&](auto member) { out[member.name] = encode_value((value.*member.pointer)()); });
    boost::mp11::mp_for_each<
        boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>>(
        [&](auto member) {
          const auto& field = value.*member.pointer;
          using F = std::remove_cv_t<std::remove_reference_t<decltype(field)>>;
          if constexpr (detail::is_optional<F>::value) {
            if (field) {
              out[member.name] = encode_value(*field);
            } else if constexpr (detail::is_report<T>) {
              out[member.name] = nullptr;
            }
          } else {
            out[member.name] = encode_value(field);
          }
        });
    return out;
  }
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_CODEC_HPP
