// SPDX-License-Identifier: MIT
/**
 * @file util/flags.hpp (private)
 * One flag per rule, strategy or vocabulary word of a query, all zero at first: on the stack for
 * up to 512 of them, else on the heap, so that a query on a typical catalog allocates none.
 */
#ifndef CARECOMPARE_SRC_UTIL_FLAGS_HPP
#define CARECOMPARE_SRC_UTIL_FLAGS_HPP

#include <algorithm>
#include <carecompare/config.hpp>
#include <cstddef>
#include <memory>
#include <span>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// `n` flags of type T, value-initialised.
template <class T>
class flags {
 public:
  explicit flags(std::size_t n) : size_(n) {
    if (n > inline_size) {
      heap_ = std::make_unique<T[]>(n);
      data_ = heap_.get();
    } else {
      std::fill(inline_, inline_ + n, T{});
    }
  }
  // data_ may point into this object: a copy would point into the original.
  flags(const flags&) = delete;
  flags& operator=(const flags&) = delete;

  T& operator[](std::size_t i) noexcept { return data_[i]; }
  T operator[](std::size_t i) const noexcept { return data_[i]; }
  std::span<T> span() noexcept { return {data_, size_}; }

 private:
  static constexpr std::size_t inline_size = 512;
  T inline_[inline_size];
  std::unique_ptr<T[]> heap_;
  T* data_ = inline_;
  std::size_t size_;
};
/// Whether each rule of a catalog holds for the query's circumstances.
using rule_flags = flags<bool>;
using byte_flags = flags<unsigned char>;

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_FLAGS_HPP
