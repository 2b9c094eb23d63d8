// SPDX-License-Identifier: MIT
// Dates and versions: only real ones parse, and they print back as written.
#include <gtest/gtest.h>

#include <carecompare/model.hpp>

namespace cc = carecompare;

TEST(IsoDate, ParsesRealDatesOnly) {
  const auto d = cc::iso_date::parse("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 2024);
  EXPECT_EQ(d->month, 2);
  EXPECT_EQ(d->day, 29);
  EXPECT_EQ(d->to_string(), "2024-02-29");
  for (const char* bad : {"2023-02-29", "1900-02-29", "2026-04-31", "2026-00-10", "2026-13-01", "2026-1-01",
                          "2026/01/01", "2026-01-01T00:00", "", "abcd-ef-gh", "2026-01-00"}) {
    EXPECT_FALSE(cc::iso_date::parse(bad)) << bad;
  }
  EXPECT_TRUE(cc::iso_date::parse("2000-02-29"));
  EXPECT_EQ(cc::iso_date::parse("0999-12-31")->to_string(), "0999-12-31");
}

TEST(IsoDate, OrdersChronologically) {
  EXPECT_LT(*cc::iso_date::parse("2025-12-31"), *cc::iso_date::parse("2026-01-01"));
  EXPECT_EQ(*cc::iso_date::parse("2026-11-26"), *cc::iso_date::parse("2026-11-26"));
}

TEST(SemanticVersion, FollowsSemver2) {
  const auto v = cc::semantic_version::parse("1.2.3-rc.1+build.7");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->major, 1u);
  EXPECT_EQ(v->minor, 2u);
  EXPECT_EQ(v->patch, 3u);
  EXPECT_EQ(v->prerelease, "rc.1");
  EXPECT_EQ(v->build, "build.7");
  EXPECT_EQ(v->to_string(), "1.2.3-rc.1+build.7");
  for (const char* good : {"0.0.0", "1.0.0-alpha", "1.0.0-0.3.7", "1.0.0-x-y-z.--", "1.0.0+001", "99999.0.1"}) {
    EXPECT_TRUE(cc::semantic_version::parse(good)) << good;
  }
  for (const char* bad : {"1", "1.0", "1.0.0.0", "01.0.0", "1.00.0", "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0-a..b",
                          "v1.0.0", "1.0.0 ", "1.0.0-é", "99999999999999999999.0.0"}) {
    EXPECT_FALSE(cc::semantic_version::parse(bad)) << bad;
  }
}
