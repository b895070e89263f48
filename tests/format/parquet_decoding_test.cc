// Parquet value and level decoders against hand-computed encodings (parquet-format Encodings.md).
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "format/parquet/decoding/rle.h"
#include "format/parquet/decoding/values.h"
#include "testing/test_data.h"

namespace strata::format::parquet::decoding {
namespace {

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int x : b) s.push_back(static_cast<char>(x));
  return s;
}

std::vector<std::string> Strings(const ValueBuffer& buf) {
  std::vector<std::string> out;
  for (int64_t i = 0; i < buf.count(); ++i) {
    out.emplace_back(reinterpret_cast<const char*>(buf.data.data()) + buf.offsets[i],
                     buf.offsets[i + 1] - buf.offsets[i]);
  }
  return out;
}

template <typename T>
std::vector<T> Values(const ValueBuffer& buf) {
  std::vector<T> out(buf.data.size() / sizeof(T));
  std::memcpy(out.data(), buf.data.data(), buf.data.size());
  return out;
}

TEST(RleBitPackedDecoderTest, RleThenBitPackedRuns) {
  // RLE run of eight 1s, then one bit-packed group 0,1,0,1,0,1,0,1 (0xAA).
  std::string in = Bytes({0x10, 0x01, 0x03, 0xAA});
  RleBitPackedDecoder dec(reinterpret_cast<const uint8_t*>(in.data()), in.size(), 1);
  std::vector<int16_t> out(16);
  ASSERT_OK(dec.Get(out.data(), 16));
  EXPECT_EQ(out, (std::vector<int16_t>{1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1}));
  int16_t extra;
  EXPECT_TRUE(dec.Get(&extra, 1).IsCorruption());
}

TEST(RleBitPackedDecoderTest, SpecExampleBitWidth3) {
  // Encodings.md: 0..7 bit-packed with width 3 is 10001000 11000110 11111010.
  std::string in = Bytes({0x03, 0x88, 0xC6, 0xFA});
  RleBitPackedDecoder dec(reinterpret_cast<const uint8_t*>(in.data()), in.size(), 3);
  std::vector<uint32_t> out(8);
  // Read in uneven pieces to cross the group boundary logic.
  ASSERT_OK(dec.Get(out.data(), 3));
  ASSERT_OK(dec.Get(out.data() + 3, 5));
  EXPECT_EQ(out, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(RleBitPackedDecoderTest, MalformedRuns) {
  std::string zero_run = Bytes({0x00, 0x01});
  RleBitPackedDecoder a(reinterpret_cast<const uint8_t*>(zero_run.data()), zero_run.size(), 1);
  int v;
  EXPECT_TRUE(a.Get(&v, 1).IsCorruption());
  std::string wide = Bytes({0x02, 0x05});  // value 5 does not fit 2 bits
  RleBitPackedDecoder b(reinterpret_cast<const uint8_t*>(wide.data()), wide.size(), 2);
  EXPECT_TRUE(b.Get(&v, 1).IsCorruption());
  std::string truncated = Bytes({0x02});
  RleBitPackedDecoder c(reinterpret_cast<const uint8_t*>(truncated.data()), truncated.size(), 8);
  EXPECT_TRUE(c.Get(&v, 1).IsCorruption());
}

TEST(PlainDecoderTest, Int32AndByteArrayAndBoolean) {
  ValueBuffer ints{.width = 4};
  std::string in = Bytes({1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff});
  ASSERT_OK(DecodePlain(PhysicalType::kInt32, in, 2, &ints));
  EXPECT_EQ(Values<int32_t>(ints), (std::vector<int32_t>{1, -1}));
  EXPECT_TRUE(DecodePlain(PhysicalType::kInt32, in, 3, &ints).IsCorruption());

  ValueBuffer strs{.width = 0};
  std::string ba = Bytes({2, 0, 0, 0, 'h', 'i', 0, 0, 0, 0, 3, 0, 0, 0, 'a', 'b', 'c'});
  ASSERT_OK(DecodePlain(PhysicalType::kByteArray, ba, 3, &strs));
  EXPECT_EQ(Strings(strs), (std::vector<std::string>{"hi", "", "abc"}));
  ValueBuffer bad{.width = 0};
  EXPECT_TRUE(DecodePlain(PhysicalType::kByteArray, Bytes({9, 0, 0, 0, 'x'}), 1, &bad).IsCorruption());

  ValueBuffer bools{.width = 1};
  ASSERT_OK(DecodePlain(PhysicalType::kBoolean, Bytes({0x0D}), 4, &bools));  // 1,0,1,1
  EXPECT_EQ(bools.data, (format::ByteVector{1, 0, 1, 1}));
}

TEST(DictionaryDecoderTest, GathersBinaryAndFixed) {
  ValueBuffer dict{.width = 0};
  ASSERT_OK(DecodePlain(PhysicalType::kByteArray,
                        Bytes({1, 0, 0, 0, 'a', 2, 0, 0, 0, 'b', 'b', 3, 0, 0, 0, 'c', 'c', 'c'}),
                        3, &dict));
  // Bit width 2, one bit-packed group: indices 2,0,1,1 (+ padding).
  std::string idx = Bytes({0x02, 0x03, 0x52, 0x00});
  ValueBuffer out{.width = 0};
  ASSERT_OK(DecodeDictionary(idx, 4, dict, &out));
  EXPECT_EQ(Strings(out), (std::vector<std::string>{"ccc", "a", "bb", "bb"}));

  ValueBuffer idict{.width = 8};
  int64_t d[3] = {10, 20, 30};
  idict.data.assign(reinterpret_cast<uint8_t*>(d), reinterpret_cast<uint8_t*>(d) + 24);
  ValueBuffer iout{.width = 8};
  ASSERT_OK(DecodeDictionary(idx, 4, idict, &iout));
  EXPECT_EQ(Values<int64_t>(iout), (std::vector<int64_t>{30, 10, 20, 20}));

  // Index 3 is past the 3-entry dictionary: RLE run of value 3.
  ValueBuffer bad{.width = 8};
  EXPECT_TRUE(DecodeDictionary(Bytes({0x02, 0x02, 0x03}), 1, idict, &bad).IsCorruption());
}

TEST(DeltaBinaryPackedTest, SpecExamples) {
  // 1,2,3,4,5: min delta 1, every miniblock width 0.
  std::string a = Bytes({0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0});
  ValueBuffer out{.width = 4};
  ASSERT_OK(DecodeDeltaBinaryPacked(PhysicalType::kInt32, a, 5, &out));
  EXPECT_EQ(Values<int32_t>(out), (std::vector<int32_t>{1, 2, 3, 4, 5}));

  // 7,5,3,1,2,3,4,5: min delta -2, relative deltas 0,0,0,3,3,3,3 in width 2.
  std::string b = Bytes({0x80, 0x01, 0x04, 0x08, 0x0e, 0x03, 0x02, 0, 0, 0,
                         0xC0, 0x3F, 0, 0, 0, 0, 0, 0});
  ValueBuffer out64{.width = 8};
  size_t used = 0;
  ASSERT_OK(DecodeDeltaBinaryPacked(PhysicalType::kInt64, b, 8, &out64, &used));
  EXPECT_EQ(Values<int64_t>(out64), (std::vector<int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  EXPECT_EQ(used, b.size());

  ValueBuffer trunc{.width = 8};
  EXPECT_TRUE(DecodeDeltaBinaryPacked(PhysicalType::kInt64, b.substr(0, 12), 8, &trunc).IsCorruption());
  ValueBuffer more{.width = 8};
  EXPECT_TRUE(DecodeDeltaBinaryPacked(PhysicalType::kInt64, b, 9, &more).IsCorruption());
}

TEST(DeltaLengthByteArrayTest, SpecExample) {
  std::string in = Bytes({0x80, 0x01, 0x04, 0x04, 0x0a, 0x00, 0x01, 0, 0, 0, 0x02, 0, 0, 0}) +
                   "HelloWorldFoobarABCDEF";
  ValueBuffer out{.width = 0};
  ASSERT_OK(DecodeDeltaLengthByteArray(in, 4, &out));
  EXPECT_EQ(Strings(out), (std::vector<std::string>{"Hello", "World", "Foobar", "ABCDEF"}));
  ValueBuffer bad{.width = 0};
  EXPECT_TRUE(DecodeDeltaLengthByteArray(in.substr(0, in.size() - 1), 4, &bad).IsCorruption());
}

TEST(DeltaByteArrayTest, SpecExample) {
  std::string prefixes = Bytes({0x80, 0x01, 0x04, 0x04, 0x00, 0x03, 0x03, 0, 0, 0, 0x44, 0x01}) +
                         std::string(10, '\0');
  std::string lengths = Bytes({0x80, 0x01, 0x04, 0x04, 0x08, 0x03, 0x03, 0, 0, 0, 0x70, 0x00}) +
                        std::string(10, '\0');
  std::string in = prefixes + lengths + "axislebabbleyhood";
  ValueBuffer out{.width = 0};
  ASSERT_OK(DecodeDeltaByteArray(in, 4, &out));
  EXPECT_EQ(Strings(out), (std::vector<std::string>{"axis", "axle", "babble", "babyhood"}));
}

TEST(ByteStreamSplitTest, InterleavesStreams) {
  ValueBuffer out{.width = 4};
  ASSERT_OK(DecodeByteStreamSplit(Bytes({1, 5, 2, 6, 3, 7, 4, 8}), 2, &out));
  EXPECT_EQ(out.data, (format::ByteVector{1, 2, 3, 4, 5, 6, 7, 8}));
  ValueBuffer bad{.width = 4};
  EXPECT_TRUE(DecodeByteStreamSplit(Bytes({1, 2, 3}), 1, &bad).IsCorruption());
}

TEST(BooleanRleTest, LengthPrefixedRuns) {
  ValueBuffer out{.width = 1};
  ASSERT_OK(DecodeBooleanRle(Bytes({2, 0, 0, 0, 0x06, 0x01}), 3, &out));
  EXPECT_EQ(out.data, (format::ByteVector{1, 1, 1}));
  ValueBuffer bad{.width = 1};
  EXPECT_TRUE(DecodeBooleanRle(Bytes({9, 0, 0, 0, 0x06, 0x01}), 3, &bad).IsCorruption());
}

TEST(ValueDecoderTest, UnknownEncodingIsNotSupported) {
  ValueBuffer out{.width = 4};
  EXPECT_TRUE(DecodeValues(static_cast<Encoding>(42), PhysicalType::kInt32, "", 0, nullptr, &out)
                  .IsNotSupported());
  EXPECT_TRUE(DecodeValues(Encoding::kDeltaLengthByteArray, PhysicalType::kInt32, "", 0, nullptr,
                           &out).IsNotSupported());
}

TEST(ValueDecoderTest, ByteLimitCapsOutput) {
  ValueBuffer out{.width = 4};
  out.byte_limit = 4;
  EXPECT_TRUE(DecodePlain(PhysicalType::kInt32, Bytes({1, 0, 0, 0, 2, 0, 0, 0}), 2, &out)
                  .IsCorruption());
}

TEST(Int96Test, ConvertsJulianDaysToMicros) {
  ValueBuffer buf{.width = 12};
  uint64_t nanos = 1500;  // 1.5 us: floors to 1 us
  uint32_t julian = 2440589;  // 1970-01-02
  buf.data.resize(12);
  std::memcpy(buf.data.data(), &nanos, 8);
  std::memcpy(buf.data.data() + 8, &julian, 4);
  ConvertInt96ToMicros(&buf);
  EXPECT_EQ(Values<int64_t>(buf), (std::vector<int64_t>{86400LL * 1000000LL + 1}));
}

}  // namespace
}  // namespace strata::format::parquet::decoding
