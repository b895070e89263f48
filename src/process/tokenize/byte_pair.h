// Byte-pair encoding over a rank table: the merge loop of tiktoken and of byte-level BPE.
//
// BytePairRanks maps byte strings to ranks (= token ids for tiktoken files) in one flat
// open-addressing table over a single byte arena, so a lookup hashes and compares a string_view
// without allocating. BytePairEncode merges a piece the way tiktoken's `_byte_pair_merge` does:
// repeatedly join the adjacent pair whose concatenation has the lowest rank (the leftmost on a
// tie) until no adjacent pair is a token.
// Thread-safety: a BytePairRanks is immutable once filled; lookups may run on many threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace strata::process::tokenize {

class BytePairRanks {
 public:
  static constexpr int32_t kAbsent = -1;

  /// Prepare room for `n` entries. REQUIRES: called before the first Insert.
  void Reserve(size_t n);
  /// Add `bytes` with `rank`; false when `bytes` is already present.
  bool Insert(std::string_view bytes, int32_t rank);
  /// Rank of `bytes`, kAbsent when it is not a token.
  int32_t Find(std::string_view bytes) const;
  size_t size() const { return count_; }

 private:
  struct Slot {
    uint32_t offset = 0;
    uint32_t length = 0;
    int32_t rank = kAbsent;
  };
  static uint64_t Hash(std::string_view bytes);
  void Grow();

  std::string arena_;
  std::vector<Slot> slots_;
  size_t count_ = 0;
};

/// Scratch space reused across the pieces of one text: boundaries and pair ranks.
struct MergeScratch {
  std::vector<uint32_t> starts;
  std::vector<int32_t> ranks;
};

/// Append the token ids of `piece` to `ids` and, when `ends` is not null, each token's end
/// offset within the piece.
/// REQUIRES: every single byte of `piece` is in `ranks`; piece is not empty.
void BytePairEncode(const BytePairRanks& ranks, std::string_view piece, MergeScratch* scratch,
                    std::vector<int32_t>* ids, std::vector<uint32_t>* ends);

}  // namespace strata::process::tokenize
