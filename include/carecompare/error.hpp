// SPDX-License-Identifier: MIT
/**
 * @file error.hpp
 * The exceptions carecompare throws, and the documented id of every error.
 *
 * Every exception derives from `carecompare::error`, whose `what()` starts with
 * `[carecompare.<kind>.<id>]`, e.g.
 * `[carecompare.catalog.209] /strategies/3/id: duplicate id "nutrition" (first at /strategies/1/id)`.
 * The ids are a public contract: they are only ever appended to.
 *
 * | kind          | ids     | thrown by                                                |
 * |---------------|---------|----------------------------------------------------------|
 * | parse         | 101-103 | `parse_json()` for JSON that is not a catalog            |
 * | catalog       | 201-259 | `catalog::from_json()`, `from_file()`, decoding a model, |
 * |               |         | `translation::from_json()`, `catalog::with_translation()` |
 * | circumstances | 301-310 | `catalog::filter()`, `from_fragment()` (310)             |
 * | logic         | 501-509 | `logic::compile()`, `logic::apply()`                     |
 * | fhir          | 701-706 | `fhir::read()`, `fhir::read_file()` (`record_error`)     |
 * |               | 720-729 | problems in a record: `fhir::reading::problems()`        |
 * | render        | 601-609 | `make_table()`, `render()`                               |
 *
 * Catalog ids 230-239 are problems the rule checker finds (see check.hpp); 240-249 are warnings
 * (`diagnostic::severity::warning`, in `catalog::warnings()`), errors only with
 * `load_options::strict`. 250-259 are about translation overlays (translation.hpp): 254 and 255
 * are warnings (`translation_report::warnings`).
 *
 * Besides these, any function of the library may throw `std::bad_alloc` when memory runs out;
 * nothing else escapes it.
 *
 * @threadsafety Exceptions are values: copy them, and read one from any number of threads at once.
 */
#ifndef CARECOMPARE_ERROR_HPP
#define CARECOMPARE_ERROR_HPP

#include <boost/describe/class.hpp>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/// The documented error ids. Values are pinned; new ones are only appended.
namespace error_ids {
// parse: JSON text that is not a catalog (circumstances, rules, options).
inline constexpr int parse_syntax = 101;     ///< malformed JSON, invalid UTF-8, number out of range
inline constexpr int parse_too_large = 102;  ///< document larger than limits::max_document_bytes
inline constexpr int parse_too_deep = 103;   ///< nesting deeper than limits::max_json_depth

// catalog: everything found while loading a catalog. A catalog_error holds all of them.
inline constexpr int catalog_syntax = 201;         ///< malformed JSON (with line and column)
inline constexpr int catalog_too_large = 202;      ///< document larger than the limit
inline constexpr int catalog_too_deep = 203;       ///< nesting deeper than the limit
inline constexpr int catalog_wrong_type = 204;     ///< e.g. a number where a string belongs
inline constexpr int catalog_missing_field = 205;  ///< a required key is absent
inline constexpr int catalog_unknown_key = 206;    ///< a key the format does not define
inline constexpr int catalog_bad_enum = 207;       ///< e.g. `"kind": "cure"`
inline constexpr int catalog_empty_text = 208;     ///< empty string or list where content is required
inline constexpr int catalog_duplicate_id = 209;   ///< two entries share an id
inline constexpr int catalog_unknown_ref = 210;    ///< names a strategy, source or vocabulary id that does not exist
inline constexpr int catalog_bad_date = 211;       ///< not an ISO 8601 calendar date (YYYY-MM-DD)
inline constexpr int catalog_bad_version = 212;    ///< not a semantic version
inline constexpr int catalog_bad_format = 213;     ///< `format` is not `carecompare.catalog/1`
inline constexpr int catalog_bad_id = 214;         ///< an id that is not a kebab-case slug
inline constexpr int catalog_bad_locale = 215;     ///< not a BCP 47 language tag
inline constexpr int catalog_bad_rule = 216;       ///< a rule's `when` is not valid JsonLogic
inline constexpr int catalog_limit = 217;          ///< too many strategies or rules, text too long
inline constexpr int catalog_io = 218;             ///< the file cannot be read
inline constexpr int catalog_bad_text = 219;       ///< text with control characters where they are not allowed
inline constexpr int catalog_bad_number = 220;     ///< a number that is not finite or out of range
inline constexpr int catalog_bad_label = 221;  ///< a label whose `{placeholders}` are not those of its English default
// catalog codes (FHIR codings of vocabulary entries and facts, catalog/codes.hpp).
inline constexpr int catalog_bad_code_system = 222;  ///< a coding's `system` that is not an absolute URI
/// one (system, code) meaning two vocabulary entries or facts, or two values of one fact
inline constexpr int catalog_duplicate_code = 223;
/// `unit` on a fact that is not a number, `value_codes` on one that is not a string (list), or a
/// value of `value_codes` its fact does not allow
inline constexpr int catalog_fact_codes = 224;
// catalog rule checks (check.hpp): a rule that names nothing, or compares what cannot match.
inline constexpr int catalog_unknown_var = 230;      ///< a `var` path that names nothing the rule data object holds
inline constexpr int catalog_unknown_value = 231;    ///< a string compared with ids or fact `values` it is not one of
inline constexpr int catalog_type_mismatch = 232;    ///< e.g. a number compared with a string, `in` on a number
inline constexpr int catalog_list_arithmetic = 233;  ///< `+ - * / % min max` on a list
// catalog warnings (catalog::warnings(); errors with load_options::strict / validate --strict).
inline constexpr int catalog_rule_never_fires = 240;      ///< a rule whose `when` is false for all circumstances
inline constexpr int catalog_strategy_never_shown = 241;  ///< a strategy no rule can show
/// a rule a declared fact left unanswered would make true if read as null (`{"<": [fact, 4]}`),
/// which does not say how it means absence (`absent_is`)
inline constexpr int catalog_absent_fact_fires = 242;
// translation overlays (translation.hpp): decoding one, applying it to a catalog.
inline constexpr int translation_bad_format = 250;     ///< `format` is not `carecompare.translation/1`
inline constexpr int translation_wrong_catalog = 251;  ///< the overlay's `catalog` is another catalog's id
inline constexpr int translation_unknown_id =
    252;  ///< a strategy, rule, source, vocabulary, fact id or column field the catalog does not have
inline constexpr int translation_item_count = 253;  ///< a list with another number of items than the original
/// warning: a text the overlay leaves out or gives unchanged; the original is shown
inline constexpr int translation_missing_text = 254;
/// warning: the overlay was made from an older version of the catalog
inline constexpr int translation_older_version = 255;
/// a decision-aid key left out: authors, funding, conflicts_of_interest, update_policy, next_review
inline constexpr int catalog_missing_about = 243;
inline constexpr int catalog_review_overdue = 244;  ///< `next_review` is a date that has passed
/// a text above the maximum Flesch-Kincaid grade (catalog::readability(), validate --readability)
inline constexpr int catalog_hard_to_read = 245;
/// a reason shown under one option that names another option of the catalog (since 0.3.0)
inline constexpr int catalog_reason_names_other = 246;
/// a catalog's `url` that is not an absolute URI (since 0.3.0)
inline constexpr int catalog_bad_url = 247;

// circumstances: what an app states about a situation.
inline constexpr int circumstances_unknown_id = 301;    ///< a site, symptom or goal id the catalog does not have
inline constexpr int circumstances_wrong_type = 302;    ///< e.g. `sites` is not a list of strings
inline constexpr int circumstances_unknown_key = 303;   ///< a key other than sites, symptoms, goals, facts
inline constexpr int circumstances_bad_fact = 304;      ///< a fact key that clashes with a reserved name
inline constexpr int circumstances_duplicate = 305;     ///< the same id twice in one list
inline constexpr int circumstances_unknown_fact = 306;  ///< a fact the catalog does not declare
inline constexpr int circumstances_fact_type = 307;     ///< a fact value of the wrong type for its declaration
inline constexpr int circumstances_fact_value = 308;    ///< a string fact value not among the declared `values`
/// `open` / `not_answered` naming something that is not a list, a list twice, or a list not
/// answered that lists ids
inline constexpr int circumstances_bad_answer = 309;
/// a part of a URL fragment that is not an answer: an unknown key, text that is not
/// percent-encoded UTF-8, a key given twice, a fragment past its bound (circumstances::from_fragment())
inline constexpr int circumstances_bad_fragment = 310;

// fhir: health records (fhir.hpp). 701-706 are errors (record_error): the record is not read.
inline constexpr int fhir_syntax = 701;     ///< the record is not JSON (with line and column)
inline constexpr int fhir_too_large = 702;  ///< a record larger than limits::max_document_bytes
inline constexpr int fhir_too_deep = 703;   ///< nesting deeper than limits::max_json_depth
/// not a FHIR record: where a resource belongs, something that is not an object with a
/// `resourceType` string
inline constexpr int fhir_not_fhir = 704;
inline constexpr int fhir_bad_bundle = 705;  ///< a Bundle whose `entry` is not an array of objects
inline constexpr int fhir_io = 706;          ///< the record's file cannot be read
// fhir problems (fhir::reading::problems(), warnings): the record is read, the spot is not.
/// a resource broken in itself, skipped: a Condition without a coding in `code`, a status that
/// is not a status of its code system, an element of the wrong JSON type
inline constexpr int fhir_broken_resource = 720;
/// an Observation value of another type than its fact's (`valueString` for a number), or a
/// quantity with a comparator: the fact is not answered by it
inline constexpr int fhir_wrong_value_type = 721;
inline constexpr int fhir_wrong_unit = 722;  ///< a quantity in another unit than its fact's `unit`
inline constexpr int fhir_bad_date = 723;    ///< a date that is not a FHIR date, dateTime or instant
/// a value its fact does not allow, or a code its fact does not map
inline constexpr int fhir_value_not_allowed = 724;
/// the latest Observations of a fact give different values (or cannot be ordered): not answered
inline constexpr int fhir_conflicting_values = 725;

// logic: JsonLogic rules.
inline constexpr int logic_unknown_operator = 501;  ///< an operator JsonLogic does not define
inline constexpr int logic_bad_arguments = 502;     ///< wrong number or shape of arguments
inline constexpr int logic_too_deep = 503;          ///< rule nesting deeper than the limit
inline constexpr int logic_runtime = 504;           ///< an evaluation that json-logic-js would throw on
/// a rule the FHIR PlanDefinition export cannot write in FHIRPath (fhir::plan_definition()); its
/// path is the node's JSON Pointer in the catalog
inline constexpr int logic_untranslatable = 505;

// render: tables and their options.
inline constexpr int render_unknown_field = 601;     ///< a column names a field strategies do not have
inline constexpr int render_unknown_strategy = 602;  ///< `only` names a strategy the catalog does not have
inline constexpr int render_unknown_format = 603;    ///< a format other than markdown, html, text, csv, json
inline constexpr int render_bad_option = 604;        ///< any other invalid table or render option
}  // namespace error_ids

/// One problem found in a document: where it is and what it is.
struct CARECOMPARE_CXX_API diagnostic {
  /// Whether a problem stops the catalog from loading.
  enum class severity {
    error,    ///< the document does not load
    warning,  ///< the document loads; an error with load_options::strict
  };

  int id = 0;                        ///< one of error_ids
  std::string pointer;               ///< JSON Pointer (RFC 6901) of the spot; "" is the whole document
  std::string message;               ///< plain-language description, without prefix or pointer
  std::size_t line = 0;              ///< 1-based line for syntax errors, 0 when unknown
  std::size_t column = 0;            ///< 1-based column for syntax errors, 0 when unknown
  severity level = severity::error;  ///< an error, or a warning (ids 240-249, 254, 255; fragment_reading)
  std::string suggestion;            ///< a close valid name ("did you mean"), or ""

  /**
   * The problem in one line: `"/strategies/3/use_cases/0: empty string where text is required"`,
   * or `"line 3, column 5: syntax error ..."` for syntax errors.
   * @return one line of valid UTF-8: what it quotes of the input is escaped (invalid UTF-8 as
   *         `\\xNN`, control characters as `\\u00NN`).
   */
  [[nodiscard]] std::string to_string() const;

  /// Equal when every member is.
  friend bool operator==(const diagnostic&, const diagnostic&) = default;
};
/// A diagnostic's JSON form (codec.hpp's encode(), in the reports' `warnings`): `{"id",
/// "pointer", "message"}`. The line and column of a syntax error, the severity (the list a
/// diagnostic is in says it) and the suggestion are not part of it.
BOOST_DESCRIBE_STRUCT(diagnostic, (), (id, pointer, message))

/**
 * The word for a diagnostic's level, the one every face writes: "error" or "warning" (the
 * `level` of carecompare_catalog_check()'s problems and of check_report's JSON form, Python's
 * `Problem.level`, the command line's `file: warning [241]: ...`).
 * @param level a diagnostic's level.
 * @return "error" or "warning".
 */
[[nodiscard]] CARECOMPARE_CXX_API std::string_view to_string(diagnostic::severity level) noexcept;

/**
 * Base of every exception carecompare throws. Its id, kind, and (in the derived classes) the
 * JSON Pointer or line and column of the problem are data: a face that reports an error again
 * (at another spot, in another form) reads them, never the text of `what()`.
 */
class CARECOMPARE_CXX_API error : public std::runtime_error {
 public:
  /// @return the documented id (see error_ids).
  [[nodiscard]] int id() const noexcept { return id_; }
  /// @return the family: "parse", "catalog", "circumstances", "logic", "render" or "fhir".
  [[nodiscard]] const char* kind() const noexcept { return kind_; }
  /**
   * What is wrong, to report again at another spot.
   * It is `what()` without its `[carecompare.<kind>.<id>] ` prefix, nor, for an error at a JSON
   * Pointer (`path()` of circumstances, logic and render errors), the `<path>: ` it starts
   * with. A parse error keeps its `line L, column C: `; a catalog error's is its whole message.
   * @return a view of `what()`, valid as long as the error.
   * ```
   * // what() "[carecompare.circumstances.301] /sites/0: unknown site id \"x\"; allowed: ..."
   * e.description();  // "unknown site id \"x\"; allowed: ..."
   * ```
   */
  [[nodiscard]] std::string_view description() const noexcept {
    return std::string_view(what()).substr(description_at_);
  }

 protected:
  /**
   * @param kind    the family, a string literal; it names the message's prefix.
   * @param id      the documented id.
   * @param message what went wrong, after the prefix `[carecompare.<kind>.<id>] `.
   * @param where   how many of the first bytes of `message` say where (`<path>: `); description()
   *                starts after them.
   */
  error(const char* kind, int id, const std::string& message, std::size_t where = 0)
      : error(kind, id, "[carecompare." + std::string(kind) + "." + std::to_string(id) + "] ", message, where) {}

 private:
  error(const char* kind, int id, const std::string& prefix, const std::string& message, std::size_t where)
      : std::runtime_error(prefix + message), id_(id), kind_(kind), description_at_(prefix.size() + where) {}

  int id_;
  const char* kind_;
  std::size_t description_at_;
};

/// Malformed JSON text that is not a catalog (circumstances, a rule, options).
class CARECOMPARE_CXX_API parse_error : public error {
 public:
  /**
   * `what()` is "[carecompare.parse.<id>] line L, column C: <reason>" (no position when 0).
   * @param id     parse_syntax, parse_too_large or parse_too_deep.
   * @param reason what is wrong, without the position.
   * @param line   1-based line, or 0.
   * @param column 1-based column, or 0.
   * @param byte   0-based offset in the text.
   */
  parse_error(int id, std::string reason, std::size_t line, std::size_t column, std::size_t byte)
      : error(
            "parse", id,
            (line != 0 ? "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " : std::string()) +
                reason),
        reason_(std::move(reason)),
        line_(line),
        column_(column),
        byte_(byte) {}
  /// @return what is wrong, without the position.
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }
  /// @return the 1-based line, 0 if unknown.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  /// @return the 1-based column, 0 if unknown.
  [[nodiscard]] std::size_t column() const noexcept { return column_; }
  /// @return the 0-based byte offset of the problem in the text.
  [[nodiscard]] std::size_t byte() const noexcept { return byte_; }

 private:
  std::string reason_;
  std::size_t line_, column_, byte_;
};

/**
 * Every problem found while loading a catalog, in document order: all of them, up to
 * `limits::max_problems` (1000 by default); `omitted()` counts the others.
 *
 * `what()` lists them one per line; `path()` is the JSON Pointer of the first.
 * ```
 * try { auto c = carecompare::catalog::from_file("my.json"); }
 * catch (const carecompare::catalog_error& e) {
 *   for (const auto& p : e.problems()) std::cerr << p.to_string() << '\n';
 * }
 * ```
 */
class CARECOMPARE_CXX_API catalog_error : public error {
 public:
  /**
   * @param problems the problems, in document order; not empty.
   * @param origin   where the document came from (a file name), prefixed to the message; "" for none.
   * @param omitted  how many more problems were found than `problems` holds.
   */
  explicit catalog_error(std::vector<diagnostic> problems, const std::string& origin = {}, std::size_t omitted = 0);

  /// @return the problems, in document order (at most limits::max_problems); never empty.
  [[nodiscard]] const std::vector<diagnostic>& problems() const noexcept { return problems_; }
  /// @return how many problems were found beyond those problems() lists (0 when it lists them all).
  [[nodiscard]] std::size_t omitted() const noexcept { return omitted_; }
  /// @return the JSON Pointer of the first problem ("" for the whole document or a syntax error).
  [[nodiscard]] const std::string& path() const noexcept { return problems_.front().pointer; }

 private:
  std::vector<diagnostic> problems_;
  std::size_t omitted_ = 0;
};

/// Circumstances that do not fit the catalog: an unknown id, a wrong type.
class CARECOMPARE_CXX_API circumstances_error : public error {
 public:
  /**
   * `what()` quotes the input escaped: one line of valid UTF-8.
   * @param id      one of the circumstances ids (301-310).
   * @param path    JSON Pointer into the circumstances.
   * @param message what is wrong.
   */
  circumstances_error(int id, std::string path, const std::string& message);
  /// @return the JSON Pointer into the circumstances, e.g. "/sites/1" (as given, unescaped).
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

/// A JsonLogic rule that does not compile, or an evaluation json-logic-js throws on.
class CARECOMPARE_CXX_API logic_error : public error {
 public:
  /**
   * `what()` quotes the input escaped: one line of valid UTF-8.
   * @param id      one of the logic ids (501-509).
   * @param path    JSON Pointer of the bad node in the rule.
   * @param message what is wrong.
   */
  logic_error(int id, std::string path, const std::string& message);
  /// @return the JSON Pointer of the bad node, relative to the rule (e.g. "/and/1/in/0"; unescaped).
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

/// A health record that cannot be read (fhir.hpp): not JSON, too large or deep, not FHIR.
class CARECOMPARE_CXX_API record_error : public error {
 public:
  /**
   * `what()` is "[carecompare.fhir.<id>] <origin>: <where>: <message>", quoting the input
   * escaped: one line of valid UTF-8. `where` is the JSON Pointer, or "line L, column C".
   * @param id      one of the fhir ids (701-706).
   * @param path    JSON Pointer into the record, "" for the whole record or a syntax error.
   * @param message what is wrong.
   * @param line    1-based line of a syntax error, else 0.
   * @param column  1-based column of a syntax error, else 0.
   * @param origin  the file the record came from, or "".
   */
  record_error(int id, std::string path, const std::string& message, std::size_t line = 0, std::size_t column = 0,
               const std::string& origin = {});
  /// @return the JSON Pointer into the record ("" for the whole record or a syntax error; unescaped).
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// @return what is wrong, without the id, the origin and the place (unescaped).
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }
  /// @return the 1-based line of a syntax error, else 0.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  /// @return the 1-based column of a syntax error, else 0.
  [[nodiscard]] std::size_t column() const noexcept { return column_; }

 private:
  record_error(int id, std::string path, const std::string& message, std::size_t line, std::size_t column,
               const std::pair<std::string, std::string>& places);
  std::string path_;
  std::string reason_;
  std::size_t line_, column_;
};

/// Invalid table or render options: an unknown column, strategy id or format.
class CARECOMPARE_CXX_API render_error : public error {
 public:
  /**
   * `what()` quotes the input escaped: one line of valid UTF-8.
   * @param id      one of the render ids (601-609).
   * @param message what is wrong.
   */
  render_error(int id, const std::string& message);
  /**
   * An error at a spot of render options' JSON form (render_request).
   * `what()` is "[carecompare.render.<id>] <path>: <message>", quoting the input escaped.
   * @param id      one of the render ids (601-609).
   * @param path    JSON Pointer of the option at fault, e.g. "/width".
   * @param message what is wrong.
   */
  render_error(int id, std::string path, const std::string& message);
  /// @return the JSON Pointer of the option at fault in render options' JSON form, or "" (options
  ///         given as structs, or a problem of no one option).
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_ERROR_HPP
