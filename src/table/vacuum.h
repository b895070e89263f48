// Vacuum: physically delete data files that no version within the retention window references.
//
// A file survives when the latest snapshot references it, when a remove tombstone younger than
// the retention names it (older versions inside the window may still read it), or when it is
// itself younger than the retention (it may belong to a commit in flight). Everything else under
// the table root, outside _delta_log and hidden ('_' or '.') folders, is deleted. The default
// retention is 7 days, as in Delta.
//
// Thread-safety: safe to run beside writers as long as the retention exceeds the longest
// transaction; two vacuums of one table may run at once (deleting a missing file is OK).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "table/table.h"

namespace strata::table {

struct VacuumOptions {
  int64_t retention_hours = 7 * 24;
  bool dry_run = false;        // report without deleting
  int64_t now_ms = -1;         // the current time (tests); -1: the clock
};

struct VacuumResult {
  std::vector<std::string> deleted;  // paths relative to the table root
  int64_t bytes_deleted = 0;
  int64_t files_kept = 0;
};

Result<VacuumResult> Vacuum(const Table& table, const VacuumOptions& options = {});

}  // namespace strata::table
