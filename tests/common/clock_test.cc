#include "common/clock.h"

#include <gtest/gtest.h>

#include "testing/test_data.h"

namespace strata {
namespace {

TEST(ClockTest, FormatsEpochAndLeapDay) {
  EXPECT_EQ(FormatTimestampMicros(0), "1970-01-01T00:00:00.000000Z");
  // 2024-02-29T12:34:56.789Z = 1709210096789000 us.
  EXPECT_EQ(FormatTimestampMicros(1709210096789000LL), "2024-02-29T12:34:56.789000Z");
  EXPECT_EQ(FormatTimestampMicros(-1), "1969-12-31T23:59:59.999999Z");
}

TEST(ClockTest, FormatsDatesAndZonelessTimestamps) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(19782), "2024-02-29");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  EXPECT_EQ(FormatTimestampMicros(1709210096789000LL, false), "2024-02-29 12:34:56.789000");
  EXPECT_EQ(FormatTimestampMicros(-1, false), "1969-12-31 23:59:59.999999");
}

TEST(ClockTest, ParsesRfc3339WithOffsets) {
  ASSERT_OK_AND_ASSIGN(int64_t a, ParseTimestampMicros("2024-02-29T12:34:56.789Z"));
  EXPECT_EQ(a, 1709210096789000LL);
  ASSERT_OK_AND_ASSIGN(int64_t b, ParseTimestampMicros("2024-02-29T14:34:56.789+02:00"));
  EXPECT_EQ(a, b);
  ASSERT_OK_AND_ASSIGN(int64_t d, ParseTimestampMicros("1970-01-02"));
  EXPECT_EQ(d, 86400LL * 1000000);
  EXPECT_FALSE(ParseTimestampMicros("2024-13-01").ok());
  EXPECT_FALSE(ParseTimestampMicros("yesterday").ok());
  EXPECT_FALSE(ParseTimestampMicros("2024-01-01T10:00:00Zjunk").ok());
}

TEST(ClockTest, RoundTrips) {
  for (int64_t us : {0LL, 1LL, 951782400000000LL, 4102444800123456LL, -86400000000LL}) {
    ASSERT_OK_AND_ASSIGN(int64_t back, ParseTimestampMicros(FormatTimestampMicros(us)));
    EXPECT_EQ(back, us);
  }
}

}  // namespace
}  // namespace strata
