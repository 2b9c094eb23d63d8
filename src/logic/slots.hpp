// SPDX-License-Identifier: MIT
/**
 * @file logic/slots.hpp (private)
 * apply() and test() on JSON data, and pass::var_slots at run time. A rule with slots
 * (program::slots, see assign_slots() in passes.hpp) finds each key it reads once in the JSON
 * object (walking a small object's members once, looking each key up in a larger one), in each
 * object its constant paths go through and in each object of the lists its scoped arguments
 * read, and lays those members out as prepared data (a pnode object, value.hpp) on the stack:
 * the reader (reader.hpp) then answers the nodes it knows, where on JSON each `var` would look
 * its keys up in std::maps again and the evaluator would answer. Scalars, arrays of scalars and
 * of those objects (slot_elements_max elements and slot_members_max members in all), and the
 * objects a path goes through are laid out; a call whose members hold anything else (an object
 * no read goes into, a longer array) runs on the JSON as it is, and so does every other rule and
 * data.
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
/// The most members, over the data and the objects in it, that one call lays out.
inline constexpr std::size_t slot_members_max = 64;
static_assert(slot_members_max <= 0xFFFF && slot_elements_max <= 0xFFFF, "counted in 16 bits (slot_object)");

/**
 * The members of a JSON object that a rule's slots name, as a prepared object; root() is
 * nullptr when the rule has no slots, the data is not an object, or a member is neither a
 * scalar nor an array of scalars that fits. Borrows the data's strings and the program's keys.
 */
class slot_object {
 public:
  slot_object(const program& p, const json& data) noexcept {
    if (p.slots.empty() || !data.is_object()) return;
    // The top level, here: most rules read only scalars and arrays of scalars there. A slot with
    // children (an object or a list of objects below it) is laid out by lay_out_value().
    // found[s] is set only where bit s of `present` is: clearing the whole array would cost
    // more than the walk (GCC clears it with `rep stos`, slow to start).
    const json* found[slot_max];  // NOLINT(cppcoreguidelines-pro-type-member-init): see above
    const std::uint32_t top = p.top_slots;
    const std::uint32_t present = find_slots(p, 0, top, p.slot_sizes, *data.get_ptr<const json::object_t*>(), found);
    std::size_t count = 0;
    std::size_t used = 0;
    for (std::uint32_t s = 0; s < top; ++s) {  // sorted by hash, as an object's members are
      if ((present & (std::uint32_t{1} << s)) == 0) continue;
      const key_slot& slot = p.slots[s];
      const json* v = found[s];
      pmember* m = make_member(&members_.items[count++], slot);
      if (set_scalar(*v, m->value)) continue;
      if (slot.children != 0) {
        members_used_ = static_cast<std::uint16_t>(top);  // the top level's members come first
        elements_used_ = static_cast<std::uint16_t>(used);
        if (!lay_out_value(p, slot, *v, m->value)) return;
        used = elements_used_;
        continue;
      }
      if (!v->is_array()) return;
      const json::array_t& a = elements(*v);
      if (a.size() > slot_elements_max - used) return;
      pnode* first = &elements_.items[used];
      if (lay_out_scalars(a, first, 0) != a.size()) return;
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

  /// The members of `object` the slots p.slots[first, first + count) name (a group: the top
  /// level, or the children of one slot; `sizes` their key sizes, see program::slot_sizes): found[s] is the member slot s names when bit s of the
  /// result is set (no other entry is written). By walking the members once, until every slot
  /// is found (a small object, see walks()), or by a lookup of each slot. Keys in a JSON object
  /// are unique, so each slot names at most one member.
  static std::uint32_t find_slots(const program& p, std::uint32_t first, std::uint32_t count, std::uint64_t sizes,
                                  const json::object_t& object, const json* found[]) noexcept {
    static_assert(slot_max <= 32, "a bit of the result per slot");
    const std::uint32_t end = first + count;
    std::uint32_t present = 0;
    if (!walks(object.size(), count)) {
      for (std::uint32_t s = first; s < end; ++s) {
        found[s] = find_member_of(object, p.slots[s].key);
        if (found[s] != nullptr) present |= std::uint32_t{1} << s;
      }
      return present;
    }
    if (count == 1) {  // a path's next key, most often: one comparison per member
      const std::string& k = p.slots[first].key;
      for (const auto& m : object) {
        if (m.first.size() == k.size() && same_bytes(k.data(), m.first.data(), k.size())) {
          found[first] = &m.second;
          return std::uint32_t{1} << first;
        }
      }
      return 0;
    }
    const key_slot* const group = p.slots.data() + first;
    std::size_t missing = count;
    for (auto m = object.begin(); m != object.end() && missing != 0; ++m) {
      const std::size_t n = m->first.size();
      if ((sizes & size_bit(n)) == 0) continue;
      for (std::size_t s = 0; s < count; ++s) {
        const std::string& k = group[s].key;
        if (k.size() == n && same_bytes(k.data(), m->first.data(), n)) {
          found[first + s] = &m->second;
          present |= std::uint32_t{1} << (first + s);
          --missing;
          break;
        }
      }
    }
    return present;
  }

 private:
  /// A member for `slot`, with a null value, made at `at` (each field written once).
  static pmember* make_member(pmember* at, const key_slot& slot) noexcept {
    return ::new (static_cast<void*>(at)) pmember{slot.hash, slot.head, slot.key.data(), slot.key.size(), pnode{}};
  }

  /// Lays out elements `k` on of `a` at `first + k`, as long as they are scalars: the index of
  /// the first that is not (made as a null pnode), or a.size(). The caller has checked the room.
  CARECOMPARE_LOGIC_HOT static std::size_t lay_out_scalars(const json::array_t& a, pnode* first,
                                                           std::size_t k) noexcept {
    for (; k < a.size(); ++k) {
      if (!set_scalar(a[k], *::new (static_cast<void*>(first + k)) pnode{})) break;
    }
    return k;
  }

  /// Lays out in `into` the members of `object` that the slots p.slots[first, first + count)
  /// (the children of one slot) name, with what each holds, as lay_out_value() lays it out.
  /// False when a member holds anything else, or there are more than slot_elements_max elements
  /// or slot_members_max members in all.
  bool lay_out(const program& p, std::uint32_t first, std::uint32_t count, std::uint64_t sizes,
               const json::object_t& object, pnode& into) noexcept {
    const json* found[slot_max];  // NOLINT(cppcoreguidelines-pro-type-member-init): see the constructor
    const std::uint32_t present = find_slots(p, first, count, sizes, object, found);
    // Room for every slot of the group, found or not.
    if (count > slot_members_max - members_used_) return false;
    pmember* const members = &members_.items[members_used_];
    members_used_ = static_cast<std::uint16_t>(members_used_ + count);
    std::uint32_t laid = 0;
    for (std::uint32_t s = first; s < first + count; ++s) {  // sorted by hash, as an object's members are
      if ((present & (std::uint32_t{1} << s)) == 0) continue;
      const key_slot& slot = p.slots[s];
      pmember* m = make_member(&members[laid++], slot);
      if (!set_scalar(*found[s], m->value) && !lay_out_value(p, slot, *found[s], m->value)) return false;
    }
    into.kind = vk::pobj_ref;
    into.size = laid;
    into.u.members = members;
    return true;
  }

  /// Lays out `v`, the value of `slot` (or an element of it), that is not a scalar: an array of
  /// scalars and (when the slot's children are keys of its elements) of objects, or an object
  /// whose keys the slot's children are. False for anything else. Out of line: it recurses.
  CARECOMPARE_LOGIC_NOINLINE bool lay_out_value(const program& p, const key_slot& slot, const json& v,
                                                pnode& into) noexcept {
    if (v.is_object()) {
      if (slot.children == 0 || slot.elements) return false;  // an object no read goes into
      if (!lay_out(p, slot.first_child, slot.children, slot.child_sizes, *v.get_ptr<const json::object_t*>(), into)) {
        return false;
      }
    } else if (v.is_array()) {
      const json::array_t& a = elements(v);
      if (a.size() > slot_elements_max - elements_used_) return false;
      pnode* first = &elements_.items[elements_used_];
      elements_used_ = static_cast<std::uint16_t>(elements_used_ + a.size());
      // Each element that is not a scalar (lay_out_scalars() stops at it) is an object of the list.
      for (std::size_t k = 0; (k = lay_out_scalars(a, first, k)) < a.size(); ++k) {
        if (!slot.elements || !a[k].is_object() ||
            !lay_out(p, slot.first_child, slot.children, slot.child_sizes, *a[k].get_ptr<const json::object_t*>(),
                     first[k])) {
          return false;
        }
        first[k].src = &a[k];
      }
      into.kind = vk::parr_ref;
      into.size = static_cast<std::uint32_t>(a.size());
      into.u.elems = first;
    } else {
      return false;
    }
    into.src = &v;
    return true;
  }

  /// Storage whose items are made as they are used (so that a call does not clear all of it).
  template <class T, std::size_t N>
  union storage {
    storage() noexcept {}
    T items[N];
  };

  pnode root_;
  bool ready_ = false;
  // How much of members_ and elements_ is made: 16 bits hold slot_members_max and slot_elements_max.
  std::uint16_t members_used_ = 0;
  std::uint16_t elements_used_ = 0;
  storage<pmember, slot_members_max> members_;
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
