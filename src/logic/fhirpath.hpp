// SPDX-License-Identifier: MIT
/**
 * @file logic/fhirpath.hpp (private)
 * JsonLogic rules written in FHIRPath, one function per operator family (the `typing` column
 * of the operator table, operators.hpp), so that a FHIRPath engine gives, on a health record,
 * the three-valued answer the filter gives from what the record says (kleene_walk.hpp): true,
 * false, or the empty collection where carecompare leaves the rule undecided. FHIRPath's logic is
 * Kleene's: `{} or true` is true, `{} and true` is empty, `{}.not()` is empty.
 *
 * What a rule reads comes from `fhirpath_keys` (fhir/fhirpath.hpp writes it from the reader's
 * tables): each list of the rule data object is open (the record names some of its entries,
 * maybe others), each fact a value or empty. Per family:
 *
 * | family      | written as                                                                  |
 * |-------------|-----------------------------------------------------------------------------|
 * | no `var`    | its value, computed once (logic::apply) and written as a literal            |
 * | var         | a list, a list's count, or a fact's value (empty when not answered)         |
 * | connective  | `and` / `or` of the operands' truth                                         |
 * | negation    | `.not()` of the operand's truth (`!!`: the truth itself)                     |
 * | comparison  | a fact with a literal or a fact of its type: `=`, `!=`, `<`...; a list's    |
 * |             | count with a literal: true or false where every count the list may reach   |
 * |             | gives that answer, else empty                                               |
 * | in          | an id in a list: true when named, else empty; a fact in literals, a literal |
 * |             | in a string fact (`contains`) or in a string-list fact                      |
 * | list        | some / none / all of a list: the predicate is computed for each entry of    |
 * |             | the vocabulary (or each value of a string-list fact)                        |
 * | missing, branches, arithmetic, merge, text, log, map, filter, reduce: not written (error) |
 *
 * A node that cannot be written throws `untranslatable` with its JSON Pointer and operator.
 */
#ifndef CARECOMPARE_SRC_LOGIC_FHIRPATH_HPP
#define CARECOMPARE_SRC_LOGIC_FHIRPATH_HPP

#include <algorithm>
#include <carecompare/config.hpp>
#include <carecompare/logic.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../util/json_pointer.hpp"
#include "operators.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/// A FHIRPath string literal: `'...'` with `\`, `'` and control characters escaped.
inline std::string fhirpath_string(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          constexpr char hex[] = "0123456789abcdef";
          out += "\\u00";
          out += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
          out += hex[static_cast<unsigned char>(c) & 0xF];
        } else {
          out += c;
        }
    }
  }
  return out + "'";
}

/// What the rule data object's keys are in FHIRPath (see the file's comment).
struct fhirpath_keys {
  /// A list of the rule data object (sites, symptoms, goals): open.
  struct list {
    std::string_view key;               ///< "sites"
    std::string_view count_key;         ///< "site_count", or ""
    std::vector<std::string_view> ids;  ///< its vocabulary's ids
    std::vector<std::string> named;     ///< per id: whether the record names it, `true` or `false`
  };
  /// The type of a fact's value.
  enum class type : std::uint8_t { boolean, number, string, string_list };
  /// A declared fact: its value, the empty collection when the record does not give it.
  struct fact {
    std::string_view id;
    fhirpath_keys::type type = type::boolean;
    std::string value;                                 ///< FHIRPath: one value (a string list: its values)
    const std::vector<std::string>* values = nullptr;  ///< the values it allows, if it says
  };
  std::vector<list> lists;
  std::vector<fact> facts;
};

/// A node that cannot be written in FHIRPath.
struct untranslatable {
  std::string pointer;  ///< JSON Pointer of the node, from the rule's `when`
  std::string op;       ///< its operator ("" for a value that is not one)
  std::string reason;   ///< why, in words
};

/// JsonLogic to FHIRPath over `keys` (see the file's comment).
class fhirpath_writer {
 public:
  explicit fhirpath_writer(const fhirpath_keys& keys) : keys_(keys) {}

  /// The truth of `when` as a FHIRPath boolean: true, false or empty. `pointer` is where `when`
  /// is (e.g. "/rules/3/when"); errors point below it.
  /// @throws untranslatable
  std::string truth(const nlohmann::json& when, const std::string& pointer) { return truth_of(node(when, pointer)); }

 private:
  /// What a node is, written.
  struct written {
    enum class kind : std::uint8_t {
      constant,  ///< a value that reads nothing: `value`
      truth,     ///< a FHIRPath boolean: true, false or empty
      fact,      ///< a fact's value (`fact`): empty when not answered
      list,      ///< an open list (`list`)
      count,     ///< an open list's count (`list`)
    };
    kind k = kind::constant;
    nlohmann::json value;
    std::string text;
    const fhirpath_keys::list* list = nullptr;
    const fhirpath_keys::fact* fact = nullptr;
  };

  [[noreturn]] static void fail(const std::string& pointer, std::string_view op, std::string reason) {
    throw untranslatable{pointer, std::string(op), std::move(reason)};
  }

  /// Whether `j` reads the data: it holds an operator that reads (`var`, `missing`...) or
  /// writes (`log`).
  static bool reads(const nlohmann::json& j) {
    if (j.is_array()) {
      for (const auto& item : j) {
        if (reads(item)) return true;
      }
      return false;
    }
    if (!j.is_object()) return false;
    for (const auto& [key, value] : j.items()) {
      if (key == "var" || key == "missing" || key == "missing_some" || key == "log" || reads(value)) return true;
    }
    return false;
  }

  /// A constant: what json-logic-js gives for it, without data.
  static nlohmann::json evaluate(const nlohmann::json& j) { return logic::apply(logic::compile(j), nullptr); }

  written node(const nlohmann::json& j, const std::string& pointer) {
    if (!reads(j)) {
      try {
        return {written::kind::constant, evaluate(j), {}, nullptr, nullptr};
      } catch (const logic_error& e) {
        fail(pointer, "", std::string(e.description()));
      }
    }
    if (j.is_array()) fail(pointer, "", "an array that reads the record is not written in FHIRPath");
    // The iterator itself, not a reference into a temporary one: key() and value() read it.
    const auto first = j.begin();
    const std::string& name = first.key();
    const nlohmann::json& args = first.value();
    code c{};
    if (j.size() != 1 || !find_operator(name, c)) fail(pointer, name, "not an operator");
    std::string at = pointer;
    carecompare::detail::pointer_push(at, name);
    const operator_row& row = row_of(c);
    operands ops;
    ops.at = at;
    if (args.is_array()) {
      for (std::size_t k = 0; k < args.size(); ++k) {
        ops.json.push_back(&args[k]);
        ops.pointers.push_back(at);
        carecompare::detail::pointer_push(ops.pointers.back(), k);
      }
    } else {
      ops.json.push_back(&args);  // {"!": x} is {"!": [x]}
      ops.pointers.push_back(at);
    }
    return (this->*families[static_cast<std::size_t>(row.typing)])(row, ops);
  }

  /// A node's operands and their JSON Pointers.
  struct operands {
    std::string at;  ///< the operator's pointer
    std::vector<const nlohmann::json*> json;
    std::vector<std::string> pointers;
    [[nodiscard]] std::size_t size() const noexcept { return json.size(); }
  };

  // -- truth and literals -------------------------------------------------------------------

  /// A JSON scalar as a FHIRPath literal, or throws.
  static std::string literal(const nlohmann::json& v, const std::string& pointer) {
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_string()) return fhirpath_string(v.get_ref<const std::string&>());
    if (v.is_number()) {
      const double d = v.get<double>();
      std::string text = v.dump();
      if (!std::isfinite(d) || text.find_first_of("eE") != std::string::npos) {
        fail(pointer, "", "the number " + text + " has no FHIRPath literal");
      }
      return d < 0 ? "(" + text + ")" : text;
    }
    fail(pointer, "", "the value " + v.dump() + " has no FHIRPath literal here");
  }

  /// The truth of a written node (JsonLogic truthiness, three-valued).
  std::string truth_of(const written& w) {
    switch (w.k) {
      case written::kind::constant: return logic::truthy(w.value) ? "true" : "false";
      case written::kind::truth: return w.text;
      case written::kind::fact:
        switch (w.fact->type) {
          case fhirpath_keys::type::boolean: return "(" + w.text + ")";
          case fhirpath_keys::type::number: return "((" + w.text + ") != 0)";
          case fhirpath_keys::type::string: return "((" + w.text + ") != '')";
          case fhirpath_keys::type::string_list: return "(" + maybe("(" + w.text + ").exists()") + ")";
        }
        break;
      case written::kind::list: return maybe(any_named(*w.list, [](std::string_view) { return true; }));
      case written::kind::count:
        // The count is at least the entries named: truthy when one is, else maybe.
        return w.list->ids.empty() ? "false" : maybe(any_named(*w.list, [](std::string_view) { return true; }));
    }
    return "{}";
  }

  /// `cond or {}`: true when `cond` is true, else empty (maybe).
  static std::string maybe(const std::string& cond) { return cond == "false" ? "{}" : "(" + cond + " or {})"; }
  /// `cond.not() and {}`: false when `cond` is true, else empty.
  static std::string maybe_not(const std::string& cond) {
    return cond == "false" ? "{}" : "((" + cond + ").not() and {})";
  }

  /// Whether the record names an entry of `l` that `pick(id)` picks: `A or B or ...`, "false"
  /// when none can be.
  template <class Pick>
  static std::string any_named(const fhirpath_keys::list& l, Pick pick) {
    std::string out;
    for (std::size_t e = 0; e < l.ids.size(); ++e) {
      if (!pick(l.ids[e]) || l.named[e] == "false") continue;
      out += (out.empty() ? "" : " or ") + l.named[e];
    }
    return out.empty() ? "false" : "(" + out + ")";
  }

  static written truth_node(std::string text) {
    return {written::kind::truth, nullptr, std::move(text), nullptr, nullptr};
  }

  // -- one function per operator family, indexed by `typing` ---------------------------------

  using family = written (fhirpath_writer::*)(const operator_row&, const operands&);

  written family_var(const operator_row& row, const operands& args) {
    const std::string& at = args.at;
    const nlohmann::json& path = *args.json.at(0);
    if (!path.is_string() || args.size() > 1) {
      fail(at, row.name, "only a var of one key, without a default, is written in FHIRPath");
    }
    const std::string& key = path.get_ref<const std::string&>();
    for (const auto& l : keys_.lists) {
      if (key == l.key) return {written::kind::list, nullptr, {}, &l, nullptr};
      if (!l.count_key.empty() && key == l.count_key) return {written::kind::count, nullptr, {}, &l, nullptr};
    }
    for (const auto& f : keys_.facts) {
      if (key == f.id) return {written::kind::fact, nullptr, f.value, nullptr, &f};
    }
    fail(at, row.name, "\"" + key + "\" is not a key the record gives (a path into a value is not written)");
  }

  written family_unwritten(const operator_row& row, const operands& args) {
    fail(args.at, row.name, "this operator has no FHIRPath form in the export");
  }

  written family_negation(const operator_row& row, const operands& args) {
    const std::string t = truth_of(node(*args.json.at(0), args.pointers.at(0)));
    return truth_node(row.op == logic::op::not_not ? t : "(" + t + ").not()");
  }

  written family_connective(const operator_row& row, const operands& args) {
    const std::string& at = args.at;
    std::string out;
    for (std::size_t k = 0; k < args.size(); ++k) {
      out += (k == 0 ? "" : (row.op == logic::op::or_ ? " or " : " and ")) +
             truth_of(node(*args.json[k], args.pointers[k]));
    }
    if (out.empty()) fail(at, row.name, "without operands");
    return truth_node("(" + out + ")");
  }

  /// The FHIRPath operator of a comparison, or "" when it has none for these types.
  static std::string_view comparison_operator(logic::op o) {
    switch (o) {
      case logic::op::equal:
      case logic::op::strict_equal: return "=";
      case logic::op::not_equal:
      case logic::op::strict_not_equal: return "!=";
      case logic::op::less: return "<";
      case logic::op::less_equal: return "<=";
      case logic::op::greater: return ">";
      case logic::op::greater_equal: return ">=";
      default: return "";
    }
  }

  /// Whether a constant has the type of a fact's value.
  static bool same_type(const nlohmann::json& v, fhirpath_keys::type t) {
    switch (t) {
      case fhirpath_keys::type::boolean: return v.is_boolean();
      case fhirpath_keys::type::number: return v.is_number();
      case fhirpath_keys::type::string: return v.is_string();
      case fhirpath_keys::type::string_list: return false;
    }
    return false;
  }

  /// One comparison of two written operands (no count).
  std::string compare_two(const operator_row& row, const written& a, const written& b, const std::string& at) {
    const std::string_view op = comparison_operator(row.op);
    const auto side = [&](const written& w, const written& other) -> std::string {
      if (w.k == written::kind::fact) {
        if (w.fact->type == fhirpath_keys::type::string_list) fail(at, row.name, "compares a list");
        if (w.fact->type == fhirpath_keys::type::boolean && op != "=" && op != "!=")
          fail(at, row.name, "orders yes and no");
        if (other.k == written::kind::fact && other.fact->type != w.fact->type)
          fail(at, row.name, "compares facts of two types");
        if (other.k == written::kind::constant && !same_type(other.value, w.fact->type)) {
          fail(at, row.name, "compares a fact with a value of another type");
        }
        return "(" + w.text + ")";
      }
      if (w.k == written::kind::constant) return literal(w.value, at);
      fail(at, row.name, "compares what FHIRPath cannot (a list, or a truth)");
    };
    return "(" + side(a, b) + " " + std::string(op) + " " + side(b, a) + ")";
  }

  written family_comparison(const operator_row& row, const operands& args) {
    const std::string& at = args.at;
    const bool between = (row.op == logic::op::less || row.op == logic::op::less_equal) && args.size() == 3;
    if (args.size() != 2 && !between) fail(at, row.name, "only two operands (or three, for between) are written");
    std::vector<written> w;
    for (std::size_t k = 0; k < args.size(); ++k) w.push_back(node(*args.json[k], args.pointers[k]));
    const fhirpath_keys::list* counted = nullptr;
    for (const written& x : w) {
      if (x.k != written::kind::count) continue;
      if (counted != nullptr) fail(at, row.name, "compares two counts");
      counted = x.list;
    }
    if (counted != nullptr) return count_comparison(row, w, *counted, at);
    if (!between) return truth_node(compare_two(row, w[0], w[1], at));
    return truth_node("(" + compare_two(row, w[0], w[1], at) + " and " + compare_two(row, w[1], w[2], at) + ")");
  }

  /// A comparison of a list's count with constants: for each count the record can give (the
  /// entries it names, n), the answer holds when every count from n to the vocabulary's size
  /// gives it (the list is open: the person may have more).
  written count_comparison(const operator_row& row, const std::vector<written>& w, const fhirpath_keys::list& l,
                           const std::string& at) {
    for (const written& x : w) {
      if (x.k != written::kind::count && x.k != written::kind::constant)
        fail(at, row.name, "compares a count with what is not a value");
    }
    const std::size_t most = l.ids.size();
    std::size_t coded = 0;
    std::string count;
    for (std::size_t e = 0; e < l.ids.size(); ++e) {
      if (l.named[e] == "false") continue;
      ++coded;
      count += (count.empty() ? "" : " + ") + std::string("iif(") + l.named[e] + ", 1, 0)";
    }
    if (count.empty()) count = "0";
    const auto answer = [&](std::size_t n) {
      nlohmann::json given = nlohmann::json::array();
      for (const written& x : w) given.push_back(x.k == written::kind::count ? nlohmann::json(n) : x.value);
      return logic::truthy(evaluate({{std::string(row.name), given}}));
    };
    std::string yes, no;
    for (std::size_t lo = 0; lo <= coded; ++lo) {
      bool all_true = true, all_false = true;
      for (std::size_t n = lo; n <= std::max(lo, most); ++n) {
        const bool t = answer(n);
        all_true = all_true && t;
        all_false = all_false && !t;
      }
      std::string& set = all_true ? yes : no;
      if (!all_true && !all_false) continue;
      set += (set.empty() ? "" : " or ") + std::string("$this = ") + std::to_string(lo);
    }
    const std::string c = "(" + count + ")";
    std::string out = "{}";
    if (!no.empty()) out = "iif(" + c + ".where(" + no + ").exists(), false, " + out + ")";
    if (!yes.empty()) out = "iif(" + c + ".where(" + yes + ").exists(), true, " + out + ")";
    return truth_node(out);
  }

  /// The values the predicate `p` (scoped to one element) is true for, among `elements`.
  static std::vector<std::string_view> satisfying(const nlohmann::json& p,
                                                  const std::vector<std::string_view>& elements) {
    const logic::rule compiled = logic::compile(p);
    std::vector<std::string_view> out;
    for (const std::string_view e : elements) {
      if (logic::truthy(logic::apply(compiled, nlohmann::json(std::string(e))))) out.push_back(e);
    }
    return out;
  }

  written family_list(const operator_row& row, const operands& args) {
    const std::string& at = args.at;
    if (row.op != logic::op::some && row.op != logic::op::none && row.op != logic::op::all) {
      fail(at, row.name, "only some, none and all of a list are written in FHIRPath");
    }
    if (args.size() != 2) fail(at, row.name, "a list and a test are needed");
    const written list = node(*args.json[0], args.pointers[0]);
    std::vector<std::string_view> elements;
    if (list.k == written::kind::list) {
      elements = list.list->ids;
    } else if (list.k == written::kind::fact && list.fact->type == fhirpath_keys::type::string_list &&
               list.fact->values) {
      for (const std::string& v : *list.fact->values) elements.emplace_back(v);
    } else {
      fail(at, row.name, "goes through what is not a list of the record (or a string-list fact with values)");
    }
    const std::vector<std::string_view> yes = satisfying(*args.json[1], elements);
    const auto picked = [&](bool want) {
      return [&yes, want](std::string_view id) { return (std::find(yes.begin(), yes.end(), id) != yes.end()) == want; };
    };
    if (list.k == written::kind::list) {
      // Open: an element named decides some (true) and none (false); one that fails decides all.
      switch (row.op) {
        case logic::op::some: return truth_node(maybe(any_named(*list.list, picked(true))));
        case logic::op::none: return truth_node(maybe_not(any_named(*list.list, picked(true))));
        default: return truth_node(maybe_not(any_named(*list.list, picked(false))));
      }
    }
    // A string-list fact: known whole when answered (never empty then), else empty.
    std::string in = "(";
    for (std::size_t k = 0; k < yes.size(); ++k) in += (k == 0 ? "" : " | ") + fhirpath_string(yes[k]);
    in += ")";
    const std::string v = "(" + list.text + ")";
    const std::string any = yes.empty() ? "false" : v + ".where($this in " + in + ").exists()";
    const std::string every = yes.empty() ? "false" : v + ".all($this in " + in + ")";
    std::string known;
    switch (row.op) {
      case logic::op::some: known = any; break;
      case logic::op::none: known = "(" + any + ").not()"; break;
      default: known = every; break;  // json-logic-js: all of [] is false; an answered list is not empty
    }
    return truth_node("iif(" + v + ".exists(), " + known + ", {})");
  }

  written family_in(const operator_row& row, const operands& args) {
    const std::string& at = args.at;
    if (args.size() != 2) fail(at, row.name, "only two operands are written");
    const written needle = node(*args.json[0], args.pointers[0]);
    const written haystack = node(*args.json[1], args.pointers[1]);
    if (haystack.k == written::kind::list) {
      if (needle.k != written::kind::constant) fail(at, row.name, "looks for what is not a value in a list");
      // Named: true; otherwise the person may have it: empty.
      return truth_node(maybe(any_named(*haystack.list, [&](std::string_view id) {
        return needle.value.is_string() && needle.value.get_ref<const std::string&>() == id;
      })));
    }
    if (haystack.k == written::kind::fact && needle.k == written::kind::constant) {
      const std::string v = "(" + haystack.text + ")";
      if (haystack.fact->type == fhirpath_keys::type::string && needle.value.is_string()) {
        return truth_node(v + ".contains(" + literal(needle.value, at) + ")");
      }
      if (haystack.fact->type == fhirpath_keys::type::string_list && needle.value.is_string()) {
        return truth_node("iif(" + v + ".exists(), " + v + ".where($this = " + literal(needle.value, at) +
                          ").exists(), {})");
      }
      fail(at, row.name, "looks for a value of another type in a fact");
    }
    if (needle.k == written::kind::fact && haystack.k == written::kind::constant && haystack.value.is_array()) {
      if (needle.fact->type == fhirpath_keys::type::string_list) fail(at, row.name, "looks for a list");
      std::string in;
      for (const auto& item : haystack.value) {
        if (!same_type(item, needle.fact->type)) continue;  // never === to the fact's value
        in += (in.empty() ? "" : " or ") + std::string("$this = ") + literal(item, at);
      }
      const std::string v = "(" + needle.text + ")";
      return truth_node("iif(" + v + ".exists(), " + (in.empty() ? "false" : v + ".where(" + in + ").exists()") +
                        ", {})");
    }
    fail(at, row.name, "this form of in has no FHIRPath form in the export");
  }

  // In the order of `typing` (operators.hpp checks that order once).
  static constexpr family families[typing_count] = {
      &fhirpath_writer::family_var,        &fhirpath_writer::family_unwritten, &fhirpath_writer::family_unwritten,
      &fhirpath_writer::family_comparison, &fhirpath_writer::family_negation,  &fhirpath_writer::family_connective,
      &fhirpath_writer::family_unwritten,  &fhirpath_writer::family_list,      &fhirpath_writer::family_unwritten,
      &fhirpath_writer::family_in,         &fhirpath_writer::family_unwritten, &fhirpath_writer::family_unwritten,
  };

  const fhirpath_keys& keys_;
};

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_FHIRPATH_HPP
