// SPDX-License-Identifier: MIT
// Counting allocations, for the tests that bound work by what it allocates rather than by how
// long it takes (a unit test never times anything: the machines CI runs on are shared, and Debug
// and sanitizer builds are slow). Link tests/allocation_count.cpp into the test
// (carecompare_add_test(<component> allocation_count.cpp)).
//
// Every allocation of the test program counts, on any thread: each call of a global operator new
// (replaced by the test program), or, in a build with clang's sanitizers, whose runtime owns
// operator new, each allocation the sanitizer's allocator makes (malloc included), through its
// allocation hook. The count is exact in both, so a test may expect 0.
#ifndef CARECOMPARE_TESTS_ALLOCATION_COUNT_HPP
#define CARECOMPARE_TESTS_ALLOCATION_COUNT_HPP

#include <cstddef>

namespace carecompare_test {

/// Allocations made so far, and their bytes (never decreased by frees).
struct allocations {
  long long count = 0;
  long long bytes = 0;
};

/// The totals since the program started.
allocations allocations_so_far() noexcept;

/// What running `f()` allocated.
template <class F>
allocations allocations_of(F&& f) {
  const allocations before = allocations_so_far();
  f();
  const allocations after = allocations_so_far();
  return {after.count - before.count, after.bytes - before.bytes};
}

}  // namespace carecompare_test

#endif  // CARECOMPARE_TESTS_ALLOCATION_COUNT_HPP
