// ScalarQuantizer: per-dimension 8-bit scalar quantization of float vectors.
//
// Train() records each dimension's min and max over the first vectors added; Encode() maps a
// value x of dimension i to the code round((x - min_i) / scale_i) clamped to [0, 255], so that
// x ≈ min_i + scale_i * code. Values outside the trained range (later batches) clamp; the float
// re-rank corrects the error.
//
// Queries are scored asymmetrically: for a float query q, x̂·q = Σ q_i min_i + Σ (q_i scale_i)
// code_i. PrepareQuery() quantizes the weights w_i = q_i scale_i to int8 with one scale alpha, so
// x̂·q ≈ bias + alpha * Σ code_i w8_i — a single uint8×int8 dot product (distance.h).
// Thread-safety: immutable after Train(); Encode/PrepareQuery are const.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace strata::index::vector {

struct QuantizedQuery {
  std::vector<int8_t> weights;  // w8_i
  float alpha = 0;              // x̂·q ≈ bias + alpha * Σ code_i w8_i
  float bias = 0;
};

class ScalarQuantizer {
 public:
  ScalarQuantizer() = default;
  /// Restore a trained quantizer from its saved min and scale arrays.
  ScalarQuantizer(std::vector<float> min, std::vector<float> scale)
      : min_(std::move(min)), scale_(std::move(scale)) {}

  bool trained() const { return !min_.empty(); }
  size_t dimension() const { return min_.size(); }
  const std::vector<float>& min() const { return min_; }
  const std::vector<float>& scale() const { return scale_; }

  /// Learn per-dimension ranges from `n` vectors of `dim` floats.
  void Train(const float* vectors, size_t n, size_t dim);
  /// Encode one vector into `codes` (dimension() bytes); return the squared norm of its decoding.
  float Encode(const float* vector, uint8_t* codes) const;
  QuantizedQuery PrepareQuery(const float* query) const;

 private:
  std::vector<float> min_;
  std::vector<float> scale_;
};

}  // namespace strata::index::vector
