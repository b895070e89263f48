// EmbedJob: keep the embeddings table in step with the chunks table for one model (DESIGN §6).
//
// Each run compares the chunk ids of the latest chunks version with the ids embedded for the
// model: chunks without a vector are embedded (in batches, through the embedding cache) and
// appended; vectors whose chunk is gone are deleted — after their (content hash → vector)
// pairs seeded the cache, so a chunk that only moved (an edit earlier in its document shifts
// ordinals and so chunk ids) is not embedded again. The text of missing chunks is read only from
// the chunks files added since the version the last run covered (recorded as the Delta txn
// "strata-embed:<model>" on the embeddings table), falling back to every file when a missing
// chunk is not there. Idempotent: a run cut short by a crash leaves whole commits behind and the
// next run embeds only what is still missing.
// Thread-safety: one job per (workspace, model) at a time; commits are safe against others.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"
#include "embed/embedder.h"
#include "table/table.h"

namespace strata::embed {
class EmbeddingCache;
}

namespace strata::pipeline {

struct EmbedOptions {
  int batch = 256;              // texts per Embed call
  int64_t commit_rows = 20000;  // rows per embeddings commit
  std::string run_id;
  embed::EmbeddingCache* cache = nullptr;  // null: a job-local cache
};

struct EmbedSummary {
  std::string model;
  int64_t chunks = 0;     // live chunks at the version covered
  int64_t embedded = 0;   // vectors computed by the model
  int64_t reused = 0;     // vectors taken from the cache
  int64_t removed = 0;    // vectors of chunks that are gone
  int64_t commits = 0;
  int64_t version = -1;   // chunks version covered
  double seconds = 0;
};

Result<EmbedSummary> RunEmbed(const embed::Embedder& embedder, const table::Table& chunks,
                              table::Table& embeddings, const EmbedOptions& options);

}  // namespace strata::pipeline
