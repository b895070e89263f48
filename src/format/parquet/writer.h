// Parquet FileWriter: writes RecordBatches of one Schema as a Parquet file that DuckDB, Spark and
// pyarrow read.
//
// Writes: required/optional flat columns (bool, int32, int64, float, double, binary/string,
// date, timestamp micros, ...), list<primitive> (vectors as list<float>, list<string>), and the
// nested structs and maps of Delta checkpoints. Encodings PLAIN and RLE_DICTIONARY (dictionary
// falls back to PLAIN when it grows past `dictionary_page_bytes`), RLE/bit-packed levels, data
// page v1, min/max/null-count statistics. Row groups are cut when their buffered uncompressed
// size reaches `row_group_bytes`.
//
// Thread-safety: a writer is used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "format/column.h"
#include "format/parquet/metadata.h"
#include "format/predicate.h"
#include "io/object_store.h"

namespace strata::format::parquet {

struct WriteOptions {
  CompressionCodec codec = CompressionCodec::kZstd;
  int compression_level = 0;                 // 0: the codec's default (zstd: 1)
  bool dictionary = true;
  int64_t dictionary_page_bytes = 1 << 20;
  int64_t data_page_bytes = 1 << 20;
  int64_t row_group_bytes = 128LL << 20;
  std::vector<KeyValue> key_value_metadata;
  std::string created_by = "strata version 0.1.0";
};

/// What Close() reports: enough for a Delta `add` action and its `stats`.
struct WrittenFile {
  int64_t num_rows = 0;
  int64_t size_bytes = 0;
  /// Per top-level field (same order as the schema); nested fields have no min/max.
  std::vector<ColumnStats> stats;
};

class FileWriter {
 public:
  static Result<std::unique_ptr<FileWriter>> Open(std::unique_ptr<io::OutputStream> sink,
                                                  Schema schema, WriteOptions options = {});
  ~FileWriter();

  const Schema& schema() const;
  /// Append the rows of `batch` (its schema must equal the writer's).
  Status Write(const RecordBatch& batch);
  /// Flush the last row group, write the footer and close the sink.
  Result<WrittenFile> Close();

 private:
  struct Impl;
  explicit FileWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Convenience: write `batch` to `path` in `store`.
Result<WrittenFile> WriteFile(io::ObjectStore& store, const std::string& path,
                              const RecordBatch& batch, const WriteOptions& options = {});

}  // namespace strata::format::parquet
