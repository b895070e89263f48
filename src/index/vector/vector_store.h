// VectorStore: the vectors of one index — floats in one row-major array, optional int8 codes
// (quantizer.h), and the tombstone bitmap — and the scorers that measure a query against them.
//
// Both index kinds own one VectorStore; the HNSW graph (hnsw_graph.h) is kept separate and only
// sees ids and scorers, as FAISS keeps IndexHNSW's graph apart from its storage. Cosine stores
// unit vectors. Arrays are CowArrays, so a loaded store reads the mapped files until it changes.
// Thread-safety: const methods are safe from many threads; Append/Remove need exclusive access.
#pragma once

#include <cstdint>
#include <vector>

#include "index/vector/cow_array.h"
#include "index/vector/distance.h"
#include "index/vector/quantizer.h"
#include "index/vector/vector_index.h"

namespace strata::index::vector {

/// A query made ready for scoring: the float query (unit length for cosine) and, for int8
/// stores, its quantized weights.
struct PreparedQuery {
  std::vector<float> values;
  QuantizedQuery quantized;
  float norm = 0;  // squared norm of `values` (l2)
};

class VectorStore {
 public:
  VectorStore(Metric metric, int dimension, bool int8);

  Metric metric() const { return metric_; }
  size_t dimension() const { return dim_; }
  bool int8() const { return int8_; }
  uint32_t size() const { return size_; }
  uint32_t live() const { return live_; }
  const float* vector(uint32_t id) const { return vectors_.data() + size_t(id) * dim_; }
  const uint8_t* codes(uint32_t id) const { return codes_.data() + size_t(id) * dim_; }
  const uint64_t* removed_words() const { return removed_.data(); }
  bool IsRemoved(uint32_t id) const { return (removed_[id >> 6] >> (id & 63)) & 1; }
  const ScalarQuantizer& quantizer() const { return quantizer_; }
  const Kernels& kernels() const { return *kernels_; }

  /// Append `n` vectors (normalized for cosine; encoded for int8, training on the first batch).
  void Append(const float* vectors, size_t n);
  /// Tombstone `id`; return false when it was already removed. REQUIRES: id < size().
  bool Remove(uint32_t id);

  PreparedQuery Prepare(const float* query) const;
  /// Float distance between a prepared query (its values) and a stored vector.
  float Distance(const float* query, uint32_t id) const { return FloatDistance(query, vector(id)); }
  float FloatDistance(const float* a, const float* b) const {
    switch (metric_) {
      case Metric::kCosine:
        return 1.0f - kernels_->dot(a, b, dim_);
      case Metric::kDot:
        return -kernels_->dot(a, b, dim_);
      case Metric::kL2:
        return kernels_->l2(a, b, dim_);
    }
    return 0;
  }
  size_t MemoryBytes() const;

  // Persistence (index_files.h reads and writes these arrays).
  CowArray<float>& vectors_array() { return vectors_; }
  CowArray<uint8_t>& codes_array() { return codes_; }
  CowArray<float>& code_norms_array() { return code_norms_; }
  CowArray<uint64_t>& removed_array() { return removed_; }
  const CowArray<float>& vectors_array() const { return vectors_; }
  const CowArray<uint8_t>& codes_array() const { return codes_; }
  const CowArray<float>& code_norms_array() const { return code_norms_; }
  const CowArray<uint64_t>& removed_array() const { return removed_; }
  /// Adopt loaded state: `size` ids of which `live` are not removed, and the quantizer.
  void Restore(uint32_t size, uint32_t live, ScalarQuantizer quantizer);

 private:
  Metric metric_;
  size_t dim_;
  bool int8_;
  const Kernels* kernels_;
  uint32_t size_ = 0;
  uint32_t live_ = 0;
  CowArray<float> vectors_;
  CowArray<uint64_t> removed_;
  ScalarQuantizer quantizer_;
  CowArray<uint8_t> codes_;
  CowArray<float> code_norms_;  // squared norms of the decoded vectors (int8)
};

/// Scores ids against a query with float vectors: what builds, searches and re-ranks use. The
/// metric is folded into `offset + sign * kernel(query, row)` once, so the per-id cost is one
/// indirect kernel call.
struct FloatScorer {
  FloatScorer(const VectorStore* store, const float* query)
      : query(query),
        rows(store->vector(0)),
        dim(store->dimension()),
        kernel(store->metric() == Metric::kL2 ? store->kernels().l2 : store->kernels().dot),
        offset(store->metric() == Metric::kCosine ? 1.0f : 0.0f),
        sign(store->metric() == Metric::kL2 ? 1.0f : -1.0f) {}
  float operator()(uint32_t id) const {
    return offset + sign * kernel(query, rows + id * dim, dim);
  }
  /// Start the row's first two lines; the hardware prefetcher streams the rest. (Prefetching the
  /// whole row measured 10-15% slower: too many misses in flight for a node's 32 neighbours.)
  void Prefetch(uint32_t id) const {
    const char* p = reinterpret_cast<const char*>(rows + id * dim);
    __builtin_prefetch(p);
    __builtin_prefetch(p + 64);
  }

  const float* query;
  const float* rows;
  size_t dim;
  FloatKernel kernel;
  float offset, sign;
};

/// Scores ids against a query with the int8 codes: offset + slope * Σ code·w8 (+ the decoded
/// row's squared norm for l2): the decoded row against the query, up to query quantization.
struct CodeScorer {
  CodeScorer(const VectorStore* store, const PreparedQuery* query)
      : weights(query->quantized.weights.data()),
        codes(store->codes(0)),
        norms(store->metric() == Metric::kL2 ? store->code_norms_array().data() : nullptr),
        dim(store->dimension()),
        kernel(store->kernels().dot_u8s8) {
    const QuantizedQuery& q = query->quantized;
    switch (store->metric()) {
      case Metric::kCosine:
        offset = 1.0f - q.bias, slope = -q.alpha;
        break;
      case Metric::kDot:
        offset = -q.bias, slope = -q.alpha;
        break;
      case Metric::kL2:
        offset = query->norm - 2.0f * q.bias, slope = -2.0f * q.alpha;
        break;
    }
  }
  float operator()(uint32_t id) const {
    float d = offset + slope * float(kernel(codes + id * dim, weights, dim));
    return norms ? d + norms[id] : d;
  }
  void Prefetch(uint32_t id) const { __builtin_prefetch(codes + id * dim); }

  const int8_t* weights;
  const uint8_t* codes;
  const float* norms;
  size_t dim;
  Int8Kernel kernel;
  float offset = 0, slope = 0;
};

}  // namespace strata::index::vector
