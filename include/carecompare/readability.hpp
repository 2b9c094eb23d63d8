// SPDX-License-Identifier: MIT
/**
 * @file readability.hpp
 * How hard a catalog's text is to read: the Flesch-Kincaid grade of each text readers see,
 * and for the catalog as a whole the SMOG grade and the Flesch reading ease.
 *
 * Patient decision-aid standards (IPDAS) ask for SMOG grade 8 or lower. The formulas are the
 * classic ones, on counts of sentences, words and syllables (syllables by the usual vowel-group
 * heuristic); tests/python/test_readability.py holds them within one grade of GNU diction's
 * `style`. Texts a catalog marks as quoted word for word from its sources (`quotations`) are
 * counted in the report and not graded. Nothing is measured unless asked: loading a catalog does
 * not run it.
 * ```
 * const auto report = carecompare::catalog::builtin().readability();
 * std::cout << "SMOG " << report.smog << '\n';
 * for (const auto& w : report.warnings) std::cout << w.to_string() << '\n';  // id 245
 * ```
 * The reports are described with Boost.Describe: `carecompare::encode(report)` (codec.hpp) is
 * their JSON form, the members as keys.
 */
#ifndef CARECOMPARE_READABILITY_HPP
#define CARECOMPARE_READABILITY_HPP

#include <boost/describe/class.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "error.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/// The counts and the grade of one text.
struct text_readability {
  std::string pointer;  ///< JSON Pointer of the text in the catalog ("" for a text measured alone)
  std::size_t sentences = 0;
  std::size_t words = 0;
  std::size_t syllables = 0;
  std::size_t polysyllables = 0;  ///< words of three syllables or more (SMOG)
  double grade = 0;               ///< Flesch-Kincaid grade level
  bool quoted = false;            ///< quoted from a source: counted, not graded
  friend bool operator==(const text_readability&, const text_readability&) = default;
};
BOOST_DESCRIBE_STRUCT(text_readability, (), (pointer, sentences, words, syllables, polysyllables, grade, quoted))

/// What catalog::readability() checks against.
struct readability_options {
  double max_grade = 8;  ///< a text above this Flesch-Kincaid grade is a warning (245)
  /// Texts of fewer words (labels, names: "Regular Monitoring") count in the overall grades but
  /// are not warned about: a grade says little of two words.
  std::size_t min_words = 5;
};

/// The readability of a catalog's reader-facing texts.
struct readability_report {
  std::vector<text_readability> texts;  ///< every reader-facing text, in document order
  // Over the texts not quoted, taken together:
  double grade = 0;         ///< Flesch-Kincaid grade level
  double smog = 0;          ///< SMOG grade
  double reading_ease = 0;  ///< Flesch reading ease (0-100, higher is easier)
  std::size_t quoted = 0;   ///< how many texts are quoted (and so not graded)
  /// A warning (catalog_hard_to_read, 245) at the JSON Pointer of each text not quoted, of at
  /// least readability_options::min_words words, whose grade is above max_grade.
  std::vector<diagnostic> warnings;
};
BOOST_DESCRIBE_STRUCT(readability_report, (), (texts, grade, smog, reading_ease, quoted, warnings))

/// The counts and Flesch-Kincaid grade of one text (each `.`, `!` or `?` ends a sentence; a
/// text without one is one sentence).
[[nodiscard]] CARECOMPARE_CXX_API text_readability measure_readability(std::string_view text);

/// The syllables of one word, by the classic heuristic: its groups of vowels (y included), but
/// for a final group (a silent e, "body") and a final "ed"; at least one.
[[nodiscard]] CARECOMPARE_CXX_API std::size_t count_syllables(std::string_view word) noexcept;

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_READABILITY_HPP
