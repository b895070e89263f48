// EmbeddingCache: vectors already computed, keyed by (model_id, chunk content hash), so that
// unchanged chunks are never embedded again (DESIGN §6).
//
// A bounded LRU: each entry costs its key bytes, its vector bytes and a fixed overhead; inserting
// past capacity_bytes evicts the least recently used entries (a lookup hit counts as a use).
// An entry larger than the whole capacity is not kept. The pipeline seeds it from the embeddings
// table; EmbedWithCache fills it as it embeds.
// Thread-safety: all methods may be called from many threads at once (one mutex).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "embed/embedder.h"

namespace strata::embed {

class EmbeddingCache {
 public:
  /// Accounting overhead of one entry (list node, hash node, vector header), in bytes.
  static constexpr size_t kEntryOverhead = 96;

  explicit EmbeddingCache(size_t capacity_bytes);
  EmbeddingCache(const EmbeddingCache&) = delete;
  EmbeddingCache& operator=(const EmbeddingCache&) = delete;

  /// Copy the cached vector into `out` and mark it used. False when absent or when its length
  /// differs from out.size().
  bool Lookup(std::string_view model_id, std::string_view content_hash, std::span<float> out);
  /// Insert or replace the vector of (model_id, content_hash).
  void Insert(std::string_view model_id, std::string_view content_hash,
              std::span<const float> vector);

  size_t capacity_bytes() const { return capacity_; }
  size_t bytes() const;
  size_t entries() const;
  int64_t evictions() const;

 private:
  struct Entry {
    std::string key;
    std::vector<float> vector;
    size_t cost;
  };
  static std::string Key(std::string_view model_id, std::string_view content_hash);
  void EvictLocked();

  const size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // views into lru_ keys
  size_t bytes_ = 0;
  int64_t evictions_ = 0;
};

struct CacheStats {
  int64_t hits = 0;      // texts served from the cache
  int64_t misses = 0;    // texts not in the cache
  int64_t embedded = 0;  // texts sent to the embedder (misses less repeats within the call)
  int64_t batches = 0;   // Embed calls made
};

/// Embed `texts` into `out` (texts.size() × dimension floats, row-major), taking vectors of
/// content_hashes[i] from `cache` and embedding only the misses, `batch_size` texts per Embed
/// call; a hash repeated within the call is embedded once. New vectors are inserted into the
/// cache. `cache` and `stats` may be null (stats are added to, not reset).
/// InvalidArgument when the spans differ in length; the embedder's error otherwise.
Status EmbedWithCache(const Embedder& embedder, EmbeddingCache* cache,
                      std::span<const std::string_view> texts,
                      std::span<const std::string_view> content_hashes, std::vector<float>* out,
                      CacheStats* stats, size_t batch_size = 256);

}  // namespace strata::embed
