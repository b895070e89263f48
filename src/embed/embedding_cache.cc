#include "embed/embedding_cache.h"

#include <algorithm>
#include <cstring>

namespace strata::embed {

EmbeddingCache::EmbeddingCache(size_t capacity_bytes) : capacity_(capacity_bytes) {}

std::string EmbeddingCache::Key(std::string_view model_id, std::string_view content_hash) {
  std::string key;
  key.reserve(model_id.size() + 1 + content_hash.size());
  key.append(model_id).push_back('\0');  // a model id never contains NUL
  key.append(content_hash);
  return key;
}

bool EmbeddingCache::Lookup(std::string_view model_id, std::string_view content_hash,
                            std::span<float> out) {
  const std::string key = Key(model_id, content_hash);
  std::lock_guard lock(mu_);
  const auto it = index_.find(key);
  if (it == index_.end() || it->second->vector.size() != out.size()) return false;
  lru_.splice(lru_.begin(), lru_, it->second);
  std::copy(it->second->vector.begin(), it->second->vector.end(), out.begin());
  return true;
}

void EmbeddingCache::Insert(std::string_view model_id, std::string_view content_hash,
                            std::span<const float> vector) {
  std::string key = Key(model_id, content_hash);
  const size_t cost = key.size() + vector.size() * sizeof(float) + kEntryOverhead;
  std::lock_guard lock(mu_);
  if (const auto it = index_.find(key); it != index_.end()) {
    const auto node = it->second;
    bytes_ -= node->cost;
    index_.erase(it);  // erase the view before the string it points into
    lru_.erase(node);
  }
  if (cost > capacity_) return;
  lru_.push_front(Entry{std::move(key), std::vector<float>(vector.begin(), vector.end()), cost});
  index_.emplace(lru_.front().key, lru_.begin());
  bytes_ += cost;
  EvictLocked();
}

void EmbeddingCache::EvictLocked() {
  while (bytes_ > capacity_ && !lru_.empty()) {
    Entry& last = lru_.back();
    bytes_ -= last.cost;
    index_.erase(last.key);
    lru_.pop_back();
    ++evictions_;
  }
}

size_t EmbeddingCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

size_t EmbeddingCache::entries() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

int64_t EmbeddingCache::evictions() const {
  std::lock_guard lock(mu_);
  return evictions_;
}

Status EmbedWithCache(const Embedder& embedder, EmbeddingCache* cache,
                      std::span<const std::string_view> texts,
                      std::span<const std::string_view> content_hashes, std::vector<float>* out,
                      CacheStats* stats, size_t batch_size) {
  if (texts.size() != content_hashes.size()) {
    return Status::InvalidArgument("EmbedWithCache: " + std::to_string(texts.size()) +
                                   " texts but " + std::to_string(content_hashes.size()) +
                                   " content hashes");
  }
  batch_size = std::max<size_t>(batch_size, 1);
  const size_t dim = static_cast<size_t>(embedder.dimension());
  const std::string& model = embedder.model_id();
  out->assign(texts.size() * dim, 0.0f);
  CacheStats local;
  // Misses: the first row of each distinct hash is embedded; later rows copy it.
  std::vector<size_t> to_embed;
  std::vector<std::pair<size_t, size_t>> copies;  // (row, source row)
  std::unordered_map<std::string_view, size_t> first_row;
  for (size_t i = 0; i < texts.size(); ++i) {
    std::span<float> row(out->data() + i * dim, dim);
    if (cache != nullptr && cache->Lookup(model, content_hashes[i], row)) {
      ++local.hits;
      continue;
    }
    ++local.misses;
    const auto [it, fresh] = first_row.emplace(content_hashes[i], i);
    if (fresh) {
      to_embed.push_back(i);
    } else {
      copies.emplace_back(i, it->second);
    }
  }
  std::vector<std::string_view> batch;
  std::vector<float> vectors;
  for (size_t b = 0; b < to_embed.size(); b += batch_size) {
    const size_t n = std::min(batch_size, to_embed.size() - b);
    batch.clear();
    for (size_t k = 0; k < n; ++k) batch.push_back(texts[to_embed[b + k]]);
    STRATA_RETURN_IF_ERROR(embedder.Embed(batch, &vectors));
    ++local.batches;
    local.embedded += static_cast<int64_t>(n);
    for (size_t k = 0; k < n; ++k) {
      const size_t row = to_embed[b + k];
      const float* src = vectors.data() + k * dim;
      std::copy(src, src + dim, out->data() + row * dim);
      if (cache != nullptr) cache->Insert(model, content_hashes[row], {src, dim});
    }
  }
  for (const auto& [row, src] : copies) {
    std::copy(out->data() + src * dim, out->data() + (src + 1) * dim, out->data() + row * dim);
  }
  if (stats != nullptr) {
    stats->hits += local.hits;
    stats->misses += local.misses;
    stats->embedded += local.embedded;
    stats->batches += local.batches;
  }
  return Status::OK();
}

}  // namespace strata::embed
