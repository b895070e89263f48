// IndexBuild: one persisted build of an index over the chunks table (DESIGN §3, §7).
//
// Layout: <ws>/indexes/chunks/<name>/v<N>/ (text) or v<N>-e<E>/ (vector, E = the embeddings
// version it read) holds the build covering chunks version N:
//   index/          the TextIndex or VectorIndex files (Save/Load of those classes)
//   rows            the chunk_id of each dense row id, one per line; "-" before a removed one
//   MANIFEST.json   written last: a build without it is incomplete and ignored
// Names: "text-<params hash>" for the BM25 index and "vector-<model slug>-<hash>" for the vector
// index of one embedding model and build parameters, so that changing the model or a build
// parameter builds a new index beside the old one (ef_search is a search-time setting and not
// part of the name).
//
// Incremental: SyncTo() brings a build to a newer (or, in memory, any) chunks version — rows
// whose chunk is gone are tombstoned; chunks that are new are added, their text read only from
// the chunks files added since the build's version and their vectors only from the embeddings
// files added since the build's embeddings version. A chunk without an embedding yet stays out
// of a vector build until a later sync finds one. Builds are immutable once saved, so a search
// at version N after later commits sees exactly what a search at N saw.
// Thread-safety: Sync/Save need exclusive access; searches through text()/vector() are const.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/result.h"
#include "index/allow_set.h"
#include "index/catalog.h"
#include "index/text/text_index.h"
#include "index/vector/vector_index.h"
#include "io/object_store.h"
#include "table/table.h"

namespace strata::index {

struct IndexDefinition {
  std::string name;  // see NameIndex
  enum class Kind { kText, kVector } kind = Kind::kText;
  TextIndexOptions text;
  VectorIndexOptions vector;  // dimension set from the embedder
  std::string embedder;       // vector: the embedder spec (MakeEmbedder)
  std::string model;          // vector: the embedder's model id (embeddings.model)
};

/// The name of the index `definition` describes (see above); fills definition->name.
void NameIndex(IndexDefinition* definition);

struct SyncStats {
  int64_t added = 0;
  int64_t removed = 0;
  int64_t pending = 0;  // vector: new chunks without an embedding yet
  double seconds = 0;
};

class IndexBuild {
 public:
  /// An empty build (version -1) of `definition`.
  static Result<std::unique_ptr<IndexBuild>> Create(const IndexDefinition& definition);
  /// The newest complete build at or below `version` (-1: newest); NotFound when none.
  static Result<std::unique_ptr<IndexBuild>> Load(io::ObjectStore& store, const std::string& name,
                                                 int64_t version);
  /// (chunks version, embeddings version or -1) of the complete builds of `name`, ascending.
  static Result<std::vector<std::pair<int64_t, int64_t>>> Versions(io::ObjectStore& store,
                                                                   const std::string& name);
  /// "indexes/chunks/<name>/".
  static std::string Root(const std::string& name);

  const IndexDefinition& definition() const { return definition_; }
  /// Chunks version covered; -1 for an empty build.
  int64_t version() const { return version_; }
  int64_t embeddings_version() const { return embeddings_version_; }
  uint32_t rows() const { return static_cast<uint32_t>(chunk_ids_.size()); }
  uint32_t live() const { return live_; }

  /// Bring the build to `catalog.version()` (see the header comment). `embeddings` is needed for
  /// vector builds.
  Status SyncTo(const ChunkCatalog& catalog, const table::Table& chunks,
                const table::Table* embeddings, SyncStats* stats);
  /// Write this build as v<version()>[-e<E>]; a no-op when that complete build exists.
  Status Save(io::ObjectStore& store) const;

  /// For each row id, the catalog row of its chunk (-1 when removed or not in the catalog).
  std::vector<int64_t> CatalogRows(const ChunkCatalog& catalog) const;

  const TextIndex* text() const { return text_.get(); }
  const VectorIndex* vector() const { return vector_.get(); }

 private:
  explicit IndexBuild(IndexDefinition definition) : definition_(std::move(definition)) {}
  Status AddText(const ChunkCatalog& catalog, const table::Table& chunks,
                 const std::vector<uint32_t>& fresh, SyncStats* stats);
  Status AddVectors(const ChunkCatalog& catalog, const table::Table& embeddings,
                    const std::vector<uint32_t>& fresh, SyncStats* stats);

  IndexDefinition definition_;
  int64_t version_ = -1;
  int64_t embeddings_version_ = -1;
  std::vector<std::string> chunk_ids_;  // per row id
  std::vector<uint8_t> removed_;        // per row id
  std::unordered_map<std::string, uint32_t> live_rows_;
  uint32_t live_ = 0;
  std::unique_ptr<TextIndex> text_;
  std::unique_ptr<VectorIndex> vector_;
};

}  // namespace strata::index
