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
 *
 * @threadsafety The functions read their arguments only: safe from any number of threads at once.
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
#include "fwd.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/// The counts and the grade of one text.
struct text_readability {
  std::string pointer;            ///< JSON Pointer of the text in the catalog ("" for a text measured alone)
  std::size_t sentences = 0;      ///< a full stop, "!" or "?" after a word ends one; at least 1 when there are words
  std::size_t words = 0;          ///< runs of letters, digits, apostrophes and hyphens (non-ASCII counts as letters)
  std::size_t syllables = 0;      ///< count_syllables() of each word, summed
  std::size_t polysyllables = 0;  ///< words of three syllables or more (SMOG)
  double grade = 0;               ///< Flesch-Kincaid grade level
  bool quoted = false;            ///< quoted from a source: counted, not graded
  /// Equal when every member is.
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

/**
 * The counts and Flesch-Kincaid grade of one text: a full stop, "!" or "?" after a word ends a
 * sentence; a text without one is one sentence.
 * @param text UTF-8 text; letters outside ASCII count as letters of a word.
 * @return the counts and the grade; `pointer` is "".
 */
[[nodiscard]] CARECOMPARE_CXX_API text_readability measure_readability(std::string_view text);

/**
 * The readability of the reader-facing texts of a document, whether or not it is a valid
 * catalog: what `catalog::readability()` reports for a loaded catalog (which calls it), for a
 * document still being written, so that an editor can grade each text as it is typed. The
 * texts are those of `document` as it is (the codec's `decoder` fills what it can of an invalid
 * document); `quotations` are read as they are, pointers to nothing ignored.
 * ```
 * std::vector<carecompare::diagnostic> problems;
 * carecompare::catalog_document draft;
 * carecompare::decoder{problems}.decode(json, draft);
 * for (const auto& t : carecompare::readability(draft).texts) std::cout << t.pointer << ' ' << t.grade << '\n';
 * ```
 * @param document the document, valid or not.
 * @param options  the grade above which a text gets a warning, and the texts read as quotations.
 * @return the grade of each text and of the whole, and the warnings.
 * @threadsafety Safe from any number of threads at once.
 */
[[nodiscard]] CARECOMPARE_CXX_API readability_report readability(const catalog_document& document,
                                                                 const readability_options& options = {});

/**
 * The syllables of one word, by the classic heuristic: its groups of vowels (y included), but
 * for a final group (a silent e, "body") and a final "ed"; at least one.
 * @param word one word.
 * @return its syllables, at least 1.
 */
[[nodiscard]] CARECOMPARE_CXX_API std::size_t count_syllables(std::string_view word) noexcept;

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_READABILITY_HPP
