// SPDX-License-Identifier: MIT
// Tests of util/utf8.hpp (src/), the library's one UTF-8 decoder: the renderers, error messages,
// the catalog checks and the JsonLogic text rules all read text through it, so what it calls
// valid is what every one of them calls valid.
//
// The reference is the encoder: a byte sequence is valid UTF-8 when it is the encoding of a
// Unicode scalar value (at most U+10FFFF, no surrogate) in its shortest form, and nothing else
// is. The decoder is checked against that on every scalar value and on every sequence of two
// bytes followed by continuation and non-continuation bytes, cut at every length.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/utf8.hpp"

namespace {

namespace detail = carecompare::detail;

bool is_scalar_value(std::uint32_t cp) { return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF); }

/// The reference decoding of the bytes [p, p + avail): the scalar value whose encoding starts
/// the bytes, or invalid (U+FFFD, one byte). UTF-8 is prefix-free, so there is at most one.
detail::utf8_char reference_decode(const unsigned char* p, std::size_t avail) {
  for (std::size_t len = 1; len <= 4 && len <= avail; ++len) {
    std::uint32_t cp = len == 1 ? p[0] : p[0] & (0x7FU >> len);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6U) | (p[k] & 0x3FU);
    if (!is_scalar_value(cp)) continue;
    std::string encoded;
    detail::append_utf8(encoded, static_cast<char32_t>(cp));
    if (encoded == std::string_view(reinterpret_cast<const char*>(p), len)) {
      return {static_cast<char32_t>(cp), static_cast<std::uint32_t>(len), true};
    }
  }
  return {0xFFFD, 1, false};
}

TEST(Utf8, EncodesEveryScalarValueInItsShortestForm) {
  for (std::uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (!is_scalar_value(cp)) continue;
    std::string s;
    detail::append_utf8(s, static_cast<char32_t>(cp));
    const std::size_t expected_len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    ASSERT_EQ(s.size(), expected_len) << std::hex << cp;
    const detail::utf8_char c = detail::decode_utf8(s.data(), s.data() + s.size());
    ASSERT_TRUE(c.valid) << std::hex << cp;
    ASSERT_EQ(static_cast<std::uint32_t>(c.cp), cp);
    ASSERT_EQ(c.len, expected_len);
    ASSERT_EQ(detail::utf8_sequence_length(s, 0), expected_len);
    char32_t decoded = 0;
    ASSERT_EQ(detail::decode_utf8(s, 0, decoded), expected_len);
    ASSERT_EQ(static_cast<std::uint32_t>(decoded), cp);
    ASSERT_EQ(detail::find_invalid_utf8(s), std::string_view::npos);
  }
}

TEST(Utf8, DecodesEverySequenceAsTheEncoderDefinesIt) {
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
