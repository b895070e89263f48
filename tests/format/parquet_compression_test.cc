// Round trips and hostile inputs for every Parquet page codec.
#include "format/parquet/compression.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/test_data.h"

namespace strata::format::parquet {
namespace {

std::string SampleText() {
  std::string s;
  for (int i = 0; i < 5000; ++i) s += "row " + std::to_string(i % 97) + " of strata;";
  return s;
}

class CodecTest : public ::testing::TestWithParam<CompressionCodec> {};

TEST_P(CodecTest, RoundTrip) {
  std::string input = SampleText();
  std::string packed = "prefix";
  ASSERT_OK(Compress(GetParam(), input, &packed));
  ASSERT_EQ(packed.substr(0, 6), "prefix");
  std::string_view body = std::string_view(packed).substr(6);
  if (GetParam() != CompressionCodec::kUncompressed) EXPECT_LT(body.size(), input.size());
  std::string out(input.size(), '\0');
  ASSERT_OK(Decompress(GetParam(), body, reinterpret_cast<uint8_t*>(out.data()), out.size()));
  EXPECT_EQ(out, input);
}

TEST_P(CodecTest, EmptyInput) {
  std::string packed;
  ASSERT_OK(Compress(GetParam(), "", &packed));
  uint8_t dummy = 0;
  ASSERT_OK(Decompress(GetParam(), packed, &dummy, 0));
}

TEST_P(CodecTest, WrongSizeIsCorruption) {
  std::string input = SampleText();
  std::string packed;
  ASSERT_OK(Compress(GetParam(), input, &packed));
  std::vector<uint8_t> small(input.size() - 1), big(input.size() + 1);
  EXPECT_TRUE(Decompress(GetParam(), packed, small.data(), small.size()).IsCorruption());
  EXPECT_TRUE(Decompress(GetParam(), packed, big.data(), big.size()).IsCorruption());
}

TEST_P(CodecTest, GarbageIsCorruption) {
  std::string garbage = "\xff\xfe\xfd\xfc this is not a compressed stream \x01\x02";
  std::vector<uint8_t> out(1000);
  Status st = Decompress(GetParam(), garbage, out.data(), out.size());
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
}

TEST_P(CodecTest, TruncatedIsCorruption) {
  std::string input = SampleText();
  std::string packed;
  ASSERT_OK(Compress(GetParam(), input, &packed));
  packed.resize(packed.size() / 2);
  std::vector<uint8_t> out(input.size());
  EXPECT_TRUE(Decompress(GetParam(), packed, out.data(), out.size()).IsCorruption());
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, CodecTest,
                         ::testing::Values(CompressionCodec::kUncompressed,
                                           CompressionCodec::kSnappy, CompressionCodec::kGzip,
                                           CompressionCodec::kBrotli, CompressionCodec::kLz4,
                                           CompressionCodec::kZstd, CompressionCodec::kLz4Raw),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

TEST(CompressionTest, LzoIsNotSupported) {
  std::string out;
  EXPECT_TRUE(Compress(CompressionCodec::kLzo, "x", &out).IsNotSupported());
  uint8_t b[1];
  EXPECT_TRUE(Decompress(CompressionCodec::kLzo, "x", b, 1).IsNotSupported());
}

TEST(CompressionTest, ParseCodecNames) {
  ASSERT_OK_AND_ASSIGN(auto c, ParseCodec("ZSTD"));
  EXPECT_EQ(c, CompressionCodec::kZstd);
  ASSERT_OK_AND_ASSIGN(c, ParseCodec("none"));
  EXPECT_EQ(c, CompressionCodec::kUncompressed);
  ASSERT_OK_AND_ASSIGN(c, ParseCodec("lz4_raw"));
  EXPECT_EQ(c, CompressionCodec::kLz4Raw);
  EXPECT_FALSE(ParseCodec("lzma").ok());
}

TEST(CompressionTest, Lz4RawBlockAcceptedAsCodecLz4) {
  // Old parquet-cpp wrote raw LZ4 blocks under codec 5.
  std::string input = SampleText(), packed;
  ASSERT_OK(Compress(CompressionCodec::kLz4Raw, input, &packed));
  std::string out(input.size(), '\0');
  ASSERT_OK(Decompress(CompressionCodec::kLz4, packed, reinterpret_cast<uint8_t*>(out.data()),
                       out.size()));
  EXPECT_EQ(out, input);
}

}  // namespace
}  // namespace strata::format::parquet
