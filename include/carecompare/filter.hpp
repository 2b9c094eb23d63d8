// SPDX-License-Identifier: MIT
/**
 * @file filter.hpp
 * Which options are relevant to a stated situation, ranked, each with the reasons it is shown,
 * and for every other option, why not.
 *
 * ```
 * auto cat = carecompare::catalog::builtin();
 * carecompare::circumstances c;
 * c.sites = {"bone"};
 * c.symptoms = {"pain"};
 * auto r = cat.filter(c);
 * for (const auto& option : r.relevant()) {
 *   std::cout << option.strategy->name << " (" << option.score << ")\n";
 *   for (const auto* why : option.reasons) std::cout << "  - " << why->reason_for(option.strategy->id) << '\n';
 * }
 * std::cout << r.disclaimer() << '\n';
 * ```
 *
 * Semantics (docs/design.md): an option is shown when at least one `show` rule naming it matches and
 * no matching rule hides it; its score is the sum of the weights of its matching `show` rules;
 * options are ordered by score, ties keep catalog order. Results are informational, never advice.
 *
 * @threadsafety A result, its options and their lists are plain values the caller owns: any
 * number of threads may read one result at once; copy it to change it. Filtering itself is
 * safe from any number of threads on one catalog (catalog.hpp).
 */
#ifndef CARECOMPARE_FILTER_HPP
#define CARECOMPARE_FILTER_HPP

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog.hpp"
#include "config.hpp"
#include "error.hpp"
#include "model.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/**
 * How a list of the circumstances answers its question: what the ids it does not list mean.
 */
enum class answer_kind : std::uint8_t {
  closed,        ///< the items listed and no others (the default; an empty list says "none")
  open,          ///< the items listed, maybe others (a health record that names some)
  not_answered,  ///< nothing known (the list must be empty)
};

struct fragment_reading;

/**
 * What an app states about a situation, in the catalog's vocabulary.
 *
 * Each list (sites, symptoms, goals) is closed by default: what it does not list is "no". An
 * open list says "these, maybe others", a list not answered says nothing (and must be empty);
 * rules that read such a list may be undecided (see logic::test_unknown() and DESIGN.md).
 *
 * `facts` is app-specific extra data (a JSON object) merged into the rule data object. Every
 * key must be a fact the catalog declares, with a value of its declared type (`boolean`,
 * `number`, `string`, `string-list`; `values` restricts strings); null is the same as leaving
 * the fact out. `catalog::filter()` throws circumstances_error 306-309 otherwise.
 */
struct CARECOMPARE_CXX_API circumstances {
  std::vector<std::string> sites;     ///< where the cancer has spread (vocabulary ids)
  std::vector<std::string> symptoms;  ///< symptoms (vocabulary ids)
  std::vector<std::string> goals;     ///< what the person wants from care (vocabulary ids)
  /// Answers to the catalog's declared facts, by fact id: a JSON object.
  nlohmann::json facts = nlohmann::json::object();
  answer_kind sites_answer = answer_kind::closed;     ///< how `sites` answers
  answer_kind symptoms_answer = answer_kind::closed;  ///< how `symptoms` answers
  answer_kind goals_answer = answer_kind::closed;     ///< how `goals` answers

  /**
   * Reads circumstances from JSON (the ids are checked against a catalog when it filters).
   * @param j `{"sites": [...], "symptoms": [...], "goals": [...], "facts": {...},
   *          "open": ["sites", ...], "not_answered": ["goals", ...]}`, every key optional;
   *          `open` and `not_answered` name lists, and a list named in neither is closed.
   * @return the circumstances.
   * @throws circumstances_error naming the spot: a value of the wrong type (302), an unknown key
   *         (303), a name that is not a list's, a list named twice (in one key or both), or a
   *         list not answered that lists ids (309).
   */
  [[nodiscard]] static circumstances from_json(const nlohmann::json& j);

  /// @return the JSON form from_json() reads, every list present; `open` and `not_answered`
  /// only when a list is such.
  [[nodiscard]] nlohmann::json to_json() const;

  /// Longest URL fragment from_fragment() reads, in bytes: past it, it reads nothing.
  static constexpr std::size_t max_fragment_bytes = 16384;

  /**
   * The circumstances as a URL fragment (without the "#"): what a link to a page with the
   * `<care-compare>` element carries, so that the page opens with these answers. Browsers never
   * send a fragment to a server.
   * ```
   * sites=bone,liver&symptoms=pain&open=symptoms&not_answered=goals&facts.pain_score=3&facts.aids=cane,brace
   * ```
   * - each list with ids: `<list>=<id>,<id>` (the lists of to_json(), in their order; a list
   *   without ids is left out, so a fragment without a list's key states it closed and empty);
   * - then `open=<list>,...` and `not_answered=<list>,...`: to_json()'s words and values;
   * - then each fact stated (not null), in the order `cat` declares them, `facts.<id>=<value>`:
   *   `true`/`false`, a number as JSON writes it, a string, or a string-list's items separated
   *   by commas (an empty list as nothing after the "=").
   * Ids, fact ids and values are percent-encoded as JavaScript's encodeURIComponent() does (a
   * comma inside an item is `%2C`). from_fragment() reads it back: `from_fragment(c.to_fragment(
   * cat), cat).answers == c` for every `c` that `cat` accepts (with its facts' nulls left out).
   * @param cat the catalog the circumstances are for: it orders and types the facts.
   * @return the fragment; "" for circumstances that state nothing.
   * @throws circumstances_error as catalog::filter() does, when `cat` refuses the circumstances.
   */
  [[nodiscard]] std::string to_fragment(const catalog& cat) const;

  /**
   * Reads a URL fragment (without the "#") that to_fragment() spells, or a person edited, into
   * the answers `cat` can use; never throws for any text. Whatever cannot be used is left out
   * and listed: an unknown key, text that is not percent-encoded UTF-8, a key given twice
   * (circumstances_error id 310), an id `cat` does not have or given twice, a fact it does not
   * declare or a value not of the fact's type (the ids catalog::filter() would throw, 301-309).
   * `+` reads as a space, as forms write it. Empty items of a list are skipped. A fact's text
   * is typed as `cat` declares the fact: `true`/`false` for a boolean, JSON's number syntax for
   * a number, the text for a string, comma-separated items for a string-list; `facts.<id>=` is
   * the empty string or the empty list. A fragment longer than max_fragment_bytes is not read.
   * @param fragment the fragment, percent-encoded, without "#".
   * @param cat the catalog the answers are for.
   * @return the answers (which catalog::filter() accepts) and what was left out.
   */
  [[nodiscard]] static fragment_reading from_fragment(std::string_view fragment, const catalog& cat);

  /**
   * Whether a URL fragment (without "#") holds answers rather than, say, the id of an anchor.
   * @param fragment the fragment, without "#".
   * @return true when one of its parts (the fragment split at each ampersand) starts with a
   *         list's key, `open` or `not_answered` and "=", or with `facts.`.
   */
  [[nodiscard]] static bool is_fragment(std::string_view fragment) noexcept;

  /// Equal when every member is.
  friend bool operator==(const circumstances&, const circumstances&) = default;
};

/// What circumstances::from_fragment() reads from a URL fragment.
struct CARECOMPARE_CXX_API fragment_reading {
  circumstances answers;  ///< the answers the catalog can use
  /// What was left out, in the fragment's order, each a warning with its id, the JSON Pointer
  /// it would have in the circumstances' JSON (`/sites/2`, `/facts/score`, `/colour`; "" for the
  /// whole fragment) and a message quoting what was given.
  std::vector<diagnostic> left_out;

  /// @return `{"circumstances": answers.to_json(), "left_out": [{"id", "pointer", "message"}]}`:
  /// the document of the C ABI's carecompare_circumstances_from_fragment().
  [[nodiscard]] nlohmann::json to_json() const;
};

/**
 * A list of rules in a result: a view into storage the `result` owns, valid for the life of the
 * result (as the strategy and rule pointers are). Iterate it, index it, or copy it into a
 * `std::vector<const rule*>` to keep it beyond the result.
 */
using rule_list = std::span<const rule* const>;

/// An option the filter shows: the strategy, its score and the rules that show it.
struct relevant_option {
  const carecompare::strategy* strategy = nullptr;  ///< the strategy shown (in the result's catalog)
  double score = 0;                                 ///< the sum of the weights of `reasons`
  rule_list reasons;  ///< matching `show` rules naming it, in rule order; each says reason_for() it
  /**
   * For each of `reasons`, in order, where the answers it rests on came from, in reader words
   * and the catalog's labels: "From the health record: Where the cancer has spread: bones
   * (Secondary malignant neoplasm of bone, 2024-03-01)." ("" for a reason that rests on
   * nothing the record gave). Empty unless the result comes from a health record
   * (fhir::filter(), fhir::record_result).
   */
  std::vector<std::string> from_record;
};

/// Declared facts in a result (see result::not_answered(), undecided_option::facts): a view into
/// storage the `result` owns, valid for the life of the result, as rule_list is.
using fact_list = std::span<const fact* const>;

/**
 * An option whose showing depends on what the circumstances did not answer (facts, or lists that
 * are open or not answered): a `show` rule that names it is undecided (and none is true), or one
 * is true but an undecided `hide` rule could hide it. Answering its facts and lists decides it.
 */
struct undecided_option {
  const carecompare::strategy* strategy = nullptr;  ///< the strategy (in the result's catalog)
  fact_list facts;                                  ///< the facts not answered that decide it, in declaration order
  rule_list rules;     ///< the undecided rules naming it (`show` rules, then `hide` rules), in rule order
  rule_list shown_by;  ///< `show` rules naming it that are true (empty unless only a hide is undecided)
  /// The keys of the lists open or not answered that decide it ("symptoms"), in the order of
  /// the circumstances' lists (sites, symptoms, goals); catalog_labels names them for readers
  /// (question_sites, question_symptoms, question_goals).
  std::vector<std::string_view> lists;
};

/// An option the filter does not show, and why.
struct CARECOMPARE_CXX_API not_shown_option {
  const carecompare::strategy* strategy = nullptr;  ///< the strategy (in the result's catalog)
  rule_list unmatched;                              ///< `show` rules naming it that did not match
  rule_list hidden_by;                              ///< matching `hide` rules naming it (empty if not hidden)
  rule_list overruled;                              ///< matching `show` rules overruled by a hide rule

  /**
   * One sentence for readers on why the option is not shown, with no rule ids: "Not shown for
   * your answers." (not_shown_for_answers), "Hidden because of your answers."
   * (hidden_by_answers) or "This catalog never shows this option." (never_shown). What would
   * show it are the descriptions of `unmatched` (tables list them).
   * @param labels the words to say it in (catalog::labels()); a label left out is English.
   * @return a reference into `labels` or default_labels().
   */
  [[nodiscard]] const std::string& explanation(const catalog_labels& labels) const;
  /// @return explanation() in the English default words.
  [[nodiscard]] const std::string& explanation() const;
};

namespace detail {
struct result_access;
}  // namespace detail

/**
 * The outcome of `catalog::filter()`. Keeps the catalog alive, so its pointers stay valid for
 * the life of the result.
 */
class CARECOMPARE_CXX_API result {
 public:
  /// @return the options shown, by score (highest first), ties in catalog order.
  [[nodiscard]] const std::vector<relevant_option>& relevant() const noexcept { return relevant_; }
  /// @return the options whose showing depends on facts not answered, in catalog order (none
  ///         when the catalog declares no facts, or every fact a rule reads was answered).
  [[nodiscard]] const std::vector<undecided_option>& undecided() const noexcept { return undecided_; }
  /// @return every other option, in catalog order.
  [[nodiscard]] const std::vector<not_shown_option>& not_shown() const noexcept { return not_shown_; }
  /// @return the declared facts the circumstances did not answer (left out, or given as null),
  ///         in declaration order: what an app can ask next.
  [[nodiscard]] fact_list not_answered() const noexcept { return not_answered_; }
  /// @return the circumstances the result answers.
  [[nodiscard]] const carecompare::circumstances& stated() const noexcept { return circumstances_; }
  /// @return the catalog the result comes from.
  [[nodiscard]] const carecompare::catalog& source_catalog() const noexcept { return catalog_; }
  /// @return the catalog's disclaimer: show it with every result.
  [[nodiscard]] const std::string& disclaimer() const noexcept { return catalog_.disclaimer(); }

  /**
   * The result as the JSON document `carecompare show --format json` prints and the C ABI's
   * carecompare_filter() writes:
   * ```
   * {"catalog": {"id", "title", "version", "last_reviewed", ...},
   *  "circumstances": {...},
   *  "relevant": [{"id", "name", "score", "reasons": [{"rule", "text", "from_record"?}]}],
   *  "undecided": [{"id", "name", "facts": [{"id", "label", "description", "type", "values"?}],
   *                 "rules": [{"rule", "effect", "text"}]}],      (a catalog that declares facts)
   *  "not_answered": ["fact id", ...],                           (likewise)
   *  "not_shown": [{"id", "name", "explanation", "rules": [{"rule", "effect", "matched", "text"}]}],
   *  "sources": [{"id", "title", "publisher"?, "url"?, "accessed"?}],  (every source of the catalog, since 0.3.0)
   *  "disclaimer": "..."}
   * ```
   * @return the document as a JSON value.
   */
  [[nodiscard]] nlohmann::json to_json() const;

  /**
   * Copies share nothing with the original: the rule lists of the copy's options view the copy's
   * own storage.
   * @param other the result to copy.
   */
  result(const result& other);
  /**
   * The same as the copy constructor, for assignment.
   * @param other the result to copy.
   * @return this result.
   */
  result& operator=(const result& other) {
    if (this != &other) *this = result(other);
    return *this;
  }
  /// Moving keeps the storage the rule lists view (a moved std::vector keeps its buffer).
  result(result&&) = default;
  /// Moving keeps the storage the rule lists view. @return this result.
  result& operator=(result&&) = default;
  /// Frees the result's storage: its lists are invalid after.
  ~result() = default;

 private:
  friend class catalog;
  friend struct detail::result_access;  // fhir::filter() says where reasons' answers came from
  result(carecompare::catalog c, carecompare::circumstances stated)
      : catalog_(std::move(c)), circumstances_(std::move(stated)) {}
  /// The options of `circumstances_` (validated), filled in by catalog::filter().
  void fill();

  /// Points every list at this result's storage, after a copy from storage at `old_rules` and
  /// `old_facts`.
  void rebase(const rule* const* old_rules, const fact* const* old_facts) noexcept;

  carecompare::catalog catalog_;
  carecompare::circumstances circumstances_;
  std::vector<relevant_option> relevant_;
  std::vector<undecided_option> undecided_;
  std::vector<not_shown_option> not_shown_;
  /// Every rule list of the options, back to back: one allocation per result, sized before the
  /// first list is taken, so it never moves while the lists are made.
  std::vector<const rule*> rule_refs_;
  /// Every fact list (not_answered_ first, then the undecided options'), likewise.
  std::vector<const fact*> fact_refs_;
  fact_list not_answered_;
};

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_FILTER_HPP
