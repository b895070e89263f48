// Page compression codecs: compress (UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW, BROTLI) and
// decompress (the same plus Hadoop-framed LZ4). Decompression is given the expected size from the
// page header and fails with Corruption when the output would differ, so a hostile header cannot
// cause an unbounded allocation beyond that size.
// Thread-safety: free functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "format/parquet/metadata.h"

namespace strata::format::parquet {

/// Return the lowercase name of `codec` ("zstd").
std::string_view CodecName(CompressionCodec codec);
/// Parse a codec name ("zstd", "snappy", "none"/"uncompressed", "gzip", "lz4_raw", "brotli").
Result<CompressionCodec> ParseCodec(std::string_view name);

/// Compress `input` with `codec`, appending to `*out`. `level` 0 means the codec's default.
Status Compress(CompressionCodec codec, std::string_view input, std::string* out, int level = 0);
/// Decompress `input` into exactly `uncompressed_size` bytes written to `out`.
Status Decompress(CompressionCodec codec, std::string_view input, uint8_t* out,
                  size_t uncompressed_size);

}  // namespace strata::format::parquet
