// The RLE/bit-packed hybrid encoding of Parquet (repetition/definition levels, dictionary
// indices and RLE booleans), plus PLAIN-style bit packing.
//
// EncodeRleHybrid greedily emits an RLE run for every stretch of at least 8 equal values and
// bit-packed groups of 8 for the rest (literal groups borrow up to 7 values from a following run
// so that they stay multiples of 8; the final group is zero-padded, as the format allows).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace strata::format::parquet::encoding {

/// Number of bits needed to store values in [0, max_value] (0 for 0).
int BitWidth(uint64_t max_value);

/// Append the hybrid encoding of `values` (each < 2^bit_width) to `*out`, without length prefix.
template <typename T>
void EncodeRleHybrid(std::span<const T> values, int bit_width, std::string* out);

/// Append `values` bit-packed LSB-first with `bit_width` bits each, zero-padding the last byte.
template <typename T>
void BitPack(std::span<const T> values, int bit_width, std::string* out);

/// Append levels as written in a data page v1: 4-byte little-endian length, then the hybrid data.
void EncodeLevelsV1(std::span<const int16_t> levels, int16_t max_level, std::string* out);

}  // namespace strata::format::parquet::encoding
