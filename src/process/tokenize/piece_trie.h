// PieceTrie: a byte trie over a tokenizer's vocabulary pieces, for the Unigram Viterbi search
// (all pieces that start at one position, shortest first, in one walk).
//
// Edges live in one open-addressing table keyed by (node, byte), so a step is one probe into a
// table of about 16 bytes × edges (≈2 MB for a 30k-piece vocabulary) instead of hashing and
// comparing a growing string per candidate length.
// Thread-safety: immutable after the last Insert; Child/Piece may run on many threads.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace strata::process::tokenize {

class PieceTrie {
 public:
  static constexpr int32_t kRoot = 0;
  static constexpr int32_t kNone = -1;

  PieceTrie() : pieces_(1, kNone) { slots_.assign(1024, Slot{kEmpty, 0}); }

  /// Map `piece` to `value` (>= 0); a later Insert of the same piece replaces it.
  void Insert(std::string_view piece, int32_t value) {
    int32_t node = kRoot;
    for (char c : piece) {
      int32_t next = Child(node, static_cast<uint8_t>(c));
      if (next == kNone) {
        next = static_cast<int32_t>(pieces_.size());
        pieces_.push_back(kNone);
        AddEdge(node, static_cast<uint8_t>(c), next);
      }
      node = next;
    }
    pieces_[node] = value;
  }

  /// The node reached from `node` by `byte`, or kNone.
  int32_t Child(int32_t node, uint8_t byte) const {
    const uint64_t key = Key(node, byte);
    const size_t mask = slots_.size() - 1;
    for (size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i].key == key) return slots_[i].child;
      if (slots_[i].key == kEmpty) return kNone;
    }
  }

  /// The value of the piece that ends at `node`, or kNone when no piece ends there.
  int32_t Piece(int32_t node) const { return pieces_[node]; }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  struct Slot {
    uint64_t key;
    int32_t child;
  };
  static uint64_t Key(int32_t node, uint8_t byte) {
    return (static_cast<uint64_t>(node) << 8) | byte;
  }
  static uint64_t Hash(uint64_t key) { return (key * 0x9E3779B97F4A7C15ULL) >> 20; }

  void AddEdge(int32_t node, uint8_t byte, int32_t child) {
    if ((edges_ + 1) * 2 > slots_.size()) Grow();
    Place(Key(node, byte), child);
    ++edges_;
  }
  void Place(uint64_t key, int32_t child) {
    const size_t mask = slots_.size() - 1;
    size_t i = Hash(key) & mask;
    while (slots_[i].key != kEmpty) i = (i + 1) & mask;
    slots_[i] = Slot{key, child};
  }
  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, Slot{kEmpty, 0});
    for (const Slot& s : old) {
      if (s.key != kEmpty) Place(s.key, s.child);
    }
  }

  std::vector<Slot> slots_;
  std::vector<int32_t> pieces_;  // per node
  size_t edges_ = 0;
};

}  // namespace strata::process::tokenize
