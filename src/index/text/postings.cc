#include "index/text/postings.h"

#include <array>
#include <bit>
#include <cstring>
#include <utility>

namespace strata::index {
namespace {

inline int BitsFor(uint32_t v) { return v ? 32 - std::countl_zero(v) : 0; }

void PackBits(const uint32_t* values, int count, int bits, uint8_t* out) {
  if (bits == 0) return;
  for (int i = 0; i < count; ++i) {
    size_t bit = size_t(i) * bits;
    uint64_t word;
    std::memcpy(&word, out + (bit >> 3), 8);
    word |= uint64_t(values[i]) << (bit & 7);
    std::memcpy(out + (bit >> 3), &word, 8);
  }
}

/// Unpack `count` values of B bits; B is a constant so shifts and masks fold, and a full block
/// (kFull) lets the compiler unroll by whole bytes.
template <int B, bool kFull>
void UnpackFixed(const uint8_t* in, int count, uint32_t* values) {
  constexpr uint64_t kMask = (uint64_t{1} << B) - 1;
  const int n = kFull ? kBlockSize : count;
  for (int i = 0; i < n; ++i) {
    const size_t bit = size_t(i) * B;
    uint64_t word;
    std::memcpy(&word, in + (bit >> 3), 8);
    values[i] = uint32_t((word >> (bit & 7)) & kMask);
  }
}

using UnpackFn = void (*)(const uint8_t*, int, uint32_t*);

template <bool kFull, int... B>
constexpr std::array<UnpackFn, sizeof...(B)> MakeUnpackers(std::integer_sequence<int, B...>) {
  return {&UnpackFixed<B, kFull>...};
}

void UnpackBits(const uint8_t* in, int count, int bits, uint32_t* values) {
  static constexpr auto kFull = MakeUnpackers<true>(std::make_integer_sequence<int, 33>());
  static constexpr auto kPartial = MakeUnpackers<false>(std::make_integer_sequence<int, 33>());
  if (bits == 0) {
    std::memset(values, 0, sizeof(uint32_t) * count);
    return;
  }
  (count == kBlockSize ? kFull : kPartial)[bits](in, count, values);
}

}  // namespace

void PackWidths(const uint32_t* docs, const uint32_t* tfs, int count, uint8_t* doc_bits,
                uint8_t* tf_bits) {
  uint32_t gaps = 0, freqs = 0;
  for (int i = 1; i < count; ++i) gaps |= docs[i] - docs[i - 1];
  for (int i = 0; i < count; ++i) freqs |= tfs[i] - 1;
  *doc_bits = uint8_t(BitsFor(gaps));
  *tf_bits = uint8_t(BitsFor(freqs));
}

void PackBlock(const uint32_t* docs, const uint32_t* tfs, int count, int doc_bits, int tf_bits,
               uint8_t* out) {
  uint32_t scratch[kBlockSize];
  size_t doc_bytes = (size_t(count) * doc_bits + 7) / 8;
  std::memset(out, 0, PackedBytes(count, doc_bits, tf_bits) + kPackPadding);
  scratch[0] = 0;
  for (int i = 1; i < count; ++i) scratch[i] = docs[i] - docs[i - 1];
  PackBits(scratch, count, doc_bits, out);
  for (int i = 0; i < count; ++i) scratch[i] = tfs[i] - 1;
  PackBits(scratch, count, tf_bits, out + doc_bytes);
}

void UnpackBlock(const PostingBlock& block, uint32_t* docs, uint32_t* tfs) {
  const int n = block.count;
  if (block.doc_bits == kRawBlock) {
    const auto* pairs = reinterpret_cast<const uint32_t*>(block.data);
    for (int i = 0; i < n; ++i) {
      docs[i] = pairs[2 * i];
      tfs[i] = pairs[2 * i + 1];
    }
    return;
  }
  UnpackBits(block.data, n, block.doc_bits, docs);
  uint32_t doc = block.first_doc;
  for (int i = 0; i < n; ++i) docs[i] = doc += docs[i];
  UnpackBits(block.data + (size_t(n) * block.doc_bits + 7) / 8, n, block.tf_bits, tfs);
  for (int i = 0; i < n; ++i) tfs[i] += 1;
}

uint8_t* ByteArena::Allocate(size_t n) {
  size_t need = n + kPackPadding;
  if (used_ + need > kChunk || chunks_.empty()) {
    size_t size = std::max(kChunk, need);
    chunks_.push_back(std::make_unique<uint8_t[]>(size));  // value-initialized: zeroed
    reserved_ += size;
    used_ = 0;
    if (size > kChunk) {  // an oversized request gets a chunk of its own
      used_ = kChunk;
      return chunks_.back().get();
    }
  }
  uint8_t* p = chunks_.back().get() + used_;
  used_ += need;
  return p;
}

void PostingCursor::Reset(const TermPostings* postings) {
  p_ = postings;
  block_ = 0;
  decoded_ = SIZE_MAX;
  LoadBlock();
}

void PostingCursor::LoadBlock() {
  if (block_ >= p_->blocks.size()) {
    doc_ = kEndDoc;
    pos_ = count_ = 0;
    return;
  }
  const PostingBlock& b = p_->blocks[block_];
  UnpackBlock(b, docs_, tfs_);
  decoded_ = block_;
  count_ = b.count;
  pos_ = 0;
  doc_ = docs_[0];
}

void PostingCursor::SkipBlocks(uint32_t target) {
  const auto& blocks = p_->blocks;
  const size_t n = blocks.size();
  while (block_ < n && blocks[block_].last_doc < target) {
    block_ += (block_ + 8 < n && blocks[block_ + 8].last_doc < target) ? 8 : 1;
  }
}

void PostingCursor::NextGeq(uint32_t target) {
  if (doc_ >= target) return;
  SkipBlocks(target);
  if (block_ != decoded_) LoadBlock();
  if (doc_ == kEndDoc) return;
  while (docs_[pos_] < target) ++pos_;  // the block's last doc is >= target
  doc_ = docs_[pos_];
}

float PostingCursor::ShallowBound(uint32_t target) {
  if (doc_ >= target) return doc_ == kEndDoc ? 0.0f : p_->blocks[decoded_].bound;
  SkipBlocks(target);
  return block_ < p_->blocks.size() ? p_->blocks[block_].bound : 0.0f;
}

}  // namespace strata::index
