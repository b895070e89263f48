// Recall of approximate neighbour lists against exact ones, for the vector-index tests and the
// benchmark.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "index/vector/vector_index.h"

namespace strata::index::testing {

/// |approx ∩ exact| / |exact|, counting ids only; 1 when `exact` is empty.
inline double Recall(const std::vector<Neighbor>& approx, const std::vector<Neighbor>& exact) {
  if (exact.empty()) return 1.0;
  size_t hits = 0;
  for (const Neighbor& e : exact) {
    hits +=
        std::any_of(approx.begin(), approx.end(), [&](const Neighbor& a) { return a.id == e.id; });
  }
  return double(hits) / double(exact.size());
}

}  // namespace strata::index::testing
