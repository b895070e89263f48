// Delta log actions: the typed form of one line of a commit file (NNNNNNNNNNNNNNNNNNNN.json) or
// one row of a checkpoint, and their JSON encoding as the Delta protocol writes it.
//
// Supported actions: protocol, metaData, add, remove, txn, commitInfo. Other actions (cdc,
// domainMetadata, checkpointMetadata, sidecar) are skipped when reading: they change neither the
// rows a reader sees nor the conflicts Strata checks. Paths are kept URL-decoded in memory and
// encoded again when written. JSON is parsed with nlohmann inside this adapter; malformed input is
// a Corruption status naming the file, never an exception.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.h"

namespace strata::table {

struct Protocol {
  int32_t min_reader_version = 1;
  int32_t min_writer_version = 2;
  std::optional<std::vector<std::string>> reader_features;
  std::optional<std::vector<std::string>> writer_features;
};

struct Metadata {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::string format_provider = "parquet";
  std::map<std::string, std::string> format_options;
  std::string schema_string;
  std::vector<std::string> partition_columns;
  std::map<std::string, std::string> configuration;
  std::optional<int64_t> created_time;
};

struct DeletionVector {
  std::string storage_type;
  std::string path_or_inline_dv;
  std::optional<int32_t> offset;
  int32_t size_in_bytes = 0;
  int64_t cardinality = 0;
  /// storageType + pathOrInlineDv (+ "@" offset): identifies the DV among a file's versions.
  std::string UniqueId() const;
};

/// Partition values: column name → value as a string, nullopt for null.
using PartitionValues = std::map<std::string, std::optional<std::string>>;

struct AddFile {
  std::string path;  // URL-decoded, relative to the table root (or an absolute URI)
  PartitionValues partition_values;
  int64_t size = 0;
  int64_t modification_time = 0;
  bool data_change = true;
  std::optional<std::string> stats;  // JSON text
  std::map<std::string, std::string> tags;
  std::optional<DeletionVector> deletion_vector;
  std::optional<int64_t> base_row_id;
  std::optional<int64_t> default_row_commit_version;
};

struct RemoveFile {
  std::string path;
  std::optional<int64_t> deletion_timestamp;
  bool data_change = true;
  std::optional<bool> extended_file_metadata;
  std::optional<PartitionValues> partition_values;
  std::optional<int64_t> size;
  std::optional<DeletionVector> deletion_vector;
};

struct Txn {
  std::string app_id;
  int64_t version = 0;
  std::optional<int64_t> last_updated;
};

struct CommitInfo {
  std::optional<int64_t> timestamp;
  std::string operation;
  std::map<std::string, std::string> operation_parameters;  // values as JSON text
  std::optional<int64_t> read_version;
  std::optional<bool> is_blind_append;
  std::string engine_info;
};

using Action = std::variant<Protocol, Metadata, AddFile, RemoveFile, Txn, CommitInfo>;

/// The key identifying a logical file in replay: its path plus the unique id of its DV, if any.
std::string FileKey(std::string_view path, const std::optional<DeletionVector>& dv);

/// Parse one commit file (newline-delimited JSON actions). `file` names it in errors.
Result<std::vector<Action>> ParseCommit(std::string_view text, std::string_view file);
/// Encode actions as a commit file: one JSON object per line, each line ending in '\n'.
std::string SerializeCommit(const std::vector<Action>& actions);

/// Decode %XX escapes of a path in the log. Corruption on a bad escape.
Result<std::string> DecodePath(std::string_view path);
/// Escape a path for the log (RFC 3986 unreserved characters and '/' stay as they are).
std::string EncodePath(std::string_view path);

}  // namespace strata::table
