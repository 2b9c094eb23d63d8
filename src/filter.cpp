// SPDX-License-Identifier: MIT
// The filter (filter.hpp): which options are relevant to stated circumstances, ranked, with the
// reasons each is shown, and why the others are not. The circumstances are checked first
// (circumstances.cpp); the result's JSON document is result_json.cpp's.
#include <carecompare/filter.hpp>
#include <carecompare/logic.hpp>
#include <carecompare/translation.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "catalog/access.hpp"
#include "catalog/rule_data.hpp"
#include "circumstances.hpp"
#include "result_json.hpp"
#include "util/flags.hpp"
#include "util/hot_path.hpp"

CARECOMPARE_BEGIN_NAMESPACE

CARECOMPARE_FUNC const std::string& not_shown_option::explanation(const catalog_labels& labels) const {
  // Words for readers: no rule ids, no engine words. What would show the option are the rules'
  // descriptions (table.cpp lists them, one line each); the ids stay in result::to_json().
  if (!hidden_by.empty()) return label_text(labels, &catalog_labels::hidden_by_answers);
  if (unmatched.empty()) return label_text(labels, &catalog_labels::never_shown);
  return label_text(labels, &catalog_labels::not_shown_for_answers);
}

CARECOMPARE_FUNC const std::string& not_shown_option::explanation() const { return explanation(catalog_labels{}); }

CARECOMPARE_FUNC nlohmann::json result::to_json() const {
  // The document's members are defined once, in result_json.cpp (the C ABI writes them as text).
  return detail::result_dom(*this);
}

CARECOMPARE_FUNC result::result(const result& other)
    : catalog_(other.catalog_),
      circumstances_(other.circumstances_),
      relevant_(other.relevant_),
      undecided_(other.undecided_),
      not_shown_(other.not_shown_),
      rule_refs_(other.rule_refs_),
      fact_refs_(other.fact_refs_),
      not_answered_(other.not_answered_) {
  rebase(other.rule_refs_.data(), other.fact_refs_.data());
}

CARECOMPARE_FUNC void result::rebase(const rule* const* old_rules, const fact* const* old_facts) noexcept {
  const auto move = [&](rule_list& list) {
    if (!list.empty()) list = rule_list(rule_refs_.data() + (list.data() - old_rules), list.size());
  };
  const auto move_facts = [&](fact_list& list) {
    if (!list.empty()) list = fact_list(fact_refs_.data() + (list.data() - old_facts), list.size());
  };
  for (auto& option : relevant_) move(option.reasons);
  for (auto& option : undecided_) {
    move(option.rules);
    move(option.shown_by);
    move_facts(option.facts);
  }
  for (auto& option : not_shown_) {
    move(option.unmatched);
    move(option.hidden_by);
    move(option.overruled);
  }
  move_facts(not_answered_);
}

namespace detail {

/// The keys of the lists of rule_data_lists, as prepared_keys, in the table's order.
template <std::size_t... I>
std::array<logic::prepared_key, sizeof...(I)> rule_data_list_keys(std::index_sequence<I...>) {
  return {{rule_data_lists[I].key...}};
}

/// The keys of the lists and of the count, hashed once for the prepared_builder.
struct rule_data_keys {
  std::array<logic::prepared_key, std::size(rule_data_lists)> lists =
      rule_data_list_keys(std::make_index_sequence<std::size(rule_data_lists)>{});
  logic::prepared_key count = site_count_key;
};
inline const rule_data_keys& hashed_rule_data_keys() {
  static const rule_data_keys keys;
  return keys;
}

/**
 * The rule data object of `c` built into `builder`: every stated fact, then the lists and the
 * count. Nothing is copied: the view borrows from `c` (and the keys above), which must stay as
 * they are while it is used. `c.facts` is an object of declared facts (checked before).
 */
inline logic::prepared_view build_rule_data(logic::prepared_builder& builder, const circumstances& c) {
  const auto& facts = *c.facts.get_ptr<const nlohmann::json::object_t*>();
  builder.start_object(facts.size() + std::size(rule_data_lists) + 1);
  const rule_data_keys& keys = hashed_rule_data_keys();
  for (const auto& [key, value] : facts) builder.member(key, value);
  for (std::size_t l = 0; l < std::size(rule_data_lists); ++l) {
    builder.member_strings(keys.lists[l], c.*rule_data_lists[l].stated);
  }
  builder.member(keys.count, static_cast<double>((c.*counted_list.stated).size()));
  return builder.finish();
}

/**
 * Where the filter builds the rule data object: a per-thread prepared_builder, reused from
 * query to query so that its storage is allocated once (a filter run from inside another on
 * the same thread, e.g. from a log sink, gets a builder of its own).
 */
class rule_data_scratch {
 public:
  rule_data_scratch() : builder_(busy() ? &own() : &cached()) {
    if (builder_ == &cached()) busy() = true;
  }
  rule_data_scratch(const rule_data_scratch&) = delete;
  rule_data_scratch& operator=(const rule_data_scratch&) = delete;
  ~rule_data_scratch() {
    if (builder_ == &cached()) busy() = false;
  }
  logic::prepared_builder& builder() noexcept { return *builder_; }

 private:
  static logic::prepared_builder& cached() {
    thread_local logic::prepared_builder builder;
    return builder;
  }
  static bool& busy() noexcept {
    thread_local bool in_use = false;
    return in_use;
  }
  logic::prepared_builder& own() {
    own_.emplace();
    return *own_;
  }
  std::optional<logic::prepared_builder> own_;
  logic::prepared_builder* builder_;
};

/**
 * Positions of options in a ranking by score (highest first, ties in catalog order), without
 * sorting: scores are sums of a few small weights, so a query has few distinct scores, and a
 * counting sort over them places each option with one pass. Holds up to 16 distinct scores;
 * `count()` returns false beyond, and the caller sorts instead.
 */
class score_ranks {
 public:
  static constexpr std::size_t capacity = 16;
  /// Counts one option of this score and returns the bucket of its score, or `capacity` when
  /// there are too many distinct scores.
  std::size_t count(double score) noexcept {
    std::size_t i = 0;
    while (i < size_ && scores_[i] != score) ++i;
    if (i == size_) {
      if (size_ == capacity) return capacity;
      scores_[size_] = score;
      next_[size_++] = 0;
    }
    ++next_[i];
    return i;
  }
  /// After every count(): turns the counts into the position of each score's first option.
  void finish() noexcept {
    std::size_t order[capacity];
    for (std::size_t i = 0; i < size_; ++i) order[i] = i;
    std::sort(order, order + size_, [&](std::size_t a, std::size_t b) { return scores_[a] > scores_[b]; });
    std::size_t position = 0;
    for (std::size_t k = 0; k < size_; ++k) position += std::exchange(next_[order[k]], position);
  }
  /// The score of a bucket count() returned.
  [[nodiscard]] double score(std::size_t bucket) const noexcept { return scores_[bucket]; }
  /// The position of the next option (in catalog order) of this bucket.
  std::size_t place(std::size_t bucket) noexcept { return next_[bucket]++; }

 private:
  double scores_[capacity] = {};
  std::size_t next_[capacity] = {};
  std::size_t size_ = 0;
};

/// Orders options by score, highest first, ties in catalog order (the general case, for
/// queries with many distinct scores).
inline void stable_sort_by_score(std::vector<relevant_option>& options) {
  std::stable_sort(options.begin(), options.end(),
                   [](const relevant_option& a, const relevant_option& b) { return a.score > b.score; });
}

/// How many of the rules `list` gives strategy `s` (CSR: `offsets`) matched.
inline std::size_t count_matched(const std::vector<std::uint32_t>& offsets, const std::vector<std::uint32_t>& list,
                                 std::size_t s, const rule_flags& matched) noexcept {
  std::size_t n = 0;
  for (auto k = offsets[s]; k < offsets[s + 1]; ++k) n += matched[list[k]] != 0 ? 1U : 0U;
  return n;
}

/// Appends to `pool` the rules `list` gives strategy `s` (CSR: `offsets`) that matched (or, with
/// `want_matched` false, did not) and returns them as a list viewing `pool`. `pool` must have
/// the capacity for them: it never reallocates here, so earlier lists stay valid.
[[gnu::always_inline]] inline rule_list take_rules(std::vector<const rule*>& pool, const std::vector<rule>& rules,
                                                   const std::vector<std::uint32_t>& offsets,
                                                   const std::vector<std::uint32_t>& list, std::size_t s,
                                                   const rule_flags& matched, bool want_matched) noexcept {
  const std::size_t first = pool.size();
  for (auto k = offsets[s]; k < offsets[s + 1]; ++k) {
    if ((matched[list[k]] != 0) == want_matched) pool.push_back(&rules[list[k]]);
  }
  return first == pool.size() ? rule_list() : rule_list(pool.data() + first, pool.size() - first);
}

/// The matching `show` rules of a strategy: how many, and the sum of their weights (read from
/// the contiguous copy of the weights, not from the large, scattered rule objects).
struct show_matches {
  std::size_t count = 0;
  double score = 0;
};
inline show_matches show_matches_of(const catalog_state& st, std::size_t s, const rule_flags& matched) noexcept {
  show_matches out;
  for (auto k = st.index.show_offsets[s]; k < st.index.show_offsets[s + 1]; ++k) {
    if (matched[st.index.show_rules[k]] != 0) {
      ++out.count;
      out.score += st.index.weights[st.index.show_rules[k]];
    }
  }
  return out;
}

/// Fills `option` for strategy `s`, not shown: its show rules that did not match or were
/// overruled, and the matching rules that hide it (their lists taken from `pool`).
inline void fill_not_shown(not_shown_option& option, std::vector<const rule*>& pool, const catalog_state& st,
                           std::size_t s, const rule_flags& matched) noexcept {
  const auto& rules = st.document.rules;
  option.strategy = &st.document.strategies[s];
  option.overruled = take_rules(pool, rules, st.index.show_offsets, st.index.show_rules, s, matched, true);
  option.unmatched = take_rules(pool, rules, st.index.show_offsets, st.index.show_rules, s, matched, false);
  option.hidden_by = take_rules(pool, rules, st.index.hide_offsets, st.index.hide_rules, s, matched, true);
}

/// The declared facts the circumstances leave out or give as null, by index in document.facts.
inline std::vector<std::uint32_t> unanswered_facts(const catalog_state& st, const circumstances& c) {
  std::vector<std::uint32_t> out;
  if (!st.document.facts) return out;
  const auto& given = *c.facts.get_ptr<const nlohmann::json::object_t*>();
  const auto& facts = *st.document.facts;
  for (std::uint32_t f = 0; f < facts.size(); ++f) {
    const auto it = given.find(facts[f].id);
    if (it == given.end() || it->second.is_null()) out.push_back(f);
  }
  return out;
}

/// The lists the circumstances leave open or not answered, for logic::test_unknown(), and
/// their bits (bit l for rule_data_lists[l]).
struct open_lists {
  std::vector<logic::open_list> lists;
  std::uint8_t bits = 0;
};
inline open_lists open_lists_of(const catalog& cat, const circumstances& c) {
  open_lists out;
  for (std::size_t l = 0; l < std::size(rule_data_lists); ++l) {
    const rule_data_list& list = rule_data_lists[l];
    if (c.*list.answer == answer_kind::closed) continue;
    out.bits |= static_cast<std::uint8_t>(1U << l);
    out.lists.push_back({list.key, (cat.vocabulary().*list.vocabulary).size(),
                         &list == &counted_list ? site_count_key : std::string_view()});
  }
  return out;
}

/**
 * The three-valued truth of the rules that read what the circumstances do not answer: a fact
 * nobody answered (`unanswered`), for the rules that mean absence as not answered (absent_is
 * unknown), or a list open or not answered (`open`; every rule, as any may test one).
 * `matched[r]` says whether rule r is true, `undecided[r]` (all false on entry) whether it is
 * undecided. Other rules keep what test() said.
 */
inline void decide_unanswered(const catalog_state& st, const std::vector<std::uint32_t>& unanswered,
                              const open_lists& open, logic::prepared_view data, rule_flags& matched,
                              rule_flags& undecided) {
  std::vector<std::string_view> keys;
  keys.reserve(unanswered.size());
  byte_flags is_unanswered(st.document.facts ? st.document.facts->size() : 0);
  for (const std::uint32_t f : unanswered) {
    keys.push_back((*st.document.facts)[f].id);
    is_unanswered[f] = 1;
  }
  for (std::size_t r = 0; r < st.compiled.size(); ++r) {
    bool reads = false;
    if (st.document.rules[r].absent_is.value_or(absence::unknown) != absence::null) {
      for (auto k = st.index.rule_fact_offsets[r]; k < st.index.rule_fact_offsets[r + 1] && !reads; ++k) {
        reads = is_unanswered[st.index.rule_facts[k]] != 0;
      }
    }
    if (!reads && open.lists.empty()) continue;
    const logic::truth t = logic::test_unknown(
        st.compiled[r], data, reads ? std::span<const std::string_view>(keys) : std::span<const std::string_view>(),
        open.lists);
    matched[r] = t == logic::truth::yes;
    undecided[r] = t == logic::truth::unknown;
  }
}

/// Whether strategy `s`, hidden by no true rule and shown by `shown_by` true rules, is undecided:
/// no rule shows it but an undecided one may, or a rule shows it but an undecided one may hide it.
/// An option no rule shows, or may show, is not shown whatever an undecided hide rule says.
inline bool is_undecided(const catalog_state& st, std::size_t s, std::size_t shown_by,
                         const rule_flags& undecided) noexcept {
  const bool may_show = shown_by != 0 || count_matched(st.index.show_offsets, st.index.show_rules, s, undecided) != 0;
  if (!may_show) return false;
  return shown_by == 0 || count_matched(st.index.hide_offsets, st.index.hide_rules, s, undecided) != 0;
}

/// Fills `option` for undecided strategy `s`: its undecided show rules, then hide rules, the
/// show rules that are true, and the facts not answered that those undecided rules read.
inline void fill_undecided(undecided_option& option, std::vector<const rule*>& pool, std::vector<const fact*>& facts,
                           const catalog_state& st, std::size_t s, const rule_flags& matched,
                           const rule_flags& undecided, const std::vector<std::uint32_t>& unanswered,
                           std::uint8_t open_bits) {
  const auto& rules = st.document.rules;
  option.strategy = &st.document.strategies[s];
  const std::size_t first = pool.size();
  (void)take_rules(pool, rules, st.index.show_offsets, st.index.show_rules, s, undecided, true);
  (void)take_rules(pool, rules, st.index.hide_offsets, st.index.hide_rules, s, undecided, true);
  option.rules = rule_list(pool.data() + first, pool.size() - first);
  option.shown_by = take_rules(pool, rules, st.index.show_offsets, st.index.show_rules, s, matched, true);
  const std::size_t first_fact = facts.size();
  for (const std::uint32_t f : unanswered) {
    bool read = false;
    for (const rule* r : option.rules) {
      const auto at = static_cast<std::size_t>(r - rules.data());
      for (auto k = st.index.rule_fact_offsets[at]; k < st.index.rule_fact_offsets[at + 1] && !read; ++k) {
        read = st.index.rule_facts[k] == f;
      }
    }
    if (read) facts.push_back(&(*st.document.facts)[f]);
  }
  option.facts = fact_list(facts.data() + first_fact, facts.size() - first_fact);
  if (open_bits == 0) return;
  // The lists its undecided rules read; a rule undecided without reading a list or a fact not
  // answered tests a path into a list (`missing` of "sites.0"): every list open decides it.
  std::uint8_t bits = 0;
  for (const rule* r : option.rules) {
    const auto at = static_cast<std::size_t>(r - rules.data());
    const std::uint8_t read = st.index.rule_lists[at] & open_bits;
    bool reads_fact = false;
    for (auto k = st.index.rule_fact_offsets[at]; k < st.index.rule_fact_offsets[at + 1] && !reads_fact; ++k) {
      reads_fact = std::find(unanswered.begin(), unanswered.end(), st.index.rule_facts[k]) != unanswered.end();
    }
    bits |= read != 0 || reads_fact ? read : open_bits;
  }
  for (std::size_t l = 0; l < std::size(rule_data_lists); ++l) {
    if ((bits & (1U << l)) != 0) option.lists.push_back(rule_data_lists[l].key);
  }
}

}  // namespace detail

CARECOMPARE_HOT_PATH CARECOMPARE_FUNC result catalog::filter(const circumstances& c) const {
  detail::check_circumstances(*this, c);
  result out(*this, c);
  out.fill();
  return out;
}

CARECOMPARE_FUNC result catalog::filter(circumstances&& c) const {
  detail::check_circumstances(*this, c);
  result out(*this, std::move(c));
  out.fill();
  return out;
}

CARECOMPARE_HOT_PATH CARECOMPARE_FUNC void result::fill() {
  const circumstances& c = circumstances_;
  const detail::catalog_state& st = detail::catalog_access::state(catalog_);
  // The rule data object, as prepared data built from the circumstances' own strings: each
  // rule's constant `var` paths find their members by hash. No JSON is built per query.
  detail::rule_data_scratch scratch;
  const logic::prepared_view data = detail::build_rule_data(scratch.builder(), c);
  detail::rule_flags matched(st.compiled.size());
  logic::test_each(st.compiled, data, matched.span());
  // Facts nobody answered: the rules that read one, and mean absence as not answered, are true,
  // false or undecided (logic::test_unknown); `undecided` marks the undecided ones. Nothing of
  // this runs when every declared fact is answered (or none is declared).
  // Lists open or not answered likewise: every rule that reads one (nothing of this runs when
  // every list is closed, the default).
  std::optional<detail::rule_flags> undecided;
  const std::vector<std::uint32_t> unanswered = detail::unanswered_facts(st, c);
  const detail::open_lists open = detail::open_lists_of(catalog_, c);
  if (!unanswered.empty() || open.bits != 0) {
    detail::decide_unanswered(st, unanswered, open, data, matched, undecided.emplace(st.compiled.size()));
  }

  const auto& strategies = st.document.strategies;
  const auto& rules = st.document.rules;
  // Which strategies are shown, and where each goes in the ranking; then the options, in
  // place. Three allocations in all (without facts not answered): the two lists of options,
  // each at its size, and the storage of every rule list, at the most the lists can hold (each
  // show and hide entry once).
  // shown[s]: 0 for not shown, `undecided_mark` for undecided, else 1 + the bucket of its score in
  // `ranks` (capacity + 1 once the ranking by buckets gives up and the options are sorted).
  constexpr unsigned char undecided_mark = 0xFF;
  detail::byte_flags shown(strategies.size());
  std::size_t shown_count = 0;
  std::size_t undecided_count = 0;
  detail::score_ranks ranks;
  bool ranked = true;
  for (std::size_t s = 0; s < strategies.size(); ++s) {
    const detail::show_matches m = detail::show_matches_of(st, s, matched);
    if (detail::count_matched(st.index.hide_offsets, st.index.hide_rules, s, matched) != 0) continue;
    if (undecided && detail::is_undecided(st, s, m.count, *undecided)) {
      shown[s] = undecided_mark;
      ++undecided_count;
      continue;
    }
    if (m.count == 0) continue;
    ++shown_count;
    const std::size_t bucket = ranked ? ranks.count(m.score) : detail::score_ranks::capacity;
    ranked = bucket != detail::score_ranks::capacity;
    shown[s] = static_cast<unsigned char>(bucket + 1);
  }
  if (ranked) {
    ranks.finish();
    relevant_.resize(shown_count);
  } else {
    relevant_.reserve(shown_count);
  }
  undecided_.reserve(undecided_count);
  not_shown_.reserve(strategies.size() - shown_count - undecided_count);
  std::vector<const rule*>& pool = rule_refs_;
  pool.reserve(st.index.show_rules.size() + st.index.hide_rules.size());
  if (undecided && !unanswered.empty()) {
    // The facts not answered, then each undecided option's: every list at most all of them.
    fact_refs_.reserve(unanswered.size() * (1 + undecided_count));
    const auto& facts = *st.document.facts;
    for (const std::uint32_t f : unanswered) fact_refs_.push_back(&facts[f]);
    not_answered_ = fact_list(fact_refs_.data(), fact_refs_.size());
  }
  for (std::size_t s = 0; s < strategies.size(); ++s) {
    if (shown[s] == 0) {
      detail::fill_not_shown(not_shown_.emplace_back(), pool, st, s, matched);
      continue;
    }
    if (shown[s] == undecided_mark) {
      detail::fill_undecided(undecided_.emplace_back(), pool, fact_refs_, st, s, matched, *undecided, unanswered,
                             open.bits);
      continue;
    }
    relevant_option* option = nullptr;
    if (ranked) {
      const std::size_t bucket = shown[s] - 1U;
      option = &relevant_[ranks.place(bucket)];
      option->score = ranks.score(bucket);
    } else {
      option = &relevant_.emplace_back();
      option->score = detail::show_matches_of(st, s, matched).score;
    }
    option->strategy = &strategies[s];
    option->reasons = detail::take_rules(pool, rules, st.index.show_offsets, st.index.show_rules, s, matched, true);
  }
  if (!ranked) detail::stable_sort_by_score(relevant_);
}

CARECOMPARE_END_NAMESPACE
