// TopK: the k closest (distance, id) pairs seen so far, as a bounded max-heap.
//
// Ties order by id, so exact searches return the same list however the rows were split across
// threads. Thread-safety: none; each thread keeps its own and the results are merged.
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

#include "index/vector/vector_index.h"

namespace strata::index::vector {

struct Closer {
  bool operator()(const Neighbor& a, const Neighbor& b) const {
    return a.distance < b.distance || (a.distance == b.distance && a.id < b.id);
  }
};

class TopK {
 public:
  explicit TopK(size_t k) : k_(k) { heap_.reserve(k + 1); }

  size_t size() const { return heap_.size(); }
  bool full() const { return heap_.size() >= k_; }
  /// The distance a candidate must beat to enter (infinity until full).
  float threshold() const {
    return full() && k_ > 0 ? heap_.front().distance : std::numeric_limits<float>::infinity();
  }

  void Push(uint32_t id, float distance) {
    if (k_ == 0) return;
    Neighbor n{id, distance};
    if (!full()) {
      heap_.push_back(n);
      std::push_heap(heap_.begin(), heap_.end(), Closer());
    } else if (Closer()(n, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), Closer());
      heap_.back() = n;
      std::push_heap(heap_.begin(), heap_.end(), Closer());
    }
  }

  void Merge(const TopK& other) {
    for (const Neighbor& n : other.heap_) Push(n.id, n.distance);
  }

  /// The pairs, closest first (consumes the heap).
  std::vector<Neighbor> Take() {
    std::sort(heap_.begin(), heap_.end(), Closer());
    return std::move(heap_);
  }

 private:
  size_t k_;
  std::vector<Neighbor> heap_;
};

}  // namespace strata::index::vector
