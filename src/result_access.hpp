// SPDX-License-Identifier: MIT
/**
 * @file result_access.hpp (private)
 * What the library's readers beside the engine may add to a result after catalog::filter()
 * made it: fhir::filter() says where each reason's answers came from (relevant_option::from_record).
 */
#ifndef CARECOMPARE_SRC_RESULT_ACCESS_HPP
#define CARECOMPARE_SRC_RESULT_ACCESS_HPP

#include <carecompare/config.hpp>
#include <carecompare/filter.hpp>
#include <vector>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

struct result_access {
  /// The options `r` shows, to fill in their `from_record`; nothing else of them may change.
  static std::vector<relevant_option>& relevant(result& r) noexcept { return r.relevant_; }
};

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_RESULT_ACCESS_HPP
