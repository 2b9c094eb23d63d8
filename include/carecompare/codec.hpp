// SPDX-License-Identifier: MIT
/**
 * @file codec.hpp
 * JSON of every model type (model.hpp), both ways: one generic, Boost.Describe-driven encoder
 * and one strict decoder in the library, for each type of `CARECOMPARE_MODEL_TYPES`; and of the
 * reports (`CARECOMPARE_REPORT_TYPES`: readability, translation coverage, diagnostics, a
 * catalog's check), written by the same encoder.
 *
 * There is no per-field code: the encoder and the decoder walk the members Boost.Describe lists
 * (bases first), so a field added to a described struct is read and written with no other
 * change. Decoding is strict and collects every problem with the JSON Pointer of its spot:
 * unknown keys, missing required keys, wrong types, bad enum values, empty text, bad dates and
 * versions. It never stops at the first problem.
 * ```
 * std::vector<carecompare::diagnostic> problems;
 * carecompare::strategy s;
 * carecompare::decoder{problems}.decode(json, s, "/strategies/3");
 * // problems[0].pointer == "/strategies/3/use_cases/0", message "empty text ..."
 * nlohmann::json back = carecompare::encode(s);
 * ```
 * Every model type also works with nlohmann's `get<T>()` and assignment (ADL `from_json` /
 * `to_json`); `from_json` throws `catalog_error` with all problems.
 *
 * @threadsafety encode() and decode() read their arguments only: safe from any number of
 * threads at once. A decoder is used by one thread at a time (it appends to its vector).
 */
#ifndef CARECOMPARE_CODEC_HPP
#define CARECOMPARE_CODEC_HPP

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "check.hpp"
#include "config.hpp"
#include "error.hpp"
#include "limits.hpp"
#include "model.hpp"
#include "readability.hpp"
#include "translation.hpp"

/// The reports the library gives about a catalog, each once: `X(type)`. They are written, never
/// read: encode() and the ADL to_json() are defined for these.
#define CARECOMPARE_REPORT_TYPES(X) \
  X(diagnostic)                     \
  X(check_problem)                  \
  X(check_report)                   \
  X(text_readability)               \
  X(readability_report)             \
  X(translation_report)

/// Every type of the catalog model, each once: `X(type)`. The codec is defined for these.
#define CARECOMPARE_MODEL_TYPES(X) \
  X(iso_date)                      \
  X(semantic_version)              \
  X(strategy_kind)                 \
  X(strategy_scope)                \
  X(fact_type)                     \
  X(absence)                       \
  X(source)                        \
  X(coding)                        \
  X(vocabulary_entry)              \
  X(catalog_vocabulary)            \
  X(value_coding)                  \
  X(fact)                          \
  X(column)                        \
  X(strategy)                      \
  X(option_reason)                 \
  X(rule)                          \
  X(author)                        \
  X(catalog_labels)                \
  X(catalog_info)                  \
  X(catalog_document)

CARECOMPARE_BEGIN_NAMESPACE

#if defined(CARECOMPARE_DOXYGEN)
/**
 * JSON of a model value: described structs as objects (empty optionals omitted), enums as
 * strings (`_` written `-`), dates and versions as their text. Declared for each type of
 * CARECOMPARE_MODEL_TYPES (not a template: one function per type, in the library).
 * @param value a model value.
 * @return its JSON; decode() of it gives an equal value.
 */
template <class T>
nlohmann::json encode(const T& value);
/**
 * nlohmann/json's hook for `nlohmann::json j = value;`, for each type of CARECOMPARE_MODEL_TYPES.
 * @param j     receives encode(value).
 * @param value a model value.
 */
template <class T>
void to_json(nlohmann::json& j, const T& value);
/**
 * nlohmann/json's hook for `j.get<T>()`, for each type of CARECOMPARE_MODEL_TYPES.
 * @param j     the JSON.
 * @param value receives the decoded value.
 * @throws catalog_error with every problem found, as decode().
 */
template <class T>
void from_json(const nlohmann::json& j, T& value);
#endif
// JSON of a model value (see encode() above), one function per model type.
#define CARECOMPARE_DECLARE_ENCODE(T) CARECOMPARE_CXX_API nlohmann::json encode(const T& value);
CARECOMPARE_MODEL_TYPES(CARECOMPARE_DECLARE_ENCODE)
/// JSON of a report: its described members as keys, the computed ones (translation_report's
/// percent and summary) with their values, an empty optional as null (a report has every key);
/// diagnostics as `{"id", "pointer", "message"}`, a check_problem adds `level` (to_string()),
/// `suggestion`, `line` and `column`.
CARECOMPARE_REPORT_TYPES(CARECOMPARE_DECLARE_ENCODE)
#undef CARECOMPARE_DECLARE_ENCODE

/**
 * JSON of a list of model values.
 * @param values model values.
 * @return an array of their encode().
 */
template <class T>
nlohmann::json encode(const std::vector<T>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const T& v : values) out.push_back(encode(v));
  return out;
}

/**
 * Strict decoder: fills a model value from JSON and records every problem it meets.
 *
 * Problems are appended to the vector given at construction, each with the JSON Pointer of
 * its spot; decoding goes on past a problem so that one pass reports them all. It is the
 * library's one decoder, the one catalog::from_json() and catalog::from_value() use: a value
 * gets the problems its JSON text would get.
 *
 * A value nested deeper than `limits::max_json_depth` (the root is depth 1) is not decoded: its
 * one problem is `catalog_too_deep` at the JSON Pointer of the first array or object too deep.
 * Any depth is safe to give: the value is walked without recursion.
 */
class CARECOMPARE_CXX_API decoder {
 public:
  /**
   * @param problems where the problems go; it must outlive the decoder.
   * @param bounds   `max_json_depth`, `max_text_bytes` and `max_problems` apply.
   */
  explicit decoder(std::vector<diagnostic>& problems, const limits& bounds = {})
      : problems_(problems), limits_(bounds) {}

  /**
   * Decodes `j` into `out`, appending a problem for each thing wrong and decoding on.
   * @tparam T      a type of CARECOMPARE_MODEL_TYPES.
   * @param j       the JSON.
   * @param out     receives what decodes; after problems, its members are as far as they decoded.
   * @param pointer where `j` sits in its document ("" = root); it starts the JSON Pointer of
   *                every problem.
   */
  template <class T>
  void decode(const nlohmann::json& j, T& out, const std::string& pointer = {});

 private:
  std::vector<diagnostic>& problems_;
  limits limits_;
};

/**
 * Decodes a model value.
 * @tparam T     a type of CARECOMPARE_MODEL_TYPES.
 * @param j      the JSON.
 * @param bounds the limits that apply.
 * @return the value.
 * @throws catalog_error with every problem found, each with its JSON Pointer.
 */
template <class T>
CARECOMPARE_CXX_API T decode(const nlohmann::json& j, const limits& bounds = {});

// ADL hooks, so that `nlohmann::json j = value;` and `j.get<T>()` work with every model type
// (see to_json() and from_json() above).
#define CARECOMPARE_DECLARE_DECODE(T)                                  \
  CARECOMPARE_CXX_API void to_json(nlohmann::json& j, const T& value); \
  CARECOMPARE_CXX_API void from_json(const nlohmann::json& j, T& value);
CARECOMPARE_MODEL_TYPES(CARECOMPARE_DECLARE_DECODE)
#undef CARECOMPARE_DECLARE_DECODE
#define CARECOMPARE_DECLARE_TO_JSON(T) CARECOMPARE_CXX_API void to_json(nlohmann::json& j, const T& value);
CARECOMPARE_REPORT_TYPES(CARECOMPARE_DECLARE_TO_JSON)
#undef CARECOMPARE_DECLARE_TO_JSON

#if !defined(CARECOMPARE_HEADER_ONLY)
// Instantiated once, in the library (src/codec.cpp).
#define CARECOMPARE_EXTERN_DECODE(T)                                                      \
  extern template void decoder::decode<T>(const nlohmann::json&, T&, const std::string&); \
  extern template T decode<T>(const nlohmann::json&, const limits&);
CARECOMPARE_MODEL_TYPES(CARECOMPARE_EXTERN_DECODE)
#undef CARECOMPARE_EXTERN_DECODE
#endif

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_CODEC_HPP
