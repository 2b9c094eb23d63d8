// SPDX-License-Identifier: MIT
/**
 * @file logic/slots.hpp (private)
 * apply() and test() on JSON data, and pass::var_slots at run time. A rule with slots
 * (program::slots, see assign_slots() in passes.hpp) finds each key it reads once in the JSON
 * object and lays those members out as prepared data (a pnode object, value.hpp) on the stack:
 * the reader (reader.hpp) then answers the nodes it knows, where on JSON each `var` would look
 * its key up in a std::map again and the evaluator would answer. Scalars and arrays of at most
 * slot_elements_max scalars are laid out; a call whose members hold anything else (an object,
 * a longer array) runs on the JSON as it is, and so does every other rule and data.
 */
#ifndef CARECOMPARE_SRC_LOGIC_SLOTS_HPP
#define CARECOMPARE_SRC_LOGIC_SLOTS_HPP

#include <cstddef>
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
    std::size_t count = 0;
    std::size_t used = 0;
    for (const key_slot& slot : p.slots) {  // sorted by hash, as an object's members are
      const json* v = find_member(data, slot.key);
      if (v == nullptr) continue;
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
