// SPDX-License-Identifier: MIT
// The builtin catalog: data/catalogs/metastatic-breast-cancer.json, embedded at build time
// (cmake/builtin-catalog.cmake writes its bytes into carecompare_builtin_catalog.inc).
#include <string_view>

#include "access.hpp"

CARECOMPARE_BEGIN_NAMESPACE

CARECOMPARE_FUNC std::string_view detail::builtin_catalog_text() noexcept {
  static constexpr unsigned char bytes[] = {
#include <carecompare_builtin_catalog.inc>
  };
  return {reinterpret_cast<const char*>(bytes), sizeof bytes};
}

CARECOMPARE_END_NAMESPACE
