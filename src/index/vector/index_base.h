// IndexBase: what the flat and HNSW indexes share — options, the VectorStore, argument checks,
// tombstones, and saving and loading the store's arrays.
// Thread-safety: as VectorIndex (Search concurrent with Search; writes exclusive).
#pragma once

#include <memory>
#include <string>

#include "index/vector/index_files.h"
#include "index/vector/vector_store.h"

namespace strata::index::vector {

class IndexBase : public VectorIndex {
 public:
  explicit IndexBase(const VectorIndexOptions& options)
      : options_(options), store_(options.metric, options.dimension, options.int8) {}

  const VectorIndexOptions& options() const override { return options_; }
  uint32_t size() const override { return store_.size(); }
  uint32_t live() const override { return store_.live(); }
  Status Remove(uint32_t id) override;
  bool IsRemoved(uint32_t id) const override { return id < size() && store_.IsRemoved(id); }
  const VectorStore& store() const { return store_; }

 protected:
  /// InvalidArgument for a null array, or ids that would pass 2^32 - 1.
  Status CheckAdd(const float* vectors, size_t n) const;
  /// InvalidArgument for a null query or a negative k / ef / thread count.
  Status CheckSearch(const float* query, const VectorSearchOptions& options) const;
  /// Write the store's arrays (vectors, tombstones, codes).
  Status SaveStore(IndexWriter& writer) const;
  /// Map the store's arrays from a saved index.
  Status LoadStore(const IndexReader& reader);

  VectorIndexOptions options_;
  VectorStore store_;
};

/// Check options for Create (and for a loaded header).
Status ValidateOptions(const VectorIndexOptions& options);

std::unique_ptr<IndexBase> MakeFlatIndex(const VectorIndexOptions& options);
std::unique_ptr<IndexBase> MakeHnswIndex(const VectorIndexOptions& options);
/// Map a saved index's arrays into a fresh index of the header's kind.
Result<std::unique_ptr<VectorIndex>> LoadFlatIndex(const IndexReader& reader);
Result<std::unique_ptr<VectorIndex>> LoadHnswIndex(const IndexReader& reader);

}  // namespace strata::index::vector
