// SPDX-License-Identifier: MIT
/**
 * @file logic/data.hpp
 * Internal: the storage of prepared data (logic::prepared_data), and how it is built.
 *
 * A nlohmann::json object is a std::map of std::string: each member lookup walks a tree and
 * compares strings at every level. Prepared data is the same value laid out for reading: every
 * array's elements and every object's members are contiguous, and each member carries the hash
 * of its key, so that a `var` whose path is constant (its segments hashed at compile time) finds
 * a member by comparing 8-byte hashes, then the one key that matches. Strings are not copied:
 * they are borrowed from the JSON (or the strings) the data was built from, which must outlive
 * it.
 *
 * Building is breadth-first and iterative, so that deeply nested data cannot exhaust the stack;
 * while building, nodes hold indexes, which finish() turns into pointers (and it sorts the
 * members of each object by hash).
 */
#ifndef CARECOMPARE_SRC_LOGIC_DATA_HPP
#define CARECOMPARE_SRC_LOGIC_DATA_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <carecompare/config.hpp>
#include "program.hpp"
#include "value.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/// Sets `out` (a default pnode: null) to the JSON scalar `j` as prepared data holds it, as
/// from_json() reads it: numbers as doubles, strings borrowed, binary and discarded values
/// (not JSON) undefined. False, leaving `out` as it was, for arrays and objects.
inline bool set_scalar(const json& j, pnode& out) noexcept {
  switch (j.type()) {
    case json::value_t::null: return true;
    case json::value_t::boolean:
      out.kind = vk::boolean;
      out.flag = *j.get_ptr<const json::boolean_t*>();
      return true;
    case json::value_t::number_integer:
      out.kind = vk::number;
      out.u.num = static_cast<double>(*j.get_ptr<const json::number_integer_t*>());
      return true;
    case json::value_t::number_unsigned:
      out.kind = vk::number;
      out.u.num = static_cast<double>(*j.get_ptr<const json::number_unsigned_t*>());
      return true;
    case json::value_t::number_float:
      out.kind = vk::number;
      out.u.num = *j.get_ptr<const json::number_float_t*>();
      return true;
    case json::value_t::string:
      out.kind = vk::str_ref;
      out.u.s = j.get_ptr<const json::string_t*>();
      return true;
    case json::value_t::array:
    case json::value_t::object: return false;
    default: out.kind = vk::undefined; return true;
  }
}

/// Prepared data: a root value, the elements of every array and the members of every object.
/// Move-only (moving keeps every pointer valid: the vectors' buffers move with them).
class pdoc {
 public:
  /// Where a node lives while building.
  struct slot {
    enum class in : std::uint8_t { root, element, member };
    in where = in::root;
    std::size_t index = 0;
  };

  pdoc() = default;
  pdoc(pdoc&&) noexcept = default;
  pdoc& operator=(pdoc&&) noexcept = default;
  pdoc(const pdoc&) = delete;
  pdoc& operator=(const pdoc&) = delete;
  ~pdoc() = default;

  /// The value (after finish()).
  [[nodiscard]] const pnode& root() const noexcept { return root_; }
  /// Bytes of storage (elements and members).
  [[nodiscard]] std::size_t storage_bytes() const noexcept {
    return elems_.capacity() * sizeof(pnode) + members_.capacity() * sizeof(pmember);
  }

  // ---- building ----------------------------------------------------------------------------

  /// Back to null, keeping the storage.
  void clear() noexcept {
    root_ = pnode{};
    elems_.clear();
    members_.clear();
  }
  /// Room for this many elements and members in all (optional).
  void reserve(std::size_t elements, std::size_t members) {
    elems_.reserve(elements);
    members_.reserve(members);
  }

  pnode& node(slot s) noexcept {
    switch (s.where) {
      case slot::in::element: return elems_[s.index];
      case slot::in::member: return members_[s.index].value;
      default: return root_;
    }
  }
  static slot element(std::size_t i) noexcept { return {slot::in::element, i}; }
  static slot member(std::size_t i) noexcept { return {slot::in::member, i}; }

  /// Makes node `s` an array of `n` null elements; returns the index of the first.
  std::size_t set_array(slot s, std::size_t n, const json* src = nullptr) {
    const std::size_t first = elems_.size();
    elems_.resize(first + n);
    set_container(s, vk::parr_ref, n, first, src);
    return first;
  }
  /// Makes node `s` an object of `n` members (null, keys unset); returns the index of the first.
  std::size_t set_object(slot s, std::size_t n, const json* src = nullptr) {
    const std::size_t first = members_.size();
    members_.resize(first + n);
    set_container(s, vk::pobj_ref, n, first, src);
    return first;
  }
  /// The key of member `i` (borrowed: `*key` must stay where it is), with its key_hash.
  void set_key(std::size_t i, const std::string* key, std::uint64_t hash) noexcept {
    members_[i].key_data = key->data();
    members_[i].key_size = key->size();
    members_[i].hash = hash;
    members_[i].head = key_head(*key);
  }
  void set_key(std::size_t i, const std::string* key) noexcept { set_key(i, key, key_hash(*key)); }
  /// The key of member `i` (borrowed: its bytes must stay where they are) with its key_hash()
  /// and key_head().
  void set_key(std::size_t i, std::string_view key, std::uint64_t hash, std::uint64_t head) noexcept {
    members_[i].key_data = key.data();
    members_[i].key_size = key.size();
    members_[i].hash = hash;
    members_[i].head = head;
  }
  void set_number(slot s, double d) noexcept {
    pnode& n = node(s);
    n = pnode{};
    n.kind = vk::number;
    n.u.num = d;
  }
  /// A string, borrowed.
  void set_string(slot s, const std::string* text) noexcept {
    pnode& n = node(s);
    n = pnode{};
    n.kind = vk::str_ref;
    n.u.s = text;
  }
  /// Node `s` becomes `j`, all of it (strings and keys borrowed from `j`). Iterative.
  void set_json(slot target, const json& j) {
    queue_.clear();
    queue_.emplace_back(target, &j);
    for (std::size_t q = 0; q < queue_.size(); ++q) {
      const slot s = queue_[q].first;
      const json& v = *queue_[q].second;
      pnode& n = node(s);
      n = pnode{};
      if (set_scalar(v, n)) continue;
      if (v.is_array()) {
        const auto& a = *v.get_ptr<const json::array_t*>();
        const std::size_t first = set_array(s, a.size(), &v);
        for (std::size_t k = 0; k < a.size(); ++k) queue_.emplace_back(element(first + k), &a[k]);
      } else {
        const auto& o = *v.get_ptr<const json::object_t*>();
        std::size_t k = set_object(s, o.size(), &v);
        for (const auto& [key, item] : o) {
          set_key(k, &key);
          queue_.emplace_back(member(k), &item);
          ++k;
        }
      }
    }
    queue_.clear();
  }

  /// Ends building: sorts each object's members by hash and turns indexes into pointers.
  /// Throws std::invalid_argument when an object has a key twice (JSON objects cannot; the
  /// lookups rely on it, see find_segment()).
  void finish() {
    auto sort_members = [&](const pnode& n) {
      if (n.kind != vk::pobj_ref || n.size < 2) return;
      const auto first = members_.begin() + static_cast<std::ptrdiff_t>(n.u.index);
      const auto last = first + n.size;
      std::sort(first, last, [](const pmember& a, const pmember& b) { return a.hash < b.hash; });
      for (auto m = first + 1; m != last; ++m) {
        for (auto same = m; same != first && same[-1].hash == m->hash; --same) {
          if (same[-1].key() == m->key()) {
            throw std::invalid_argument("carecompare::logic::prepared_data: the key \"" + std::string(m->key()) +
                                        "\" twice in one object");
          }
        }
      }
    };
    sort_members(root_);
    for (const pnode& n : elems_) sort_members(n);
    for (std::size_t i = 0; i < members_.size(); ++i) sort_members(members_[i].value);
    auto link = [&](pnode& n) {
      if (n.kind == vk::parr_ref) n.u.elems = elems_.data() + n.u.index;
      if (n.kind == vk::pobj_ref) n.u.members = members_.data() + n.u.index;
    };
    link(root_);
    for (pnode& n : elems_) link(n);
    for (pmember& m : members_) link(m.value);
  }

 private:
  void set_container(slot s, vk kind, std::size_t n, std::size_t first, const json* src) {
    if (n > std::numeric_limits<std::uint32_t>::max()) {
      throw std::length_error("carecompare::logic::prepared_data: more than 2^32 elements");
    }
    pnode& target = node(s);
    target = pnode{};
    target.kind = kind;
    target.size = static_cast<std::uint32_t>(n);
    target.u.index = first;
    target.src = src;
  }

  pnode root_;
  std::vector<pnode> elems_;
  std::vector<pmember> members_;
  std::vector<std::pair<slot, const json*>> queue_;
};

/// Whether a prepared array holds no logic (see is_constant_array).
inline bool is_constant_parray(const pnode& a, std::uint32_t depth = 0) {
  if (a.src != nullptr) return is_constant_array(*a.src, depth);
  if (depth > max_value_depth) return false;
  for (std::uint32_t k = 0; k < a.size; ++k) {
    const pnode& e = a.u.elems[k];
    if (e.kind == vk::pobj_ref && e.size == 1) return false;
    if (e.kind == vk::parr_ref && !is_constant_parray(e, depth + 1)) return false;
  }
  return true;
}

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_DATA_HPP
