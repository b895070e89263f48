// The wide kernels against the scalar reference on random data and odd dimensions.
#include "index/vector/distance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace strata::index::vector {
namespace {

const size_t kDims[] = {1, 3, 7, 15, 16, 17, 31, 33, 63, 100, 128, 257, 384, 1000};

std::vector<const Kernels*> WideKernels() {
  std::vector<const Kernels*> out;
  if (const Kernels* k = Avx2Kernels()) out.push_back(k);
  if (const Kernels* k = Avx512Kernels()) out.push_back(k);
  return out;
}

TEST(DistanceTest, BestKernelsIsTheWidestAvailable) {
  const Kernels& best = BestKernels();
  if (Avx512Kernels()) {
    EXPECT_EQ(best.isa, "avx512");
  } else if (Avx2Kernels()) {
    EXPECT_EQ(best.isa, "avx2");
  } else {
    EXPECT_EQ(best.isa, "scalar");
  }
}

TEST(DistanceTest, ScalarMatchesDoublePrecision) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-1, 1);
  for (size_t dim : kDims) {
    std::vector<float> a(dim), b(dim);
    for (size_t i = 0; i < dim; ++i) a[i] = u(rng), b[i] = u(rng);
    double dot = 0, l2 = 0;
    for (size_t i = 0; i < dim; ++i)
      dot += double(a[i]) * b[i], l2 += (a[i] - b[i]) * double(a[i] - b[i]);
    EXPECT_NEAR(ScalarKernels().dot(a.data(), b.data(), dim), dot, 1e-4 * (1 + std::fabs(dot)));
    EXPECT_NEAR(ScalarKernels().l2(a.data(), b.data(), dim), l2, 1e-4 * (1 + l2));
  }
}

TEST(DistanceTest, WideFloatKernelsMatchScalar) {
  auto wide = WideKernels();
  if (wide.empty()) GTEST_SKIP() << "no AVX2 or AVX-512 on this CPU";
  std::mt19937 rng(2);
  std::normal_distribution<float> normal(0, 3);
  for (const Kernels* k : wide) {
    for (size_t dim : kDims) {
      // Offset by one float so that loads are unaligned, as rows of odd dimension are.
      std::vector<float> a(dim + 1), b(dim + 1);
      for (size_t i = 0; i <= dim; ++i) a[i] = normal(rng), b[i] = normal(rng);
      float want_dot = ScalarKernels().dot(a.data() + 1, b.data() + 1, dim);
      float want_l2 = ScalarKernels().l2(a.data() + 1, b.data() + 1, dim);
      float tol = 1e-5f * 9 * float(dim);
      EXPECT_NEAR(k->dot(a.data() + 1, b.data() + 1, dim), want_dot, tol) << k->isa << " " << dim;
      EXPECT_NEAR(k->l2(a.data() + 1, b.data() + 1, dim), want_l2, tol) << k->isa << " " << dim;
    }
  }
}

TEST(DistanceTest, WideInt8KernelMatchesScalarExactly) {
  auto wide = WideKernels();
  if (wide.empty()) GTEST_SKIP() << "no AVX2 or AVX-512 on this CPU";
  std::mt19937 rng(3);
  for (const Kernels* k : wide) {
    for (size_t dim : kDims) {
      std::vector<uint8_t> codes(dim + 1);
      std::vector<int8_t> query(dim + 1);
      for (size_t i = 0; i <= dim; ++i) codes[i] = uint8_t(rng()), query[i] = int8_t(rng());
      // Extremes too: 255 × -128 is where a saturating 16-bit kernel would go wrong.
      codes[1] = 255;
      query[1] = -128;
      EXPECT_EQ(k->dot_u8s8(codes.data() + 1, query.data() + 1, dim),
                ScalarKernels().dot_u8s8(codes.data() + 1, query.data() + 1, dim))
          << k->isa << " " << dim;
    }
  }
}

TEST(DistanceTest, Int8KernelAllExtremes) {
  const size_t dim = 4096;
  std::vector<uint8_t> codes(dim, 255);
  std::vector<int8_t> query(dim, -128);
  EXPECT_EQ(BestKernels().dot_u8s8(codes.data(), query.data(), dim), -255 * 128 * int32_t(dim));
}

}  // namespace
}  // namespace strata::index::vector
