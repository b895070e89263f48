// TermTable: interns strings to dense ids 0, 1, 2, ... in insertion order.
//
// Open addressing with linear probing over 8-byte slots (id + 32 bits of the XXH3 hash), the
// strings back to back in one buffer. It replaces std::unordered_map<std::string, uint32_t> on
// the indexing path (per-token lookups), where node chasing dominated the profile.
// Thread-safety: none; one table per thread or external locking.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace strata::index {

class TermTable {
 public:
  static constexpr uint32_t kMissing = UINT32_MAX;

  /// The id of `term`; a new term gets id size(). Sets *inserted when given.
  uint32_t Intern(std::string_view term, bool* inserted = nullptr);
  /// The id of `term`, or kMissing.
  uint32_t Find(std::string_view term) const;
  std::string_view Term(uint32_t id) const {
    return std::string_view(bytes_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
  }
  uint32_t size() const { return uint32_t(offsets_.size() - 1); }
  void Reserve(size_t terms, size_t bytes);
  void Clear();
  size_t MemoryBytes() const {
    return slots_.capacity() * sizeof(Slot) + bytes_.capacity() + offsets_.capacity() * 4;
  }

 private:
  struct Slot {
    uint32_t id_plus_1 = 0;  // 0: empty
    uint32_t tag = 0;        // high 32 bits of the hash
  };
  /// The slot holding `term` or the empty slot where it would go.
  size_t Probe(std::string_view term, uint64_t hash) const;
  void Grow();

  std::vector<Slot> slots_;
  std::string bytes_;
  std::vector<uint32_t> offsets_ = {0};  // term id -> start in bytes_; one past the last
};

}  // namespace strata::index
