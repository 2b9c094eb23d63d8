// SPDX-License-Identifier: MIT
// The allocation counter of tests/allocation_count.hpp: replaced global operators new and delete,
// or, where clang's sanitizer runtime defines them itself (statically, so a replacement would
// clash), the sanitizer allocator's hook.
#include "allocation_count.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define CARECOMPARE_TEST_COUNT_BY_SANITIZER_HOOK 1
#endif
#endif

namespace {
std::atomic<long long> g_count{0};
std::atomic<long long> g_bytes{0};

void count(std::size_t size) noexcept {
  g_count.fetch_add(1, std::memory_order_relaxed);
  g_bytes.fetch_add(static_cast<long long>(size), std::memory_order_relaxed);
}
}  // namespace

carecompare_test::allocations carecompare_test::allocations_so_far() noexcept {
  return {g_count.load(), g_bytes.load()};
}

#ifdef CARECOMPARE_TEST_COUNT_BY_SANITIZER_HOOK

// <sanitizer/allocator_interface.h>, declared here: GCC does not install that header.
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*, std::size_t),
                                                         void (*free_hook)(const volatile void*));

namespace {
void on_malloc(const volatile void*, std::size_t size) { count(size); }
void on_free(const volatile void*) {}
[[maybe_unused]] const int g_hooked = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
}  // namespace

#else

namespace {
void* counted_alloc(std::size_t size) {
  count(size);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* counted_alloc_nothrow(std::size_t size) noexcept {
  count(size);
  return std::malloc(size == 0 ? 1 : size);
}
}  // namespace

void* operator new(std::size_t size) { return counted_alloc(size); }
void* operator new[](std::size_t size) { return counted_alloc(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted_alloc_nothrow(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted_alloc_nothrow(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

#endif
