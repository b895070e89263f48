#include "format/parquet/encoding/plain_encoder.h"

#include <cstring>
#include <vector>

#include "format/parquet/encoding/rle_encoder.h"

namespace strata::format::parquet::encoding {
namespace {

void EncodeFixed(const Column& leaf, std::span<const SlotRun> runs, int width, std::string* out) {
  const char* base = reinterpret_cast<const char*>(leaf.data().data());
  ForEachPresentStretch(leaf, runs, [&](int64_t b, int64_t e) {
    out->append(base + b * width, static_cast<size_t>((e - b) * width));
  });
}

void EncodeBool(const Column& leaf, std::span<const SlotRun> runs, std::string* out) {
  std::vector<uint8_t> bits;
  const uint8_t* data = leaf.data().data();
  ForEachPresentStretch(leaf, runs, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) bits.push_back(data[i] != 0 ? 1 : 0);
  });
  BitPack(std::span<const uint8_t>(bits), 1, out);
}

void EncodeBinary(const Column& leaf, std::span<const SlotRun> runs, std::string* out) {
  const char* base = reinterpret_cast<const char*>(leaf.data().data());
  const std::vector<int64_t>& off = leaf.offsets();
  ForEachPresentStretch(leaf, runs, [&](int64_t b, int64_t e) {
    size_t at = out->size();
    out->resize(at + static_cast<size_t>(4 * (e - b) + (off[e] - off[b])));
    char* dst = out->data() + at;
    for (int64_t i = b; i < e; ++i) {
      uint32_t len = static_cast<uint32_t>(off[i + 1] - off[i]);
      std::memcpy(dst, &len, 4);
      std::memcpy(dst + 4, base + off[i], len);
      dst += 4 + len;
    }
  });
}

}  // namespace

int LeafWidth(const DataType& type) {
  switch (type.kind) {
    case Kind::kBool: return 1;
    case Kind::kInt32: case Kind::kFloat: return 4;
    case Kind::kInt64: case Kind::kDouble: return 8;
    case Kind::kFixedBinary: return type.byte_width;
    default: return 0;
  }
}

int64_t CountPresent(const Column& leaf, std::span<const SlotRun> runs) {
  int64_t n = 0;
  ForEachPresentStretch(leaf, runs, [&](int64_t b, int64_t e) { n += e - b; });
  return n;
}

void PlainEncode(const Column& leaf, std::span<const SlotRun> runs, std::string* out) {
  const DataType& type = *leaf.type();
  if (type.kind == Kind::kBool) return EncodeBool(leaf, runs, out);
  if (type.kind == Kind::kBinary) return EncodeBinary(leaf, runs, out);
  EncodeFixed(leaf, runs, LeafWidth(type), out);
}

}  // namespace strata::format::parquet::encoding
