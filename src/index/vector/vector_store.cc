#include "index/vector/vector_store.h"

#include <cmath>
#include <cstring>

namespace strata::index::vector {

VectorStore::VectorStore(Metric metric, int dimension, bool int8)
    : metric_(metric), dim_(size_t(dimension)), int8_(int8), kernels_(&BestKernels()) {}

void VectorStore::Append(const float* vectors, size_t n) {
  size_t old = size_;
  vectors_.Resize((old + n) * dim_);
  float* dst = vectors_.mutable_data() + old * dim_;
  std::memcpy(dst, vectors, n * dim_ * sizeof(float));
  if (metric_ == Metric::kCosine) {
    for (size_t r = 0; r < n; ++r) {
      float* v = dst + r * dim_;
      float norm = std::sqrt(kernels_->dot(v, v, dim_));
      if (norm > 0) {
        for (size_t i = 0; i < dim_; ++i) v[i] /= norm;
      }
    }
  }
  if (int8_) {
    if (!quantizer_.trained()) quantizer_.Train(dst, n, dim_);
    codes_.Resize((old + n) * dim_);
    code_norms_.Resize(old + n);
    uint8_t* codes = codes_.mutable_data();
    float* norms = code_norms_.mutable_data();
    for (size_t r = 0; r < n; ++r) {
      norms[old + r] = quantizer_.Encode(dst + r * dim_, codes + (old + r) * dim_);
    }
  }
  removed_.Resize((old + n + 63) / 64, 0);
  size_ = uint32_t(old + n);
  live_ += uint32_t(n);
}

bool VectorStore::Remove(uint32_t id) {
  if (IsRemoved(id)) return false;
  removed_.mutable_data()[id >> 6] |= uint64_t{1} << (id & 63);
  --live_;
  return true;
}

PreparedQuery VectorStore::Prepare(const float* query) const {
  PreparedQuery q;
  q.values.assign(query, query + dim_);
  if (metric_ == Metric::kCosine) {
    float norm = std::sqrt(kernels_->dot(query, query, dim_));
    if (norm > 0) {
      for (float& v : q.values) v /= norm;
    }
  }
  q.norm = kernels_->dot(q.values.data(), q.values.data(), dim_);
  if (int8_ && quantizer_.trained()) q.quantized = quantizer_.PrepareQuery(q.values.data());
  return q;
}

size_t VectorStore::MemoryBytes() const {
  return vectors_.MemoryBytes() + removed_.MemoryBytes() + codes_.MemoryBytes() +
         code_norms_.MemoryBytes() + 2 * quantizer_.dimension() * sizeof(float);
}

void VectorStore::Restore(uint32_t size, uint32_t live, ScalarQuantizer quantizer) {
  size_ = size;
  live_ = live;
  quantizer_ = std::move(quantizer);
}

}  // namespace strata::index::vector
