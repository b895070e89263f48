// Delta checkpoints: Parquet files holding the whole table state at one version (one row per
// action: txn, add, remove, metaData, protocol), plus the _last_checkpoint hint.
//
// Reading accepts single-file and multi-part checkpoints written by Delta (nested add/remove/
// metaData/protocol/txn structs, partitionValues/configuration maps; extra columns such as
// stats_parsed are ignored). Writing produces a single-file checkpoint in Delta's checkpoint
// schema with the Parquet FileWriter, then _last_checkpoint; a checkpoint is only an accelerator,
// so a failed or missing one never loses data.
//
// Thread-safety: stateless functions; concurrent writers of the same checkpoint write identical
// content and the store's atomic Put makes the last one win.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "io/object_store.h"
#include "table/actions.h"

namespace strata::table {

class Snapshot;

struct LastCheckpoint {
  int64_t version = -1;
  int64_t size = 0;               // actions in the checkpoint
  std::optional<int32_t> parts;   // multi-part count
};

/// Commits between checkpoints that Strata writes.
constexpr int64_t kCheckpointInterval = 10;

/// Read _last_checkpoint; NotFound when absent, Corruption when unreadable.
Result<LastCheckpoint> ReadLastCheckpoint(io::ObjectStore& store, const std::string& root);
/// Read every part of a checkpoint into actions.
Result<std::vector<Action>> ReadCheckpoint(io::ObjectStore& store,
                                           const std::vector<std::string>& parts);
/// Write the checkpoint of `snapshot` and update _last_checkpoint.
Status WriteCheckpoint(io::ObjectStore& store, const Snapshot& snapshot);

}  // namespace strata::table
