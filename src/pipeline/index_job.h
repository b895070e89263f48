// IndexJob: bring the workspace's text and vector index builds to the latest chunks version
// (DESIGN §7). Each index starts from its newest build (or empty), applies the rows added and
// removed since (index_build.h) and is saved as the build of the new version; a build already
// at the latest version is left alone.
// Thread-safety: one job per workspace at a time; a concurrent builder of the same version is
// harmless (the first complete build wins).
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "index/searcher.h"

namespace strata::pipeline {

struct IndexSummary {
  std::string name;
  int64_t from_version = -1;  // the build it started from (-1: empty)
  int64_t version = -1;       // the build it saved (or found up to date)
  index::SyncStats stats;
  uint32_t live = 0;
  bool up_to_date = false;
};

Result<std::vector<IndexSummary>> RunIndex(io::ObjectStore& store,
                                           const index::RetrievalConfig& config,
                                           const embed::Embedder& embedder,
                                           const table::Table& chunks,
                                           const table::Table& embeddings);

}  // namespace strata::pipeline
