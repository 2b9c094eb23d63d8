// SPDX-License-Identifier: MIT
// Readability (readability.hpp): counts of sentences, words and syllables, the Flesch-Kincaid
// grade of each reader-facing text of a catalog, and SMOG and Flesch reading ease over them all.
// Which members are reader-facing prose comes from the one table of model_docs.hpp.
#include <algorithm>
#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <carecompare/catalog.hpp>
#include <carecompare/readability.hpp>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>

#include "codec.hpp"
#include "model_docs.hpp"
#include "util/ascii.hpp"
#include "util/json_pointer.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

inline bool is_vowel(char c) noexcept { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

/// A byte of a word: an ASCII letter or digit, an apostrophe, a hyphen, or any byte of a UTF-8
/// sequence.
inline bool word_byte(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '\'' || c == '-' ||
         u >= 0x80;
}

/// Grades from counts (zero when there are no words).
inline void grade(std::size_t sentences, std::size_t words, std::size_t syllables, std::size_t polysyllables,
                  double* kincaid, double* smog, double* ease) {
  if (words == 0 || sentences == 0) {
    if (kincaid) *kincaid = 0;
    if (smog) *smog = 0;
    if (ease) *ease = 0;
    return;
  }
  const double wps = static_cast<double>(words) / static_cast<double>(sentences);
  const double spw = static_cast<double>(syllables) / static_cast<double>(words);
  if (kincaid) *kincaid = 0.39 * wps + 11.8 * spw - 15.59;
  if (ease) *ease = 206.835 - 1.015 * wps - 84.6 * spw;
  if (smog)
    *smog = 1.043 * std::sqrt(static_cast<double>(polysyllables) * 30.0 / static_cast<double>(sentences)) + 3.1291;
}

/// Calls sink(pointer, text, quoted) for every reader-facing text of `value` (model_docs.hpp:
/// schema_text::text), in document order.
template <class Sink>
class text_walker {
 public:
  explicit text_walker(Sink& sink) : sink_(sink) {}

  template <class T>
  void walk_struct(const T& value) {
    boost::mp11::mp_for_each<boost::describe::describe_bases<T, boost::describe::mod_public>>(
        [&](auto base) { walk_struct<typename decltype(base)::type>(value); });
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto d) {
      const schema_doc* doc = find_schema_doc(model_type_name<T>(), d.name);
      const std::size_t size = pointer_.size();
      pointer_push(pointer_, d.name);
      visit(value.*d.pointer, doc ? doc->text : schema_text::text);
      pointer_.resize(size);
    });
  }

 private:
  template <class F>
  void visit(const F& value, schema_text kind) {
    if constexpr (is_optional<F>::value) {
      if (value) visit(*value, kind);
    } else if constexpr (is_vector<F>::value) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        const std::size_t size = pointer_.size();
        pointer_ += "/" + std::to_string(i);
        visit(value[i], kind);
        pointer_.resize(size);
      }
    } else if constexpr (std::is_same_v<F, std::string>) {
      if (kind == schema_text::text) sink_(pointer_, value);
    } else if constexpr (is_described_struct<F>) {
      walk_struct(value);
    }
  }

  Sink& sink_;
  std::string pointer_;
};

}  // namespace detail

CARECOMPARE_FUNC std::size_t count_syllables(std::string_view word) noexcept {
  // The letters, lowercase (a hyphenated word is one word: "system-wide"); a word with none
  // (a number, a symbol) is one syllable.
  char buffer[64];
  std::size_t n = 0;
  for (const char c : word) {
    if (n == sizeof buffer) break;
    const char lower = detail::ascii_lower(c);
    if (lower >= 'a' && lower <= 'z') buffer[n++] = lower;
  }
  // A final "ed" is silent ("listed", "used"); so is a final vowel group ("care", "body",
  // "area"): each other group of vowels (y included) is a syllable.
  if (n > 3 && buffer[n - 2] == 'e' && buffer[n - 1] == 'd') n -= 2;
  std::size_t groups = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (detail::is_vowel(buffer[i]) && (i == 0 || !detail::is_vowel(buffer[i - 1]))) ++groups;
  }
  if (n > 0 && detail::is_vowel(buffer[n - 1]) && groups > 0) --groups;
  return std::max<std::size_t>(groups, 1);
}

CARECOMPARE_FUNC text_readability measure_readability(std::string_view text) {
  text_readability out;
  bool in_word = false, ended = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool byte = i < text.size() && detail::word_byte(text[i]);
    if (byte && !in_word) {
      in_word = true;
      start = i;
      ended = false;
    } else if (!byte && in_word) {
      in_word = false;
      const std::string_view word = text.substr(start, i - start);
      const std::size_t s = count_syllables(word);
      ++out.words;
      out.syllables += s;
      if (s >= 3) ++out.polysyllables;
    }
    if (i < text.size() && (text[i] == '.' || text[i] == '!' || text[i] == '?') && out.words != 0 && !ended) {
      // A sentence ends at the first stop after a word ("e.g." inside a word-run counts once).
      const bool at_end =
          i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n' || text[i + 1] == '"' || text[i + 1] == ')';
      if (at_end) {
        ++out.sentences;
        ended = true;
      }
    }
  }
  if (out.words != 0 && !ended) ++out.sentences;  // the last sentence has no stop
  detail::grade(out.sentences, out.words, out.syllables, out.polysyllables, &out.grade, nullptr, nullptr);
  return out;
}

CARECOMPARE_FUNC readability_report catalog::readability(const readability_options& options) const {
  return carecompare::readability(document(), options);
}

CARECOMPARE_FUNC readability_report readability(const catalog_document& doc, const readability_options& options) {
  readability_report report;
  std::set<std::string> quoted;
  if (doc.quotations) quoted.insert(doc.quotations->begin(), doc.quotations->end());
  std::size_t sentences = 0, words = 0, syllables = 0, polysyllables = 0;
  auto sink = [&](const std::string& pointer, const std::string& text) {
    text_readability t = measure_readability(text);
    t.pointer = pointer;
    t.quoted = quoted.count(pointer) != 0;
    if (t.quoted) {
      ++report.quoted;
    } else {
      sentences += t.sentences;
      words += t.words;
      syllables += t.syllables;
      polysyllables += t.polysyllables;
      if (t.grade > options.max_grade && t.words >= options.min_words) {
        char grade[32];
        std::snprintf(grade, sizeof grade, "%.1f", t.grade);
        char max[32];
        std::snprintf(max, sizeof max, "%.1f", options.max_grade);
        report.warnings.push_back(diagnostic{error_ids::catalog_hard_to_read,
                                             pointer,
                                             std::string("Flesch-Kincaid grade ") + grade + " is above " + max +
                                                 ": shorter sentences and shorter words help",
                                             0,
                                             0,
                                             diagnostic::severity::warning,
                                             {}});
      }
    }
    report.texts.push_back(std::move(t));
  };
  detail::text_walker<decltype(sink)>(sink).walk_struct(doc);
  detail::grade(sentences, words, syllables, polysyllables, &report.grade, &report.smog, &report.reading_ease);
  return report;
}

CARECOMPARE_END_NAMESPACE
