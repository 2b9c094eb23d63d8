// SPDX-License-Identifier: MIT
/**
 * @file fhir.hpp
 * A health record read in a catalog's words: which of its sites and symptoms an HL7 FHIR R4
 * record names, which of its declared facts it gives, and the resources each answer comes from.
 *
 * ```
 * auto cat = carecompare::catalog::builtin();
 * auto record = carecompare::fhir::read_file(cat, "bundle.json");
 * for (const auto& site : record.sites()) {
 *   std::cout << site.id << " from " << site.sources.front().resource_type << '/' << site.sources.front().id << '\n';
 * }
 * for (const auto& p : record.problems()) std::cerr << p.to_string() << '\n';
 * ```
 *
 * **What is read.** A record is JSON: a Bundle of any type (searchset, collection, transaction,
 * document...), one resource, an array of resources, or a CDS Hooks `prefetch` object (key ->
 * Bundle, resource or null). Bundles inside Bundles are read too. Only Condition and Observation
 * resources can give answers; every other resource type is skipped silently. Nothing in a
 * record is ever executed or fetched: references are not followed.
 *
 * **Codes.** The catalog says what its entries mean (model.hpp: `codes` of vocabulary entries and
 * facts). A coding of a resource means an entry when its `system` and `code` are both equal to
 * one of the entry's codes, character for character. A coding the catalog does not know is
 * counted by (system, code) in unknown_codes(), for a catalog's author.
 *
 * **Conditions** give sites, symptoms and goals (vocabulary codes mean `Condition.code`). One
 * counts when its `clinicalStatus` is active, recurrence or relapse (or absent), and its
 * `verificationStatus` is confirmed (or absent). Any other status sets it aside (set_aside()).
 *
 * **Observations** give declared facts (a fact's codes mean `Observation.code`). One counts when
 * its `status` is final, amended or corrected. Per fact, the latest counted one gives the answer:
 * its date is `effectiveDateTime`, else `effectivePeriod.end`, else `issued` (one with none of
 * them comes before every dated one). Its value is read by the fact's type:
 *
 * | fact type     | read from                                                                |
 * |---------------|--------------------------------------------------------------------------|
 * | `number`      | `valueQuantity.value`; with the fact's `unit`, `valueQuantity.code` must be it |
 * | `boolean`     | `valueBoolean`                                                           |
 * | `string`      | `valueString`, or `valueCodeableConcept` through the fact's `value_codes` |
 * | `string-list` | `valueCodeableConcept` through the fact's `value_codes` (each value once) |
 *
 * A `dataAbsentReason` on the latest Observation leaves the fact not answered (and is set
 * aside). A value of another type, another unit, a comparator (`<5`) or a value the fact does not
 * allow leaves it not answered too, and is listed in problems(). So are two latest Observations
 * that disagree: dates of different precision (`2024-02` and `2024-02-10`) cannot be ordered.
 * Dates without a time are read as UTC.
 *
 * **Bad input** is an error with the JSON Pointer of its spot (`record_error`): not JSON (with
 * line and column), larger than `limits::max_document_bytes`, nested deeper than
 * `limits::max_json_depth`, something that is not FHIR (an object without `resourceType` where a
 * resource belongs), a Bundle whose `entry` is not an array. A resource that is broken in itself
 * (a Condition without `code`, a status that is not a status) is skipped and listed in
 * problems(); so is a date that is not a FHIR date (the resource is then undated). A record is
 * never an error for what a resource says.
 */
#ifndef CARECOMPARE_FHIR_HPP
#define CARECOMPARE_FHIR_HPP

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"
#include "config.hpp"
#include "error.hpp"
#include "filter.hpp"
#include "limits.hpp"
#include "model.hpp"

CARECOMPARE_BEGIN_NAMESPACE

namespace fhir {

/// How a record is read.
struct read_options {
  /// Bounds on the record's size and nesting (max_document_bytes, max_json_depth).
  carecompare::limits limits{};
};

/// A resource of the record that gave an answer, or was set aside.
struct source {
  std::string resource_type;  ///< "Condition" or "Observation"
  std::string id;             ///< the resource's `id`, "" when it has none
  std::string pointer;        ///< JSON Pointer of the resource in the record, e.g. "/entry/0/resource"
  /// The coding of its `code` that names the catalog's entry, with the display the record gives
  /// (none when it gives none).
  carecompare::coding coding;
  /// The date it carries, as written ("2024-03-01"), "" when none: a Condition's
  /// `onsetDateTime`, else `onsetPeriod.start`, else `recordedDate`; an Observation's date above.
  std::string date;
  /// Equal when every member is.
  friend bool operator==(const source&, const source&) = default;
};

/// One answer the record gives: a vocabulary entry it names, or a declared fact's value.
struct answer {
  std::string id;               ///< the vocabulary id or the fact id
  nlohmann::json value;         ///< a fact's value, of its declared type; null for an entry
  std::vector<source> sources;  ///< the resources that give it, in record order
  /// Equal when every member is.
  friend bool operator==(const answer&, const answer&) = default;
};

/// Why a resource that names a catalog entry gives no answer.
enum class set_aside_reason : std::uint8_t {
  clinical_status,      ///< a Condition whose clinicalStatus is inactive, remission or resolved
  verification_status,  ///< a Condition not confirmed: unconfirmed, provisional, differential, refuted, entered-in-error
  observation_status,   ///< an Observation not final, amended or corrected
  data_absent,          ///< the latest Observation of a fact gives a dataAbsentReason instead of a value
};

/// A resource that names a catalog entry but does not count, and why.
struct set_aside {
  std::string list;                  ///< where the entry is: "sites", "symptoms", "goals", or "facts"
  std::string id;                    ///< the vocabulary id or fact id it names
  carecompare::fhir::source source;  ///< the resource
  set_aside_reason reason = set_aside_reason::clinical_status;  ///< why it does not count
  std::string status;  ///< the code the record gives: "refuted", "preliminary", "asked-declined"
  /// Equal when every member is.
  friend bool operator==(const set_aside&, const set_aside&) = default;
};

/// A (system, code) the record uses in a `Condition.code` or `Observation.code` that the catalog
/// does not know, for an author to see what the catalog misses.
struct unknown_code {
  std::string system;     ///< the code system's URI
  std::string code;       ///< the code
  std::string display;    ///< the first display the record gives it, "" when none
  std::size_t count = 0;  ///< how many resources name it
  /// Equal when every member is.
  friend bool operator==(const unknown_code&, const unknown_code&) = default;
};

/**
 * What a health record says in one catalog's words (see read()). A plain value: copy it,
 * keep it, share it read-only between threads.
 */
class CARECOMPARE_CXX_API reading {
 public:
  /// @return The sites the record names (counted Conditions), in the catalog's order, each with the
  /// Conditions that name it.
  [[nodiscard]] const std::vector<answer>& sites() const noexcept { return lists_[0]; }
  /// @return The symptoms the record names, likewise.
  [[nodiscard]] const std::vector<answer>& symptoms() const noexcept { return lists_[1]; }
  /// @return The goals the record names (only a catalog that gives goals codes can have any), likewise.
  [[nodiscard]] const std::vector<answer>& goals() const noexcept { return lists_[2]; }
  /// @return The declared facts the record gives, in declaration order, each with its value and the
  /// latest Observation(s) that give it.
  [[nodiscard]] const std::vector<answer>& facts() const noexcept { return facts_; }
  /// @return Resources that name a catalog entry but do not count, in record order.
  [[nodiscard]] const std::vector<carecompare::fhir::set_aside>& set_aside() const noexcept { return set_aside_; }
  /// @return Codes the catalog does not know, most used first (then by system and code).
  [[nodiscard]] const std::vector<unknown_code>& unknown_codes() const noexcept { return unknown_codes_; }
  /// @return What is wrong in the record, each a warning with the JSON Pointer of its spot and an id of
  /// error_ids (fhir_broken_resource and the ids after it), in record order: at most
  /// `limits::max_problems` of them (problems_omitted() counts the others).
  [[nodiscard]] const std::vector<diagnostic>& problems() const noexcept { return problems_; }
  /// @return How many problems were found beyond those problems() lists.
  [[nodiscard]] std::size_t problems_omitted() const noexcept { return problems_omitted_; }
  /// @return How many resources the record holds (of every type; Bundles not counted).
  [[nodiscard]] std::size_t resources() const noexcept { return resources_; }

  /// @return the facts the record gives as circumstances' `facts` hold them: `{fact id: value}`.
  [[nodiscard]] nlohmann::json fact_values() const;

  /**
   * The circumstances the record states, for catalog::filter().
   *
   * - A list (sites, symptoms, goals) of which some entry of `c` has codes is open
   *   (answer_kind::open): the entries the record names, maybe others. A record lists what it
   *   knows; its silence never says "no".
   * - A list of which no entry of `c` has codes is not answered (answer_kind::not_answered): the
   *   record cannot speak of it.
   * - `facts` holds the facts the record gives; a fact it does not give is left out, so not
   *   answered.
   *
   * @param c     the catalog the record was read with.
   * @param added what the person states besides (command-line options, API arguments): a list it
   *              gives (not empty) answers as `added` says (closed unless it says otherwise),
   *              with its ids and then those the record names that it does not list; its facts
   *              replace the record's. catalog::filter() checks them as always.
   * @return the circumstances.
   */
  [[nodiscard]] carecompare::circumstances circumstances(const catalog& c,
                                                         const carecompare::circumstances& added = {}) const;

  /**
   * What the record gave, in plain words and in the labels of `c` (the catalog it was read
   * with, or a translation of it), each answer with the display and date of its first source.
   * A fact is its label and its value; true and false are the labels `yes` and `no`.
   * ```
   * From the health record: Where the cancer has spread: bones (Secondary malignant neoplasm of
   * bone, 2024-03-01) and liver (...); Symptoms you have: pain (Pain, 2024-04-02); Pain score: 5
   * (...).
   * ```
   * @param c the catalog whose labels and vocabulary words say it.
   * @return the sentence; "" when the record gave no answer.
   */
  [[nodiscard]] std::string summary(const catalog& c) const;

  /**
   * The reading as JSON: `{"sites": [answer], "symptoms": [...], "goals": [...], "facts": [...],
   * "set_aside": [...], "unknown_codes": [...], "problems": [...], "problems_omitted": n, "resources": n}`, where an
   * answer is `{"id", "value"? (facts), "sources": [{"resource_type", "id", "pointer", "coding":
   * {"system", "code", "display"?}, "date"?}]}`, a set-aside resource `{"list", "id", "reason",
   * "status", "source"}` (reason: "clinical-status", "verification-status",
   * "observation-status", "data-absent"), an unknown code `{"system", "code", "display"?,
   * "count"}` and a problem `{"id", "pointer", "message"}`.
   * @return the document.
   */
  [[nodiscard]] nlohmann::json to_json() const;

  /// Equal when every member is.
  friend bool operator==(const reading&, const reading&) = default;

 private:
  friend struct reading_access;
  std::vector<answer> lists_[3];  // sites, symptoms, goals: the rule data object's lists
  std::vector<answer> facts_;
  std::vector<carecompare::fhir::set_aside> set_aside_;
  std::vector<unknown_code> unknown_codes_;
  std::vector<diagnostic> problems_;
  std::size_t problems_omitted_ = 0;
  std::size_t resources_ = 0;
};

/**
 * A catalog filtered with what a health record says (filter()): the result, and the reading it
 * came from, for the evidence of each answer.
 */
struct CARECOMPARE_CXX_API record_result {
  carecompare::fhir::reading record;  ///< what the record says
  carecompare::result result;         ///< the catalog filtered with record.circumstances()
  /**
   * The result's JSON (result::to_json(): its `circumstances` show the open and not-answered
   * lists) with `"record"`: the reading's JSON (reading::to_json()) and its `"summary"`
   * (reading::summary() in the result's catalog).
   * @return the document.
   */
  [[nodiscard]] nlohmann::json to_json() const;
};

/**
 * Reads a health record and filters `c` with what it says: `fhir::read()`, then
 * `c.filter(reading.circumstances(c, added))`. Each reason of a shown option says where in the
 * record the answers it rests on came from (relevant_option::from_record): of each list the
 * rule reads (`sites`, `site_count`...), the record's ids it names, or all the record gave of
 * the list when it names none of the list's ids; of each fact it reads, the record's value.
 * @param c       the catalog.
 * @param record  the record's JSON text (see the file's documentation).
 * @param added   what the person states besides (see reading::circumstances()).
 * @param options bounds on the record.
 * @return the result and the reading.
 * @throws record_error for a record that cannot be read; circumstances_error for `added` ids or
 *         facts the catalog does not know; logic_error as catalog::filter().
 */
[[nodiscard]] CARECOMPARE_CXX_API record_result filter(const catalog& c, std::string_view record,
                                                       const carecompare::circumstances& added = {},
                                                       const read_options& options = {});
/**
 * filter() of a record already parsed (see read_value()).
 * @param c       the catalog.
 * @param record  the record's JSON value.
 * @param added   what the person states besides (see reading::circumstances()).
 * @param options bounds on the record.
 * @return the result and the reading.
 * @throws record_error, circumstances_error, logic_error as filter().
 */
[[nodiscard]] CARECOMPARE_CXX_API record_result filter_value(const catalog& c, const nlohmann::json& record,
                                                             const carecompare::circumstances& added = {},
                                                             const read_options& options = {});

/**
 * filter() of a record already read (read(), read_value(), read_file()): the catalog filtered
 * with `record.circumstances(c, added)`, each shown option's reasons citing the record
 * (relevant_option::from_record).
 * @param c      the catalog the record was read with.
 * @param record what the record says.
 * @param added  what the person states besides (see reading::circumstances()).
 * @return the result and the reading.
 * @throws circumstances_error, logic_error as catalog::filter().
 */
[[nodiscard]] CARECOMPARE_CXX_API record_result filter_reading(const catalog& c, reading record,
                                                               const carecompare::circumstances& added = {});

/**
 * Reads a health record (JSON text) in the words of `c`.
 * @param c       the catalog whose codes say what the record's codes mean.
 * @param record  the record's JSON text (see the file's documentation for the forms it takes).
 * @param options bounds on the record's size, nesting and problems listed.
 * @return what the record says.
 * @throws record_error for input that is not a FHIR record (see the file's documentation); never
 *         for what a resource says.
 */
[[nodiscard]] CARECOMPARE_CXX_API reading read(const catalog& c, std::string_view record,
                                               const read_options& options = {});
/**
 * read() of a record already parsed (from Python, from an app).
 * @param c       the catalog.
 * @param record  the record's JSON value; its nesting is bounded as a text's is.
 * @param options bounds on the record.
 * @return what the record says.
 * @throws record_error as read(); fhir_too_deep with the JSON Pointer of the first value too deep.
 */
[[nodiscard]] CARECOMPARE_CXX_API reading read_value(const catalog& c, const nlohmann::json& record,
                                                     const read_options& options = {});
/**
 * read() of a record in a file; errors name the file.
 * @param c       the catalog.
 * @param path    the file.
 * @param options bounds on the record.
 * @return what the record says.
 * @throws record_error as read(); fhir_io when the file cannot be read.
 */
[[nodiscard]] CARECOMPARE_CXX_API reading read_file(const catalog& c, const std::filesystem::path& path,
                                                    const read_options& options = {});

/// What plan_definition() does with a rule whose `when` has no FHIRPath form.
enum class untranslatable : std::uint8_t {
  fail,  ///< throw logic_error logic_untranslatable, with the JSON Pointer of the node and its operator
  /// keep the rule: its JsonLogic in a non-executable extension of the action's condition, and
  /// the empty collection (it may be true or false) in the expression in its place
  keep,
};

/// How a catalog is exported as a FHIR PlanDefinition (plan_definition()).
struct plan_definition_options {
  /// The FHIR base its canonical URL is made from: `url` is `<base_url>/PlanDefinition/<id>`. Empty:
  /// the catalog's own `url` (catalog_info::url), or none.
  std::string base_url;
  /// What to do with a rule FHIRPath cannot say.
  fhir::untranslatable on_untranslatable = fhir::untranslatable::fail;
};

/**
 * The catalog as an executable FHIR R4 (4.0.1) PlanDefinition: what it says about itself (`url`,
 * `version`, `name`, `title`, `status`, `date`, `publisher`, `description`, the disclaimer in
 * `usage`, sources as `relatedArtifact`, authors and reviewers, `lastReviewDate`,
 * `effectivePeriod`), and one action per option: its name (`title`), purpose (`description`),
 * sources (`documentation`), and one `applicability` condition, an expression in FHIRPath
 * (`text/fhirpath`) whose root is the health record as one Bundle: its show rules OR-ed, AND NOT
 * its hide rules OR-ed, each rule read from the record as read() reads it. On a record, the
 * expression is true where filter() shows the option, false where it does not, and empty where
 * it leaves it undecided. Each rule's id and JsonLogic are kept in an extension of the
 * expression (`urn:carecompare:fhir:rule`). The texts are the catalog's: a translated catalog
 * gives them in its language.
 *
 * Which JsonLogic has a FHIRPath form: `var` of a list, a count or a fact; `and`, `or`, `!`,
 * `!!`; comparisons of a fact with a value of its type or another fact, and of a count with
 * numbers; `in` of an id in a list, of a fact in a list of values, of a text in a string or
 * string-list fact; `some`, `none`, `all` of a list; anything that reads nothing (computed
 * once). Not: `missing`, `missing_some`, `if`, `?:`, arithmetic, `map`, `filter`, `reduce`,
 * `merge`, `cat`, `substr`, `log` over what the record gives, or a rule with `absent_is` null
 * that reads a fact.
 * @param c       the catalog.
 * @param options its URL, and what to do with a rule that has no FHIRPath form.
 * @return the PlanDefinition's JSON.
 * @throws logic_error logic_untranslatable (its path the JSON Pointer of the node in the
 *         catalog, e.g. "/rules/3/when/if") with on_untranslatable fail; render_error
 *         render_bad_option when `base_url` is not an absolute URI.
 */
[[nodiscard]] CARECOMPARE_CXX_API nlohmann::json plan_definition(const catalog& c,
                                                                 const plan_definition_options& options = {});

/**
 * The JSON spelling of a reason.
 * @param reason why a resource was set aside.
 * @return "clinical-status", "verification-status", "observation-status" or "data-absent".
 */
[[nodiscard]] CARECOMPARE_CXX_API std::string_view to_string(set_aside_reason reason) noexcept;

}  // namespace fhir

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_FHIR_HPP
