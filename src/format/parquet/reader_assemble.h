// Record assembly: turn the definition/repetition levels and dense values of decoded column
// chunks into Strata Columns (validity, list/map offsets, struct children), following the level
// rule of schema_map.h. Works for any nesting of lists, structs and maps; flat columns take a
// fast path that moves the decoded buffers into the Column.
// Thread-safety: reentrant; the chunks are owned by the caller.
#pragma once

#include <vector>

#include "common/result.h"
#include "format/column.h"
#include "format/parquet/reader_column.h"
#include "format/parquet/schema_map.h"

namespace strata::format::parquet {

/// Build the Column of top-level `node` from `chunks` (indexed by leaf; the values of the leaves
/// under `node` are moved out). Corruption when the levels and values disagree or the column
/// does not have `num_rows` rows.
Result<Column> AssembleColumn(const ReadNode& node, std::vector<ChunkData>& chunks,
                              int64_t num_rows);

/// Concatenate `parts` (columns of one type, e.g. the same field of consecutive row groups) into
/// one Column, sizing each buffer once; the parts' buffers are released as they are copied.
Column MergeColumns(std::vector<Column>&& parts);

/// Keep the first `rows` rows of `column` (nested children are cut to match).
void TruncateColumn(Column* column, int64_t rows);

}  // namespace strata::format::parquet
