// Retrieval evaluation: load a judged collection into a workspace through the normal ingest →
// embed → index path, run its queries in each search mode and score the rankings
// (index/eval/metrics.h). `strata eval` prints the report; users evaluate their own
// retrieval settings (strata.yaml `embed:`/`index:`/`search:`) with it.
//
// Documents become JSONL rows ("{title}\n\n{text}", source "eval") and are chunked like any
// other; a document's score is its best chunk's, and rankings keep the first 100 documents.
// As BEIR does, a document whose id equals the query id is left out of that query's ranking.
// Thread-safety: one evaluation per workspace folder.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "index/eval/datasets.h"
#include "index/eval/metrics.h"
#include "index/searcher.h"

namespace strata::workspace {

struct EvalOptions {
  std::string workspace;  // folder to load into; it must not hold a workspace yet
  std::vector<index::SearchMode> modes = {index::SearchMode::kText, index::SearchMode::kVector,
                                          index::SearchMode::kHybrid};
  index::RetrievalConfig config;
  int depth = 100;        // documents ranked per query
};

struct EvalModeResult {
  index::SearchMode mode = index::SearchMode::kHybrid;
  index::QualityReport quality;
  double queries_per_second = 0;
};

struct EvalReport {
  std::string dataset;
  int64_t documents = 0;
  int64_t chunks = 0;
  int64_t queries = 0;
  double load_seconds = 0;  // ingest + embed + index
  std::vector<EvalModeResult> modes;
};

Result<EvalReport> RunEvaluation(const index::EvalSet& set, const EvalOptions& options);

}  // namespace strata::workspace
