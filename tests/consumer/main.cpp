// SPDX-License-Identifier: MIT
// A tiny program using carecompare the way a consumer project does. Exits 0 when the library
// works: the builtin catalog loads, filters and renders with its disclaimer.
#include <carecompare/carecompare.hpp>
#include <iostream>

std::size_t options_for_brain();  // second.cpp

int main() {
  const auto cat = carecompare::catalog::builtin();
  carecompare::circumstances c;
  c.sites = {"bone"};
  const auto result = cat.filter(c);
  const auto text = carecompare::render(carecompare::make_table(result), {});
  std::cout << text;
  const bool ok = !result.relevant().empty() && text.find("Physical Therapy") != std::string::npos &&
                  text.find(cat.disclaimer().substr(0, 40)) != std::string::npos && options_for_brain() > 0;
  return ok ? 0 : 1;
}
