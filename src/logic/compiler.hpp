// SPDX-License-Identifier: MIT
/**
 * @file logic/compiler.hpp (private)
 * JsonLogic JSON -> program (program.hpp): operator names resolved once, arguments checked
 * against the operator table (operators.hpp), constant `var` paths split and hashed, the
 * specialisations and the root's plan chosen. A rule deeper than its limit is refused before
 * anything recurses into it; the program built is immutable afterwards.
 */
#ifndef CARECOMPARE_SRC_LOGIC_COMPILER_HPP
#define CARECOMPARE_SRC_LOGIC_COMPILER_HPP

#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/logic.hpp>

#include "../util/json_depth.hpp"
#include "../util/json_pointer.hpp"
#include "operators.hpp"
#include "program.hpp"
#include "value.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/**
 * Rejects a rule nested deeper than `max_depth` (objects and arrays each count one level) with
 * logic_error 503 at the first container too deep, without recursion (find_too_deep()), so that
 * even absurdly deep input cannot overflow the stack. Returns the depth of the rule (0 for a
 * scalar).
 */
inline std::size_t check_depth(const json& root, std::size_t max_depth) {
  std::size_t depth = 0;
  if (const auto pointer = ::carecompare::detail::find_too_deep(root, max_depth, &depth)) {
    throw ::carecompare::logic_error(error_ids::logic_too_deep, *pointer,
                                     "rule nested deeper than " + std::to_string(max_depth) + " levels");
  }
  return depth;
}

/// Builds a program from `p.source`. Recursion is bounded by the depth checked beforehand.
class compiler {
 public:
  explicit compiler(program& p) : p_(p) {}

  void run() {
    p_.nodes.emplace_back();
    p_.meta.push_back({&p_.source, node_meta::npos, 0, false});
    compile(0, p_.source);
  }

 private:
  [[noreturn]] void fail(int id, std::uint32_t at, const std::string& message) const {
    throw ::carecompare::logic_error(id, p_.pointer(at), message);
  }

  /// Reserves `count` consecutive nodes for the arguments of `parent`.
  std::uint32_t reserve(std::uint32_t parent, std::size_t count) {
    const auto first = static_cast<std::uint32_t>(p_.nodes.size());
    p_.nodes.resize(p_.nodes.size() + count);
    p_.meta.resize(p_.meta.size() + count);
    p_.nodes[parent].first = first;
    p_.nodes[parent].argc = static_cast<std::uint32_t>(count);
    return first;
  }

  void compile_args(std::uint32_t at, const json& args, bool wrapped) {
    if (wrapped) {
      const std::uint32_t first = reserve(at, 1);
      p_.meta[first] = {&args, at, 0, true};
      compile(first, args);
      return;
    }
    const std::uint32_t first = reserve(at, args.size());
    std::uint32_t k = 0;
    for (const json& a : args) {
      p_.meta[first + k] = {&a, at, k, false};
      compile(first + k, a);
      ++k;
    }
  }

  void compile(std::uint32_t at, const json& j) {
    switch (j.type()) {
      case json::value_t::null: p_.nodes[at].c = code::lit_null; return;
      case json::value_t::boolean:
        p_.nodes[at].c = code::lit_bool;
        p_.nodes[at].flag = j.get<bool>();
        return;
      case json::value_t::number_integer:
      case json::value_t::number_unsigned:
      case json::value_t::number_float:
        p_.nodes[at].c = code::lit_number;
        p_.nodes[at].u.num = from_json(j, 0).number_value();
        return;
      case json::value_t::string:
        p_.nodes[at].c = code::lit_string;
        p_.nodes[at].u.s = &j.get_ref<const std::string&>();
        return;
      case json::value_t::array:
        if (is_constant_array(j)) {
          p_.nodes[at].c = code::lit_array;
          p_.nodes[at].u.j = &j;
          return;
        }
        p_.nodes[at].c = code::array;
        compile_args(at, j, false);
        return;
      case json::value_t::object:
        if (j.size() != 1) {
          p_.nodes[at].c = code::lit_object;
          p_.nodes[at].u.j = &j;
          return;
        }
        compile_operator(at, j.begin().key(), j.begin().value());
        return;
      default: fail(error_ids::logic_bad_arguments, at, "binary values are not JSON");
    }
  }

  void compile_operator(std::uint32_t at, const std::string& name, const json& args) {
    code c{};
    if (!find_operator(name, c)) {
      if (name.find('.') != std::string::npos) {
        fail(error_ids::logic_unknown_operator, at,
             "unknown operator \"" + name + "\" (dotted method lookups are not supported)");
      }
      fail(error_ids::logic_unknown_operator, at, "unknown operator \"" + name + "\"");
    }
    p_.nodes[at].c = c;
    compile_args(at, args, !args.is_array());
    const node n = p_.nodes[at];
    argument_checks[static_cast<std::size_t>(row_of(c).arguments)](*this, at, n);
    if (c == code::var) compile_var(at);
    if (c == code::missing || c == code::missing_some) compile_keys(at);
    derive(at);
  }

 public:
  /**
   * Sets what operator node `at` gets from its compiled arguments: the shape of a comparison or
   * `in`, the numeric flag of arithmetic, the predicate flag of `and` / `or`, the simple form.
   * Run again after a pass made arguments literal (see passes.hpp); `var` and `missing` nodes
   * keep what compile_var() and compile_keys() set.
   */
  void derive(std::uint32_t at) {
    const node n = p_.nodes[at];
    const code c = n.c;
    if (c == code::var_const || c == code::var || c == code::missing || c == code::missing_some) return;
    if (c == code::in || is_comparison(c)) p_.nodes[at].form = shape_of(n);
    if (is_arithmetic(c)) p_.nodes[at].flag = numeric_arguments(n);
    if ((c == code::and_ || c == code::or_) && n.argc != 0) {
      bool all = true;
      for (std::uint32_t k = 0; k < n.argc; ++k) all = all && is_predicate(p_.nodes[n.first + k]);
      p_.nodes[at].flag = all;
    }
    if (p_.nodes[at].form == shape::none && is_simple(p_.nodes[at])) p_.nodes[at].form = shape::simple;
  }

 private:
  // -- argument checks: one function per `arguments` column value, indexed by it ------------

  using argument_check = void (*)(compiler&, std::uint32_t at, const node& n);
  static void check_any(compiler&, std::uint32_t, const node&) {}
  static void check_one_or_more(compiler& c, std::uint32_t at, const node& n) {
    if (n.argc == 0) {
      c.fail(error_ids::logic_bad_arguments, at,
             "\"" + std::string(row_of(n.c).name) +
                 "\" needs at least one argument (json-logic-js: reduce of empty array)");
    }
  }
  static void check_count_and_keys(compiler& c, std::uint32_t at, const node& n) {
    const std::string name(row_of(n.c).name);
    if (n.argc < 2) {
      c.fail(error_ids::logic_bad_arguments, at, "\"" + name + "\" needs two arguments: a count and a list of keys");
    }
    if (c.p_.nodes[n.first + 1].c == code::lit_null) {
      c.fail(error_ids::logic_bad_arguments, n.first + 1, "\"" + name + "\" needs a list of keys, not null");
    }
  }
  static void check_haystack(compiler& c, std::uint32_t, const node& n) {
    if (n.argc >= 2 && c.p_.nodes[n.first + 1].c == code::lit_object &&
        c.p_.nodes[n.first + 1].u.j->contains("indexOf")) {
      c.fail(error_ids::logic_bad_arguments, n.first + 1,
             "\"" + std::string(row_of(n.c).name) +
                 "\" on an object with an \"indexOf\" member (json-logic-js: not a function)");
    }
  }
  /// Indexed by `arguments`, in its order.
  static constexpr argument_check argument_checks[] = {&check_any, &check_one_or_more, &check_count_and_keys,
                                                       &check_haystack};
  static_assert(std::size(argument_checks) == arguments_count);

  /// Whether evaluator::fast_test() can answer node `n` (see shape::simple); its arguments are
  /// compiled already.
  [[nodiscard]] bool is_simple(const node& n) const {
    const auto simple_arg = [&](std::uint32_t k) {
      const node& a = p_.nodes[n.first + k];
      return a.form != shape::none || is_literal(a.c);
    };
    switch (n.c) {
      case code::and_:
      case code::or_:
        for (std::uint32_t k = 0; k < n.argc; ++k) {
          if (!simple_arg(k)) return false;
        }
        return true;
      case code::not_:
      case code::not_not: return n.argc == 1 && simple_arg(0);
      case code::all:
      case code::none:
      case code::some: return n.argc == 2 && is_var_leaf(p_.nodes[n.first]) && simple_arg(1);
      default: return false;
    }
  }

  static bool is_predicate(const node& n) noexcept { return detail::is_predicate(n); }

  /// A `var` leaf a shape can read: a constant path or the whole data, no default.
  [[nodiscard]] bool is_var_leaf(const node& v) const {
    if (v.c != code::var_const) return false;
    const var_path& path = p_.paths[v.path];
    return (v.flag && path.count <= 255) || (path.whole && v.argc <= 1);
  }

  /**
   * Whether a node is numeric: a number literal, a `var` leaf, or arithmetic on numeric nodes
   * (of an arity that evaluates every argument). Evaluation computes a numeric node as a double
   * directly when its leaves hold numbers (evaluator::num), and takes the general path
   * otherwise: numeric nodes read data and compute, with no other effect, so trying costs
   * nothing but the time.
   */
  [[nodiscard]] bool is_numeric(const node& a) const {
    if (a.c == code::lit_number) return true;
    if (is_arithmetic(a.c)) return a.flag;
    return is_var_leaf(a);
  }
  [[nodiscard]] bool numeric_arguments(const node& n) const {
    switch (n.c) {
      case code::multiply:
        if (n.argc == 0) return false;
        break;
      case code::subtract:
        if (n.argc == 0 || n.argc > 2) return false;
        break;
      case code::divide:
      case code::modulo:
        if (n.argc != 2) return false;
        break;
      default: break;
    }
    for (std::uint32_t k = 0; k < n.argc; ++k) {
      if (!is_numeric(p_.nodes[n.first + k])) return false;
    }
    return true;
  }

  [[nodiscard]] shape shape_of(const node& n) const {
    if (n.argc == 3 && (n.c == code::less || n.c == code::less_equal) && p_.nodes[n.first].c == code::lit_number &&
        is_var_leaf(p_.nodes[n.first + 1]) && p_.nodes[n.first + 2].c == code::lit_number) {
      return shape::between;
    }
    if (n.argc != 2) return shape::none;
    const node& a = p_.nodes[n.first];
    const node& b = p_.nodes[n.first + 1];
    if (n.c == code::in) {
      if (a.c == code::lit_string && is_var_leaf(b)) return shape::text_in_var;
      if (is_var_leaf(a) && b.c == code::lit_array) {
        for (const json& e : *b.u.j) {
          if (!e.is_string()) return shape::none;
        }
        return shape::var_in_texts;
      }
      return shape::none;
    }
    if (is_var_leaf(a) && b.c == code::lit_number) return shape::var_number;
    if (a.c == code::lit_number && is_var_leaf(b)) return shape::number_var;
    if (is_equality(n.c)) {
      if (is_var_leaf(a) && b.c == code::lit_string) return shape::var_text;
      if (a.c == code::lit_string && is_var_leaf(b)) return shape::text_var;
    }
    if (is_numeric(a) && is_numeric(b)) return shape::numbers;
    return shape::none;
  }

  /// The keys `missing` / `missing_some` check, when they are literal texts (one array of texts
  /// first, or text arguments; for missing_some, a literal count and an array of texts): split
  /// into paths now, as a `var` path is, so that evaluation walks prepared data with them.
  void compile_keys(std::uint32_t at) {
    const node n = p_.nodes[at];
    std::vector<const std::string*> keys;
    const auto texts = [&](const node& list) {
      if (list.c != code::lit_array) return false;
      for (const json& e : *list.u.j) {
        if (!e.is_string() || e.get_ref<const std::string&>().empty()) return false;
        keys.push_back(&e.get_ref<const std::string&>());
      }
      return true;
    };
    if (n.c == code::missing_some) {
      if (n.argc != 2 || p_.nodes[n.first].c != code::lit_number || !texts(p_.nodes[n.first + 1])) return;
    } else if (n.argc >= 1 && p_.nodes[n.first].c == code::lit_array) {
      if (!texts(p_.nodes[n.first])) return;
      for (std::uint32_t k = 1; k < n.argc; ++k) {  // evaluated, but only for their effects
        if (!is_literal(p_.nodes[n.first + k].c)) return;
      }
    } else {
      for (std::uint32_t k = 0; k < n.argc; ++k) {
        const node& a = p_.nodes[n.first + k];
        if (a.c != code::lit_string || a.u.s->empty()) return;
        keys.push_back(a.u.s);
      }
    }
    p_.nodes[at].flag = true;
    p_.nodes[at].path = static_cast<std::uint32_t>(p_.paths.size());
    for (const std::string* key : keys) p_.paths.push_back(split_path(*key));
  }

  /// A `var` path, split at dots (its segments appended to program::segments).
  var_path split_path(std::string_view rest) {
    var_path path;
    path.first = static_cast<std::uint32_t>(p_.segments.size());
    for (;;) {
      const std::size_t dot = rest.find('.');
      p_.segments.push_back(make_segment(rest.substr(0, dot)));
      path.keys.push_back(p_.segments.back().key);
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
    path.count = static_cast<std::uint32_t>(p_.segments.size() - path.first);
    return path;
  }

  /// A `var` whose path is absent or a literal gets its path split now.
  void compile_var(std::uint32_t at) {
    const node n = p_.nodes[at];
    var_path path;
    if (n.argc == 0) {
      path.whole = true;
    } else {
      const node& a = p_.nodes[n.first];
      if (!is_literal(a.c)) return;
      if (a.c == code::lit_null || (a.c == code::lit_string && a.u.s->empty())) {
        path.whole = true;
      } else {
        std::string text;
        try {
          text = to_js_string(from_json(*p_.meta[n.first].src, 1));
        } catch (const js_error& e) {
          fail(error_ids::logic_bad_arguments, n.first, e.message);
        }
        path = split_path(text);
      }
    }
    p_.nodes[at].c = code::var_const;
    // A leaf: no default to evaluate, and never the (possibly reduce-frame) data itself.
    p_.nodes[at].flag = n.argc <= 1 && !path.whole;
    if (n.argc <= 1) p_.nodes[at].form = shape::simple;
    p_.nodes[at].path = static_cast<std::uint32_t>(p_.paths.size());
    p_.paths.push_back(std::move(path));
  }

  program& p_;
};

/// Sets program::keys_read, reads_all and each node_meta's scoped and reads (see there). Nodes
/// come after their parent.
inline void compute_reads(program& p) {
  const std::size_t count = p.nodes.size();
  for (std::uint32_t i = 1; i < count; ++i) {
    node_meta& m = p.meta[i];
    m.scoped = p.meta[m.parent].scoped || (is_scoped(p.nodes[m.parent].c) && m.index == 1);
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    const node& n = p.nodes[i];
    if (p.meta[i].scoped || (n.c != code::var_const && n.c != code::var)) continue;
    const var_path* path = n.c == code::var_const ? &p.paths[n.path] : nullptr;
    if (path == nullptr || path->whole) {
      p.reads_all = true;
      p.meta[i].reads = program::reads_anything;
      continue;
    }
    const std::string& key = path->keys.front();
    std::size_t k = 0;
    while (k < p.keys_read.size() && p.keys_read[k] != key) ++k;
    if (k == p.keys_read.size()) p.keys_read.push_back(key);
    p.meta[i].reads = k < 63 ? std::uint64_t{1} << k : program::reads_anything;
  }
  for (std::uint32_t i = static_cast<std::uint32_t>(count); i-- > 1;) p.meta[p.meta[i].parent].reads |= p.meta[i].reads;
}

/// The nodes of `logic`: depth check first (before anything copies the JSON recursively), then
/// the copy the program keeps, then the nodes. finish_program() completes it.
inline std::shared_ptr<program> build_program(const json& logic, std::size_t max_depth) {
  const std::size_t depth = check_depth(logic, max_depth);
  auto p = std::make_shared<program>();
  p->depth = depth;
  p->source = logic;
  p->max_depth = max_depth;
  compiler(*p).run();
  return p;
}

/// Sets what evaluation reads beside the nodes, once no pass changes them: the vars' segment
/// pointers, the specialisations, the reads and the plan of the root.
inline void finish_program(program& p) {
  for (node& n : p.nodes) {  // the segments no longer move: point vars at theirs
    const std::size_t count = n.c == code::var_const ? p.paths[n.path].count : 0;
    if (count != 0) {
      n.u.seg = p.segments.data() + p.paths[n.path].first;
      n.segments = static_cast<std::uint8_t>(count <= 255 ? count : 0);
    }
  }
  p.specs.reserve(p.nodes.size());
  for (std::uint32_t i = 0; i < p.nodes.size(); ++i) p.specs.push_back(specialisation_of(p.nodes.data(), i));
  compute_reads(p);
  p.plan = plan_of(p.nodes[0]);
  if (p.plan == root_plan::write && is_label_chain(p.nodes[0], p.nodes.data())) p.plan = root_plan::labels;
}

/// Compiles `logic` as written, with no pass (see passes.hpp for compile() with passes).
inline std::shared_ptr<const program> compile_program(const json& logic, std::size_t max_depth) {
  std::shared_ptr<program> p = build_program(logic, max_depth);
  finish_program(*p);
  return p;
}

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_COMPILER_HPP
