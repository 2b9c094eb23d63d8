// SPDX-License-Identifier: MIT
/**
 * @file logic/passes.hpp (private)
 * The rewrites compile() makes to a compiled program before it runs (logic::pass), each one
 * function here (pass::bind's in bind.hpp, with the functions it binds): what it rewrites and
 * why every result stays the same. constant_fold and text_set run after the compiler built the
 * nodes and before finish_program() sets what evaluation reads beside them; bind and var_slots
 * run after it.
 * tests/passes_test.cpp and fuzz/logic_fuzzer.cpp check each alone and all together against the
 * reference evaluator on the program as written.
 */
#ifndef CARECOMPARE_SRC_LOGIC_PASSES_HPP
#define CARECOMPARE_SRC_LOGIC_PASSES_HPP

#include <algorithm>
#include <array>
#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/logic.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bind.hpp"
#include "compiler.hpp"
#include "evaluator.hpp"
#include "program.hpp"
#include "reader.hpp"
#include "value.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/// Before a pass changes a node of `p`: keeps the nodes as written, for inspection (once).
inline void keep_written(program& p) {
  if (p.written.empty()) p.written = p.nodes;
}

/// Whether operator `c`, given literal arguments, gives the same value on every evaluation and
/// does nothing else: not `var` (reads the data), not `missing` / `missing_some` (read it, and
/// evaluate logic found in it), not `log` (writes to the log).
inline bool foldable(code c) noexcept {
  if (!is_operator(c)) return false;
  switch (c) {
    case code::var:
    case code::var_const:
    case code::missing:
    case code::missing_some:
    case code::log: return false;
    default: return true;
  }
}

/// Node `i` of `p` as a literal node `out`, when its arguments are all literals and the
/// reference gives it a null, boolean, number or text (kept in program::folded_texts); see
/// fold_constants().
inline bool fold_node(program& p, std::uint32_t i, node& out) {
  const node& n = p.nodes[i];
  for (std::uint32_t k = 0; k < n.argc; ++k) {
    if (!is_literal(p.nodes[n.first + k].c)) return false;
  }
  try {
    eval_state st(p);
    evaluator ev(p, st, evaluator::mode::reference);
    const value v = ev.eval(i, value::null());
    switch (v.kind()) {
      case vk::null: out.c = code::lit_null; return true;
      case vk::boolean:
        out.c = code::lit_bool;
        out.flag = v.boolean_value();
        return true;
      case vk::number:
        out.c = code::lit_number;
        out.u.num = v.number_value();
        return true;
      case vk::str_ref:
      case vk::owned_str:
        out.c = code::lit_string;
        out.u.s = &p.folded_texts.emplace_back(v.string_view());
        return true;
      default: return false;  // undefined, arrays, objects: as written
    }
  } catch (const ::carecompare::logic_error&) {
    return false;  // it throws on every evaluation: as written, so that the error names its node
  }
}

/**
 * pass::constant_fold. Rewrite: an operator node whose arguments are all literals, and whose
 * operator is foldable(), becomes a literal node of its value when that value is null, a
 * boolean, a number or a text. Meaning kept: such a node reads no data and has no effect, so
 * the reference evaluator gives it the same value on every evaluation, and a literal node
 * evaluates to that value (numbers as the same double, -0 and NaN included). A node whose
 * evaluation throws, or whose value is undefined, an array or an object, stays as written (its
 * error keeps its pointer). Nodes come after their parent, so the walk from the last node back
 * folds arguments before the operators they feed. The operators above a folded node get their
 * shapes again (compiler::derive), as if the literal had been written.
 * @return whether it changed a node.
 */
inline bool fold_constants(program& p) {
  bool changed = false;
  compiler shapes(p);
  for (std::uint32_t i = static_cast<std::uint32_t>(p.nodes.size()); i-- > 0;) {
    const node n = p.nodes[i];
    if (!is_operator(n.c)) continue;
    node folded;
    if (foldable(n.c) && fold_node(p, i, folded)) {
      keep_written(p);
      p.nodes[i] = folded;
      changed = true;
    } else if (changed) {
      shapes.derive(i);  // an argument may have become a literal
    }
  }
  return changed;
}

/// The fewest texts for which pass::text_set builds a set (with fewer, comparing each text is as
/// quick as hashing the datum).
inline constexpr std::size_t text_set_min = 8;

/**
 * pass::text_set. Rewrite: an `in` node of shape var_in_texts (a `var` leaf among a literal
 * list of texts) with at least text_set_min texts gets a text_set of the list, which
 * reader::fast_var_in_texts() asks instead of comparing the datum with each text. Meaning kept:
 * the datum is a text there, and a text is in the list (json-logic-js: indexOf, strict
 * equality) exactly when one of the list's texts equals it, which is what the set answers.
 * @return whether it changed a node.
 */
inline bool build_text_sets(program& p) {
  bool changed = false;
  for (node& n : p.nodes) {
    if (n.c != code::in || n.form != shape::var_in_texts) continue;
    const json& list = *p.nodes[n.first + 1].u.j;
    if (list.size() < text_set_min) continue;
    text_set set;
    set.entries.reserve(list.size());
    for (const json& e : list) {
      const std::string& text = e.get_ref<const std::string&>();
      set.entries.emplace_back(key_hash(text), &text);
    }
    std::sort(set.entries.begin(), set.entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    keep_written(p);
    n.flag = true;
    n.path = static_cast<std::uint32_t>(p.text_sets.size());
    p.text_sets.push_back(std::move(set));
    changed = true;
  }
  return changed;
}

/// The bit of program::slot_sizes for a key of `n` bytes.
constexpr std::uint64_t size_bit(std::size_t n) noexcept { return std::uint64_t{1} << (n < 63 ? n : 63); }

/// The most keys pass::var_slots gives slots to (over every level): a rule that reads more runs
/// on JSON data as it is.
inline constexpr std::size_t slot_max = 16;

/// The scoped operator (map, filter, reduce, all, none, some) whose scoped argument holds node
/// `i` most closely (node_meta::scoped is set for `i`).
inline std::uint32_t scope_of(const program& p, std::uint32_t i) {
  std::uint32_t k = i;
  while (!(is_scoped(p.nodes[p.meta[k].parent].c) && p.meta[k].index == 1)) k = p.meta[k].parent;
  return p.meta[k].parent;
}

/**
 * The keys a rule reads as a tree, for assign_slots(): each key with its parent (none at the top
 * level), how it is read, and whether its children are keys of the object it holds (paths go
 * through it) or keys of the objects its array holds (scoped arguments read its elements).
 */
class slot_tree {
 public:
  static constexpr std::uint32_t none = ~std::uint32_t{0};
  enum class below : std::uint8_t { nothing, members, elements };
  struct key_node {
    std::string_view key;
    std::uint32_t parent = none;
    below children = below::nothing;
    bool whole = false;          ///< its value is read (other than as a scoped operator's list)
    bool list = false;           ///< read as the list of a scoped operator
    bool element_whole = false;  ///< an element of its array is read as a whole
    bool element_any = false;    ///< any key of its array's elements may be read
  };

  /// The node of `key` below `parent` (whose children are then of kind `kind`), made if new;
  /// none when the tree is full or `parent`'s children are of the other kind.
  std::uint32_t name(std::uint32_t parent, std::string_view key, below kind) {
    for (std::uint32_t k = 0; k < count_; ++k) {
      if (nodes_[k].parent == parent && nodes_[k].key == key) return k;
    }
    if (count_ == slot_max) return none;
    if (parent != none) {
      if (nodes_[parent].children != below::nothing && nodes_[parent].children != kind) return none;
      nodes_[parent].children = kind;
    }
    nodes_[count_] = key_node{key, parent};
    return count_++;
  }
  /// The node at the end of constant path `path` from `from` (none: the top level); the first
  /// key is of kind `kind` below `from`, the others members. none as name().
  std::uint32_t name_path(std::uint32_t from, const var_path& path, below kind) {
    std::uint32_t at = from;
    for (const std::string& key : path.keys) {
      at = name(at, key, at == from ? kind : below::members);
      if (at == none) return none;
    }
    return at;
  }
  key_node& operator[](std::uint32_t k) noexcept { return nodes_[k]; }
  [[nodiscard]] std::uint32_t size() const noexcept { return count_; }

  /// Whether every read finds, among the members laid out, what it finds in the whole data: no
  /// object laid out in part (one whose keys are children) is read as a whole or by any key.
  [[nodiscard]] bool sound() const noexcept {
    for (std::uint32_t k = 0; k < count_; ++k) {
      const key_node& n = nodes_[k];
      if (n.children == below::members && (n.whole || n.list)) return false;
      if (n.children == below::elements && (n.whole || n.element_whole || n.element_any)) return false;
    }
    return true;
  }

 private:
  std::array<key_node, slot_max> nodes_{};
  std::uint32_t count_ = 0;
};

/**
 * pass::var_slots. Rewrite: no node changes; a rule gets program::slots (the keys it reads of
 * its data's top level, of the objects its constant paths go through, and of the objects in the
 * lists its map, filter, all, none and some go through; each level sorted by hash, with their
 * key_hash() and key_head()) when it reads the data only by `var`s of constant paths (not
 * reads_all) and by `missing` / `missing_some` of literal one-segment keys (compiled ahead), and
 * reads the elements of a list by constant paths, `missing` of literal keys, the element as a
 * whole (when it reads no key of it) or `current` / `accumulator` of a reduce; at most slot_max
 * keys in all; and no object laid out in part is read as a whole (slot_tree::sound()). apply()
 * and test() on a JSON object then find each key once and run the rule on prepared data of just
 * those members, when each is a scalar, an array of scalars or of objects the scoped arguments
 * read, or an object a path goes through (slots.hpp). Meaning kept: every read names a path of
 * those keys, so it finds the same value (or the same absence) among the members laid out as in
 * the whole object; no read sees an object laid out in part; and the prepared path gives what
 * the reference gives on the same data. Runs after finish_program(), which sets reads_all and the
 * nodes' scopes.
 * @return whether it gave the rule slots.
 */
inline bool assign_slots(program& p) {
  using below = slot_tree::below;
  constexpr std::uint32_t none = slot_tree::none;
  if (p.reads_all) return false;
  slot_tree tree;
  const reader r(p);
  for (std::uint32_t i = 0; i < p.nodes.size(); ++i) {
    const node& n = p.nodes[i];
    if (!is_operator(n.c)) continue;
    const bool list = i != 0 && p.meta[i].index == 0 && is_scoped(p.nodes[p.meta[i].parent].c);
    // Where the node's reads start: the data's top level (none), or the node of the list whose
    // elements it reads (`within`); `unknown` when that list is not a constant path of the data.
    std::uint32_t within = none;
    bool unknown = false;
    bool frames = false;  // the scope is a reduce's: `current` and `accumulator`
    if (p.meta[i].scoped) {
      const std::uint32_t scope = scope_of(p, i);
      const std::uint32_t source = p.nodes[scope].first;
      frames = p.nodes[scope].c == code::reduce;
      if (p.nodes[source].c == code::var_const && !p.meta[source].scoped && !p.paths[p.nodes[source].path].whole) {
        within = tree.name_path(none, p.paths[p.nodes[source].path], below::members);
        if (within == none) return false;
      } else {
        unknown = true;
      }
    }
    const bool scoped = p.meta[i].scoped;
    if (n.c == code::var_const) {
      const var_path& path = p.paths[n.path];
      if (!scoped) {
        const std::uint32_t at = tree.name_path(none, path, below::members);
        if (at == none) return false;
        (list ? tree[at].list : tree[at].whole) = true;
        continue;
      }
      if (frames) {  // the frame as a whole, `current` (the element, read whole) or `accumulator`
        if (!path.whole &&
            (path.count != 1 || (path.keys.front() != "current" && path.keys.front() != "accumulator"))) {
          return false;
        }
        if (!unknown) tree[within].element_whole = true;
        continue;
      }
      if (path.whole) {
        if (!unknown) tree[within].element_whole = true;
        continue;
      }
      if (unknown) return false;  // a path into elements of a list slots do not lay out
      const std::uint32_t at = tree.name_path(within, path, below::elements);
      if (at == none) return false;
      (list ? tree[at].list : tree[at].whole) = true;
    } else if (n.c == code::var) {  // a computed path: any key of the element
      if (!unknown && scoped) tree[within].element_any = true;
    } else if (typing_of(n.c) == typing::missing) {
      if (!n.flag) {  // keys computed while evaluating: any key
        if (!scoped) return false;
        if (!unknown) tree[within].element_any = true;
        continue;
      }
      if (scoped && unknown) continue;  // reads elements of a list slots do not lay out
      for (std::size_t k = 0; k < r.missing_count(n); ++k) {
        const var_path& path = p.paths[n.path + k];
        if (path.count != 1) {
          if (!scoped) return false;
          tree[within].element_any = true;
          continue;
        }
        const std::uint32_t at =
            tree.name(scoped ? within : none, path.keys.front(), scoped ? below::elements : below::members);
        if (at == none) return false;
        tree[at].whole = true;
      }
    }
  }
  if (tree.size() == 0 || !tree.sound()) return false;
  // Laid out level by level: the top level, then the children of each slot in slot order.
  std::array<std::uint32_t, slot_max> source{};  // slot -> tree node
  const auto add_group = [&](std::uint32_t parent) {
    const auto first = static_cast<std::uint32_t>(p.slots.size());
    std::vector<std::uint32_t> group;  // the group's tree nodes, in the order of their keys' hashes
    for (std::uint32_t k = 0; k < tree.size(); ++k) {
      if (tree[k].parent == parent) group.push_back(k);
    }
    std::sort(group.begin(), group.end(),
              [&](std::uint32_t a, std::uint32_t b) { return key_hash(tree[a].key) < key_hash(tree[b].key); });
    for (const std::uint32_t k : group) {
      const std::string_view key = tree[k].key;
      source[p.slots.size()] = k;
      p.slots.push_back({std::string(key), key_hash(key), key_head(key), 0, 0, false, 0});
    }
    return std::pair{first, static_cast<std::uint32_t>(group.size())};
  };
  p.slots.reserve(tree.size());
  p.top_slots = add_group(none).second;
  for (std::uint32_t s = 0; s < p.slots.size(); ++s) {
    const slot_tree::key_node& k = tree[source[s]];
    if (k.children == below::nothing) continue;
    const auto [first, children] = add_group(source[s]);
    p.slots[s].first_child = first;
    p.slots[s].children = children;
    p.slots[s].elements = k.children == below::elements;
  }
  const auto sizes = [&](std::uint32_t first, std::uint32_t count) {
    std::uint64_t bits = 0;
    for (std::uint32_t s = first; s < first + count; ++s) bits |= size_bit(p.slots[s].key.size());
    return bits;
  };
  p.slot_sizes = sizes(0, p.top_slots);
  for (key_slot& slot : p.slots) slot.child_sizes = sizes(slot.first_child, slot.children);
  return true;
}

/// compile(): the program of `logic`, rewritten by the passes `passes` holds, in this order.
inline std::shared_ptr<const program> compile_with_passes(const json& logic, std::size_t max_depth,
                                                          ::carecompare::logic::pass passes) {
  using ::carecompare::logic::has_pass;
  using ::carecompare::logic::pass;
  std::shared_ptr<program> p = build_program(logic, max_depth);
  if (has_pass(passes, pass::constant_fold)) fold_constants(*p);
  if (has_pass(passes, pass::text_set)) build_text_sets(*p);
  finish_program(*p);
  if (has_pass(passes, pass::bind)) bind_nodes(*p);
  if (has_pass(passes, pass::var_slots)) assign_slots(*p);
  return p;
}

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_PASSES_HPP
