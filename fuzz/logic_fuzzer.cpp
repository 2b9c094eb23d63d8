// SPDX-License-Identifier: MIT
// Fuzz target: JsonLogic compile + apply.
//
// The input is JSON text: an array `[rule, data]` (as the conformance suite writes its cases)
// applies `rule` to `data`; any other JSON value is a rule applied to null. Compiling may fail
// with logic_error (501-503) and applying with logic_error 504; nothing else may escape, and
// `test()` must agree with the truthiness of `apply()` (wherever that is not null: see below).
#include <carecompare/carecompare.hpp>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "fuzz_common.hpp"

using namespace carecompare_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  quiet_log();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  nlohmann::json input;
  try {
    input = cc::parse_json(text);
  } catch (const cc::parse_error& e) {
    check_error(e);
    return 0;
  }
  const bool pair = input.is_array() && !input.empty() && input.size() <= 2;
  const nlohmann::json& rule_json = pair ? input[0] : input;
  const nlohmann::json rule_data = pair && input.size() == 2 ? input[1] : nlohmann::json();

  cc::logic::rule rule;
  try {
    rule = cc::logic::compile(rule_json);
  } catch (const cc::logic_error& e) {
    check_error(e);
    return 0;
  }
  bool applied = false, truthy = false, comparable = false, tested = false, test_result = false;
  try {
    const nlohmann::json result = cc::logic::apply(rule, rule_data);
    applied = true;
    truthy = cc::logic::truthy(result);
    // apply() gives null for undefined, NaN and +-Infinity (what JSON.stringify writes); JS
    // truthiness tells them apart (Infinity is truthy), and test() follows JS. So only a
    // non-null result says what test() must answer.
    comparable = !result.is_null();
    const std::string dumped = result.dump();  // throws on invalid UTF-8 in a string
    require(nlohmann::json::accept(dumped), "the result does not dump to JSON", dumped);
  } catch (const cc::logic_error& e) {
    check_error(e);
  }
  try {
    test_result = cc::logic::test(rule, rule_data);
    tested = true;
  } catch (const cc::logic_error& e) {
    check_error(e);
  }
  require(applied == tested, "apply() and test() disagree on failing", text);
  require(!comparable || truthy == test_result, "test() differs from truthy(apply())", text);
  return 0;
}
