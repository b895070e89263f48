// Source: where raw inputs come from (DESIGN §5), modelled on Velox connectors: a registry of
// factories keyed by kind, a Source that lists Splits, and a SplitReader per split.
//
// Kinds: file (folders, globs, include/exclude, inotify watch), sqlite, postgresql (query or table
// with an incremental cursor column), redis (stream consumer group), mqtt (topic subscriptions).
//
// Progress and exactly-once. A source's progress is a SourceCheckpoint: an opaque `state` string
// that the runner saves in the workspace after the data read so far is committed, and for
// streams a Delta `txn` (app_id, version) that the runner commits atomically with the data. On
// the next run the runner calls Restore() with both, so a source resumes after what was
// committed: a SQL source from its cursor, a Redis source acknowledging (and not re-emitting)
// pending messages at or below the committed txn version. Acknowledge() is called only after
// the commit succeeded.
//
// A failure that concerns one object (unreadable file, broken symlink, undecodable row) is not
// an error of the reader: it comes back as a SourceItem with `error` set, and the runner
// quarantines it with stage "source". Reader errors are for the source as a whole (server gone).
// Thread-safety: a Source is used by one runner thread; different SplitReaders of one Source may
// run on different threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "ingest/document.h"

namespace strata::ingest {

struct SourceConfig {
  std::string name;  // documents.source; default: the kind
  std::string kind;  // registry key
  Labels labels;     // default labels; a record may override them (label fields in options)
  /// Kind-specific settings, all strings; lists are comma-separated. The keys each kind takes
  /// are documented in docs/ingestion.md (path, include, exclude, query, cursor, template, ...).
  std::map<std::string, std::string> options;
};

/// A unit of work: a file, a query, a stream batch.
struct Split {
  std::string id;
  int64_t size_hint = -1;
};

struct SourceItem {
  RawInput input;  // identity is always set; content is empty when `error` is not OK
  Status error;
};

class SplitReader {
 public:
  virtual ~SplitReader() = default;
  /// The next item, or nullopt when the split is exhausted (for streams: nothing more arrived
  /// within the source's block time).
  virtual Result<std::optional<SourceItem>> Next() = 0;
};

struct TxnMark {
  std::string app_id;
  int64_t version = -1;
};

struct SourceCheckpoint {
  std::string state;           // saved by the runner after the commit
  std::optional<TxnMark> txn;  // committed with the data (streams)
};

class Source {
 public:
  explicit Source(SourceConfig config) : config_(std::move(config)) {}
  virtual ~Source() = default;

  const SourceConfig& config() const { return config_; }

  /// Resume after the last committed checkpoint: `state` as saved (empty on the first run) and
  /// the version the table recorded for this source's txn app id (-1 when none).
  virtual Status Restore(const std::string& state, int64_t committed_txn_version) {
    return Status::OK();
  }
  /// The Delta txn app id this source commits with, if it is a stream.
  virtual std::optional<std::string> TxnAppId() const { return std::nullopt; }

  /// The splits to read now.
  virtual Result<std::vector<Split>> ListSplits() = 0;
  virtual Result<std::unique_ptr<SplitReader>> Open(const Split& split) = 0;

  /// Progress covering every item returned so far by this source's readers.
  virtual SourceCheckpoint Checkpoint() const { return {}; }
  /// Called after everything up to the last Checkpoint() was committed (stream acknowledgement).
  virtual Status Acknowledge() { return Status::OK(); }

  /// Continuous mode: block up to `timeout` for new work (inotify events, stream messages) and
  /// return the splits to read; empty when nothing happened. NotSupported for one-shot kinds.
  virtual Result<std::vector<Split>> WaitForSplits(std::chrono::milliseconds timeout);

 private:
  SourceConfig config_;
};

using SourceFactory = std::function<Result<std::unique_ptr<Source>>(const SourceConfig&)>;

class SourceRegistry {
 public:
  void Register(std::string kind, SourceFactory factory);
  /// A source of `config.kind`; InvalidArgument naming the kind and the known kinds otherwise.
  Result<std::unique_ptr<Source>> Make(const SourceConfig& config) const;
  /// The process-wide registry with the built-in kinds registered.
  static const SourceRegistry& Default();

 private:
  std::map<std::string, SourceFactory, std::less<>> factories_;
};

/// Register file, sqlite, postgresql, redis and mqtt.
void RegisterBuiltinSources(SourceRegistry* registry);

/// A source config for a CLI argument: a path or glob (file), or a URI — sqlite:///PATH?query=...,
/// postgresql://..., redis://HOST:PORT/STREAM?group=G, mqtt://HOST:PORT/TOPIC. InvalidArgument
/// naming the argument when it is neither.
Result<SourceConfig> SourceConfigFromArgument(const std::string& argument);

}  // namespace strata::ingest
