// Distance kernels for the vector index: float dot and squared L2, and the int8 kernel that scores
// uint8 codes against an int8 query (scalar quantization, see quantizer.h).
//
// Every metric reduces to these: cosine indexes store unit vectors and score 1 - dot; dot scores
// -dot; l2 scores the squared distance. The int8 kernel is asymmetric (codes are unsigned, the
// query is signed), which lets per-dimension quantization scales fold into the query so that one
// integer dot product serves all three metrics.
//
// Kernels are picked once at run time from the CPU (AVX-512F+BW, AVX2+FMA, scalar): the build
// targets x86-64-v2, so the wide kernels live in functions compiled with
// __attribute__((target(...))) and are reached only after __builtin_cpu_supports says yes.
// Thread-safety: the kernel table is immutable after first use; kernels are pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace strata::index::vector {

using FloatKernel = float (*)(const float* a, const float* b, size_t n);
/// sum_i codes[i] * query[i], exact in 32-bit integers for n < 2^16.
using Int8Kernel = int32_t (*)(const uint8_t* codes, const int8_t* query, size_t n);

struct Kernels {
  std::string_view isa;  // "avx512", "avx2" or "scalar"
  FloatKernel dot = nullptr;
  FloatKernel l2 = nullptr;  // squared L2
  Int8Kernel dot_u8s8 = nullptr;
};

/// The best kernels this CPU runs.
const Kernels& BestKernels();
/// The portable kernels: the reference every wide kernel is tested against.
const Kernels& ScalarKernels();
/// The AVX2+FMA / AVX-512 kernels, or null when this CPU lacks the instructions.
const Kernels* Avx2Kernels();
const Kernels* Avx512Kernels();

namespace internal {
extern const Kernels kAvx2Kernels;
extern const Kernels kAvx512Kernels;
}  // namespace internal

}  // namespace strata::index::vector
