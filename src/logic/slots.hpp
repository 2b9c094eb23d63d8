// SPDX-License-Identifier: MIT
/**
 * @file logic/slots.hpp (private)
 * apply() and test() on JSON data, and pass::var_slots at run time. A rule with slots
 * (program::slots, see assign_slots() in passes.hpp) finds each key it reads once in the JSON
 * object (walking a small object's members once, looking each key up in a larger one) and lays
 * those members out as prepared data (a pnode object, value.hpp) on the stack:
 * the reader (reader.hpp) then answers the nodes it knows, where on JSON each `var` would look
 * its key up in a std::map again and the evaluator would answer. Scalars and arrays of at most
 * slot_elements_max scalars are laid out; a call whose members hold anything else (an object,
 * a longer array) runs on the JSON as it is, and so does every other rule and data.
 */
#ifndef CARECOMPARE_SRC_LOGIC_SLOTS_HPP
#define CARECOMPARE_SRC_LOGIC_SLOTS_HPP

#include <cstddef>
#include <cstdint>
#include <new>
#include <nlohmann/json.hpp>

#include <carecompare/config.hpp>
#include "evaluator.hpp"
#include "passes.hpp"
#include "program.hpp"
#include "value.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/// The most array elements, over all members, that one call lays out.
inline constexpr std::size_t slot_elements_max = 32;

/**
 * The members of a JSON object that a rule's slots name, as a prepared object; root() is
 * nullptr when the rule has no slots, the data is not an object, or a member is neither a
 * scalar nor an array of scalars that fits. Borrows the data's strings and the program's keys.
 */
class slot_object {
 public:
  slot_object(const program& p, const json& data) noexcept {
    if (p.slots.empty() || !data.is_object()) return;
    // found[s] is set only where bit s of `present` is: clearing the whole array would cost
    // more than the walk (GCC clears it with `rep stos`, slow to start).
    const json* found[slot_max];  // NOLINT(cppcoreguidelines-pro-type-member-init): see above
    const std::uint32_t present = find_slots(p, *data.get_ptr<const json::object_t*>(), found);
    std::size_t count = 0;
    std::size_t used = 0;
    for (std::size_t s = 0; s < p.slots.size(); ++s) {  // sorted by hash, as an object's members are
      if ((present & (std::uint32_t{1} << s)) == 0) continue;
      const key_slot& slot = p.slots[s];
      const json* v = found[s];
      pmember* m = ::new (static_cast<void*>(&members_.items[count++])) pmember{};
      m->hash = slot.hash;
      m->head = slot.head;
      m->key_data = slot.key.data();
      m->key_size = slot.key.size();
      if (set_scalar(*v, m->value)) continue;
      if (!v->is_array()) return;
      const json::array_t& a = elements(*v);
      if (a.size() > slot_elements_max - used) return;
      pnode* first = &elements_.items[used];
      for (std::size_t k = 0; k < a.size(); ++k) {
        if (!set_scalar(a[k], *::new (static_cast<void*>(first + k)) pnode{})) return;
      }
      m->value.kind = vk::parr_ref;
      m->value.size = static_cast<std::uint32_t>(a.size());
      m->value.u.elems = first;
      m->value.src = v;
      used += a.size();
    }
    root_.kind = vk::pobj_ref;
    root_.size = static_cast<std::uint32_t>(count);
    root_.u.members = members_.items;
    root_.src = &data;
    ready_ = true;
  }
  slot_object(const slot_object&) = delete;
  slot_object& operator=(const slot_object&) = delete;

  /// The prepared object, or nullptr.
  [[nodiscard]] const pnode* root() const noexcept { return ready_ ? &root_ : nullptr; }

  /// Whether find_slots() walks an object of `members` members for `slots` slots rather than
  /// looking each slot up: a member costs about a step of the std::map's lookup (a key that
  /// differs in size from every slot's is passed over at one test), a lookup one comparison of
  /// keys per level of the tree.
  static constexpr bool walks(std::size_t members, std::size_t slots) noexcept { return members <= 4 * slots + 4; }

  /// The members of `object` the slots of `p` name: found[s] is the member slot s names when
  /// bit s of the result is set (no other entry is written). By walking the members once, until
  /// every slot is found (a small object, see walks()), or by a lookup of each slot. Keys in a
  /// JSON object are unique, so each slot names at most one member.
  static std::uint32_t find_slots(const program& p, const json::object_t& object, const json* found[]) noexcept {
    static_assert(slot_max <= 32, "a bit of the result per slot");
    const std::size_t slots = p.slots.size();
    std::uint32_t present = 0;
    if (!walks(object.size(), slots)) {
      for (std::size_t s = 0; s < slots; ++s) {
        found[s] = find_member_of(object, p.slots[s].key);
        if (found[s] != nullptr) present |= std::uint32_t{1} << s;
      }
      return present;
    }
    std::size_t missing = slots;
    for (auto m = object.begin(); m != object.end() && missing != 0; ++m) {
      const std::size_t n = m->first.size();
      if ((p.slot_sizes & size_bit(n)) == 0) continue;
      for (std::size_t s = 0; s < slots; ++s) {
        const std::string& k = p.slots[s].key;
        if (k.size() == n && same_bytes(k.data(), m->first.data(), n)) {
          found[s] = &m->second;
          present |= std::uint32_t{1} << s;
          --missing;
          break;
        }
      }
    }
    return present;
  }

 private:
  /// Storage whose items are made as they are used (so that a call does not clear all of it).
  template <class T, std::size_t N>
  union storage {
    storage() noexcept {}
    T items[N];
  };

  pnode root_;
  bool ready_ = false;
  storage<pmember, slot_max> members_;
  storage<pnode, slot_elements_max> elements_;
};

/// apply() on JSON data.
inline json run(const program& p, const json& data) {
  if (!p.slots.empty()) {
    const slot_object slots(p, data);
    if (slots.root() != nullptr) return run(p, *slots.root());
  }
  return run(p, from_json(data, 0));
}

/// test() on JSON data.
inline bool run_test(const program& p, const json& data) {
  if (!p.slots.empty()) {
    const slot_object slots(p, data);
    if (slots.root() != nullptr) return run_test(p, *slots.root());
  }
  return run_test(p, from_json(data, 0));
}

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_SLOTS_HPP
