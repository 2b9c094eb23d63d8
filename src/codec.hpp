// SPDX-License-Identifier: MIT
/**
 * @file codec.hpp (private)
 * The generic, Boost.Describe-driven JSON encoder and strict decoders behind the public
 * codec.hpp, for every model type.
 *
 * There is no per-field code: `encode_value()` and the decoders walk the members Boost.Describe
 * lists (bases first), so a field added to a described struct is read and written with no other
 * change. Decoding is strict and collects every problem with the JSON Pointer of its spot.
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
#include "util/json_pointer.hpp"
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

/**
 * The problems of a text where text is required (a name, a purpose...), passed to
 * `report(id, message)`; false when the text must not be kept (invalid UTF-8, too long). Both
 * decoders (DOM and SAX) check text here, so that they say the same. `parsed` says the text
 * comes straight from nlohmann's lexer, which accepts only valid UTF-8: it is not checked again.
 */
template <class Report>
bool check_text(const std::string& text, const limits& bounds, Report&& report, bool parsed = false) {
  if (const std::size_t bad = parsed ? std::string::npos : find_invalid_utf8(text); bad != std::string::npos) {
    report(error_ids::catalog_bad_text, "invalid UTF-8 at byte " + std::to_string(bad) + " of the text");
    return false;
  }
  if (text.size() > bounds.max_text_bytes) {
    report(error_ids::catalog_limit, "text of " + std::to_string(text.size()) +
                                         " bytes is longer than the limit of " +
                                         std::to_string(bounds.max_text_bytes) +
                                         " bytes (limits::max_text_bytes)");
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
    report(error_ids::catalog_bad_text,
           "control character U+00" + std::string(1, "0123456789ABCDEF"[c >> 4]) +
               std::string(1, "0123456789ABCDEF"[c & 15]) + " at byte " + std::to_string(control) +
               " of the text");
  }
  return true;
}

/// Decodes a date, or reports why it is not one. Shared by both decoders.
template <class Report>
void decode_text(const std::string& text, iso_date& out, Report&& report) {
  if (auto d = iso_date::parse(text)) {
    out = *d;
  } else {
    report(error_ids::catalog_bad_date, "\"" + text + "\" is not a calendar date in the form YYYY-MM-DD");
  }
}

/// Decodes a semantic version, or reports why it is not one. Shared by both decoders.
template <class Report>
void decode_text(const std::string& text, semantic_version& out, Report&& report) {
  if (auto v = semantic_version::parse(text)) {
    out = std::move(*v);
  } else {
    report(error_ids::catalog_bad_version,
           "\"" + text + "\" is not a semantic version (MAJOR.MINOR.PATCH, e.g. \"1.0.0\")");
  }
}

/// Decodes an enumerator from its JSON spelling, or reports the spellings there are.
template <class E, class Report, std::enable_if_t<is_described_enum<E>, int> = 0>
void decode_text(const std::string& text, E& out, Report&& report) {
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
 * Strict decoder: fills a model value from JSON and records every problem it meets.
 *
 * Problems are appended to the vector given at construction, each with the JSON Pointer of
 * its spot; decoding goes on past a problem so that one pass reports them all.
 */
class dom_decoder {
 public:
  explicit dom_decoder(std::vector<diagnostic>& problems, const limits& bounds = {})
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

  /// `report(id, message)` at `pointer`, for the shared checks of codec.hpp's detail.
  auto reporter(const std::string& pointer) {
    return [this, &pointer](int id, std::string message) { report(id, pointer, std::move(message)); };
  }

  void decode_value(const nlohmann::json& j, std::string& out, std::string& pointer) {
    if (!j.is_string()) return wrong_type(pointer, "a string", j);
    const auto& text = j.get_ref<const std::string&>();
    if (detail::check_text(text, limits_, reporter(pointer))) out = text;
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

  /// Dates, versions and enums: a string, decoded by detail::decode_text().
  template <class T, std::enable_if_t<std::is_same_v<T, iso_date> || std::is_same_v<T, semantic_version> ||
                                          detail::is_described_enum<T>,
                                      int> = 0>
  void decode_value(const nlohmann::json& j, T& out, std::string& pointer) {
    if (!j.is_string()) return wrong_type(pointer, detail::expected_kind<T>(), j);
    detail::decode_text(j.get_ref<const std::string&>(), out, reporter(pointer));
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


/// One JSON value as nlohmann's SAX parser hands it over: its kind and, for scalars, its content.
struct sax_value {
  enum kind_t { null, boolean, integer, unsigned_integer, floating, string, object, array };
  kind_t kind = null;
  bool boolean_value = false;
  std::int64_t integer_value = 0;
  std::uint64_t unsigned_value = 0;
  double floating_value = 0;
  std::string* string_value = nullptr;  ///< the parser's buffer: copy it, do not keep it

  [[nodiscard]] bool structured() const noexcept { return kind == object || kind == array; }
  /// The JSON type as a reader would say it, as json_kind() does for a DOM value.
  [[nodiscard]] const char* kind_name() const noexcept {
    switch (kind) {
      case null: return "null";
      case boolean: return "a boolean";
      case string: return "a string";
      case object: return "an object";
      case array: return "an array";
      default: return "a number";
    }
  }
};


/**
 * The members of an object given so far, one bit per member index: inline for structs of up to
 * 64 members (no allocation), on the heap beyond, so that a struct of any size is decoded.
 */
class member_set {
 public:
  /// Empties the set, for a struct of `members` members.
  void reset(std::size_t members) { words_.assign((members + 63) / 64, 0); }
  [[nodiscard]] bool contains(std::size_t i) const noexcept { return ((words_[i / 64] >> (i % 64)) & 1U) != 0; }
  void insert(std::size_t i) noexcept { words_[i / 64] |= std::uint64_t{1} << (i % 64); }

 private:
  boost::container::small_vector<std::uint64_t, 1> words_;
};

/**
 * Strict decoder driven by SAX events: fills a model value straight from JSON text, without
 * building a DOM of the whole document first (only `nlohmann::json` members, such as a rule's
 * `when` and a catalog's `extensions`, are built as JSON values).
 *
 * It is the streaming twin of `decoder`, from the same Boost.Describe descriptions, and reports
 * exactly the same problems in the same order: per object, unknown keys first (in key order),
 * then each member in description order (a missing key at its member's place); a key given
 * twice counts only its last value, as in nlohmann/json's DOM. Problems are found in document
 * order and sorted into that order once parsing is done; JSON Pointers are built only for the
 * problems reported.
 * ```
 * std::vector<carecompare::diagnostic> problems;
 * carecompare::catalog_document doc;
 * carecompare::sax_decoder(problems).decode(text, doc);  // throws parse_error on bad syntax
 * ```
 * Bounds: the text's size and depth as parse_json() checks them (`parse_error` 102, 103), each
 * text's length (limits::max_text_bytes), and the number of items of chosen arrays
 * (limit_items(): past it, items are counted, not decoded).
 */
class sax_decoder {
 public:
  explicit sax_decoder(std::vector<diagnostic>& problems, const limits& bounds = {})
      : problems_(problems), limits_(bounds) {}
  sax_decoder(const sax_decoder&) = delete;
  sax_decoder& operator=(const sax_decoder&) = delete;

  /**
   * Bounds the number of items of the array `vector` (a member of the value decode() fills):
   * past `max`, items are counted but not decoded, and limit_problems() reports the count at
   * `pointer` as "<count> <noun> is more than the limit of <max> (limits::<bound>)".
   */
  void limit_items(const void* vector, std::size_t max, std::string pointer, std::string noun, std::string bound) {
    item_limits_.push_back({vector, max, std::move(pointer), std::move(noun), std::move(bound), 0});
  }

  /**
   * True when decoding stopped collecting problems early: more than `abandon_after` problems
   * were found by a decoder with item limits. Such a text is most likely refused for its counts
   * (100,001 empty rules would otherwise be 500,000 problems decoded, placed and sorted, only to
   * be dropped for the one count problem): past that many problems only the limited arrays are
   * counted, so limit_problems() stays exact. When no count is past its limit after all, the
   * problems are incomplete: the caller decodes again with a decoder without item limits (which
   * never abandons), as catalog::from_json() does.
   */
  [[nodiscard]] bool abandoned() const noexcept { return abandoned_; }
  /// Problems after which a text with item limits is only counted (see abandoned()).
  static constexpr std::size_t abandon_after = 4096;

  /// Problems with the item counts of limit_items(), in the order the limits were given.
  [[nodiscard]] std::vector<diagnostic> limit_problems() const {
    std::vector<diagnostic> out;
    for (const auto& l : item_limits_) {
      if (l.count <= l.max) continue;
      out.push_back(diagnostic{error_ids::catalog_limit, l.pointer,
                               std::to_string(l.count) + " " + l.noun + " is more than the limit of " +
                                   std::to_string(l.max) + " (limits::" + l.bound + ")",
                               0, 0, diagnostic::severity::error, {}});
    }
    return out;
  }

  /**
   * Parses `text` (within the limits: see detail::sax_parse_bounded()) and decodes it into
   * `out`, appending every problem to the vector given at construction. Throws `parse_error`
   * when the text is not JSON; `out` is then partly filled.
   */
  template <class T>
  void decode(std::string_view text, T& out) {
    root_ = {type_of<T>(), &out};
    detail::sax_parse_bounded(text, limits_, *this);
    problems_.reserve(problems_.size() + found_.size());
    // Problems were found in document order; the DOM decoder's order is by place (see above).
    // Mostly the two agree: sort (indexes, not the problems) only when they do not. Past an
    // item limit the problems are not wanted (see limit_problems()): no sorting then either.
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

  /// @name nlohmann/json SAX interface (called by the parser)
  /// @{
  bool null() {
    detail::sax_value v;
    return value(v);
  }
  bool boolean(bool b) {
    detail::sax_value v;
    v.kind = detail::sax_value::boolean;
    v.boolean_value = b;
    return value(v);
  }
  bool number_integer(std::int64_t i) {
    detail::sax_value v;
    v.kind = detail::sax_value::integer;
    v.integer_value = i;
    return value(v);
  }
  bool number_unsigned(std::uint64_t u) {
    detail::sax_value v;
    v.kind = detail::sax_value::unsigned_integer;
    v.unsigned_value = u;
    return value(v);
  }
  bool number_float(double d, const std::string& text) {
    if (dom_) return dom_->number_float(d, text);
    detail::sax_value v;
    v.kind = detail::sax_value::floating;
    v.floating_value = d;
    return value(v);
  }
  bool string(std::string& s) {
    detail::sax_value v;
    v.kind = detail::sax_value::string;
    v.string_value = &s;
    return value(v);
  }
  bool binary(nlohmann::json::binary_t&) { return true; }  // JSON text holds no binary values
  bool start_object(std::size_t = static_cast<std::size_t>(-1)) {
    if (++depth_ > limits_.max_json_depth) return false;
    detail::sax_value v;
    v.kind = detail::sax_value::object;
    return value(v);
  }
  bool start_array(std::size_t = static_cast<std::size_t>(-1)) {
    if (++depth_ > limits_.max_json_depth) return false;
    detail::sax_value v;
    v.kind = detail::sax_value::array;
    return value(v);
  }
  bool key(std::string& k) {
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
  template <class Exception>
  [[noreturn]] bool parse_error(std::size_t, const std::string&, const Exception& e) {
    throw e;  // sax_parse_bounded() turns it into a parse_error with line and column
  }
  /// @}

 private:
  using dom_parser = detail::dom_builder;

  /// How values of one model type are decoded: begin(decoder, out, first event) decodes a
  /// scalar at once, or opens a frame for an array or object.
  struct type_info {
    void (*begin)(sax_decoder&, void* out, detail::sax_value& v);
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
    member_set seen;  ///< the members given so far
    // Array: how to add an element, how to decode one, how many so far, and the limit.
    void* (*push)(void* vector) = nullptr;
    const type_info* element = nullptr;
    std::size_t items = 0;
    std::size_t limit = npos;  ///< index into item_limits_, npos when unbounded
  };

  /// Where a problem is, as the DOM decoder's order sees it: a rank per open array or object
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
      return ranks.size() >= prefix.ranks.size() &&
             std::equal(prefix.ranks.begin(), prefix.ranks.end(), ranks.begin());
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
      // Bases' members first, then the struct's own, as decoder::decode_members() goes.
      add_members<T, T>(s);
      for (const auto& m : s.members) s.names += (s.names.empty() ? "" : ", ") + std::string(m.name);
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
      s.members.push_back(member_info{D::name, !detail::is_optional<F>::value, type_of<F>(), &member_of<T, D>,
                                      &reset_member<T, D>});
    });
  }

  // ---- decoding each model type from its first event ----

  template <class T>
  static void begin_value(sax_decoder& d, void* out, detail::sax_value& v) {
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
        if (detail::check_text(text, d.limits_, report, true)) value = text;
      } else {
        detail::decode_text(text, value, report);  // dates, versions, enums
      }
    }
  }

  template <class V>
  static void* push_back(void* vector) {
    return &static_cast<V*>(vector)->emplace_back();
  }

  // ---- the state machine ----

  /// Every value event: skipped, forwarded to a DOM being built, or decoded.
  bool value(detail::sax_value& v) {
    if (skip_ > 0) {
      if (v.structured()) ++skip_;
      return true;
    }
    if (dom_) return dom_event(v);
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
      if (top.seen.contains(i)) forget_member(top, i);
      top.seen.insert(i);
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
    add(std::move(at), error_ids::catalog_unknown_key, std::move(pointer),
        "unknown key \"" + k + "\"; expected one of " + top.object->names);
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
      if (!members[i].required || top.seen.contains(i)) continue;
      top.member = npos;
      place at = place_here();
      at.ranks.push_back(i + 1);
      std::string pointer = pointer_here();
      detail::pointer_push(pointer, members[i].name);
      add(std::move(at), error_ids::catalog_missing_field, std::move(pointer),
          "missing required key \"" + std::string(members[i].name) + "\"");
    }
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
    f.seen.reset(info->members.size());
  }

  void open_array(void* out, void* (*push)(void*), const type_info* element) {
    frame& f = frames_.emplace_back();
    f.out = out;
    f.object = nullptr;
    f.push = push;
    f.element = element;
    for (std::size_t l = 0; l < item_limits_.size(); ++l) {
      if (item_limits_[l].vector == out) f.limit = l;
    }
  }

  /// A `nlohmann::json` member: a scalar is stored at once, an array or object is built by
  /// nlohmann's own DOM builder from the events up to its end.
  void begin_json(nlohmann::json& out, detail::sax_value& v) {
    switch (v.kind) {
      case detail::sax_value::null: out = nullptr; return;
      case detail::sax_value::boolean: out = v.boolean_value; return;
      case detail::sax_value::integer: out = v.integer_value; return;
      case detail::sax_value::unsigned_integer: out = v.unsigned_value; return;
      case detail::sax_value::floating: out = v.floating_value; return;
      case detail::sax_value::string: out = *v.string_value; return;
      default: break;
    }
    dom_.emplace(out, npos);  // the depth is bounded by depth_
    dom_depth_ = 0;
    dom_event(v);
  }

  bool dom_event(detail::sax_value& v) {
    switch (v.kind) {
      case detail::sax_value::null: return dom_->null();
      case detail::sax_value::boolean: return dom_->boolean(v.boolean_value);
      case detail::sax_value::integer: return dom_->number_integer(v.integer_value);
      case detail::sax_value::unsigned_integer: return dom_->number_unsigned(v.unsigned_value);
      case detail::sax_value::floating: return true;  // number_float() forwards with its text
      case detail::sax_value::string: return dom_->string(*v.string_value);
      case detail::sax_value::object: ++dom_depth_; return dom_->start_object(static_cast<std::size_t>(-1));
      case detail::sax_value::array: ++dom_depth_; return dom_->start_array(static_cast<std::size_t>(-1));
    }
    return true;
  }

  bool end_dom(bool (dom_parser::*end)()) {
    const bool ok = ((*dom_).*end)();
    if (--dom_depth_ == 0) dom_.reset();
    return ok;
  }

  // ---- problems ----

  void wrong_type(const char* expected, const detail::sax_value& v) {
    report(error_ids::catalog_wrong_type, std::string("expected ") + expected + ", got " + v.kind_name());
    if (v.structured()) skip_ = 1;
  }

  /// Records a problem at the value being decoded.
  void report(int id, std::string message) { add(place_here(), id, pointer_here(), std::move(message)); }

  void add(place at, int id, std::string pointer, std::string message) {
    if (abandoned_) return;
    if (!item_limits_.empty() && found_.size() >= abandon_after) {
      abandoned_ = true;  // see abandoned()
      found_.clear();
      places_.clear();
      return;
    }
    places_.push_back(std::move(at));
    found_.push_back(diagnostic{id, std::move(pointer), std::move(message), 0, 0, diagnostic::severity::error, {}});
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

  /// The JSON Pointer of the value being decoded.
  std::string pointer_here() const {
    std::string pointer;
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
  std::vector<diagnostic> found_;  ///< problems, in document order
  std::vector<place> places_;      ///< where each of found_ is
  std::vector<item_limit> item_limits_;
  std::size_t depth_ = 0;  ///< nesting of the text, bounded by limits::max_json_depth
  std::size_t skip_ = 0;   ///< > 0 inside a value that is not decoded (wrong type, unknown key)
  std::optional<dom_parser> dom_;  ///< the builder of a `nlohmann::json` member, while it is open
  std::size_t dom_depth_ = 0;
  bool abandoned_ = false;  ///< see abandoned()
};


/// JSON of a model value: described structs as objects (empty optionals omitted), enums as
/// strings, dates and versions as their text.
template <class T>
nlohmann::json encode_value(const T& value) {
  if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool> ||
                std::is_same_v<T, double> || std::is_same_v<T, nlohmann::json>) {
    return value;
  } else if constexpr (std::is_same_v<T, iso_date> || std::is_same_v<T, semantic_version>) {
    return value.to_string();
  } else if constexpr (detail::is_described_enum<T>) {
    return detail::enum_json_name(value);
  } else if constexpr (detail::is_vector<T>::value) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(encode_value(item));
    return out;
  } else {
    static_assert(detail::is_described_struct<T>, "encode_value() needs a model type");
    nlohmann::json out = nlohmann::json::object();
    boost::mp11::mp_for_each<
        boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>>(
        [&](auto member) {
          const auto& field = value.*member.pointer;
          using F = std::remove_cv_t<std::remove_reference_t<decltype(field)>>;
          if constexpr (detail::is_optional<F>::value) {
            if (field) out[member.name] = encode_value(*field);
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
