#include "index/index_build.h"

#include <algorithm>

#include <chrono>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/hash.h"

namespace strata::index {
namespace {

constexpr char kTableRoot[] = "tables/";

// v<N>/ for text builds; v<N>-e<E>/ for vector builds, E the embeddings version read, so that
// embeddings that arrive later for the same chunks version make a newer build.
std::string BuildDir(const std::string& name, int64_t version, int64_t embeddings_version) {
  std::string dir = IndexBuild::Root(name) + "v" + std::to_string(version);
  if (embeddings_version >= 0) dir += "-e" + std::to_string(embeddings_version);
  return dir + "/";
}

// Parses "v<N>" or "v<N>-e<E>"; false otherwise.
bool ParseBuildDir(std::string_view dir, int64_t* version, int64_t* embeddings_version) {
  auto number = [](std::string_view digits, int64_t* out) {
    if (digits.empty() || digits.size() > 18 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return false;
    }
    *out = std::stoll(std::string(digits));
    return true;
  };
  if (dir.size() < 2 || dir[0] != 'v') return false;
  dir.remove_prefix(1);
  size_t dash = dir.find("-e");
  *embeddings_version = -1;
  if (dash == std::string_view::npos) return number(dir, version);
  return number(dir.substr(0, dash), version) &&
         number(dir.substr(dash + 2), embeddings_version);
}

// Paths of the files of `table` at `version` (empty for version < 0).
Result<std::unordered_set<std::string>> FilesAt(const table::Table& table, int64_t version) {
  std::unordered_set<std::string> paths;
  if (version < 0) return paths;
  STRATA_ASSIGN_OR_RETURN(auto snapshot, table.At({version, std::nullopt}));
  for (const auto& f : snapshot->files()) paths.insert(f.path);
  return paths;
}

}  // namespace

void NameIndex(IndexDefinition* d) {
  if (d->kind == IndexDefinition::Kind::kText) {
    const TextIndexOptions& o = d->text;
    std::string params = "k1=" + std::to_string(o.k1) + ";b=" + std::to_string(o.b) +
                         ";stemmer=" + o.stemmer + ";stopwords=" + std::to_string(o.stopwords);
    d->name = "text-" + Sha256Hex(params).substr(0, 8);
    return;
  }
  const VectorIndexOptions& o = d->vector;
  std::string params = d->model + ";kind=" + o.kind + ";metric=" +
                       std::string(MetricName(o.metric)) + ";m=" + std::to_string(o.m) +
                       ";efc=" + std::to_string(o.ef_construction) +
                       ";int8=" + std::to_string(o.int8);
  std::string slug;
  for (char c : d->model) {
    bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    if (slug.size() < 40) slug += keep ? c : '-';
  }
  d->name = "vector-" + slug + "-" + Sha256Hex(params).substr(0, 8);
}

std::string IndexBuild::Root(const std::string& name) { return "indexes/chunks/" + name + "/"; }

Result<std::unique_ptr<IndexBuild>> IndexBuild::Create(const IndexDefinition& definition) {
  std::unique_ptr<IndexBuild> build(new IndexBuild(definition));
  if (definition.kind == IndexDefinition::Kind::kText) {
    STRATA_ASSIGN_OR_RETURN(build->text_, TextIndex::Create(definition.text));
  } else {
    STRATA_ASSIGN_OR_RETURN(build->vector_, VectorIndex::Create(definition.vector));
  }
  return build;
}

Result<std::vector<std::pair<int64_t, int64_t>>> IndexBuild::Versions(io::ObjectStore& store,
                                                                     const std::string& name) {
  std::string root = Root(name);
  STRATA_ASSIGN_OR_RETURN(auto objects, store.List(root));
  std::vector<std::pair<int64_t, int64_t>> versions;
  for (const auto& o : objects) {
    std::string_view rest = std::string_view(o.path).substr(root.size());
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos || rest.substr(slash + 1) != "MANIFEST.json") continue;
    int64_t version = -1, embeddings_version = -1;
    if (ParseBuildDir(rest.substr(0, slash), &version, &embeddings_version)) {
      versions.emplace_back(version, embeddings_version);
    }
  }
  std::sort(versions.begin(), versions.end());
  return versions;
}

Result<std::unique_ptr<IndexBuild>> IndexBuild::Load(io::ObjectStore& store,
                                                     const std::string& name, int64_t version) {
  STRATA_ASSIGN_OR_RETURN(auto versions, Versions(store, name));
  std::pair<int64_t, int64_t> chosen{-1, -1};
  for (const auto& v : versions) {
    if (version < 0 || v.first <= version) chosen = v;
  }
  if (chosen.first < 0) {
    return Status::NotFound("index " + name + ": no build" +
                            (version >= 0 ? " at or below version " + std::to_string(version)
                                          : std::string()));
  }
  std::string dir = BuildDir(name, chosen.first, chosen.second);
  STRATA_ASSIGN_OR_RETURN(auto manifest_bytes, store.Get(dir + "MANIFEST.json"));
  auto manifest = nlohmann::json::parse(manifest_bytes->view(), nullptr, false);
  if (!manifest.is_object() || !manifest.contains("kind") || !manifest.contains("version")) {
    return Status::Corruption(dir + "MANIFEST.json: not a Strata index manifest");
  }
  IndexDefinition definition;
  definition.name = name;
  std::string kind = manifest.value("kind", "");
  if (kind == "text") {
    definition.kind = IndexDefinition::Kind::kText;
  } else if (kind == "vector") {
    definition.kind = IndexDefinition::Kind::kVector;
  } else {
    return Status::Corruption(dir + "MANIFEST.json: unknown kind '" + kind + "'");
  }
  definition.embedder = manifest.value("embedder", "");
  definition.model = manifest.value("model", "");
  std::unique_ptr<IndexBuild> build(new IndexBuild(std::move(definition)));
  build->version_ = manifest.value("version", int64_t{-1});
  build->embeddings_version_ = manifest.value("embeddings_version", int64_t{-1});
  if (build->definition_.kind == IndexDefinition::Kind::kText) {
    STRATA_ASSIGN_OR_RETURN(build->text_, TextIndex::Load(store, dir + "index"));
    build->definition_.text = build->text_->options();
  } else {
    STRATA_ASSIGN_OR_RETURN(build->vector_, VectorIndex::Load(store, dir + "index"));
    build->definition_.vector = build->vector_->options();
  }
  STRATA_ASSIGN_OR_RETURN(auto rows, store.Get(dir + "rows"));
  std::string_view text = rows->view();
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    bool removed = !line.empty() && line[0] == '-';
    if (removed) line.remove_prefix(1);
    uint32_t row = static_cast<uint32_t>(build->chunk_ids_.size());
    build->chunk_ids_.emplace_back(line);
    build->removed_.push_back(removed);
    if (!removed) {
      build->live_rows_.emplace(build->chunk_ids_.back(), row);
      ++build->live_;
    }
  }
  uint32_t indexed = build->text_ ? build->text_->size() : build->vector_->size();
  if (indexed != build->chunk_ids_.size()) {
    return Status::Corruption(dir + "rows: " + std::to_string(build->chunk_ids_.size()) +
                              " rows but the index holds " + std::to_string(indexed));
  }
  return build;
}

Status IndexBuild::SyncTo(const ChunkCatalog& catalog, const table::Table& chunks,
                          const table::Table* embeddings, SyncStats* stats) {
  auto start = std::chrono::steady_clock::now();
  SyncStats local;
  if (!stats) stats = &local;
  for (uint32_t row = 0; row < chunk_ids_.size(); ++row) {
    if (removed_[row] || catalog.Find(chunk_ids_[row]) >= 0) continue;
    if (text_) STRATA_RETURN_IF_ERROR(text_->Remove(row));
    if (vector_) STRATA_RETURN_IF_ERROR(vector_->Remove(row));
    removed_[row] = 1;
    live_rows_.erase(chunk_ids_[row]);
    --live_;
    ++stats->removed;
  }
  std::vector<uint32_t> fresh;  // catalog rows not in the build
  for (uint32_t i = 0; i < catalog.size(); ++i) {
    if (!live_rows_.count(catalog.chunk_id(i))) fresh.push_back(i);
  }
  if (!fresh.empty()) {
    if (text_) {
      STRATA_RETURN_IF_ERROR(AddText(catalog, chunks, fresh, stats));
    } else {
      if (!embeddings) return Status::InvalidArgument("vector index sync needs the embeddings table");
      STRATA_RETURN_IF_ERROR(AddVectors(catalog, *embeddings, fresh, stats));
    }
  } else if (vector_ && embeddings) {
    STRATA_ASSIGN_OR_RETURN(auto latest, embeddings->Latest());
    embeddings_version_ = latest->version();
  }
  version_ = catalog.version();
  stats->seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Status::OK();
}

Status IndexBuild::AddText(const ChunkCatalog& catalog, const table::Table& chunks,
                           const std::vector<uint32_t>& fresh, SyncStats* stats) {
  std::unordered_map<std::string_view, size_t> wanted;
  for (size_t i = 0; i < fresh.size(); ++i) wanted.emplace(catalog.chunk_id(fresh[i]), i);
  std::vector<std::string> texts(fresh.size());
  std::vector<uint8_t> found(fresh.size(), 0);
  size_t missing = fresh.size();
  // First the files added since this build's version; then, if some chunk was not there (a
  // file rewritten by a delete keeps old chunks under a new name), every file.
  for (int pass = 0; pass < 2 && missing > 0; ++pass) {
    std::unordered_set<std::string> old_files;
    if (pass == 0) {
      STRATA_ASSIGN_OR_RETURN(old_files, FilesAt(chunks, version_));
    }
    table::ScanOptions scan;
    scan.columns = {"chunk_id", "text"};
    scan.at.version = catalog.version();
    if (pass == 0) {
      scan.file_filter = [&](const table::AddFile& f) { return !old_files.count(f.path); };
    }
    STRATA_ASSIGN_OR_RETURN(table::ScanResult r, chunks.Scan(scan));
    const format::Column& ids = r.batch.column("chunk_id");
    const format::Column& text = r.batch.column("text");
    for (int64_t j = 0; j < r.batch.num_rows; ++j) {
      auto it = wanted.find(ids.binary(j));
      if (it == wanted.end() || found[it->second]) continue;
      found[it->second] = 1;
      --missing;
      if (text.IsValid(j)) texts[it->second] = std::string(text.binary(j));
    }
  }
  std::vector<std::string_view> views;
  views.reserve(fresh.size());
  for (size_t i = 0; i < fresh.size(); ++i) {
    uint32_t row = static_cast<uint32_t>(chunk_ids_.size());
    chunk_ids_.push_back(catalog.chunk_id(fresh[i]));
    removed_.push_back(0);
    live_rows_.emplace(chunk_ids_.back(), row);
    ++live_;
    views.push_back(texts[i]);
  }
  STRATA_RETURN_IF_ERROR(text_->Add(views));
  stats->added += static_cast<int64_t>(fresh.size());
  return Status::OK();
}

Status IndexBuild::AddVectors(const ChunkCatalog& catalog, const table::Table& embeddings,
                              const std::vector<uint32_t>& fresh, SyncStats* stats) {
  std::unordered_map<std::string_view, size_t> wanted;
  for (size_t i = 0; i < fresh.size(); ++i) wanted.emplace(catalog.chunk_id(fresh[i]), i);
  STRATA_ASSIGN_OR_RETURN(auto latest, embeddings.Latest());
  STRATA_ASSIGN_OR_RETURN(auto old_files, FilesAt(embeddings, embeddings_version_));
  table::ScanOptions scan;
  scan.columns = {"chunk_id", "vector"};
  scan.at.version = latest->version();
  scan.predicate = format::Predicate::Compare(format::Predicate::Op::kEq, "model",
                                              definition_.model);
  scan.file_filter = [&](const table::AddFile& f) { return !old_files.count(f.path); };
  STRATA_ASSIGN_OR_RETURN(table::ScanResult r, embeddings.Scan(scan));
  const int dim = definition_.vector.dimension;
  const format::Column& ids = r.batch.column("chunk_id");
  const format::Column& vectors = r.batch.column("vector");
  const float* values = vectors.num_children() ? vectors.child(0).values<float>().data() : nullptr;
  std::vector<int64_t> source_row(fresh.size(), -1);
  for (int64_t j = 0; j < r.batch.num_rows; ++j) {
    auto it = wanted.find(ids.binary(j));
    if (it == wanted.end()) continue;
    auto [b, e] = vectors.list_range(j);
    if (e - b != dim) {
      return Status::Corruption("embeddings row for chunk " + std::string(ids.binary(j)) +
                                " has " + std::to_string(e - b) + " values; index " +
                                definition_.name + " expects " + std::to_string(dim));
    }
    source_row[it->second] = b;
  }
  std::vector<float> batch;
  for (size_t i = 0; i < fresh.size(); ++i) {
    if (source_row[i] < 0) {
      ++stats->pending;
      continue;
    }
    batch.insert(batch.end(), values + source_row[i], values + source_row[i] + dim);
    uint32_t row = static_cast<uint32_t>(chunk_ids_.size());
    chunk_ids_.push_back(catalog.chunk_id(fresh[i]));
    removed_.push_back(0);
    live_rows_.emplace(chunk_ids_.back(), row);
    ++live_;
    ++stats->added;
  }
  if (!batch.empty()) STRATA_RETURN_IF_ERROR(vector_->Add(batch.data(), batch.size() / dim));
  embeddings_version_ = latest->version();
  return Status::OK();
}

Status IndexBuild::Save(io::ObjectStore& store) const {
  std::string dir =
      BuildDir(definition_.name, version_, vector_ ? std::max<int64_t>(embeddings_version_, 0) : -1);
  if (store.Head(dir + "MANIFEST.json").ok()) return Status::OK();
  if (text_) {
    STRATA_RETURN_IF_ERROR(text_->Save(store, dir + "index"));
  } else {
    STRATA_RETURN_IF_ERROR(vector_->Save(store, dir + "index"));
  }
  std::string rows;
  for (size_t i = 0; i < chunk_ids_.size(); ++i) {
    if (removed_[i]) rows += '-';
    rows += chunk_ids_[i];
    rows += '\n';
  }
  if (!rows.empty()) rows.pop_back();
  STRATA_RETURN_IF_ERROR(store.Put(dir + "rows", rows));
  nlohmann::json manifest = {
      {"format", 1},
      {"name", definition_.name},
      {"kind", text_ ? "text" : "vector"},
      {"table", "chunks"},
      {"version", version_},
      {"rows", chunk_ids_.size()},
      {"live", live_},
      {"created_at", FormatTimestampMicros(NowMicros())},
  };
  if (text_) {
    const auto& o = text_->options();
    manifest["params"] = {{"k1", o.k1}, {"b", o.b}, {"stemmer", o.stemmer},
                          {"stopwords", o.stopwords}};
  } else {
    const auto& o = vector_->options();
    manifest["embeddings_version"] = embeddings_version_;
    manifest["embedder"] = definition_.embedder;
    manifest["model"] = definition_.model;
    manifest["params"] = {{"kind", o.kind}, {"metric", MetricName(o.metric)},
                          {"dimension", o.dimension}, {"m", o.m},
                          {"ef_construction", o.ef_construction}, {"ef_search", o.ef_search},
                          {"int8", o.int8}};
  }
  Status put = store.PutIfAbsent(dir + "MANIFEST.json", manifest.dump(2));
  if (put.IsAlreadyExists()) return Status::OK();
  return put;
}

std::vector<int64_t> IndexBuild::CatalogRows(const ChunkCatalog& catalog) const {
  std::vector<int64_t> out(chunk_ids_.size(), -1);
  for (uint32_t row = 0; row < chunk_ids_.size(); ++row) {
    if (!removed_[row]) out[row] = catalog.Find(chunk_ids_[row]);
  }
  return out;
}

}  // namespace strata::index
