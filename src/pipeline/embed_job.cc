#include "pipeline/embed_job.h"

#include <chrono>
#include <unordered_map>
#include <unordered_set>

#include "embed/embedding_cache.h"
#include "pipeline/row_batch.h"

namespace strata::pipeline {
namespace {

std::string_view Text(const format::Column& column, int64_t i) {
  return column.IsValid(i) ? column.binary(i) : std::string_view();
}

format::Predicate ModelIs(const std::string& model) {
  return format::Predicate::Compare(format::Predicate::Op::kEq, "model", model);
}

struct Pending {
  std::string chunk_id;
  std::string content_hash;
  std::string text;
};

}  // namespace

Result<EmbedSummary> RunEmbed(const embed::Embedder& embedder, const table::Table& chunks,
                              table::Table& embeddings, const EmbedOptions& options) {
  auto start = std::chrono::steady_clock::now();
  EmbedSummary summary;
  summary.model = embedder.model_id();
  const std::string app_id = "strata-embed:" + summary.model;
  embed::EmbeddingCache local_cache(256ll << 20);
  embed::EmbeddingCache* cache = options.cache ? options.cache : &local_cache;

  STRATA_ASSIGN_OR_RETURN(auto chunk_snapshot, chunks.Latest());
  STRATA_ASSIGN_OR_RETURN(auto embed_snapshot, embeddings.Latest());
  if (embed_snapshot->schema().IndexOf("content_hash") < 0) {  // a workspace from before the cache
    STRATA_RETURN_IF_ERROR(embeddings.AddColumns({{"content_hash", format::String(), true}}).status());
    STRATA_ASSIGN_OR_RETURN(embed_snapshot, embeddings.Latest());
  }
  summary.version = chunk_snapshot->version();
  int64_t covered = embed_snapshot->AppVersion(app_id).value_or(-1);

  table::ScanOptions ids_scan;
  ids_scan.columns = {"chunk_id"};
  ids_scan.at.version = summary.version;
  STRATA_ASSIGN_OR_RETURN(table::ScanResult live, chunks.Scan(ids_scan));
  std::unordered_set<std::string> live_ids;
  for (int64_t i = 0; i < live.batch.num_rows; ++i) live_ids.emplace(live.batch.columns[0].binary(i));
  summary.chunks = static_cast<int64_t>(live_ids.size());

  table::ScanOptions have_scan;
  have_scan.columns = {"chunk_id"};
  have_scan.predicate = ModelIs(summary.model);
  have_scan.at.version = embed_snapshot->version();
  STRATA_ASSIGN_OR_RETURN(table::ScanResult have, embeddings.Scan(have_scan));
  std::unordered_set<std::string> embedded;
  std::vector<std::string> orphans;
  for (int64_t i = 0; i < have.batch.num_rows; ++i) {
    std::string id(have.batch.columns[0].binary(i));
    if (!live_ids.count(id)) orphans.push_back(id);
    embedded.insert(std::move(id));
  }

  // Vectors of chunks that are gone seed the cache, then leave the table.
  if (!orphans.empty()) {
    table::ScanOptions scan;
    scan.columns = {"content_hash", "vector"};
    scan.predicate = format::Predicate::And({ModelIs(summary.model), format::Predicate::In("chunk_id", orphans)});
    scan.at.version = embed_snapshot->version();
    STRATA_ASSIGN_OR_RETURN(table::ScanResult old, embeddings.Scan(scan));
    const format::Column& hashes = old.batch.column("content_hash");
    const format::Column& vectors = old.batch.column("vector");
    for (int64_t i = 0; i < old.batch.num_rows; ++i) {
      if (!hashes.IsValid(i)) continue;
      auto [b, e] = vectors.list_range(i);
      const float* v = vectors.child(0).values<float>().data() + b;
      cache->Insert(summary.model, hashes.binary(i), std::span<const float>(v, e - b));
    }
    STRATA_ASSIGN_OR_RETURN(table::DeleteResult deleted,
                            embeddings.Delete(format::Predicate::And(
                                {ModelIs(summary.model), format::Predicate::In("chunk_id", orphans)})));
    summary.removed = deleted.rows_deleted;
    summary.commits += deleted.version >= 0 && deleted.rows_deleted > 0;
  }

  std::unordered_set<std::string> missing;
  for (const std::string& id : live_ids) {
    if (!embedded.count(id)) missing.insert(id);
  }
  std::vector<Pending> pending;
  for (int pass = 0; pass < 2 && pending.size() < missing.size(); ++pass) {
    std::unordered_set<std::string> old_files;
    if (pass == 0 && covered >= 0 && covered <= summary.version) {
      STRATA_ASSIGN_OR_RETURN(auto old, chunks.At({covered, std::nullopt}));
      for (const auto& f : old->files()) old_files.insert(f.path);
    }
    std::unordered_set<std::string> seen;
    for (const auto& p : pending) seen.insert(p.chunk_id);
    table::ScanOptions scan;
    scan.columns = {"chunk_id", "content_hash", "text"};
    scan.at.version = summary.version;
    if (!old_files.empty()) {
      scan.file_filter = [&](const table::AddFile& f) { return !old_files.count(f.path); };
    }
    STRATA_ASSIGN_OR_RETURN(table::ScanResult rows, chunks.Scan(scan));
    const auto& ids = rows.batch.column("chunk_id");
    const auto& hashes = rows.batch.column("content_hash");
    const auto& texts = rows.batch.column("text");
    for (int64_t i = 0; i < rows.batch.num_rows; ++i) {
      std::string id(ids.binary(i));
      if (!missing.count(id) || seen.count(id)) continue;
      seen.insert(id);
      pending.push_back({std::move(id), std::string(Text(hashes, i)), std::string(Text(texts, i))});
    }
    if (old_files.empty()) break;  // that pass read every file
  }

  const int dim = embedder.dimension();
  STRATA_ASSIGN_OR_RETURN(auto schema_snapshot, embeddings.Latest());
  RowBatchBuilder builder(schema_snapshot->schema());
  std::vector<float> vectors;
  auto commit = [&](bool last) -> Status {
    if (builder.num_rows() == 0) return Status::OK();
    STRATA_ASSIGN_OR_RETURN(format::RecordBatch batch, builder.Finish());
    table::AppendOptions append;
    if (last) {
      append.app_id = app_id;
      append.txn_version = summary.version;
    }
    STRATA_ASSIGN_OR_RETURN(table::AppendResult r, embeddings.Append({batch}, append));
    summary.commits += !r.skipped;
    return Status::OK();
  };
  for (size_t begin = 0; begin < pending.size(); begin += options.batch) {
    size_t end = std::min(pending.size(), begin + size_t(options.batch));
    std::vector<std::string_view> texts, hashes;
    for (size_t i = begin; i < end; ++i) {
      texts.push_back(pending[i].text);
      hashes.push_back(pending[i].content_hash);
    }
    embed::CacheStats stats;
    STRATA_RETURN_IF_ERROR(
        embed::EmbedWithCache(embedder, cache, texts, hashes, &vectors, &stats, options.batch));
    summary.embedded += stats.embedded;
    summary.reused += stats.hits + (stats.misses - stats.embedded);
    for (size_t i = begin; i < end; ++i) {
      const float* v = vectors.data() + (i - begin) * dim;
      builder.StartRow();
      builder.Set("chunk_id", pending[i].chunk_id);
      builder.Set("model", summary.model);
      builder.Set("vector", std::vector<float>(v, v + dim));
      builder.Set("dim", int64_t{dim});
      builder.Set("content_hash", pending[i].content_hash);
      builder.Set("run_id", options.run_id);
    }
    if (builder.num_rows() >= options.commit_rows) STRATA_RETURN_IF_ERROR(commit(false));
  }
  STRATA_RETURN_IF_ERROR(commit(true));
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace strata::pipeline
