// SPDX-License-Identifier: MIT
/**
 * @file logic/value.hpp
 * Internal: the value the JsonLogic evaluator computes with, and the JavaScript operations on it
 * (truthiness, ToPrimitive, ToNumber, ToString, `==`, `===`, `<`).
 *
 * A `value` is 16 bytes. It either *refers* to JSON it does not own (data or a literal of the
 * rule: strings, arrays, objects), holds a scalar (undefined, null, bool, double), or holds a
 * reference-counted object made during evaluation (a string, an array, a reduce frame). Only the
 * last kind allocates. Values never leave one evaluation (one thread), so the count is plain.
 *
 * JS identity is kept: two values are the same object when they refer to the same JSON node, or
 * to the same computed array. Each evaluation of an array literal of the rule makes a new array in
 * JS; here it refers to the literal with a fresh `inst` number, so `{"===":[[1],[1]]}` is false
 * while a data array compared with itself is `true`.
 */
#ifndef CARECOMPARE_SRC_LOGIC_VALUE_HPP
#define CARECOMPARE_SRC_LOGIC_VALUE_HPP

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <carecompare/config.hpp>
#include "../util/hot_path.hpp"
#include "text.hpp"

/// Inlined even where the optimiser would not: the few helpers of the evaluation's hot paths.
/// CARECOMPARE_LOGIC_ENTRY: a function the evaluation calls through a pointer, in a loop over
/// rules, or to answer what the reader does not, starts on a cache line among the filter's other
/// functions (CARECOMPARE_HOT_PATH), so that how fast its loops run does not depend on how much
/// code happens to come before it in the library.
#if defined(__GNUC__) || defined(__clang__)
#define CARECOMPARE_LOGIC_HOT __attribute__((always_inline)) inline
#define CARECOMPARE_LOGIC_NOINLINE __attribute__((noinline))
#define CARECOMPARE_LOGIC_ENTRY __attribute__((aligned(64))) CARECOMPARE_HOT_PATH
#else
#define CARECOMPARE_LOGIC_HOT inline
#define CARECOMPARE_LOGIC_NOINLINE
#define CARECOMPARE_LOGIC_ENTRY
#endif

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

using json = nlohmann::json;

/// What json-logic-js would throw on at run time (a JS TypeError); becomes logic_error 504.
struct js_error {
  const char* message;
};

/// Nesting limit of computed values (arrays of arrays, reduce frames) and of data arrays joined
/// into strings. Deeper values make evaluation throw (504) instead of overflowing the stack.
inline constexpr std::uint32_t max_value_depth = 512;

enum class vk : std::uint8_t {
  undefined,
  null,
  boolean,
  number,
  str_ref,      ///< refers to a std::string inside JSON (or borrowed by prepared data)
  arr_ref,      ///< refers to a JSON array
  obj_ref,      ///< refers to a JSON object
  parr_ref,     ///< refers to an array of prepared data (a pnode)
  pobj_ref,     ///< refers to an object of prepared data (a pnode)
  scope_frame,  ///< refers to the `{current, accumulator}` frame of a running reduce (never
                ///< escapes)
  // reference counted (kind >= owned_str)
  owned_str,
  owned_arr,
  owned_frame,
};

struct pmember;

/**
 * One value of prepared data (logic::prepared_data): the first 16 bytes are what a `value`
 * referring to it holds, so that scalars are read with one copy. Arrays hold their elements,
 * objects their members (sorted by key hash), contiguously. `src` is the JSON an array or object
 * was prepared from (null for data built without JSON): results that return it copy that JSON,
 * so that they are exactly what apply() on the JSON gives.
 */
struct pnode {
  vk kind = vk::null;      ///< null, boolean, number, str_ref, parr_ref or pobj_ref
  bool flag = false;       ///< boolean: the value
  std::uint32_t size = 0;  ///< parr_ref: elements; pobj_ref: members
  union {
    double num;
    const std::string* s;
    const pnode* elems;
    const pmember* members;
    std::size_t index;  ///< while building: index of the first element / member
  } u{};
  const json* src = nullptr;
};

/// A member of a prepared object: its key's hash (see key_hash), the key (its bytes, borrowed,
/// and its size, held here rather than a pointer to its std::string) and the value.
struct pmember {
  std::uint64_t hash = 0;
  std::uint64_t head = 0;          ///< key_head(key()): a key of up to 8 bytes is compared in one step
  const char* key_data = nullptr;  ///< borrowed, like the std::string it comes from
  std::size_t key_size = 0;
  pnode value;

  [[nodiscard]] std::string_view key() const noexcept { return {key_data, key_size}; }
};

/// Whether `n` bytes at `a` and `b` are equal (memcmp(a, b, n) == 0), inline: up to 16 bytes
/// (keys and vocabulary ids are short) with two overlapping loads per side, longer runs 8 bytes
/// at a time.
CARECOMPARE_LOGIC_HOT bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  if (n >= 8) {
    for (; n > 16; n -= 8, a += 8, b += 8) {
      std::uint64_t x = 0, y = 0;  // NOLINT(readability-isolate-declaration)
      std::memcpy(&x, a, 8);
      std::memcpy(&y, b, 8);
      if (x != y) return false;
    }
    std::uint64_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;  // NOLINT(readability-isolate-declaration)
    std::memcpy(&a0, a, 8);
    std::memcpy(&b0, b, 8);
    std::memcpy(&a1, a + n - 8, 8);
    std::memcpy(&b1, b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n >= 4) {
    std::uint32_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;  // NOLINT(readability-isolate-declaration)
    std::memcpy(&a0, a, 4);
    std::memcpy(&b0, b, 4);
    std::memcpy(&a1, a + n - 4, 4);
    std::memcpy(&b1, b + n - 4, 4);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n == 0) return true;
  return a[0] == b[0] && a[n >> 1U] == b[n >> 1U] && a[n - 1] == b[n - 1];  // 1 to 3 bytes
}

/// `a == b` for strings, see same_bytes().
CARECOMPARE_LOGIC_HOT bool same_text(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && same_bytes(a.data(), b.data(), a.size());
}

/// The first 8 bytes of a key, zero-padded when it is shorter: with the key's size, the whole
/// key when it is at most 8 bytes long (most keys are), so that same_key() compares it in one
/// step, with no hop to its bytes.
inline std::uint64_t key_head(std::string_view s) noexcept {
  std::uint64_t w = 0;
  std::memcpy(&w, s.data(), s.size() < 8 ? s.size() : 8);
  return w;
}

/**
 * Hash of an object key, computed once per key of prepared data and once per constant `var`
 * path segment at compile time, so that a lookup compares 8-byte hashes and then one key.
 * (Stable within a process only; never stored.)
 */
inline std::uint64_t key_hash(std::string_view s) noexcept {
  constexpr std::uint64_t m = 0xC4CEB9FE1A85EC53ULL;
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ (static_cast<std::uint64_t>(n) * 0xFF51AFD7ED558CCDULL);
  for (; n >= 8; n -= 8, p += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * m;
    h ^= h >> 32U;
  }
  if (n != 0) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * m;
    h ^= h >> 32U;
  }
  h ^= h >> 29U;
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 32U);
}

/// Objects with more members than this are searched by binary search on the hash.
inline constexpr std::uint32_t pobject_linear_max = 16;

/// The members of `object` from the first whose hash is not below `hash`, by binary search.
inline const pmember* lower_pmember(const pnode& object, std::uint64_t hash) noexcept {
  const pmember* m = object.u.members;
  return std::lower_bound(m, m + object.size, hash, [](const pmember& x, std::uint64_t h) { return x.hash < h; });
}

/// The member `key` (whose key_hash is `hash`) of a prepared object, or nullptr.
CARECOMPARE_LOGIC_HOT const pnode* find_pmember(const pnode& object, std::uint64_t hash,
                                                std::string_view key) noexcept {
  const pmember* m = object.u.members;
  const pmember* end = m + object.size;
  if (object.size > pobject_linear_max) m = lower_pmember(object, hash);
  for (; m != end && m->hash <= hash; ++m) {  // members are sorted by hash
    if (m->hash == hash && m->key_size == key.size() && same_bytes(m->key_data, key.data(), key.size())) {
      return &m->value;
    }
  }
  return nullptr;
}

struct heap_obj {
  std::uint32_t refs = 1;
  std::uint32_t depth = 0;  ///< nesting of computed containers (0 for strings)
};
struct str_obj;
struct arr_obj;
struct frame_obj;
struct reduce_scope;

/// See the file comment.
class value {
 public:
  value() noexcept = default;
  value(const value& o) noexcept : kind_(o.kind_), flag_(o.flag_), inst_(o.inst_), u_(o.u_) {
    if (kind_ >= vk::owned_str) ++u_.h->refs;
  }
  value(value&& o) noexcept : kind_(o.kind_), flag_(o.flag_), inst_(o.inst_), u_(o.u_) { o.kind_ = vk::undefined; }
  value& operator=(const value& o) noexcept {
    if (this != &o) {
      value tmp(o);
      swap(tmp);
    }
    return *this;
  }
  value& operator=(value&& o) noexcept {
    if (this != &o) {
      release();
      kind_ = o.kind_;
      flag_ = o.flag_;
      inst_ = o.inst_;
      u_ = o.u_;
      o.kind_ = vk::undefined;
    }
    return *this;
  }
  ~value() { release(); }

  void swap(value& o) noexcept {
    std::swap(kind_, o.kind_);
    std::swap(flag_, o.flag_);
    std::swap(inst_, o.inst_);
    std::swap(u_, o.u_);
  }

  static value undefined() noexcept { return {}; }
  static value null() noexcept { return value(vk::null); }
  static value boolean(bool b) noexcept {
    value v(vk::boolean);
    v.flag_ = b;
    return v;
  }
  static value number(double d) noexcept {
    value v(vk::number);
    v.u_.num = d;
    return v;
  }
  static value str(const std::string* s) noexcept {
    value v(vk::str_ref);
    v.u_.s = s;
    return v;
  }
  static value arr(const json* j, std::uint32_t inst) noexcept {
    value v(vk::arr_ref);
    v.u_.j = j;
    v.inst_ = inst;
    return v;
  }
  static value obj(const json* j) noexcept {
    value v(vk::obj_ref);
    v.u_.j = j;
    return v;
  }
  /// Refers to a prepared value (a scalar is copied; an array or object is referred to).
  static value prepared(const pnode& n) noexcept {
    value v(n.kind);
    v.flag_ = n.flag;
    if (n.kind == vk::parr_ref || n.kind == vk::pobj_ref) {
      v.u_.p = &n;
    } else {
      std::memcpy(&v.u_, &n.u, sizeof v.u_);
    }
    return v;
  }
  static value scope(reduce_scope* f) noexcept {
    value v(vk::scope_frame);
    v.u_.f = f;
    return v;
  }
  /// Takes over one reference of `h` (kind owned_str, owned_arr or owned_frame).
  static value adopt(vk kind, heap_obj* h) noexcept {
    value v(kind);
    v.u_.h = h;
    return v;
  }
  static value string(std::string text);

  [[nodiscard]] vk kind() const noexcept { return kind_; }
  [[nodiscard]] bool is_undefined() const noexcept { return kind_ == vk::undefined; }
  [[nodiscard]] bool is_nullish() const noexcept { return kind_ <= vk::null; }
  [[nodiscard]] bool is_number() const noexcept { return kind_ == vk::number; }
  [[nodiscard]] bool is_bool() const noexcept { return kind_ == vk::boolean; }
  [[nodiscard]] bool is_string() const noexcept { return kind_ == vk::str_ref || kind_ == vk::owned_str; }
  [[nodiscard]] bool is_array() const noexcept {
    return kind_ == vk::arr_ref || kind_ == vk::owned_arr || kind_ == vk::parr_ref;
  }
  /// A JS object that is not an array: a JSON object or a reduce frame.
  [[nodiscard]] bool is_plain_object() const noexcept {
    return kind_ == vk::obj_ref || kind_ == vk::pobj_ref || kind_ == vk::scope_frame || kind_ == vk::owned_frame;
  }
  [[nodiscard]] bool is_object() const noexcept { return is_array() || is_plain_object(); }

  [[nodiscard]] bool boolean_value() const noexcept { return flag_; }
  [[nodiscard]] double number_value() const noexcept { return u_.num; }
  [[nodiscard]] std::string_view string_view() const noexcept;
  [[nodiscard]] const json& json_ref() const noexcept { return *u_.j; }
  /// The string a str_ref refers to.
  [[nodiscard]] const std::string* string_ptr() const noexcept { return u_.s; }
  /// The prepared array or object (parr_ref, pobj_ref).
  [[nodiscard]] const pnode& pnode_ref() const noexcept { return *u_.p; }
  [[nodiscard]] std::uint32_t inst() const noexcept { return inst_; }
  [[nodiscard]] heap_obj* heap() const noexcept { return u_.h; }
  [[nodiscard]] reduce_scope* scope_ptr() const noexcept { return u_.f; }
  [[nodiscard]] const arr_obj& owned_array() const noexcept;
  [[nodiscard]] const frame_obj& owned_frame() const noexcept;

  /// Nesting depth of a computed container (0 for everything else).
  [[nodiscard]] std::uint32_t depth() const noexcept {
    return kind_ == vk::owned_arr || kind_ == vk::owned_frame ? u_.h->depth : 0;
  }

 private:
  explicit value(vk k) noexcept : kind_(k) {}
  void release() noexcept {
    if (kind_ >= vk::owned_str) release_heap();
  }
  void release_heap() noexcept;

  vk kind_ = vk::undefined;
  bool flag_ = false;
  std::uint32_t inst_ = 0;
  union payload {
    double num;
    const std::string* s;
    const json* j;
    const pnode* p;
    heap_obj* h;
    reduce_scope* f;
  } u_{};
};

struct str_obj : heap_obj {
  std::string text;
};
struct arr_obj : heap_obj {
  std::vector<value> items;
};
struct frame_obj : heap_obj {
  value current;
  value accumulator;
};
/// The frame a reduce iteration evaluates against; lives on the C++ stack of the reduce.
/// `materialized` is the heap copy made when the frame itself becomes a value (`{"var":""}`).
struct reduce_scope {
  value current;
  value accumulator;
  frame_obj* materialized = nullptr;
  reduce_scope(value c, value a) noexcept : current(std::move(c)), accumulator(std::move(a)) {}
  reduce_scope(const reduce_scope&) = delete;
  reduce_scope& operator=(const reduce_scope&) = delete;
  ~reduce_scope() {
    if (materialized != nullptr) value::adopt(vk::owned_frame, materialized);  // drops our ref
  }
};

inline void value::release_heap() noexcept {
  if (--u_.h->refs != 0) return;
  switch (kind_) {
    case vk::owned_str: delete static_cast<str_obj*>(u_.h); break;
    case vk::owned_arr: delete static_cast<arr_obj*>(u_.h); break;
    default: delete static_cast<frame_obj*>(u_.h); break;
  }
}

inline std::string_view value::string_view() const noexcept {
  return kind_ == vk::str_ref ? std::string_view(*u_.s) : std::string_view(static_cast<const str_obj*>(u_.h)->text);
}
inline const arr_obj& value::owned_array() const noexcept { return *static_cast<const arr_obj*>(u_.h); }
inline const frame_obj& value::owned_frame() const noexcept { return *static_cast<const frame_obj*>(u_.h); }
inline value value::string(std::string text) {
  auto* o = new str_obj();
  o->text = std::move(text);
  return adopt(vk::owned_str, o);
}

/// Turns a finished computed array into a value, checking its nesting depth.
inline value make_array(std::vector<value> items) {
  std::uint32_t depth = 0;
  for (const value& v : items) depth = std::max(depth, v.depth());
  if (depth + 1 > max_value_depth) throw js_error{"computed value nested too deeply"};
  auto* o = new arr_obj();
  o->items = std::move(items);
  o->depth = depth + 1;
  return value::adopt(vk::owned_arr, o);
}

/// The frame of a reduce iteration as a heap object (a JS object with its own identity).
inline value materialize(const value& v) {
  reduce_scope* f = v.scope_ptr();
  if (f->materialized == nullptr) {
    const std::uint32_t depth = std::max(f->current.depth(), f->accumulator.depth()) + 1;
    if (depth > max_value_depth) throw js_error{"computed value nested too deeply"};
    auto* o = new frame_obj();
    o->current = f->current;
    o->accumulator = f->accumulator;
    o->depth = depth;
    f->materialized = o;
  }
  ++f->materialized->refs;
  return value::adopt(vk::owned_frame, f->materialized);
}

/// `v`, made safe to keep: the frame of a reduce iteration becomes a heap object.
inline value escape(value v) {
  if (v.kind() != vk::scope_frame) return v;
  return materialize(v);
}

/// A JSON node as a value. `inst` is the identity instance of the enclosing literal array; arrays
/// inherit it, objects (returned as is by json-logic-js) do not.
inline value from_json(const json& j, std::uint32_t inst) noexcept {
  switch (j.type()) {
    case json::value_t::null: return value::null();
    case json::value_t::boolean: return value::boolean(*j.get_ptr<const json::boolean_t*>());
    case json::value_t::number_integer:
      return value::number(static_cast<double>(*j.get_ptr<const json::number_integer_t*>()));
    case json::value_t::number_unsigned:
      return value::number(static_cast<double>(*j.get_ptr<const json::number_unsigned_t*>()));
    case json::value_t::number_float: return value::number(*j.get_ptr<const json::number_float_t*>());
    case json::value_t::string: return value::str(j.get_ptr<const json::string_t*>());
    case json::value_t::array: return value::arr(&j, inst);
    case json::value_t::object: return value::obj(&j);
    default: return value::undefined();  // binary / discarded: not JSON
  }
}

/// A key looked up in a JSON object without building a std::string, compared inline in
/// std::string's order (bytes as unsigned, then length).
struct key_ref {
  std::string_view text;

  /// Lexicographic byte order (std::string's), comparing 8, 4, 2 bytes at a time.
  static int compare(std::string_view a, std::string_view b) noexcept {
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    const char* p = a.data();
    const char* q = b.data();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t x = 0;
      std::uint64_t y = 0;
      std::memcpy(&x, p + i, 8);
      std::memcpy(&y, q + i, 8);
      if (x != y) return order(x, y);
    }
    if (i + 4 <= n) {
      std::uint32_t x = 0;
      std::uint32_t y = 0;
      std::memcpy(&x, p + i, 4);
      std::memcpy(&y, q + i, 4);
      if (x != y) return order(x, y);
      i += 4;
    }
    for (; i < n; ++i) {
      const auto x = static_cast<unsigned char>(p[i]);
      const auto y = static_cast<unsigned char>(q[i]);
      if (x != y) return x < y ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
  }
  /// Order of two unequal words read from memory, as their bytes compare (memcmp order).
  template <class U>
  static int order(U x, U y) noexcept {
    if constexpr (std::endian::native == std::endian::little) {
      x = byteswap(x);
      y = byteswap(y);
    }
    return x < y ? -1 : 1;
  }
  static std::uint64_t byteswap(std::uint64_t v) noexcept {  // compilers emit one bswap
    v = ((v & 0x00FF00FF00FF00FFULL) << 8U) | ((v >> 8U) & 0x00FF00FF00FF00FFULL);
    v = ((v & 0x0000FFFF0000FFFFULL) << 16U) | ((v >> 16U) & 0x0000FFFF0000FFFFULL);
    return (v << 32U) | (v >> 32U);
  }
  static std::uint32_t byteswap(std::uint32_t v) noexcept {
    v = ((v & 0x00FF00FFU) << 8U) | ((v >> 8U) & 0x00FF00FFU);
    return (v << 16U) | (v >> 16U);
  }
  friend bool operator<(const std::string& a, const key_ref& b) noexcept { return compare(a, b.text) < 0; }
  friend bool operator<(const key_ref& a, const std::string& b) noexcept { return compare(a.text, b) < 0; }
};

/// The member `key` of the members of a JSON object, or nullptr.
inline const json* find_member_of(const json::object_t& o, std::string_view key) noexcept {
  const auto it = o.find(key_ref{key});
  return it == o.end() ? nullptr : &it->second;
}
/// The member `key` of a JSON object, or nullptr.
inline const json* find_member(const json& object, std::string_view key) noexcept {
  return find_member_of(*object.get_ptr<const json::object_t*>(), key);
}

/// The elements of a JSON array.
inline const json::array_t& elements(const json& array) noexcept { return *array.get_ptr<const json::array_t*>(); }

/// Number of elements of an array value.
inline std::size_t array_size(const value& a) noexcept {
  switch (a.kind()) {
    case vk::arr_ref: return elements(a.json_ref()).size();
    case vk::parr_ref: return a.pnode_ref().size;
    default: return a.owned_array().items.size();
  }
}

/// Element `i` of an array value.
inline value array_at(const value& a, std::size_t i) {
  switch (a.kind()) {
    case vk::arr_ref: return from_json(elements(a.json_ref())[i], a.inst());
    case vk::parr_ref: return value::prepared(a.pnode_ref().u.elems[i]);
    default: return a.owned_array().items[i];
  }
}

/// Calls `f(const value&)` for each element of an array value.
template <class F>
void for_each_element(const value& a, F&& f) {
  if (a.kind() == vk::arr_ref) {
    for (const json& e : elements(a.json_ref())) f(from_json(e, a.inst()));
  } else if (a.kind() == vk::parr_ref) {
    const pnode& n = a.pnode_ref();
    for (std::uint32_t k = 0; k < n.size; ++k) f(value::prepared(n.u.elems[k]));
  } else {
    for (const value& e : a.owned_array().items) f(e);
  }
}

/// The member `key` of a prepared object, hashing the key.
inline const pnode* find_pmember(const pnode& object, std::string_view key) noexcept {
  return find_pmember(object, key_hash(key), key);
}

// ---- truthiness ------------------------------------------------------------------------------

/// `jsonLogic.truthy`: `[]` is false, every other object true; "", 0, NaN, null false.
inline bool truthy(const value& v) noexcept {
  switch (v.kind()) {
    case vk::undefined:
    case vk::null: return false;
    case vk::boolean: return v.boolean_value();
    case vk::number: return v.number_value() != 0 && !std::isnan(v.number_value());
    case vk::str_ref:
    case vk::owned_str: return !v.string_view().empty();
    case vk::arr_ref:
    case vk::parr_ref:
    case vk::owned_arr: return array_size(v) != 0;
    default: return true;
  }
}

/// JS `!!v` (plain JS, where `[]` is true).
inline bool js_truthy(const value& v) noexcept { return v.is_array() || truthy(v); }

// ---- conversions -----------------------------------------------------------------------------

inline const std::string& object_text() {
  static const std::string text = "[object Object]";
  return text;
}

/// A JSON object with an own "toString" member cannot become a primitive in JS: the member is
/// not a function and `valueOf` returns the object itself, so ToPrimitive throws.
inline void check_object_primitive(const value& v) {
  const bool has_to_string = (v.kind() == vk::obj_ref && find_member(v.json_ref(), "toString") != nullptr) ||
                             (v.kind() == vk::pobj_ref && find_pmember(v.pnode_ref(), "toString") != nullptr);
  if (has_to_string) throw js_error{"Cannot convert object to primitive value"};
}

void append_join(std::string& out, const value& array, std::uint32_t depth);

/// Appends JS `String(v)` to `out` (undefined -> "undefined", null -> "null").
inline void append_string(std::string& out, const value& v, std::uint32_t depth = 0) {
  switch (v.kind()) {
    case vk::undefined: out += "undefined"; return;
    case vk::null: out += "null"; return;
    case vk::boolean: out += v.boolean_value() ? "true" : "false"; return;
    case vk::number: out += js_number_to_string(v.number_value()).view(); return;
    case vk::str_ref:
    case vk::owned_str: out += v.string_view(); return;
    case vk::arr_ref:
    case vk::parr_ref:
    case vk::owned_arr: append_join(out, v, depth); return;
    default:
      check_object_primitive(v);
      out += object_text();
      return;
  }
}

/// Appends `Array.prototype.join.call(array, ",")`: null and undefined elements are "".
inline void append_join(std::string& out, const value& array, std::uint32_t depth) {
  if (depth >= max_value_depth) throw js_error{"array nested too deeply to convert to a string"};
  bool first = true;
  for_each_element(array, [&](const value& e) {
    if (!first) out += ',';
    first = false;
    if (!e.is_nullish()) append_string(out, e, depth + 1);
  });
}

/// JS `String(v)` as a new std::string.
inline std::string to_js_string(const value& v) {
  std::string out;
  append_string(out, v);
  return out;
}

/// JS ToPrimitive: objects become strings (arrays joined, others "[object Object]").
inline value to_primitive(const value& v) {
  if (!v.is_object()) return v;
  if (v.is_plain_object()) {
    check_object_primitive(v);
    return value::str(&object_text());
  }
  std::string out;
  append_join(out, v, 0);
  return value::string(std::move(out));
}

/// JS ToNumber.
inline double to_number(const value& v) {
  switch (v.kind()) {
    case vk::undefined: return nan_v;
    case vk::null: return 0;
    case vk::boolean: return v.boolean_value() ? 1 : 0;
    case vk::number: return v.number_value();
    case vk::str_ref:
    case vk::owned_str: return js_string_to_number(v.string_view());
    default: return to_number(to_primitive(v));
  }
}

/// JS `parseFloat(v)`: String(v), then the longest decimal prefix.
inline double parse_float(const value& v) {
  switch (v.kind()) {
    case vk::number: return v.number_value() == 0 ? 0.0 : v.number_value();  // String(-0) is "0"
    case vk::str_ref:
    case vk::owned_str: return js_parse_float(v.string_view());
    case vk::undefined:
    case vk::null:
    case vk::boolean: return nan_v;
    default: return js_parse_float(to_js_string(v));
  }
}

// ---- equality and order ----------------------------------------------------------------------

enum class js_type : std::uint8_t { undefined, null, boolean, number, string, object };

inline js_type type_of(const value& v) noexcept {
  switch (v.kind()) {
    case vk::undefined: return js_type::undefined;
    case vk::null: return js_type::null;
    case vk::boolean: return js_type::boolean;
    case vk::number: return js_type::number;
    case vk::str_ref:
    case vk::owned_str: return js_type::string;
    default: return js_type::object;
  }
}

/// Whether two object values are the same JS object.
inline bool same_object(const value& a, const value& b) noexcept {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case vk::arr_ref:
    case vk::obj_ref: return &a.json_ref() == &b.json_ref() && a.inst() == b.inst();
    case vk::parr_ref:
    case vk::pobj_ref: return &a.pnode_ref() == &b.pnode_ref();
    case vk::scope_frame: return a.scope_ptr() == b.scope_ptr();
    default: return a.heap() == b.heap();
  }
}

/// `===` for two values of the same JS type.
inline bool same_type_equal(const value& a, const value& b) noexcept {
  switch (type_of(a)) {
    case js_type::undefined:
    case js_type::null: return true;
    case js_type::boolean: return a.boolean_value() == b.boolean_value();
    case js_type::number: return a.number_value() == b.number_value();
    case js_type::string: return same_text(a.string_view(), b.string_view());
    default: return same_object(a, b);
  }
}

/// JS `a === b`.
inline bool strict_equal(const value& a, const value& b) noexcept {
  return type_of(a) == type_of(b) && same_type_equal(a, b);
}

/// JS `a === e` for an element `e` of a JSON array whose identity instance is `inst`.
inline bool strict_equal_json(const value& a, const json& e, std::uint32_t inst) noexcept {
  switch (a.kind()) {
    case vk::str_ref:
    case vk::owned_str: {
      const auto* s = e.get_ptr<const json::string_t*>();
      return s != nullptr && same_text(*s, a.string_view());
    }
    case vk::number: return e.is_number() && from_json(e, 0).number_value() == a.number_value();
    case vk::boolean: {
      const auto* b = e.get_ptr<const json::boolean_t*>();
      return b != nullptr && *b == a.boolean_value();
    }
    case vk::null: return e.is_null();
    case vk::undefined: return false;
    default: return strict_equal(a, from_json(e, inst));
  }
}

/// JS `a == b` (IsLooselyEqual).
inline bool loose_equal(const value& a, const value& b) {
  const js_type ta = type_of(a);
  const js_type tb = type_of(b);
  if (ta == tb) return same_type_equal(a, b);
  const bool na = ta <= js_type::null;
  const bool nb = tb <= js_type::null;
  if (na || nb) return na && nb;
  if (ta == js_type::number && tb == js_type::string) {
    return a.number_value() == js_string_to_number(b.string_view());
  }
  if (ta == js_type::string && tb == js_type::number) {
    return js_string_to_number(a.string_view()) == b.number_value();
  }
  if (ta == js_type::boolean) return loose_equal(value::number(a.boolean_value() ? 1 : 0), b);
  if (tb == js_type::boolean) return loose_equal(a, value::number(b.boolean_value() ? 1 : 0));
  if (ta == js_type::object) return loose_equal(to_primitive(a), b);
  return loose_equal(a, to_primitive(b));
}

/// JS `a < b` (IsLessThan): 1 true, 0 false, -1 undefined (a NaN was involved).
inline int js_less(const value& a, const value& b) {
  if (a.is_number() && b.is_number()) {
    const double x = a.number_value();
    const double y = b.number_value();
    if (std::isnan(x) || std::isnan(y)) return -1;
    return x < y ? 1 : 0;
  }
  const value pa = to_primitive(a);
  const value pb = to_primitive(b);
  if (pa.is_string() && pb.is_string()) {
    return compare_utf16(pa.string_view(), pb.string_view()) < 0 ? 1 : 0;
  }
  const double x = to_number(pa);
  const double y = to_number(pb);
  if (std::isnan(x) || std::isnan(y)) return -1;
  return x < y ? 1 : 0;
}

inline bool lt(const value& a, const value& b) { return js_less(a, b) == 1; }
inline bool gt(const value& a, const value& b) { return js_less(b, a) == 1; }
inline bool le(const value& a, const value& b) { return js_less(b, a) == 0; }
inline bool ge(const value& a, const value& b) { return js_less(a, b) == 0; }

// ---- back to JSON ----------------------------------------------------------------------------

/// Whether `d` is an integer within +-2^53 (then `i` is it): the numbers a result writes as JSON
/// integers. One convert and compare instead of a call to trunc(); NaN fails the range test.
CARECOMPARE_LOGIC_HOT bool safe_integer(double d, std::int64_t& i) noexcept {
  if (!(std::fabs(d) <= 9007199254740992.0)) return false;
  i = static_cast<std::int64_t>(d);
  return static_cast<double>(i) == d;
}

/// A computed number as JSON: integral values within +-2^53 as integers, NaN/Infinity as null
/// (what JSON.stringify writes).
inline json number_to_json(double d) {
  std::int64_t i = 0;
  if (safe_integer(d, i)) return i;
  if (!std::isfinite(d)) return nullptr;
  return d;
}

inline json number_to_json(double d);

/// Prepared data as JSON: a copy of the JSON it was prepared from, else built (numbers as
/// number_to_json writes them). Recurses as deep as the data is nested, as copying a
/// nlohmann::json does.
inline json pnode_to_json(const pnode& n) {
  if (n.src != nullptr) return *n.src;
  switch (n.kind) {
    case vk::boolean: return n.flag;
    case vk::number: return number_to_json(n.u.num);
    case vk::str_ref: return *n.u.s;
    case vk::parr_ref: {
      json out = json::array();
      auto& a = out.get_ref<json::array_t&>();
      a.reserve(n.size);
      for (std::uint32_t k = 0; k < n.size; ++k) a.push_back(pnode_to_json(n.u.elems[k]));
      return out;
    }
    case vk::pobj_ref: {
      json out = json::object();
      auto& o = out.get_ref<json::object_t&>();
      for (std::uint32_t k = 0; k < n.size; ++k) {
        o.emplace(n.u.members[k].key(), pnode_to_json(n.u.members[k].value));
      }
      return out;
    }
    default: return nullptr;
  }
}

/// The JSON a value stands for (undefined -> null; undefined frame members are left out, as
/// JSON.stringify does). JSON the value refers to is copied as it is.
inline json to_json(const value& v) {
  switch (v.kind()) {
    case vk::undefined:
    case vk::null: return nullptr;
    case vk::boolean: return v.boolean_value();
    case vk::number: return number_to_json(v.number_value());
    case vk::str_ref:
    case vk::owned_str: return std::string(v.string_view());
    case vk::arr_ref:
    case vk::obj_ref: return v.json_ref();
    case vk::parr_ref:
    case vk::pobj_ref: return pnode_to_json(v.pnode_ref());
    case vk::owned_arr: {
      json out = json::array();
      auto& a = out.get_ref<json::array_t&>();
      a.reserve(v.owned_array().items.size());
      for (const value& e : v.owned_array().items) a.push_back(to_json(e));
      return out;
    }
    case vk::scope_frame: return to_json(escape(v));
    case vk::owned_frame: {
      json out = json::object();
      const frame_obj& f = v.owned_frame();
      if (!f.current.is_undefined()) out["current"] = to_json(f.current);
      if (!f.accumulator.is_undefined()) out["accumulator"] = to_json(f.accumulator);
      return out;
    }
  }
  return nullptr;
}

// ---- writing a result into JSON that is reused -----------------------------------------------
// logic::apply_into() writes each result over the previous one: where the new value has the type
// the old one had, the old storage is kept (a string's buffer, an array's buffer and elements),
// so that a loop applying rules allocates only while its results grow.

/// `out` becomes `x`: written in place when `out` holds a T already (assigning a json makes a
/// temporary, swaps and destroys, out of line).
template <class T>
CARECOMPARE_LOGIC_HOT void assign_scalar(json& out, T x) {
  if (T* p = out.get_ptr<T*>()) {
    *p = x;
  } else {
    out = x;
  }
}

/// `out` becomes the number, as number_to_json() writes it.
inline void assign_number(json& out, double d) {
  std::int64_t i = 0;
  if (safe_integer(d, i)) {
    assign_scalar<json::number_integer_t>(out, i);
  } else if (std::isfinite(d)) {
    assign_scalar<json::number_float_t>(out, d);
  } else {
    out = nullptr;
  }
}

/// `out` as a string, emptied, keeping its buffer when it was a string already.
CARECOMPARE_LOGIC_HOT json::string_t& reuse_string(json& out) {
  json::string_t* s = out.get_ptr<json::string_t*>();
  if (s == nullptr) {
    out = json(json::value_t::string);  // one allocation, no temporary string moved in
    s = out.get_ptr<json::string_t*>();
  }
  s->clear();
  return *s;
}

/// `out` becomes the string `text`. Appended to the emptied string rather than assigned:
/// assign() goes through std::string's general replace (which checks whether `text` overlaps
/// the string's own buffer), append() within the capacity is one copy.
inline void assign_text(json& out, std::string_view text) { reuse_string(out).append(text); }

/// `out` becomes to_json(v), reusing a string's buffer.
inline void assign_value(json& out, const value& v) {
  switch (v.kind()) {
    case vk::number: assign_number(out, v.number_value()); return;
    case vk::str_ref:
    case vk::owned_str: assign_text(out, v.string_view()); return;
    default: out = to_json(v); return;
  }
}

/// Writes an array into `out` element by element, over the elements `out` already has (so a
/// string element keeps its buffer); finish() drops the elements left over from before.
class array_writer {
 public:
  explicit array_writer(json& out) : a_(as_array(out)) {}
  /// Room for `n` elements in all.
  void reserve(std::size_t n) {
    if (a_.capacity() < n) a_.reserve(n);
  }
  /// The next element, to be assigned: inline while it reuses an element (the common case in
  /// a loop of apply_into), out of line when the array grows.
  CARECOMPARE_LOGIC_HOT json& next() {
    if (n_ < a_.size()) return a_[n_++];
    return grow();
  }
  void finish() { a_.erase(a_.begin() + static_cast<std::ptrdiff_t>(n_), a_.end()); }

 private:
  CARECOMPARE_LOGIC_NOINLINE json& grow() {
    ++n_;
    return a_.emplace_back();
  }
  static json::array_t& as_array(json& out) {
    // json::array() goes through the initializer-list constructor; the value_t one allocates only.
    if (!out.is_array()) out = json(json::value_t::array);
    return out.get_ref<json::array_t&>();
  }
  json::array_t& a_;
  std::size_t n_ = 0;
};

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_VALUE_HPP
