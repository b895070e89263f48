// ColumnChunkWriter: encodes the pages of one leaf column of one row group into memory.
//
// Pages are added one at a time (each covers whole rows); the writer dictionary-encodes values
// (RLE_DICTIONARY) until the dictionary passes `dictionary_page_bytes`, then switches to PLAIN
// for the remaining pages of the chunk. Levels are RLE/bit-packed hybrid, pages are data page v1
// compressed with the chunk's codec. Finish() returns the chunk bytes (dictionary page first,
// then the data pages) and its ColumnMetaData with offsets relative to the chunk start.
// Thread-safety: one writer per chunk; different chunks may be encoded on different threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "format/parquet/chunk_statistics.h"
#include "format/parquet/encoding/dictionary_encoder.h"
#include "format/parquet/metadata.h"
#include "format/parquet/writer.h"
#include "format/parquet/writer_levels.h"
#include "format/parquet/writer_schema.h"

namespace strata::format::parquet {

/// An encoded chunk as pieces to write in order (page headers and page payloads kept apart so
/// compressed payloads are never copied).
struct EncodedChunk {
  std::vector<std::string> pieces;
  int64_t size = 0;     // total bytes of `pieces`
  ColumnMetaData meta;  // data_page_offset/dictionary_page_offset relative to the chunk start
  int64_t uncompressed_bytes = 0;
};

class ColumnChunkWriter {
 public:
  ColumnChunkWriter(const LeafColumn& leaf, const WriteOptions& options);

  /// Encode one data page from `levels` (computed for whole rows).
  Status AddPage(const PageLevels& levels);
  /// Assemble the chunk. The writer is spent afterwards.
  Result<EncodedChunk> Finish();

  const ChunkStatistics& statistics() const { return stats_; }

 private:
  Status AppendPage(PageHeader header, std::vector<std::string>* dst, int64_t* size);
  int CompressionLevel() const;

  const LeafColumn& leaf_;
  const WriteOptions& options_;
  ChunkStatistics stats_;
  std::unique_ptr<encoding::DictionaryEncoder> dict_;        // null once PLAIN
  std::unique_ptr<encoding::DictionaryEncoder> dict_chunk_;  // the dictionary after fallback
  bool dict_used_ = false;
  bool plain_used_ = false;
  std::vector<std::string> pages_;  // data page headers and payloads
  int64_t pages_size_ = 0;
  std::string body_;                 // scratch: the uncompressed page
  std::vector<uint32_t> indices_;
  int64_t num_values_ = 0;
  int64_t uncompressed_bytes_ = 0;
};

}  // namespace strata::format::parquet
