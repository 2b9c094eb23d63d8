// SPDX-License-Identifier: MIT
/**
 * @file logic/program.hpp (private)
 * The data layout of a compiled JsonLogic rule: a flat array of nodes and what evaluation reads
 * beside them (paths, segments, specialisations, the plan of the root). compiler.hpp builds it;
 * nothing changes it afterwards (but the member hints, which are only hints).
 *
 * Every node is 40 bytes (on 64-bit targets): an operation code, its argument count, the
 * index of its first argument (the arguments of a node are consecutive nodes), a payload (a
 * literal number, a pointer to a literal string or JSON value inside the program's own copy of
 * the rule, or the index of a pre-split `var` path) and the functions pass::bind chose for it
 * (bind.hpp). Operator names are resolved here, once; evaluation never looks at them again.
 * Cold data (where each node came from, for error messages and inspection) lives
 * in a parallel `meta` array.
 */
#ifndef CARECOMPARE_SRC_LOGIC_PROGRAM_HPP
#define CARECOMPARE_SRC_LOGIC_PROGRAM_HPP

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/logic.hpp>

#include "../util/json_pointer.hpp"
#include "operators.hpp"
#include "value.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

struct path_segment;
struct node;
class reader;
/// A node's own test, bound by pass::bind (bind.hpp): what reader::fast_test() answers for it,
/// specialised to its operator and operands.
using test_fn = int (*)(const reader& r, const node& n, const pnode& data) noexcept;
/// A numeric node's own arithmetic, bound by pass::bind: what reader::num() answers for it.
using num_fn = bool (*)(const reader& r, const node& n, const pnode& data, const double* frame, double& out) noexcept;

/**
 * A shape of comparison that evaluation answers directly when its `var` operand is found in
 * prepared data with the type the shape expects (else it takes the general path). The `var`
 * operand is a leaf: a constant path without default, or the whole data (`{"var":""}`).
 */
enum class shape : std::uint8_t {
  none,
  text_in_var,   ///< {"in": ["text", {"var": k}]}: a list (or string) of the data holds text
  var_in_texts,  ///< {"in": [{"var": k}, ["a", "b"]]}: a datum among literal texts
  var_number,    ///< {"<": [{"var": k}, 4]}, any comparison, the number second
  number_var,    ///< {"<": [4, {"var": k}]}, any comparison, the number first
  var_text,      ///< {"==": [{"var": k}, "text"]}, ==, ===, != or !==
  text_var,      ///< {"==": ["text", {"var": k}]}, ==, ===, != or !==
  between,       ///< {"<": [1, {"var": k}, 9]}, < or <=
  numbers,       ///< a comparison of two numeric operands (see compiler::is_numeric)
  /// Not a comparison, but a node evaluator::fast_test() answers: a literal, a `var` leaf, and
  /// `and`, `or`, `!`, `!!`, `some`, `all`, `none` of such nodes and shaped comparisons.
  simple,
};

struct node {
  code c = code::lit_null;
  /// lit_bool: the value; var_const: a path, no default (a "leaf"); and_/or_: a predicate
  /// (every argument is one, see is_predicate(), so the result is the boolean test() gives);
  /// arithmetic (+ - * / % min max): numeric, see compiler::is_numeric(); missing and
  /// missing_some: the keys are literal texts, split ahead (see compiler::compile_keys());
  /// `in` of shape var_in_texts: its list has a text_set (pass::text_set)
  bool flag = false;
  shape form = shape::none;   ///< comparisons and `in`: see shape
  std::uint8_t segments = 0;  ///< var_const: number of path segments, 0 when more than 255
  std::uint32_t argc = 0;     ///< number of arguments (elements for `array`)
  std::uint32_t first = 0;    ///< index of the first argument
  /// var_const: index into program::paths; missing, missing_some with flag: of the first key;
  /// `in` with flag: index into program::text_sets
  std::uint32_t path = 0;
  union {
    double num;               ///< lit_number
    const std::string* s;     ///< lit_string
    const json* j;            ///< lit_object, lit_array
    const path_segment* seg;  ///< var_const with segments: the first (set once compiled)
  } u{};
  /// fast_test() of this node, when pass::bind chose one for it (bind.hpp); else the reader's
  /// dispatch on `form` answers.
  test_fn test = nullptr;
  /// num() of this node, when pass::bind chose one for it; else the reader's dispatch on `c`.
  num_fn number = nullptr;
};

/// Where a node came from.
struct node_meta {
  const json* src = nullptr;    ///< the node's JSON inside program::source
  std::uint32_t parent = npos;  ///< parent node, npos for the root
  std::uint32_t index = 0;      ///< argument index within the parent
  bool wrapped = false;         ///< the parent's argument was not an array (`{"var":"a"}`)
  bool scoped = false;          ///< in a scoped argument (map & co.): `var` reads an element or a frame
  /// What the node's subtree reads of the data's top level: bit k for program::keys_read[k]
  /// (k < 63), bit 63 (program::reads_anything) for anything else. Set by compute_reads().
  std::uint64_t reads = 0;
  static constexpr std::uint32_t npos = 0xFFFFFFFFU;
};

/**
 * Where a segment's member was found last time, in the members of the prepared object it was
 * looked up in: data of one shape (the usual case, e.g. the same rule over many patients, or
 * the filter's rule data) has the member at the same place every time, so find_segment()
 * checks there first instead of scanning. Only a hint, checked before use: a relaxed atomic,
 * so that threads sharing a compiled rule may read and update it at once (plain loads and
 * stores on common CPUs); it is written only when it was wrong.
 */
class member_hint {
 public:
  member_hint() = default;
  member_hint(const member_hint& o) noexcept : at_(o.get()) {}
  member_hint& operator=(const member_hint& o) noexcept {
    set(o.get());
    return *this;
  }
  ~member_hint() = default;
  [[nodiscard]] std::uint32_t get() const noexcept { return at_.load(std::memory_order_relaxed); }
  void set(std::uint32_t at) const noexcept { at_.store(at, std::memory_order_relaxed); }

 private:
  mutable std::atomic<std::uint32_t> at_{0};
};

/// One segment of a constant `var` path, with its array index parsed and its key hashed ahead.
struct path_segment {
  std::string key;
  std::uint64_t hash = 0;  ///< key_hash(key), to find the member in prepared data
  std::uint64_t head = 0;  ///< key_head(key), to compare it with a member's (same_key)
  /// A key of 9 to 16 bytes: its last 8, so that same_key() compares the rest of it in one step
  std::uint64_t tail = 0;
  std::uint32_t index = 0;
  bool is_index = false;   ///< key is a JS array index ("0", "17")
  bool is_length = false;  ///< key is "length"
  std::uint8_t frame = 0;  ///< key is "current" (1) or "accumulator" (2): a member of reduce's frame
  member_hint hint;        ///< see member_hint and find_segment()
};

/// Whether member `m` has the key of segment `seg`: the same first 8 bytes (head) and size,
/// then, for a key of 9 to 16 bytes, the same last 8 (tail); for a longer one, the same bytes
/// after the first 8.
CARECOMPARE_LOGIC_HOT bool same_key(const pmember& m, const path_segment& seg) noexcept {
  const std::size_t n = seg.key.size();
  if (m.head != seg.head || m.key_size != n) return false;
  if (n <= 8) return true;
  if (n <= 16) {
    std::uint64_t last = 0;
    std::memcpy(&last, m.key_data + n - 8, 8);
    return last == seg.tail;
  }
  return same_bytes(m.key_data + 8, seg.key.data() + 8, n - 8);
}

/// The member of prepared object `object` named by segment `seg`, searched (see find_pmember()).
CARECOMPARE_LOGIC_HOT const pmember* search_segment(const pnode& object, const path_segment& seg) noexcept {
  const pmember* m = object.u.members;
  const pmember* end = m + object.size;
  if (object.size > pobject_linear_max) m = lower_pmember(object, seg.hash);
  for (; m != end && m->hash <= seg.hash; ++m) {
    if (m->hash == seg.hash && same_key(*m, seg)) return m;
  }
  return nullptr;
}

/// find_segment() when the hint was wrong: the search, then the hint set to what it found
/// (out of line: only a hint that missed comes here).
CARECOMPARE_LOGIC_NOINLINE inline const pnode* find_segment_searching(const pnode& object,
                                                                      const path_segment& seg) noexcept {
  const pmember* m = search_segment(object, seg);
  if (m == nullptr) return nullptr;
  seg.hint.set(static_cast<std::uint32_t>(m - object.u.members));
  return &m->value;
}

/**
 * The member of prepared object `object` named by segment `seg`, or nullptr: what
 * find_pmember() finds, the hinted member first. The hinted member is the answer when it has
 * the segment's key: the keys of a prepared object are unique (pdoc::finish() checks it), so
 * it is the member the search finds.
 */
CARECOMPARE_LOGIC_HOT const pnode* find_segment(const pnode& object, const path_segment& seg) noexcept {
  const std::uint32_t at = seg.hint.get();
  if (at < object.size) {
    const pmember* m = object.u.members + at;
    if (same_key(*m, seg)) {
      return &m->value;
    }
  }
  return find_segment_searching(object, seg);
}

struct var_path {
  bool whole = false;       ///< "" / null / no path: the whole data
  std::uint32_t first = 0;  ///< the segments: program::segments[first, first + count)
  std::uint32_t count = 0;
  std::vector<std::string> keys;  ///< the segments' keys again, for inspection
};

inline path_segment make_segment(std::string_view key) {
  path_segment s;
  s.key = std::string(key);
  s.hash = key_hash(key);
  s.head = key_head(key);
  if (key.size() > 8 && key.size() <= 16) std::memcpy(&s.tail, key.data() + key.size() - 8, 8);
  s.is_index = parse_array_index(key, s.index);
  s.is_length = key == "length";
  s.frame = key == "current" ? 1 : key == "accumulator" ? 2 : 0;
  return s;
}

/// Whether a node's value is always a boolean (then it is what test() answers): a `boolean`
/// operator, a `true`/`false` literal, or an `operands` one (and, or) whose arguments all are
/// (compiler::compile_operator() sets `flag` then).
inline bool is_predicate(const node& n) noexcept {
  if (n.c == code::lit_bool) return true;
  if (!is_operator(n.c)) return false;
  switch (result_of(n.c)) {
    case result::boolean: return true;
    case result::operands: return n.flag;
    default: return false;
  }
}

/// Whether evaluator-free test() of node `n` (reader::fast_test) is its value: a predicate of
/// a known shape.
inline bool tests_as_result(const node& n) noexcept {
  return n.form != shape::none && (n.form != shape::simple || is_predicate(n));
}

/// Whether evaluator-free arithmetic on node `n` (reader::num) is its value: numeric arithmetic
/// (`*` of one operand returns it as is, not as a number).
inline bool computes_number(const node& n) noexcept {
  return n.flag && is_arithmetic(n.c) && (n.c != code::multiply || n.argc > 1);
}

/**
 * How apply_into / apply start on a rule, chosen once when it is compiled: the root's kind
 * decides which reader entry answers it, so that each call goes straight there instead of
 * asking the same questions of the same root node every time (a fixed cost of every call).
 */
enum class root_plan : std::uint8_t {
  write,    ///< reader::write(), which dispatches on the root's operator
  test,     ///< tests_as_result(root): reader::fast_test() gives the boolean
  number,   ///< computes_number(root): reader::num() gives the number
  general,  ///< a root reader::write() never answers: the evaluator, straight away
  /// an `if` chain whose conditions have a shape (fast_test() may answer them) and whose
  /// branches are all literal texts (a label for a band): reader::write_labels()
  labels,
};

inline root_plan plan_of(const node& root) noexcept {
  if (tests_as_result(root)) return root_plan::test;
  if (computes_number(root)) return root_plan::number;
  switch (root.c) {  // what reader::write() answers besides tests and numbers
    case code::lit_null:
    case code::lit_bool:
    case code::lit_number:
    case code::lit_string:
    case code::var_const:
    case code::if_:
    case code::ternary:
    case code::map:
    case code::cat:
    case code::reduce: return root_plan::write;
    case code::missing:  // with its keys compiled ahead (compiler::compile_keys)
    case code::missing_some: return root.flag ? root_plan::write : root_plan::general;
    default: return root_plan::general;
  }
}

/**
 * What the evaluator tries first for a node in fast mode, before its reference implementation
 * (evaluator::eval()), chosen once when the rule is compiled (specialisation_of()). Each gives
 * exactly what the reference gives, or says it cannot, and then the reference runs.
 */
enum class specialisation : std::uint8_t {
  none,
  leaf,              ///< a `var` leaf (a constant path, no default): the path read, on any data
  shaped_test,       ///< tests_as_result(): reader::fast_test()'s boolean, on prepared data
  number,            ///< computes_number(): reader::num()'s number, on prepared data
  compiled_missing,  ///< `missing` / `missing_some` of keys split ahead, on prepared data
  leaf_cat,          ///< `cat` of literals and `var` leaves, appended as read, on any data
  numeric_reduce,    ///< `reduce` of a numeric body over a `var` leaf, as doubles, on any data
};

/// Whether node `n` is a `var` leaf: a constant path, or the whole data, without default.
inline bool is_leaf_var(const node& n) noexcept { return n.c == code::var_const && n.argc <= 1; }

/// The specialisation of node `i` among `nodes` (see `specialisation`).
inline specialisation specialisation_of(const node* nodes, std::uint32_t i) noexcept {
  const node& n = nodes[i];
  if (n.c == code::var_const) return n.flag ? specialisation::leaf : specialisation::none;
  if (tests_as_result(n)) return specialisation::shaped_test;
  if (computes_number(n)) return specialisation::number;
  switch (n.c) {
    case code::missing:
    case code::missing_some: return n.flag ? specialisation::compiled_missing : specialisation::none;
    case code::cat:
      for (std::uint32_t k = 0; k < n.argc; ++k) {
        const node& a = nodes[n.first + k];
        if (!is_literal(a.c) && !is_leaf_var(a)) return specialisation::none;
      }
      return specialisation::leaf_cat;
    case code::reduce:
      return n.argc == 3 && is_leaf_var(nodes[n.first]) ? specialisation::numeric_reduce : specialisation::none;
    default: return specialisation::none;
  }
}

/// Whether root `n` (among `nodes`) is a root_plan::labels chain.
inline bool is_label_chain(const node& n, const node* nodes) noexcept {
  if (n.c != code::if_ && n.c != code::ternary) return false;
  if (n.argc < 2) return false;
  std::uint32_t k = 0;
  for (; k + 1 < n.argc; k += 2) {
    if (nodes[n.first + k].form == shape::none || nodes[n.first + k + 1].c != code::lit_string) return false;
  }
  return k == n.argc || nodes[n.first + k].c == code::lit_string;
}

/**
 * The texts of a literal list of texts, for `in` of a datum among them (pass::text_set): each
 * text with its key_hash(), sorted by hash. contains(s) is whether a text equals s, as the
 * comparison with each text answers.
 */
struct text_set {
  std::vector<std::pair<std::uint64_t, const std::string*>> entries;

  [[nodiscard]] bool contains(std::string_view s) const noexcept {
    const std::uint64_t h = key_hash(s);
    auto it = std::lower_bound(
        entries.begin(), entries.end(), h,
        [](const std::pair<std::uint64_t, const std::string*>& e, std::uint64_t x) { return e.first < x; });
    for (; it != entries.end() && it->first == h; ++it) {
      if (*it->second == s) return true;
    }
    return false;
  }
};

/// A key a rule reads (of the data's top level, of an object a constant path goes through, or of
/// the objects in a list a scoped argument reads), with what prepared data's lookups compare. The
/// keys read below this one are program::slots[first_child, first_child + children), sorted by
/// hash: keys of the object it holds, or (`elements`) of each object in the array it holds.
struct key_slot {
  std::string key;
  std::uint64_t hash = 0;
  std::uint64_t head = 0;
  std::uint32_t first_child = 0;
  std::uint32_t children = 0;
  bool elements = false;
  std::uint64_t child_sizes = 0;  ///< the children's key sizes, as program::slot_sizes holds the top level's
};

/// A compiled rule. Immutable once built; shared between threads through shared_ptr<const>.
struct program {
  json source;
  std::vector<node> nodes;
  std::vector<node_meta> meta;
  std::vector<var_path> paths;
  std::vector<path_segment> segments;  ///< of every path, each path's contiguous (one block)
  std::size_t max_depth = 0;           ///< the compile option, reused for rules built while evaluating
  std::size_t depth = 0;               ///< nesting depth of the rule (objects and arrays each count one)
  root_plan plan = root_plan::write;   ///< plan_of(nodes[0]), set once compiled
  std::uint32_t top_slots = 0;         ///< pass::var_slots: how many of `slots` are the top level's
  std::vector<specialisation> specs;   ///< specialisation_of() each node, set once compiled
  /// The keys of the data's top level the rule reads (the first segment of each constant `var`
  /// path outside the scoped arguments of map, filter, reduce, all, none and some), each once.
  /// `missing` and `missing_some` test keys for absence: they read none.
  std::vector<std::string> keys_read;
  /// Whether the rule may read any key: a `var` whose path is computed, or the whole data, outside
  /// scoped arguments.
  bool reads_all = false;
  /// node_meta::reads' bit for anything keys_read does not list (reads_all, or a key past the
  /// 63rd).
  static constexpr std::uint64_t reads_anything = std::uint64_t{1} << 63;

  // What the passes (passes.hpp) add; all empty when no pass changed anything.
  /// The nodes as written, before the first pass that changed one: what node_view shows.
  std::vector<node> written;
  /// The texts of folded `lit_string` nodes (a deque: the nodes point into it).
  std::deque<std::string> folded_texts;
  /// The sets of `in` nodes with a text set (node::flag set; node::path indexes this).
  std::vector<text_set> text_sets;
  /// pass::var_slots: the keys the rule reads or names, each with its key_hash() and key_head(),
  /// when it reads nothing else of the data (see slots.hpp); empty otherwise. The first
  /// top_slots are the data's top level, sorted by hash; the keys below a slot follow as groups
  /// (key_slot::first_child). (top_slots sits beside `plan`, in what was padding.)
  std::vector<key_slot> slots;
  /// The sizes of the top level's slots' keys: bit n for a key of n bytes, bit 63 for 63 bytes or
  /// more, so that a walk over a JSON object's members passes over most of them at one test
  /// (slots.hpp).
  std::uint64_t slot_sizes = 0;

  /// The nodes as written (before any pass), for inspection.
  [[nodiscard]] const std::vector<node>& nodes_as_written() const noexcept { return written.empty() ? nodes : written; }

  /// JSON Pointer of node `i` inside the rule, e.g. "/and/1/in/0".
  [[nodiscard]] std::string pointer(std::uint32_t i) const {
    std::vector<std::uint32_t> chain;
    for (std::uint32_t k = i; meta[k].parent != node_meta::npos; k = meta[k].parent) chain.push_back(k);
    std::string out;
    const std::vector<node>& shown = nodes_as_written();  // a folded parent was an operator
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const node_meta& m = meta[*it];
      if (shown[m.parent].c != code::array) {
        ::carecompare::detail::pointer_push(out, meta[m.parent].src->begin().key());
        if (m.wrapped) continue;
      }
      ::carecompare::detail::pointer_push(out, std::size_t{m.index});
    }
    return out;
  }
};

/// Asks the CPU to start loading a program's header (stage 1) or its nodes and path segments
/// (stage 2), a few rules ahead of evaluating it (a catalog's many small programs live in as
/// many heap blocks). A hint only: it changes no result.
inline void prefetch_program(const program* p, int stage) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  if (stage == 1) {
    __builtin_prefetch(p);
  } else {
    __builtin_prefetch(p->nodes.data());
    __builtin_prefetch(p->segments.data());
  }
#else
  (void)p;
  (void)stage;
#endif
}

/// Whether an array holds no logic (then, in a rule, it is a literal). Arrays nested deeper than
/// max_value_depth count as holding logic (callers then check their depth without recursion).
inline bool is_constant_array(const json& a, std::uint32_t depth = 0) {
  if (depth > max_value_depth) return false;
  for (const json& e : *a.get_ptr<const json::array_t*>()) {
    if (e.is_object() && e.size() == 1) return false;
    if (e.is_array() && !is_constant_array(e, depth + 1)) return false;
  }
  return true;
}

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_PROGRAM_HPP
