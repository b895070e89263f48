// SearchContext: the scratch memory of one graph search — a visited list stamped with epochs, so
// that it is reset by incrementing a counter rather than clearing memory, and the heaps — and the
// pool that lends contexts to searching or inserting threads, so each thread reuses one.
// Thread-safety: a context is used by one thread at a time; ContextPool is thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "index/vector/vector_index.h"

namespace strata::index::vector {

struct SearchContext {
  std::vector<uint16_t> visited;
  uint16_t epoch = 0;
  std::vector<Neighbor> candidates;  // min-heap on distance: nodes to expand
  std::vector<Neighbor> top;         // max-heap on distance: admitted results
  std::vector<uint32_t> links;       // a copy of one link list (locked reads during builds)
  std::vector<uint32_t> fresh;       // unvisited neighbours of the node being expanded
  std::vector<Neighbor> chosen;      // inserts: the new node's neighbours on one level
  std::vector<Neighbor> pruned;      // inserts: a full neighbour list being re-selected

  /// Start a new search over `n` nodes: every node becomes unvisited.
  void Reset(size_t n) {
    if (visited.size() < n) {
      visited.assign(n + n / 4, 0);
      epoch = 0;
    }
    if (++epoch == 0) {
      std::fill(visited.begin(), visited.end(), 0);
      epoch = 1;
    }
    candidates.clear();
    top.clear();
  }
  bool Visit(uint32_t id) {
    if (visited[id] == epoch) return false;
    visited[id] = epoch;
    return true;
  }
};

class ContextPool {
 public:
  std::unique_ptr<SearchContext> Acquire() {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_.empty()) return std::make_unique<SearchContext>();
    auto ctx = std::move(free_.back());
    free_.pop_back();
    return ctx;
  }
  void Release(std::unique_ptr<SearchContext> ctx) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(ctx));
  }

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<SearchContext>> free_;
};

/// Borrow a context for a scope.
class ScopedContext {
 public:
  explicit ScopedContext(ContextPool& pool) : pool_(pool), ctx_(pool.Acquire()) {}
  ~ScopedContext() { pool_.Release(std::move(ctx_)); }
  SearchContext& operator*() { return *ctx_; }
  SearchContext* operator->() { return ctx_.get(); }

 private:
  ContextPool& pool_;
  std::unique_ptr<SearchContext> ctx_;
};

}  // namespace strata::index::vector
