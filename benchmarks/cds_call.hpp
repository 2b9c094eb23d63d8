// SPDX-License-Identifier: MIT
// Shared by the benchmarks of the CDS Hooks service's handler (profile's `cds` mode and
// cds_parse_bench): the catalog of benchmarks/load/run.py's service, and its patient-view call
// as the server hands it to the handler. Needs the carecompare_cds target (src/CMakeLists.txt).
#ifndef CARECOMPARE_BENCH_CDS_CALL_HPP
#define CARECOMPARE_BENCH_CDS_CALL_HPP

#include <carecompare/carecompare.hpp>
#include <string_view>

#include "bench_common.hpp"
#include "cds/handler.hpp"

namespace carecompare_bench {

/// data/catalogs/metastatic-breast-cancer.json: the catalog benchmarks/load/run.py serves.
inline carecompare::catalog call_catalog() {
  return carecompare::catalog::from_json(
      read_text(bench_dir() / ".." / "data" / "catalogs" / "metastatic-breast-cancer.json"));
}

/// `POST /cds-services/metastatic-breast-cancer` with `body`, as JSON, with no token (a handler
/// with auth off, as `serve --insecure-no-auth` runs it).
inline carecompare_cds::request patient_view_call(std::string_view body) {
  carecompare_cds::request req;
  req.method = "POST";
  req.target = "/cds-services/metastatic-breast-cancer";
  req.headers = {{"Host", "127.0.0.1"}, {"Content-Type", "application/json"}};
  req.body = body;
  return req;
}

}  // namespace carecompare_bench

#endif  // CARECOMPARE_BENCH_CDS_CALL_HPP
