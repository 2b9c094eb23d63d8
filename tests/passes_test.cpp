// SPDX-License-Identifier: MIT
// The rewrites compile() makes (logic::pass, src/logic/passes.hpp), each alone and all together,
// against the reference evaluator on the rule as written (compiled with pass::none): random rules
// on several data, the logic fuzzer's corpus, and the three-valued answers of test_unknown().
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <carecompare/carecompare.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "logic/access.hpp"
#include "logic/evaluator.hpp"
#include "logic/slots.hpp"

namespace {

using json = nlohmann::json;
namespace logic = carecompare::logic;
namespace ld = carecompare::logic::detail;

/// Each pass alone, then all of them.
constexpr std::array<logic::pass, 5> pass_sets = {logic::pass::constant_fold, logic::pass::text_set,
                                                  logic::pass::var_slots, logic::pass::bind, logic::pass::all};

/// How many nodes of `r` have a function of their own (pass::bind).
std::size_t bound_nodes(const logic::rule& r) {
  const std::vector<ld::node>& nodes = ld::access::of(r).nodes;
  return static_cast<std::size_t>(std::count_if(
      nodes.begin(), nodes.end(), [](const ld::node& n) { return n.test != nullptr || n.number != nullptr; }));
}

/// Whether a pass changed anything in `r`: its nodes, (var_slots) its slots, or (bind) the
/// functions of its nodes.
bool rewritten(const logic::rule& r) {
  const ld::program& p = ld::access::of(r);
  return !p.written.empty() || !p.slots.empty() || bound_nodes(r) != 0;
}

logic::rule compile_with(const json& rule, logic::pass passes) {
  logic::compile_options options;
  options.passes = passes;
  return logic::compile(rule, options);
}

template <class F>
std::string outcome(F&& call) {
  try {
    return call();
  } catch (const carecompare::logic_error& e) {
    return "error " + std::to_string(e.id()) + " at " + e.path();
  }
}

std::string truth(bool b) { return b ? "true" : "false"; }

/// What differs between the reference on `written` (the rule as written) and every path of
/// `optimised` (the reference too) on `data`; "" when nothing does.
std::string disagreement(const logic::rule& written, const logic::rule& optimised, const json& data) {
  const logic::prepared_data prepared(data);
  const ld::value as_json = ld::from_json(data, 0);
  const ld::value as_prepared = ld::value::prepared(ld::access::root(prepared));
  const ld::program& w = ld::access::of(written);
  const ld::program& o = ld::access::of(optimised);
  const std::string want = outcome([&] { return ld::apply_reference(w, as_json).dump(); });
  const std::string want_test = outcome([&] { return truth(ld::test_reference(w, as_json)); });
  std::string out;
  const auto check = [&](const char* path, const std::string& got, const std::string& expected) {
    if (got != expected) out += std::string(path) + ": " + got + " (reference " + expected + ")\n";
  };
  check("reference", outcome([&] { return ld::apply_reference(o, as_json).dump(); }), want);
  check("reference on prepared", outcome([&] { return ld::apply_reference(o, as_prepared).dump(); }), want);
  check("apply", outcome([&] { return logic::apply(optimised, data).dump(); }), want);
  check("apply on prepared", outcome([&] { return logic::apply(optimised, prepared).dump(); }), want);
  check("apply_into", outcome([&] {
          json result = json::array({"a result of another type"});
          logic::apply_into(optimised, prepared, result);
          return result.dump();
        }),
        want);
  check("test", outcome([&] { return truth(logic::test(optimised, data)); }), want_test);
  check("test on prepared", outcome([&] { return truth(logic::test(optimised, prepared)); }), want_test);
  check("reference test", outcome([&] { return truth(ld::test_reference(o, as_json)); }), want_test);
  return out;
}

/// Random rules over the keys of the data below, with constant parts (for constant_fold) and
/// long lists of texts (for text_set) often.
class rule_maker {
 public:
  explicit rule_maker(unsigned seed) : random_(seed) {}

  json make(int depth) {
    if (depth <= 0 || pick(4) == 0) return leaf();
    switch (pick(14)) {
      case 0: return op(pick_of({"+", "-", "*", "/", "%", "min", "max"}), depth, 1 + pick(3));
      case 1:
      case 2: return op(pick_of({"<", "<=", ">", ">=", "==", "!=", "===", "!=="}), depth, 2);
      case 3: return op("<=", depth, 3);
      case 4: return op(pick_of({"!", "!!"}), depth, 1);
      case 5:
      case 6: return op(pick_of({"and", "or"}), depth, 1 + pick(3));
      case 7: return op(pick_of({"if", "?:"}), depth, 1 + pick(4));
      case 8: return named("in", json::array({make(depth - 1), make(depth - 1)}));
      case 9: return named("in", json::array({var(), texts(pick(2) == 0 ? 3 : 9 + pick(6))}));
      case 10: return op(pick_of({"cat", "substr"}), depth, 1 + pick(3));
      case 11: return named(pick_of({"some", "all", "none"}), json::array({var(), make(depth - 1)}));
      case 12: return named("missing", json::array({pick_of({"a", "s", "n", "nope"})}));
      default: return named("var", json::array({var_key(), leaf()}));
    }
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }
  template <std::size_t N>
  const char* pick_of(const char* const (&names)[N]) {
    return names[pick(static_cast<int>(N))];
  }
  json op(const char* name, int depth, int argc) {
    json args = json::array();
    for (int k = 0; k < argc; ++k) args.push_back(make(depth - 1));
    return named(name, std::move(args));
  }
  /// {"name": args} (built member by member: nlohmann reads {"a", x} as a key and value).
  static json named(const char* name, json args) {
    json o = json::object();
    o[name] = std::move(args);
    return o;
  }
  std::string var_key() { return pick_of({"a", "b", "s", "t", "n", "list", "nums", "x.y", "x.y.z", "x", "nope", ""}); }
  json var() { return named("var", var_key()); }
  json texts(int count) {
    json list = json::array();
    for (int k = 0; k < count; ++k)
      list.push_back(pick_of({"bone", "brain", "liver", "lung", "", "1", "a", "x"}) +
                     (pick(3) == 0 ? std::to_string(k) : std::string()));
    return list;
  }
  json leaf() {
    switch (pick(9)) {
      case 0: return pick(2) == 0 ? json(-0.0) : json(1.5);
      case 1: return pick(3);
      case 2: return pick_of({"", "0", "a", "bone", "1", "x"});
      case 3: return pick(2) == 0;
      case 4: return nullptr;
      case 5: return texts(1 + pick(3));
      default: return var();
    }
  }

  std::mt19937 random_;
};

const std::vector<json>& data_sets() {
  static const std::vector<json> sets = {
      json::parse(R"({"a":1,"b":"2","s":"bone","t":"","n":-0.0,"list":["bone","liver"],"nums":[1,2.5],"x":{"y":3}})"),
      json::parse(R"({"a":"a","b":0,"s":"lung","t":"x","n":1e300,"list":[],"nums":[],"x":{"y":"bone"}})"),
      json::parse(R"({"s":"brain0","list":["a","",1],"nums":[-1,0],"x":null})"),
      // Objects that paths go into, as deep as they go, or not objects where a path expects one.
      json::parse(R"({"a":2,"s":"bone","x":{"w":1,"y":{"z":"bone","v":[1]}}})"),
      json::parse(R"({"n":0,"x":{"y":[1,"a"],"z":{"y":2}}})"),
      json::parse(R"({"t":"x","x":"text"})"),
      // Lists of objects, for the keys scoped arguments read of their elements.
      json::parse(R"({"a":3,"list":[{"a":1,"x":{"y":2},"s":"bone"},"bone"],"nums":[{"a":"a","t":""},{"b":0}]})"),
      json(nullptr),
      json::array({1, "a"}),
      // More values than var_slots copies (slot_copy_max): read as JSON.
      json{{"a", 2}, {"s", "liver"}, {"nums", json(std::vector<int>(300, 1))}, {"list", {"liver"}}},
  };
  return sets;
}

TEST(LogicPasses, EachPassAndAllGiveTheReferenceAnswerOnRandomRules) {
  rule_maker maker(20261206);
  std::array<int, pass_sets.size()> changed{};
  int rules = 0;
  for (int r = 0; r < 1500; ++r) {
    const json rule = maker.make(1 + r % 4);
    logic::rule written;
    try {
      written = compile_with(rule, logic::pass::none);
    } catch (const carecompare::logic_error& e) {
      for (const logic::pass passes : pass_sets) {  // a pass never changes what compiling refuses
        EXPECT_EQ(outcome([&] { return compile_with(rule, passes).source().dump(); }),
                  "error " + std::to_string(e.id()) + " at " + e.path())
            << rule.dump();
      }
      continue;
    }
    ++rules;
    EXPECT_TRUE(ld::access::of(written).written.empty()) << rule.dump();
    for (std::size_t p = 0; p < pass_sets.size(); ++p) {
      const logic::rule optimised = compile_with(rule, pass_sets[p]);
      if (rewritten(optimised)) ++changed[p];
      for (const json& data : data_sets()) {
        const std::string d = disagreement(written, optimised, data);
        EXPECT_EQ(d, "") << rule.dump() << " on " << data.dump() << " with passes "
                         << static_cast<unsigned>(pass_sets[p]);
      }
    }
  }
  std::cout << "[ passes ] " << rules << " rules; rewritten by constant_fold " << changed[0] << ", text_set "
            << changed[1] << ", var_slots " << changed[2] << ", bind " << changed[3] << ", all " << changed[4] << "\n";
  // The check means something only if the passes rewrote many of the rules.
  EXPECT_GT(rules, 1000);
  EXPECT_GT(changed[0], 200) << "constant_fold";
  EXPECT_GT(changed[1], 50) << "text_set";
  EXPECT_GT(changed[2], 300) << "var_slots";
  EXPECT_GT(changed[3], 500) << "bind";
  EXPECT_GE(changed[4], std::max({changed[0], changed[1], changed[2], changed[3]})) << "all";
}

TEST(LogicPasses, EachPassAndAllGiveTheReferenceAnswerOnTheFuzzCorpus) {
  logic::set_log_sink([](std::string_view) {});  // the corpus logs
  const std::filesystem::path dir = std::filesystem::path(CARECOMPARE_SOURCE_DIR) / "fuzz" / "corpus" / "logic";
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const json input = json::parse(text, nullptr, false);
    if (input.is_discarded()) continue;
    const bool pair = input.is_array() && !input.empty() && input.size() <= 2;
    const json& rule = pair ? input[0] : input;
    const json data = pair && input.size() == 2 ? input[1] : json();
    logic::rule written;
    try {
      written = compile_with(rule, logic::pass::none);
    } catch (const carecompare::logic_error&) {
      continue;
    }
    ++cases;
    for (const logic::pass passes : pass_sets) {
      EXPECT_EQ(disagreement(written, compile_with(rule, passes), data), "") << entry.path();
    }
  }
  EXPECT_GT(cases, 10);
}

TEST(LogicPasses, ThreeValuedAnswersStayTheSame) {
  rule_maker maker(7);
  const std::string_view unknown_keys[] = {"a", "list"};
  int counted = 0;
  for (int r = 0; r < 600; ++r) {
    const json rule = maker.make(1 + r % 4);
    logic::rule written;
    try {
      written = compile_with(rule, logic::pass::none);
    } catch (const carecompare::logic_error&) {
      continue;
    }
    const logic::rule optimised = compile_with(rule, logic::pass::all);
    for (const json& data : data_sets()) {
      const auto answer = [&](const logic::rule& x) {
        return outcome([&] { return std::to_string(static_cast<int>(logic::test_unknown(x, data, unknown_keys))); });
      };
      EXPECT_EQ(answer(optimised), answer(written)) << rule.dump() << " on " << data.dump();
      ++counted;
    }
  }
  EXPECT_GT(counted, 1000);
}

TEST(LogicPasses, ConstantFoldMakesALiteralAndKeepsTheRuleAsWritten) {
  const json source = json::parse(R"({"<":[{"var":"a"},{"+":[1,{"*":[2,3]}]}]})");
  const logic::rule folded = logic::compile(source);
  const ld::program& p = ld::access::of(folded);
  EXPECT_EQ(p.nodes[p.nodes[0].first + 1].c, ld::code::lit_number);
  EXPECT_EQ(p.nodes[p.nodes[0].first + 1].u.num, 7);
  EXPECT_EQ(p.nodes[0].form, ld::shape::var_number);  // the shape the literal allows
  // node_view shows the rule as written.
  EXPECT_EQ(folded.root()[1].op(), logic::op::add);
  EXPECT_EQ(folded.root()[1][1].op(), logic::op::multiply);
  EXPECT_EQ(folded.root()[1][1].pointer(), "/</1/+/1");
  EXPECT_TRUE(logic::test(folded, json{{"a", 6}}));
  EXPECT_FALSE(logic::test(folded, json{{"a", 7}}));
  // Texts the fold makes live in the program.
  const logic::rule text = logic::compile(json::parse(R"({"==":[{"var":"s"},{"cat":["bo","ne"]}]})"));
  EXPECT_EQ(ld::access::of(text).nodes[0].form, ld::shape::var_text);
  EXPECT_TRUE(logic::test(text, json{{"s", "bone"}}));
}

TEST(LogicPasses, ConstantFoldLeavesWhatThrowsAndWhatReadsData) {
  // An error keeps its node's pointer: the throwing `cat` stays as written.
  const json throws = json::parse(R"({"+":[1,{"cat":[{"toString":"x","a":1}]}]})");
  try {
    (void)logic::apply(logic::compile(throws), nullptr);
    ADD_FAILURE() << "expected logic_error 504";
  } catch (const carecompare::logic_error& e) {
    EXPECT_EQ(e.id(), carecompare::error_ids::logic_runtime);
    EXPECT_EQ(e.path(), "/+/1");
  }
  for (const char* text : {R"({"log":1})", R"({"missing":["a"]})", R"({"var":"a"})", R"({"merge":[1,2]})"}) {
    EXPECT_TRUE(ld::access::of(logic::compile(json::parse(text))).written.empty()) << text;
  }
}

TEST(LogicPasses, TextSetOnlyForLongListsAndTheSwitchTurnsItOff) {
  const json long_list = json::parse(R"({"in":[{"var":"s"},["a","b","c","d","e","f","g","h","bone"]]})");
  const logic::rule with = logic::compile(long_list);
  EXPECT_TRUE(ld::access::of(with).nodes[0].flag);
  EXPECT_EQ(ld::access::of(with).text_sets.size(), 1U);
  const std::pair<const char*, bool> answers[] = {{"bone", true}, {"a", true}, {"h", true},
                                                  {"bon", false}, {"", false}, {"i", false}};
  for (const auto& [s, in] : answers) {
    EXPECT_EQ(logic::test(with, logic::prepared_data(json::object({{"s", s}}))), in) << s;
  }
  EXPECT_FALSE(logic::test(with, logic::prepared_data(json::object({{"s", 1}}))));
  const logic::rule without = compile_with(long_list, logic::pass::none);
  EXPECT_FALSE(ld::access::of(without).nodes[0].flag);
  EXPECT_TRUE(ld::access::of(without).text_sets.empty());
  EXPECT_TRUE(ld::access::of(compile_with(long_list, logic::pass::constant_fold)).text_sets.empty());
  const logic::rule short_list = logic::compile(json::parse(R"({"in":[{"var":"s"},["a","b"]]})"));
  EXPECT_TRUE(ld::access::of(short_list).text_sets.empty());
}

TEST(LogicPasses, TheSwitchTurnsEveryPassOff) {
  const json source = json::parse(R"({"and":[{"in":[{"var":"s"},["a","b","c","d","e","f","g","h"]]},{"+":[1,2]}]})");
  EXPECT_FALSE(ld::access::of(logic::compile(source)).written.empty());
  const logic::rule off_rule = compile_with(source, logic::pass::none);
  const ld::program& off = ld::access::of(off_rule);  // the rule owns its program
  EXPECT_TRUE(off.written.empty());
  EXPECT_TRUE(off.folded_texts.empty());
  EXPECT_TRUE(off.text_sets.empty());
  EXPECT_TRUE(off.slots.empty());
  EXPECT_EQ(bound_nodes(off_rule), 0U);
  EXPECT_TRUE(logic::has_pass(logic::pass::all, logic::pass::constant_fold | logic::pass::text_set |
                                                    logic::pass::var_slots | logic::pass::bind));
  EXPECT_FALSE(logic::has_pass(logic::pass::constant_fold, logic::pass::text_set));
}

TEST(LogicPasses, VarSlotsOnlyForRulesThatReadFixedKeys) {
  // Slots: the keys a rule reads, once each, when it reads nothing else of the data's top level.
  const logic::rule fixed = logic::compile(json::parse(
      R"({"and":[{">":[{"var":"a"},1]},{"in":[{"var":"s"},{"var":"list"}]},{"some":[{"var":"x"},{"==":[{"var":""},2]}]}]})"));
  const auto keys = [](const logic::rule& r) {
    std::vector<std::string> out;
    for (const ld::key_slot& slot : ld::access::of(r).slots) out.push_back(slot.key);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(keys(fixed), (std::vector<std::string>{"a", "list", "s", "x"}));
  EXPECT_EQ(keys(logic::compile(
                json::parse(R"({"reduce":[{"var":"n"},{"+":[{"var":"current"},{"var":"accumulator"}]},0]})"))),
            (std::vector<std::string>{"n"}));
  // `missing` and `missing_some` of literal keys name keys too.
  EXPECT_EQ(keys(logic::compile(json::parse(R"({"and":[{"var":"a"},{"missing":["b","a"]}]})"))),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(keys(logic::compile(json::parse(R"({"missing_some":[1,["c","b"]]})"))),
            (std::vector<std::string>{"b", "c"}));
  // A computed path, the whole data or keys computed for `missing` may name any key; an object
  // read as a whole and by a path into it, or a list whose elements are read by key and as a
  // whole (or by a computed key), or read by key and as a value, would be laid out in part; a
  // path into the elements of a computed list reads objects slots do not lay out; a rule that
  // reads no key has nothing to lay out.
  for (const char* text :
       {R"({"var":{"cat":["a","b"]}})", R"({"var":""})", R"({"missing":[{"var":"k"}]})", R"({"missing":["a.b"]})",
        R"({"and":[{"var":"x"},{"var":"x.y"}]})", R"({"and":[{"missing":["x"]},{"var":"x.y"}]})",
        R"({"all":[{"merge":[{"var":"labs"}]},{"var":"v"}]})",
        R"({"all":[{"var":"labs"},{"and":[{"var":"v"},{"var":{"cat":["w"]}}]}]})",
        R"({"and":[{"all":[{"var":"labs"},{"var":"v"}]},{"some":[{"var":"labs"},{"==":[{"var":""},1]}]}]})",
        R"({"and":[{"all":[{"var":"labs"},{"var":"v"}]},{"in":[1,{"var":"labs"}]}]})", R"({"+":[1,2]})"}) {
    EXPECT_TRUE(ld::access::of(logic::compile(json::parse(text))).slots.empty()) << text;
  }
  // Inside a scoped argument, `var` and `missing` read keys of the elements.
  EXPECT_EQ(keys(logic::compile(json::parse(R"({"some":[{"var":"list"},{"missing":["z"]}]})"))),
            (std::vector<std::string>{"list", "z"}));
  EXPECT_EQ(keys(logic::compile(json::parse(R"({"all":[{"var":"labs"},{"var":"v"}]})"))),
            (std::vector<std::string>{"labs", "v"}));
  // The switch turns it off.
  logic::compile_options without;
  without.passes = logic::pass::constant_fold | logic::pass::text_set;
  EXPECT_TRUE(ld::access::of(logic::compile(json::parse(R"({"var":"a"})"), without)).slots.empty());
}

TEST(LogicPasses, VarSlotsReadTheSameValuesAsTheJson) {
  const logic::rule r =
      logic::compile(json::parse(R"({"if":[{">=":[{"var":"age"},18]},{"var":"labs"},{"var":"name"}]})"));
  ASSERT_FALSE(ld::access::of(r).slots.empty());
  EXPECT_EQ(logic::apply(r, json::parse(R"({"age":40,"labs":[12.5,null,true,"x"],"name":"n"})")),
            json::parse(R"([12.5,null,true,"x"])"));
  EXPECT_EQ(logic::apply(r, json{{"age", 3}, {"name", "child"}}), "child");
  EXPECT_EQ(logic::apply(r, json{{"age", 30}}), nullptr);  // labs absent
  EXPECT_EQ(logic::apply(r, json::array({40})), nullptr);  // not an object: read as it is
  // What slots do not lay out (an object, a list of lists, a long list) is read from the JSON as
  // it is, to the same answer.
  for (const json& labs :
       {json::parse(R"({"hb":[12.5,null]})"), json::parse("[[1],[2]]"), json(std::vector<int>(1000, 7))}) {
    EXPECT_EQ(logic::apply(r, json{{"age", 20}, {"labs", labs}}), labs);
    EXPECT_TRUE(logic::test(r, json{{"age", 20}, {"labs", labs}}));
  }
  // Numbers of every JSON type read as the same double.
  const logic::rule sum = logic::compile(json::parse(R"({"+":[{"var":"i"},{"var":"u"},{"var":"d"}]})"));
  EXPECT_EQ(logic::apply(sum, json{{"i", -2}, {"u", 5U}, {"d", 0.5}}), 3.5);
}

TEST(LogicPasses, VarSlotsFindTheirKeysInSmallAndLargeObjects) {
  // A small object is walked member by member, a large one looked up key by key
  // (slot_object::walks()): both find each key the rule reads, and only that key, among keys of
  // the same size and keys that share their first bytes.
  const logic::rule r =
      logic::compile(json::parse(R"({"cat":[{"var":"site"},"/",{"var":"pain_score"},"/",{"var":"s"}]})"));
  ASSERT_EQ(ld::access::of(r).slots.size(), 3U);
  const json small = json::parse(R"({"sitf":"x","pain_scorf":0,"site":"bone","pain_score":6,"t":"y","s":"z"})");
  ASSERT_TRUE(ld::slot_object::walks(small.size(), 3));
  json large = small;
  for (int i = 0; i < 40; ++i) large["k" + std::to_string(i)] = i;
  ASSERT_FALSE(ld::slot_object::walks(large.size(), 3));
  for (const json& base : {small, large}) {
    EXPECT_EQ(logic::apply(r, base), "bone/6/z");
    for (const char* key : {"site", "pain_score", "s"}) {
      json without = base;
      without.erase(key);
      EXPECT_EQ(logic::apply(r, without), logic::apply(r, logic::prepared_data(without))) << key;
      EXPECT_EQ(logic::apply(r, without), logic::apply(compile_with(r.source(), logic::pass::none), without)) << key;
    }
  }
  EXPECT_EQ(logic::apply(r, json::parse(R"({"s":"only"})")), "//only");
  EXPECT_EQ(logic::apply(r, json::object()), "//");
}

TEST(LogicPasses, VarSlotsFollowConstantPathsIntoObjects) {
  // Each key a path goes through is a slot; the keys below it are its children. Those objects
  // are laid out with just the members the paths name.
  const logic::rule r = logic::compile(
      json::parse(R"({"and":[{"==":[{"var":"patient.tumor.her2"},"positive"]},{">=":[{"var":"patient.age"},18]},)"
                  R"({"in":[{"var":"site"},["bone","liver"]]}]})"));
  const ld::program& p = ld::access::of(r);
  std::vector<std::string> keys;
  for (const ld::key_slot& slot : p.slots) keys.push_back(slot.key);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"age", "her2", "patient", "site", "tumor"}));
  EXPECT_EQ(p.top_slots, 2U);
  const json full = json::parse(
      R"({"site":"bone","other":[{"a":1}],"patient":{"age":61,"name":{"x":1},"tumor":{"her2":"positive","er":{"y":2}}}})");
  {
    const ld::slot_object laid(p, full);  // members no path names are passed over, objects or not
    ASSERT_NE(laid.root(), nullptr);
    EXPECT_EQ(laid.root()->size, 2U);
  }
  EXPECT_TRUE(logic::test(r, full));
  const logic::rule as_written = compile_with(r.source(), logic::pass::none);
  json large = full;
  for (int i = 0; i < 40; ++i) large["patient"]["k" + std::to_string(i)] = i;  // looked up, not walked
  std::vector<json> cases = {full, large};
  for (const char* at : {"/patient/tumor/her2", "/patient/age", "/patient/tumor", "/patient", "/site"}) {
    for (const json& value : {json(nullptr), json("text"), json(17), json::array({1, 2}), json::parse(R"({"her2":1})"),
                              json::parse(R"([{"her2":"positive"}])")}) {
      json changed = full;
      changed[json::json_pointer(at)] = value;
      cases.push_back(changed);
    }
    json without = full;
    without[json::json_pointer(at).parent_pointer()].erase(json::json_pointer(at).back());
    cases.push_back(without);
  }
  for (const json& data : cases) {
    EXPECT_EQ(logic::apply(r, data), logic::apply(as_written, data)) << data.dump();
    EXPECT_EQ(logic::test(r, data), logic::test(as_written, data)) << data.dump();
    EXPECT_EQ(logic::apply(r, data), logic::apply(r, logic::prepared_data(data))) << data.dump();
  }
  // The object's value, as a whole, is the JSON's.
  const logic::rule tumor = logic::compile(json::parse(R"({"if":[{"var":"patient.age"},{"var":"patient.tumor"},0]})"));
  EXPECT_EQ(logic::apply(tumor, full), full["patient"]["tumor"]);
}

TEST(LogicPasses, VarSlotsReadTheObjectsOfAList) {
  // The keys a scoped argument reads of a list's elements are the list's children: each object
  // of the list is laid out with just those members.
  const logic::rule r = logic::compile(
      json::parse(R"({"and":[{"all":[{"var":"labs"},{"<":[{"var":"value"},{"var":"limit.high"}]}]},)"
                  R"({"some":[{"var":"labs"},{"missing":["unit"]}]},{"map":[{"var":"labs"},{"var":"value"}]}]})"));
  const ld::program& p = ld::access::of(r);
  std::vector<std::string> keys;
  for (const ld::key_slot& slot : p.slots) keys.push_back(slot.key);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"high", "labs", "limit", "unit", "value"}));
  const json labs = json::parse(
      R"([{"name":"alt","value":30,"limit":{"high":56,"low":{"x":1}}},{"name":"ast","value":28,"limit":{"high":40}}])");
  const json data = {{"labs", labs}, {"other", {{"deep", {1, 2}}}}};
  {
    const ld::slot_object laid(p, data);
    ASSERT_NE(laid.root(), nullptr);
    EXPECT_EQ(laid.root()->u.members[0].value.size, 2U);  // both objects
  }
  EXPECT_EQ(logic::apply(r, data), json(std::vector<int>{30, 28}));  // map's elements, from the laid-out objects
  const logic::rule as_written = compile_with(r.source(), logic::pass::none);
  std::vector<json> cases = {data};
  const json odd[] = {json(nullptr),
                      json(3),
                      json("x"),
                      json::array({1}),
                      json::object(),
                      json::parse(R"({"value":1,"limit":{"high":[2]},"unit":"u"})"),
                      json::parse(R"({"value":{"v":1},"limit":{"high":2}})"),
                      json::parse(R"({"value":1,"limit":7})")};
  for (const json& element : odd) {
    json changed = data;
    changed["labs"].push_back(element);  // a list of objects and other things
    cases.push_back(changed);
    changed["labs"] = element;  // not a list
    cases.push_back(changed);
  }
  json long_list = data;  // more elements or members than one call lays out: read from the JSON
  for (int i = 0; i < 40; ++i) long_list["labs"].push_back(labs[0]);
  cases.push_back(long_list);
  json many_members = data;
  for (int i = 0; i < 20; ++i)
    many_members["labs"].push_back(json::parse(R"({"value":1,"limit":{"high":2},"unit":"u"})"));
  cases.push_back(many_members);
  for (const json& c : cases) {
    EXPECT_EQ(logic::apply(r, c), logic::apply(as_written, c)) << c.dump();
    EXPECT_EQ(logic::test(r, c), logic::test(as_written, c)) << c.dump();
    EXPECT_EQ(logic::apply(r, c), logic::apply(r, logic::prepared_data(c))) << c.dump();
  }
  // An element returned as a whole is the JSON's, all of its members.
  const logic::rule first = logic::compile(json::parse(R"({"filter":[{"var":"labs"},{"<":[{"var":"value"},29]}]})"));
  EXPECT_EQ(logic::apply(first, data), json::array({labs[1]}));
}

TEST(LogicPasses, BindGivesShapedAndNumericNodesTheirOwnFunction) {
  // Comparisons, `in`, and/or/!/!!, some/all/none and binary arithmetic each get a function;
  // literals, texts and operators the fast path does not answer keep none.
  const logic::rule r = logic::compile(json::parse(
      R"({"if":[{"and":[{"in":[{"var":"s"},["bone","brain"]]},{">=":[{"var":"pain_score"},4]},{"!":{"var":"t"}}]},)"
      R"({"/":[{"var":"w"},{"*":[{"var":"h"},{"var":"h"}]}]},"none"]})"));
  const std::vector<ld::node>& nodes = ld::access::of(r).nodes;
  const auto bound = [&](ld::code c) {
    const auto n = std::find_if(nodes.begin(), nodes.end(), [&](const ld::node& x) { return x.c == c; });
    return n != nodes.end() && (n->test != nullptr || n->number != nullptr);
  };
  for (const ld::code c :
       {ld::code::and_, ld::code::in, ld::code::greater_equal, ld::code::not_, ld::code::divide, ld::code::multiply}) {
    EXPECT_TRUE(bound(c)) << static_cast<int>(c);
  }
  EXPECT_FALSE(bound(ld::code::if_));
  EXPECT_FALSE(bound(ld::code::lit_string));
  logic::compile_options without;
  without.passes = logic::pass::constant_fold | logic::pass::text_set | logic::pass::var_slots;
  EXPECT_EQ(bound_nodes(logic::compile(r.source(), without)), 0U);

  // The bound functions against the rule as written, on data where each has to give up or read
  // with care: a root that is not an object, an absent key, a text where a number is compared,
  // -0, a path of two segments, a list of objects, reduce's frame members.
  const json rules[] = {
      r.source(),
      json::parse(R"({"or":[{"<":[1,{"var":"n"},3]},{"<=":[{"var":"x.y"},0]},{"!!":{"var":"x.y"}}]})"),
      json::parse(
          R"({"and":[{"==":[{"var":"s"},"bone"]},{"!==":["lung",{"var":"s"}]},{"in":["bone",{"var":"list"}]}]})"),
      json::parse(R"({"some":[{"var":"labs"},{"<":[{"var":"value"},{"var":"limit"}]}]})"),
      json::parse(R"({"all":[{"var":"list"},{"in":[{"var":""},["bone","liver"]]}]})"),
      json::parse(R"({"none":[{"var":"nums"},{">":[{"-":[{"var":""},1]},{"%":[7,{"var":""}]}]}]})"),
      json::parse(R"({"reduce":[{"var":"nums"},{"+":[{"var":"current"},{"var":"accumulator"}]},0]})"),
      json::parse(R"({"reduce":[{"var":"nums"},{"max":[{"var":"current"},{"var":"accumulator"}]},{"var":"n"}]})"),
      json::parse(R"({"map":[{"var":"nums"},{"min":[{"*":[{"var":""},2]},{"var":"current"}]}]})"),
      json::parse(R"({"!=":[{"+":[{"var":"n"},{"var":"w"}]},{"var":"h"}]})"),
  };
  const json data[] = {
      json::parse(R"({"s":"bone","pain_score":6,"t":0,"w":70,"h":1.75,"n":2,"x":{"y":-0.0},"list":["bone","liver"],)"
                  R"("nums":[1,-0.0,3],"labs":[{"value":1,"limit":2},{"value":3,"limit":2}]})"),
      json::parse(R"({"s":"brain","pain_score":"6","t":"","w":"70","h":0,"n":-0.0,"x":{"y":"1"},"list":"bone",)"
                  R"("nums":[],"labs":[{"value":"1","limit":2}]})"),
      json::parse(R"({"s":1,"pain_score":null,"x":null,"list":[1,"bone"],"nums":["2",4],"labs":[1,2]})"),
      json::parse(R"({"pain_score":4})"),
      json::parse(R"([1,"bone"])"),
      json(7),
      json("bone"),
      json(nullptr),
  };
  std::vector<json> all_rules(std::begin(rules), std::end(rules));
  // Each comparison on both sides of its boundary and at it: a datum first, second, between two
  // literals, and against another datum.
  for (const char* op : {"<", "<=", ">", ">=", "==", "!=", "===", "!=="}) {
    for (const char* text :
         {R"({"OP":[{"var":"n"},2]})", R"({"OP":[2,{"var":"n"}]})", R"({"OP":[{"var":"n"},{"var":"w"}]})",
          R"({"OP":[{"var":"x.y"},2]})", R"({"OP":[1,{"var":"n"},3]})", R"({"OP":[2,{"var":"n"},2]})"}) {
      std::string t = text;
      t.replace(t.find("OP"), 2, op);
      all_rules.push_back(json::parse(t));
    }
  }
  std::vector<json> all_data(std::begin(data), std::end(data));
  for (const double n : {1.0, 2.0, 3.0}) {
    all_data.push_back(json{{"n", n}, {"w", 2}, {"x", {{"y", n}}}});
  }
  for (const json& rule : all_rules) {
    const logic::rule written = compile_with(rule, logic::pass::none);
    const logic::rule with_bind = compile_with(rule, logic::pass::bind);
    EXPECT_GT(bound_nodes(with_bind), 0U) << rule.dump();
    for (const json& d : all_data) {
      EXPECT_EQ(disagreement(written, with_bind, d), "") << rule.dump() << " on " << d.dump();
      EXPECT_EQ(disagreement(written, logic::compile(rule), d), "") << rule.dump() << " on " << d.dump();
    }
  }
}

TEST(LogicPasses, NamedAsTheFacesTakeThem) {
  // Every pass has a name that reads back as that pass, and together they are pass::all.
  logic::pass named = logic::pass::none;
  for (std::uint32_t bit = 1; bit <= static_cast<std::uint32_t>(logic::pass::all); bit <<= 1U) {
    const auto p = static_cast<logic::pass>(bit);
    const std::string_view name = logic::pass_name(p);
    ASSERT_FALSE(name.empty()) << bit;
    EXPECT_EQ(logic::passes_from_text(name), p) << name;
    named = named | p;
  }
  EXPECT_EQ(named, logic::pass::all);
  EXPECT_EQ(logic::pass_name(logic::pass::constant_fold), "constant_fold");
  EXPECT_EQ(logic::pass_name(logic::pass::all), "");
  EXPECT_EQ(logic::pass_name(logic::pass::none), "");
  EXPECT_EQ(logic::passes_from_text("all"), logic::pass::all);
  EXPECT_EQ(logic::passes_from_text("none"), logic::pass::none);
  EXPECT_EQ(logic::passes_from_text("text_set,var_slots,constant_fold,bind"), logic::pass::all);
  EXPECT_EQ(logic::passes_from_text("text_set,text_set"), logic::pass::text_set);
  for (const std::string_view bad : {"", "fold", "All", "constant_fold,", ",text_set", "text_set, constant_fold",
                                     "none,text_set", "constant_fold,,text_set"}) {
    EXPECT_EQ(logic::passes_from_text(bad), std::nullopt) << bad;
  }
}

}  // namespace
