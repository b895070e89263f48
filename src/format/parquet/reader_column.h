// Column-chunk decoding for the Parquet reader: pages of one leaf column of one row group are
// decompressed and decoded into definition/repetition levels and a dense buffer of the non-null
// values. Record assembly (reader_assemble.h) then turns these into Strata Columns.
//
// Every offset, size and count read from the file is checked against the chunk bytes and the
// output is capped by `byte_limit`, so a hostile file fails with Corruption instead of reading out
// of bounds or allocating without bound.
// Thread-safety: ReadColumnChunk is reentrant; chunks of one file may be decoded in parallel.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "common/result.h"
#include "format/buffer.h"
#include "format/parquet/decoding/values.h"
#include "format/parquet/metadata.h"
#include "format/parquet/schema_map.h"
#include "format/predicate.h"
#include "io/object_store.h"

namespace strata::format::parquet {

// Level buffers are resized before decoding into them: no zeroing pass over hundreds of MB.
using LevelVector = std::vector<int16_t, DefaultInitAllocator<int16_t>>;

struct ChunkData {
  // Definition levels; empty when max_def == 0 or while every entry's level is `uniform_def`
  // (pages whose levels are one RLE run of max_def are not expanded: no per-entry work).
  LevelVector def_levels;
  int16_t uniform_def = 0;          // the level of every entry while def_levels is empty
  LevelVector rep_levels;  // empty when max_rep == 0
  int64_t num_entries = 0;          // level entries (values including nulls)
  decoding::ValueBuffer values;     // non-null values (INT96 as 12 bytes until FinishChunkData)
};

struct ChunkSource {
  const io::RandomAccessFile* file = nullptr;
  int64_t data_end = 0;     // first byte of the footer: chunks must end before it
  int64_t byte_limit = 0;   // cap on decoded bytes per chunk
  bool pad_dictionary_header = false;  // PARQUET-816: old parquet-mr undercounts chunk sizes
};

/// An empty ChunkData for `leaf`, its output capped at `byte_limit` bytes.
ChunkData NewChunkData(const LeafDescriptor& leaf, int64_t byte_limit);
/// Read and decode column chunk `chunk` of leaf `leaf` (a row group of `num_rows` rows),
/// appending to `*out` (so that the chunks of several row groups make one column).
Status ReadColumnChunk(const ChunkSource& src, const ColumnChunk& chunk, const LeafDescriptor& leaf,
                       int64_t num_rows, ChunkData* out);
/// Append `src` (decoded by ReadColumnChunk, same leaf) to `*dst`.
void AppendChunkData(ChunkData&& src, ChunkData* dst);
/// Finish a decoded leaf: INT96 values become int64 microseconds.
void FinishChunkData(const LeafDescriptor& leaf, ChunkData* data);

/// Min/max/null-count of a column chunk as Literals of the leaf's type. Min/max are left unset
/// where the file's order or encoding cannot be trusted (deprecated byte-array min/max, unsigned
/// values past int64, decimals, INT96, NaN bounds).
ColumnStats ConvertChunkStats(const ColumnChunk& chunk, const LeafDescriptor& leaf);

}  // namespace strata::format::parquet
