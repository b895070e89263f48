// ChunkStatistics: min/max/null-count of the values written to one column chunk, kept in the
// leaf's comparison order (signed integers, unsigned for UINT_32/UINT_64, IEEE floats ignoring
// NaN, unsigned byte-wise for BYTE_ARRAY/FIXED_LEN_BYTE_ARRAY). Decimals stored as bytes and
// FLOAT16 get no min/max (their order is not byte-wise). Floats whose values are all NaN get no
// min/max; a zero minimum is written as -0.0 and a zero maximum as +0.0, as parquet.thrift asks.
// In the Parquet form, byte-array bounds longer than 64 bytes are truncated (still bounds, marked
// inexact); the Strata form (ToColumnStats) keeps the exact values.
// Thread-safety: one builder per chunk; Merge combines chunks of the same leaf.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "format/column.h"
#include "format/parquet/encoding/plain_encoder.h"
#include "format/parquet/metadata.h"
#include "format/predicate.h"

namespace strata::format::parquet {

class ChunkStatistics {
 public:
  explicit ChunkStatistics(const DataType& type);

  /// Fold in the present slots of `leaf` in `runs`.
  void Update(const Column& leaf, std::span<const encoding::SlotRun> runs);
  void AddNulls(int64_t n) { null_count_ += n; }
  void Merge(const ChunkStatistics& other);

  bool has_min_max() const { return has_min_max_; }
  int64_t null_count() const { return null_count_; }
  /// The Parquet form (min_value/max_value in PLAIN bytes, null_count).
  Statistics ToParquet() const;
  /// The Strata form: integers (dates, timestamps) as int64, floats as double, bytes as string.
  ColumnStats ToColumnStats() const;

 private:
  enum class Order { kSigned, kUnsigned, kFloat, kBytes, kNone };
  void UpdateInts(const Column& leaf, std::span<const encoding::SlotRun> runs);
  void UpdateFloats(const Column& leaf, std::span<const encoding::SlotRun> runs);
  void UpdateBytes(const Column& leaf, std::span<const encoding::SlotRun> runs);
  void FoldInt(int64_t lo, int64_t hi);
  void FoldDouble(double lo, double hi);

  Kind kind_;
  Order order_;
  bool has_min_max_ = false;
  int64_t null_count_ = 0;
  int64_t min_i_ = 0, max_i_ = 0;
  double min_d_ = 0, max_d_ = 0;
  std::string min_s_, max_s_;
};

}  // namespace strata::format::parquet
