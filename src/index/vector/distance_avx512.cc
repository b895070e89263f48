// AVX-512F+BW+VL kernels, compiled for that target only; reached through BestKernels() after a CPU
// check. Tails use masked loads, so odd dimensions stay in vector registers.
#include <immintrin.h>

#include "index/vector/distance.h"

#define STRATA_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl")))

namespace strata::index::vector {
namespace {

// Own reductions through zero-masked extracts: in GCC 12 the casts and unmasked extracts (and so
// _mm512_reduce_add_*) trip -Wuninitialized on _mm256_undefined_* inside the intrinsic headers.
STRATA_AVX512 inline float Sum(__m512 v) {
  __m512d d = _mm512_castps_pd(v);
  __m256 h = _mm256_add_ps(_mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(0xff, d, 0)),
                           _mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(0xff, d, 1)));
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
  return _mm_cvtss_f32(s);
}

STRATA_AVX512 inline int32_t Sum(__m512i v) {
  __m256i h = _mm256_add_epi32(_mm512_maskz_extracti64x4_epi64(0xff, v, 0),
                               _mm512_maskz_extracti64x4_epi64(0xff, v, 1));
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
  return _mm_cvtsi128_si32(s);
}

STRATA_AVX512 float DotAvx512(const float* a, const float* b, size_t n) {
  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
    s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), s1);
  }
  for (; i < n; i += 16) {
    __mmask16 m = n - i >= 16 ? __mmask16(0xffff) : __mmask16((1u << (n - i)) - 1);
    s0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i), s0);
  }
  return Sum(_mm512_add_ps(s0, s1));
}

STRATA_AVX512 float L2Avx512(const float* a, const float* b, size_t n) {
  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
    __m512 d1 = _mm512_sub_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16));
    s0 = _mm512_fmadd_ps(d0, d0, s0);
    s1 = _mm512_fmadd_ps(d1, d1, s1);
  }
  for (; i < n; i += 16) {
    __mmask16 m = n - i >= 16 ? __mmask16(0xffff) : __mmask16((1u << (n - i)) - 1);
    __m512 d = _mm512_sub_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i));
    s0 = _mm512_fmadd_ps(d, d, s0);
  }
  return Sum(_mm512_add_ps(s0, s1));
}

STRATA_AVX512 int32_t DotU8S8Avx512(const uint8_t* codes, const int8_t* query, size_t n) {
  __m512i acc = _mm512_setzero_si512();
  for (size_t i = 0; i < n; i += 32) {
    __mmask32 m = n - i >= 32 ? ~__mmask32(0) : __mmask32((1u << (n - i)) - 1);
    __m512i c = _mm512_cvtepu8_epi16(_mm256_maskz_loadu_epi8(m, codes + i));
    __m512i q = _mm512_cvtepi8_epi16(_mm256_maskz_loadu_epi8(m, query + i));
    acc = _mm512_add_epi32(acc, _mm512_madd_epi16(c, q));
  }
  return Sum(acc);
}

}  // namespace

namespace internal {
const Kernels kAvx512Kernels{"avx512", DotAvx512, L2Avx512, DotU8S8Avx512};
}  // namespace internal

}  // namespace strata::index::vector
