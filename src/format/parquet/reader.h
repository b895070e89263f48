// Parquet FileReader: opens one Parquet file from a RandomAccessFile and reads it into
// RecordBatches, with projection, row-group pruning by statistics and parallel column decoding.
//
// Supported: flat and nested (list, struct, map) schemas of all physical types; data pages v1 and
// v2; PLAIN, PLAIN_DICTIONARY/RLE_DICTIONARY, RLE (booleans), DELTA_BINARY_PACKED,
// DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT; codecs UNCOMPRESSED, SNAPPY,
// GZIP, ZSTD, LZ4 (Hadoop), LZ4_RAW, BROTLI. INT96 timestamps become kInt64 microseconds (as
// Spark and DuckDB read them; nanoseconds would not cover years 0001..9999).
// Anything else (encryption, LZO, ...) fails with NotSupported naming the feature. Every byte of
// the file is untrusted: malformed input is Corruption, never a crash or unbounded allocation.
//
// Thread-safety: after Open() the reader is immutable; concurrent Read* calls are safe.
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

struct ReadOptions {
  std::vector<std::string> columns;    // top-level fields to read; empty means all
  const Predicate* filter = nullptr;   // skip row groups that cannot match (rows are not filtered)
  int64_t limit = -1;                  // stop after this many rows (-1: all)
  bool use_threads = true;             // decode columns/row groups on ThreadPool::Default()
};

class FileReader {
 public:
  static Result<std::unique_ptr<FileReader>> Open(std::shared_ptr<io::RandomAccessFile> file);
  ~FileReader();

  const FileMetaData& metadata() const;
  /// The Strata schema of the file (the Parquet schema mapped to Kinds and Logicals).
  const Schema& schema() const;
  int num_row_groups() const;
  int64_t num_rows() const;

  /// Read row group `rg`, top-level fields `fields` (indexes into schema()).
  Result<RecordBatch> ReadRowGroup(int rg, const std::vector<int>& fields) const;
  /// Read every row group that survives `options.filter`, concatenated.
  Result<RecordBatch> Read(const ReadOptions& options = {}) const;
  /// Row groups that may contain rows matching `filter`.
  std::vector<int> SelectRowGroups(const Predicate& filter) const;
  /// Statistics of top-level primitive field `field` in row group `rg`.
  ColumnStats RowGroupStats(int rg, int field) const;

 private:
  struct Impl;
  explicit FileReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Convenience: open `path` in `store` and read it.
Result<RecordBatch> ReadFile(io::ObjectStore& store, const std::string& path,
                             const ReadOptions& options = {});

}  // namespace strata::format::parquet
