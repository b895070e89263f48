// HnswGraph: the links of a hierarchical navigable small world graph (Malkov & Yashunin, 2016),
// kept apart from the vectors it connects (vector_store.h).
//
// Layout: level 0 is one contiguous array with a fixed slot per node — [count, 2*M ids] — so a
// node's links are found by multiplication and scanned in one or two cache lines. Nodes above
// level 0 (about 1 in M) own `level` further slots of [count, M ids] in a second array, found
// through a per-node offset. Levels are drawn from a hash of the id, so a single-threaded build is
// deterministic and an index built in steps equals one built at once.
//
// Concurrency: Insert() may run on many threads at once; each node's links are guarded by a
// one-byte spin lock, the entry point by a mutex. Search() runs without locks and therefore must
// not overlap an Insert (the index's contract: Search is concurrent with Search only).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "index/allow_set.h"
#include "index/vector/cow_array.h"
#include "index/vector/search_context.h"
#include "index/vector/vector_store.h"

namespace strata::index::vector {

/// Which nodes a search may return: live ones (when `removed` is set) that `allow` contains (when
/// set). Others still route the search.
struct Admit {
  const uint64_t* removed = nullptr;
  const AllowSet* allow = nullptr;
  bool operator()(uint32_t id) const {
    if (removed && ((removed[id >> 6] >> (id & 63)) & 1)) return false;
    return !allow || allow->Contains(id);
  }
};

class HnswGraph {
 public:
  explicit HnswGraph(int m);

  int m() const { return m_; }
  uint32_t size() const { return uint32_t(levels_.size()); }
  int64_t entry() const { return entry_; }
  int max_level() const { return max_level_; }

  /// Make room for nodes size() .. size()+n-1 (not yet linked). Not concurrent with Insert.
  void Grow(size_t n);
  /// Link node `id` (already grown, its vector in `store`); safe concurrently with other Inserts.
  void Insert(uint32_t id, const VectorStore& store, int ef_construction, SearchContext& ctx);

  /// The ef closest admitted nodes to the scorer's query, closest first, in ctx.top.
  template <typename Scorer>
  void Search(const Scorer& score, size_t ef, const Admit& admit, SearchContext& ctx) const;

  size_t MemoryBytes() const;

  // Persistence (hnsw_index.cc).
  const CowArray<uint32_t>& links0() const { return links0_; }
  const CowArray<uint8_t>& levels() const { return levels_; }
  const CowArray<uint32_t>& upper() const { return upper_; }
  size_t links0_stride() const { return stride0_; }
  size_t upper_stride() const { return size_t(m_) + 1; }
  /// Adopt saved arrays; false when their sizes, counts or ids are inconsistent.
  bool Restore(std::shared_ptr<io::Buffer> links0, std::shared_ptr<io::Buffer> levels,
               std::shared_ptr<io::Buffer> upper, uint32_t size, int64_t entry, int max_level);

 private:
  const uint32_t* Links(uint32_t id, int level) const {
    return level == 0 ? links0_.data() + size_t(id) * stride0_
                      : upper_.data() + upper_offset_[id] + size_t(level - 1) * (m_ + 1);
  }
  uint32_t* MutableLinks(uint32_t id, int level) { return const_cast<uint32_t*>(Links(id, level)); }
  size_t Capacity(int level) const { return level == 0 ? 2 * size_t(m_) : size_t(m_); }
  void Lock(uint32_t id) const;
  void Unlock(uint32_t id) const { locks_[id].store(0, std::memory_order_release); }

  template <bool kLocked, typename Scorer>
  uint32_t Greedy(const Scorer& score, uint32_t start, int from_level, int to_level,
                  SearchContext& ctx) const;
  template <bool kLocked, typename Scorer>
  void SearchLevel(const Scorer& score, uint32_t start, size_t ef, int level, const Admit& admit,
                   SearchContext& ctx) const;
  /// Keep up to `max` of `candidates` (sorted, closest first) by the HNSW diversity heuristic.
  void SelectNeighbors(const VectorStore& store, std::vector<Neighbor>& candidates,
                       size_t max) const;
  /// Add `id` to `node`'s links at `level`, pruning by the heuristic when full.
  void Connect(uint32_t node, uint32_t id, int level, const VectorStore& store,
               std::vector<Neighbor>& scratch);

  int m_;
  size_t stride0_;
  double level_mult_;
  CowArray<uint32_t> links0_;
  CowArray<uint8_t> levels_;
  CowArray<uint32_t> upper_;
  std::vector<uint32_t> upper_offset_;  // derived from levels_
  std::unique_ptr<std::atomic<uint8_t>[]> locks_;
  std::mutex entry_mu_;
  int64_t entry_ = -1;
  int max_level_ = 0;
};

}  // namespace strata::index::vector
