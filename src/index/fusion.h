// Fusion of ranked lists from the text and vector retrievers (DESIGN §7).
//
// - RRF: score(d) = Σ w_i / (k + rank_i(d)), ranks from 1, k = 60 (Cormack et al.).
// - Weighted: each list's scores min-max normalized to [0, 1] over the list (a one-item list
//   scores 1), then score(d) = Σ w_i · norm_i(d); a document absent from a list gets 0 there.
// Ties are broken by the better best rank, then by id.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace strata::index {

/// One retriever's result: ids best first with their scores (larger is better).
struct RankedList {
  std::vector<uint32_t> ids;
  std::vector<float> scores;
  double weight = 1.0;
};

enum class FusionMethod { kRrf, kWeighted };

struct FusionOptions {
  FusionMethod method = FusionMethod::kRrf;
  int rrf_k = 60;
};

/// "rrf" | "weighted".
Result<FusionMethod> ParseFusionMethod(std::string_view name);

struct Fused {
  uint32_t id = 0;
  double score = 0;
};

/// Fuse `lists` (ids in one shared id space) and return the best `k`.
std::vector<Fused> Fuse(const std::vector<RankedList>& lists, const FusionOptions& options, int k);

}  // namespace strata::index
