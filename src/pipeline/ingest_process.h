// InputProcessor: the per-input work of the ingest job — parse one raw input into documents,
// normalize, detect the language, redact PII, chunk and count tokens. Stateless per input, so the
// job runs it on many inputs in parallel; ordering-dependent steps (deduplication) stay in the
// job. A failure becomes the input's `error` with the stage where it happened.
// Thread-safety: Process() may run on many threads at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "ingest/parsers/parser.h"
#include "ingest/source.h"
#include "process/chunk/chunker.h"
#include "process/dedup.h"
#include "process/pii.h"
#include "process/tokenize/tokenizer.h"

namespace strata::pipeline {

struct IngestOptions;

struct ProcessedChunk {
  process::Chunk span;
  std::string chunk_id;      // hash of doc_id, ordinal and text (DESIGN §3)
  std::string content_hash;  // SHA-256 of the chunk text
  std::string pii_json;      // findings inside the chunk, offsets relative to the chunk text
};

struct ProcessedDoc {
  ingest::Document doc;
  std::string doc_id;
  std::string content_hash;  // SHA-256 of the normalized (and redacted) text
  std::string lang;
  std::vector<ProcessedChunk> chunks;
  std::vector<uint64_t> minhash;  // empty when the document is not checked for near duplicates
};

struct ProcessedInput {
  std::string source;
  std::string uri;
  int64_t bytes = 0;
  std::string input_hash;  // SHA-256 of the raw bytes
  Status error;            // not OK: quarantine with `stage`
  std::string stage;       // source | parse | process
  std::vector<ProcessedDoc> docs;
};

class InputProcessor {
 public:
  static Result<std::unique_ptr<InputProcessor>> Make(const IngestOptions& options);
  ~InputProcessor();

  ProcessedInput Process(const ingest::SourceItem& item) const;

 private:
  InputProcessor() = default;
  Status ProcessDocument(ingest::Document doc, ProcessedDoc* out) const;

  const ingest::ParserOptions* parser_options_ = nullptr;
  std::unique_ptr<process::MinHasher> minhash_;  // null when near-dedup is off
  int64_t minhash_min_words_ = 0;
  std::unique_ptr<process::Tokenizer> tokenizer_;
  std::unique_ptr<process::Chunker> chunker_;
  std::unique_ptr<process::PiiDetector> pii_;
};

/// The JSON array of `findings` that overlap [begin, end), with offsets relative to `begin`.
std::string PiiJson(const std::vector<process::PiiFinding>& findings, int64_t begin, int64_t end);

}  // namespace strata::pipeline
