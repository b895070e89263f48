// Bit-level primitives of the Parquet encodings: LSB-first bit unpacking (RLE/bit-packed hybrid,
// DELTA_BINARY_PACKED miniblocks), ULEB128 varints and zigzag over a bounds-checked cursor.
// Thread-safety: pure functions and a cursor over borrowed bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "common/status.h"

namespace strata::format::parquet::decoding {

/// Unpack `n` values of `bit_width` (0..64) bits, LSB first, from `in` starting at bit 0.
/// REQUIRES: `in` holds at least ceil(n * bit_width / 8) bytes (`in_len`).
template <typename T>
void UnpackBits(const uint8_t* in, size_t in_len, int bit_width, int64_t n, T* out) {
  if (bit_width == 0) {
    for (int64_t i = 0; i < n; ++i) out[i] = 0;
    return;
  }
  int64_t i = 0;
  if (bit_width == 1) {  // levels of lists and optional values: one byte makes eight values
    for (; i + 8 <= n; i += 8) {
      const uint8_t b = in[i >> 3];
      for (int k = 0; k < 8; ++k) out[i + k] = static_cast<T>((b >> k) & 1);
    }
    for (; i < n; ++i) out[i] = static_cast<T>((in[i >> 3] >> (i & 7)) & 1);
    return;
  }
  const uint64_t mask = bit_width == 64 ? ~uint64_t{0} : (uint64_t{1} << bit_width) - 1;
  uint64_t bit = 0;
  if (bit_width <= 56) {  // whole 8-byte loads while they stay inside `in`
    for (; i < n && (bit >> 3) + 8 <= in_len; ++i, bit += bit_width) {
      uint64_t word;
      std::memcpy(&word, in + (bit >> 3), 8);
      out[i] = static_cast<T>((word >> (bit & 7)) & mask);
    }
  }
  for (; i < n; ++i, bit += bit_width) {
    size_t byte = bit >> 3;
    int shift = static_cast<int>(bit & 7);
    uint64_t word = 0;
    size_t avail = in_len - byte;
    std::memcpy(&word, in + byte, avail >= 8 ? 8 : avail);
    uint64_t v = word >> shift;
    if (shift + bit_width > 64) {
      uint64_t next = byte + 8 < in_len ? in[byte + 8] : 0;
      v |= next << (64 - shift);
    }
    out[i] = static_cast<T>(v & mask);
  }
}

/// A forward cursor over untrusted bytes.
class ByteCursor {
 public:
  ByteCursor(const uint8_t* data, size_t len) : data_(data), len_(len) {}
  explicit ByteCursor(std::string_view s)
      : data_(reinterpret_cast<const uint8_t*>(s.data())), len_(s.size()) {}

  size_t remaining() const { return len_ - pos_; }
  const uint8_t* current() const { return data_ + pos_; }
  size_t position() const { return pos_; }

  Status Advance(size_t n) {
    if (n > remaining()) return Status::Corruption("parquet page: value data truncated");
    pos_ += n;
    return Status::OK();
  }
  Status ReadUleb(uint64_t* v) {
    uint64_t r = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= len_) return Status::Corruption("parquet page: truncated varint");
      uint8_t b = data_[pos_++];
      r |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        *v = r;
        return Status::OK();
      }
    }
    return Status::Corruption("parquet page: varint longer than 64 bits");
  }
  Status ReadZigZag(int64_t* v) {
    uint64_t u = 0;
    STRATA_RETURN_IF_ERROR(ReadUleb(&u));
    *v = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
    return Status::OK();
  }

 private:
  const uint8_t* data_;
  size_t len_;
  size_t pos_ = 0;
};

}  // namespace strata::format::parquet::decoding
