// Value decoders for Parquet data and dictionary pages: PLAIN, dictionary indices,
// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT and RLE
// booleans. Each decodes the non-null values of one page and appends them to a ValueBuffer laid
// out like a Strata Column (fixed-width bytes, or int64 offsets + bytes), so a required column's
// buffers move into the Column without a copy.
//
// Inputs are untrusted: a decoder appends exactly `n` values or returns Corruption; output is
// capped by ValueBuffer::byte_limit. One switch per page picks the decoder; the loops inside are
// typed, with no per-value dispatch.
// Thread-safety: pure functions over caller-owned buffers.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "format/buffer.h"
#include "format/parquet/metadata.h"

namespace strata::format::parquet::decoding {

struct ValueBuffer {
  int width = 0;                    // bytes per value; 0 for variable-length byte arrays
  ByteVector data;                  // values, or the bytes of all byte arrays
  std::vector<int64_t> offsets{0};  // byte arrays only: count() + 1 entries
  int64_t byte_limit = std::numeric_limits<int64_t>::max();  // cap on data.size()

  int64_t count() const {
    return width == 0 ? static_cast<int64_t>(offsets.size()) - 1
                      : static_cast<int64_t>(data.size()) / width;
  }
  /// Check that `more` bytes fit under byte_limit.
  Status CheckGrowth(int64_t more) const;
};

/// Bytes per value in a ValueBuffer for `type` (BOOLEAN: 1, INT96: 12, FLBA: type_length,
/// BYTE_ARRAY: 0).
int ValueWidth(PhysicalType type, int type_length);

/// Decode `n` values of `encoding` from `in`, appending to `*out` (out->width set by caller).
/// `dict` is the decoded dictionary for dictionary encodings (else ignored, may be null).
Status DecodeValues(Encoding encoding, PhysicalType type, std::string_view in, int64_t n,
                    const ValueBuffer* dict, ValueBuffer* out);

Status DecodePlain(PhysicalType type, std::string_view in, int64_t n, ValueBuffer* out);
/// RLE_DICTIONARY/PLAIN_DICTIONARY indices (bit-width byte + hybrid runs), gathered from `dict`.
Status DecodeDictionary(std::string_view in, int64_t n, const ValueBuffer& dict, ValueBuffer* out);
/// RLE-encoded booleans (4-byte length prefix + hybrid runs of width 1).
Status DecodeBooleanRle(std::string_view in, int64_t n, ValueBuffer* out);
/// DELTA_BINARY_PACKED for INT32/INT64; `*consumed` (optional) receives the encoded length.
Status DecodeDeltaBinaryPacked(PhysicalType type, std::string_view in, int64_t n,
                               ValueBuffer* out, size_t* consumed = nullptr);
/// DELTA_BINARY_PACKED as int64 (lengths of the byte-array encodings); needs exactly `n` values.
Status DecodeDeltaInts(std::string_view in, int64_t n, std::vector<int64_t>* out,
                       size_t* consumed);
Status DecodeDeltaLengthByteArray(std::string_view in, int64_t n, ValueBuffer* out);
/// DELTA_BYTE_ARRAY for BYTE_ARRAY (width 0) and FIXED_LEN_BYTE_ARRAY (width > 0).
Status DecodeDeltaByteArray(std::string_view in, int64_t n, ValueBuffer* out);
Status DecodeByteStreamSplit(std::string_view in, int64_t n, ValueBuffer* out);

/// Rewrite a buffer of 12-byte INT96 timestamps (nanoseconds of the day + Julian day) as int64
/// microseconds since the epoch (floor), the unit Spark and DuckDB read them in: nanoseconds
/// would not cover the years INT96 files hold (0001..9999).
void ConvertInt96ToMicros(ValueBuffer* buf);

}  // namespace strata::format::parquet::decoding
