// SPDX-License-Identifier: MIT
// Tests of util/utf8.hpp (src/), the library's one UTF-8 decoder: the renderers, error messages,
// the catalog checks and the JsonLogic text rules all read text through it, so what it calls
// valid is what every one of them calls valid.
//
// The reference is the Unicode Standard itself, not this library: Table 3-7 ("Well-Formed UTF-8
// Byte Sequences", chapter 3) is written out below, row by row, and a byte sequence is valid when
// it is one of a row's sequences and nothing else is. A row's code points follow the order of its
// byte sequences (UTF-8 keeps code point order), which gives each sequence its code point without
// any bit arithmetic. The decoder is checked against the table on every sequence of two bytes
// followed by continuation and non-continuation bytes, cut at every length; the encoder on every
// scalar value; and both on the classic malformed inputs (Markus Kuhn's UTF-8 decoder stress test,
// the Unicode Standard's example of ill-formed subsequences), each bad byte one U+FFFD.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/utf8.hpp"

namespace {

namespace detail = carecompare::detail;

/// One row of Table 3-7: its code points and, for each byte of the sequence, the range it takes.
struct table_row {
  std::uint32_t first;
  std::uint32_t last;
  std::size_t length;
  std::array<std::pair<unsigned, unsigned>, 4> bytes;
};

// clang-format off
constexpr std::array<table_row, 9> table_3_7 = {{
    //  code points           length  first byte    second byte   third byte    fourth byte
    {0x0000,   0x007F,   1, {{{0x00, 0x7F}}}},
    {0x0080,   0x07FF,   2, {{{0xC2, 0xDF}, {0x80, 0xBF}}}},
    {0x0800,   0x0FFF,   3, {{{0xE0, 0xE0}, {0xA0, 0xBF}, {0x80, 0xBF}}}},
    {0x1000,   0xCFFF,   3, {{{0xE1, 0xEC}, {0x80, 0xBF}, {0x80, 0xBF}}}},
    {0xD000,   0xD7FF,   3, {{{0xED, 0xED}, {0x80, 0x9F}, {0x80, 0xBF}}}},
    {0xE000,   0xFFFF,   3, {{{0xEE, 0xEF}, {0x80, 0xBF}, {0x80, 0xBF}}}},
    {0x10000,  0x3FFFF,  4, {{{0xF0, 0xF0}, {0x90, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}}},
    {0x40000,  0xFFFFF,  4, {{{0xF1, 0xF3}, {0x80, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}}},
    {0x100000, 0x10FFFF, 4, {{{0xF4, 0xF4}, {0x80, 0x8F}, {0x80, 0xBF}, {0x80, 0xBF}}}},
}};
// clang-format on

/// How many sequences a row's bytes from the k-th on can form.
constexpr std::uint32_t sequences_from(const table_row& row, std::size_t k) {
  std::uint32_t n = 1;
  for (std::size_t j = k; j < row.length; ++j) n *= row.bytes[j].second - row.bytes[j].first + 1;
  return n;
}

// The table as written is consistent: each row has as many sequences as code points, and the rows
// cover U+0000..U+10FFFF in order, but for the surrogates U+D800..U+DFFF.
constexpr bool table_is_consistent() {
  std::uint32_t next = 0;
  for (const table_row& row : table_3_7) {
    if (row.first != (next == 0xD800 ? 0xE000 : next)) return false;
    if (sequences_from(row, 0) != row.last - row.first + 1) return false;
    next = row.last + 1;
  }
  return next == 0x110000;
}
static_assert(table_is_consistent());

bool is_scalar_value(std::uint32_t cp) { return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF); }

/// The decoding of the bytes [p, p + avail) Table 3-7 gives: the code point of the row sequence
/// that starts the bytes, or invalid (U+FFFD, one byte). UTF-8 is prefix-free: at most one matches.
detail::utf8_char reference_decode(const unsigned char* p, std::size_t avail) {
  for (const table_row& row : table_3_7) {
    if (avail < row.length) continue;
    std::uint32_t cp = row.first;
    bool matches = true;
    for (std::size_t k = 0; k < row.length && matches; ++k) {
      const auto [lo, hi] = row.bytes[k];
      matches = p[k] >= lo && p[k] <= hi;
      cp += (p[k] - lo) * sequences_from(row, k + 1);
    }
    if (matches) return {static_cast<char32_t>(cp), static_cast<std::uint32_t>(row.length), true};
  }
  return {0xFFFD, 1, false};
}

/// The bytes Table 3-7 gives a scalar value: its row's sequence at the value's place in the row.
std::string reference_encode(std::uint32_t cp) {
  for (const table_row& row : table_3_7) {
    if (cp < row.first || cp > row.last) continue;
    std::uint32_t place = cp - row.first;
    std::string out;
    for (std::size_t k = 0; k < row.length; ++k) {
      const std::uint32_t step = sequences_from(row, k + 1);
      out += static_cast<char>(row.bytes[k].first + place / step);
      place %= step;
    }
    return out;
  }
  return {};
}

TEST(Utf8, EncodesEveryScalarValueAsTable37Does) {
  for (std::uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (!is_scalar_value(cp)) continue;
    std::string s;
    detail::append_utf8(s, static_cast<char32_t>(cp));
    const std::string expected = reference_encode(cp);
    ASSERT_EQ(s, expected) << std::hex << cp;
    const detail::utf8_char c = detail::decode_utf8(s.data(), s.data() + s.size());
    ASSERT_TRUE(c.valid) << std::hex << cp;
    ASSERT_EQ(static_cast<std::uint32_t>(c.cp), cp);
    ASSERT_EQ(c.len, expected.size());
    ASSERT_EQ(detail::utf8_sequence_length(s, 0), expected.size());
    char32_t decoded = 0;
    ASSERT_EQ(detail::decode_utf8(s, 0, decoded), expected.size());
    ASSERT_EQ(static_cast<std::uint32_t>(decoded), cp);
    ASSERT_EQ(detail::find_invalid_utf8(s), std::string_view::npos);
  }
}

TEST(Utf8, DecodesEverySequenceAsTable37Does) {
  // Past the second byte only whether a byte is a continuation byte matters, and where its
  // range ends: these stand for all of them.
  constexpr std::array<unsigned char, 4> later = {0x7F, 0x80, 0xBF, 0xC0};
  std::array<unsigned char, 4> b{};
  for (unsigned b0 = 0; b0 < 256; ++b0) {
    for (unsigned b1 = 0; b1 < 256; ++b1) {
      for (const unsigned char b2 : later) {
        for (const unsigned char b3 : later) {
          b = {static_cast<unsigned char>(b0), static_cast<unsigned char>(b1), b2, b3};
          const char* p = reinterpret_cast<const char*>(b.data());
          for (std::size_t avail = 1; avail <= 4; ++avail) {
            const detail::utf8_char want = reference_decode(b.data(), avail);
            const detail::utf8_char got = detail::decode_utf8(p, p + avail);
            if (got.cp != want.cp || got.len != want.len || got.valid != want.valid) {
              FAIL() << std::hex << "bytes " << b0 << " " << b1 << " " << unsigned{b2} << " " << unsigned{b3} << " ("
                     << avail << " of them): got U+" << static_cast<std::uint32_t>(got.cp) << "/" << got.len
                     << (got.valid ? " valid" : " invalid") << ", want U+" << static_cast<std::uint32_t>(want.cp) << "/"
                     << want.len << (want.valid ? " valid" : " invalid");
            }
            const std::string_view s(p, avail);
            ASSERT_EQ(detail::utf8_sequence_length(s, 0), want.valid ? want.len : 0);
            char32_t cp = 0;
            ASSERT_EQ(detail::decode_utf8(s, 0, cp), want.len);
            ASSERT_EQ(cp, want.cp);
          }
        }
      }
    }
  }
}

/// The code points a whole text decodes to; each invalid byte is one U+FFFD (written 0xFFFD).
std::vector<std::uint32_t> decode_all(std::string_view s) {
  std::vector<std::uint32_t> out;
  for (const char* p = s.data(); p < s.data() + s.size();) {
    const detail::utf8_char c = detail::decode_utf8(p, s.data() + s.size());
    out.push_back(c.valid ? static_cast<std::uint32_t>(c.cp) : 0xFFFDU);
    p += c.len;
  }
  return out;
}

TEST(Utf8, ClassicMalformedInputsGiveOneReplacementPerBadByte) {
  constexpr std::uint32_t bad = 0xFFFD;
  const struct {
    std::string_view bytes;
    std::vector<std::uint32_t> decoded;
    const char* what;
  } cases[] = {
      // The Unicode Standard, chapter 3, "U+FFFD Substitution of Maximal Subparts": its example of
      // ill-formed subsequences. This decoder replaces each bad byte, not each maximal subpart.
      {"\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
       {0x61, bad, bad, bad, bad, bad, bad, 0x62, bad, 0x63, bad, bad, 0x64},
       "truncated sequences, lone continuation bytes"},
      // Markus Kuhn's UTF-8 decoder capability and stress test.
      {"\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5", {0x3BA, 0x1F79, 0x3C3, 0x3BC, 0x3B5}, "1: kosme"},
      {std::string_view("\x00", 1), {0x0}, "2.1.1: the first 1-byte sequence"},
      {"\xC2\x80", {0x80}, "2.1.2: the first 2-byte sequence"},
      {"\xE0\xA0\x80", {0x800}, "2.1.3: the first 3-byte sequence"},
      {"\xF0\x90\x80\x80", {0x10000}, "2.1.4: the first 4-byte sequence"},
      {"\xF8\x88\x80\x80\x80", {bad, bad, bad, bad, bad}, "2.1.5: a 5-byte sequence (no longer UTF-8)"},
      {"\xFC\x84\x80\x80\x80\x80", {bad, bad, bad, bad, bad, bad}, "2.1.6: a 6-byte sequence"},
      {"\x7F", {0x7F}, "2.2.1: the last 1-byte sequence"},
      {"\xDF\xBF", {0x7FF}, "2.2.2: the last 2-byte sequence"},
      {"\xEF\xBF\xBF", {0xFFFF}, "2.2.3: the last 3-byte sequence (a noncharacter, still valid)"},
      {"\xF4\x8F\xBF\xBF", {0x10FFFF}, "the last scalar value"},
      {"\xF7\xBF\xBF\xBF", {bad, bad, bad, bad}, "2.2.4: U+1FFFFF, past the last"},
      {"\xED\x9F\xBF", {0xD7FF}, "2.3.1: U+D7FF"},
      {"\xEE\x80\x80", {0xE000}, "2.3.2: U+E000"},
      {"\xEF\xBF\xBD", {0xFFFD}, "2.3.3: U+FFFD itself, valid"},
      {"\xF4\x90\x80\x80", {bad, bad, bad, bad}, "2.3.5: U+110000"},
      {"\x80", {bad}, "3.1.1: a first continuation byte"},
      {"\xBF", {bad}, "3.1.2: a last continuation byte"},
      {"\x80\xBF\x80\xBF", {bad, bad, bad, bad}, "3.1.7: four continuation bytes"},
      {"\xC0\x20\xDF\x20", {bad, 0x20, bad, 0x20}, "3.2.1: lonely start bytes of 2-byte sequences"},
      {"\xE0\x20\xEF\x20", {bad, 0x20, bad, 0x20}, "3.2.2: of 3-byte sequences"},
      {"\xF0\x20\xF7\x20", {bad, 0x20, bad, 0x20}, "3.2.3: of 4-byte sequences"},
      {"\xE0\x80", {bad, bad}, "3.3.2: a 3-byte sequence without its last byte"},
      {"\xF0\x80\x80", {bad, bad, bad}, "3.3.3: a 4-byte sequence without its last byte"},
      {"\xDF", {bad}, "3.3.7: a 2-byte sequence's first byte, at the end"},
      {"\xEF\xBF", {bad, bad}, "3.3.8: a 3-byte sequence without its last byte, at the end"},
      {"\xFE", {bad}, "3.5.1: FE can never appear"},
      {"\xFF", {bad}, "3.5.2: FF can never appear"},
      {"\xC0\xAF", {bad, bad}, "4.1.1: an overlong '/' in 2 bytes"},
      {"\xE0\x80\xAF", {bad, bad, bad}, "4.1.2: in 3 bytes"},
      {"\xF0\x80\x80\xAF", {bad, bad, bad, bad}, "4.1.3: in 4 bytes"},
      {"\xC1\xBF", {bad, bad}, "4.2.1: the largest overlong 2-byte sequence"},
      {"\xE0\x9F\xBF", {bad, bad, bad}, "4.2.2: the largest overlong 3-byte sequence"},
      {"\xF0\x8F\xBF\xBF", {bad, bad, bad, bad}, "4.2.3: the largest overlong 4-byte sequence"},
      {"\xC0\x80", {bad, bad}, "4.3.1: an overlong U+0000"},
      {"\xED\xA0\x80", {bad, bad, bad}, "5.1.1: the surrogate U+D800"},
      {"\xED\xBF\xBF", {bad, bad, bad}, "5.1.7: the surrogate U+DFFF"},
      {"\xED\xA0\x80\xED\xB0\x80", {bad, bad, bad, bad, bad, bad}, "5.2.1: a surrogate pair, U+D800 U+DC00"},
      {"\xEF\xBF\xBE", {0xFFFE}, "5.3.1: U+FFFE, a noncharacter, valid"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(decode_all(c.bytes), c.decoded) << c.what;
  }
}

TEST(Utf8, RefusesOverlongFormsSurrogatesAndValuesPastTheLast) {
  for (const std::string_view bad : {
           std::string_view("\xC0\x80"),                        // overlong U+0000
           std::string_view("\xC1\xBF"),                        // overlong U+007F
           std::string_view("\xE0\x9F\xBF"),                    // overlong U+07FF
           std::string_view("\xF0\x8F\xBF\xBF"),                // overlong U+FFFF
           std::string_view("\xED\xA0\x80"),                    // U+D800, a surrogate
           std::string_view("\xED\xBF\xBF"),                    // U+DFFF
           std::string_view("\xF4\x90\x80\x80"),                // U+110000
           std::string_view("\xF5\x80\x80\x80"),                // no lead byte
           std::string_view("\xFF"), std::string_view("\x80"),  // no lead byte, a lone continuation
           std::string_view("\xE2\x82"),                        // cut short
       }) {
    EXPECT_EQ(detail::find_invalid_utf8(bad), 0U) << detail::printable(bad);
    const detail::utf8_char c = detail::decode_utf8(bad.data(), bad.data() + bad.size());
    EXPECT_FALSE(c.valid);
    EXPECT_EQ(c.len, 1U) << "an invalid byte is replaced by itself, so decoding moves on";
    EXPECT_EQ(static_cast<std::uint32_t>(c.cp), 0xFFFDU);
  }
  // The last of each length is valid.
  for (const std::string_view good :
       {std::string_view("\x7F"), std::string_view("\xDF\xBF"), std::string_view("\xED\x9F\xBF"),
        std::string_view("\xEE\x80\x80"), std::string_view("\xEF\xBF\xBF"), std::string_view("\xF4\x8F\xBF\xBF")}) {
    EXPECT_EQ(detail::find_invalid_utf8(good), std::string_view::npos) << detail::printable(good);
  }
}

TEST(Utf8, FindInvalidSaysWhereTheFirstBadByteIs) {
  EXPECT_EQ(detail::find_invalid_utf8(""), std::string_view::npos);
  EXPECT_EQ(detail::find_invalid_utf8("plain ASCII text"), std::string_view::npos);
  EXPECT_EQ(detail::find_invalid_utf8("caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80"), std::string_view::npos);
  EXPECT_EQ(detail::find_invalid_utf8("caf\xC3"), 3U);
  EXPECT_EQ(detail::find_invalid_utf8("ab\xC3\xA9\xED\xA0\x80"), 4U);
}

TEST(Utf8, PrintableWritesEachBadByteOnce) {
  EXPECT_EQ(detail::printable("ok \xC3\xA9"), "ok \xC3\xA9");
  EXPECT_EQ(detail::printable("\xE2\x82!"), "\\xE2\\x82!");
  EXPECT_EQ(detail::printable("\xED\xA0\x80"), "\\xED\\xA0\\x80");
  EXPECT_EQ(detail::printable(std::string_view("a\0b\x7F", 4)), "a\\u0000b\\u007F");
}

}  // namespace
