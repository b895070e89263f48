// RleBitPackedDecoder: the RLE/bit-packed hybrid encoding of Parquet, used for repetition and
// definition levels, dictionary indices and RLE booleans.
//
// Runs are decoded in bulk (no per-value branching on the run kind). A run that overruns its
// input, a zero-length run or a value wider than the bit width is Corruption; Get() either fills
// exactly `n` values or fails, so callers never loop without progress.
// Thread-safety: one decoder per thread; the bytes must outlive it.
#pragma once

#include <cstdint>
#include <algorithm>
#include <string>
#include <string_view>

#include "common/status.h"
#include "format/parquet/decoding/bit_unpack.h"

namespace strata::format::parquet::decoding {

class RleBitPackedDecoder {
 public:
  /// REQUIRES: 0 <= bit_width <= 32.
  RleBitPackedDecoder(const uint8_t* data, size_t len, int bit_width)
      : in_(data, len), bit_width_(bit_width) {}

  /// Decode exactly `n` values into `out`.
  template <typename T>
  Status Get(T* out, int64_t n);

 private:
  Status NextRun();

  ByteCursor in_;
  int bit_width_;
  int64_t rle_left_ = 0;
  uint64_t rle_value_ = 0;
  int64_t packed_left_ = 0;  // values left in the current bit-packed run
  const uint8_t* packed_ = nullptr;
  size_t packed_bytes_ = 0;  // bytes available from packed_
  int64_t packed_index_ = 0; // values consumed from packed_
};

template <typename T>
Status RleBitPackedDecoder::Get(T* out, int64_t n) {
  int64_t done = 0;
  while (done < n) {
    if (rle_left_ == 0 && packed_left_ == 0) STRATA_RETURN_IF_ERROR(NextRun());
    if (rle_left_ > 0) {
      int64_t take = std::min(rle_left_, n - done);
      T v = static_cast<T>(rle_value_);
      for (int64_t i = 0; i < take; ++i) out[done + i] = v;
      rle_left_ -= take;
      done += take;
    } else {
      int64_t take = std::min(packed_left_, n - done);
      // Unpack from the start of the run's current byte-aligned group of 8.
      int64_t group = packed_index_ / 8, skip = packed_index_ % 8;
      size_t offset = static_cast<size_t>(group) * bit_width_;
      if (skip == 0) {
        UnpackBits(packed_ + offset, packed_bytes_ - offset, bit_width_, take, out + done);
      } else {
        T tmp[8];
        int64_t first = std::min<int64_t>(take, 8 - skip);
        UnpackBits(packed_ + offset, packed_bytes_ - offset, bit_width_, skip + first, tmp);
        for (int64_t i = 0; i < first; ++i) out[done + i] = tmp[skip + i];
        if (take > first) {
          size_t next = offset + bit_width_;
          UnpackBits(packed_ + next, packed_bytes_ - next, bit_width_, take - first,
                     out + done + first);
        }
      }
      packed_index_ += take;
      packed_left_ -= take;
      done += take;
    }
  }
  return Status::OK();
}

/// Check that every value in out[0, n) is below `limit` (dictionary indices).
template <typename T>
Status CheckIndices(const T* idx, int64_t n, int64_t limit) {
  T max = 0;
  for (int64_t i = 0; i < n; ++i) max = idx[i] > max ? idx[i] : max;
  if (n > 0 && static_cast<int64_t>(max) >= limit) {
    return Status::Corruption("parquet page: dictionary index " + std::to_string(max) +
                              " out of range (dictionary has " + std::to_string(limit) +
                              " entries)");
  }
  return Status::OK();
}

}  // namespace strata::format::parquet::decoding
