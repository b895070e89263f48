// IngestJob: the `strata ingest` job (DESIGN §5) — read sources, parse, normalize, detect the
// language, deduplicate, redact PII, chunk and count tokens, and commit `documents`, `chunks`,
// `quarantine` and `inputs` rows in batches.
//
// Incremental by input. The `inputs` table records, per (source, uri) of a raw input, the hash of
// its bytes, of the processing configuration and of the code version, its outcome (ok, duplicate,
// quarantined) and the doc_ids it produced. An input whose three hashes are unchanged is skipped;
// a changed one replaces exactly its own documents and chunks; a quarantined one is retried only
// when its content or the code changed. Writes per batch go documents → chunks → quarantine →
// inputs, and a batch that a crash cut short is redone on the next run (its doc_ids are found
// in `documents` and replaced), so no row is lost or duplicated. Stream sources also record
// their offset as a Delta txn on the `inputs` commit and are acknowledged after it.
//
// Failures of one input never stop the run: they become a quarantine row (stage source, parse or
// process) with the error. The job fails only for errors of a source as a whole or of storage.
// Thread-safety: one job at a time per workspace (commits are still safe against others).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "ingest/parsers/parser.h"
#include "ingest/source.h"
#include "io/object_store.h"
#include "process/chunk/chunker.h"
#include "process/dedup.h"
#include "process/pii.h"
#include "table/table.h"

namespace strata::pipeline {

struct IngestOptions {
  std::vector<ingest::SourceConfig> sources;
  ingest::ParserOptions parser;
  process::ChunkOptions chunk;
  std::string tokenizer = "words";
  process::PiiPolicy pii = process::PiiPolicy::Default();
  bool near_dedup = true;
  process::MinHashOptions near_dup;
  /// Documents shorter than this (in words) are only deduplicated exactly: MinHash estimates on
  /// a few shingles are noise, and short records (rows, events, messages) that look alike are
  /// distinct data, not copies.
  int64_t near_dup_min_words = 64;
  int64_t batch_inputs = 512;          // inputs per commit
  int64_t batch_bytes = 64ll << 20;    // raw bytes per commit
  std::string run_id;                  // empty: generated
  /// Watch mode: when set, after the first pass keep ingesting what the sources report
  /// (file changes by inotify, new stream messages) until stop() returns true; each batch is
  /// committed as it comes.
  std::function<bool()> stop;
  /// Called after each committed batch (watch mode uses it to embed and index what arrived, so
  /// it becomes searchable without waiting for the end); an error stops the job.
  std::function<Status()> after_batch;
};

/// The tables the job writes, opened by the caller, and the store for source state files.
struct IngestTables {
  table::Table* documents = nullptr;
  table::Table* chunks = nullptr;
  table::Table* quarantine = nullptr;
  table::Table* inputs = nullptr;
  std::shared_ptr<io::ObjectStore> state_store;  // source checkpoints under state/sources/
};

struct IngestSummary {
  std::string run_id;
  int64_t inputs_ok = 0;
  int64_t inputs_skipped = 0;       // unchanged since the last run, or duplicates
  int64_t inputs_quarantined = 0;
  int64_t documents = 0;            // document rows written
  int64_t duplicates = 0;           // exact or near duplicates not written
  int64_t chunks = 0;
  int64_t bytes = 0;                // raw bytes read
  int64_t commits = 0;
  double seconds = 0;
  std::map<std::string, int64_t> quarantined_by_stage;
  std::vector<std::string> errors;  // the first quarantine messages, "uri: error"
};

/// Run the job over `options.sources`. Fails only when a source cannot be read at all or a
/// commit fails; per-input failures are counted and quarantined.
Result<IngestSummary> RunIngest(const IngestOptions& options, const IngestTables& tables);

/// Hash of the processing configuration (parser, chunking, tokenizer, PII, dedup settings).
std::string IngestConfigHash(const IngestOptions& options);

/// The code version recorded with every input ("strata <version>").
const std::string& CodeVersion();

}  // namespace strata::pipeline
