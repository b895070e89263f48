#include "table/snapshot.h"

#include <algorithm>
#include <set>

#include "table/checkpoint.h"
#include "table/file_stats.h"
#include "table/log_files.h"

namespace strata::table {
namespace {

struct CheckpointParts {
  std::map<int, std::string> parts;  // part number → path (0 for a single file)
  int expected = 0;
};

struct LogListing {
  std::map<int64_t, std::string> commits;
  std::map<int64_t, CheckpointParts> checkpoints;  // only complete ones after Complete()
  std::map<int64_t, int64_t> modified_ms;          // commit version → file time
};

void AddObjects(const std::vector<io::ObjectInfo>& objects, LogListing* out) {
  for (const io::ObjectInfo& o : objects) {
    LogFileName n = ParseLogFileName(o.path);
    switch (n.type) {
      case LogFileName::Type::kCommit:
        out->commits[n.version] = o.path;
        out->modified_ms[n.version] = o.modified_micros / 1000;
        break;
      case LogFileName::Type::kCheckpoint:
        out->checkpoints[n.version].parts[0] = o.path;
        out->checkpoints[n.version].expected = 1;
        break;
      case LogFileName::Type::kCheckpointPart: {
        CheckpointParts& cp = out->checkpoints[n.version];
        if (cp.expected == 1 && cp.parts.count(0)) break;  // prefer the single file
        cp.parts[n.part] = o.path;
        cp.expected = n.parts;
        break;
      }
      default: break;
    }
  }
}

void DropIncompleteCheckpoints(LogListing* listing) {
  for (auto it = listing->checkpoints.begin(); it != listing->checkpoints.end();) {
    bool complete = static_cast<int>(it->second.parts.size()) == it->second.expected;
    it = complete ? std::next(it) : listing->checkpoints.erase(it);
  }
}

Result<LogListing> ListLog(io::ObjectStore& store, const std::string& root) {
  STRATA_ASSIGN_OR_RETURN(std::vector<io::ObjectInfo> objects, store.List(LogDir(root) + "/"));
  LogListing out;
  AddObjects(objects, &out);
  DropIncompleteCheckpoints(&out);
  return out;
}

// List only the log files from the checkpoint named by _last_checkpoint on, block by block of
// 100 versions, so that loading the latest snapshot costs the same after 10 or 10,000 commits.
// Empty when there is no usable hint.
std::optional<LogListing> ListLogFromHint(io::ObjectStore& store, const std::string& root) {
  Result<LastCheckpoint> hint = ReadLastCheckpoint(store, root);
  if (!hint.ok() || hint->version < 0) return std::nullopt;
  LogListing out;
  for (int64_t block = hint->version / 100;; ++block) {
    Result<std::vector<io::ObjectInfo>> objects = store.List(VersionBlockPrefix(root, block));
    if (!objects.ok()) return std::nullopt;
    AddObjects(*objects, &out);
    if (!out.commits.count(block * 100 + 99)) break;
  }
  DropIncompleteCheckpoints(&out);
  if (!out.checkpoints.count(hint->version)) return std::nullopt;
  return out;
}

bool Supported(const std::string& feature) {
  static const std::set<std::string> kReaderFeatures = {"timestampNtz", "vacuumProtocolCheck"};
  return kReaderFeatures.count(feature) > 0;
}

}  // namespace

void ReplayState::Apply(Action action) {
  if (auto* add = std::get_if<AddFile>(&action)) {
    std::string key = FileKey(add->path, add->deletion_vector);
    tombstones.erase(key);
    files[key] = std::move(*add);
  } else if (auto* rm = std::get_if<RemoveFile>(&action)) {
    std::string key = FileKey(rm->path, rm->deletion_vector);
    files.erase(key);
    tombstones[key] = std::move(*rm);
  } else if (auto* p = std::get_if<Protocol>(&action)) {
    protocol = std::move(*p);
  } else if (auto* m = std::get_if<Metadata>(&action)) {
    metadata = std::move(*m);
  } else if (auto* t = std::get_if<Txn>(&action)) {
    app_versions[t->app_id] = t->version;
  } else if (auto* c = std::get_if<CommitInfo>(&action)) {
    commit_timestamp = c->timestamp;
  }
}

Result<LogSegment> ListLogSegment(io::ObjectStore& store, const std::string& root,
                                  int64_t version) {
  std::optional<LogListing> hinted;
  if (version < 0) hinted = ListLogFromHint(store, root);
  LogListing listing;
  if (hinted) {
    listing = std::move(*hinted);
  } else {
    STRATA_ASSIGN_OR_RETURN(listing, ListLog(store, root));
  }
  int64_t latest = -1;
  if (!listing.commits.empty()) latest = listing.commits.rbegin()->first;
  if (!listing.checkpoints.empty()) latest = std::max(latest, listing.checkpoints.rbegin()->first);
  if (latest < 0) return Status::NotFound("no Delta log at '" + LogDir(root) + "'");
  if (version > latest) {
    return Status::NotFound("version " + std::to_string(version) + " does not exist; latest is " +
                            std::to_string(latest));
  }
  LogSegment seg;
  seg.version = version < 0 ? latest : version;
  auto cp = listing.checkpoints.upper_bound(seg.version);
  if (cp != listing.checkpoints.begin()) {
    --cp;
    seg.checkpoint_version = cp->first;
    for (const auto& [part, path] : cp->second.parts) seg.checkpoint_files.push_back(path);
  }
  int64_t expect = seg.checkpoint_version + 1;
  for (auto it = listing.commits.lower_bound(expect);
       it != listing.commits.end() && it->first <= seg.version; ++it) {
    if (it->first != expect) {
      return Status::Corruption("Delta log of '" + root + "' misses version " +
                                std::to_string(expect) + " (found " + std::to_string(it->first) +
                                ")");
    }
    seg.commits.emplace_back(it->first, it->second);
    ++expect;
  }
  if (expect != seg.version + 1) {
    return Status::Corruption("Delta log of '" + root + "' misses version " +
                              std::to_string(expect) + " needed for version " +
                              std::to_string(seg.version));
  }
  return seg;
}

Result<int64_t> LatestVersion(io::ObjectStore& store, const std::string& root) {
  STRATA_ASSIGN_OR_RETURN(LogListing listing, ListLog(store, root));
  int64_t latest = -1;
  if (!listing.commits.empty()) latest = listing.commits.rbegin()->first;
  if (!listing.checkpoints.empty()) latest = std::max(latest, listing.checkpoints.rbegin()->first);
  return latest;
}

Result<std::vector<Action>> ReadCommit(io::ObjectStore& store, const std::string& root,
                                       int64_t version) {
  std::string path = CommitPath(root, version);
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<io::Buffer> data, store.Get(path));
  return ParseCommit(data->view(), path);
}

Result<int64_t> VersionAtTimestamp(io::ObjectStore& store, const std::string& root,
                                   int64_t timestamp_ms) {
  STRATA_ASSIGN_OR_RETURN(LogListing listing, ListLog(store, root));
  int64_t found = -1;
  int64_t previous = INT64_MIN;
  for (const auto& [version, path] : listing.commits) {
    STRATA_ASSIGN_OR_RETURN(std::vector<Action> actions, ReadCommit(store, root, version));
    int64_t ts = listing.modified_ms[version];
    for (const Action& a : actions) {
      if (auto* c = std::get_if<CommitInfo>(&a); c && c->timestamp) ts = *c->timestamp;
    }
    ts = std::max(ts, previous + 1);  // Delta makes commit times monotonic
    previous = ts;
    if (ts > timestamp_ms) break;
    found = version;
  }
  if (found < 0) {
    return Status::NotFound("no version of '" + root + "' was committed at or before " +
                            std::to_string(timestamp_ms) + " ms");
  }
  return found;
}

Status CheckReadable(const Protocol& p, const Metadata& m) {
  if (p.min_reader_version > 3) {
    return Status::NotSupported("Delta minReaderVersion " + std::to_string(p.min_reader_version));
  }
  if (p.min_reader_version == 3 && p.reader_features) {
    for (const std::string& f : *p.reader_features) {
      if (!Supported(f)) return Status::NotSupported("Delta reader feature '" + f + "'");
    }
  }
  auto mode = m.configuration.find("delta.columnMapping.mode");
  if (mode != m.configuration.end() && mode->second != "none") {
    return Status::NotSupported("Delta reader feature 'columnMapping' (mode " + mode->second + ")");
  }
  return Status::OK();
}

Status CheckWritable(const Protocol& p, const Metadata& m) {
  STRATA_RETURN_IF_ERROR(CheckReadable(p, m));
  if (p.min_writer_version <= 2) return Status::OK();
  if (p.min_writer_version == 7 && p.writer_features) {
    static const std::set<std::string> kWriterFeatures = {"appendOnly", "invariants",
                                                          "timestampNtz", "vacuumProtocolCheck"};
    for (const std::string& f : *p.writer_features) {
      if (!kWriterFeatures.count(f)) return Status::NotSupported("Delta writer feature '" + f + "'");
    }
    return Status::OK();
  }
  return Status::NotSupported("Delta minWriterVersion " + std::to_string(p.min_writer_version));
}

Result<std::shared_ptr<const Snapshot>> Snapshot::Load(std::shared_ptr<io::ObjectStore> store,
                                                       const std::string& root,
                                                       const SnapshotSpec& spec) {
  int64_t version = spec.version.value_or(-1);
  if (spec.timestamp_ms) {
    STRATA_ASSIGN_OR_RETURN(version, VersionAtTimestamp(*store, root, *spec.timestamp_ms));
  }
  STRATA_ASSIGN_OR_RETURN(LogSegment seg, ListLogSegment(*store, root, version));
  ReplayState state;
  if (seg.checkpoint_version >= 0) {
    STRATA_ASSIGN_OR_RETURN(std::vector<Action> actions,
                            ReadCheckpoint(*store, seg.checkpoint_files));
    // A checkpoint is a set, not a sequence: apply removes before adds so order cannot matter.
    std::stable_partition(actions.begin(), actions.end(),
                          [](const Action& a) { return !std::holds_alternative<AddFile>(a); });
    for (Action& a : actions) state.Apply(std::move(a));
    state.version = seg.checkpoint_version;
  }
  for (const auto& [v, path] : seg.commits) {
    STRATA_ASSIGN_OR_RETURN(std::shared_ptr<io::Buffer> data, store->Get(path));
    STRATA_ASSIGN_OR_RETURN(std::vector<Action> actions, ParseCommit(data->view(), path));
    state.commit_timestamp.reset();
    for (Action& a : actions) state.Apply(std::move(a));
    state.version = v;
  }
  return FromState(std::move(store), root, std::move(state));
}

Result<std::shared_ptr<const Snapshot>> Snapshot::FromState(std::shared_ptr<io::ObjectStore> store,
                                                            std::string root, ReplayState state) {
  if (!state.protocol) {
    return Status::Corruption("Delta table '" + root + "' has no protocol action at version " +
                              std::to_string(state.version));
  }
  if (!state.metadata) {
    return Status::Corruption("Delta table '" + root + "' has no metaData action at version " +
                              std::to_string(state.version));
  }
  STRATA_RETURN_IF_ERROR(CheckReadable(*state.protocol, *state.metadata));
  std::shared_ptr<Snapshot> snap(new Snapshot());
  if (!state.metadata->schema_string.empty()) {
    STRATA_ASSIGN_OR_RETURN(snap->schema_, ParseDeltaSchema(state.metadata->schema_string));
  }
  snap->store_ = std::move(store);
  snap->root_ = std::move(root);
  for (const auto& [key, add] : state.files) snap->files_.push_back(add);
  std::sort(snap->files_.begin(), snap->files_.end(),
            [](const AddFile& a, const AddFile& b) { return a.path < b.path; });
  snap->state_ = std::move(state);
  return std::shared_ptr<const Snapshot>(std::move(snap));
}

std::optional<int64_t> Snapshot::AppVersion(const std::string& app_id) const {
  auto it = state_.app_versions.find(app_id);
  if (it == state_.app_versions.end()) return std::nullopt;
  return it->second;
}

int64_t Snapshot::NumRows() const {
  int64_t total = 0;
  for (const AddFile& f : files_) {
    if (!f.stats) return -1;
    Result<FileStats> stats = ParseFileStats(*f.stats, schema());
    if (!stats.ok() || !stats->num_records) return -1;
    total += *stats->num_records;
  }
  return total;
}

int64_t Snapshot::TotalBytes() const {
  int64_t total = 0;
  for (const AddFile& f : files_) total += f.size;
  return total;
}

}  // namespace strata::table
