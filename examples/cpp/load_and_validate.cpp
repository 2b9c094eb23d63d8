// SPDX-License-Identifier: MIT
// Loading a catalog file strictly: every problem is reported with its JSON Pointer.
// Usage: load_and_validate CATALOG.json
#include <carecompare/carecompare.hpp>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " CATALOG.json\n";
    return 1;
  }
  try {
    const auto catalog = carecompare::catalog::from_file(argv[1]);
    std::cout << catalog.title() << ": " << catalog.strategies().size() << " strategies, " << catalog.rules().size()
              << " rules\n";
    return 0;
  } catch (const carecompare::catalog_error& e) {
    for (const auto& problem : e.problems()) std::cerr << argv[1] << ": " << problem.to_string() << '\n';
    return 2;
  }
}
