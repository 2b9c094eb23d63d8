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

/// The most keys pass::var_slots gives slots to: a rule that reads more keys of its data's top
/// level runs on JSON data as it is.
inline constexpr std::size_t slot_max = 16;

/// Whether node `i` of `p`, a `var` of constant path inside a scoped argument, reads only what
/// slots lay out: the element itself, or `current` / `accumulator` of a reduce (which the
/// evaluator makes). A path into an element reads an object, which slots do not lay out.
inline bool slot_readable_in_scope(const program& p, std::uint32_t i) {
  const var_path& path = p.paths[p.nodes[i].path];
  if (path.whole) return true;
  std::uint32_t k = i;
  while (!(is_scoped(p.nodes[p.meta[k].parent].c) && p.meta[k].index == 1)) k = p.meta[k].parent;
  return p.nodes[p.meta[k].parent].c == code::reduce && path.count == 1 &&
         (path.keys.front() == "current" || path.keys.front() == "accumulator");
}

/**
 * pass::var_slots. Rewrite: no node changes; a rule gets program::slots (the keys of its data's
 * top level it reads or names, with their key_hash() and key_head(), sorted by hash) when,
 * outside the scoped arguments of map, filter, reduce, all, none and some, it reads the data
 * only by `var`s of one-segment constant paths (keys_read, not reads_all) and by `missing` /
 * `missing_some` of literal one-segment keys (compiled ahead), at most slot_max keys in all, and
 * no `var` inside those arguments reads into an element. apply() and test() on a JSON object
 * then find each key once and run the rule on prepared data of just those members, when each is
 * a scalar or an array of scalars (slots.hpp). Meaning kept: every read of the top level names
 * one of those keys, so it finds the same value (or the same absence) among the members as in
 * the whole object; scoped reads read those arrays' elements; and the prepared path gives what
 * the reference gives on the same data. Runs after finish_program(), which sets keys_read and
 * the nodes' scopes.
 * @return whether it gave the rule slots.
 */
inline bool assign_slots(program& p) {
  if (p.reads_all || p.keys_read.size() > slot_max) return false;
  std::array<std::string_view, slot_max> keys{};
  std::size_t count = 0;
  for (const std::string& key : p.keys_read) keys[count++] = key;
  const auto name = [&](std::string_view key) {
    if (std::find(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(count), key) !=
        keys.begin() + static_cast<std::ptrdiff_t>(count)) {
      return true;
    }
    if (count == slot_max) return false;
    keys[count++] = key;
    return true;
  };
  const reader r(p);
  for (std::uint32_t i = 0; i < p.nodes.size(); ++i) {
    const node& n = p.nodes[i];
    if (!is_operator(n.c)) continue;
    if (p.meta[i].scoped) {
      if (n.c == code::var_const && !slot_readable_in_scope(p, i)) return false;
    } else if (n.c == code::var_const) {
      if (p.paths[n.path].count != 1) return false;
    } else if (typing_of(n.c) == typing::missing) {
      if (!n.flag) return false;  // keys computed while evaluating: any key
      for (std::size_t k = 0; k < r.missing_count(n); ++k) {
        const var_path& path = p.paths[n.path + k];
        if (path.count != 1 || !name(path.keys.front())) return false;
      }
    }
  }
  if (count == 0) return false;
  p.slots.reserve(count);
  for (std::size_t k = 0; k < count; ++k)
    p.slots.push_back({std::string(keys[k]), key_hash(keys[k]), key_head(keys[k])});
  std::sort(p.slots.begin(), p.slots.end(), [](const key_slot& a, const key_slot& b) { return a.hash < b.hash; });
  for (const key_slot& slot : p.slots) p.slot_sizes |= size_bit(slot.key.size());
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
