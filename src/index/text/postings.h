// Posting lists of the BM25 index: blocks of up to kBlockSize (doc id, term frequency) pairs.
//
// A sealed block is bit-packed: the doc ids as deltas from the block's first doc at `doc_bits`
// bits each, then tf - 1 at `tf_bits` bits each, LSB first. Every byte range holding packed
// blocks is followed by kPackPadding readable bytes, so a decoder may read 8 bytes at any bit
// offset of a block. A term's postings that do not yet fill a block stay raw in `tail`
// ((doc, tf) pairs) and are described by one more block with doc_bits == kRawBlock.
//
// Each block carries `bound`: max over its postings of tf / (tf + norm(doc)), the BM25 term
// frequency factor, computed with the norms in force when the block was sealed (see
// Bm25Index::bound_scale_ for how stale bounds stay valid upper bounds).
//
// Block data is owned elsewhere (an arena of the index or a mapped file); blocks only point.
// Thread-safety: PostingCursor is single-threaded; the lists it reads must not change meanwhile.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace strata::index {

inline constexpr int kBlockSize = 128;
inline constexpr uint8_t kRawBlock = 0xFF;
inline constexpr size_t kPackPadding = 8;
inline constexpr uint32_t kEndDoc = UINT32_MAX;

struct PostingBlock {
  uint32_t first_doc = 0;
  uint32_t last_doc = 0;
  const uint8_t* data = nullptr;
  float bound = 0;
  uint16_t count = 0;
  uint8_t doc_bits = 0;
  uint8_t tf_bits = 0;
};

struct TermPostings {
  std::vector<PostingBlock> blocks;  // sealed blocks, then one raw block over `tail` if any
  std::vector<uint32_t> tail;        // unsealed (doc, tf) pairs, fewer than kBlockSize
  uint32_t df = 0;
  float max_bound = 0;  // max of blocks[].bound
  uint32_t sealed() const { return uint32_t(blocks.size()) - (tail.empty() ? 0 : 1); }
};

/// Bytes a block of `count` postings packs into at the given widths (without padding).
inline size_t PackedBytes(int count, int doc_bits, int tf_bits) {
  return (size_t(count) * doc_bits + 7) / 8 + (size_t(count) * tf_bits + 7) / 8;
}

/// Widths for packing docs[0..count) / tfs[0..count).
void PackWidths(const uint32_t* docs, const uint32_t* tfs, int count, uint8_t* doc_bits,
                uint8_t* tf_bits);
/// Pack into `out` (PackedBytes bytes; the caller provides kPackPadding more writable bytes).
void PackBlock(const uint32_t* docs, const uint32_t* tfs, int count, int doc_bits, int tf_bits,
               uint8_t* out);
/// Decode `block` (sealed or raw) into docs/tfs (kBlockSize entries each).
void UnpackBlock(const PostingBlock& block, uint32_t* docs, uint32_t* tfs);

/// Grows in chunks; returned memory stays put for the arena's lifetime.
class ByteArena {
 public:
  /// `n` bytes followed by kPackPadding zeroed readable bytes.
  uint8_t* Allocate(size_t n);
  size_t bytes() const { return reserved_; }

 private:
  static constexpr size_t kChunk = 1 << 20;
  std::vector<std::unique_ptr<uint8_t[]>> chunks_;
  size_t used_ = kChunk;
  size_t reserved_ = 0;
};

/// Iterates one term's postings in doc order with block skipping.
class PostingCursor {
 public:
  PostingCursor() = default;
  explicit PostingCursor(const TermPostings* postings) { Reset(postings); }
  void Reset(const TermPostings* postings);

  uint32_t doc() const { return doc_; }
  uint32_t tf() const { return tfs_[pos_]; }
  /// Advance to the next posting.
  void Next() {
    if (++pos_ < count_) {
      doc_ = docs_[pos_];
      return;
    }
    ++block_;
    LoadBlock();
  }
  /// Advance to the first posting with doc >= target (no-op when already there).
  void NextGeq(uint32_t target);
  /// Bound of the block holding the current posting (0 past the end).
  float BlockBound() const { return doc_ == kEndDoc ? 0.0f : p_->blocks[decoded_].bound; }
  /// Leave the current block for the first posting of the next block whose bound exceeds
  /// `limit`, skipping (without decoding) the blocks in between.
  void NextBlockAbove(double limit) {
    size_t b = decoded_ + 1;
    while (b < p_->blocks.size() && p_->blocks[b].bound <= limit) ++b;
    block_ = b;
    LoadBlock();
  }
  /// Bound of the block that would hold `target` (0 past the end), without decoding it.
  /// REQUIRES: targets passed to NextGeq/ShallowBound never decrease.
  float ShallowBound(uint32_t target);

 private:
  void SkipBlocks(uint32_t target);
  void LoadBlock();

  const TermPostings* p_ = nullptr;
  size_t block_ = 0;  // block the cursor (or a shallow move) is on
  size_t decoded_ = SIZE_MAX;
  int pos_ = 0;
  int count_ = 0;
  uint32_t doc_ = kEndDoc;
  uint32_t docs_[kBlockSize];
  uint32_t tfs_[kBlockSize];
};

}  // namespace strata::index
