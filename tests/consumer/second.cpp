// SPDX-License-Identifier: MIT
// A second translation unit of the consumer program, including the library too: with
// carecompare::header_only, both hold every definition, which must link as one (inline).
#include <carecompare/carecompare.hpp>

std::size_t options_for_brain() {
  carecompare::circumstances c;
  c.sites = {"brain"};
  return carecompare::catalog::builtin().filter(c).relevant().size();
}
