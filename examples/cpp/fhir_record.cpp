// SPDX-License-Identifier: MIT
// The README's health-record example: read a FHIR R4 record, say what it gave, filter with it.
//   example_fhir_record bundle.json
#include <carecompare/carecompare.hpp>
#include <iostream>

int main(int argc, char** argv) try {
  if (argc != 2) {
    std::cerr << "usage: example_fhir_record RECORD.json\n";
    return 1;
  }
  const auto cat = carecompare::catalog::builtin();
  const auto record = carecompare::fhir::read_file(cat, argv[1]);  // a Bundle, a resource, a prefetch...
  std::cout << record.summary(cat) << "\n\n";                      // "From the health record: ..."
  // Sites and symptoms: open lists; each reason says where in the record its answers came from.
  const auto both = carecompare::fhir::filter_reading(cat, record);
  std::cout << carecompare::render(carecompare::make_table(both.result)) << '\n';
  for (const auto& p : record.problems()) std::cerr << p.to_string() << '\n';  // JSON Pointers into the record
  return 0;
} catch (const carecompare::error& e) {
  std::cerr << e.what() << '\n';
  return 2;
}
