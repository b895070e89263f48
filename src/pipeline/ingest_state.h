// IngestState: what the ingest job knows of earlier runs for one source — its `inputs` rows,
// the doc_ids and content hashes in `documents`, its `quarantine` rows — and the batched writes
// that keep those tables consistent (see ingest_job.h for the order and the crash argument).
// Thread-safety: used by the job's single committing thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/result.h"
#include "pipeline/ingest_job.h"
#include "pipeline/row_batch.h"

namespace strata::pipeline {

struct InputRecord {
  std::string input_hash;
  std::string config_hash;
  std::string code_version;
  std::string status;  // ok | duplicate | quarantined
  std::vector<std::string> doc_ids;
};

struct QuarantineRecord {
  int64_t attempts = 0;
  int64_t first_seen = 0;
};

/// Rows of one batch, ready to commit.
struct BatchWrites {
  std::vector<std::string> replaced_doc_ids;  // delete from documents and chunks first
  std::vector<std::string> replaced_uris;     // delete their inputs and quarantine rows first
  RowBatchBuilder documents;
  RowBatchBuilder chunks;
  RowBatchBuilder quarantine;
  RowBatchBuilder inputs;
  std::optional<ingest::TxnMark> txn;
};

class IngestState {
 public:
  /// Load what `tables` hold for source `source`.
  static Result<IngestState> Load(const IngestTables& tables, const std::string& source);

  const InputRecord* FindInput(const std::string& uri) const;
  const QuarantineRecord* FindQuarantine(const std::string& uri, const std::string& stage) const;
  bool HasDocument(const std::string& doc_id) const { return doc_ids_.count(doc_id) > 0; }
  /// The doc_id of another document (any source) with this content hash, if any; otherwise
  /// record `doc_id` as its owner.
  std::optional<std::string> DuplicateOf(const std::string& content_hash, const std::string& doc_id);

  BatchWrites NewBatch() const;
  /// Commit `writes` in the order documents, chunks, quarantine, inputs; returns the commits made.
  Result<int64_t> Commit(BatchWrites&& writes);
  /// Remember the outcome of `uri` after a successful commit: its record and, when it was
  /// quarantined, the stage and quarantine record (empty stage: not quarantined).
  void Remember(const std::string& uri, InputRecord record, const std::string& stage,
                QuarantineRecord quarantined);

 private:
  IngestState(const IngestTables& tables, std::string source)
      : tables_(&tables), source_(std::move(source)) {}

  const IngestTables* tables_;
  std::string source_;
  std::unordered_map<std::string, InputRecord> inputs_;
  std::map<std::pair<std::string, std::string>, QuarantineRecord> quarantine_;
  std::unordered_set<std::string> doc_ids_;
  std::unordered_map<std::string, std::string> content_owner_;  // content_hash -> doc_id
  format::Schema documents_schema_, chunks_schema_, quarantine_schema_, inputs_schema_;
};

}  // namespace strata::pipeline
