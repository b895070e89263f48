// On-disk layout of a saved Bm25Index (a folder; all integers little-endian).
//
//   text_index.json  the manifest, written last: format name and version, the options, the
//                    counts, and for each file below its size and XXH3-64 (hex)
//   strings.bin      the terms' bytes, concatenated
//   terms.bin        TermRecord[terms]: each term's string and its run of blocks
//   blocks.bin       BlockRecord[blocks]: per block doc range, bound, widths, data offset
//   postings.bin     the packed blocks (postings.h), then kPackPadding zero bytes
//   docs.bin         uint32 length[size], then uint64 removed-bitmap words[(size + 63) / 64]
//
// Removed documents' postings are not written, and bounds are computed with the norms of the
// written statistics, so a loaded index needs no fix-up before it answers queries.
#pragma once

#include <cstdint>

namespace strata::index {

inline constexpr const char* kTextIndexFormat = "strata-bm25";
inline constexpr int kTextIndexVersion = 1;
inline constexpr const char* kManifestFile = "text_index.json";
inline constexpr const char* kStringsFile = "strings.bin";
inline constexpr const char* kTermsFile = "terms.bin";
inline constexpr const char* kBlocksFile = "blocks.bin";
inline constexpr const char* kPostingsFile = "postings.bin";
inline constexpr const char* kDocsFile = "docs.bin";

struct TermRecord {
  uint64_t string_offset;
  uint32_t string_length;
  uint32_t df;
  uint64_t first_block;
  uint32_t block_count;
  float max_bound;
};
static_assert(sizeof(TermRecord) == 32);

struct BlockRecord {
  uint32_t first_doc;
  uint32_t last_doc;
  uint64_t offset;  // into postings.bin
  float bound;
  uint16_t count;
  uint8_t doc_bits;
  uint8_t tf_bits;
};
static_assert(sizeof(BlockRecord) == 24);

}  // namespace strata::index
