// SearchSession: hybrid retrieval over one version of a workspace's chunks (DESIGN §7).
//
// A session pins a chunks table version, loads the newest text and vector index builds at or
// below it (bringing them to the version in memory when they are older), and then answers any
// number of searches. Filters and the principal's access labels become one allow-set per index
// before the retrievers run, so they act inside the search: k results come back whenever k
// visible matching chunks exist. Hybrid mode fuses the two ranked lists (fusion.h).
// Thread-safety: Search is const and safe from many threads once Open returned.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "embed/embedder.h"
#include "index/access.h"
#include "index/catalog.h"
#include "index/fusion.h"
#include "index/index_build.h"
#include "io/object_store.h"
#include "table/table.h"

namespace strata::index {

/// How a workspace embeds, indexes and fuses (strata.yaml `embed:`/`index:`/`search:`).
struct RetrievalConfig {
  // Porter stemming, as Anserini's default English analyzer: the published BEIR BM25 figures
  // are measured that way (docs/text-index.md).
  RetrievalConfig() { text.stemmer = "porter"; }

  std::string embedder = "hash";  // MakeEmbedder spec
  TextIndexOptions text;
  VectorIndexOptions vector;      // dimension comes from the embedder
  // Default fusion: min-max normalized weighted sum, text 1.0, vector 0.4 — on SciFact and
  // Cranfield it beats the better single retriever for vector weights 0.3-0.5, where equal-weight
  // RRF loses to BM25 (docs/retrieval.md).
  FusionOptions fusion{FusionMethod::kWeighted, 60};
  double text_weight = 1.0;       // fusion weights of the two lists
  double vector_weight = 0.4;
  int candidates = 100;           // depth of each list before fusion
};

/// The index definitions `config` implies for `embedder` (text, then vector).
std::vector<IndexDefinition> IndexDefinitions(const RetrievalConfig& config,
                                              const embed::Embedder& embedder);

enum class SearchMode { kHybrid, kVector, kText };
Result<SearchMode> ParseSearchMode(std::string_view name);
std::string_view SearchModeName(SearchMode mode);

struct SearchRequest {
  std::string query;
  int k = 10;
  SearchMode mode = SearchMode::kHybrid;
  std::string filter;                        // format::Predicate syntax; empty = none
  Principal principal = Principal::Owner();
  bool fetch = true;                         // read text, uri, section, page of the hits
  int ef_search = 0;                         // 0 = the index default
};

struct SearchHit {
  std::string chunk_id;
  std::string doc_id;
  double score = 0;
  int text_rank = 0;    // 1-based rank in the text list, 0 = absent
  int vector_rank = 0;  // 1-based rank in the vector list, 0 = absent
  std::string text;
  std::string uri;
  std::string title;
  std::string section;
  int32_t page = 0;
};

struct SearchResponse {
  std::vector<SearchHit> hits;
  int64_t version = -1;
  SearchMode mode = SearchMode::kHybrid;
  double took_ms = 0;
};

struct SessionInfo {
  int64_t version = -1;
  int64_t text_build = -1;    // version of the text build loaded (-1: none)
  int64_t vector_build = -1;  // version of the vector build loaded (-1: none)
  SyncStats text_sync;        // rows applied in memory on top of the builds
  SyncStats vector_sync;
  std::string model;
};

class SearchSession {
 public:
  /// Open the workspace tables in `store` at chunks `version` (-1: latest).
  static Result<std::unique_ptr<SearchSession>> Open(std::shared_ptr<io::ObjectStore> store,
                                                     const RetrievalConfig& config,
                                                     int64_t version);
  ~SearchSession();

  Result<SearchResponse> Search(const SearchRequest& request) const;
  const SessionInfo& info() const { return info_; }
  const ChunkCatalog& catalog() const { return catalog_; }

 private:
  SearchSession() = default;
  Result<std::vector<uint8_t>> AllowedRows(const SearchRequest& request) const;
  Status Fetch(std::vector<SearchHit>* hits) const;

  std::shared_ptr<io::ObjectStore> store_;
  RetrievalConfig config_;
  std::unique_ptr<table::Table> chunks_, documents_, embeddings_;
  ChunkCatalog catalog_;
  std::unique_ptr<embed::Embedder> embedder_;
  std::unique_ptr<IndexBuild> text_, vector_;
  std::vector<int64_t> text_rows_, vector_rows_;  // index row id -> catalog row
  SessionInfo info_;
};

}  // namespace strata::index
