// Row selection over in-memory columns: gather the rows of a Column or RecordBatch at given
// indexes, for splitting appends by partition and for the copy-on-write rewrite of deletes.
//
// Thread-safety: pure functions over immutable inputs.
#pragma once

#include <cstdint>
#include <vector>

#include "format/column.h"

namespace strata::table {

/// A column holding rows `rows` (ascending or not) of `column`, nested kinds included.
format::Column TakeColumn(const format::Column& column, const std::vector<int64_t>& rows);
/// A batch holding rows `rows` of `batch`.
format::RecordBatch TakeRows(const format::RecordBatch& batch, const std::vector<int64_t>& rows);
/// Indexes of the rows whose `mask` byte equals `want`.
std::vector<int64_t> SelectedRows(const std::vector<uint8_t>& mask, uint8_t want = 1);

}  // namespace strata::table
