#include "index/fusion.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace strata::index {

Result<FusionMethod> ParseFusionMethod(std::string_view name) {
  if (name == "rrf") return FusionMethod::kRrf;
  if (name == "weighted") return FusionMethod::kWeighted;
  return Status::InvalidArgument("unknown fusion '" + std::string(name) +
                                 "' (expected rrf or weighted)");
}

std::vector<Fused> Fuse(const std::vector<RankedList>& lists, const FusionOptions& options,
                        int k) {
  struct Entry {
    double score = 0;
    size_t best_rank = std::numeric_limits<size_t>::max();
  };
  std::unordered_map<uint32_t, Entry> entries;
  for (const RankedList& list : lists) {
    float lo = 0, hi = 0;
    if (!list.scores.empty()) {
      auto [mn, mx] = std::minmax_element(list.scores.begin(), list.scores.end());
      lo = *mn;
      hi = *mx;
    }
    for (size_t r = 0; r < list.ids.size(); ++r) {
      Entry& e = entries[list.ids[r]];
      e.best_rank = std::min(e.best_rank, r);
      if (options.method == FusionMethod::kRrf) {
        e.score += list.weight / double(options.rrf_k + r + 1);
      } else {
        double norm = hi > lo ? (list.scores[r] - lo) / double(hi - lo) : 1.0;
        e.score += list.weight * norm;
      }
    }
  }
  std::vector<std::pair<uint32_t, Entry>> all(entries.begin(), entries.end());
  auto better = [](const auto& a, const auto& b) {
    if (a.second.score != b.second.score) return a.second.score > b.second.score;
    if (a.second.best_rank != b.second.best_rank) return a.second.best_rank < b.second.best_rank;
    return a.first < b.first;
  };
  size_t n = std::min<size_t>(all.size(), std::max(k, 0));
  std::partial_sort(all.begin(), all.begin() + n, all.end(), better);
  std::vector<Fused> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back({all[i].first, all[i].second.score});
  return out;
}

}  // namespace strata::index
