// Per-file statistics of Delta `add` actions: the `stats` JSON ({"numRecords", "minValues",
// "maxValues", "nullCount"}) parsed into typed ColumnStats for file skipping, and written from
// what the Parquet writer reports. Nested struct fields are flattened to dotted names ("a.b").
// Statistics a reader cannot interpret are dropped (a file without stats is never skipped).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "format/predicate.h"
#include "format/schema.h"

namespace strata::table {

struct FileStats {
  std::optional<int64_t> num_records;
  std::map<std::string, format::ColumnStats> columns;

  /// A StatsLookup over these stats (valid while *this lives).
  format::StatsLookup Lookup() const;
};

/// Parse a stats JSON text against the table schema. Corruption on malformed JSON.
Result<FileStats> ParseFileStats(std::string_view json, const format::Schema& schema);
/// Render stats of a written file: `stats` per top-level field of `schema`.
std::string FileStatsJson(int64_t num_records, const format::Schema& schema,
                          const std::vector<format::ColumnStats>& stats);

}  // namespace strata::table
