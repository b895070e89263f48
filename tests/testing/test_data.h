// Test helpers: Status assertions in Arrow's style and the location of the shared test data.
//
// Tests that read ../shared/data call TestDataDir(); where the folder is absent they skip with a
// message, except under CI=true, where its absence fails the test.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "common/result.h"

namespace strata::testing {

/// The shared test-data folder: $STRATA_TEST_DATA or ../shared/data (relative to the repo root).
std::string TestDataDir();
/// True when TestDataDir()/sub exists.
bool HaveTestData(const std::string& sub);
/// A fresh empty temporary directory, removed at process exit.
std::string MakeTempDir(const std::string& prefix = "strata-test");
/// Path of the built `strata` binary ($STRATA_BINARY, else the one in this build tree).
std::string StrataBinary();

}  // namespace strata::testing

#define ASSERT_OK(expr)                                        \
  do {                                                         \
    ::strata::Status _st = ::strata::ToStatus(expr);           \
    ASSERT_TRUE(_st.ok()) << #expr << ": " << _st.ToString();  \
  } while (false)

#define EXPECT_OK(expr)                                        \
  do {                                                         \
    ::strata::Status _st = ::strata::ToStatus(expr);           \
    EXPECT_TRUE(_st.ok()) << #expr << ": " << _st.ToString();  \
  } while (false)

#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, rexpr)                          \
  auto tmp = (rexpr);                                                       \
  ASSERT_TRUE(tmp.ok()) << #rexpr << ": " << tmp.status().ToString();       \
  lhs = std::move(tmp).value()

#define ASSERT_OK_AND_ASSIGN(lhs, rexpr) \
  ASSERT_OK_AND_ASSIGN_IMPL(STRATA_CONCAT(_assign_, __LINE__), lhs, rexpr)

/// Skip (or, under CI=true, fail) when the shared data folder `sub` is missing.
#define STRATA_REQUIRE_TEST_DATA(sub)                                                      \
  do {                                                                                     \
    if (!::strata::testing::HaveTestData(sub)) {                                           \
      const char* ci = std::getenv("CI");                                                  \
      if (ci && std::string(ci) == "true") FAIL() << "test data missing: " << (sub);       \
      GTEST_SKIP() << "test data missing: " << ::strata::testing::TestDataDir() << "/" << (sub); \
    }                                                                                      \
  } while (false)
