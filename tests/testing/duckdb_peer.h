// Test helpers for the DuckDB node peer (tests/peers, `npm ci` there): detect it, and run SQL in
// an in-memory DuckDB through tests/peers/duckdb_query.mjs.
//
// Tests that need the peer start with STRATA_REQUIRE_DUCKDB_PEER(): where node or
// @duckdb/node-api is absent they skip, except under CI=true, where the absence fails the test.
// The helpers only run child processes and are safe to call from several threads as long as the
// callers use different work directories.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

namespace strata::testing {

/// The peer scripts and the node module they need, relative to the repo root.
inline constexpr const char* kDuckDbQueryScript = "tests/peers/duckdb_query.mjs";
inline constexpr const char* kDuckDbDumpScript = "tests/peers/duckdb_dump.mjs";
inline constexpr const char* kDuckDbPeerModule = "tests/peers/node_modules/@duckdb/node-api";

/// True when `node` runs and kDuckDbPeerModule is installed.
bool HaveDuckDbPeer();

/// Run `sql` in DuckDB (query file and stderr kept in `work_dir`); returns {"columns", "types",
/// "rows"} in DuckDB's JSON form. On failure adds a test failure and returns empty rows/types.
nlohmann::json DuckDbQuery(const std::string& sql, const std::string& work_dir);

}  // namespace strata::testing

/// Skip (or, under CI=true, fail) when the DuckDB node peer is missing.
#define STRATA_REQUIRE_DUCKDB_PEER()                                                       \
  do {                                                                                     \
    if (!::strata::testing::HaveDuckDbPeer()) {                                            \
      const char* ci = std::getenv("CI");                                                  \
      if (ci && std::string(ci) == "true") {                                               \
        FAIL() << "node or " << ::strata::testing::kDuckDbPeerModule << " missing";        \
      }                                                                                    \
      GTEST_SKIP() << "node or " << ::strata::testing::kDuckDbPeerModule                   \
                   << " missing (npm ci in tests/peers)";                                  \
    }                                                                                      \
  } while (false)
