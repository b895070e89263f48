#include "common/status.h"

#include <gtest/gtest.h>

#include "common/result.h"
#include "testing/test_data.h"

namespace strata {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return Status::InvalidArgument("value " + std::to_string(v) + " is not positive");
  return v;
}

Result<int> Doubled(int v) {
  STRATA_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return 2 * x;
}

Status CheckAll(std::initializer_list<int> vs) {
  for (int v : vs) STRATA_RETURN_IF_ERROR(ParsePositive(v));
  return Status::OK();
}

TEST(StatusTest, OkHasNoMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_EQ(s.code(), StatusCode::kOk);
}

TEST(StatusTest, ErrorCarriesCodeAndMessage) {
  Status s = Status::Corruption("footer of x.parquet is truncated");
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.ToString(), "Corruption: footer of x.parquet is truncated");
  EXPECT_EQ(s.WithContext("reading table t").message(),
            "reading table t: footer of x.parquet is truncated");
}

TEST(ResultTest, AssignOrReturnPropagates) {
  ASSERT_OK_AND_ASSIGN(int v, Doubled(21));
  EXPECT_EQ(v, 42);
  Result<int> r = Doubled(-1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("-1"), std::string::npos);
}

TEST(ResultTest, ReturnIfErrorStopsAtFirstFailure) {
  EXPECT_OK(CheckAll({1, 2, 3}));
  Status s = CheckAll({1, -5, -7});
  EXPECT_NE(s.message().find("-5"), std::string::npos);
}

TEST(ResultTest, OkStatusIsNotAValue) {
  Result<int> r{Status::OK()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace strata
