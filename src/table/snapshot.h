// Snapshot: the state of a Delta table at one version, rebuilt by log replay.
//
// Loading lists _delta_log, picks the newest complete checkpoint at or below the wanted version
// (trusting _last_checkpoint only when it names files that exist), reads it, then applies the JSON
// commits after it in order. Replay reconciles add and remove actions by path and deletion-vector
// id, keeps the latest protocol and metaData, the newest txn version per application, and the
// remove tombstones (for vacuum). A gap in the commit sequence is Corruption.
//
// A snapshot refuses tables whose protocol needs a reader feature Strata lacks (deletion vectors,
// column mapping, v2 checkpoints, ...) with NotSupported naming the feature, so it never returns
// wrong rows.
//
// Thread-safety: a loaded Snapshot is immutable and may be shared across threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "format/schema.h"
#include "io/object_store.h"
#include "table/actions.h"
#include "table/delta_schema.h"

namespace strata::table {

/// Which version to load: the latest (both empty), a version, or the version current at a time.
struct SnapshotSpec {
  std::optional<int64_t> version;
  std::optional<int64_t> timestamp_ms;  // latest version committed at or before this time
};

/// Replay state, shared by snapshot loading and conflict checking.
struct ReplayState {
  int64_t version = -1;
  std::optional<Protocol> protocol;
  std::optional<Metadata> metadata;
  std::map<std::string, AddFile> files;          // by FileKey
  std::map<std::string, RemoveFile> tombstones;  // by FileKey
  std::map<std::string, int64_t> app_versions;   // txn appId → version
  std::optional<int64_t> commit_timestamp;       // of `version`, when commitInfo has it

  void Apply(Action action);
};

/// The log files of a table up to a version.
struct LogSegment {
  int64_t version = -1;
  int64_t checkpoint_version = -1;               // -1: replay from version 0
  std::vector<std::string> checkpoint_files;     // store paths, all parts
  std::vector<std::pair<int64_t, std::string>> commits;  // after the checkpoint, ascending
};

class Snapshot {
 public:
  /// Load the snapshot of the table at `root` in `store` selected by `spec`.
  static Result<std::shared_ptr<const Snapshot>> Load(std::shared_ptr<io::ObjectStore> store,
                                                      const std::string& root,
                                                      const SnapshotSpec& spec = {});
  /// Build from replayed state (used after a commit).
  static Result<std::shared_ptr<const Snapshot>> FromState(std::shared_ptr<io::ObjectStore> store,
                                                           std::string root, ReplayState state);

  int64_t version() const { return state_.version; }
  const Protocol& protocol() const { return *state_.protocol; }
  const Metadata& metadata() const { return *state_.metadata; }
  const format::Schema& schema() const { return schema_.schema; }
  const std::vector<std::string>& partition_columns() const {
    return state_.metadata->partition_columns;
  }
  /// Active files, sorted by path.
  const std::vector<AddFile>& files() const { return files_; }
  const std::map<std::string, RemoveFile>& tombstones() const { return state_.tombstones; }
  /// The last txn version recorded for `app_id`, if any.
  std::optional<int64_t> AppVersion(const std::string& app_id) const;
  /// Sum of numRecords over files; -1 when a file has no stats.
  int64_t NumRows() const;
  int64_t TotalBytes() const;
  const ReplayState& state() const { return state_; }
  const std::string& root() const { return root_; }
  const std::shared_ptr<io::ObjectStore>& store() const { return store_; }

 private:
  Snapshot() = default;
  std::shared_ptr<io::ObjectStore> store_;
  std::string root_;
  ReplayState state_;
  DeltaSchema schema_;
  std::vector<AddFile> files_;
};

/// List the log and choose the segment for `version` (-1: latest). NotFound when no log exists.
Result<LogSegment> ListLogSegment(io::ObjectStore& store, const std::string& root, int64_t version);
/// The newest version in the log (-1 when there is none), by listing.
Result<int64_t> LatestVersion(io::ObjectStore& store, const std::string& root);
/// The version current at `timestamp_ms` (commitInfo timestamp, else file time).
Result<int64_t> VersionAtTimestamp(io::ObjectStore& store, const std::string& root,
                                   int64_t timestamp_ms);
/// Read and parse one commit file.
Result<std::vector<Action>> ReadCommit(io::ObjectStore& store, const std::string& root,
                                       int64_t version);
/// NotSupported naming the first reader feature or setting Strata cannot honour.
Status CheckReadable(const Protocol& protocol, const Metadata& metadata);
/// NotSupported when Strata may not write a table with this protocol.
Status CheckWritable(const Protocol& protocol, const Metadata& metadata);

}  // namespace strata::table
