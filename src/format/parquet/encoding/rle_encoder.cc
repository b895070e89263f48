#include "format/parquet/encoding/rle_encoder.h"

#include <cstring>
#include <type_traits>

namespace strata::format::parquet::encoding {
namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

template <typename T>
void EmitRun(T value, int64_t count, int bit_width, std::string* out) {
  PutVarint(static_cast<uint64_t>(count) << 1, out);
  uint64_t v = static_cast<uint64_t>(value);
  for (int b = 0; b < (bit_width + 7) / 8; ++b) out->push_back(static_cast<char>(v >> (8 * b)));
}

// Emit values[0, n) as bit-packed groups of 8; the last group is zero-padded.
template <typename T>
void EmitLiterals(const T* values, int64_t n, int bit_width, std::string* out) {
  int64_t groups = (n + 7) / 8;
  PutVarint((static_cast<uint64_t>(groups) << 1) | 1, out);
  BitPack(std::span<const T>(values, n), bit_width, out);
  int64_t padded_bytes = groups * bit_width;             // 8 values * w bits / 8
  int64_t written_bytes = (n * bit_width + 7) / 8;
  out->append(static_cast<size_t>(padded_bytes - written_bytes), '\0');
}

// First index in [from, n) whose value differs from `value` (n if none); compares 8 bytes at a
// time, since level runs of a dense column span whole pages.
template <typename T>
int64_t RunEnd(const T* v, int64_t from, int64_t n, T value) {
  constexpr int64_t kLanes = 8 / sizeof(T);
  uint64_t pattern = 0;
  for (int64_t l = 0; l < kLanes; ++l) {
    pattern |= static_cast<uint64_t>(static_cast<std::make_unsigned_t<T>>(value)) << (8 * sizeof(T) * l);
  }
  int64_t j = from;
  for (; j + kLanes <= n; j += kLanes) {
    uint64_t block;
    std::memcpy(&block, v + j, 8);
    if (block != pattern) break;
  }
  while (j < n && v[j] == value) ++j;
  return j;
}

}  // namespace

int BitWidth(uint64_t max_value) {
  int w = 0;
  while (max_value != 0) {
    ++w;
    max_value >>= 1;
  }
  return w;
}

template <typename T>
void BitPack(std::span<const T> values, int bit_width, std::string* out) {
  if (bit_width == 0) return;
  size_t start = out->size();
  out->resize(start + (values.size() * bit_width + 7) / 8);
  char* dst = out->data() + start;
  uint64_t acc = 0;
  int bits = 0;
  for (T raw : values) {
    acc |= static_cast<uint64_t>(raw) << bits;
    bits += bit_width;
    while (bits >= 8) {
      *dst++ = static_cast<char>(acc);
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) *dst = static_cast<char>(acc);
}

template <typename T>
void EncodeRleHybrid(std::span<const T> values, int bit_width, std::string* out) {
  const T* v = values.data();
  const int64_t n = static_cast<int64_t>(values.size());
  int64_t lit_start = 0;
  int64_t i = 0;
  while (i < n) {
    int64_t j = RunEnd(v, i + 1, n, v[i]);
    int64_t run = j - i;
    if (run >= 8) {
      int64_t pending = i - lit_start;
      if (pending > 0) {
        int64_t pad = (8 - pending % 8) % 8;  // borrow from the run to fill the last group
        EmitLiterals(v + lit_start, pending + pad, bit_width, out);
        i += pad;
        run -= pad;
      }
      EmitRun(v[i], run, bit_width, out);
      lit_start = j;
    }
    i = j;
  }
  if (lit_start < n) EmitLiterals(v + lit_start, n - lit_start, bit_width, out);
}

void EncodeLevelsV1(std::span<const int16_t> levels, int16_t max_level, std::string* out) {
  size_t at = out->size();
  out->append(4, '\0');
  EncodeRleHybrid(levels, BitWidth(static_cast<uint64_t>(max_level)), out);
  uint32_t len = static_cast<uint32_t>(out->size() - at - 4);
  std::memcpy(out->data() + at, &len, 4);
}

template void EncodeRleHybrid<int16_t>(std::span<const int16_t>, int, std::string*);
template void EncodeRleHybrid<uint32_t>(std::span<const uint32_t>, int, std::string*);
template void EncodeRleHybrid<uint8_t>(std::span<const uint8_t>, int, std::string*);
template void BitPack<int16_t>(std::span<const int16_t>, int, std::string*);
template void BitPack<uint32_t>(std::span<const uint32_t>, int, std::string*);
template void BitPack<uint8_t>(std::span<const uint8_t>, int, std::string*);

}  // namespace strata::format::parquet::encoding
