#include "index/searcher.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "table/row_selection.h"

namespace strata::index {
namespace {

Result<std::unique_ptr<IndexBuild>> LoadOrCreate(io::ObjectStore& store,
                                                 const IndexDefinition& definition,
                                                 int64_t version) {
  auto loaded = IndexBuild::Load(store, definition.name, version);
  if (loaded.ok() || !loaded.status().IsNotFound()) return loaded;
  return IndexBuild::Create(definition);
}

// An allow-set over an index's row ids from a mask over catalog rows.
AllowSet AllowFor(const std::vector<int64_t>& rows, const std::vector<uint8_t>& mask) {
  AllowSet allow(static_cast<uint32_t>(rows.size()));
  for (uint32_t r = 0; r < rows.size(); ++r) {
    if (rows[r] >= 0 && mask[rows[r]]) allow.Add(r);
  }
  return allow;
}

double Similarity(Metric metric, float distance) {
  return metric == Metric::kCosine ? 1.0 - distance : -double(distance);
}

}  // namespace

std::vector<IndexDefinition> IndexDefinitions(const RetrievalConfig& config,
                                              const embed::Embedder& embedder) {
  IndexDefinition text;
  text.kind = IndexDefinition::Kind::kText;
  text.text = config.text;
  NameIndex(&text);
  IndexDefinition vector;
  vector.kind = IndexDefinition::Kind::kVector;
  vector.vector = config.vector;
  vector.vector.dimension = embedder.dimension();
  vector.embedder = config.embedder;
  vector.model = embedder.model_id();
  NameIndex(&vector);
  return {text, vector};
}

Result<SearchMode> ParseSearchMode(std::string_view name) {
  if (name == "hybrid") return SearchMode::kHybrid;
  if (name == "vector") return SearchMode::kVector;
  if (name == "text") return SearchMode::kText;
  return Status::InvalidArgument("unknown search mode '" + std::string(name) +
                                 "' (expected hybrid, vector or text)");
}

std::string_view SearchModeName(SearchMode mode) {
  switch (mode) {
    case SearchMode::kHybrid: return "hybrid";
    case SearchMode::kVector: return "vector";
    case SearchMode::kText: return "text";
  }
  return "hybrid";
}

SearchSession::~SearchSession() = default;

Result<std::unique_ptr<SearchSession>> SearchSession::Open(std::shared_ptr<io::ObjectStore> store,
                                                           const RetrievalConfig& config,
                                                           int64_t version) {
  std::unique_ptr<SearchSession> s(new SearchSession());
  s->store_ = store;
  s->config_ = config;
  STRATA_ASSIGN_OR_RETURN(s->chunks_, table::Table::Open(store, "tables/chunks"));
  STRATA_ASSIGN_OR_RETURN(s->documents_, table::Table::Open(store, "tables/documents"));
  STRATA_ASSIGN_OR_RETURN(s->embeddings_, table::Table::Open(store, "tables/embeddings"));
  STRATA_ASSIGN_OR_RETURN(s->catalog_, ChunkCatalog::Load(*s->chunks_, version));
  STRATA_ASSIGN_OR_RETURN(s->embedder_, embed::MakeEmbedder(config.embedder));
  std::vector<IndexDefinition> definitions = IndexDefinitions(config, *s->embedder_);
  const int64_t at = s->catalog_.version();
  s->info_.version = at;
  s->info_.model = s->embedder_->model_id();

  STRATA_ASSIGN_OR_RETURN(s->text_, LoadOrCreate(*store, definitions[0], at));
  s->info_.text_build = s->text_->version();
  if (s->text_->version() != at) {
    STRATA_RETURN_IF_ERROR(s->text_->SyncTo(s->catalog_, *s->chunks_, nullptr, &s->info_.text_sync));
  }
  STRATA_ASSIGN_OR_RETURN(s->vector_, LoadOrCreate(*store, definitions[1], at));
  s->info_.vector_build = s->vector_->version();
  if (s->vector_->version() != at) {
    STRATA_RETURN_IF_ERROR(s->vector_->SyncTo(s->catalog_, *s->chunks_, s->embeddings_.get(),
                                              &s->info_.vector_sync));
  }
  s->text_rows_ = s->text_->CatalogRows(s->catalog_);
  s->vector_rows_ = s->vector_->CatalogRows(s->catalog_);
  return s;
}

Result<std::vector<uint8_t>> SearchSession::AllowedRows(const SearchRequest& request) const {
  std::vector<uint8_t> mask = catalog_.Visible(request.principal);
  if (!request.filter.empty()) {
    STRATA_ASSIGN_OR_RETURN(format::Predicate filter, format::Predicate::Parse(request.filter));
    STRATA_ASSIGN_OR_RETURN(std::vector<uint8_t> match,
                            catalog_.Evaluate(filter, *chunks_, *documents_));
    for (size_t i = 0; i < mask.size(); ++i) mask[i] &= match[i];
  }
  return mask;
}

Result<SearchResponse> SearchSession::Search(const SearchRequest& request) const {
  auto start = std::chrono::steady_clock::now();
  if (request.k <= 0) return Status::InvalidArgument("search: k must be positive");
  SearchResponse response;
  response.version = catalog_.version();
  response.mode = request.mode;

  bool restricted = !request.principal.unrestricted || !request.filter.empty();
  std::vector<uint8_t> mask;
  if (restricted) {
    STRATA_ASSIGN_OR_RETURN(mask, AllowedRows(request));
  }
  const bool hybrid = request.mode == SearchMode::kHybrid;
  const int depth = hybrid ? std::max(request.k, config_.candidates) : request.k;

  RankedList text_list, vector_list;
  text_list.weight = config_.text_weight;
  vector_list.weight = config_.vector_weight;
  if (request.mode != SearchMode::kVector) {
    AllowSet allow;
    if (restricted) allow = AllowFor(text_rows_, mask);
    TextSearchOptions options;
    options.k = depth;
    options.allow = restricted ? &allow : nullptr;
    STRATA_ASSIGN_OR_RETURN(auto hits, text_->text()->Search(request.query, options));
    for (const Scored& h : hits) {
      if (text_rows_[h.id] < 0) continue;
      text_list.ids.push_back(static_cast<uint32_t>(text_rows_[h.id]));
      text_list.scores.push_back(h.score);
    }
  }
  if (request.mode != SearchMode::kText && vector_->vector()->live() > 0) {
    std::vector<float> query;
    std::string_view text = request.query;
    STRATA_RETURN_IF_ERROR(embedder_->Embed({&text, 1}, &query));
    AllowSet allow;
    if (restricted) allow = AllowFor(vector_rows_, mask);
    VectorSearchOptions options;
    options.k = depth;
    options.ef_search = request.ef_search;
    options.allow = restricted ? &allow : nullptr;
    STRATA_ASSIGN_OR_RETURN(auto hits, vector_->vector()->Search(query.data(), options));
    Metric metric = vector_->vector()->options().metric;
    for (const Neighbor& h : hits) {
      if (vector_rows_[h.id] < 0) continue;
      vector_list.ids.push_back(static_cast<uint32_t>(vector_rows_[h.id]));
      vector_list.scores.push_back(static_cast<float>(Similarity(metric, h.distance)));
    }
  }

  std::unordered_map<uint32_t, int> text_rank, vector_rank;
  for (size_t i = 0; i < text_list.ids.size(); ++i) text_rank.emplace(text_list.ids[i], int(i) + 1);
  for (size_t i = 0; i < vector_list.ids.size(); ++i) {
    vector_rank.emplace(vector_list.ids[i], int(i) + 1);
  }
  std::vector<Fused> ranked;
  if (hybrid) {
    ranked = Fuse({text_list, vector_list}, config_.fusion, request.k);
  } else {
    const RankedList& only = request.mode == SearchMode::kText ? text_list : vector_list;
    for (size_t i = 0; i < only.ids.size() && int(i) < request.k; ++i) {
      ranked.push_back({only.ids[i], only.scores[i]});
    }
  }
  for (const Fused& f : ranked) {
    SearchHit hit;
    hit.chunk_id = catalog_.chunk_id(f.id);
    hit.doc_id = catalog_.doc_id(f.id);
    hit.score = f.score;
    auto t = text_rank.find(f.id);
    hit.text_rank = t == text_rank.end() ? 0 : t->second;
    auto v = vector_rank.find(f.id);
    hit.vector_rank = v == vector_rank.end() ? 0 : v->second;
    response.hits.push_back(std::move(hit));
  }
  if (request.fetch && !response.hits.empty()) STRATA_RETURN_IF_ERROR(Fetch(&response.hits));
  response.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return response;
}

Status SearchSession::Fetch(std::vector<SearchHit>* hits) const {
  std::vector<std::string> chunk_ids, doc_ids;
  for (const auto& h : *hits) {
    chunk_ids.push_back(h.chunk_id);
    doc_ids.push_back(h.doc_id);
  }
  table::ScanOptions scan;
  scan.columns = {"chunk_id", "text", "section", "page"};
  scan.at.version = catalog_.version();
  scan.predicate = format::Predicate::In("chunk_id", chunk_ids);
  STRATA_ASSIGN_OR_RETURN(table::ScanResult chunks, chunks_->Scan(scan));
  std::unordered_map<std::string, int64_t> chunk_row;
  const auto& b = chunks.batch;
  for (int64_t i = 0; i < b.num_rows; ++i) chunk_row.emplace(b.columns[0].binary(i), i);

  table::ScanOptions doc_scan;
  doc_scan.columns = {"doc_id", "uri", "title"};
  doc_scan.predicate = format::Predicate::In("doc_id", doc_ids);
  STRATA_ASSIGN_OR_RETURN(table::ScanResult docs, documents_->Scan(doc_scan));
  std::unordered_map<std::string, int64_t> doc_row;
  const auto& d = docs.batch;
  for (int64_t i = 0; i < d.num_rows; ++i) doc_row.emplace(d.columns[0].binary(i), i);

  for (SearchHit& h : *hits) {
    if (auto it = chunk_row.find(h.chunk_id); it != chunk_row.end()) {
      int64_t i = it->second;
      if (b.columns[1].IsValid(i)) h.text = std::string(b.columns[1].binary(i));
      if (b.columns[2].IsValid(i)) h.section = std::string(b.columns[2].binary(i));
      if (b.columns[3].IsValid(i)) h.page = b.columns[3].value<int32_t>(i);
    }
    if (auto it = doc_row.find(h.doc_id); it != doc_row.end()) {
      int64_t i = it->second;
      if (d.columns[1].IsValid(i)) h.uri = std::string(d.columns[1].binary(i));
      if (d.columns[2].IsValid(i)) h.title = std::string(d.columns[2].binary(i));
    }
  }
  return Status::OK();
}

}  // namespace strata::index
