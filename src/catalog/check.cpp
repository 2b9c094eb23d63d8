// SPDX-License-Identifier: MIT
// The load-time rule checker (catalog/check.hpp): each compiled rule typed against the rule data
// object, one pass over its nodes through the public node_view of compiled rules; then rules
// that can never fire and strategies no rule can show. What it finds is documented in the
// public check.hpp (error ids 230-242).
#include "check.hpp"

#include <fast_float/fast_float.h>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <iterator>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/logic.hpp>
#include <carecompare/model.hpp>

#include "../codec.hpp"
#include "../logic/kleene.hpp"
#include "../logic/operators.hpp"
#include "../logic/text.hpp"
#include "../util/message_text.hpp"
#include "../util/number.hpp"
#include "../util/suggest.hpp"
#include "rule_data.hpp"

CARECOMPARE_BEGIN_NAMESPACE

namespace detail {

/**
 * Checks every compiled rule of a catalog against the types of the rule data object (see the
 * file comment), then reports rules that can never fire and strategies no rule can show.
 * One pass over each rule's nodes; nothing is kept once it has run.
 */
class rule_checker {
 public:
  /// `max_depth`: limits::max_rule_depth, for compiling the constant parts of rules again.
  rule_checker(const catalog_document& doc, std::size_t max_depth) : doc_(doc), max_depth_(max_depth) {
    // The rule data object's own keys (rule_data.hpp): lists of vocabulary ids, each id at most
    // once, and the count of the counted list.
    const domain* counted = nullptr;
    for (const rule_data_list& l : rule_data_lists) {
      domain& d = domains_.emplace_back();
      d.noun = std::string(l.noun) + " id";
      d.plural = std::string(l.noun) + " ids";
      d.distinct = true;  // circumstances reject duplicates
      for (const auto& e : doc.vocabulary.*l.vocabulary) d.add(e.id);
      type t;
      t.k = kind::list;
      t.elem = kind::string;
      t.dom = &d;
      add_name(std::string(l.key), t);
      if (&l == &counted_list) counted = &d;
    }
    type count;
    count.k = kind::number;
    count.lo = 0;
    count.hi = static_cast<double>(counted->ids.size());
    count.integral = true;
    count.dom = counted;
    add_name(std::string(site_count_key), count);
    own_names_ = candidates_.size();
    if (doc.facts) {
      for (const fact& f : *doc.facts) {
        if (f.id.empty() || names_.count(f.id)) continue;  // reported by the validator
        const domain* values = nullptr;
        if (f.values && (f.type == fact_type::string || f.type == fact_type::string_list)) {
          domain& d = domains_.emplace_back();
          d.noun = "value of fact \"" + f.id + "\"";
          d.plural = "values of fact \"" + f.id + "\"";
          for (const auto& v : *f.values) d.add(v);
          values = &d;
        }
        type t;
        t.nullable = true;  // circumstances may leave a fact out
        switch (f.type) {
          case fact_type::boolean: t.k = kind::boolean; break;
          case fact_type::number: t.k = kind::number; break;
          case fact_type::string:
            t.k = kind::string;
            t.dom = values;
            break;
          case fact_type::string_list:
            t.k = kind::list;
            t.elem = kind::string;
            t.dom = values;
            break;
        }
        add_name(f.id, t);
        facts_.insert(f.id);
        ++fact_count_;
      }
    }
  }

  /**
   * Checks `compiled[i]` for every rule with `usable[i]` (compiled, and decoded without
   * problems). Errors go to `errors`, warnings to `warnings`.
   */
  void run(const std::vector<logic::rule>& compiled, const std::vector<char>& usable, std::vector<diagnostic>& errors,
           std::vector<diagnostic>& warnings) {
    errors_ = &errors;
    warnings_ = &warnings;
    const auto& rules = doc_.rules;
    std::vector<truth> fires(rules.size(), truth::unknown);
    type data;
    data.k = kind::data;
    for (std::size_t r = 0; r < rules.size() && r < compiled.size(); ++r) {
      if (!usable[r]) continue;
      base_ = "/rules/" + std::to_string(r) + "/when";
      absence_said_ = rules[r].absent_is.has_value();
      const logic::node_view root = compiled[r].root();
      info i = visit(root, scope{data, {}});
      if (i.constant && !i.value) settle(root, i);
      if (i.faulty) continue;  // its errors say enough
      fires[r] = i.tr;
      if (i.tr == truth::no) {
        warnings.push_back(warning(error_ids::catalog_rule_never_fires, base_,
                                   "rule \"" + rules[r].id + "\" can never fire: " +
                                       (i.why.empty() ? "its condition is false for all circumstances" : i.why)));
      }
    }
    check_strategies(fires, warnings);
  }

 private:
  enum class kind : std::uint8_t { any, null, boolean, number, string, list, object, data, frame };
  /// A node's truth over every circumstances the catalog allows, in Kleene's logic
  /// (logic/kleene.hpp): `yes` true for all of them, `no` false for all, `unknown` it depends.
  using truth = logic::truth;

  /// The values a string (or the elements of a list) can take: a vocabulary or a fact's values.
  struct domain {
    std::string noun, plural;  ///< "site id", "site ids"
    bool distinct = false;     ///< a list of these holds each at most once (vocabularies)
    std::vector<std::string_view> ids;
    std::unordered_set<std::string_view> set;
    void add(std::string_view id) {
      if (set.insert(id).second) ids.push_back(id);
    }
  };

  /// What a value can be.
  struct type {
    kind k = kind::any;
    kind elem = kind::any;        ///< list: the kind of its elements
    const domain* dom = nullptr;  ///< string, list: the values it holds; number: the vocabulary it counts
    double lo = -std::numeric_limits<double>::infinity();  ///< number: lowest value
    double hi = std::numeric_limits<double>::infinity();   ///< number: highest value
    bool integral = false;                                 ///< number: always an integer
    bool nullable = false;                                 ///< may be null (a fact left out, an index past the end)
    const type* current = nullptr;                         ///< frame: the type of "current"
  };

  /// What the checker knows about one node.
  struct info {
    type t;
    truth tr = truth::unknown;
    bool constant = false;                  ///< reads no data: the same value for all circumstances
    bool faulty = false;                    ///< a problem was reported at or inside the node
    const nlohmann::json* value = nullptr;  ///< the value, when known (literals, folded constants)
    std::string why;                        ///< when tr == never: why, for the warning
  };

  /// What `var` reads: the data object, the current element of a list, or the reduce frame.
  struct scope {
    type t;
    std::string_view op;  ///< the operator going through a list ("some"), "" for the data
  };

  void add_name(const std::string& name, const type& t) {
    names_.emplace(name, t);
    candidates_.push_back(name);
  }

  static diagnostic warning(int id, std::string pointer, std::string message) {
    return diagnostic{id, std::move(pointer), std::move(message), 0, 0, diagnostic::severity::warning, {}};
  }

  void report(int id, const std::string& pointer, std::string message, std::string suggestion = {}) {
    errors_->push_back(
        diagnostic{id, base_ + pointer, std::move(message), 0, 0, diagnostic::severity::error, std::move(suggestion)});
  }

  // -- types -----------------------------------------------------------------------------------

  static std::string number_text(double v) {
    if (const auto integer = exact_integer(v)) return std::to_string(*integer);
    return nlohmann::json(v).dump();
  }

  static std::string describe(const type& t) {
    switch (t.k) {
      case kind::any: return "a value of unknown type";
      case kind::null: return "null";
      case kind::boolean: return "a boolean";
      case kind::number: return "a number";
      case kind::string: return t.dom ? "a " + t.dom->noun : "a string";
      case kind::list:
        if (t.elem == kind::string) return t.dom ? "a list of " + t.dom->plural : "a list of strings";
        if (t.elem == kind::number) return "a list of numbers";
        return "a list";
      case kind::object: return "an object";
      case kind::data: return "the rule data object";
      case kind::frame: return "the reduce frame {\"current\", \"accumulator\"}";
    }
    return "a value";
  }

  /// Kinds that compare as the same type.
  static kind family(kind k) { return k == kind::data || k == kind::frame ? kind::object : k; }

  static type join(const type& a, const type& b) {
    if (a.k == kind::null && b.k != kind::any) {
      type t = b;
      t.nullable = true;
      return t;
    }
    if (b.k == kind::null && a.k != kind::any) return join(b, a);
    if (a.k == kind::any || b.k == kind::any || a.k != b.k) return {};
    type t = a;
    t.nullable = a.nullable || b.nullable;
    if (a.dom != b.dom) t.dom = nullptr;
    if (a.elem != b.elem) t.elem = kind::any;
    t.lo = std::min(a.lo, b.lo);
    t.hi = std::max(a.hi, b.hi);
    t.integral = a.integral && b.integral;
    if (a.current != b.current) t.k = kind::any;
    return t;
  }

  static type type_of_value(const nlohmann::json& j) {
    type t;
    switch (j.type()) {
      case nlohmann::json::value_t::null: t.k = kind::null; break;
      case nlohmann::json::value_t::boolean: t.k = kind::boolean; break;
      case nlohmann::json::value_t::number_integer:
      case nlohmann::json::value_t::number_unsigned:
      case nlohmann::json::value_t::number_float: {
        t.k = kind::number;
        t.lo = t.hi = j.get<double>();
        t.integral = std::isfinite(t.lo) && t.lo == std::floor(t.lo);
        break;
      }
      case nlohmann::json::value_t::string: t.k = kind::string; break;
      case nlohmann::json::value_t::array: {
        t.k = kind::list;
        bool first = true;
        for (const auto& e : j) {
          const kind k = type_of_value(e).k;
          if (k == kind::null) continue;
          t.elem = first || t.elem == k ? k : kind::any;
          first = false;
        }
        break;
      }
      default: t.k = kind::object; break;
    }
    return t;
  }

  info of_value(const nlohmann::json& j) {
    info i;
    i.t = type_of_value(j);
    i.constant = true;
    i.value = &j;
    i.tr = logic::detail::known(logic::truthy(j));
    if (i.tr == truth::no) i.why = "the constant " + short_json(j) + " is never true";
    return i;
  }

  /// Evaluates a constant node whose parent reads data (or the root): its value and truthiness.
  void settle(logic::node_view n, info& i) {
    try {
      logic::compile_options options;
      options.max_depth = max_depth_;
      const nlohmann::json& value = folded_.emplace_back(logic::apply(logic::compile(n.literal(), options), nullptr));
      const bool faulty = i.faulty;
      i = of_value(value);
      i.faulty = faulty;
      if (i.tr == truth::no && n.op() != logic::op::literal) {
        i.why = short_json(n.literal()) + " is never true";
        if (!value.is_boolean()) i.why += " (it is always " + short_json(value, 30) + ")";
      }
    } catch (const error&) {
      // An evaluation json-logic-js throws on: leave the node unknown.
    }
  }

  // -- names -------------------------------------------------------------------------------------

  /// How an operand reads in messages: `"site_count" (a number)`, `the string "two"`.
  static std::string operand(logic::node_view n, const info& i, const scope& s) {
    if (n.op() == logic::op::var && n.has_constant_path()) {
      const auto path = n.path();
      if (path.empty()) {
        return (s.op.empty() ? std::string("the whole data") : std::string("the current element")) + " (" +
               describe(i.t) + ")";
      }
      std::string joined;
      for (const auto& p : path) joined += (joined.empty() ? "" : ".") + p;
      return "\"" + joined + "\" (" + describe(i.t) + ")";
    }
    if (i.value) {
      const nlohmann::json& v = *i.value;
      if (v.is_string()) return "the string " + short_json(v);
      if (v.is_number()) return "the number " + short_json(v);
      if (v.is_array()) return "the list " + short_json(v);
      if (v.is_object()) return "an object";
      return short_json(v);
    }
    if (n.op() == logic::op::array) return "a list";
    return "the result of \"" + std::string(n.name()) + "\" (" + describe(i.t) + ")";
  }

  /// The constant path of a `var` node joined with dots ("" for none).
  static std::string path_text(logic::node_view n) {
    std::string joined;
    if (n.op() != logic::op::var || !n.has_constant_path()) return joined;
    for (const auto& p : n.path()) joined += (joined.empty() ? "" : ".") + p;
    return joined;
  }

  std::string data_names() const {
    std::string out = rule_data_keys_text();
    if (fact_count_ == 0) return out + " (the catalog declares no facts)";
    out += " and the declared facts ";
    std::vector<std::string_view> facts(candidates_.begin() + static_cast<std::ptrdiff_t>(own_names_),
                                        candidates_.end());
    return out + id_listing(facts);
  }

  /**
   * The type at `path` inside the scope, or false with a message and suggestion. `length` and
   * indexes are what json-logic-js reads of arrays and strings; any other key of them is
   * undefined, so it is an error.
   */
  bool resolve(std::span<const std::string> path, const scope& s, type& out, std::string& message,
               std::string& suggestion) const {
    type cur = s.t;
    std::string prefix;
    const auto subject = [&]() -> std::string {
      if (!prefix.empty()) return "\"" + prefix + "\"";
      return s.op.empty() ? "the data" : "the current element";
    };
    const auto scope_note = [&](const std::string& seg) {
      std::string note =
          "inside \"" + std::string(s.op) + "\", var reads the current element of the list (" + describe(s.t) + ")";
      if (names_.count(seg)) note += ", not the rule data object: \"" + seg + "\" cannot be read there";
      return note + "; {\"var\": \"\"} is the element itself";
    };
    for (std::size_t i = 0; i < path.size(); ++i) {
      const std::string& seg = path[i];
      std::uint32_t index = 0;
      const bool is_index = logic::detail::parse_array_index(seg, index);
      switch (cur.k) {
        case kind::any:
        case kind::null:
        case kind::object: out = type{}; return true;
        case kind::data: {
          const auto it = names_.find(seg);
          if (it == names_.end()) {
            message = "\"" + seg + "\" names nothing in the rule data object, which holds " + data_names();
            suggestion = closest_name(seg, candidates_);
            return false;
          }
          cur = it->second;
          break;
        }
        case kind::frame: {
          if (seg == "current") {
            cur = *cur.current;
          } else if (seg == "accumulator") {
            cur = type{};
          } else {
            message = "inside \"reduce\", var reads {\"current\", \"accumulator\"}";
            if (names_.count(seg))
              message += ", not the rule data object: \"" + seg + "\" cannot be read there";
            else
              message += "; \"" + seg + "\" is neither";
            const std::string_view frame_names[] = {"current", "accumulator"};
            suggestion = closest_name(seg, frame_names);
            return false;
          }
          break;
        }
        case kind::list: {
          if (seg == "length") {
            const type list = cur;
            cur = type{};
            cur.k = kind::number;
            cur.lo = 0;
            cur.integral = true;
            cur.nullable = list.nullable;
            if (list.dom && list.dom->distinct && !list.nullable) {
              cur.hi = static_cast<double>(list.dom->ids.size());
              cur.dom = list.dom;
            }
          } else if (is_index) {
            const type list = cur;
            cur = type{};
            cur.k = list.elem;
            cur.dom = list.elem == kind::string ? list.dom : nullptr;
            cur.nullable = true;
          } else {
            if (i == 0 && !s.op.empty()) {
              message = scope_note(seg);
            } else {
              message = subject() + " is " + describe(cur) + ": only an index (e.g. \"" +
                        (prefix.empty() ? "" : prefix + ".") + "0\") or \"length\" may follow it, not \"" + seg + "\"";
              const std::string_view length[] = {"length"};
              if (!closest_name(seg, length).empty()) suggestion = (prefix.empty() ? "" : prefix + ".") + "length";
            }
            return false;
          }
          break;
        }
        case kind::string: {
          if (seg == "length") {
            const bool nullable = cur.nullable;
            cur = type{};
            cur.k = kind::number;
            cur.lo = 0;
            cur.integral = true;
            cur.nullable = nullable;
          } else if (is_index) {
            cur = type{};
            cur.k = kind::string;
            cur.nullable = true;
          } else {
            if (i == 0 && !s.op.empty()) {
              message = scope_note(seg);
            } else {
              message = subject() + " is " + describe(cur) +
                        ": only a character index or \"length\" may follow it, not \"" + seg + "\"";
            }
            return false;
          }
          break;
        }
        case kind::boolean:
        case kind::number: {
          if (i == 0 && !s.op.empty()) {
            message = scope_note(seg);
          } else {
            message = subject() + " is " + describe(cur) + ": nothing is inside it, not \"" + seg + "\"";
          }
          return false;
        }
      }
      prefix += (prefix.empty() ? "" : ".") + seg;
    }
    out = cur;
    return true;
  }

  /// Splits a `missing` name at dots, as `var` does.
  static std::vector<std::string> split_path(const std::string& text) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    std::size_t start = 0;
    for (;;) {
      const std::size_t dot = text.find('.', start);
      out.push_back(text.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    return out;
  }

  /// Checks one constant `missing`/`missing_some` name (a string or number) at `pointer`.
  bool check_name(const nlohmann::json& name, const scope& s, const std::string& pointer) {
    if (!name.is_string() && !name.is_number()) return true;
    const std::string text = name.is_string() ? name.get<std::string>() : name.dump();
    type ignored;
    std::string message, suggestion;
    if (resolve(split_path(text), s, ignored, message, suggestion)) return true;
    report(error_ids::catalog_unknown_var, pointer, message, suggestion);
    return false;
  }

  // -- values ------------------------------------------------------------------------------------

  /// Checks that the constant string `v` is one of `d`; reports 231 at `pointer` otherwise.
  bool check_member(const domain& d, const nlohmann::json& v, const std::string& pointer) {
    if (!v.is_string()) return true;
    const auto& s = v.get_ref<const std::string&>();
    if (d.set.count(s)) return true;
    const std::string listing = d.ids.empty() ? "there are none" : "the " + d.plural + " are " + id_listing(d.ids);
    report(error_ids::catalog_unknown_value, pointer, "\"" + s + "\" is not a " + d.noun + "; " + listing,
           closest_name(s, d.ids));
    return false;
  }

  // -- the walk ----------------------------------------------------------------------------------

  /// Whether an operator of this typing reads no data and has no effect, so that a node of
  /// constant arguments can be evaluated once here. Operators that go through lists are left out,
  /// so that folding costs at most one visit of each node.
  static bool is_foldable(logic::detail::typing t) {
    using logic::detail::typing;
    return t != typing::var && t != typing::missing && t != typing::log && t != typing::list;
  }

  scope element_scope(logic::node_view n, const info& list) {
    type e;
    if (list.t.k == kind::list) {
      e.k = list.t.elem;
      e.dom = list.t.dom;
    }
    if (n.op() == logic::op::reduce) {
      frames_.push_back(e);
      type f;
      f.k = kind::frame;
      f.current = &frames_.back();
      return {f, "reduce"};
    }
    return {e, n.name()};
  }

  info visit(logic::node_view n, const scope& s) {
    using logic::op;
    const op o = n.op();
    if (o == op::literal) return of_value(n.literal());
    std::vector<info> a;
    a.reserve(n.size());
    // Constant: reads no data and has no effect, so it can be evaluated once here. Operators that
    // go through lists are left out, so that folding costs at most one visit of each node.
    bool constant = o == op::array || is_foldable(logic::detail::typing_of(o));
    bool faulty = false;
    for (std::size_t i = 0; i < n.size(); ++i) {
      const logic::node_view child = n[i];
      a.push_back(child.scoped() ? visit(child, element_scope(n, a[0])) : visit(child, s));
      constant = constant && a.back().constant;
      faulty = faulty || a.back().faulty;
    }
    if (!constant) {
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].constant && !a[i].value) settle(n[i], a[i]);
      }
    }
    info r;
    r.constant = constant;
    r.faulty = faulty;
    const std::size_t before = errors_->size();
    if (o == op::array) {
      typed_array(a, r);
    } else {
      type_operator(n, a, s, r);
    }
    if (errors_->size() != before) r.faulty = true;
    if (r.tr != truth::no) r.why.clear();
    return r;
  }

  /// Types an operator node by its row's `typing` (the operator table, logic.hpp): one function
  /// per typing, in a table indexed by it (a typing without its function does not compile).
  void type_operator(logic::node_view n, const std::vector<info>& a, const scope& s, info& r) {
    using hook = void (rule_checker::*)(logic::node_view, const std::vector<info>&, const scope&, info&);
    static constexpr hook hooks[] = {&rule_checker::var,
                                     &rule_checker::typed_missing,
                                     &rule_checker::typed_branches,
                                     &rule_checker::comparison,
                                     &rule_checker::typed_negation,
                                     &rule_checker::typed_connective,
                                     &rule_checker::typed_arithmetic,
                                     &rule_checker::quantifier,
                                     &rule_checker::typed_merge,
                                     &rule_checker::in,
                                     &rule_checker::typed_text,
                                     &rule_checker::typed_log};
    static_assert(std::size(hooks) == logic::detail::typing_count);
    (this->*hooks[static_cast<std::size_t>(logic::detail::typing_of(n.op()))])(n, a, s, r);
  }

  void typed_missing(logic::node_view n, const std::vector<info>&, const scope& s, info& r) {
    missing(n, s);
    r.t.k = kind::list;
  }
  void typed_branches(logic::node_view n, const std::vector<info>& a, const scope&, info& r) { branches(n, a, r); }
  void typed_negation(logic::node_view n, const std::vector<info>& a, const scope& s, info& r) {
    absent_fact_fires(n, a, s);
    r.t.k = kind::boolean;
    const truth x = a.empty() ? truth::no : a[0].tr;  // no argument: undefined, falsy
    r.tr = n.op() == logic::op::not_not ? x : logic::detail::kleene_not(x);
  }
  void typed_connective(logic::node_view n, const std::vector<info>& a, const scope&, info& r) { connective(n, a, r); }
  void typed_arithmetic(logic::node_view n, const std::vector<info>& a, const scope& s, info& r) {
    arithmetic(n, a, s);
    r.t.k = kind::number;
  }
  void typed_merge(logic::node_view, const std::vector<info>& a, const scope&, info& r) {
    r.t.k = kind::list;
    bool first = true;
    for (const info& x : a) {
      type e;
      if (x.t.k == kind::list) {
        e.k = x.t.elem;
        e.dom = x.t.dom;
      } else {
        e = x.t;
      }
      if (e.k == kind::null) continue;
      const type joined = first ? e : join(type{r.t.elem, kind::any, r.t.dom}, e);
      r.t.elem = joined.k;
      r.t.dom = joined.dom;
      first = false;
    }
  }
  void typed_text(logic::node_view, const std::vector<info>&, const scope&, info& r) { r.t.k = kind::string; }
  void typed_log(logic::node_view, const std::vector<info>& a, const scope&, info& r) {
    if (!a.empty()) {
      r.t = a[0].t;
      r.tr = a[0].tr;
      r.why = a[0].why;
    }
  }
  /// An array with logic inside: a list of what its elements are; never empty, so always truthy
  /// but when it has no element.
  static void typed_array(const std::vector<info>& a, info& r) {
    r.t.k = kind::list;
    bool first = true;
    for (const info& x : a) {
      if (x.t.k == kind::null) continue;
      r.t.elem = first || r.t.elem == x.t.k ? x.t.k : kind::any;
      first = false;
    }
    r.tr = a.empty() ? truth::no : truth::yes;
  }

  void var(logic::node_view n, const std::vector<info>& a, const scope& s, info& r) {
    if (!n.has_constant_path()) return;  // computed: unknown until the rule runs
    type t;
    std::string message, suggestion;
    if (!resolve(n.path(), s, t, message, suggestion)) {
      report(error_ids::catalog_unknown_var, n.pointer(), message, suggestion);
      return;
    }
    r.t = t;
    if (a.size() >= 2) {  // a default replaces null
      type present = t;
      present.nullable = false;
      r.t = t.nullable ? join(present, a[1].t) : present;
    }
  }

  void missing(logic::node_view n, const scope& s) {
    const auto names_in = [&](logic::node_view list) {
      if (list.op() != logic::op::literal) return;
      const nlohmann::json& v = list.literal();
      if (v.is_array()) {
        for (std::size_t k = 0; k < v.size(); ++k) check_name(v[k], s, list.pointer() + "/" + std::to_string(k));
      } else {
        check_name(v, s, list.pointer());
      }
    };
    if (n.op() == logic::op::missing_some) {
      if (n.size() >= 2) names_in(n[1]);
      return;
    }
    if (n.size() >= 1 && n[0].op() == logic::op::literal && n[0].literal().is_array()) {
      names_in(n[0]);  // json-logic-js: an array first argument is the list of names
      return;
    }
    for (std::size_t i = 0; i < n.size(); ++i) names_in(n[i]);
  }

  void branches(logic::node_view n, const std::vector<info>& a, info& r) {
    const std::size_t count = n.op() == logic::op::ternary ? 3 : a.size();
    info null_info;
    null_info.t.k = kind::null;
    null_info.tr = truth::no;
    const auto at = [&](std::size_t i) -> const info& { return i < a.size() ? a[i] : null_info; };
    bool first = true, can_true = false, can_false = false;
    const auto add = [&](const info& x) {
      r.t = first ? x.t : join(r.t, x.t);
      first = false;
      can_true = can_true || x.tr != truth::no;
      can_false = can_false || x.tr != truth::yes;
      if (x.tr == truth::no && r.why.empty()) r.why = x.why;
    };
    std::size_t i = 0;
    bool decided = false;
    for (; i + 1 < count; i += 2) {
      const truth c = at(i).tr;
      if (c == truth::no) continue;
      add(at(i + 1));
      if (c == truth::yes) {
        decided = true;
        break;
      }
    }
    if (!decided) add(i < count ? at(i) : null_info);
    r.tr = !can_true ? truth::no : !can_false ? truth::yes : truth::unknown;
  }

  void connective(logic::node_view n, const std::vector<info>& a, info& r) {
    const bool is_and = n.op() == logic::op::and_;
    if (a.empty()) {  // undefined
      r.t.k = kind::null;
      r.tr = truth::no;
      r.why = "an empty \"" + std::string(n.name()) + "\" is never true";
      return;
    }
    // Kleene's connective over the operands, from its identity; `or` stops at a true one.
    truth folded = is_and ? truth::yes : truth::no;
    const info* first_never = nullptr;
    for (std::size_t i = 0; i < a.size(); ++i) {
      r.t = i == 0 ? a[i].t : join(r.t, a[i].t);
      folded = is_and ? logic::detail::kleene_and(folded, a[i].tr) : logic::detail::kleene_or(folded, a[i].tr);
      if (a[i].tr == truth::no && !first_never) first_never = &a[i];
      if (!is_and && folded == truth::yes) {
        r.tr = truth::yes;
        return;
      }
    }
    r.tr = folded;
    if (r.tr == truth::no && first_never) r.why = first_never->why;
  }

  /// Whether two operands may be compared: the same family of types, or null / unknown.
  static bool comparable(const type& x, const type& y) {
    if (x.k == kind::any || y.k == kind::any || x.k == kind::null || y.k == kind::null) return true;
    return family(x.k) == family(y.k);
  }

  /// A number range made tight for integers: [ceil(lo), floor(hi)].
  static type tight(type t) {
    if (t.integral) {
      t.lo = std::ceil(t.lo);
      t.hi = std::floor(t.hi);
    }
    return t;
  }

  /// Whether `x <o> y` always or never holds, from the ranges of two numbers.
  static truth compare_ranges(logic::op o, const type& x0, const type& y0) {
    using logic::op;
    if (x0.k != kind::number || y0.k != kind::number || x0.nullable || y0.nullable) return truth::unknown;
    const type x = tight(x0), y = tight(y0);
    const auto less = [](const type& a, const type& b, bool or_equal) {
      if (or_equal ? a.hi <= b.lo : a.hi < b.lo) return truth::yes;
      if (or_equal ? a.lo > b.hi : a.lo >= b.hi) return truth::no;
      return truth::unknown;
    };
    const auto equal = [](const type& a, const type& b) {
      if (a.hi < b.lo || b.hi < a.lo) return truth::no;
      const bool a_const = a.lo == a.hi, b_const = b.lo == b.hi;
      if (a_const && b_const) return a.lo == b.lo ? truth::yes : truth::no;
      if ((a.integral && b_const && b.lo != std::floor(b.lo)) || (b.integral && a_const && a.lo != std::floor(a.lo))) {
        return truth::no;
      }
      return truth::unknown;
    };
    switch (o) {
      case op::less: return less(x, y, false);
      case op::less_equal: return less(x, y, true);
      case op::greater: return less(y, x, false);
      case op::greater_equal: return less(y, x, true);
      case op::equal:
      case op::strict_equal: return equal(x, y);
      case op::not_equal:
      case op::strict_not_equal: return logic::detail::kleene_not(equal(x, y));
      default: return truth::unknown;
    }
  }

  /// Why a comparison of ranges never holds: "site_count" is always between 0 and 4 (...).
  static std::string range_why(logic::node_view n, const std::vector<info>& a, std::size_t i, std::size_t j) {
    std::string out;
    for (const std::size_t k : {i, j}) {
      const type& t = a[k].t;
      if (a[k].value || t.lo == t.hi) continue;
      const std::string name = path_text(n[k]);
      out += (out.empty() ? "" : "; ") + (name.empty() ? std::string("its operand") : "\"" + name + "\"") +
             " is always between " + number_text(tight(t).lo) + " and " + number_text(tight(t).hi);
      if (t.dom) out += " (there are " + std::to_string(t.dom->ids.size()) + " " + t.dom->plural + ")";
    }
    return out + (out.empty() ? "" : ", so ") + short_json(n.literal()) + " is never true";
  }

  /// A hint for a comparison of mismatched types.
  static std::string mismatch_hint(const info& x, const info& y) {
    for (const info* p : {&x, &y}) {
      const info& other = p == &x ? y : x;
      if (p->t.k == kind::list && other.t.k == kind::string) {
        return "; to test whether a list holds a value, use \"in\": {\"in\": [value, list]}";
      }
      if (p->t.k == kind::number && other.value && other.value->is_string()) {
        const std::string& text = other.value->get_ref<const std::string&>();
        // A number in JSON's (and JS's decimal) form, whatever the locale: fast_float reads it.
        double d = 0;
        const auto [end, ec] = fast_float::from_chars(text.data(), text.data() + text.size(), d);
        if (!text.empty() && ec == std::errc() && end == text.data() + text.size() && std::isfinite(d)) {
          return "; write the number without quotes: " + text;
        }
        return "; compare numbers with numbers";
      }
    }
    return "; both sides must have the same type";
  }

  void comparison(logic::node_view n, const std::vector<info>& a, const scope& s, info& r) {
    using logic::op;
    const op o = n.op();
    absent_fact_fires(n, a, s);
    r.t.k = kind::boolean;
    const bool equality = o == op::equal || o == op::strict_equal || o == op::not_equal || o == op::strict_not_equal;
    const bool between = (o == op::less || o == op::less_equal) && a.size() >= 3;
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    if (a.size() >= 2) pairs.emplace_back(0, 1);
    if (between) pairs.emplace_back(1, 2);
    bool all_always = !pairs.empty();
    truth result = truth::unknown;
    for (const auto& [i, j] : pairs) {
      const info& x = a[i];
      const info& y = a[j];
      if (equality && x.t.k == kind::string && x.t.dom && y.value && y.value->is_string()) {
        check_member(*x.t.dom, *y.value, n[j].pointer());
      } else if (equality && y.t.k == kind::string && y.t.dom && x.value && x.value->is_string()) {
        check_member(*y.t.dom, *x.value, n[i].pointer());
      } else if (!comparable(x.t, y.t)) {
        const std::size_t at = y.value ? j : x.value ? i : static_cast<std::size_t>(-1);
        report(error_ids::catalog_type_mismatch, at == static_cast<std::size_t>(-1) ? n.pointer() : n[at].pointer(),
               "\"" + std::string(n.name()) + "\" compares " + operand(n[i], x, s) + " with " + operand(n[j], y, s) +
                   mismatch_hint(x, y));
        continue;
      }
      const truth t = compare_ranges(o, x.t, y.t);
      all_always = all_always && t == truth::yes;
      if (t == truth::no && result != truth::no) {
        result = truth::no;
        r.why = range_why(n, a, i, j);
      }
    }
    r.tr = result == truth::no ? truth::no : all_always ? truth::yes : truth::unknown;
  }

  void arithmetic(logic::node_view n, const std::vector<info>& a, const scope& s) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      const kind k = family(a[i].t.k);
      if (k != kind::list && k != kind::object) continue;
      std::string suggestion;
      const std::string path = path_text(n[i]);
      if (k == kind::list && !path.empty())
        suggestion = path == counted_list.key ? std::string(site_count_key) : path + ".length";
      report(error_ids::catalog_list_arithmetic, n[i].pointer(),
             "\"" + std::string(n.name()) + "\" needs numbers, but " + operand(n[i], a[i], s) + " is not one" +
                 (k == kind::list ? " (to count a list, use its \"length\")" : ""),
             suggestion);
    }
  }

  void quantifier(logic::node_view n, const std::vector<info>& a, const scope& s, info& r) {
    using logic::op;
    const op o = n.op();
    if (a.empty()) {
      r.t.k = o == op::map || o == op::filter ? kind::list : o == op::reduce ? kind::null : kind::boolean;
      return;
    }
    const info& list = a[0];
    const bool is_list = list.t.k == kind::list;
    if (!is_list && list.t.k != kind::any && list.t.k != kind::null) {
      report(error_ids::catalog_type_mismatch, n[0].pointer(),
             "\"" + std::string(n.name()) + "\" goes through a list, but " + operand(n[0], list, s) + " is not one");
    }
    switch (o) {
      case op::map:
        r.t.k = kind::list;
        if (a.size() >= 2) {
          r.t.elem = a[1].t.k;
          r.t.dom = a[1].t.dom;
        }
        return;
      case op::filter:
        r.t = is_list ? list.t : type{kind::list};
        r.t.nullable = false;
        return;
      case op::reduce: return;
      default: break;
    }
    r.t.k = kind::boolean;
    const bool empty = list.value && list.value->is_array() && list.value->empty();
    const truth body = a.size() >= 2 ? a[1].tr : truth::no;
    if (o == op::none) {
      if (empty || body == truth::no) r.tr = truth::yes;
      return;
    }
    if (empty) {
      r.tr = truth::no;
      r.why = "\"" + std::string(n.name()) + "\" over an empty list is never true";
    } else if (body == truth::no) {  // `all` of an empty list is false too
      r.tr = truth::no;
      r.why = a.size() >= 2 ? a[1].why : "\"" + std::string(n.name()) + "\" without a condition is never true";
    }
  }

  void in(logic::node_view n, const std::vector<info>& a, const scope& s, info& r) {
    using logic::op;
    r.t.k = kind::boolean;
    if (a.size() < 2) {
      r.tr = truth::no;  // in(x, undefined)
      return;
    }
    const info& needle = a[0];
    const info& hay = a[1];
    if (hay.value && !logic::truthy(*hay.value)) {
      r.tr = truth::no;
      r.why = "\"in\" looks in " + short_json(*hay.value) + ", which holds nothing";
    }
    switch (hay.t.k) {
      case kind::list: {
        if (needle.t.k == kind::list) {
          report(error_ids::catalog_type_mismatch, n[0].pointer(),
                 "\"in\" looks for a single value, but " + operand(n[0], needle, s) +
                     " is a list; to test whether two lists share a value, use \"some\"");
          return;
        }
        if (hay.t.dom && needle.value && needle.value->is_string()) {
          check_member(*hay.t.dom, *needle.value, n[0].pointer());
          return;
        }
        if (hay.t.elem != kind::any && needle.t.k != kind::any && needle.t.k != kind::null &&
            family(hay.t.elem) != family(needle.t.k)) {
          report(error_ids::catalog_type_mismatch, needle.value ? n[0].pointer() : n.pointer(),
                 "\"in\" looks for " + operand(n[0], needle, s) + " in " + operand(n[1], hay, s) +
                     ", where it can never be");
          return;
        }
        if (needle.t.k == kind::string && needle.t.dom) {
          // An element (or a string fact) looked up in a list of strings: each must be a value.
          const logic::node_view list = n[1];
          if (list.op() == op::literal && list.literal().is_array()) {
            const nlohmann::json& items = list.literal();
            for (std::size_t k = 0; k < items.size(); ++k) {
              check_member(*needle.t.dom, items[k], list.pointer() + "/" + std::to_string(k));
            }
          } else if (list.op() == op::array) {
            for (std::size_t k = 0; k < list.size(); ++k) {
              if (list[k].op() == op::literal) check_member(*needle.t.dom, list[k].literal(), list[k].pointer());
            }
          }
        }
        return;
      }
      case kind::boolean:
      case kind::number:
      case kind::object:
      case kind::data:
      case kind::frame:
        report(error_ids::catalog_type_mismatch, n[1].pointer(),
               "\"in\" looks in a list or a string, but " + operand(n[1], hay, s) + " is neither");
        return;
      default: return;  // a string: a substring test; unknown or null: nothing to check
    }
  }

  /// `{"<op>": [{"var": "0"}, ..., {"var": "<count - 1>"}]}`: operator `o` over the elements of
  /// an array given as data, compiled once per operator and count.
  const logic::rule& operator_over_data(logic::op o, std::size_t count) {
    const auto key = std::make_pair(o, count);
    auto it = operators_.find(key);
    if (it == operators_.end()) {
      nlohmann::json args = nlohmann::json::array();
      for (std::size_t k = 0; k < count; ++k) args.push_back({{"var", std::to_string(k)}});
      it = operators_.emplace(key, logic::compile({{std::string(logic::op_name(o)), std::move(args)}})).first;
    }
    return it->second;
  }

  /**
   * Warning 242 at comparison or negation `n` when one operand reads a declared fact (which
   * circumstances may leave out) and the others are constants, and `n` is true once the fact
   * reads as null: such a rule would fire on the fact's absence. Not when the rule says how it
   * means absence (`absent_is`).
   */
  void absent_fact_fires(logic::node_view n, const std::vector<info>& a, const scope& s) {
    if (absence_said_ || !s.op.empty() || facts_.empty()) return;  // inside map & co, var reads elements
    // The one operand that reads a fact; every other one a constant.
    std::size_t fact_at = n.size();
    for (std::size_t k = 0; k < n.size(); ++k) {
      const logic::node_view v = n[k];
      const bool reads_fact =
          v.op() == logic::op::var && v.has_constant_path() && !v.path().empty() && facts_.count(v.path()[0]) != 0;
      if (reads_fact && fact_at == n.size()) {
        fact_at = k;
      } else if (a[k].value == nullptr) {
        return;
      }
    }
    if (fact_at == n.size()) return;
    // The node evaluated with the fact read as null: its operator over the operands as data
    // ({"<": [{"var": "0"}, {"var": "1"}]} on [null, 4]), compiled once per operator and count.
    nlohmann::json operands = nlohmann::json::array();
    for (std::size_t k = 0; k < n.size(); ++k) operands.push_back(k == fact_at ? nlohmann::json() : *a[k].value);
    try {
      if (!logic::test(operator_over_data(n.op(), n.size()), operands)) return;
    } catch (const error&) {
      return;
    }
    const std::string& fact = n[fact_at].path()[0];
    warnings_->push_back(warning(
        error_ids::catalog_absent_fact_fires, base_ + n.pointer(),
        "\"" + fact + "\" is a fact circumstances may leave unanswered; read as null, " + short_json(n.literal()) +
            " would be true, a reason nobody gave. Unanswered, the rule is undecided (its options depend on "
            "what was not answered): say so with \"absent_is\": \"unknown\", or \"absent_is\": \"null\" if "
            "absence is meant to read as null"));
  }

  // -- strategies --------------------------------------------------------------------------------

  void check_strategies(const std::vector<truth>& fires, std::vector<diagnostic>& warnings) {
    const auto& strategies = doc_.strategies;
    const auto& rules = doc_.rules;
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t i = 0; i < strategies.size(); ++i) index.emplace(strategies[i].id, i);
    std::vector<std::size_t> shown_by(strategies.size()), live(strategies.size());
    std::vector<std::size_t> hidden_by(strategies.size(), rules.size());
    for (std::size_t r = 0; r < rules.size(); ++r) {
      for (const auto& id : rules[r].show) {
        const auto it = index.find(id);
        if (it == index.end()) continue;
        ++shown_by[it->second];
        if (fires[r] != truth::no) ++live[it->second];
      }
      if (rules[r].hide && fires[r] == truth::yes) {
        for (const auto& id : *rules[r].hide) {
          const auto it = index.find(id);
          if (it != index.end() && hidden_by[it->second] == rules.size()) hidden_by[it->second] = r;
        }
      }
    }
    std::vector<std::vector<std::string_view>> dead(strategies.size());
    bool any_dead = false;
    for (std::size_t s = 0; s < strategies.size(); ++s) any_dead = any_dead || (shown_by[s] && !live[s]);
    if (any_dead) {
      for (const auto& rule : rules) {
        for (const auto& id : rule.show) {
          const auto it = index.find(id);
          if (it != index.end() && shown_by[it->second] && !live[it->second]) dead[it->second].push_back(rule.id);
        }
      }
    }
    for (std::size_t s = 0; s < strategies.size(); ++s) {
      std::string why;
      if (shown_by[s] == 0) {
        why = "no rule shows it";
      } else if (live[s] == 0) {
        why = std::string(dead[s].size() == 1 ? "the only rule that shows it" : "every rule that shows it") +
              " can never fire (" + id_listing(dead[s]) + ")";
      } else if (hidden_by[s] != rules.size()) {
        why = "rule \"" + rules[hidden_by[s]].id + "\" always fires and hides it";
      } else {
        continue;
      }
      warnings.push_back(warning(error_ids::catalog_strategy_never_shown, "/strategies/" + std::to_string(s),
                                 "strategy \"" + strategies[s].id + "\" can never be shown: " + why));
    }
  }

  const catalog_document& doc_;
  std::size_t max_depth_;
  std::deque<domain> domains_;
  std::unordered_map<std::string, type> names_;  ///< what the rule data object holds
  std::vector<std::string> candidates_;          ///< the same names, in order, for suggestions
  std::size_t fact_count_ = 0;
  std::size_t own_names_ = 0;          ///< the first names of candidates_: the rule data object's own keys
  std::deque<type> frames_;            ///< "current" types of reduce frames
  std::deque<nlohmann::json> folded_;  ///< values of folded constants
  std::vector<diagnostic>* errors_ = nullptr;
  std::vector<diagnostic>* warnings_ = nullptr;
  std::unordered_set<std::string> facts_;                               ///< the declared facts' ids
  bool absence_said_ = false;                                           ///< the rule being checked has `absent_is`
  std::map<std::pair<logic::op, std::size_t>, logic::rule> operators_;  ///< see operator_over_data()
  std::string base_;                                                    ///< "/rules/<i>/when"
};

CARECOMPARE_FUNC void check_rules(const catalog_document& doc, std::size_t max_depth,
                                  const std::vector<logic::rule>& compiled, const std::vector<char>& usable,
                                  std::vector<diagnostic>& errors, std::vector<diagnostic>& warnings) {
  rule_checker(doc, max_depth).run(compiled, usable, errors, warnings);
}

}  // namespace detail

CARECOMPARE_END_NAMESPACE
