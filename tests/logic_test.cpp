#include <gtest/gtest.h>
#include <carecompare/error.hpp>
TEST(Skeleton, Builds) { EXPECT_EQ(carecompare::logic_error(501, "/a", "x").id(), 501); }
