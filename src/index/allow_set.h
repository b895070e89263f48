// AllowSet: the rows a search may return, as a bitmap over an index's dense row ids.
//
// Filters and the ACL predicate (DESIGN §7) are turned into an AllowSet before the search, and
// every retriever consults it while it searches — never after — so that a search returns k
// results whenever k allowed rows exist. Retrievers use count() to choose a strategy (a
// selective set is searched exactly).
// Thread-safety: immutable once built; many searches may read one set.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace strata::index {

class AllowSet {
 public:
  AllowSet() = default;
  /// A set over ids [0, size) with every id allowed (`all`) or none.
  explicit AllowSet(uint32_t size, bool all = false)
      : size_(size), words_((size + 63) / 64, all ? ~uint64_t{0} : 0) {
    if (all) {
      if (size % 64) words_.back() = (uint64_t{1} << (size % 64)) - 1;
      count_ = size;
    }
  }

  uint32_t size() const { return size_; }
  /// Number of allowed ids.
  uint32_t count() const { return count_; }
  /// count() / size(); 1 for an empty universe.
  double selectivity() const { return size_ ? double(count_) / size_ : 1.0; }

  bool Contains(uint32_t id) const {
    return id < size_ && (words_[id >> 6] >> (id & 63)) & 1;
  }
  void Add(uint32_t id) {
    uint64_t& w = words_[id >> 6];
    uint64_t bit = uint64_t{1} << (id & 63);
    count_ += !(w & bit);
    w |= bit;
  }
  void Remove(uint32_t id) {
    uint64_t& w = words_[id >> 6];
    uint64_t bit = uint64_t{1} << (id & 63);
    count_ -= !!(w & bit);
    w &= ~bit;
  }
  /// Calls fn(id) for each allowed id in increasing order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (size_t i = 0; i < words_.size(); ++i) {
      for (uint64_t w = words_[i]; w; w &= w - 1) fn(uint32_t(i * 64 + std::countr_zero(w)));
    }
  }

 private:
  uint32_t size_ = 0;
  uint32_t count_ = 0;
  std::vector<uint64_t> words_;
};

}  // namespace strata::index
