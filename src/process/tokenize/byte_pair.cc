#include "process/tokenize/byte_pair.h"

#include <cstddef>
#include <cstring>
#include <limits>
#include <queue>

namespace strata::process::tokenize {
namespace {

constexpr int32_t kNoRank = std::numeric_limits<int32_t>::max();
// Pieces longer than this merge with a heap (O(n log n)) instead of rescanning all pairs after
// every merge (O(n^2)); both take the lowest rank, the leftmost on a tie.
constexpr size_t kHeapMergeMin = 128;

inline uint64_t Mix(uint64_t h) {
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  h ^= h >> 32;
  return h;
}

}  // namespace

uint64_t BytePairRanks::Hash(std::string_view bytes) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ bytes.size();
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h = Mix(h ^ w) + i;
  }
  if (i < bytes.size()) {
    uint64_t w = 0;
    std::memcpy(&w, bytes.data() + i, bytes.size() - i);
    h = Mix(h ^ w ^ 0xFF);
  }
  return Mix(h);
}

void BytePairRanks::Reserve(size_t n) {
  size_t cap = 16;
  while (cap < 2 * n) cap <<= 1;
  slots_.assign(cap, Slot{});
}

void BytePairRanks::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.rank == kAbsent) continue;
    size_t i = Hash({arena_.data() + s.offset, s.length}) & mask;
    while (slots_[i].rank != kAbsent) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

bool BytePairRanks::Insert(std::string_view bytes, int32_t rank) {
  if (slots_.empty()) Reserve(16);
  if (2 * (count_ + 1) > slots_.size()) Grow();
  const size_t mask = slots_.size() - 1;
  size_t i = Hash(bytes) & mask;
  while (slots_[i].rank != kAbsent) {
    const Slot& s = slots_[i];
    if (s.length == bytes.size() &&
        std::memcmp(arena_.data() + s.offset, bytes.data(), bytes.size()) == 0) {
      return false;
    }
    i = (i + 1) & mask;
  }
  slots_[i] = Slot{static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(bytes.size()), rank};
  arena_.append(bytes);
  ++count_;
  return true;
}

int32_t BytePairRanks::Find(std::string_view bytes) const {
  if (slots_.empty()) return kAbsent;
  const size_t mask = slots_.size() - 1;
  size_t i = Hash(bytes) & mask;
  while (true) {
    const Slot& s = slots_[i];
    if (s.rank == kAbsent) return kAbsent;
    if (s.length == bytes.size() &&
        std::memcmp(arena_.data() + s.offset, bytes.data(), bytes.size()) == 0) {
      return s.rank;
    }
    i = (i + 1) & mask;
  }
}

namespace {

// The long-piece merge: parts are a linked list over byte positions; a min-heap of
// (rank, start) holds candidate pairs, stale entries are skipped when popped.
void HeapMerge(const BytePairRanks& ranks, std::string_view piece, std::vector<int32_t>* ids,
               std::vector<uint32_t>* ends) {
  const uint32_t n = static_cast<uint32_t>(piece.size());
  std::vector<uint32_t> next(n), prev(n);
  std::vector<int32_t> pair(n, kNoRank);
  for (uint32_t i = 0; i < n; ++i) next[i] = i + 1, prev[i] = i == 0 ? n : i - 1;
  using Entry = std::pair<int32_t, uint32_t>;  // (rank, start): the smallest is popped first
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  auto update = [&](uint32_t i) {  // rank of part i joined with its successor
    pair[i] = kNoRank;
    if (i >= n || next[i] >= n) return;
    const uint32_t end = next[next[i]];
    const int32_t r = ranks.Find(piece.substr(i, end - i));
    if (r != BytePairRanks::kAbsent) heap.emplace(pair[i] = r, i);
  };
  for (uint32_t i = 0; i < n; ++i) update(i);
  while (!heap.empty()) {
    const auto [rank, i] = heap.top();
    heap.pop();
    if (pair[i] != rank || next[i] >= n) continue;  // stale: part i changed since the push
    const uint32_t j = next[i];
    next[i] = next[j];
    if (next[j] < n) prev[next[j]] = i;
    pair[j] = kNoRank;
    next[j] = n;  // j is gone
    update(i);
    if (prev[i] < n) update(prev[i]);
  }
  for (uint32_t i = 0; i < n; i = next[i]) {
    ids->push_back(ranks.Find(piece.substr(i, next[i] - i)));
    if (ends) ends->push_back(next[i]);
  }
}

}  // namespace

void BytePairEncode(const BytePairRanks& ranks, std::string_view piece, MergeScratch* scratch,
                    std::vector<int32_t>* ids, std::vector<uint32_t>* ends) {
  const int32_t whole = ranks.Find(piece);
  if (whole != BytePairRanks::kAbsent) {
    ids->push_back(whole);
    if (ends) ends->push_back(static_cast<uint32_t>(piece.size()));
    return;
  }
  if (piece.size() > kHeapMergeMin) return HeapMerge(ranks, piece, ids, ends);
  // parts i: starts[i] = start of part i, ranks[i] = rank of parts i and i+1 joined.
  auto& starts = scratch->starts;
  auto& pair = scratch->ranks;
  const size_t n = piece.size();
  starts.resize(n + 1);
  pair.resize(n + 1);
  for (size_t i = 0; i <= n; ++i) starts[i] = static_cast<uint32_t>(i);
  auto rank_of = [&](size_t i) -> int32_t {  // parts i and i+1 joined; needs part i+2's start
    if (i + 2 >= starts.size()) return kNoRank;
    const int32_t r = ranks.Find(piece.substr(starts[i], starts[i + 2] - starts[i]));
    return r == BytePairRanks::kAbsent ? kNoRank : r;
  };
  for (size_t i = 0; i <= n; ++i) pair[i] = rank_of(i);
  while (starts.size() > 2) {
    size_t best = 0;
    int32_t best_rank = kNoRank;
    for (size_t i = 0; i + 2 < starts.size(); ++i) {
      if (pair[i] < best_rank) {
        best_rank = pair[i];
        best = i;
      }
    }
    if (best_rank == kNoRank) break;
    starts.erase(starts.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    pair.erase(pair.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    pair[best] = rank_of(best);
    if (best > 0) pair[best - 1] = rank_of(best - 1);
  }
  for (size_t i = 0; i + 1 < starts.size(); ++i) {
    ids->push_back(ranks.Find(piece.substr(starts[i], starts[i + 1] - starts[i])));
    if (ends) ends->push_back(starts[i + 1]);
  }
}

}  // namespace strata::process::tokenize
