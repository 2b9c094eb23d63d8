// SPDX-License-Identifier: MIT
// The README's first example: relevant options for a situation, as a Markdown table.
#include <carecompare/carecompare.hpp>
#include <iostream>

int main() {
  auto catalog = carecompare::catalog::builtin();
  carecompare::circumstances situation;
  situation.sites = {"bone"};
  situation.symptoms = {"pain"};
  auto result = catalog.filter(situation);
  std::cout << carecompare::render(carecompare::make_table(result), {carecompare::table_format::markdown});
}
