// SPDX-License-Identifier: MIT
// limits.hpp: every bound, at its edge and past it, through every entry point a text reaches
// the library by (catalog text and values, circumstances, JsonLogic rules and data through
// parse_json); hostile values (a 100,000-deep document, a 50 MB string, 1e400, -0, lone
// surrogates, invalid UTF-8) get a clear error, never a crash or a stall. The C ABI and the CLI
// have the same cases in tests/c/c_api_test.c and tests/cli/test_cli.py.
//
// "Never a stall" is checked by counting work, not by timing it (unit tests run in Debug and
// under sanitizers on shared machines): what a refusal allocates (tests/allocation_count.hpp) is
// the same however far past the bound the input goes, or bounded by a small multiple of the
// input, so a refusal that builds the document it refuses, copies a text once per check, or
// decodes what it should refuse unread fails. The times live in the benchmarks (catalog_bench:
// limits/*).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <carecompare/carecompare.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include "util/json_depth.hpp"    // the library's depth check of values (src/)
#include "util/json_dispose.hpp"  // frees a value of bounded depth bottom-up (src/)
#include "util/utf8.hpp"          // the library's UTF-8 check (src/)

#include "allocation_count.hpp"
#include "catalog_support.hpp"

namespace cc = carecompare;
using carecompare_test::allocations_of;
using carecompare_test::builtin_json;
using carecompare_test::failure;
using carecompare_test::parse_failure;
using carecompare_test::problems_of;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace {

cc::catalog_error catalog_failure(std::string_view text, const cc::load_options& options = {}) {
  return failure<cc::catalog_error>([&] { (void)cc::catalog::from_json(text, options); });
}

cc::catalog_error catalog_failure_of_value(const json& doc) {
  return failure<cc::catalog_error>([&] { (void)cc::catalog::from_value(doc); });
}

/// Circumstances the way the C ABI and the CLI read them: text -> parse_json -> from_json -> filter.
void filter_text(std::string_view text) {
  (void)cc::catalog::builtin().filter(cc::circumstances::from_json(cc::parse_json(text)));
}

std::string nested(std::size_t depth, std::string_view open = "[", std::string_view close = "]") {
  std::string out;
  out.reserve(depth * (open.size() + close.size()));
  for (std::size_t i = 0; i < depth; ++i) out += open;
  for (std::size_t i = 0; i < depth; ++i) out += close;
  return out;
}

/// `{"!": {"!": ... true}}`: a rule `depth` objects deep.
json deep_rule(std::size_t depth) {
  json rule = true;
  for (std::size_t i = 0; i < depth; ++i) rule = json{{"!", std::move(rule)}};
  return rule;
}

}  // namespace

// ---- The defaults ------------------------------------------------------------------------------

TEST(Limits, DefaultsAreTheDocumentedOnes) {
  const cc::limits d;
  EXPECT_EQ(d.max_document_bytes, 64u << 20);
  EXPECT_EQ(d.max_json_depth, 256u);
  EXPECT_EQ(d.max_rule_depth, 128u);
  EXPECT_EQ(d.max_strategies, 100'000u);
  EXPECT_EQ(d.max_rules, 100'000u);
  EXPECT_EQ(d.max_text_bytes, 64u * 1024);
  EXPECT_EQ(d.max_problems, 1000u);
  EXPECT_EQ(cc::logic::compile_options{}.max_depth, d.max_rule_depth);
  EXPECT_EQ(cc::load_options{}.limits.max_json_depth, d.max_json_depth);
}

// ---- max_document_bytes ------------------------------------------------------------------------

TEST(DocumentSize, AtTheLimitParsesAndOneByteMoreIsRefused) {
  cc::limits small;
  small.max_document_bytes = 16;
  EXPECT_NO_THROW((void)cc::parse_json("[\"0123456789ab\"]", small));  // 16 bytes
  const auto e = parse_failure("[\"0123456789abc\"]", small);
  EXPECT_EQ(e.id(), cc::error_ids::parse_too_large);
  EXPECT_EQ(e.reason(), "document of 17 bytes is larger than the limit of 16 bytes (limits::max_document_bytes)");
}

TEST(DocumentSize, CatalogTextAndFilePastTheLimitAreRefusedUnread) {
  const std::string text = cc::catalog::builtin().to_json();
  cc::load_options options;
  options.limits.max_document_bytes = text.size();
  EXPECT_NO_THROW((void)cc::catalog::from_json(text, options));
  options.limits.max_document_bytes = text.size() - 1;
  const auto e = catalog_failure(text, options);
  EXPECT_EQ(e.id(), cc::error_ids::catalog_too_large);
  EXPECT_THAT(std::string(e.what()), HasSubstr("(limits::max_document_bytes)"));

  const auto path = std::filesystem::temp_directory_path() / "carecompare-limits-test-catalog.json";
  std::ofstream(path, std::ios::binary) << text;
  const auto f = failure<cc::catalog_error>([&] { (void)cc::catalog::from_file(path, options); });
  std::filesystem::remove(path);
  EXPECT_EQ(f.id(), cc::error_ids::catalog_io);
  EXPECT_THAT(std::string(f.what()), HasSubstr("larger than the limit of " + std::to_string(text.size() - 1)));
}

// ---- A 50 MB string: within the document limit, past the text limit ----------------------------

TEST(FiftyMegabyteString, IsParsedButNoCatalogTextMayBeThatLong) {
  const std::string huge(50u << 20, 'x');
  // parse_json takes it (64 MiB documents)...
  EXPECT_EQ(cc::parse_json("\"" + huge + "\"").get_ref<const std::string&>().size(), huge.size());
  // ...a catalog refuses it as a text, with the pointer of the text, having copied it a few times
  // at most (the parser's token and the refused string), never once per check or per byte.
  json doc = builtin_json();
  doc["strategies"][2]["purpose"] = huge;
  const std::string text = doc.dump();
  std::optional<cc::catalog_error> e;
  const auto work = allocations_of([&] { e.emplace(catalog_failure(text)); });
  // (about 5 times the text's bytes and 2,000 allocations, most of them the rest of the catalog)
  EXPECT_LT(work.bytes, 8 * static_cast<long long>(text.size()));
  EXPECT_LT(work.count, 10'000);
  ASSERT_EQ(e->problems().size(), 1u);
  EXPECT_EQ(e->problems()[0].id, cc::error_ids::catalog_limit);
  EXPECT_EQ(e->problems()[0].pointer, "/strategies/2/purpose");
  EXPECT_EQ(e->problems()[0].message,
            "text of 52428800 bytes is longer than the limit of 65536 bytes "
            "(limits::max_text_bytes)");
}

TEST(FiftyMegabyteString, AsASiteIdOrARuleIsAnOrdinaryError) {
  const std::string huge(50u << 20, 'x');
  const auto c = failure<cc::circumstances_error>([&] { filter_text("{\"sites\": [\"" + huge + "\"]}"); });
  EXPECT_EQ(c.id(), cc::error_ids::circumstances_unknown_id);
  EXPECT_EQ(c.path(), "/sites/0");
  // A rule reading a 50 MB name reads nothing; one comparing 50 MB strings compares them.
  const json data = cc::parse_json("{\"" + huge + "\": 1}");
  EXPECT_EQ(cc::logic::apply(json{{"var", huge}}, data), 1);
  EXPECT_EQ(cc::logic::apply(json{{"==", {huge, huge}}}, nullptr), true);
}

// ---- max_json_depth ----------------------------------------------------------------------------

TEST(JsonDepth, HundredThousandDeepIsRefusedInEveryEntryPoint) {
  // Refused by a scan before parsing: nothing is built for the levels, so refusing 100,000 levels
  // allocates exactly what refusing 257 (one past the limit) does, in every entry point.
  filter_text("{}");  // the builtin catalog's first use, not counted below
  for (const auto& [open, close] : {std::pair{"[", "]"}, std::pair{"{\"a\":", "}"}, std::pair{"[{\"a\":", "}]"}}) {
    const std::string deep = nested(100000, open, close);
    const std::string past = nested(257, open, close);
    SCOPED_TRACE(deep.substr(0, 12));
    // parse_json: what circumstances, rules and data go through in the C ABI and the CLI.
    std::optional<cc::parse_error> p;
    const auto parsed = allocations_of([&] { p.emplace(parse_failure(deep)); });
    EXPECT_EQ(p->id(), cc::error_ids::parse_too_deep);
    EXPECT_EQ(p->line(), 1u);
    EXPECT_THAT(std::string(p->what()), HasSubstr("nesting deeper than the limit of 256 (limits::max_json_depth)"));
    EXPECT_EQ(parsed.count, allocations_of([&] { (void)parse_failure(past); }).count);

    std::optional<cc::catalog_error> c;
    const auto loaded = allocations_of([&] { c.emplace(catalog_failure(deep)); });
    EXPECT_EQ(c->id(), cc::error_ids::catalog_too_deep);
    EXPECT_EQ(loaded.count, allocations_of([&] { (void)catalog_failure(past); }).count);

    const auto refuse_facts = [](const std::string& value) {
      const std::string text = "{\"facts\": " + value + "}";
      return allocations_of(
          [&] { EXPECT_EQ(failure<cc::parse_error>([&] { filter_text(text); }).id(), cc::error_ids::parse_too_deep); });
    };
    EXPECT_EQ(refuse_facts(deep).count, refuse_facts(past).count);
  }
}

TEST(JsonDepth, AtTheLimitParsesAndOneLevelMoreIsRefused) {
  cc::limits bounds;
  bounds.max_json_depth = 10;
  EXPECT_NO_THROW((void)cc::parse_json(nested(10), bounds));
  const auto e = parse_failure(nested(11), bounds);
  EXPECT_EQ(e.column(), 11u);  // the bracket that goes too deep
  EXPECT_EQ(e.byte(), 10u);
  // Brackets inside strings, escaped quotes included, do not count.
  EXPECT_NO_THROW((void)cc::parse_json("[\"\\\"" + std::string(100, '[') + "\"]", bounds));
  // Unbalanced closers neither count nor hide depth.
  EXPECT_EQ(parse_failure("]]]]" + nested(11), bounds).id(), cc::error_ids::parse_too_deep);
}

TEST(JsonDepth, CatalogValueBuiltInMemoryIsBoundedToo) {
  // A value an app builds is not parsed, so parse_json's bound does not apply; from_value checks
  // it (without recursion) before decoding copies it. 200,000 deep crashed the decoder's copy.
  json deep = 1;
  for (int i = 0; i < 200000; ++i) {
    json wrap = json::array();
    wrap.push_back(std::move(deep));
    deep = std::move(wrap);
  }
  json doc = builtin_json();
  doc["extensions"] = json::object();
  doc["extensions"]["app"] = std::move(deep);
  const auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_too_deep);
  EXPECT_THAT(problems[0].pointer, StartsWith("/extensions/app/0/0/0/"));
  EXPECT_EQ(std::count(problems[0].pointer.begin(), problems[0].pointer.end(), '/'), 256);
  EXPECT_EQ(problems[0].message, "nesting deeper than the limit of 256 (limits::max_json_depth)");

  // At the limit it loads (the document is 1, extensions 2, "app" 3 ... 256).
  json edge = json::array();
  for (int i = 0; i < 253; ++i) edge = json::array({std::move(edge)});
  doc["extensions"]["app"] = edge;
  EXPECT_NO_THROW((void)cc::catalog::from_value(doc));
  doc["extensions"]["app"] = json::array({edge});
  EXPECT_EQ(problems_of(doc).at(0).id, cc::error_ids::catalog_too_deep);
}

TEST(JsonDepth, ValueCheckNamesTheFirstContainerTooDeepInDocumentOrder) {
  // The one depth check of values in memory (catalog values, decoded values, rules).
  std::size_t depth = 99;
  EXPECT_EQ(cc::detail::find_too_deep(json(1), 0, &depth), std::nullopt);
  EXPECT_EQ(depth, 0u);  // scalars add no depth
  EXPECT_EQ(cc::detail::find_too_deep(json::array(), 0, &depth), "");
  EXPECT_EQ(depth, 1u);
  const json value = json::parse(R"({"a": [1, [2]], "b/~": [[[3]], {"c": {}}], "d": [[[[4]]]]})");
  EXPECT_EQ(cc::detail::find_too_deep(value, 5, &depth), std::nullopt);
  EXPECT_EQ(depth, 5u);  // the object and the four arrays of "d"
  // The first too deep in document order (keys in order), its keys escaped (RFC 6901).
  EXPECT_EQ(cc::detail::find_too_deep(value, 3, &depth), "/b~1~0/0/0");
  EXPECT_EQ(depth, 4u);
  EXPECT_EQ(cc::detail::find_too_deep(value, 2), "/a/1");
  EXPECT_EQ(cc::detail::find_too_deep(value, 4), "/d/0/0/0");
  // Any depth: no recursion.
  json deep = 1;
  for (int i = 0; i < 200000; ++i) {
    json wrap = json::array();
    wrap.push_back(std::move(deep));
    deep = std::move(wrap);
  }
  const std::string at = cc::detail::find_too_deep(deep, 256).value_or("none");
  EXPECT_EQ(std::count(at.begin(), at.end(), '/'), 256);
  EXPECT_EQ(cc::detail::find_too_deep(deep, 200000, &depth), std::nullopt);
  EXPECT_EQ(depth, 200000u);
}

TEST(JsonDepth, DisposeFreesBottomUpWithoutAllocatingAndAnyDepthSafely) {
  // What the CDS handler frees each call's body with: every container after its children, so
  // that nlohmann's destructor, which allocates a stack to flatten what it frees, has none to.
  const auto body = [] {
    return json::parse(R"({"prefetch": {"conditions": {"entry": [{"resource": {"code": {"coding": [{"code": "x"}]}}},
                          {"resource": {"id": "b", "list": [[1, "two", [3.0]], {}, []]}}]}}, "hook": "patient-view"})");
  };
  json value = body();
  EXPECT_EQ(carecompare_test::allocations_of([&] { cc::detail::dispose(value, 256); }).count, 0);
  EXPECT_TRUE(value.is_null());
  json same = body();
  EXPECT_GT(carecompare_test::allocations_of([&] { same = nullptr; }).count, 0);  // what it saves
  // Deeper than its bound: the rest is nlohmann's, and the recursion stops at the bound.
  json deep = 1;
  for (int i = 0; i < 200000; ++i) {
    json wrap = json::array();
    wrap.push_back(std::move(deep));
    deep = std::move(wrap);
  }
  cc::detail::dispose(deep, 256);
  EXPECT_TRUE(deep.is_null());
  json scalar = "text";
  cc::detail::dispose(scalar, 0);
  EXPECT_TRUE(scalar.is_null());
}

TEST(JsonDepth, DecodedValueIsBoundedWithThePointerOfTheSpot) {
  // decoder::decode(), decode<T>() and get<T>() take values built in memory too: 100,000 deep
  // is refused, not walked or copied, and reported where it sits in its document.
  json deep = 1;
  for (int i = 0; i < 100000; ++i) {
    json wrap = json::array();
    wrap.push_back(std::move(deep));
    deep = std::move(wrap);
  }
  json strategy = builtin_json()["strategies"][2];
  strategy["use_cases"] = std::move(deep);
  strategy["colour"] = "blue";  // not reported: the value is not decoded
  std::vector<cc::diagnostic> problems;
  cc::strategy out;
  cc::decoder(problems).decode(strategy, out, "/strategies/2");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_too_deep);
  EXPECT_THAT(problems[0].pointer, StartsWith("/strategies/2/use_cases/0/0/"));
  EXPECT_EQ(std::count(problems[0].pointer.begin(), problems[0].pointer.end(), '/'), 2 + 256);
  EXPECT_EQ(problems[0].message, "nesting deeper than the limit of 256 (limits::max_json_depth)");
  const auto e = failure<cc::catalog_error>([&] { (void)cc::decode<cc::strategy>(strategy); });
  EXPECT_EQ(e.id(), cc::error_ids::catalog_too_deep);
  EXPECT_THAT(e.path(), StartsWith("/use_cases/0/0/"));
  EXPECT_EQ(failure<cc::catalog_error>([&] { (void)strategy.get<cc::strategy>(); }).id(),
            cc::error_ids::catalog_too_deep);

  // At the limit it decodes (the strategy is 1, use_cases 2, each list one more).
  cc::limits bounds;
  bounds.max_json_depth = 3;
  strategy["use_cases"] = json::array({"a"});
  strategy.erase("colour");
  problems.clear();
  cc::decoder(problems, bounds).decode(strategy, out);
  EXPECT_TRUE(problems.empty());
  strategy["use_cases"] = json::array({json::array({json::array()})});
  cc::decoder(problems, bounds).decode(strategy, out, "/s");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pointer, "/s/use_cases/0/0");
  EXPECT_EQ(problems[0].message, "nesting deeper than the limit of 3 (limits::max_json_depth)");
}

// ---- max_rule_depth ----------------------------------------------------------------------------

TEST(RuleDepth, DeeperRulesAreRefusedBeforeCompiling) {
  EXPECT_NO_THROW((void)cc::logic::compile(deep_rule(128)));
  const auto e = failure<cc::logic_error>([] { (void)cc::logic::compile(deep_rule(129)); });
  EXPECT_EQ(e.id(), cc::error_ids::logic_too_deep);
  EXPECT_THAT(e.path(), StartsWith("/!/!/!/"));
  EXPECT_THAT(std::string(e.what()), HasSubstr("rule nested deeper than 128 levels"));
  cc::logic::compile_options shallow;
  shallow.max_depth = 3;
  EXPECT_EQ(failure<cc::logic_error>([&] { (void)cc::logic::compile(deep_rule(4), shallow); }).path(), "/!/!/!");
}

TEST(RuleDepth, HundredThousandDeepRuleValueIsAnErrorNotACrash) {
  // Built in memory, not parsed, so no parser limit stands in front of compile().
  const json rule = deep_rule(100000);
  EXPECT_EQ(failure<cc::logic_error>([&] { (void)cc::logic::compile(rule); }).id(), cc::error_ids::logic_too_deep);
  EXPECT_EQ(failure<cc::logic_error>([&] { (void)cc::logic::apply(rule, nullptr); }).id(),
            cc::error_ids::logic_too_deep);
}

TEST(RuleDepth, CatalogRulePastTheLimitPointsInsideTheRule) {
  json doc = builtin_json();
  doc["rules"][3]["when"] = deep_rule(129);
  const auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_bad_rule);
  EXPECT_THAT(problems[0].pointer, StartsWith("/rules/3/when/!/!/"));
  cc::load_options roomy;
  roomy.limits.max_rule_depth = 200;
  EXPECT_NO_THROW((void)cc::catalog::from_value(doc, roomy));
}

// ---- max_strategies, max_rules -----------------------------------------------------------------

TEST(Counts, AtTheLimitLoadsAndOneMoreIsRefused) {
  const json doc = builtin_json();
  cc::load_options exact;
  exact.limits.max_strategies = doc["strategies"].size();
  exact.limits.max_rules = doc["rules"].size();
  EXPECT_NO_THROW((void)cc::catalog::from_value(doc, exact));
  cc::load_options fewer = exact;
  --fewer.limits.max_strategies;
  auto problems = problems_of(doc, fewer);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_limit);
  EXPECT_EQ(problems[0].pointer, "/strategies");
  EXPECT_EQ(problems[0].message, "9 strategies is more than the limit of 8 (limits::max_strategies)");
  fewer = exact;
  --fewer.limits.max_rules;
  problems = problems_of(doc, fewer);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pointer, "/rules");
  EXPECT_EQ(problems[0].message, "12 rules is more than the limit of 11 (limits::max_rules)");
}

TEST(Counts, TooManyRulesAreRefusedBeforeAnyIsDecoded) {
  // 100,001 empty rules: decoding them would report 600,006 missing fields; the count is checked
  // first, so the one problem is the count, found before any rule is decoded.
  json doc = builtin_json();
  doc["rules"] = json::array();
  for (int i = 0; i <= 100000; ++i) doc["rules"].push_back(json::object());
  const auto problems = problems_of(doc);  // from a value and from its text, the same problems
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pointer, "/rules");
  EXPECT_EQ(problems[0].message, "100001 rules is more than the limit of 100000 (limits::max_rules)");
  // Decoding a rule allocates (its id, at least): fewer allocations than a tenth of the rules
  // means none was decoded. (About 200 from the value, 7,000 from the text, today.)
  const long long a_tenth = 100001 / 10;
  EXPECT_LT(allocations_of([&] { (void)catalog_failure_of_value(doc); }).count, a_tenth);
  const std::string text = doc.dump();
  EXPECT_LT(allocations_of([&] { (void)catalog_failure(text); }).count, a_tenth);
}

// ---- max_text_bytes ----------------------------------------------------------------------------

TEST(TextLength, AtTheLimitLoadsAndOneByteMoreIsRefusedWithItsPointer) {
  json doc = builtin_json();
  cc::load_options options;
  options.limits.max_text_bytes = 300;
  doc["disclaimer"] = std::string(300, 'd');
  EXPECT_NO_THROW((void)cc::catalog::from_value(doc, options));
  doc["disclaimer"] = std::string(301, 'd');
  doc["strategies"][0]["use_cases"][0] = std::string(298, 'u') + "\xC3\xA9";  // 300 bytes, 299 characters
  doc["strategies"][1]["use_cases"][0] = std::string(299, 'u') + "\xC3\xA9";  // 301 bytes
  const auto problems = problems_of(doc, options);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].pointer, "/disclaimer");
  EXPECT_EQ(problems[1].pointer, "/strategies/1/use_cases/0");
  for (const auto& p : problems) {
    EXPECT_EQ(p.id, cc::error_ids::catalog_limit);
    EXPECT_EQ(p.message, "text of 301 bytes is longer than the limit of 300 bytes (limits::max_text_bytes)");
  }
}

// ---- max_problems ------------------------------------------------------------------------------

TEST(Problems, HundredThousandBadRulesGiveABoundedReport) {
  // Each rule names a field the rule data object does not have ("site"): one problem per rule.
  json doc = builtin_json();
  json& rules = doc["rules"];
  rules = json::array();
  for (int i = 0; i < 100000; ++i) {
    rules.push_back({{"id", "r" + std::to_string(i)},
                     {"description", "d"},
                     {"when", {{"in", {"bone", {{"var", "site"}}}}}},
                     {"show", {"nutrition"}},
                     {"reason", "r"}});
  }
  const std::string text = doc.dump();
  std::optional<cc::catalog_error> e;
  const auto work = allocations_of([&] { e.emplace(catalog_failure(text)); });
  // The work grows with the rules, not faster: fewer than 200 allocations per rule (about 80 today,
  // to read, decode and check it) and fewer bytes than 100 times the text (about 50).
  EXPECT_LT(work.count, 200 * 100000);
  EXPECT_LT(work.bytes, 100 * static_cast<long long>(text.size()));
  ASSERT_EQ(e->problems().size(), 1000u);
  EXPECT_EQ(e->omitted(), 99000u);
  EXPECT_EQ(e->problems()[0].pointer, "/rules/0/when/in/1");
  EXPECT_EQ(e->problems()[999].pointer, "/rules/999/when/in/1");
  const std::string what = e->what();
  EXPECT_LT(what.size(), 1000u * 300);
  EXPECT_THAT(what, HasSubstr("(and 99999 more problems)"));
  EXPECT_THAT(what, ::testing::EndsWith("\n  ... and 99000 more problems not listed (limits::max_problems)"));
}

TEST(Problems, TheCapCanBeChangedAndAlwaysListsOne) {
  json doc = builtin_json();
  for (auto& s : doc["strategies"]) s["kind"] = "cure";  // 9 problems
  cc::load_options options;
  options.limits.max_problems = 4;
  const auto e = catalog_failure(doc.dump(), options);
  EXPECT_EQ(e.problems().size(), 4u);
  EXPECT_EQ(e.omitted(), 5u);
  options.limits.max_problems = 0;
  const auto one = catalog_failure(doc.dump(), options);
  EXPECT_EQ(one.problems().size(), 1u);
  EXPECT_EQ(one.omitted(), 8u);
  options.limits.max_problems = 9;
  const auto all = catalog_failure(doc.dump(), options);
  EXPECT_EQ(all.problems().size(), 9u);
  EXPECT_EQ(all.omitted(), 0u);
  EXPECT_THAT(std::string(all.what()), Not(HasSubstr("not listed")));
}

// ---- 1e400, -0, lone surrogates, invalid UTF-8: in every entry point ------------------------------

TEST(HostileValues, NumberOutOfRangeIsASyntaxErrorWithItsPosition) {
  const auto p = parse_failure("{\"facts\": {\"x\": 1e400}}");
  EXPECT_EQ(p.id(), cc::error_ids::parse_syntax);
  EXPECT_EQ(p.column(), 17u);
  EXPECT_THAT(p.reason(), HasSubstr("1e400"));
  json doc = builtin_json();
  std::string text = doc.dump();
  text.replace(text.find("\"weight\":2"), 10, "\"weight\":1e400");
  const auto c = catalog_failure(text);
  EXPECT_EQ(c.id(), cc::error_ids::catalog_syntax);
  EXPECT_EQ(c.problems()[0].line, 1u);
  EXPECT_THAT(c.problems()[0].message, HasSubstr("1e400"));
  EXPECT_EQ(failure<cc::parse_error>([] { filter_text("{\"sites\": [], \"facts\": {\"n\": -1e400}}"); }).id(),
            cc::error_ids::parse_syntax);
  EXPECT_EQ(parse_failure("[{\"+\": [1e400, 1]}, null]").id(), cc::error_ids::parse_syntax);  // a rule
}

TEST(HostileValues, MinusZeroIsZeroEverywhere) {
  EXPECT_EQ(cc::parse_json("-0"), 0);
  EXPECT_EQ(cc::logic::apply(cc::parse_json(R"({"==": [-0, 0]})"), nullptr), true);
  EXPECT_EQ(cc::logic::apply(cc::parse_json(R"({"cat": [-0, "|", -0.0]})"), nullptr), "0|0");  // as JS prints it
  EXPECT_EQ(cc::logic::apply(cc::parse_json(R"({"var": "a"})"), cc::parse_json(R"({"a": -0})")).dump(), "0");
  // A weight of -0 is a weight of zero: the option is shown with score 0, written "0".
  json doc = builtin_json();
  std::string text = doc.dump();
  text.replace(text.find("\"weight\":2"), 10, "\"weight\":-0");
  const auto cat = cc::catalog::from_json(text);
  const auto r = cat.filter(cc::circumstances::from_json(cc::parse_json(R"({"sites": ["bone", "liver"]})")));
  const json j = r.to_json();
  ASSERT_EQ(j["relevant"].back()["id"], "systemic-therapy");
  EXPECT_EQ(j["relevant"].back()["score"].dump(), "0");
}

TEST(HostileValues, LoneSurrogatesAndInvalidUtf8AreRefusedInEveryText) {
  const std::vector<std::string> bad_strings = {R"("\ud800")", R"("\udc00x")", R"("a\ud83d")", "\"\xED\xA0\x80\"",
                                                "\"caf\xC3\"", "\"\xFF\"",     "\"\xC0\xAF\""};
  for (const auto& s : bad_strings) {
    SCOPED_TRACE(s);
    EXPECT_EQ(parse_failure("[" + s + "]").id(), cc::error_ids::parse_syntax);                  // rule or data
    EXPECT_EQ(failure<cc::parse_error>([&] { filter_text("{\"sites\": [" + s + "]}"); }).id(),  // circumstances
              cc::error_ids::parse_syntax);
    json doc = builtin_json();
    std::string text = doc.dump();
    text.replace(text.find("\"Systemic Therapy\""), 18, s);
    const auto c = catalog_failure(text);  // catalog text
    EXPECT_EQ(c.id(), cc::error_ids::catalog_syntax);
    EXPECT_EQ(cc::detail::find_invalid_utf8(c.what()), std::string::npos) << "the message itself is UTF-8";
  }
  // A JSON value built in memory (not parsed) with invalid UTF-8 in a catalog text.
  json doc = builtin_json();
  doc["strategies"][0]["name"] = "Systemic \xFF";
  const auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_bad_text);
  EXPECT_EQ(problems[0].pointer, "/strategies/0/name");
}

TEST(HostileValues, ErrorMessagesQuoteTheInputEscaped) {
  // A message that quotes what it was given stays one line of valid UTF-8: control characters
  // (newlines, terminal escapes) as \u00NN and invalid bytes as \xNN, so it cannot forge log
  // lines or drive a terminal. path() keeps the pointer as given.
  const auto none_raw = [](const std::string& s) {
    return s.find_first_of(std::string("\n\r\x1B\x07", 4)) == std::string::npos &&
           cc::detail::find_invalid_utf8(s) == std::string::npos;
  };
  const auto c = failure<cc::circumstances_error>(
      [] { filter_text(R"({"sites": ["bone\n[carecompare.fake] \u001b[31mred\u0007"]})"); });
  EXPECT_THAT(std::string(c.what()),
              HasSubstr(R"(unknown sites id "bone\u000A[carecompare.fake] \u001B[31mred\u0007")"));
  EXPECT_TRUE(none_raw(c.what()));
  cc::circumstances in_memory;  // not parsed: invalid UTF-8 can arrive this way
  in_memory.goals = {"re\xFFst"};
  const auto m = failure<cc::circumstances_error>([&] { (void)cc::catalog::builtin().filter(in_memory); });
  EXPECT_THAT(std::string(m.what()), HasSubstr(R"("re\xFFst")"));
  EXPECT_TRUE(none_raw(m.what()));
  const auto f = failure<cc::circumstances_error>([] { filter_text(R"({"facts": {"a\nb": 1}})"); });
  EXPECT_EQ(f.path(), "/facts/a\nb");
  EXPECT_TRUE(none_raw(f.what()));

  const auto l = failure<cc::logic_error>([] { (void)cc::logic::compile(json{{"no\npe\x1B", 1}}); });
  EXPECT_THAT(std::string(l.what()), HasSubstr(R"(unknown operator "no\u000Ape\u001B")"));
  EXPECT_TRUE(none_raw(l.what()));

  json doc = builtin_json();
  doc["strategies"][0]["colour\n\x1B[2J"] = 1;
  doc["strategies"][1]["kind"] = "cure\r\nforged line";
  const auto e = catalog_failure(doc.dump());
  ASSERT_EQ(e.problems().size(), 2u);
  EXPECT_EQ(e.problems()[0].pointer, "/strategies/0/colour\n\x1B[2J");  // as given
  EXPECT_THAT(e.problems()[0].to_string(), StartsWith(R"(/strategies/0/colour\u000A\u001B[2J: )"));
  EXPECT_THAT(e.problems()[1].to_string(), HasSubstr(R"("cure\u000D\u000Aforged line")"));
  const std::string what = e.what();
  EXPECT_EQ(std::count(what.begin(), what.end(), '\n'), 1) << "one line per problem";
  EXPECT_EQ(what.find('\x1B'), std::string::npos);
}
