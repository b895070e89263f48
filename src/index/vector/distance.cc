#include "index/vector/distance.h"

namespace strata::index::vector {
namespace {

float DotScalar(const float* a, const float* b, size_t n) {
  // Four accumulators: the same association as a vector kernel would use, and faster.
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; ++i) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

float L2Scalar(const float* a, const float* b, size_t n) {
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    float d0 = a[i] - b[i], d1 = a[i + 1] - b[i + 1];
    float d2 = a[i + 2] - b[i + 2], d3 = a[i + 3] - b[i + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; i < n; ++i) s0 += (a[i] - b[i]) * (a[i] - b[i]);
  return (s0 + s1) + (s2 + s3);
}

int32_t DotU8S8Scalar(const uint8_t* codes, const int8_t* query, size_t n) {
  int32_t s = 0;
  for (size_t i = 0; i < n; ++i) s += int32_t(codes[i]) * int32_t(query[i]);
  return s;
}

const Kernels kScalar{"scalar", DotScalar, L2Scalar, DotU8S8Scalar};

}  // namespace

const Kernels& ScalarKernels() { return kScalar; }

const Kernels* Avx2Kernels() {
  __builtin_cpu_init();
  bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return ok ? &internal::kAvx2Kernels : nullptr;
}

const Kernels* Avx512Kernels() {
  __builtin_cpu_init();
  bool ok = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
            __builtin_cpu_supports("avx512vl");
  return ok ? &internal::kAvx512Kernels : nullptr;
}

const Kernels& BestKernels() {
  static const Kernels* best = [] {
    if (const Kernels* k = Avx512Kernels()) return k;
    if (const Kernels* k = Avx2Kernels()) return k;
    return &kScalar;
  }();
  return *best;
}

}  // namespace strata::index::vector
