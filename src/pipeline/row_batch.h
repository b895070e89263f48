// RowBatchBuilder: build a RecordBatch row by row for a table whose schema comes from its Delta
// metadata, filling columns by name. Columns a row does not set are null (so tables may carry
// more columns than a writer knows), and a value of the wrong kind for its column is an
// InvalidArgument naming the column — an internal error of the writer, caught in tests.
// Supported column types: string, int32, int64, timestamp (int64 micros), list<string>,
// list<float>.
// Thread-safety: single writer.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "common/result.h"
#include "format/column.h"

namespace strata::pipeline {

using Cell = std::variant<std::monostate, std::string, int64_t, std::vector<std::string>,
                          std::vector<float>>;

class RowBatchBuilder {
 public:
  explicit RowBatchBuilder(format::Schema schema);

  /// Start a new row (all columns null).
  void StartRow();
  /// Set `column` of the current row; a name not in the schema is ignored.
  void Set(std::string_view column, Cell value);
  int64_t num_rows() const { return static_cast<int64_t>(rows_.size()); }

  /// The batch of every row so far; the builder is left empty.
  Result<format::RecordBatch> Finish();

 private:
  format::Schema schema_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace strata::pipeline
