#include "table/transaction.h"

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "common/clock.h"
#include "common/log.h"
#include "table/checkpoint.h"
#include "table/log_files.h"

namespace strata::table {
namespace {

std::set<std::string> RemovedKeys(const std::vector<Action>& actions) {
  std::set<std::string> out;
  for (const Action& a : actions) {
    if (auto* r = std::get_if<RemoveFile>(&a)) out.insert(FileKey(r->path, r->deletion_vector));
  }
  return out;
}

void Backoff(int attempt, const CommitOptions& options) {
  thread_local std::mt19937_64 rng(std::random_device{}());
  int64_t cap = options.initial_backoff_micros << std::min(attempt, 10);
  cap = std::min(cap, options.max_backoff_micros);
  std::uniform_int_distribution<int64_t> dist(cap / 2, std::max<int64_t>(cap, 1));
  std::this_thread::sleep_for(std::chrono::microseconds(dist(rng)));
}

}  // namespace

Transaction::Transaction(std::shared_ptr<io::ObjectStore> store, std::string root,
                         std::shared_ptr<const Snapshot> read, std::string operation)
    : store_(std::move(store)),
      root_(std::move(root)),
      read_(std::move(read)),
      operation_(std::move(operation)) {}

std::string Transaction::Body(int64_t version) const {
  CommitInfo info;
  info.timestamp = NowMillis();
  info.operation = operation_;
  info.operation_parameters = parameters_;
  if (read_) info.read_version = read_->version();
  bool blind = true;
  for (const Action& a : actions_) blind = blind && !std::holds_alternative<RemoveFile>(a);
  info.is_blind_append = blind;
  info.engine_info = "strata/0.1.0";
  std::vector<Action> all;
  all.reserve(actions_.size() + 1);
  all.push_back(std::move(info));
  all.insert(all.end(), actions_.begin(), actions_.end());
  return SerializeCommit(all);
}

Status Transaction::CheckConflicts(const std::vector<Action>& winner, int64_t version) const {
  auto conflict = [&](const std::string& why) {
    return Status::Conflict("commit of '" + operation_ + "' to '" + root_ + "' lost to version " +
                            std::to_string(version) + ": " + why);
  };
  std::set<std::string> our_removes = RemovedKeys(actions_);
  std::set<std::string> our_apps;
  for (const Action& a : actions_) {
    if (auto* t = std::get_if<Txn>(&a)) our_apps.insert(t->app_id);
  }
  for (const Action& a : winner) {
    if (std::holds_alternative<Metadata>(a)) return conflict("the table metadata changed");
    if (std::holds_alternative<Protocol>(a)) return conflict("the table protocol changed");
    if (auto* r = std::get_if<RemoveFile>(&a)) {
      if (our_removes.count(FileKey(r->path, r->deletion_vector))) {
        return conflict("file '" + r->path + "' was concurrently removed");
      }
    }
    if (auto* t = std::get_if<Txn>(&a); t && our_apps.count(t->app_id)) {
      return conflict("application '" + t->app_id + "' committed concurrently");
    }
  }
  return Status::OK();
}

Result<std::shared_ptr<const Snapshot>> Transaction::Commit(const CommitOptions& options) {
  ReplayState state = read_ ? read_->state() : ReplayState();
  int64_t version = read_ ? read_->version() + 1 : 0;
  for (int attempt = 0; attempt < options.max_attempts; ++attempt) {
    Status put = store_->PutIfAbsent(CommitPath(root_, version), Body(version));
    if (put.ok()) {
      state.commit_timestamp.reset();
      for (const Action& a : actions_) state.Apply(a);
      state.version = version;
      STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> snap,
                              Snapshot::FromState(store_, root_, std::move(state)));
      MaybeCheckpoint(*snap, options);
      return snap;
    }
    if (!put.IsAlreadyExists()) return put;
    if (!read_) return Status::AlreadyExists("Delta table '" + root_ + "' already exists");
    STRATA_ASSIGN_OR_RETURN(std::vector<Action> winner, ReadCommit(*store_, root_, version));
    STRATA_RETURN_IF_ERROR(CheckConflicts(winner, version));
    state.commit_timestamp.reset();
    for (Action& a : winner) state.Apply(std::move(a));
    state.version = version;
    ++version;
    Backoff(attempt, options);
  }
  return Status::Conflict("commit of '" + operation_ + "' to '" + root_ + "' gave up after " +
                          std::to_string(options.max_attempts) + " attempts");
}

void Transaction::MaybeCheckpoint(const Snapshot& snapshot, const CommitOptions& options) const {
  if (!options.write_checkpoints || snapshot.version() == 0 ||
      snapshot.version() % kCheckpointInterval != 0) {
    return;
  }
  Status st = WriteCheckpoint(*store_, snapshot);
  if (!st.ok()) {
    STRATA_LOG(kWarn, "checkpoint_failed",
               {{"table", root_}, {"version", snapshot.version()}, {"error", st.ToString()}});
  }
}

}  // namespace strata::table
