// Names of the files in a Delta table's _delta_log folder and their parsing.
//
//   NNNNNNNNNNNNNNNNNNNN.json                          commit of version N (20 digits)
//   NNNNNNNNNNNNNNNNNNNN.checkpoint.parquet            single-file checkpoint
//   NNNNNNNNNNNNNNNNNNNN.checkpoint.PPPPPPPPPP.TTTTTTTTTT.parquet   part P of T
//   NNNNNNNNNNNNNNNNNNNN.checkpoint.<uuid>.json|parquet   v2 checkpoint (not read)
//   _last_checkpoint                                   hint: {"version", "size", "parts"}
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata::table {

/// The folder of a table's log under `root` ("root/_delta_log", or "_delta_log" for an empty root).
std::string LogDir(std::string_view root);
std::string CommitPath(std::string_view root, int64_t version);
std::string CheckpointPath(std::string_view root, int64_t version);
std::string CheckpointPartPath(std::string_view root, int64_t version, int part, int parts);
std::string LastCheckpointPath(std::string_view root);
/// The common path prefix of the log files of versions [block * 100, block * 100 + 99].
std::string VersionBlockPrefix(std::string_view root, int64_t block);

struct LogFileName {
  enum class Type { kCommit, kCheckpoint, kCheckpointPart, kV2Checkpoint, kOther };
  Type type = Type::kOther;
  int64_t version = -1;
  int part = 0;   // 1-based, kCheckpointPart
  int parts = 0;  // kCheckpointPart
};

/// A random (version 4) UUID, for table ids and data file names.
std::string NewUuid();

/// Classify a file name (the part after the last '/').
LogFileName ParseLogFileName(std::string_view name);

}  // namespace strata::table
