// GaussianMixture: deterministic clustered synthetic vectors for the vector-index tests and the
// benchmark (bench/vector_benchmark.cc includes this header).
//
// Real embeddings are clustered and have a low intrinsic dimension; uniform random vectors have
// neither, which makes every ANN index look worse than it is. The generator therefore draws:
//   - `clusters` centres c_j ~ N(0, I) in a latent space of `latent` dimensions;
//   - for each point a cluster j uniformly, and z = c_j + N(0, spread^2 I) in the latent space;
//   - x = P z + N(0, noise^2 I), where P is a fixed dim×latent Gaussian matrix scaled by
//     1/sqrt(latent), so the data live near a latent-dimensional subspace of R^dim.
// Everything derives from `seed` through std::mt19937_64 and a Box–Muller transform written
// here (not std::normal_distribution, whose algorithm varies by library), so every run and every
// machine sees the same vectors. Queries are drawn from the same mixture with another seed.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace strata::index::testing {

struct MixtureSpec {
  size_t dim = 128;
  size_t latent = 24;
  size_t clusters = 64;
  float spread = 0.45f;
  float noise = 0.05f;
  uint64_t seed = 42;  // fixes the centres and the projection
};

class GaussianMixture {
 public:
  explicit GaussianMixture(const MixtureSpec& spec) : spec_(spec) {
    std::mt19937_64 rng(spec.seed);
    centres_.resize(spec.clusters * spec.latent);
    for (float& v : centres_) v = Normal(rng);
    projection_.resize(spec.dim * spec.latent);
    float scale = 1.0f / std::sqrt(float(spec.latent));
    for (float& v : projection_) v = Normal(rng) * scale;
  }

  /// `n` row-major vectors drawn with `seed`.
  std::vector<float> Sample(size_t n, uint64_t seed) const {
    std::mt19937_64 rng(seed);
    std::vector<float> out(n * spec_.dim);
    std::vector<float> z(spec_.latent);
    for (size_t r = 0; r < n; ++r) {
      const float* c = &centres_[(rng() % spec_.clusters) * spec_.latent];
      for (size_t l = 0; l < spec_.latent; ++l) z[l] = c[l] + spec_.spread * Normal(rng);
      float* x = &out[r * spec_.dim];
      for (size_t d = 0; d < spec_.dim; ++d) {
        const float* p = &projection_[d * spec_.latent];
        float s = 0;
        for (size_t l = 0; l < spec_.latent; ++l) s += p[l] * z[l];
        x[d] = s + spec_.noise * Normal(rng);
      }
    }
    return out;
  }

 private:
  static float Normal(std::mt19937_64& rng) {
    constexpr double kTwoPi = 6.283185307179586;
    double u1 = (double(rng() >> 11) + 1) * 0x1.0p-53;
    double u2 = double(rng() >> 11) * 0x1.0p-53;
    return float(std::sqrt(-2 * std::log(u1)) * std::cos(kTwoPi * u2));
  }

  MixtureSpec spec_;
  std::vector<float> centres_;
  std::vector<float> projection_;
};

}  // namespace strata::index::testing
