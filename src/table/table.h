// Table: the public API of a Delta Lake table stored on an ObjectStore (DESIGN §4).
//
// A Table names a root folder in a store ("tables/documents" in a workspace, or "" for a store
// opened at the table itself). Reads go through Snapshots (latest, a version, or a time); writes
// go through Transactions with optimistic concurrency, so many processes may append to one table
// at once. Strata writes protocol (minReader 1, minWriter 2) tables that Spark, DuckDB and
// delta-rs read, and reads tables written by Delta itself, refusing with NotSupported those whose
// protocol needs features it lacks (deletion vectors, column mapping, ...).
//
// - Append writes one Parquet file per batch and partition, with min/max/null-count stats, and
//   commits them; AppendOptions{app_id, txn_version} makes it idempotent (a txn version at or
//   below the recorded one is a no-op).
// - Delete rewrites by copy-on-write only the files holding matching rows (physical erasure once
//   vacuumed); files skipped by stats or with no matching row are untouched.
// - AddColumns evolves the schema by nullable columns; older files read them as nulls.
// - Scan reads the chosen columns, skips files by partition values and stats, fills partition
//   columns, and filters rows by the predicate.
//
// Thread-safety: a Table may be used from several threads; each call loads the snapshot it needs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "format/column.h"
#include "format/predicate.h"
#include "io/object_store.h"
#include "table/snapshot.h"
#include "table/transaction.h"

namespace strata::table {

struct AppendOptions {
  std::optional<std::string> app_id;  // with txn_version: idempotent append
  int64_t txn_version = -1;
  CommitOptions commit;
};

struct AppendResult {
  int64_t version = -1;     // the committed version, or the current one when skipped
  bool skipped = false;     // the txn version was already recorded
  int64_t files_added = 0;
  int64_t rows_added = 0;
};

struct DeleteResult {
  int64_t version = -1;     // unchanged when nothing matched
  int64_t rows_deleted = 0;
  int64_t files_removed = 0;
  int64_t files_added = 0;
  int64_t files_skipped = 0;  // by statistics or partition values
};

struct ScanOptions {
  std::vector<std::string> columns;                // empty: all, in schema order
  std::optional<format::Predicate> predicate;      // filters files and rows
  SnapshotSpec at;                                 // which version
  /// When set, only the active files it accepts are read (incremental readers use it to read
  /// just the files added since a version they already processed).
  std::function<bool(const AddFile&)> file_filter;
};

struct ScanResult {
  format::RecordBatch batch;
  int64_t version = -1;
  int64_t files_read = 0;
  int64_t files_skipped = 0;
};

struct HistoryEntry {
  int64_t version = -1;
  std::optional<int64_t> timestamp_ms;
  std::string operation;
  std::map<std::string, std::string> parameters;
  int64_t files_added = 0;
  int64_t files_removed = 0;
};

class Table {
 public:
  /// Create a table at version 0. AlreadyExists when a log exists at `root`.
  static Result<std::unique_ptr<Table>> Create(std::shared_ptr<io::ObjectStore> store,
                                               std::string root, format::Schema schema,
                                               std::vector<std::string> partition_columns = {},
                                               std::map<std::string, std::string> properties = {});
  /// Open an existing table; NotFound when there is no log.
  static Result<std::unique_ptr<Table>> Open(std::shared_ptr<io::ObjectStore> store,
                                             std::string root);

  const std::string& root() const { return root_; }
  const std::shared_ptr<io::ObjectStore>& store() const { return store_; }

  Result<std::shared_ptr<const Snapshot>> Latest() const;
  Result<std::shared_ptr<const Snapshot>> At(const SnapshotSpec& spec) const;

  Result<AppendResult> Append(const std::vector<format::RecordBatch>& batches,
                              const AppendOptions& options = {});
  Result<DeleteResult> Delete(const format::Predicate& predicate,
                              const CommitOptions& options = {});
  /// Add nullable columns; returns the new version.
  Result<int64_t> AddColumns(const std::vector<format::Field>& fields);
  Result<ScanResult> Scan(const ScanOptions& options = {}) const;
  /// Commits newest first; `limit` < 0 for all.
  Result<std::vector<HistoryEntry>> History(int64_t limit = -1) const;

 private:
  Table(std::shared_ptr<io::ObjectStore> store, std::string root)
      : store_(std::move(store)), root_(std::move(root)) {}

  /// Write `batch` (table schema) as data files, one per partition; append their add actions.
  Status WriteDataFiles(const Snapshot& snapshot, const format::RecordBatch& batch,
                        std::vector<Action>* actions, int64_t* rows) const;
  /// Read one file as a batch of `columns` (table schema), partition columns filled in.
  Result<format::RecordBatch> ReadFile(const Snapshot& snapshot, const AddFile& file,
                                       const std::vector<std::string>& columns,
                                       const format::Predicate* filter) const;

  std::shared_ptr<io::ObjectStore> store_;
  std::string root_;
};

/// False when the statistics of `file` (its stats plus its partition values as min = max) show
/// that no row can match `p`.
bool FileMayMatch(const Snapshot& snapshot, const AddFile& file, const format::Predicate& p);

/// Rows in `snapshot`: the files' stats where they have numRecords, else their Parquet footers.
Result<int64_t> CountRows(const Snapshot& snapshot);

/// `p` with literals converted to the types of `schema`'s columns (date and timestamp text to
/// days and micros), so that comparisons with statistics are typed.
format::Predicate CoerceToSchema(const format::Predicate& p, const format::Schema& schema);

}  // namespace strata::table
