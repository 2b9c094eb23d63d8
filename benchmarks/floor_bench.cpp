// SPDX-License-Identifier: MIT
// The floor under the JsonLogic targets of issue 26: each case of benchmarks/cases/ compiled by
// hand to C++ that reads the same prepared data through the same hinted member lookups
// (find_segment) and writes the same nlohmann::json result the same way (assign_*, array_writer)
// as apply_into() and apply(). No rewriting of a rule inside an interpreter can run faster than
// its case does here; what is left between the two is the cost of interpreting. Each hand-written
// function is checked against apply_into() on the case's data before anything is timed (the
// program exits 1 if one differs). Not a test of the library, and not code the library runs.
//   floor/apply_into/<case>      apply_into(rule, prepared_data, result), as logic_bench
//   floor/hand_into/<case>       the hand-written function, over the last result
#include <benchmark/benchmark.h>

#include <algorithm>
#include <carecompare/logic.hpp>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_common.hpp"
#include "logic/access.hpp"
#include "logic/program.hpp"
#include "logic/text.hpp"
#include "logic/value.hpp"

namespace {

namespace logic = carecompare::logic;
using nlohmann::json;
using namespace carecompare::logic::detail;

/// A hand-compiled case: writes the rule's value over `out`; false when the data has a shape
/// the function was not written for (the check then fails).
using hand_fn = bool (*)(const pnode& data, json& out);

/// A member of `object` by a segment made once, as a compiled rule's `var` holds it.
const pnode* member(const pnode& object, const path_segment& seg) noexcept {
  return object.kind == vk::pobj_ref ? find_segment(object, seg) : nullptr;
}
const pnode* number_member(const pnode& object, const path_segment& seg) noexcept {
  const pnode* m = member(object, seg);
  return m != nullptr && m->kind == vk::number ? m : nullptr;
}
const pnode* text_member(const pnode& object, const path_segment& seg) noexcept {
  const pnode* m = member(object, seg);
  return m != nullptr && m->kind == vk::str_ref ? m : nullptr;
}
const pnode* list_member(const pnode& object, const path_segment& seg) noexcept {
  const pnode* m = member(object, seg);
  return m != nullptr && m->kind == vk::parr_ref ? m : nullptr;
}
bool is_text(const pnode& n, const std::string& text) noexcept {
  return n.kind == vk::str_ref && same_text(*n.u.s, text);
}
bool list_has(const pnode& list, const std::string& text) noexcept {
  return std::any_of(list.u.elems, list.u.elems + list.size, [&](const pnode& e) { return is_text(e, text); });
}
/// The value JsonLogic's `missing` counts as not given: absent, null or "".
bool given(const pnode* m) noexcept {
  return m != nullptr && m->kind != vk::null && !(m->kind == vk::str_ref && m->u.s->empty());
}
void append_number(std::string& s, double d) { s.append(js_number_to_string(d).view()); }

struct keys {
  path_segment site = make_segment("site"), pain_score = make_segment("pain_score"), sites = make_segment("sites"),
               goals = make_segment("goals"), symptoms = make_segment("symptoms"), age = make_segment("age"),
               ecog = make_segment("ecog"), prior_trial = make_segment("prior_trial"),
               weight_kg = make_segment("weight_kg"), stage = make_segment("stage"), phone = make_segment("phone"),
               email = make_segment("email"), address = make_segment("address"), height_m = make_segment("height_m"),
               minutes_per_session = make_segment("minutes_per_session"), sessions = make_segment("sessions"),
               max_minutes = make_segment("max_minutes"), receptor_status = make_segment("receptor_status"),
               walks = make_segment("walks"), scores = make_segment("scores"), patient = make_segment("patient"),
               tumor = make_segment("tumor"), receptors = make_segment("receptors"), her2 = make_segment("her2"),
               labs = make_segment("labs"), value = make_segment("value"), limit = make_segment("limit");
};
// At namespace scope, made before main(): as function-local statics, each use would test a guard.
keys k;
struct texts {
  std::string bone = "bone", brain = "brain", liver = "liver", lung = "lung", stay_active = "stay-active",
              anxiety = "anxiety", wellbeing = "emotional-wellbeing", positive = "positive", her2 = "HER2+",
              mild = "mild", moderate = "moderate", severe = "severe";
  std::string missing_keys[4] = {"age", "weight_kg", "ecog", "stage"};
  std::string contact_keys[3] = {"phone", "email", "address"};
};
const texts t;

bool site_and_pain(const pnode& d, json& out) {
  const pnode* site = text_member(d, k.site);
  if (site == nullptr) return false;
  bool r = is_text(*site, t.bone) || is_text(*site, t.brain);
  if (r) {
    const pnode* pain = number_member(d, k.pain_score);
    if (pain == nullptr) return false;
    r = pain->u.num >= 4;
  }
  assign_scalar<json::boolean_t>(out, r);
  return true;
}
bool some_sites(const pnode& d, json& out) {
  const pnode* sites = list_member(d, k.sites);
  if (sites == nullptr) return false;
  assign_scalar<json::boolean_t>(out, std::any_of(sites->u.elems, sites->u.elems + sites->size, [](const pnode& e) {
                                   return is_text(e, t.bone) || is_text(e, t.brain);
                                 }));
  return true;
}
bool goal_in_list(const pnode& d, json& out) {
  const pnode* goals = list_member(d, k.goals);
  if (goals == nullptr) return false;
  assign_scalar<json::boolean_t>(out, list_has(*goals, t.stay_active));
  return true;
}
bool symptom_or_goal(const pnode& d, json& out) {
  const pnode* symptoms = list_member(d, k.symptoms);
  if (symptoms == nullptr) return false;
  bool r = list_has(*symptoms, t.anxiety);
  if (!r) {
    const pnode* goals = list_member(d, k.goals);
    if (goals == nullptr) return false;
    r = list_has(*goals, t.wellbeing);
  }
  assign_scalar<json::boolean_t>(out, r);
  return true;
}
bool eligibility(const pnode& d, json& out) {
  const pnode* age = number_member(d, k.age);
  if (age == nullptr) return false;
  bool r = age->u.num >= 18;
  if (r) {
    const pnode* ecog = number_member(d, k.ecog);
    if (ecog == nullptr) return false;
    r = ecog->u.num <= 2;
  }
  if (r) {
    const pnode* prior = member(d, k.prior_trial);
    if (prior == nullptr || prior->kind != vk::boolean) return false;
    r = !prior->flag;
  }
  if (r) {
    const pnode* site = text_member(d, k.site);
    if (site == nullptr) return false;
    r = is_text(*site, t.bone) || is_text(*site, t.liver) || is_text(*site, t.lung);
  }
  assign_scalar<json::boolean_t>(out, r);
  return true;
}
bool age_between(const pnode& d, json& out) {
  const pnode* age = number_member(d, k.age);
  if (age == nullptr) return false;
  assign_scalar<json::boolean_t>(out, 18 <= age->u.num && age->u.num <= 75);
  return true;
}
bool missing(const pnode& d, json& out) {
  const path_segment* segs[] = {&k.age, &k.weight_kg, &k.ecog, &k.stage};
  array_writer w(out);
  for (std::size_t i = 0; i < 4; ++i) {
    if (!given(member(d, *segs[i]))) assign_text(w.next(), t.missing_keys[i]);
  }
  w.finish();
  return true;
}
bool missing_some(const pnode& d, json& out) {
  const path_segment* segs[] = {&k.phone, &k.email, &k.address};
  bool found[3];
  int count = 0;
  for (std::size_t i = 0; i < 3; ++i) count += (found[i] = given(member(d, *segs[i]))) ? 1 : 0;
  array_writer w(out);
  if (count < 1) {
    for (std::size_t i = 0; i < 3; ++i) {
      if (!found[i]) assign_text(w.next(), t.contact_keys[i]);
    }
  }
  w.finish();
  return true;
}
bool bmi(const pnode& d, json& out) {
  const pnode* w = number_member(d, k.weight_kg);
  const pnode* h = number_member(d, k.height_m);
  if (w == nullptr || h == nullptr) return false;
  assign_number(out, w->u.num / (h->u.num * h->u.num));
  return true;
}
bool activity_minutes(const pnode& d, json& out) {
  const pnode* a = number_member(d, k.minutes_per_session);
  const pnode* b = number_member(d, k.sessions);
  const pnode* c = number_member(d, k.max_minutes);
  if (a == nullptr || b == nullptr || c == nullptr) return false;
  assign_number(out, std::min(a->u.num * b->u.num, c->u.num) + 10);
  return true;
}
bool cat_label(const pnode& d, json& out) {
  const pnode* stage = number_member(d, k.stage);
  const pnode* site = text_member(d, k.site);
  const pnode* pain = number_member(d, k.pain_score);
  if (stage == nullptr || site == nullptr || pain == nullptr) return false;
  std::string& s = reuse_string(out);
  s.append("Stage ");
  append_number(s, stage->u.num);
  s.append(", ");
  s.append(*site->u.s);
  s.append(", pain ");
  append_number(s, pain->u.num);
  s.append("/10");
  return true;
}
bool string_in(const pnode& d, json& out) {
  const pnode* status = text_member(d, k.receptor_status);
  if (status == nullptr) return false;
  assign_scalar<json::boolean_t>(out, status->u.s->find(t.her2) != std::string::npos);
  return true;
}
bool pain_band(const pnode& d, json& out) {
  const pnode* pain = number_member(d, k.pain_score);
  if (pain == nullptr) return false;
  const double x = pain->u.num;
  assign_text(out, x < 4 ? t.mild : x < 7 ? t.moderate : t.severe);
  return true;
}
bool weekly_walks(const pnode& d, json& out) {
  const pnode* walks = list_member(d, k.walks);
  if (walks == nullptr) return false;
  double sum = 0;
  for (std::uint32_t i = 0; i < walks->size; ++i) {
    if (walks->u.elems[i].kind != vk::number) return false;
    sum = walks->u.elems[i].u.num + sum;
  }
  assign_number(out, sum);
  return true;
}
bool map_scores(const pnode& d, json& out) {
  const pnode* scores = list_member(d, k.scores);
  if (scores == nullptr) return false;
  array_writer w(out);
  w.reserve(scores->size);
  for (std::uint32_t i = 0; i < scores->size; ++i) {
    if (scores->u.elems[i].kind != vk::number) return false;
    assign_number(w.next(), scores->u.elems[i].u.num * 2);
  }
  w.finish();
  return true;
}
bool deep_var(const pnode& d, json& out) {
  const pnode* m = member(d, k.patient);
  if (m != nullptr) m = member(*m, k.tumor);
  if (m != nullptr) m = member(*m, k.receptors);
  if (m != nullptr) m = text_member(*m, k.her2);
  if (m == nullptr) return false;
  assign_scalar<json::boolean_t>(out, same_text(*m->u.s, t.positive));
  return true;
}
bool labs_in_range(const pnode& d, json& out) {
  const pnode* labs = list_member(d, k.labs);
  if (labs == nullptr) return false;
  bool r = labs->size != 0;
  for (std::uint32_t i = 0; i < labs->size && r; ++i) {
    const pnode* value = number_member(labs->u.elems[i], k.value);
    const pnode* limit = number_member(labs->u.elems[i], k.limit);
    if (value == nullptr || limit == nullptr) return false;
    r = value->u.num < limit->u.num;
  }
  assign_scalar<json::boolean_t>(out, r);
  return true;
}

const std::map<std::string, hand_fn>& hand_written() {
  static const std::map<std::string, hand_fn> fns = {{"site-and-pain", site_and_pain},
                                                     {"some-sites", some_sites},
                                                     {"goal-in-list", goal_in_list},
                                                     {"symptom-or-goal", symptom_or_goal},
                                                     {"eligibility", eligibility},
                                                     {"age-between", age_between},
                                                     {"missing", missing},
                                                     {"missing-some", missing_some},
                                                     {"bmi", bmi},
                                                     {"activity-minutes", activity_minutes},
                                                     {"cat-label", cat_label},
                                                     {"string-in", string_in},
                                                     {"pain-band", pain_band},
                                                     {"weekly-walks", weekly_walks},
                                                     {"map-scores", map_scores},
                                                     {"deep-var", deep_var},
                                                     {"labs-in-range", labs_in_range}};
  return fns;
}

struct compiled_case {
  std::string name;
  logic::rule rule;
  logic::prepared_data data;
  hand_fn hand;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<compiled_case> cases;
  for (auto& c : carecompare_bench::load_cases()) {
    const auto fn = hand_written().find(c.name);
    if (fn == hand_written().end()) {
      std::fprintf(stderr, "floor_bench: no hand-written function for the case %s\n", c.name.c_str());
      return 1;
    }
    cases.push_back({c.name, logic::compile(c.rule), logic::prepared_data(c.data), fn->second});
  }
  for (const auto& c : cases) {
    json by_rule = json::array({"a result of another shape"});
    json by_hand = json::array({"a result of another shape"});
    logic::apply_into(c.rule, c.data, by_rule);
    if (!c.hand(access::root(c.data), by_hand) || by_hand.dump() != by_rule.dump()) {
      std::fprintf(stderr, "floor_bench: %s by hand gives %s, apply_into %s\n", c.name.c_str(), by_hand.dump().c_str(),
                   by_rule.dump().c_str());
      return 1;
    }
  }
  for (const auto& c : cases) {
    const compiled_case* p = &c;
    benchmark::RegisterBenchmark(("floor/apply_into/" + c.name).c_str(), [p](benchmark::State& st) {
      json result;
      for (auto _ : st) {
        logic::apply_into(p->rule, p->data, result);
        benchmark::DoNotOptimize(result);
      }
    });
    benchmark::RegisterBenchmark(("floor/hand_into/" + c.name).c_str(), [p](benchmark::State& st) {
      json result;
      for (auto _ : st) {
        p->hand(access::root(p->data), result);
        benchmark::DoNotOptimize(result);
      }
    });
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
