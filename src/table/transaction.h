// Transaction: one atomic change to a Delta table under optimistic concurrency.
//
// A transaction starts from the snapshot it read, collects actions, and commits by writing the
// next log entry with PutIfAbsent. When another writer won that version, the transaction reads
// the winning commit and checks logical conflicts: a change of metaData or protocol always
// conflicts; a file this transaction removes that the winner also removed conflicts; a txn for the
// same application id conflicts; concurrent appends never conflict with appends. Without a
// conflict it retries at the next version, with bounded attempts and jittered backoff; with one it
// returns Conflict and writes nothing. Every kCheckpointInterval versions the committer writes a
// checkpoint (best effort: a failure is logged, the commit stands).
//
// Thread-safety: a Transaction is used by one thread; many transactions (in many processes) may
// commit to one table concurrently.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "table/actions.h"
#include "table/snapshot.h"

namespace strata::table {

struct CommitOptions {
  int max_attempts = 200;
  int64_t initial_backoff_micros = 500;
  int64_t max_backoff_micros = 50'000;
  bool write_checkpoints = true;
};

class Transaction {
 public:
  /// Start from `read` (null for the creation of a table at version 0).
  Transaction(std::shared_ptr<io::ObjectStore> store, std::string root,
              std::shared_ptr<const Snapshot> read, std::string operation);

  void Add(Action action) { actions_.push_back(std::move(action)); }
  /// Record the operation's parameters in commitInfo (values are JSON text).
  void SetParameter(const std::string& key, const std::string& json_value) {
    parameters_[key] = json_value;
  }
  const std::vector<Action>& actions() const { return actions_; }

  /// Commit; returns the snapshot at the committed version.
  Result<std::shared_ptr<const Snapshot>> Commit(const CommitOptions& options = {});

 private:
  /// Conflict when the winning commit's actions clash with ours.
  Status CheckConflicts(const std::vector<Action>& winner, int64_t version) const;
  std::string Body(int64_t version) const;
  void MaybeCheckpoint(const Snapshot& snapshot, const CommitOptions& options) const;

  std::shared_ptr<io::ObjectStore> store_;
  std::string root_;
  std::shared_ptr<const Snapshot> read_;
  std::string operation_;
  std::map<std::string, std::string> parameters_;
  std::vector<Action> actions_;
};

}  // namespace strata::table
