// Repetition/definition level computation for the writer (Dremel shredding of one leaf).
//
// ComputeLevels walks rows [row_begin, row_end) of a top-level Column along a LeafColumn's steps
// and produces, for the data page of those rows: the definition and repetition levels (only when
// the leaf's max level is above 0) and the runs of leaf slots that hold values (a slot under a
// null or empty ancestor is not reached; a reached null slot is skipped by the encoders through
// its validity). Flat columns and list<primitive> without null elements take bulk fast paths.
// Thread-safety: pure function over immutable columns.
#pragma once

#include <cstdint>
#include <vector>

#include "format/column.h"
#include "format/parquet/encoding/plain_encoder.h"
#include "format/parquet/writer_schema.h"

namespace strata::format::parquet {

struct PageLevels {
  std::vector<int16_t> def;                    // empty when max_def == 0
  std::vector<int16_t> rep;                    // empty when max_rep == 0
  std::vector<encoding::SlotRun> runs;         // reached leaf slots
  int64_t num_entries = 0;                     // level entries (the page's num_values)
  const Column* leaf = nullptr;                // the leaf Column the runs index
};

/// Compute levels of `leaf` for rows [row_begin, row_end) of `top`.
void ComputeLevels(const Column& top, const LeafColumn& leaf, int64_t row_begin, int64_t row_end,
                   PageLevels* out);

/// Estimated uncompressed bytes of rows [begin, end) of `col` (values, length prefixes and one
/// byte per nested row for levels); used to cut pages and row groups.
int64_t RowRangeBytes(const Column& col, int64_t begin, int64_t end);

/// The smallest end in (begin, limit] whose rows [begin, end) of `columns` reach `budget` bytes,
/// or `limit` when all of them stay below it.
int64_t CutRows(const std::vector<const Column*>& columns, int64_t begin, int64_t limit,
                int64_t budget);

/// Resolve the leaf Column under `top` (following the leaf's steps' child indexes).
const Column& LeafOf(const Column& top, const LeafColumn& leaf);

}  // namespace strata::format::parquet
