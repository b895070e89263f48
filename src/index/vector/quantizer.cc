#include "index/vector/quantizer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace strata::index::vector {

void ScalarQuantizer::Train(const float* vectors, size_t n, size_t dim) {
  min_.assign(dim, std::numeric_limits<float>::max());
  std::vector<float> max(dim, std::numeric_limits<float>::lowest());
  for (size_t r = 0; r < n; ++r) {
    const float* v = vectors + r * dim;
    for (size_t i = 0; i < dim; ++i) {
      min_[i] = std::min(min_[i], v[i]);
      max[i] = std::max(max[i], v[i]);
    }
  }
  scale_.resize(dim);
  for (size_t i = 0; i < dim; ++i) {
    if (n == 0) min_[i] = max[i] = 0;
    float range = max[i] - min_[i];
    // A constant dimension still needs a positive scale; its codes are all 0.
    scale_[i] = range > 0 ? range / 255.0f : 1.0f;
  }
}

float ScalarQuantizer::Encode(const float* vector, uint8_t* codes) const {
  float norm = 0;
  for (size_t i = 0; i < min_.size(); ++i) {
    float c = std::nearbyint((vector[i] - min_[i]) / scale_[i]);
    c = std::clamp(c, 0.0f, 255.0f);
    codes[i] = uint8_t(c);
    float decoded = min_[i] + scale_[i] * c;
    norm += decoded * decoded;
  }
  return norm;
}

QuantizedQuery ScalarQuantizer::PrepareQuery(const float* query) const {
  QuantizedQuery out;
  size_t dim = min_.size();
  out.weights.resize(dim);
  float max_abs = 0;
  double bias = 0;
  for (size_t i = 0; i < dim; ++i) {
    max_abs = std::max(max_abs, std::fabs(query[i] * scale_[i]));
    bias += double(query[i]) * min_[i];
  }
  out.bias = float(bias);
  out.alpha = max_abs > 0 ? max_abs / 127.0f : 1.0f;
  for (size_t i = 0; i < dim; ++i) {
    out.weights[i] = int8_t(std::nearbyint(query[i] * scale_[i] / out.alpha));
  }
  return out;
}

}  // namespace strata::index::vector
