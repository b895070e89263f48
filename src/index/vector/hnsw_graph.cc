#include "index/vector/hnsw_graph.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace strata::index::vector {
namespace {

constexpr int kMaxLevel = 31;

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/// Level of node `id`: floor(-ln(u) * mult) for u uniform in (0, 1], drawn from a hash of the id.
int DrawLevel(uint32_t id, double mult) {
  double u = double((SplitMix64(id) >> 11) + 1) * 0x1.0p-53;
  return std::min(kMaxLevel, int(-std::log(u) * mult));
}

// Comparators as types, not function pointers, so that the heap operations inline them.
struct Farther {
  bool operator()(const Neighbor& a, const Neighbor& b) const { return a.distance > b.distance; }
};
struct Nearer {
  bool operator()(const Neighbor& a, const Neighbor& b) const { return a.distance < b.distance; }
};

}  // namespace

HnswGraph::HnswGraph(int m)
    : m_(m), stride0_(1 + 2 * size_t(m)), level_mult_(1.0 / std::log(double(m))) {}

void HnswGraph::Grow(size_t n) {
  size_t old = size(), total = old + n;
  levels_.Resize(total);
  uint8_t* levels = levels_.mutable_data();
  upper_offset_.resize(total);
  size_t upper_words = upper_.size();
  for (size_t id = old; id < total; ++id) {
    levels[id] = uint8_t(DrawLevel(uint32_t(id), level_mult_));
    upper_offset_[id] = uint32_t(upper_words);
    upper_words += size_t(levels[id]) * upper_stride();
  }
  upper_.Resize(upper_words, 0);
  links0_.Resize(total * stride0_, 0);
  auto locks = std::make_unique<std::atomic<uint8_t>[]>(total);
  for (size_t i = 0; i < total; ++i) locks[i].store(0, std::memory_order_relaxed);
  locks_ = std::move(locks);
}

void HnswGraph::Lock(uint32_t id) const {
  for (int spins = 0; locks_[id].exchange(1, std::memory_order_acquire); ++spins) {
    if (spins > 64) std::this_thread::yield();
  }
}

template <bool kLocked, typename Scorer>
uint32_t HnswGraph::Greedy(const Scorer& score, uint32_t start, int from_level, int to_level,
                           SearchContext& ctx) const {
  uint32_t cur = start;
  float cur_d = score(cur);
  for (int level = from_level; level > to_level; --level) {
    for (bool moved = true; moved;) {
      moved = false;
      const uint32_t* links = Links(cur, level);
      const uint32_t* ids = links + 1;
      uint32_t count = links[0];
      if (kLocked) {
        // Copy under the lock: another insert may rewrite this list meanwhile.
        Lock(cur);
        ctx.links.assign(links + 1, links + 1 + links[0]);
        Unlock(cur);
        ids = ctx.links.data();
        count = uint32_t(ctx.links.size());
      }
      for (uint32_t i = 0; i < count; ++i) {
        uint32_t n = ids[i];
        float d = score(n);
        if (d < cur_d) {
          cur = n;
          cur_d = d;
          moved = true;
        }
      }
    }
  }
  return cur;
}

// Best-first search of one level (the paper's SEARCH-LAYER). Every reached node is a candidate to
// expand; only admitted ones enter `top`. The search stops when the nearest unexpanded candidate
// is farther than the worst of ef admitted results, so a filter that admits few nodes makes it
// expand further rather than return fewer.
template <bool kLocked, typename Scorer>
void HnswGraph::SearchLevel(const Scorer& score, uint32_t start, size_t ef, int level,
                            const Admit& admit, SearchContext& ctx) const {
  ctx.Reset(size());
  auto& cand = ctx.candidates;
  auto& top = ctx.top;
  float start_d = score(start);
  ctx.Visit(start);
  cand.push_back({start, start_d});
  if (admit(start)) top.push_back({start, start_d});
  float bound = top.size() >= ef ? start_d : std::numeric_limits<float>::infinity();
  while (!cand.empty()) {
    Neighbor c = cand.front();
    if (c.distance > bound) break;
    std::pop_heap(cand.begin(), cand.end(), Farther());
    cand.pop_back();
    // Prefetch the next candidate's links while this one is expanded.
    if (!cand.empty()) __builtin_prefetch(Links(cand.front().id, level));
    if (kLocked) Lock(c.id);
    const uint32_t* links = Links(c.id, level);
    uint32_t count = links[0];
    for (uint32_t i = 1; i <= count; ++i) __builtin_prefetch(&ctx.visited[links[i]]);
    ctx.fresh.clear();
    for (uint32_t i = 1; i <= count; ++i) {
      uint32_t n = links[i];
      if (ctx.Visit(n)) {
        ctx.fresh.push_back(n);
        score.Prefetch(n);
      }
    }
    if (kLocked) Unlock(c.id);
    for (uint32_t n : ctx.fresh) {
      float d = score(n);
      if (top.size() >= ef && d >= bound) continue;
      cand.push_back({n, d});
      std::push_heap(cand.begin(), cand.end(), Farther());
      if (!admit(n)) continue;
      top.push_back({n, d});
      std::push_heap(top.begin(), top.end(), Nearer());
      if (top.size() > ef) {
        std::pop_heap(top.begin(), top.end(), Nearer());
        top.pop_back();
      }
      if (top.size() >= ef) bound = top.front().distance;
    }
  }
  std::sort(top.begin(), top.end(), Nearer());
}

template <typename Scorer>
void HnswGraph::Search(const Scorer& score, size_t ef, const Admit& admit,
                       SearchContext& ctx) const {
  ctx.top.clear();
  if (entry_ < 0) return;
  uint32_t start = Greedy<false>(score, uint32_t(entry_), max_level_, 0, ctx);
  SearchLevel<false>(score, start, ef, 0, admit, ctx);
}

template void HnswGraph::Search(const FloatScorer&, size_t, const Admit&, SearchContext&) const;
template void HnswGraph::Search(const CodeScorer&, size_t, const Admit&, SearchContext&) const;

void HnswGraph::SelectNeighbors(const VectorStore& store, std::vector<Neighbor>& candidates,
                                size_t max) const {
  if (candidates.size() <= max) return;
  size_t kept = 0;
  for (size_t i = 0; i < candidates.size() && kept < max; ++i) {
    const Neighbor& c = candidates[i];
    const float* v = store.vector(c.id);
    bool diverse = true;
    for (size_t j = 0; j < kept && diverse; ++j) {
      diverse = store.FloatDistance(v, store.vector(candidates[j].id)) >= c.distance;
    }
    if (diverse) candidates[kept++] = c;
  }
  candidates.resize(kept);
}

void HnswGraph::Connect(uint32_t node, uint32_t id, int level, const VectorStore& store,
                        std::vector<Neighbor>& all) {
  size_t cap = Capacity(level);
  Lock(node);
  uint32_t* links = MutableLinks(node, level);
  if (links[0] < cap) {
    links[1 + links[0]] = id;
    ++links[0];
    Unlock(node);
    return;
  }
  const float* v = store.vector(node);
  all.clear();
  all.push_back({id, store.FloatDistance(v, store.vector(id))});
  for (uint32_t i = 1; i <= links[0]; ++i) {
    all.push_back({links[i], store.FloatDistance(v, store.vector(links[i]))});
  }
  std::sort(all.begin(), all.end(), Nearer());
  SelectNeighbors(store, all, cap);
  links[0] = uint32_t(all.size());
  for (size_t i = 0; i < all.size(); ++i) links[1 + i] = all[i].id;
  Unlock(node);
}

void HnswGraph::Insert(uint32_t id, const VectorStore& store, int ef_construction,
                       SearchContext& ctx) {
  int level = levels_[id];
  std::unique_lock<std::mutex> entry_lock(entry_mu_);
  int64_t entry = entry_;
  int max_level = max_level_;
  if (entry < 0) {
    entry_ = id;
    max_level_ = level;
    return;
  }
  // A node that will become the new entry point keeps the lock for its whole insert, so no
  // other insert starts from a level that is not linked yet.
  if (level <= max_level) entry_lock.unlock();

  FloatScorer score{&store, store.vector(id)};
  uint32_t start = Greedy<true>(score, uint32_t(entry), max_level, level, ctx);
  Admit all;
  std::vector<Neighbor>& chosen = ctx.chosen;
  for (int l = std::min(level, max_level); l >= 0; --l) {
    SearchLevel<true>(score, start, size_t(ef_construction), l, all, ctx);
    start = ctx.top.front().id;
    chosen = ctx.top;
    SelectNeighbors(store, chosen, size_t(m_));
    Lock(id);
    uint32_t* links = MutableLinks(id, l);
    links[0] = uint32_t(chosen.size());
    for (size_t i = 0; i < chosen.size(); ++i) links[1 + i] = chosen[i].id;
    Unlock(id);
    for (const Neighbor& n : chosen) Connect(n.id, id, l, store, ctx.pruned);
  }
  if (level > max_level) {
    entry_ = id;
    max_level_ = level;
  }
}

size_t HnswGraph::MemoryBytes() const {
  return links0_.MemoryBytes() + levels_.MemoryBytes() + upper_.MemoryBytes() +
         upper_offset_.capacity() * sizeof(uint32_t) + size_t(size()) /* locks */;
}

bool HnswGraph::Restore(std::shared_ptr<io::Buffer> links0, std::shared_ptr<io::Buffer> levels,
                        std::shared_ptr<io::Buffer> upper, uint32_t size, int64_t entry,
                        int max_level) {
  if (links0->size() != size_t(size) * stride0_ * 4 || levels->size() != size) return false;
  levels_.Map(std::move(levels), size);
  upper_offset_.resize(size);
  size_t upper_words = 0;
  for (uint32_t id = 0; id < size; ++id) {
    if (levels_[id] > kMaxLevel || levels_[id] > max_level) return false;
    upper_offset_[id] = uint32_t(upper_words);
    upper_words += size_t(levels_[id]) * upper_stride();
  }
  if (upper->size() != upper_words * 4) return false;
  links0_.Map(std::move(links0), size_t(size) * stride0_);
  upper_.Map(std::move(upper), upper_words);
  for (uint32_t id = 0; id < size; ++id) {
    for (int l = 0; l <= levels_[id]; ++l) {
      const uint32_t* links = Links(id, l);
      if (links[0] > Capacity(l)) return false;
      for (uint32_t i = 1; i <= links[0]; ++i) {
        if (links[i] >= size || levels_[links[i]] < l) return false;
      }
    }
  }
  if ((size == 0) != (entry < 0) || (entry >= 0 && levels_[uint32_t(entry)] != max_level)) {
    return false;
  }
  entry_ = entry;
  max_level_ = max_level;
  auto locks = std::make_unique<std::atomic<uint8_t>[]>(size);
  for (size_t i = 0; i < size; ++i) locks[i].store(0, std::memory_order_relaxed);
  locks_ = std::move(locks);
  return true;
}

}  // namespace strata::index::vector
