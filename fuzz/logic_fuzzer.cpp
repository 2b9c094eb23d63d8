// SPDX-License-Identifier: MIT
// Fuzz target: JsonLogic compile + apply, every path against the reference.
//
// The input is JSON text: an array `[rule, data]` (as the conformance suite writes its cases)
// applies `rule` to `data`; any other JSON value is a rule applied to null. Compiling may fail
// with logic_error (501-503) and applying with logic_error 504; nothing else may escape. The
// reference evaluator (the semantics, no fast path) gives the expected outcome; apply() on the
// JSON and on prepared data, apply_into() over a result of another type and test() on both must
// give exactly that: the same JSON to the byte, the same truthiness, the same error id and path.
// The reference runs on the rule as written; the paths run with each pass (logic::pass) alone,
// all of them, and none.
#include <carecompare/carecompare.hpp>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "logic/access.hpp"
#include "logic/evaluator.hpp"

using namespace carecompare_fuzz;
namespace ld = carecompare::logic::detail;

namespace {

/// The JSON a call gives, dumped, or its error's id and path.
template <class F>
std::string outcome(F&& call) {
  try {
    return call();
  } catch (const cc::logic_error& e) {
    check_error(e);
    return "error " + std::to_string(e.id()) + " at " + e.path();
  }
}

std::string truth(bool b) { return b ? "true" : "false"; }

}  // namespace

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

  // The reference runs on the rule as written (no pass); each pass alone and all of them must
  // give its answers on every path.
  cc::logic::compile_options as_written;
  as_written.passes = cc::logic::pass::none;
  cc::logic::rule written;
  try {
    written = cc::logic::compile(rule_json, as_written);
  } catch (const cc::logic_error& e) {
    check_error(e);
    return 0;
  }
  const ld::program& program = ld::access::of(written);
  const cc::logic::prepared_data prepared(rule_data);
  const ld::value as_json = ld::from_json(rule_data, 0);
  const ld::value as_prepared = ld::value::prepared(ld::access::root(prepared));

  const std::string expected = outcome([&] {
    const std::string dumped = ld::apply_reference(program, as_json).dump();  // throws on invalid UTF-8
    require(nlohmann::json::accept(dumped), "the result does not dump to JSON", dumped);
    return dumped;
  });
  const std::string expected_test = outcome([&] { return truth(ld::test_reference(program, as_json)); });
  const auto agree = [&](const char* path, const std::string& got, const std::string& want) {
    if (got != want) require(false, path, std::string(text) + "\n  got: " + got + "\n  reference: " + want);
  };
  agree("the reference on prepared data differs from the reference on the JSON",
        outcome([&] { return ld::apply_reference(program, as_prepared).dump(); }), expected);
  for (const cc::logic::pass passes : {cc::logic::pass::none, cc::logic::pass::constant_fold, cc::logic::pass::text_set,
                                       cc::logic::pass::var_slots, cc::logic::pass::bind, cc::logic::pass::all}) {
    cc::logic::compile_options options;
    options.passes = passes;
    const cc::logic::rule rule = cc::logic::compile(rule_json, options);  // passes refuse nothing more
    agree("the reference on the rewritten rule differs from the reference",
          outcome([&] { return ld::apply_reference(ld::access::of(rule), as_json).dump(); }), expected);
    agree("apply() differs from the reference", outcome([&] { return cc::logic::apply(rule, rule_data).dump(); }),
          expected);
    agree("apply() on prepared data differs from the reference",
          outcome([&] { return cc::logic::apply(rule, prepared).dump(); }), expected);
    agree("apply_into() differs from the reference", outcome([&] {
            nlohmann::json result = nlohmann::json::array({"a result of another type", 1});
            cc::logic::apply_into(rule, prepared, result);
            return result.dump();
          }),
          expected);
    agree("test() differs from the reference", outcome([&] { return truth(cc::logic::test(rule, rule_data)); }),
          expected_test);
    agree("test() on prepared data differs from the reference",
          outcome([&] { return truth(cc::logic::test(rule, prepared)); }), expected_test);
  }
  return 0;
}
