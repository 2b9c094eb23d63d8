// SPDX-License-Identifier: MIT
// Tests of carecompare/logic.hpp: the JsonLogic engine.
//
// Expected values come from the reference, json-logic-js 2.0.5 under node 20: every case of the
// LogicReference tests was run through `jsonLogic.apply` and its JSON.stringify'd result pasted
// here (`undefined` written as null, NaN/Infinity as null). Where this engine differs on purpose
// (compile-time errors, lone surrogates), the test says so.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <carecompare/logic.hpp>

// The engine's internals (src/), tested directly: prepared data's storage, and the reference
// evaluator every fast path is compared with.
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>
#include "logic/access.hpp"
#include "logic/data.hpp"
#include "logic/evaluator.hpp"

#include "allocation_count.hpp"
#include "ci_support.hpp"

namespace {

namespace logic = carecompare::logic;
using carecompare_test::allocations_of;
using nlohmann::json;

json parse(std::string_view text) { return json::parse(text); }

/// What applying `r` to `data` gives, as text: the JSON dumped, or the error's id and path.
std::string outcome(const logic::rule& r, const json& data) {
  try {
    return logic::apply(r, data).dump();
  } catch (const carecompare::logic_error& e) {
    return "error " + std::to_string(e.id()) + " at " + e.path();
  }
}
std::string outcome(const logic::rule& r, const logic::prepared_data& data) {
  try {
    return logic::apply(r, data).dump();
  } catch (const carecompare::logic_error& e) {
    return "error " + std::to_string(e.id()) + " at " + e.path();
  }
}
/// outcome() of apply_into() over a result left from before.
std::string into_outcome(const logic::rule& r, const logic::prepared_data& data, json result) {
  try {
    logic::apply_into(r, data, result);
    return result.dump();
  } catch (const carecompare::logic_error& e) {
    return "error " + std::to_string(e.id()) + " at " + e.path();
  }
}
/// Results of every type for apply_into() to write over.
const std::vector<json>& stale_results() {
  static const std::vector<json> all = {
      json(),
      json(7),
      json(2.5),
      json(true),
      json("a stale string longer than the small buffer"),
      json::array({"stale element one, long enough to be on the heap", 3, json::array({1})}),
      json::array({1, 2, 3, 4, 5, 6, 7, 8}),
      json::object({{"stale", 1}})};
  return all;
}
/// apply_into() gives what apply() gives (the same errors too), whatever it writes over.
void expect_into_same(const logic::rule& r, const logic::prepared_data& data, const std::string& expected) {
  for (const json& stale : stale_results()) {
    EXPECT_EQ(into_outcome(r, data, stale), expected) << "apply_into over " << stale.dump();
  }
}

std::string test_outcome(const logic::rule& r, const json& data) {
  try {
    return logic::test(r, data) ? "true" : "false";
  } catch (const carecompare::logic_error& e) {
    return "error " + std::to_string(e.id()) + " at " + e.path();
  }
}
std::string test_outcome(const logic::rule& r, const logic::prepared_data& data) {
  try {
    return logic::test(r, data) ? "true" : "false";
  } catch (const carecompare::logic_error& e) {
    return "error " + std::to_string(e.id()) + " at " + e.path();
  }
}

/// The reference evaluator (the semantics, no fast path) on `data`: what apply() must give, and
/// what test() must answer.
template <class F>
std::string reference_outcome(F&& run) {
  try {
    return run();
  } catch (const carecompare::logic_error& e) {
    return "error " + std::to_string(e.id()) + " at " + e.path();
  }
}
std::string reference_apply(const logic::rule& r, const logic::detail::value& data) {
  return reference_outcome([&] { return logic::detail::apply_reference(logic::detail::access::of(r), data).dump(); });
}
std::string reference_test(const logic::rule& r, const logic::detail::value& data) {
  return reference_outcome([&] {
    return std::string(logic::detail::test_reference(logic::detail::access::of(r), data) ? "true" : "false");
  });
}

/**
 * Every path a rule's value takes gives the reference's answer, to the byte (number forms
 * included), errors with the same id and path: the reference on the JSON and on prepared data,
 * apply() on both, apply_into() over results of every type, test() on both. Returns "" when they
 * all agree, else what differs.
 */
std::string every_path_disagreement(const logic::rule& r, const json& data) {
  const logic::prepared_data prepared(data);
  const logic::detail::value as_json = logic::detail::from_json(data, 0);
  const logic::detail::value as_prepared = logic::detail::value::prepared(logic::detail::access::root(prepared));
  const std::string expected = reference_apply(r, as_json);
  const std::string expected_test = reference_test(r, as_json);
  std::string out;
  const auto check = [&](const char* path, const std::string& got, const std::string& want) {
    if (got != want) out += std::string("\n  ") + path + ": " + got + " (reference: " + want + ")";
  };
  check("reference on prepared data", reference_apply(r, as_prepared), expected);
  check("reference test on prepared data", reference_test(r, as_prepared), expected_test);
  check("apply", outcome(r, data), expected);
  check("apply on prepared data", outcome(r, prepared), expected);
  for (const json& stale : stale_results()) {
    check(("apply_into over " + stale.dump()).c_str(), into_outcome(r, prepared, stale), expected);
  }
  check("test", test_outcome(r, data), expected_test);
  check("test on prepared data", test_outcome(r, prepared), expected_test);
  return out;
}

/// every_path_disagreement() is empty.
void expect_prepared_same(const logic::rule& r, const json& data) {
  const std::string disagreement = every_path_disagreement(r, data);
  EXPECT_TRUE(disagreement.empty()) << "paths disagree with the reference:" << disagreement;
}

/// Runs `[rule, data, expected]` triples (strings are headings). `{"error": ...}` as expected
/// value means json-logic-js throws: here a logic_error 504. Also checks that test() agrees with
/// `jsonLogic.truthy` of the result: a fourth element gives it where the JSON cannot (NaN and
/// Infinity are written null but Infinity is truthy).
void expect_cases(std::string_view text) {
  const json cases = json::parse(text);
  int count = 0;
  for (const json& c : cases) {
    if (c.is_string()) continue;
    ++count;
    const json& rule_json = c[0];
    const json& data = c[1];
    const json& expected = c[2];
    SCOPED_TRACE("rule " + rule_json.dump() + " data " + data.dump());
    const bool expect_error = expected.is_object() && expected.size() == 1 && expected.contains("error");
    const logic::rule r = logic::compile(rule_json);
    expect_prepared_same(r, data);
    if (expect_error) {
      try {
        const json got = logic::apply(r, data);
        ADD_FAILURE() << "expected logic_error 504 (json-logic-js: " << expected["error"] << "), got " << got.dump();
      } catch (const carecompare::logic_error& e) {
        EXPECT_EQ(e.id(), carecompare::error_ids::logic_runtime) << e.what();
      }
      EXPECT_THROW((void)logic::test(r, data), carecompare::logic_error);
      continue;
    }
    const json got = logic::apply(r, data);
    EXPECT_EQ(got, expected) << "expected " << expected.dump() << ", got " << got.dump();
    const bool expected_truthy = c.size() > 3 ? c[3].get<bool>() : logic::truthy(expected);
    EXPECT_EQ(logic::test(r, data), expected_truthy);
  }
  EXPECT_GT(count, 0);
}

// ---- conformance suite -----------------------------------------------------------------------

std::string suite_path() {
  if (const char* env = std::getenv("CARECOMPARE_JSONLOGIC_SUITE"); env != nullptr && *env != '\0') {
    return env;
  }
  return CARECOMPARE_DEFAULT_SHARED_DIR "/conformance/jsonlogic/tests.json";
}

TEST(LogicConformance, ReferenceSuitePassesThroughEveryPath) {
  const std::string path = suite_path();
  std::ifstream in(path);
  if (!in) {
    CARECOMPARE_REQUIRE_OR_SKIP("JsonLogic conformance suite not found at "
                                << path << " (set CARECOMPARE_JSONLOGIC_SUITE to its tests.json)");
  }
  std::stringstream text;
  text << in.rdbuf();
  const json suite = json::parse(text.str());
  int total = 0;
  int failed = 0;
  logic::set_log_sink([](std::string_view) {});
  for (const json& c : suite) {
    if (c.is_string()) continue;
    ++total;
    const json& rule_json = c.at(0);
    const json& data = c.at(1);
    const json& expected = c.at(2);
    std::string actual;
    bool ok = false;
    try {
      const logic::rule r = logic::compile(rule_json);
      const json got = logic::apply(r, data);
      actual = got.dump();
      // json's == compares numbers numerically: 1 == 1.0.
      ok = got == expected && logic::test(r, data) == logic::truthy(expected);
      // Every path (the reference and the fast paths, on the JSON and on prepared data, apply,
      // apply_into and test) gives the same, to the byte.
      if (const std::string disagreement = every_path_disagreement(r, data); !disagreement.empty()) {
        ok = false;
        actual += disagreement;
      }
    } catch (const std::exception& e) {
      actual = std::string("exception: ") + e.what();
    }
    if (!ok) {
      ++failed;
      ADD_FAILURE() << "case " << total << "\n  rule:     " << rule_json.dump() << "\n  data:     " << data.dump()
                    << "\n  expected: " << expected.dump() << "\n  actual:   " << actual;
    }
  }
  logic::set_log_sink(nullptr);
  std::cout << "[ conformance ] " << (total - failed) << "/" << total << " JsonLogic cases pass (" << path << ")\n";
  EXPECT_EQ(failed, 0);
  if (std::getenv("CARECOMPARE_JSONLOGIC_SUITE") == nullptr) {
    EXPECT_EQ(total, 277) << "the shared suite has 277 cases";
  }
}

// ---- behaviour checked against json-logic-js 2.0.5 -------------------------------------------

// `==`/`!=` as JS abstract equality, `===`/`!==` strict (objects by identity).
TEST(LogicReference, LooseEquality) {
  expect_cases(R"json([
  [{"==":[null,0]},null,false],
  [{"==":[null,false]},null,false],
  [{"==":[null,""]},null,false],
  [{"==":[null,null]},null,true],
  [{"==":[null]},null,true],
  [{"==":[]},null,true],
  [{"==":[0,""]},null,true],
  [{"==":[0,"0"]},null,true],
  [{"==":["",0]},null,true],
  [{"==":[1,"1.0"]},null,true],
  [{"==":[1," 1 "]},null,true],
  [{"==":[16,"0x10"]},null,true],
  [{"==":[5,"0b101"]},null,true],
  [{"==":[1,"1abc"]},null,false],
  [{"==":[true,1]},null,true],
  [{"==":[true,"1"]},null,true],
  [{"==":[false,"0"]},null,true],
  [{"==":[false,""]},null,true],
  [{"==":[false,[]]},null,true],
  [{"==":[false,[0]]},null,true],
  [{"==":[true,[1]]},null,true],
  [{"==":[[1,2],"1,2"]},null,true],
  [{"==":[[],""]},null,true],
  [{"==":[[[]],0]},null,true],
  [{"==":[[null],""]},null,true],
  [{"==":[{},"[object Object]"]},null,true],
  [{"==":[[1],[1]]},null,false],
  [{"==":[{"var":"a"},{"var":"a"}]},{"a":[1]},true],
  [{"==":["abc","abc"]},null,true],
  [{"==":["a","A"]},null,false],
  [{"==":[1e+21,"1e21"]},null,true],
  [{"==":[0,"-0"]},null,true],
  [{"==":[0,"  \n"]},null,true],
  [{"!=":[null,0]},null,true],
  [{"!=":[1,"1"]},null,false],
  [{"===":[[1],[1]]},null,false],
  [{"===":[{"var":"a"},{"var":"a"}]},{"a":[1]},true],
  [{"===":[{"var":"a"},{"var":"b"}]},{"a":[1],"b":[1]},false],
  [{"===":[1,1]},null,true],
  [{"===":[null,null]},null,true],
  [{"===":[{"and":[]},null]},null,false],
  [{"!==":[[],[]]},null,true],
  [{"!==":["a","a"]},null,false]
])json");
}

// JsonLogic truthiness through `!!`, `!`, and `and`/`or` returning the deciding operand.
TEST(LogicReference, Truthiness) {
  expect_cases(R"json([
  [{"!!":[[]]},null,false],
  [{"!!":[[0]]},null,true],
  [{"!!":["0"]},null,true],
  [{"!!":[""]},null,false],
  [{"!!":[" "]},null,true],
  [{"!!":[0]},null,false],
  [{"!!":[0]},null,false],
  [{"!!":[{"/":[0,0]}]},null,false],
  [{"!!":[null]},null,false],
  [{"!!":[{}]},null,true],
  [{"!!":[{"a":1,"b":2}]},null,true],
  [{"!!":["false"]},null,true],
  [{"!!":[{"min":[]}]},null,true],
  [{"!!":[]},null,false],
  [{"!":[]},null,true],
  [{"!":[[],1]},null,true],
  [{"and":[1,"",3]},null,""],
  [{"and":[1,[1],"x"]},null,"x"],
  [{"or":[0,[],"",null]},null,null],
  [{"or":[0,{"var":"a"}]},{"a":[1,2]},[1,2]],
  [{"and":[]},null,null],
  [{"or":[]},null,null]
])json");
}

// `cat` is Array.join: null -> "", nested arrays with ",", JS number printing.
TEST(LogicReference, CatPrintsNumbersLikeJs) {
  expect_cases(R"json([
  [{"cat":[1.5,1e+21,1e-7,0,0.1]},null,"1.51e+211e-700.1"],
  [{"cat":[123456789012345680000,100000000000000000000,0.000001,1.5e-7,-1e-7]},null,"1234567890123456800001000000000000000000000.0000011.5e-7-1e-7"],
  [{"cat":[null,"|",true,"|",false,"|",[1,[2,[3,null]]],"|",{}]},null,"|true|false|1,2,3,|[object Object]"],
  [{"cat":[{"/":[1,3]}]},null,"0.3333333333333333"],
  [{"cat":[{"/":[1,0]},{"/":[-1,0]},{"/":[0,0]}]},null,"Infinity-InfinityNaN"],
  [{"cat":[{"+":[0.1,0.2]}]},null,"0.30000000000000004"],
  [{"cat":[5e-324,1.7976931348623157e+308]},null,"5e-3241.7976931348623157e+308"],
  [{"cat":[{"and":[]}]},null,""],
  [{"cat":[]},null,""],
  [{"cat":"x"},null,"x"],
  [{"cat":[{"var":"a"}]},{"a":1e+300},"1e+300"],
  [{"cat":[100,100,1.2]},null,"1001001.2"]
])json");
}

// `substr` on UTF-16 code units, negative start and length.
TEST(LogicReference, SubstrNegativeAndNonAscii) {
  expect_cases(R"json([
  [{"substr":["jsonlogic",-20]},null,"jsonlogic"],
  [{"substr":["jsonlogic",20]},null,""],
  [{"substr":["jsonlogic",2,-20]},null,""],
  [{"substr":["jsonlogic",-3,-1]},null,"gi"],
  [{"substr":["jsonlogic",0,0]},null,""],
  [{"substr":["jsonlogic",1.7,2.9]},null,"so"],
  [{"substr":["jsonlogic","2","3"]},null,"onl"],
  [{"substr":["jsonlogic",0,"-2"]},null,""],
  [{"substr":["jsonlogic",0,null]},null,""],
  [{"substr":["jsonlogic",null]},null,"jsonlogic"],
  [{"substr":["jsonlogic"]},null,"jsonlogic"],
  [{"substr":[12345,1,2]},null,"23"],
  [{"substr":[null,1]},null,"ull"],
  [{"substr":[[1,2,3],1]},null,",2,3"],
  [{"substr":[]},null,"undefined"],
  [{"substr":["héllo wörld",1,4]},null,"éllo"],
  [{"substr":["héllo wörld",-5]},null,"wörld"],
  [{"substr":["日本語テキスト",2,3]},null,"語テキ"],
  [{"substr":["a😀b",0,3]},null,"a😀"],
  [{"substr":["a😀b",3]},null,"b"],
  [{"substr":["a😀b",-1]},null,"b"],
  [{"substr":["a😀b😀",1,-2]},null,"😀b"],
  [{"substr":["😀😀",2,2]},null,"😀"]
])json");
}

// `var`: defaults, present null, dotted, numeric and computed paths, strings, length.
TEST(LogicReference, VarEdgeCases) {
  expect_cases(R"json([
  [{"var":"a"},{"a":null},null],
  [{"var":["a","dflt"]},{"a":null},null],
  [{"var":["a.b","dflt"]},{"a":null},"dflt"],
  [{"var":["a.b","dflt"]},{"a":{"b":null}},null],
  [{"var":["a",{"cat":["d","flt"]}]},{},"dflt"],
  [{"var":["a",{"and":[]}]},{},null],
  [{"var":"a"},{"a":false},false],
  [{"var":"a"},{"a":0},0],
  [{"var":["a",5]},{"a":""},""],
  [{"var":"s.length"},{"s":"héllo"},5],
  [{"var":"s.length"},{"s":"a😀"},3],
  [{"var":"s.0"},{"s":"héllo"},"h"],
  [{"var":"s.1"},{"s":"héllo"},"é"],
  [{"var":"s.9"},{"s":"héllo"},null],
  [{"var":"a.length"},{"a":[1,2,3]},3],
  [{"var":"length"},[1,2],2],
  [{"var":"a.01"},{"a":[1,2,3]},null],
  [{"var":"a.-1"},{"a":[1,2,3]},null],
  [{"var":"a.1.b"},{"a":[{"b":1},{"b":2}]},2],
  [{"var":1.5},[[0,1],[2,3,4,5,6,7]],7],
  [{"var":1},{"1":"one"},"one"],
  [{"var":true},{"true":"yes"},"yes"],
  [{"var":"a..b"},{"a":{"":{"b":7}}},7],
  [{"var":"a."},{"a":{"":7}},7],
  [{"var":"."},{"":{"":7}},7],
  [{"var":[[]]},{"":"empty"},"empty"],
  [{"var":[["a"]]},{"a":"arr-path"},"arr-path"],
  [{"var":"x.y"},{"x.y":1},null],
  [{"var":"a.b"},{"a":5},null],
  [{"var":"a.b"},{"a":true},null],
  [{"var":"a.length.x"},{"a":[1]},null],
  [{"var":{"cat":["a",".","b"]}},{"a":{"b":42}},42],
  [{"var":{"if":[true,"a","b"]}},{"a":1,"b":2},1],
  [{"var":""},"whole","whole"],
  [{"var":[""]},[1,2],[1,2]],
  [{"var":null},{"a":1},{"a":1}],
  [{"var":[null,"d"]},null,null],
  [{"var":"a"},"string-data",null],
  [{"var":"0"},"string-data","s"],
  [{"var":"a"},5,null],
  [{"var":"a"},null,null],
  [{"var":["a","d"]},null,"d"]
])json");
}

// `missing` (variadic and array forms), `missing_some`.
TEST(LogicReference, MissingAndMissingSome) {
  expect_cases(R"json([
  [{"missing":["a","b"]},{"a":"","b":0},["a"]],
  [{"missing":["a","b"]},{"a":null,"b":false},["a"]],
  [{"missing":["a","b"]},{"a":[],"b":{}},[]],
  [{"missing":"a"},{"a":"x"},[]],
  [{"missing":[["a","b"],"c"]},{"b":1},["a"]],
  [{"missing":[1,"0"]},["x"],[1]],
  [{"missing":["a.b","a.c.d"]},{"a":{"b":1,"c":{"d":null}}},["a.c.d"]],
  [{"missing":{"var":"keys"}},{"keys":["x","y"],"x":1},["y"]],
  [{"missing":{"merge":[["a"],"b"]}},{"a":1},["b"]],
  [{"missing":[]},{},[]],
  [{"missing_some":[0,["a","b"]]},{},[]],
  [{"missing_some":[1,["a","b"]]},{"b":"x"},[]],
  [{"missing_some":[2,["a","b"]]},{"b":"x"},["a"]],
  [{"missing_some":[3,["a","b","c"]]},{"a":1,"b":2},["c"]],
  [{"missing_some":[1,[]]},{},[]],
  [{"missing_some":["1",["a","b"]]},{},["a","b"]],
  [{"missing_some":[1,"a"]},{},["a"]],
  [{"missing_some":[1,"a"]},{"a":1},[]],
  [{"missing_some":[1,{"var":"opts"}]},{"opts":["x","y"],"y":1},[]],
  [{"if":[{"missing_some":[1,["a","b"]]},"need more","ok"]},{"a":1},"ok"]
])json");
}

// `map`, `filter`, `reduce` (current/accumulator), `all`, `none`, `some`.
TEST(LogicReference, ScopedOperators) {
  expect_cases(R"json([
  [{"reduce":[{"var":"a"},{"+":[{"var":"current"},{"var":"accumulator"}]}]},{"a":[1,2,3]},null],
  [{"reduce":[{"var":"a"},{"+":[{"var":"current"},{"var":"accumulator"}]},10]},{"a":[1,2,3]},16],
  "The sum, summed directly: either order, -0 becomes 0, a non-number leaves it for the general path",
  [{"reduce":[{"var":"a"},{"+":[{"var":"accumulator"},{"var":"current"}]},0.5]},{"a":[1,2.25,-4]},-0.25],
  [{"reduce":[{"var":"a"},{"+":[{"var":"current"},{"var":"accumulator"}]},-0.0]},{"a":[-0.0]},0],
  [{"reduce":[{"var":"a"},{"+":[{"var":"current"},{"var":"accumulator"}]},-0.0]},{"a":[]},0],
  [{"reduce":[{"var":"a"},{"+":[{"var":"current"},{"var":"accumulator"}]},0]},{"a":[1,"2",3]},6],
  [{"reduce":[{"var":"a"},{"+":[{"var":"current"},{"var":"accumulator"}]},0]},{"a":[1,"x",3]},null],
  [{"reduce":[{"var":"a"},{"+":[{"var":"current"},{"var":"current"}]},0]},{"a":[1,2]},4],
  [{"reduce":[{"var":"a"},{"*":[{"var":"current"},{"var":"accumulator"}]},1]},{"a":[2,-0.0]},0],
  [{"reduce":[[],{"var":"current"}]},null,null],
  [{"reduce":[[],{"var":"current"},"init"]},null,"init"],
  [{"reduce":["abc",{"var":"current"},"init"]},null,"init"],
  [{"reduce":[{"var":"a"},{"cat":[{"var":"accumulator"},{"var":"current"}]},""]},{"a":["x","y","z"]},"xyz"],
  [{"reduce":[{"var":"a"},{"merge":[{"var":"accumulator"},[{"var":"current"}]]},[]]},{"a":[1,2]},[1,2]],
  [{"reduce":[{"var":"a"},{"if":[{">":[{"var":"current.n"},{"var":"accumulator"}]},{"var":"current.n"},{"var":"accumulator"}]},0]},{"a":[{"n":3},{"n":9},{"n":4}]},9],
  [{"reduce":[[1,2,3],{"var":""}]},null,{"current":3,"accumulator":{"current":2,"accumulator":{"current":1,"accumulator":null}}}],
  [{"reduce":[[1,2],{"===":[{"var":""},{"var":""}]}]},null,true],
  [{"reduce":[[1,2,3],{"var":"accumulator.current"},{"current":"first","x":0}]},null,null],
  [{"reduce":[[1,2]]},null,null],
  [{"reduce":[[1,2],{"var":"current"}]},null,2],
  [{"map":[{"var":"a"},{"*":[{"var":""},2]}]},{"a":[1,2,3]},[2,4,6]],
  [{"map":["abc",{"var":""}]},null,[]],
  [{"map":[[1,2]]},null,[null,null]],
  [{"map":[[[1,2],[3]],{"var":"length"}]},null,[2,1]],
  [{"map":[[1,2],[{"var":""}]]},null,[[1],[2]]],
  [{"filter":[[0,1,"",[],"a",null,[0]],{"var":""}]},null,[1,"a",[0]]],
  [{"filter":[{"var":"people"},{">=":[{"var":"age"},18]}]},{"people":[{"age":17,"n":"a"},{"age":30,"n":"b"}]},[{"age":30,"n":"b"}]],
  [{"filter":[[1,2]]},null,[]],
  [{"all":[[1,2,3],{">":[{"var":""},0]}]},null,true],
  [{"all":[[],true]},null,false],
  [{"all":["abc",true]},null,false],
  [{"all":[[1]]},null,false],
  [{"none":[[],true]},null,true],
  [{"none":[[0,""],{"var":""}]},null,true],
  [{"none":[null,true]},null,true],
  [{"some":[[0,"",2],{"var":""}]},null,true],
  [{"some":[{"var":"sites"},{"in":[{"var":""},["bone","brain"]]}]},{"sites":["liver","brain"]},true],
  [{"some":[{"var":"missing"},true]},{},false],
  [{"map":[{"var":"a"},{"var":"b"}]},{"a":[{"b":1},{"c":2}]},[1,null]],
  [{"filter":[{"var":"a"},{"var":"keep"}]},{"a":[{"keep":true,"v":1},{"keep":false,"v":2}],"keep":true},[{"keep":true,"v":1}]]
])json");
}

// `+` and `*` with parseFloat, `-`, `/`, `%`, `min`, `max`.
TEST(LogicReference, Arithmetic) {
  expect_cases(R"json([
  [{"+":"3.14"},null,3.14],
  [{"+":["3abc",1]},null,4],
  [{"+":[" 12 ",1]},null,13],
  [{"+":["0x10",1]},null,1],
  [{"+":[null,1]},null,null],
  [{"+":[true,1]},null,null],
  [{"+":[[2,3],1]},null,3],
  [{"+":[]},null,0],
  [{"+":["-0"]},null,0],
  [{"+":[".5","5."]},null,5.5],
  [{"+":["1e3","Infinity"]},null,null,true],
  [{"*":["abc"]},null,"abc"],
  [{"*":[[1,2]]},null,[1,2]],
  [{"*":["2","3abc"]},null,6],
  [{"*":[2,null]},null,null],
  [{"*":[1.5,2,2]},null,6],
  [{"-":["5"]},null,-5],
  [{"-":[" 5 ","0x10"]},null,-11],
  [{"-":[null]},null,0],
  [{"-":[[]]},null,0],
  [{"-":["abc"]},null,null],
  [{"-":[]},null,null],
  [{"-":[5,2,1]},null,3],
  [{"-":[true,"1"]},null,0],
  [{"/":[1,3]},null,0.3333333333333333],
  [{"/":[1,0]},null,null,true],
  [{"/":[0,0]},null,null],
  [{"/":["6","2"]},null,3],
  [{"%":[-7,2]},null,-1],
  [{"%":[7,-2]},null,1],
  [{"%":[5.5,2]},null,1.5],
  [{"%":[5,0]},null,null],
  [{"%":["7","4"]},null,3],
  [{"max":[]},null,null,true],
  [{"min":[]},null,null,true],
  [{"max":[1,"5",3]},null,5],
  [{"max":[1,"x"]},null,null],
  [{"min":[null,1]},null,0],
  [{"min":[[],2]},null,0],
  [{"max":[0,0]},null,0],
  [{"+":[0.1,0.2]},null,0.30000000000000004],
  [{"+":[9007199254740992,1]},null,9007199254740992],
  [{"*":[1e+308,10]},null,null,true],
  [{"+":[1,2]},null,3],
  [{"/":[6,3]},null,2]
])json");
}

// JS relational order and the between forms of `<` and `<=`.
TEST(LogicReference, Comparisons) {
  expect_cases(R"json([
  [{"<":[1,2,3]},null,true],
  [{"<":[1,3,2]},null,false],
  [{"<":[1,1,2]},null,false],
  [{"<=":[1,1,1]},null,true],
  [{"<=":[1,2,1]},null,false],
  [{"<":[1,2,{"and":[]}]},null,true],
  [{">":[3,2,1]},null,true],
  [{">":[3,2,5]},null,true],
  [{">=":[3,3,9]},null,true],
  [{"<":[1]},null,false],
  [{"<":[]},null,false],
  [{"<":["a","b"]},null,true],
  [{"<":["B","a"]},null,true],
  [{"<":["10","9"]},null,true],
  [{"<":["10",9]},null,false],
  [{"<":["abc",1]},null,false],
  [{"<=":["abc",1]},null,false],
  [{">=":["abc",1]},null,false],
  [{"<":[null,1]},null,true],
  [{"<=":[null,0]},null,true],
  [{"<":[[2],[10]]},null,false],
  [{"<":[[2],10]},null,true],
  [{"<":["￿","😀"]},null,false],
  [{"<":["é","z"]},null,false],
  [{"<":[false,true]},null,true],
  [{"<=":[{"var":"x"},5,10]},{"x":5},true],
  [{"<":[0,{"var":"x"},10]},{"x":10},false]
])json");
}

// `in`: substring with String() of the needle, strict membership in arrays.
TEST(LogicReference, InOperator) {
  expect_cases(R"json([
  [{"in":["b",["a","b"]]},null,true],
  [{"in":["1",[1,2]]},null,false],
  [{"in":[1,[1,2]]},null,true],
  [{"in":[[1],[[1]]]},null,false],
  [{"in":[null,[null]]},null,true],
  [{"in":[{"var":"x"},{"var":"list"}]},{"x":[1],"list":[[1]]},false],
  [{"in":[{"var":"list.0"},{"var":"list"}]},{"list":[[1]]},true],
  [{"in":["ell","hello"]},null,true],
  [{"in":["","hello"]},null,true],
  [{"in":["",""]},null,false],
  [{"in":[1,"a1b"]},null,true],
  [{"in":[1.5,"x1.5"]},null,true],
  [{"in":[null,"a null b"]},null,true],
  [{"in":[[1,2],"x1,2y"]},null,true],
  [{"in":["a",null]},null,false],
  [{"in":["a",5]},null,false],
  [{"in":["a",{}]},null,false],
  [{"in":["a",[]]},null,false],
  [{"in":["a"]},null,false],
  [{"in":["ö","größe"]},null,true],
  [{"in":["brain",{"var":"sites"}]},{"sites":["bone","brain"]},true]
])json");
}

// `if`/`?:` chains, `and`/`or` values, `merge`, arrays of logic, `log`, data objects.
TEST(LogicReference, ControlAndArrays) {
  expect_cases(R"json([
  [{"if":[]},null,null],
  [{"if":[0,"a"]},null,null],
  [{"if":[0,"a",0,"b"]},null,null],
  [{"if":[0,"a",0,"b","c"]},null,"c"],
  [{"if":[[],"a","b"]},null,"b"],
  [{"if":["0","a","b"]},null,"a"],
  [{"if":[{"var":"x"},{"var":"y"},{"var":"z"}]},{"x":[0],"y":"Y","z":"Z"},"Y"],
  [{"?:":[false,1]},null,null],
  [{"?:":[]},null,null],
  [{"and":[{"var":"a"},{"var":"b"}]},{"a":[1],"b":{"c":1}},{"c":1}],
  [{"or":[{"var":"a"},{"var":"b"}]},{"a":[],"b":""},""],
  [{"merge":[1,[2,[3]],null,"x"]},null,[1,2,[3],null,"x"]],
  [{"merge":[]},null,[]],
  [{"merge":[{"var":"a"},{"var":"b"}]},{"a":[1],"b":[2,3]},[1,2,3]],
  [[1,{"var":"x"},[{"var":"y"}]],{"x":2,"y":3},[1,2,[3]]],
  [{"===":[{"merge":[[[1]]]},[[1]]]},null,false],
  [{"log":"hi"},null,"hi"],
  [{"log":[{"+":[1,2]}]},null,3],
  [{"log":[[1,"a",{"b":null,"c":1}]]},null,[1,"a",{"b":null,"c":1}]],
  [{"a":1,"b":2},null,{"a":1,"b":2}],
  [{},null,{}]
])json");
}

// Object identity: each evaluation of an array literal is a new array; data keeps its identity.
TEST(LogicReference, ObjectIdentity) {
  expect_cases(R"json([
  [{"reduce":[{"map":[[1,2],[3]]},{"if":[{"var":"accumulator"},{"===":[{"var":"current"},{"var":"accumulator"}]},{"var":"current"}]},null]},null,false],
  [{"reduce":[{"map":[[1,2],{}]},{"if":[{"var":"accumulator"},{"===":[{"var":"current"},{"var":"accumulator"}]},{"var":"current"}]},null]},null,true],
  [{"in":[{"var":"x"},{"merge":[[0],{"var":"y"}]}]},{"x":{"a":1,"b":2},"y":[{"a":1,"b":2}]},false],
  [{"in":[{"var":"y.0"},{"merge":[[0],{"var":"y"}]}]},{"y":[{"a":1,"b":2}]},true],
  [{"in":[{"var":"y.0"},{"filter":[{"var":"y"},true]}]},{"y":[[1]]},true],
  [{"===":[{"var":"a"},{"var":"a"}]},{"a":{"b":1,"c":2}},true],
  [{"==":[{"var":"a"},{"var":"b"}]},{"a":{"b":1,"c":2},"b":{"b":1,"c":2}},false],
  [{"===":[[],[]]},null,false]
])json");
}

// What json-logic-js throws on while evaluating: logic_error 504.
TEST(LogicReference, RuntimeErrors) {
  expect_cases(R"json([
  [{"cat":[{"var":"o"}]},{"o":{"toString":"x"}},{"error":"Cannot convert object to primitive value"}],
  [{"in":["a",{"var":"o"}]},{"o":{"indexOf":0}},{"error":"b.indexOf is not a function"}],
  [{"missing_some":[1,{"var":"nope"}]},{},{"error":"Cannot read properties of null (reading 'length')"}],
  [{"missing":{"var":"k"}},{"k":[{"nope":1}]},{"error":"Unrecognized operation nope"}],
  [{"==":[{"var":"o"},1]},{"o":{"toString":1}},{"error":"Cannot convert object to primitive value"}],
  [{"+":[{"var":"o"}]},{"o":{"toString":1}},{"error":"Cannot convert object to primitive value"}]
])json");
}

// ---- truthiness and number forms -----------------------------------------------------------

TEST(LogicTruthy, FollowsJsonLogicNotJavaScript) {
  EXPECT_FALSE(logic::truthy(json::array()));
  EXPECT_TRUE(logic::truthy(json::array({0})));
  EXPECT_TRUE(logic::truthy("0"));
  EXPECT_TRUE(logic::truthy(" "));
  EXPECT_FALSE(logic::truthy(""));
  EXPECT_FALSE(logic::truthy(0));
  EXPECT_FALSE(logic::truthy(0.0));
  EXPECT_FALSE(logic::truthy(-0.0));
  EXPECT_FALSE(logic::truthy(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(logic::truthy(nullptr));
  EXPECT_FALSE(logic::truthy(false));
  EXPECT_TRUE(logic::truthy(json::object()));
  EXPECT_TRUE(logic::truthy(-1));
  EXPECT_TRUE(logic::truthy(0.5));
  EXPECT_TRUE(logic::truthy(std::numeric_limits<std::uint64_t>::max()));
}

TEST(LogicNumbers, ComputedIntegersAreJsonIntegers) {
  const json three = logic::apply(parse(R"({"+":[1,2]})"), nullptr);
  EXPECT_TRUE(three.is_number_integer());
  EXPECT_EQ(three.dump(), "3");
  EXPECT_EQ(logic::apply(parse(R"({"*":[1.5,2]})"), nullptr).dump(), "3");
  EXPECT_EQ(logic::apply(parse(R"({"+":"3.14"})"), nullptr).dump(), "3.14");
  EXPECT_EQ(logic::apply(parse(R"({"/":[1,4]})"), nullptr).dump(), "0.25");
  EXPECT_EQ(logic::apply(parse(R"({"-":[0]})"), nullptr).dump(), "0");  // -0 prints as 0
  EXPECT_TRUE(logic::apply(parse(R"({"/":[1,0]})"), nullptr).is_null());
  EXPECT_TRUE(logic::apply(parse(R"({"%":[1,0]})"), nullptr).is_null());
  EXPECT_TRUE(logic::apply(parse(R"({"max":[]})"), nullptr).is_null());
  // Beyond 2^53 a computed number stays a double.
  EXPECT_TRUE(logic::apply(parse(R"({"*":[9007199254740992,4]})"), nullptr).is_number_float());
  // A number is a JS number wherever it came from: 2.0 prints as 2, as JSON.stringify does.
  EXPECT_EQ(logic::apply(parse(R"({"var":"x"})"), parse(R"({"x":2.0})")).dump(), "2");
  EXPECT_EQ(logic::apply(parse(R"({"var":"x"})"), parse(R"({"x":18446744073709551615})")),
            json(18446744073709551615ULL));
  // Arrays and objects taken from data are returned as they are.
  EXPECT_EQ(logic::apply(parse(R"({"var":"x"})"), parse(R"({"x":[2.0]})")).dump(), "[2.0]");
}

TEST(LogicDeviation, LoneSurrogateBecomesReplacementCharacter) {
  // json-logic-js gives "\ud83d" (half of the pair), which UTF-8 cannot hold.
  EXPECT_EQ(logic::apply(parse(R"({"substr":["a😀b",1,1]})"), nullptr), "\xEF\xBF\xBD");
  EXPECT_EQ(logic::apply(parse(R"({"var":"s.2"})"), parse(R"({"s":"a😀b"})")), "\xEF\xBF\xBD");
  // Whole pairs are never split.
  EXPECT_EQ(logic::apply(parse(R"({"substr":["a😀b",1,2]})"), nullptr), "😀");
}

// ---- compile errors --------------------------------------------------------------------------

void expect_compile_error(std::string_view rule_text, int id, std::string_view path) {
  SCOPED_TRACE(std::string(rule_text));
  try {
    (void)logic::compile(parse(rule_text));
    ADD_FAILURE() << "compiled without error";
  } catch (const carecompare::logic_error& e) {
    EXPECT_EQ(e.id(), id) << e.what();
    EXPECT_EQ(e.path(), path) << e.what();
  }
}

TEST(LogicCompile, UnknownOperatorIsAnErrorWithItsPointer) {
  using carecompare::error_ids::logic_unknown_operator;
  expect_compile_error(R"({"and":[true,{"in":[{"foo":1},[]]}]})", logic_unknown_operator, "/and/1/in/0");
  expect_compile_error(R"({"nope":[1]})", logic_unknown_operator, "");
  expect_compile_error(R"({"var":{"x":1}})", logic_unknown_operator, "/var");
  expect_compile_error(R"([1,{"cat":[{"zz":0}]}])", logic_unknown_operator, "/1/cat/0");
  expect_compile_error(R"({"/":[{"a":0},2]})", logic_unknown_operator, "/~1/0");
  expect_compile_error(R"({"hasOwnProperty":[1]})", logic_unknown_operator, "");
  // Dotted method lookups of json-logic-js are not supported.
  expect_compile_error(R"({"Math.abs":[1]})", logic_unknown_operator, "");
  expect_compile_error(R"({"in.length":[1]})", logic_unknown_operator, "");
  // Deliberate: json-logic-js only throws when the branch runs (this would give 2).
  expect_compile_error(R"({"if":[false,{"nope":1},2]})", logic_unknown_operator, "/if/1");
  try {
    (void)logic::compile(parse(R"({"and":[{"frobnicate":1}]})"));
  } catch (const carecompare::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("frobnicate"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("[carecompare.logic.501] /and/0"), std::string::npos);
  }
}

TEST(LogicCompile, ArgumentsJsonLogicAlwaysFailsOnAreRejected) {
  using carecompare::error_ids::logic_bad_arguments;
  expect_compile_error(R"({"*":[]})", logic_bad_arguments, "");  // reduce of empty array
  expect_compile_error(R"({"and":[true,{"*":[]}]})", logic_bad_arguments, "/and/1");
  expect_compile_error(R"({"missing_some":[1]})", logic_bad_arguments, "");
  expect_compile_error(R"({"missing_some":[1,null]})", logic_bad_arguments, "/missing_some/1");
  expect_compile_error(R"({"in":["a",{"indexOf":1,"b":2}]})", logic_bad_arguments, "/in/1");
  expect_compile_error(R"({"var":{"toString":1,"b":2}})", logic_bad_arguments, "/var");
  // Arities json-logic-js accepts are accepted.
  EXPECT_EQ(logic::apply(parse(R"({"*":[7]})"), nullptr), 7);
  EXPECT_EQ(logic::apply(parse(R"({"==":[1]})"), nullptr), false);
  EXPECT_EQ(logic::apply(parse(R"({"substr":[]})"), nullptr), "undefined");
}

std::string nested_not(std::size_t levels) {
  std::string text;
  text.reserve(levels * 7 + 4);
  for (std::size_t i = 0; i < levels; ++i) text += R"({"!":)";
  text += "true";
  text += std::string(levels, '}');
  return text;
}

TEST(LogicCompile, TooDeepNestingIsAnErrorNotACrash) {
  const json deep = json::parse(nested_not(100000));  // json-logic-js: RangeError
  try {
    (void)logic::compile(deep);
    ADD_FAILURE() << "compiled 100000 levels";
  } catch (const carecompare::logic_error& e) {
    EXPECT_EQ(e.id(), carecompare::error_ids::logic_too_deep);
    EXPECT_EQ(e.path().size(), 2U * 128U);  // "/!" repeated: the first node below the limit
    EXPECT_EQ(e.path().substr(0, 6), "/!/!/!");
  }
  EXPECT_THROW((void)logic::apply(deep, nullptr), carecompare::logic_error);
  std::string arrays = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THROW((void)logic::compile(json::parse(arrays)), carecompare::logic_error);

  // The limit is exact: objects and arrays each count one level.
  EXPECT_FALSE(logic::apply(logic::compile(json::parse(nested_not(128))), nullptr).is_null());
  EXPECT_THROW((void)logic::compile(json::parse(nested_not(129))), carecompare::logic_error);
  const logic::compile_options four{4};
  EXPECT_EQ(logic::apply(logic::compile(parse(R"({"!":[{"!":[true]}]})"), four), nullptr), true);
  try {
    (void)logic::compile(parse(R"({"!":[{"!":[[true]]}]})"), four);
    ADD_FAILURE() << "compiled 5 levels with max_depth 4";
  } catch (const carecompare::logic_error& e) {
    EXPECT_EQ(e.id(), carecompare::error_ids::logic_too_deep);
    EXPECT_EQ(e.path(), "/!/0/!/0");
  }
  EXPECT_NO_THROW((void)logic::compile(parse(R"({"!":[{"!":[[true]]}]})"), logic::compile_options{5}));
}

// ---- runtime ---------------------------------------------------------------------------------

TEST(LogicApply, RuntimeErrorCarriesThePointerOfTheNode) {
  const logic::rule r = logic::compile(parse(R"({"and":[true,{"cat":["x",{"var":"o"}]}]})"));
  try {
    (void)logic::apply(r, parse(R"({"o":{"toString":"no"}})"));
    ADD_FAILURE() << "no error";
  } catch (const carecompare::logic_error& e) {
    EXPECT_EQ(e.id(), carecompare::error_ids::logic_runtime);
    EXPECT_EQ(e.path(), "/and/1");
  }
  EXPECT_EQ(logic::apply(r, parse(R"({"o":{"a":1,"b":2}})")), "x[object Object]");
}

TEST(LogicApply, LogicHeldInDataIsEvaluatedAndBounded) {
  // json-logic-js re-applies `missing` keys, so logic inside data runs.
  EXPECT_EQ(logic::apply(parse(R"({"missing":{"var":"k"}})"), parse(R"({"k":[{"cat":["a","b"]}],"ab":1})")),
            json::array());
  // Self-referencing: json-logic-js overflows its stack (RangeError); here a clean 504.
  try {
    (void)logic::apply(parse(R"({"missing":{"var":"k"}})"), parse(R"({"k":[{"missing":{"var":"k"}}]})"));
    ADD_FAILURE() << "no error";
  } catch (const carecompare::logic_error& e) {
    EXPECT_EQ(e.id(), carecompare::error_ids::logic_runtime) << e.what();
    EXPECT_EQ(e.path(), "");
  }
  // A key nested absurdly deep is refused before anything recurses into it.
  const json deep_key = json::parse(R"({"k":[)" + std::string(100000, '[') + "1" + std::string(100000, ']') + "]}");
  EXPECT_THROW((void)logic::test(logic::compile(parse(R"({"missing":{"var":"k"}})")), deep_key),
               carecompare::logic_error);
}

TEST(LogicDeviation, DeeplyNestedComputedValuesAreAnError) {
  const logic::rule wrap = logic::compile(parse(R"({"reduce":[{"var":"list"},[{"var":"accumulator"}],null]})"));
  json list = json::array();
  for (int i = 0; i < 3; ++i) list.push_back(i);
  EXPECT_EQ(logic::apply(wrap, {{"list", list}}), parse("[[[null]]]"));  // as json-logic-js
  for (int i = 3; i < 1000; ++i) list.push_back(i);
  EXPECT_THROW((void)logic::apply(wrap, {{"list", list}}), carecompare::logic_error);
}

TEST(LogicApply, DefaultRuleAndOneShotApply) {
  const logic::rule empty;
  EXPECT_EQ(logic::apply(empty, parse(R"({"a":1})")), nullptr);
  EXPECT_EQ(empty.root().op(), logic::op::literal);
  const json rule_json = parse(R"({"if":[{"var":"a"},"yes","no"]})");
  logic::rule r = logic::compile(rule_json);
  const logic::rule copy = r;
  const logic::rule moved = std::move(r);
  EXPECT_EQ(logic::apply(copy, parse(R"({"a":1})")), "yes");
  EXPECT_EQ(logic::apply(moved, parse(R"({"a":0})")), "no");
  EXPECT_EQ(logic::apply(rule_json, parse(R"({"a":[]})")), "no");
  EXPECT_EQ(copy.source(), rule_json);
}

// ---- log -------------------------------------------------------------------------------------

TEST(LogicLog, SinkReceivesJsonTextAndTheValueIsReturned) {
  std::vector<std::string> lines;
  logic::set_log_sink([&](std::string_view text) { lines.emplace_back(text); });
  EXPECT_EQ(logic::apply(parse(R"({"log":[{"+":[1,2]}]})"), nullptr), 3);
  EXPECT_EQ(logic::apply(parse(R"({"cat":[{"log":"a"},{"log":[[1,"b",null]]}]})"), nullptr), "a1,b,");
  // Unused arguments are evaluated too, as json-logic-js does.
  EXPECT_EQ(logic::apply(parse(R"({"!":[false,{"log":"unused"}]})"), nullptr), true);
  logic::set_log_sink(nullptr);
  EXPECT_EQ(lines, (std::vector<std::string>{"3", "\"a\"", "[1,\"b\",null]", "\"unused\""}));

  testing::internal::CaptureStderr();
  (void)logic::apply(parse(R"({"log":"to stderr"})"), nullptr);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "\"to stderr\"\n");
}

TEST(LogicLog, SinkCanBeSwappedWhileOtherThreadsLog) {
  std::atomic<int> first{0};
  std::atomic<int> second{0};
  logic::set_log_sink([&](std::string_view text) { first += text == "1" ? 1 : 100000; });
  const logic::rule r = logic::compile(parse(R"({"log":1})"));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&r] {
      for (int i = 0; i < 500; ++i) (void)logic::apply(r, nullptr);
    });
  }
  logic::set_log_sink([&](std::string_view text) { second += text == "1" ? 1 : 100000; });
  for (auto& t : threads) t.join();
  logic::set_log_sink(nullptr);
  EXPECT_EQ(first + second, 2000);
}

// ---- allocation ------------------------------------------------------------------------------

struct alloc_case {
  const char* rule;
  const char* data;
  const char* result;  // what apply gives (JSON)
};

// Rules of the kind the care catalog uses, and the data they run on.
const alloc_case common_rules[] = {
    {R"({"and":[{"in":[{"var":"site"},["bone","brain"]]},{">=":[{"var":"pain_score"},4]}]})",
     R"({"site":"bone","pain_score":6})", "true"},
    {R"({"some":[{"var":"sites"},{"in":[{"var":""},["bone","brain"]]}]})", R"({"sites":["liver","brain"]})", "true"},
    {R"({"if":[{"<":[{"var":"n"},2]},false,{"<":[{"var":"n"},10]},true,false]})", R"({"n":5})", "true"},
    {R"({"if":[{"<":[{"var":"n"},2]},1,{"<":[{"var":"n"},10]},2,3]})", R"({"n":50})", "3"},
    {R"({"==":[{"var":"a.b.c"},"x"]})", R"({"a":{"b":{"c":"x"}}})", "true"},
    {R"({"==":[{"var":"n"},"5"]})", R"({"n":5})", "true"},
    {R"({"!":{"var":"x"}})", R"({"x":[]})", "true"},
    {R"({"!!":[{"var":"x.0"}]})", R"({"x":[0]})", "false"},
    {R"({"or":[{"==":[{"var":"goal"},"stay-active"]},{">":[{"var":"site_count"},1]}]})",
     R"({"goal":"x","site_count":2})", "true"},
    {R"({"and":[{"var":"a"},{"var":"b"}]})", R"({"a":1,"b":0})", "0"},
    {R"({">":[{"+":[{"var":"a"},{"*":[{"var":"b"},2]},{"-":[{"var":"c"}]}]},10]})", R"({"a":5,"b":4,"c":1})", "true"},
    {R"({"-":[{"/":[{"var":"a"},4]},{"%":[{"var":"b"},3]}]})", R"({"a":10,"b":5})", "0.5"},
    {R"({"<=":[1,{"var":"n"},10]})", R"({"n":10})", "true"},
    {R"({"in":["ell",{"var":"s"}]})", R"({"s":"hello"})", "true"},
    {R"({"in":["Bart",["Bart","Homer","Lisa"]]})", "null", "true"},
    {R"({"missing":["a","b"]})", R"({"a":1,"b":"x"})", "[]"},
    {R"({"missing_some":[1,["a","b"]]})", R"({"b":"x"})", "[]"},
    {R"({"all":[{"var":"list"},{">":[{"var":""},0]}]})", R"({"list":[1,2,3]})", "true"},
    {R"({"none":[{"var":"list"},{"===":[{"var":""},2]}]})", R"({"list":[1,2,3]})", "false"},
    {R"({"reduce":[{"var":"list"},{"+":[{"var":"current"},{"var":"accumulator"}]},0]})", R"({"list":[1,2,3]})", "6"},
    {R"({"!=":[{"var":"s.length"},0]})", R"({"s":"abc"})", "true"},
    {R"({"===":[{"var":"sites.1"},"brain"]})", R"({"sites":["liver","brain"]})", "true"},
    {R"({"var":["nope",7]})", "{}", "7"},
    {R"({"max":[{"var":"a"},{"var":"b"},3]})", R"({"a":1,"b":4})", "4"},
    {R"({"?:":[{"var":"x"},{"var":"y"},null]})", R"({"x":"0","y":2.5})", "2.5"},
};

TEST(LogicAllocation, TestAllocatesNothingOnCommonRules) {
  for (const alloc_case& c : common_rules) {
    SCOPED_TRACE(c.rule);
    const logic::rule r = logic::compile(parse(c.rule));
    const json data = parse(c.data);
    const bool expected = logic::truthy(parse(c.result));
    bool got = false;
    EXPECT_EQ(allocations_of([&] { got = logic::test(r, data); }).count, 0);
    EXPECT_EQ(got, expected);
  }
}

TEST(LogicAllocation, ApplyWithScalarResultAllocatesNothing) {
  for (const alloc_case& c : common_rules) {
    SCOPED_TRACE(c.rule);
    const json expected = parse(c.result);
    if (expected.is_structured()) continue;  // an array result is allocated, by definition
    const logic::rule r = logic::compile(parse(c.rule));
    const json data = parse(c.data);
    json got;
    EXPECT_EQ(allocations_of([&] { got = logic::apply(r, data); }).count, 0);
    EXPECT_EQ(got, expected);
  }
}

TEST(LogicAllocation, PreparedDataAllocatesNothingEither) {
  for (const alloc_case& c : common_rules) {
    SCOPED_TRACE(c.rule);
    const logic::rule r = logic::compile(parse(c.rule));
    const logic::prepared_data data(parse(c.data));
    const json expected = parse(c.result);
    bool got = false;
    EXPECT_EQ(allocations_of([&] { got = logic::test(r, data); }).count, 0);
    EXPECT_EQ(got, logic::truthy(expected));
    if (expected.is_structured()) continue;  // an array result is allocated, by definition
    json value;
    EXPECT_EQ(allocations_of([&] { value = logic::apply(r, data); }).count, 0);
    EXPECT_EQ(value, expected);
  }
}

TEST(LogicAllocation, CounterSeesAllocations) {
  // The counter works: a computed string must be allocated.
  const logic::rule r = logic::compile(parse(R"({"cat":["a long string that is not small",{"var":"x"}]})"));
  const json data = parse(R"({"x":1})");
  json got;
  EXPECT_GT(allocations_of([&] { got = logic::apply(r, data); }).count, 0);
  EXPECT_EQ(got, "a long string that is not small1");
}

// ---- inspection ------------------------------------------------------------------------------

TEST(LogicInspection, NodeViewExposesTheCompiledTree) {
  const json source = parse(R"({"and":[{"in":[{"var":"site"},["bone","brain"]]},{">=":[{"var":["pain.score",0]},4]},)"
                            R"({"some":[{"var":"sites"},{"==":[{"var":""},"x"]}]},{"var":{"cat":["a","b"]}}]})");
  const logic::rule r = logic::compile(source);
  EXPECT_EQ(r.source(), source);
  const logic::node_view root = r.root();
  EXPECT_EQ(root.op(), logic::op::and_);
  EXPECT_EQ(root.name(), "and");
  EXPECT_EQ(root.size(), 4U);
  EXPECT_EQ(root.pointer(), "");
  EXPECT_EQ(root.literal(), source);
  EXPECT_THROW((void)root[4], std::out_of_range);

  const logic::node_view in = root[0];
  EXPECT_EQ(in.op(), logic::op::in);
  EXPECT_EQ(in.pointer(), "/and/0");
  const logic::node_view site = in[0];
  EXPECT_EQ(site.op(), logic::op::var);
  EXPECT_TRUE(site.has_constant_path());
  ASSERT_EQ(site.path().size(), 1U);
  EXPECT_EQ(site.path()[0], "site");
  EXPECT_EQ(site.pointer(), "/and/0/in/0");
  ASSERT_EQ(site.size(), 1U);
  EXPECT_EQ(site[0].op(), logic::op::literal);
  EXPECT_EQ(site[0].literal(), "site");
  EXPECT_EQ(site[0].pointer(), "/and/0/in/0/var");  // written without brackets
  EXPECT_EQ(in[1].op(), logic::op::literal);
  EXPECT_EQ(in[1].literal(), parse(R"(["bone","brain"])"));
  EXPECT_EQ(in[1].size(), 0U);

  const logic::node_view ge = root[1];
  EXPECT_EQ(ge.op(), logic::op::greater_equal);
  EXPECT_EQ(ge.name(), ">=");
  const logic::node_view pain = ge[0];
  EXPECT_EQ(std::vector<std::string>(pain.path().begin(), pain.path().end()),
            (std::vector<std::string>{"pain", "score"}));
  EXPECT_EQ(pain[1].literal(), 0);
  EXPECT_EQ(pain[1].pointer(), "/and/1/>=/0/var/1");

  const logic::node_view some = root[2];
  EXPECT_EQ(some.op(), logic::op::some);
  EXPECT_FALSE(some[0].scoped());
  EXPECT_TRUE(some[1].scoped());
  const logic::node_view element = some[1][0];
  EXPECT_TRUE(element.has_constant_path());
  EXPECT_TRUE(element.path().empty());  // the whole (scoped) data
  EXPECT_FALSE(in[0].scoped());

  const logic::node_view computed = root[3];
  EXPECT_EQ(computed.op(), logic::op::var);
  EXPECT_FALSE(computed.has_constant_path());
  EXPECT_TRUE(computed.path().empty());
  EXPECT_EQ(computed[0].op(), logic::op::cat);

  const logic::rule arr = logic::compile(parse(R"([1,{"var":"x"}])"));
  EXPECT_EQ(arr.root().op(), logic::op::array);
  EXPECT_EQ(arr.root().size(), 2U);
  EXPECT_EQ(arr.root()[1].pointer(), "/1");
  EXPECT_EQ(arr.root().name(), "");
}

TEST(LogicInspection, OperatorNamesRoundTrip) {
  const char* names[] = {
      "var", "missing", "missing_some", "if",  "?:",   "==",   "===",   "!=", "!==", "!",      "!!", "or",
      "and", "<",       "<=",           ">",   ">=",   "max",  "min",   "+",  "-",   "*",      "/",  "%",
      "map", "reduce",  "filter",       "all", "none", "some", "merge", "in", "cat", "substr", "log"};
  for (const char* name : names) {
    const std::optional<logic::op> o = logic::op_from_name(name);
    ASSERT_TRUE(o.has_value()) << name;
    EXPECT_EQ(logic::op_name(*o), name);
    EXPECT_EQ(logic::compile(json{{name, json::array({1, 2})}}).root().op(), *o) << name;
  }
  EXPECT_FALSE(logic::op_from_name("nope").has_value());
  EXPECT_EQ(logic::op_from_name("if"), logic::op::if_);
  EXPECT_EQ(logic::op_name(logic::op::literal), "");
}

// ---- the examples of logic.hpp's doc comments, compiled and checked
// ------------------------------

TEST(LogicDocs, HeaderExamplesDoWhatTheySay) {
  {
    const logic::rule r = logic::compile(
        nlohmann::json::parse(R"({"and":[{"in":[{"var":"site"},["bone","brain"]]},{">=":[{"var":"pain_score"},4]}]})"));
    const bool match = logic::test(r, {{"site", "bone"}, {"pain_score", 6}});
    EXPECT_TRUE(match);
    const nlohmann::json v = logic::apply(nlohmann::json::parse(R"({"cat":["a",1.5]})"), nullptr);
    EXPECT_EQ(v, "a1.5");
  }
  {
    auto r = logic::compile(nlohmann::json::parse(R"({"==":[{"var":"a.b"},"x"]})"));
    const logic::node_view eq = r.root();
    EXPECT_EQ(eq.op(), logic::op::equal);
    EXPECT_EQ(eq.size(), 2U);
    const logic::node_view v = eq[0];
    EXPECT_EQ(v.op(), logic::op::var);
    EXPECT_EQ(v.pointer(), "/==/0");
    const auto segments = v.path();
    EXPECT_EQ(std::vector<std::string>(segments.begin(), segments.end()), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(eq[1].literal(), "x");
  }
  EXPECT_EQ(logic::apply(logic::compile(nlohmann::json::parse(R"({"var":"a"})")), {{"a", 1}}), 1);
  const auto few = logic::compile(nlohmann::json::parse(R"({"if":[{"<":[{"var":"n"},2]},"few","many"]})"));
  EXPECT_EQ(logic::apply(few, {{"n", 1}}), "few");
  expect_compile_error(R"({"and":[true,{"nope":1}]})", carecompare::error_ids::logic_unknown_operator, "/and/1");
  EXPECT_EQ(logic::apply(logic::compile(nlohmann::json::parse(R"({"+":[1,"2"]})")), nullptr), 3);
  EXPECT_FALSE(logic::test(logic::compile(nlohmann::json::parse(R"({"missing":["a"]})")), {{"a", 1}}));
  EXPECT_FALSE(logic::truthy(nlohmann::json::array()));
  EXPECT_TRUE(logic::truthy("0"));
  std::vector<std::string> lines;
  logic::set_log_sink([&](std::string_view text) { lines.emplace_back(text); });
  (void)logic::apply(nlohmann::json::parse(R"({"log":"hi"})"), nullptr);
  logic::set_log_sink(nullptr);
  EXPECT_EQ(lines, std::vector<std::string>{"\"hi\""});
}

// ---- prepared data ---------------------------------------------------------------------------

TEST(LogicApplyInto, HeaderExampleDoesWhatItSays) {
  const logic::rule label = logic::compile(nlohmann::json::parse(R"({"cat":["pain ",{"var":"p"}]})"));
  nlohmann::json result;
  for (int p = 0; p < 3; ++p) {
    logic::apply_into(label, logic::prepared_data(nlohmann::json{{"p", p}}), result);
    EXPECT_EQ(result, "pain " + std::to_string(p));
  }
}

TEST(LogicApplyInto, ReusesTheStorageOfTheResult) {
  const logic::prepared_data data(
      parse(R"({"stage":4,"site":"bone","pain":6,"scores":[1,3,5,7],"age":61,"email":"a@b.c"})"));
  const struct {
    const char* rule;
    const char* result;
  } cases[] = {
      {R"({"cat":["Stage ",{"var":"stage"},", ",{"var":"site"},", pain ",{"var":"pain"},"/10"]})",
       R"("Stage 4, bone, pain 6/10")"},
      {R"({"if":[{"<":[{"var":"pain"},4]},"mild",{"<":[{"var":"pain"},7]},"moderate","severe"]})", R"("moderate")"},
      {R"({"map":[{"var":"scores"},{"*":[{"var":""},2]}]})", "[2,6,10,14]"},
      {R"({"missing":["age","weight_kg","ecog","a key long enough for the heap"]})",
       R"(["weight_kg","ecog","a key long enough for the heap"])"},
      {R"({"missing_some":[1,["phone","email"]]})", "[]"},
      {R"({"var":"site"})", R"("bone")"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.rule);
    const logic::rule r = logic::compile(parse(c.rule));
    json result;
    logic::apply_into(r, data, result);  // allocates what the result needs
    EXPECT_EQ(result, parse(c.result));
    // Over a result of the same shape: nothing new.
    EXPECT_EQ(allocations_of([&] { logic::apply_into(r, data, result); }).count, 0);
    EXPECT_EQ(result, parse(c.result));
  }
}

TEST(LogicApplyInto, WritesOverResultsOfAnotherShape) {
  const logic::prepared_data data(parse(R"({"list":["a","b","c"],"n":2})"));
  const logic::rule long_list = logic::compile(parse(R"({"map":[{"var":"list"},{"cat":[{"var":""},"!"]}]})"));
  const logic::rule short_list = logic::compile(parse(R"({"missing":["a","n"]})"));
  const logic::rule number = logic::compile(parse(R"({"+":[{"var":"n"},0.5]})"));
  json result;
  logic::apply_into(long_list, data, result);
  EXPECT_EQ(result, parse(R"(["a!","b!","c!"])"));
  logic::apply_into(short_list, data, result);  // fewer elements: the rest are dropped
  EXPECT_EQ(result, parse(R"(["a"])"));
  logic::apply_into(number, data, result);
  EXPECT_EQ(result, 2.5);
  logic::apply_into(long_list, data, result);
  EXPECT_EQ(result.dump(), R"(["a!","b!","c!"])");
}

TEST(LogicPrepared, SameResultsAsTheJsonToTheByte) {
  // Objects with many members (searched by hash), nesting, number forms, data returned whole.
  json wide = json::object();
  for (int i = 0; i < 40; ++i) wide["key" + std::to_string(i)] = i % 3 == 0 ? json(i) : json(std::to_string(i));
  const json data = {{"wide", wide},
                     {"a", {{"b", {{"c", json::array({1, 2.5, "x", nullptr, json::object({{"d", 3.0}})})}}}}},
                     {"big", 9007199254740993ULL},
                     {"neg", -7},
                     {"float", 3.0},
                     {"empty", json::object()},
                     {"list", json::array({"bone", "brain", 4, true})},
                     {"nums", json::array({1, 2.5, -0.0, 4})},
                     {"text", "héllo"},
                     {"dotted.key", 1}};
  const char* rules[] = {
      R"({"var":""})",
      R"({"var":"wide"})",
      R"({"var":"wide.key39"})",
      R"({"var":"wide.key0"})",
      R"({"var":"wide.nope"})",
      R"({"var":"a.b.c"})",
      R"({"var":"a.b.c.4.d"})",
      R"({"var":"a.b.c.1"})",
      R"({"var":"a.b.c.9"})",
      R"({"var":"a.b.c.length"})",
      R"({"var":"text.length"})",
      R"({"var":"text.1"})",
      R"({"var":"big"})",
      R"({"var":"float"})",
      R"({"var":"dotted.key"})",
      R"({"var":["nope.deeper", "default"]})",
      R"({"var":{"cat":["wi","de.key3"]}})",
      R"({"in":["bone",{"var":"list"}]})",
      R"({"in":[4,{"var":"list"}]})",
      R"({"in":[{"var":"list.0"},["bone","x"]]})",
      R"({"in":["ll",{"var":"text"}]})",
      R"({"==":[{"var":"neg"},-7]})",
      R"({"<":[{"var":"neg"},{"var":"float"}]})",
      R"({"<=":[-10,{"var":"neg"},0]})",
      R"({"===":[{"var":"a"},{"var":"a"}]})",
      R"({"===":[{"var":"list"},{"var":"list"}]})",
      R"({"==":[{"var":"a.b"},"[object Object]"]})",
      R"({"+":[{"var":"neg"},{"var":"float"},"2"]})",
      R"({"*":[{"var":"wide.key3"},{"var":"wide.key1"}]})",
      R"({"-":[{"var":"nope"}]})",
      R"({"cat":[{"var":"list"},"/",{"var":"a.b.c"},"/",{"var":"empty"}]})",
      R"({"missing":["a.b.c", "a.b.x", "wide.key1", "nope"]})",
      R"({"missing_some":[1,["nope","wide.key2"]]})",
      R"({"missing_some":[2,["a","nope","float","empty"]]})",
      R"({"missing_some":[3,["a","nope","float"]]})",
      R"({"missing":["text.length","list.1","list.9","a.b.c.0"]})",
      R"({"missing":[["a","nope"],"x"]})",
      R"({"missing":"empty"})",
      R"({"if":[{"missing":["nope"]},{"missing":["nope","a"]},"none"]})",
      R"({"cat":["x",{"var":"float"},{"var":"big"},{"var":"neg"},1e21,0.1,-0.0,123456789012,true,null]})",
      R"({"cat":[{"var":"nope"},{"var":"wide.key3"},{"var":"a"}]})",
      R"({"map":[{"var":"list"},{"cat":[{"var":""},"!"]}]})",
      R"({"filter":[{"var":"a.b.c"},{"!!":{"var":""}}]})",
      R"({"reduce":[{"var":"a.b.c"},{"+":[{"var":"current"},{"var":"accumulator"}]},0]})",
      R"({"reduce":[[1,2,3],{"+":[{"var":"current"},{"var":"accumulator"}]},{"var":"neg"}]})",
      R"({"all":[{"var":"list"},{"var":""}]})",
      R"({"some":[{"var":"list"},{"===":[{"var":""},true]}]})",
      R"({"merge":[{"var":"list"},{"var":"a.b.c"}]})",
      R"({"if":[{"var":"empty"},"yes","no"]})",
      R"({"!":{"var":"empty"}})",
      R"({"in":["x",{"var":"empty"}]})",
      R"({"log":{"var":"a"}})",
      R"({"substr":[{"var":"text"},1,3]})",
      R"({"max":[{"var":"neg"},{"var":"wide.key3"}]})",
      // What apply_into's reader writes, and where it hands over to the general path midway.
      R"({"map":[{"var":"nums"},{"*":[{"var":""},2]}]})",
      R"({"map":[{"var":"list"},{"*":[{"var":""},2]}]})",
      R"({"map":[{"var":"a.b.c"},{"+":[{"var":""},1]}]})",
      R"({"map":[{"var":"nope"},{"*":[{"var":""},2]}]})",
      R"({"map":[{"var":"text"},{"-":[{"var":""}]}]})",
      R"({"reduce":[{"var":"nums"},{"+":[{"var":"accumulator"},{"var":"current"}]},0]})",
      R"({"reduce":[{"var":"nums"},{"-":[{"var":"accumulator"},{"var":"current"}]},{"var":"neg"}]})",
      R"({"reduce":[{"var":"list"},{"+":[{"var":"accumulator"},{"var":"current"}]},0]})",
      R"({"if":[{"<":[{"var":"neg"},0]},{"var":"text"},{"var":"a"}]})",
      R"({"?:":[{"var":"float"},{"var":"wide"},1]})",
      R"({"if":[{">":[{"var":"neg"},0]},"pos",{"<":[{"var":"neg"},-100]},"low"]})",
      R"({"if":[{"var":"nope"},1,{"var":"nums.1"}]})",
      R"({"cat":["n=",{"var":"nums.1"},{"var":"nope"},true,null,-0.5,{"var":"a"}]})",
  };
  logic::set_log_sink([](std::string_view) {});
  for (const char* text : rules) {
    SCOPED_TRACE(text);
    expect_prepared_same(logic::compile(parse(text)), data);
  }
  for (const json& other : {json(nullptr), json(3), json("text"), json::array({1, json::array({2})}),
                            json::object({{"toString", 1}}), json::object({{"indexOf", 1}})}) {
    SCOPED_TRACE(other.dump());
    for (const char* text : rules) expect_prepared_same(logic::compile(parse(text)), other);
  }
  logic::set_log_sink(nullptr);
}

// apply_into picks its entry from the root's plan, chosen at compile time (a shaped predicate,
// numeric arithmetic, what the reader writes, or the evaluator straight away). Each plan, fed
// data of every type, must give what the general path gives on the JSON: where the fast entry
// cannot answer (a string where a number was expected, an absent member, null), it hands over.
TEST(LogicPrepared, EveryRootPlanAgreesWithTheGeneralPath) {
  const char* rules[] = {
      // predicates: comparisons of every shape, and/or/!/!! and quantifiers of them
      R"({"<":[{"var":"x"},4]})",
      R"({">=":[4,{"var":"x"}]})",
      R"({"==":[{"var":"x"},"5"]})",
      R"({"===":[{"var":"x"},5]})",
      R"({"!=":["positive",{"var":"a.b.c"}]})",
      R"({"!==":[{"var":"a.b.c"},"positive"]})",
      R"({"<":[1,{"var":"x"},9]})",
      R"({"<=":[5,{"var":"x"},5]})",
      R"({"<":[{"var":"x"},{"var":"y"}]})",
      R"({">":[{"/":[{"var":"x"},{"var":"y"}]},1]})",
      R"({"<=":[{"*":[{"var":"x"},{"var":"y"}]},{"+":[{"var":"y"},10]}]})",
      R"({"in":[{"var":"x"},["5","a"]]})",
      R"({"in":["a",{"var":"list"}]})",
      R"({"and":[{">=":[{"var":"x"},0]},{"in":[{"var":"s"},["bone","brain"]]}]})",
      R"({"or":[{"!":{"var":"x"}},{"!!":{"var":"y"}}]})",
      R"({"some":[{"var":"list"},{"==":[{"var":""},"a"]}]})",
      R"({"all":[{"var":"objs"},{"<":[{"var":"v"},{"var":"w"}]}]})",
      // numbers: arithmetic of every operator over leaves, -0, division by zero, NaN
      R"({"+":[{"var":"x"},{"var":"y"}]})",
      R"({"-":[{"var":"x"},{"var":"y"}]})",
      R"({"-":[{"var":"x"}]})",
      R"({"*":[{"var":"x"},{"var":"y"},2]})",
      R"({"/":[{"var":"x"},{"var":"y"}]})",
      R"({"%":[{"var":"x"},{"var":"y"}]})",
      R"({"/":[{"var":"x"},0]})",
      R"({"/":[0,0]})",
      R"({"max":[{"var":"x"},{"var":"y"},-0.0]})",
      R"({"min":[{"*":[{"var":"x"},{"var":"y"}]},{"var":"x"}]})",
      R"({"+":[{"min":[{"*":[{"var":"x"},{"var":"y"}]},100]},10]})",
      // what the reader writes: literals, leaves, if chains, cat, map, reduce
      R"("text")",
      R"(-0.0)",
      R"({"var":"a.b.c"})",
      R"({"if":[{"<":[{"var":"x"},4]},"mild",{"<":[{"var":"x"},7]},"moderate","severe"]})",
      R"({"?:":[{"==":[{"var":"s"},"bone"]},{"var":"x"},{"var":"y"}]})",
      R"({"cat":["x=",{"var":"x"},", s=",{"var":"s"}]})",
      R"({"map":[{"var":"list"},{"*":[{"var":""},2]}]})",
      R"({"map":[{"var":"list"},{"+":[1,{"var":""}]}]})",
      R"({"map":[{"var":"list"},{"-":[{"var":""},{"var":""}]}]})",
      R"({"map":[{"var":"list"},{"-":[0,{"var":""}]}]})",
      R"({"map":[{"var":"list"},{"/":[{"var":""},0]}]})",
      R"({"map":[{"var":"list"},{"/":[1,{"var":""}]}]})",
      R"({"map":[{"var":"list"},{"%":[{"var":""},3]}]})",
      R"({"map":[{"var":"list"},{"%":[7,{"var":null}]}]})",
      R"({"map":[{"var":"list"},{"*":[-1,0]}]})",
      R"({"map":[{"var":"x"},{"+":[{"var":""},1]}]})",
      R"({"cat":[{"var":"list"}]})",
      R"({"cat":["a","bc","def","ghij","klmnopq","rstuvwxy","z0123456789abcde","f0123456789abcdef",{"var":"x"}]})",
      R"({"cat":[{"var":"y"},-0.0,7,-7,999999999,-999999999,1000000000,-1000000000,0.5,-0.5,1e21,{"var":"x"}]})",
      R"({"reduce":[{"var":"list"},{"+":[{"var":"current"},{"var":"accumulator"}]},0]})",
      // missing and missing_some: written by the reader; a key through a string or `length`
      // hands over to the general path, which must then find the result untouched
      R"({"missing":["x","y","a.b.c"]})",
      R"({"missing":[["x","nope","s"]]})",
      R"({"missing_some":[1,["x","nope"]]})",
      R"({"missing_some":[3,["x","nope","a.b"]]})",
      R"({"missing":["x","s.0","list.length"]})",
      R"({"missing_some":[1,["nope","a.b.c.1"]]})",
      R"({"map":[{"var":"objs"},{"missing":["v","w"]}]})",
      // roots the reader never answers
      R"({"merge":[{"var":"list"},{"var":"x"}]})",
      R"({"substr":[{"var":"s"},1]})",
      R"({"filter":[{"var":"list"},{"var":""}]})",
      R"({"and":[{"var":"x"},{"var":"s"}]})",
  };
  const json datas[] = {
      parse(R"({"x":5,"y":2,"s":"bone","a":{"b":{"c":"positive"}},"list":["a",1,2],
                "objs":[{"v":1,"w":2},{"v":0.5,"w":1}]})"),
      parse(R"({"x":"5","y":"2","s":"brain","a":{"b":{"c":"negative"}},"list":[3,4],"objs":[{"v":"1","w":"2"}]})"),
      parse(R"({"x":-0.0,"y":0,"s":"","a":{"b":null},"list":[],"objs":[]})"),
      parse(R"({"x":null,"y":true,"s":5,"a":{"b":{"c":5}},"list":"a1","objs":{"v":1}})"),
      parse(R"({"x":"abc","y":[1],"s":["bone"],"a":"abc","list":[[1],{"a":1}]})"),
      parse(R"({"x":1e308,"y":1e308,"a":{"b":{"c":["positive"]}}})"),
      parse(R"({"x":-999999999,"y":-0.0,"list":[1,-0.0,-5,0,1e9,999999999,-999999999,0.5,-2.5,1e21,-1e308]})"),
      parse(R"({"x":1000000000,"y":123456789,"list":[1,null,2]})"),
      parse(R"({"x":0.1,"y":-1,"list":[1,"2",3]})"),
      parse(R"({})"),
      json(nullptr),
      json(4),
      json("text"),
      json::array({1, 2}),
  };
  for (const char* text : rules) {
    SCOPED_TRACE(text);
    const logic::rule r = logic::compile(parse(text));
    for (const json& data : datas) {
      SCOPED_TRACE(data.dump());
      expect_prepared_same(r, data);
    }
  }
  // And a few answers spelt out, so that a plan and the general path cannot agree on a mistake.
  const logic::prepared_data numbers(parse(R"({"x":5,"y":2,"s":"bone","a":{"b":{"c":"positive"}}})"));
  const logic::prepared_data texts(parse(R"({"x":"5","y":"2","s":"bone"})"));
  const auto into = [](const char* text, const logic::prepared_data& data) {
    json result = "stale";
    logic::apply_into(logic::compile(parse(text)), data, result);
    return result.dump();
  };
  EXPECT_EQ(into(R"({"<":[1,{"var":"x"},9]})", numbers), "true");
  EXPECT_EQ(into(R"({"<":[1,{"var":"x"},5]})", numbers), "false");
  EXPECT_EQ(into(R"({"<":[1,{"var":"x"},9]})", texts), "true");  // "5" compares as a number
  EXPECT_EQ(into(R"({"===":[{"var":"x"},5]})", texts), "false");
  EXPECT_EQ(into(R"({"==":[{"var":"x"},5]})", texts), "true");
  EXPECT_EQ(into(R"({"==":[{"var":"a.b.c"},"positive"]})", numbers), "true");
  EXPECT_EQ(into(R"({"/":[{"var":"x"},{"var":"y"}]})", numbers), "2.5");
  EXPECT_EQ(into(R"({"+":[{"var":"x"},{"var":"y"}]})", texts), "7");       // + parses its operands
  EXPECT_EQ(into(R"({"/":[{"var":"x"},0]})", numbers), "null");            // Infinity: not JSON
  EXPECT_EQ(into(R"({"-":[{"var":"x"},{"var":"s"}]})", numbers), "null");  // NaN
  EXPECT_EQ(into(R"({"-":[{"var":"x"},{"var":"nope"}]})", numbers), "5");  // absent: null, as 0
  EXPECT_EQ(into(R"({"<":[{"var":"nope"},4]})", numbers), "true");         // absent: null, as 0
  EXPECT_EQ(into(R"({"missing":["x","nope"]})", numbers), R"(["nope"])");
  const logic::prepared_data cat_data(parse(R"({"x":-0.0,"y":-999999999,"z":1000000000,"h":0.5,"list":[3,-0.0,-4]})"));
  EXPECT_EQ(into(R"({"cat":[{"var":"x"},"|",{"var":"y"},"|",{"var":"z"},"|",{"var":"h"},"|",-12,"|",0]})", cat_data),
            R"("0|-999999999|1000000000|0.5|-12|0")");
  EXPECT_EQ(into(R"({"map":[{"var":"list"},{"*":[{"var":""},2]}]})", cat_data), "[6,0,-8]");
  EXPECT_EQ(into(R"({"map":[{"var":"list"},{"-":[0,{"var":""}]}]})", cat_data), "[-3,0,4]");
  EXPECT_EQ(into(R"({"map":[{"var":"list"},{"/":[{"var":""},0]}]})", cat_data), "[null,null,null]");
  EXPECT_EQ(into(R"({"if":[{"<":[{"var":"x"},4]},"mild",{"<":[{"var":"x"},7]},"moderate","severe"]})", numbers),
            R"("moderate")");
}

// Every specialisation the compiler can choose (a shaped test, a numeric node, a var leaf,
// compiled missing keys, a cat of leaves, a numeric map or reduce, an if chain of labels) against
// the reference, where they would differ if they differed at all: operands at and around the
// literals they are compared with, and of every JSON type. The values of x and y run through
// the whole set, each pair once.
TEST(LogicSpecialisations, AgreeWithTheReferenceOnBoundaryValues) {
  std::vector<std::string> rules;
  for (const char* o : {"==", "===", "!=", "!==", "<", "<=", ">", ">="}) {
    const std::string op = o;
    rules.push_back(R"({")" + op + R"(":[{"var":"x"},4]})");
    rules.push_back(R"({")" + op + R"(":[4,{"var":"x"}]})");
    rules.push_back(R"({")" + op + R"(":[{"var":"x"},"4"]})");
    rules.push_back(R"({")" + op + R"(":["a",{"var":"x"}]})");
    rules.push_back(R"({")" + op + R"(":[{"var":"x"},{"var":"y"}]})");
    rules.push_back(R"({")" + op + R"(":[{"+":[{"var":"x"},1]},{"*":[{"var":"y"},2]}]})");
  }
  for (const char* o : {"<", "<="}) {
    const std::string op = o;
    rules.push_back(R"({")" + op + R"(":[1,{"var":"x"},4]})");
    rules.push_back(R"({")" + op + R"(":[4,{"var":"x"},4]})");
    rules.push_back(R"({")" + op + R"(":[{"var":"y"},{"var":"x"},4]})");
  }
  for (const char* o : {"+", "-", "*", "/", "%", "max", "min"}) {
    const std::string op = o;
    rules.push_back(R"({")" + op + R"(":[{"var":"x"},{"var":"y"}]})");
    rules.push_back(R"({")" + op + R"(":[{"var":"x"}]})");
    rules.push_back(R"({")" + op + R"(":[{"var":"x"},{"var":"y"},-0.0]})");
    rules.push_back(R"({"map":[{"var":"x"},{")" + op + R"(":[{"var":""},2]}]})");
    rules.push_back(R"({"map":[{"var":"x"},{")" + op + R"(":[3,{"var":""}]}]})");
  }
  for (const char* text : {R"({"in":["a",{"var":"x"}]})",
                           R"({"in":[{"var":"x"},["a","4",""]]})",
                           R"({"in":[{"var":"x"},[]]})",
                           R"({"and":[{"var":"x"},{"<":[{"var":"y"},3]}]})",
                           R"({"or":[{"!":{"var":"x"}},{"!!":[{"var":"y"}]}]})",
                           R"({"and":[]})",
                           R"({"or":[{"var":"x"},{"var":"y"}]})",
                           R"({"!":[]})",
                           R"({"some":[{"var":"x"},{"==":[{"var":""},4]}]})",
                           R"({"all":[{"var":"x"},{">":[{"var":""},0]}]})",
                           R"({"none":[{"var":"x"},{"var":""}]})",
                           R"({"some":[{"var":"x"},{"in":["a",{"var":""}]}]})",
                           R"({"var":"x"})",
                           R"({"var":"x.0"})",
                           R"({"var":"x.length"})",
                           R"({"var":"x.a"})",
                           R"({"var":["x",5]})",
                           R"({"var":""})",
                           R"({"missing":["x","y","x.a"]})",
                           R"({"missing":"x"})",
                           R"({"missing":[["x","y"]]})",
                           R"({"missing_some":[1,["x","y"]]})",
                           R"({"missing_some":[2,["x","y","z"]]})",
                           R"({"cat":["a",{"var":"x"},1.5,null,true,-0.0,{"var":"y"},"z"]})",
                           R"({"if":[{"<":[{"var":"x"},4]},"low",{"<=":[{"var":"x"},7]},"mid","high"]})",
                           R"({"if":[{"==":[{"var":"x"},"a"]},"yes"]})",
                           R"({"?:":[{"var":"x"},{"var":"y"},{"+":[{"var":"x"},1]}]})",
                           R"({"reduce":[{"var":"x"},{"+":[{"var":"current"},{"var":"accumulator"}]},0]})",
                           R"({"reduce":[{"var":"x"},{"*":[{"var":"current"},{"var":"accumulator"}]},{"var":"y"}]})",
                           R"({"reduce":[{"var":"x"},{"max":[{"var":"current"},{"var":"accumulator"}]},-1]})",
                           R"({"filter":[{"var":"x"},{">=":[{"var":""},1]}]})",
                           R"({"merge":[{"var":"x"},{"var":"y"}]})",
                           R"({"substr":[{"var":"x"},1,{"var":"y"}]})"}) {
    rules.emplace_back(text);
  }
  const char* values[] = {nullptr,
                          "null",
                          "true",
                          "false",
                          "0",
                          "-0.0",
                          "1",
                          "3.5",
                          "4",
                          "7",
                          "9",
                          "4.0000001",
                          "1e300",
                          "-1",
                          "\"\"",
                          "\"4\"",
                          "\"a\"",
                          "\"abc\"",
                          "\" 4 \"",
                          "[]",
                          "[1,2]",
                          "[4]",
                          "[\"a\",\"b\"]",
                          "[1,\"2\",null,-0.0]",
                          "{}",
                          "{\"a\":1}",
                          "[[1],{\"a\":\"x\"}]"};
  std::size_t checked = 0;
  for (const std::string& text : rules) {
    const logic::rule r = logic::compile(parse(text));
    for (const char* x : values) {
      for (const char* y : values) {
        json data = json::object();
        if (x != nullptr) data["x"] = parse(x);
        if (y != nullptr) data["y"] = parse(y);
        const std::string disagreement = every_path_disagreement(r, data);
        if (!disagreement.empty()) {
          ADD_FAILURE() << "rule " << text << " on " << data.dump() << ":" << disagreement;
          return;
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, rules.size() * std::size(values) * std::size(values));
}

// A constant path remembers where it found each member last time (a hint, checked before use).
// One rule over data of changing shapes (the member elsewhere, absent, not an object, many
// members) must find the right member every time, whatever the hint says.
TEST(LogicPrepared, MemberHintsNeverMisleadALookup) {
  const logic::rule deep = logic::compile(parse(R"({"==":[{"var":"p.t.r.her2"},"positive"]})"));
  const logic::rule value = logic::compile(parse(R"({"var":"p.t.r.her2"})"));
  const logic::rule sum = logic::compile(parse(R"({"+":[{"var":"a"},{"var":"b"},{"var":"c"}]})"));
  json wide = json::object();
  for (int i = 0; i < 40; ++i) wide["k" + std::to_string(i)] = i;
  wide["a"] = 1;
  wide["c"] = 3;
  const json datas[] = {
      parse(R"({"p":{"t":{"r":{"er":"x","pr":"y","her2":"positive"}}},"a":1,"b":2,"c":3})"),
      parse(R"({"p":{"t":{"r":{"her2":"negative"}},"q":1},"b":2,"zz":0,"a":5})"),
      parse(R"({"p":{"t":{"r":{"er":"x","her2b":"positive"}}},"c":3})"),
      parse(R"({"p":{"t":{"r":["positive"]}},"a":"1","b":[2],"c":null})"),
      parse(R"({"p":{"t":null},"a":{"b":2}})"),
      wide,
      parse(R"({"p":{"t":{"r":{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"her2":"positive"}}},"b":7})"),
  };
  std::vector<logic::prepared_data> prepared;
  for (const json& d : datas) prepared.emplace_back(d);
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < prepared.size(); ++i) {
      for (std::size_t j : {i, prepared.size() - 1 - i, i}) {  // each after another shape
        SCOPED_TRACE(datas[j].dump());
        for (const logic::rule* r : {&deep, &value, &sum}) {
          EXPECT_EQ(into_outcome(*r, prepared[j], json()), outcome(*r, datas[j]));
          EXPECT_EQ(test_outcome(*r, prepared[j]), test_outcome(*r, datas[j]));
        }
      }
    }
  }
}

// Keys and strings longer than 16 bytes are compared 8 bytes at a time: keys that differ only
// in their first, a middle or their last byte, or only in length, must each find their own member.
TEST(LogicPrepared, LongKeysAndStringsFindTheirOwnMember) {
  const std::string base(40, 'k');
  std::string first = base;
  first.front() = 'a';
  std::string middle = base;
  middle[20] = 'm';
  std::string last = base;
  last.back() = 'z';
  const json data = {{base, 1},     {first, 2}, {middle, 3}, {last, 4}, {base + "k", 5}, {base.substr(0, 17), 6},
                     {"text", base}};
  const logic::prepared_data prepared(data);
  const auto var = [](const std::string& key) { return logic::compile(json{{"var", key}}); };
  EXPECT_EQ(logic::apply(var(base), prepared), 1);
  EXPECT_EQ(logic::apply(var(first), prepared), 2);
  EXPECT_EQ(logic::apply(var(middle), prepared), 3);
  EXPECT_EQ(logic::apply(var(last), prepared), 4);
  EXPECT_EQ(logic::apply(var(base + "k"), prepared), 5);
  EXPECT_EQ(logic::apply(var(base.substr(0, 17)), prepared), 6);
  EXPECT_TRUE(logic::apply(var(base.substr(0, 18)), prepared).is_null());
  EXPECT_TRUE(logic::test(logic::compile(json{{"==", {json{{"var", "text"}}, base}}}), prepared));
  EXPECT_FALSE(logic::test(logic::compile(json{{"==", {json{{"var", "text"}}, last}}}), prepared));
  EXPECT_FALSE(logic::test(logic::compile(json{{"==", {json{{"var", "text"}}, middle}}}), prepared));
}

// Keys of up to 8 bytes are compared by their first 8 bytes (zero-padded) and their size: keys
// that share those bytes or differ only in a trailing NUL must each find their own member (next
// to an empty key), also when a member hint learnt on one of them is tried on data that lacks it.
/// Each of `keys` (the members of `all` besides) finds its own member, and none finds a twin
/// when its member is absent, also with member hints learnt on the other keys' data.
void expect_each_key_finds_its_member(const std::vector<std::string>& keys, json all) {
  for (std::size_t i = 0; i < keys.size(); ++i) all[keys[i]] = static_cast<int>(i);
  const logic::prepared_data everything(all);
  std::vector<logic::rule> rules;
  for (const std::string& k : keys) rules.push_back(logic::compile(json{{"var", json::array({k})}}));
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      SCOPED_TRACE(json(keys[i]).dump());
      EXPECT_EQ(logic::apply(rules[i], everything), static_cast<int>(i));
      json without = all;
      without.erase(keys[i]);
      EXPECT_EQ(logic::apply(rules[i], logic::prepared_data(without)), json()) << "found a twin of the key";
      EXPECT_EQ(logic::apply(rules[i], everything), static_cast<int>(i));
    }
  }
}

TEST(LogicPrepared, ShortKeysThatShareTheirHeadFindTheirOwnMember) {
  using namespace std::string_literals;
  expect_each_key_finds_its_member(
      {"a"s, "a\0"s, "\0"s, "abcdefgh"s, "abcdefgh\0"s, "abcdefghi"s, "abcdefgi"s, "abcdefg"s}, json{{"", -1}});
}

// Keys of 9 to 16 bytes are compared by their first 8 bytes, their size and their last 8 bytes:
// keys that share the first 8 and differ in any one byte after them must each find their own
// member, also when a member hint learnt on one of them is tried on data that lacks it.
// test() of a rule whose value is a number or one of a few labels is that value's truth: a
// number unless 0 or NaN, a label unless "", and false when no branch is taken (null).
TEST(LogicPrepared, TestOfANumberOrALabelIsTheTruthOfItsValue) {
  const logic::rule sum = logic::compile(parse(R"({"+":[{"var":"a"},1]})"));
  const logic::rule ratio = logic::compile(parse(R"({"/":[{"var":"a"},{"var":"b"}]})"));
  const logic::rule band = logic::compile(parse(R"({"if":[{"<":[{"var":"a"},1]},"",{"<":[{"var":"a"},2]},"x"]})"));
  const struct {
    const logic::rule* r;
    const char* data;
    bool want;
  } checks[] = {
      {&sum, R"({"a":-1})", false},
      {&sum, R"({"a":0})", true},
      {&sum, R"({"a":-0.0})", true},
      {&sum, R"({"a":"x"})", false},
      {&sum, R"({})", false},
      {&sum, R"({"a":"-1"})", false},
      {&ratio, R"({"a":0,"b":0})", false},
      {&ratio, R"({"a":1,"b":0})", true},
      {&ratio, R"({"a":0,"b":5})", false},
      {&band, R"({"a":0})", false},
      {&band, R"({"a":1})", true},
      {&band, R"({"a":5})", false},
      {&band, R"({"a":"q"})", false},
      {&band, R"({"a":"1.5"})", true},
      {&band, R"({})", false},
  };
  for (const auto& c : checks) {
    SCOPED_TRACE(c.r->source().dump() + " on " + c.data);
    const json data = parse(c.data);
    EXPECT_EQ(logic::test(*c.r, logic::prepared_data(data)), c.want);
    EXPECT_EQ(logic::test(*c.r, data), c.want);
  }
}

TEST(LogicPrepared, KeysOfNineToSixteenBytesFindTheirOwnMember) {
  expect_each_key_finds_its_member(
      {"abcdefghi", "abcdefghj", "abcdefgh12345678", "abcdefgh12345679", "abcdefgh02345678", "abcdefgh12045678",
       "abcdefghXyzw", "abcdefghXyzv", "abcdefghYyzw", "abcdefghXyzw0"},
      json::object());
}

// Prepared objects never hold a key twice (the lookups rely on it): building one that would
// is refused, with the key in the message.
TEST(LogicPrepared, ObjectsWithAKeyTwiceAreRefused) {
  const std::string a = "site";
  const std::string b = "site";
  const std::string c = "goal";
  logic::detail::pdoc doc;
  std::size_t k = doc.set_object({}, 3);
  doc.set_key(k, &a);
  doc.set_key(k + 1, &c);
  doc.set_key(k + 2, &b);
  try {
    doc.finish();
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("\"site\" twice"), std::string::npos) << e.what();
  }
  doc.clear();
  k = doc.set_object({}, 2);
  doc.set_key(k, &a);
  doc.set_key(k + 1, &c);
  EXPECT_NO_THROW(doc.finish());
}

// missing and missing_some on prepared data remember which keys are missing in one pass over
// up to 64 keys and look twice beyond: both give the keys in their order, as on the JSON.
TEST(LogicPrepared, MissingKeysComeInOrderBelowAndBeyondSixtyFourKeys) {
  for (const std::size_t count : {3U, 63U, 64U, 65U, 70U}) {
    json data = json::object();
    json keys = json::array();
    json expected = json::array();
    for (std::size_t k = 0; k < count; ++k) {
      const std::string key = "k" + std::to_string(k);
      keys.push_back(key);
      if (k == 0 || k == 2 || k + 1 == count || k == 63 || k == 64) {
        expected.push_back(key);  // absent
      } else if (k == 5) {
        data[key] = nullptr;
        expected.push_back(key);
      } else if (k == 6) {
        data[key] = "";
        expected.push_back(key);
      } else {
        data[key] = k;
      }
    }
    SCOPED_TRACE(count);
    const logic::prepared_data prepared(data);
    const std::size_t present = count - expected.size();
    const json rules[] = {{{"missing", keys}},
                          {{"missing", json::array({keys})}},
                          {{"missing_some", json::array({present, keys})}},
                          {{"missing_some", json::array({present + 1, keys})}},
                          {{"!", {{"missing", keys}}}}};
    for (const json& text : rules) {
      const logic::rule r = logic::compile(text);
      const std::string reference = outcome(r, data);
      EXPECT_EQ(outcome(r, prepared), reference) << text.dump().substr(0, 60);
      expect_into_same(r, prepared, reference);
      EXPECT_EQ(test_outcome(r, prepared), test_outcome(r, data));
    }
    EXPECT_EQ(logic::apply(logic::compile(rules[0]), prepared), expected);
    EXPECT_EQ(logic::apply(logic::compile(rules[2]), prepared), json::array());
    EXPECT_EQ(logic::apply(logic::compile(rules[3]), prepared), expected);
  }
}

// prepared_builder: the same data as prepared_data of the same JSON object, built from parts the
// caller keeps, with its storage reused from build to build.
TEST(LogicPreparedBuilder, GivesWhatPreparedDataOfTheSameJsonGives) {
  const std::vector<std::string> sites = {"bone", "liver"};
  const std::vector<std::string> none;
  const json fact = parse(R"({"score": 6, "tags": ["a", "b"]})");
  const json flag = true;
  const json source =
      parse(R"({"sites": ["bone", "liver"], "goals": [], "site_count": 2, "pain": {"score": 6, "tags": ["a", "b"]},
                                "flag": true})");
  const char* rules[] = {R"({"in":["bone",{"var":"sites"}]})",
                         R"({"var":"sites"})",
                         R"({"var":"goals"})",
                         R"({"var":"pain.tags.1"})",
                         R"({">=":[{"var":"pain.score"},{"var":"site_count"}]})",
                         R"({"missing":["flag","nope","pain.score"]})",
                         R"({"cat":[{"var":"site_count"},"-",{"var":"sites.0"}]})",
                         R"({"map":[{"var":"sites"},{"cat":[{"var":""},"!"]}]})",
                         R"({"var":""})"};
  logic::prepared_builder builder;
  for (int round = 0; round < 3; ++round) {  // the second and third builds reuse the storage
    builder.start_object(5);
    builder.member("flag", flag);
    builder.member_strings("sites", sites);
    builder.member("pain", fact);
    builder.member_strings("goals", none);
    builder.member("site_count", 2);
    const logic::prepared_view view = builder.finish();
    for (const char* text : rules) {
      SCOPED_TRACE(text);
      const logic::rule r = logic::compile(parse(text));
      EXPECT_EQ(logic::apply(r, view).dump(), logic::apply(r, source).dump());
      EXPECT_EQ(logic::test(r, view), logic::test(r, source));
      json into = "stale";
      logic::apply_into(r, view, into);
      EXPECT_EQ(into.dump(), logic::apply(r, source).dump());
    }
  }
  EXPECT_EQ(logic::apply(logic::compile(parse(R"({"var":""})")), logic::prepared_view()), json());
}

// Numbers given to the builder as JSON are read as prepared_data and apply() on the JSON read
// them: -0 and integers past 2^53 as the double JavaScript holds (JSON.parse gives -0, printed
// "0", and 9007199254740992 for 9007199254740993).
TEST(LogicPreparedBuilder, ReadsNumbersAsTheJsonPathsDo) {
  const logic::rule whole = logic::compile(parse(R"({"var":"a"})"));
  const logic::rule cat = logic::compile(parse(R"({"cat":[{"var":"a"}]})"));
  const logic::rule negative = logic::compile(parse(R"({"<":[{"/":[1,{"var":"a"}]},0]})"));
  for (const json& number : {json(-0.0), json(std::int64_t{9007199254740993}),
                             json(std::uint64_t{18446744073709551615ULL}), json(std::int64_t{-9007199254740993})}) {
    SCOPED_TRACE(number.dump());
    const json source = {{"a", number}};
    logic::prepared_builder builder;
    builder.start_object(1);
    builder.member("a", number);
    const logic::prepared_view view = builder.finish();
    for (const logic::rule* r : {&whole, &cat, &negative}) {
      const std::string want = logic::apply(*r, source).dump();
      EXPECT_EQ(logic::apply(*r, view).dump(), want);
      EXPECT_EQ(logic::apply(*r, logic::prepared_data(source)).dump(), want);
      json into = "stale";
      logic::apply_into(*r, view, into);
      EXPECT_EQ(into.dump(), want);
    }
  }
  logic::prepared_builder builder;
  builder.start_object(1);
  const json minus_zero = parse("-0.0");
  builder.member("a", minus_zero);
  EXPECT_TRUE(logic::test(negative, builder.finish()));  // 1 / -0 is -Infinity: the sign is kept
}

TEST(LogicPreparedBuilder, RefusesMisuse) {
  logic::prepared_builder builder;
  const json one = 1;
  EXPECT_THROW(builder.member("a", one), std::logic_error);  // before start_object()
  EXPECT_THROW((void)builder.finish(), std::logic_error);
  builder.start_object(1);
  builder.member("a", one);
  EXPECT_THROW(builder.member("b", one), std::logic_error);  // more than said
  builder.start_object(2);
  builder.member("a", one);
  EXPECT_THROW((void)builder.finish(), std::logic_error);  // fewer than said
  builder.start_object(2);
  builder.member("a", one);
  builder.member("a", 2);
  EXPECT_THROW((void)builder.finish(), std::invalid_argument);  // a key twice
}

TEST(LogicTestEach, AnswersWhatTestAnswersForEveryRule) {
  std::vector<logic::rule> rules;
  for (int k = 0; k < 40; ++k) {  // more rules than the engine loads ahead
    rules.push_back(logic::compile(parse(R"({"<":[{"var":"n"},)" + std::to_string(k) + "]}")));
  }
  rules.push_back(logic::compile(parse(R"({"missing":"n"})")));
  const logic::prepared_data data(parse(R"({"n": 17})"));
  logic::prepared_builder builder;
  builder.start_object(1);
  builder.member("n", 17);
  const logic::prepared_view view = builder.finish();
  const auto results = std::make_unique<bool[]>(rules.size());
  logic::test_each(rules, view, {results.get(), rules.size()});
  for (std::size_t k = 0; k < rules.size(); ++k) EXPECT_EQ(results[k], logic::test(rules[k], data)) << k;
  EXPECT_EQ(std::count(results.get(), results.get() + rules.size(), true), 40 - 18);
  EXPECT_THROW(logic::test_each(rules, view, {results.get(), rules.size() - 1}), std::invalid_argument);
}

// Kleene three-valued truth (test_unknown): what reads an unknown key is unknown, but where the
// connectives decide without it.
TEST(LogicUnknown, DecidesWhereTheLogicAllowsAndNowhereElse) {
  const std::string_view pain[] = {"pain"};
  const auto truth_of = [&](const char* rule, const json& data) {
    const logic::rule r = logic::compile(parse(rule));
    const logic::truth t = logic::test_unknown(r, data, pain);
    logic::prepared_builder builder;  // the same on prepared data
    builder.start_object(data.size());
    for (const auto& [key, value] : data.items()) builder.member(key, value);
    EXPECT_EQ(logic::test_unknown(r, builder.finish(), pain), t) << rule;
    return t;
  };
  using T = logic::truth;
  const json bone = parse(R"({"sites": ["bone"]})");
  const json liver = parse(R"({"sites": ["liver"]})");
  EXPECT_EQ(truth_of(R"({"<":[{"var":"pain"},4]})", bone), T::unknown);  // not null < 4: unknown
  EXPECT_EQ(truth_of(R"({"!":{"var":"pain"}})", bone), T::unknown);
  EXPECT_EQ(truth_of(R"({"!!":[{"var":"pain.level"}]})", bone), T::unknown);
  EXPECT_EQ(truth_of(R"({"or":[{"in":["bone",{"var":"sites"}]},{"<":[{"var":"pain"},4]}]})", bone), T::yes);
  EXPECT_EQ(truth_of(R"({"or":[{"in":["bone",{"var":"sites"}]},{"<":[{"var":"pain"},4]}]})", liver), T::unknown);
  EXPECT_EQ(truth_of(R"({"and":[{"in":["bone",{"var":"sites"}]},{"<":[{"var":"pain"},4]}]})", liver), T::no);
  EXPECT_EQ(truth_of(R"({"and":[{"in":["bone",{"var":"sites"}]},{"<":[{"var":"pain"},4]}]})", bone), T::unknown);
  EXPECT_EQ(truth_of(R"({"!":{"and":[{"in":["bone",{"var":"sites"}]},{"var":"pain"}]}})", liver), T::yes);
  EXPECT_EQ(truth_of(R"({"if":[{"in":["bone",{"var":"sites"}]},true,{"var":"pain"}]})", bone), T::yes);
  EXPECT_EQ(truth_of(R"({"if":[{"in":["bone",{"var":"sites"}]},true,{"var":"pain"}]})", liver), T::unknown);
  EXPECT_EQ(truth_of(R"({"if":[{"var":"pain"},true,true]})", bone), T::unknown);  // no case analysis
  EXPECT_EQ(truth_of(R"({"?:":[{"in":["liver",{"var":"sites"}]},false,{"<":[{"var":"pain"},4]}]})", liver), T::no);
  // missing and missing_some test for absence on purpose: an unknown key is absent to them.
  EXPECT_EQ(truth_of(R"({"missing":["pain"]})", bone), T::yes);
  EXPECT_EQ(truth_of(R"({"missing_some":[1,["pain","sites"]]})", bone), T::no);
  // Inside map, filter, all... var reads the element, not the data.
  EXPECT_EQ(truth_of(R"({"some":[{"var":"sites"},{"==":[{"var":""},"bone"]}]})", bone), T::yes);
  EXPECT_EQ(truth_of(R"({"some":[{"var":"sites"},{"==":[{"var":"pain"},1]}]})", bone), T::no);
  // Reading the whole data, or a computed path, may read the unknown key.
  EXPECT_EQ(truth_of(R"({"var":""})", bone), T::unknown);
  EXPECT_EQ(truth_of(R"({"var":{"cat":["si","tes"]}})", bone), T::unknown);
  // With nothing unknown, test()'s answer.
  const logic::rule r = logic::compile(parse(R"({"<":[{"var":"pain"},4]})"));
  EXPECT_EQ(logic::test_unknown(r, bone, {}), logic::truth::yes);  // null < 4, as json-logic-js
}

TEST(LogicUnknown, RulesSayWhichKeysTheyRead) {
  const logic::rule r = logic::compile(parse(
      R"({"and":[{"in":["bone",{"var":"sites"}]},{"<":[{"var":"pain.level"},4]},{"missing":["x"]},
                 {"some":[{"var":"goals"},{"==":[{"var":"y"},1]}]},{"var":["sites.0",{"var":"z"}]}]})"));
  EXPECT_THAT(std::vector<std::string>(r.keys_read().begin(), r.keys_read().end()),
              ::testing::ElementsAre("sites", "pain", "goals", "z"));
  EXPECT_FALSE(r.reads_any_key());
  EXPECT_TRUE(logic::compile(parse(R"({"var":{"cat":["a"]}})")).reads_any_key());
  EXPECT_TRUE(logic::compile(parse(R"({"!!":{"var":""}})")).reads_any_key());
  EXPECT_TRUE(logic::compile(parse("true")).keys_read().empty());
}

TEST(LogicPrepared, KeepsTheDataAndSharesItsState) {
  const json data = {{"site", "bone"}, {"pain_score", 6}};
  const logic::prepared_data prepared(data);
  EXPECT_EQ(prepared.source(), data);
  EXPECT_GT(prepared.prepared_bytes(), 0U);
  const logic::prepared_data copy = prepared;  // shares the prepared state
  EXPECT_EQ(&copy.source(), &prepared.source());
  const logic::prepared_data empty;
  EXPECT_TRUE(empty.source().is_null());
  const logic::rule r = logic::compile(parse(R"({"var":"site"})"));
  EXPECT_EQ(logic::apply(r, copy), "bone");
  EXPECT_EQ(logic::apply(r, empty), nullptr);
  // A braced list still means JSON data.
  EXPECT_EQ(logic::apply(r, {{"site", "liver"}}), "liver");
}

TEST(LogicPrepared, OnePreparedDataServesManyThreads) {
  const logic::prepared_data data(parse(R"({"sites":["lung","bone"],"n":41,"a":{"b":"x"}})"));
  const logic::rule r =
      logic::compile(parse(R"({"if":[{"some":[{"var":"sites"},{"in":[{"var":""},["bone","brain"]]}]},)"
                           R"({"+":[{"var":"n"},1]},{"var":"a.b"}]})"));
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        json result;
        logic::apply_into(r, data, result);
        if (logic::apply(r, data) != 42 || result != 42 || !logic::test(r, data)) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

// ---- threads ---------------------------------------------------------------------------------

TEST(LogicThreads, OneCompiledRuleServesManyThreads) {
  const logic::rule r =
      logic::compile(parse(R"({"if":[{"some":[{"var":"sites"},{"in":[{"var":""},["bone","brain"]]}]},)"
                           R"({"cat":["n=",{"var":"n"}]},{"+":[{"var":"n"},1]}]})"));
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&r, &wrong, t] {
      const logic::rule mine = r;  // copies share the compiled program
      for (int i = 0; i < 2000; ++i) {
        const int n = t * 10000 + i;
        const bool odd = (i % 2) != 0;
        const json data = {{"sites", odd ? json::array({"lung", "bone"}) : json::array({"lung"})}, {"n", n}};
        const json expected = odd ? json("n=" + std::to_string(n)) : json(n + 1);
        if (logic::apply(mine, data) != expected || !logic::test(mine, data)) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
