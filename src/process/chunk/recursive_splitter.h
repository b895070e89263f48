// RecursiveSplitter: cuts a byte range into pieces of at most `size` tokens, trying boundary
// levels in order (paragraph, line, sentence, word, code point for the `recursive` strategy),
// and feeds them to a ChunkPacker (packer.h).
//
// A part that fits goes to the packer whole; a part that does not is cut at the next level, after
// a Break() so that the chunk before it ends at the stronger boundary when it is at least half
// full. A part at the last level goes to the packer even when it is over size (one code point
// the tokenizer counts as more than `size` tokens). Each part is counted once per level it is
// tried at, and not again when a level finds no boundary in it.
// Thread-safety: one splitter per Split call.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "process/chunk/boundaries.h"
#include "process/chunk/packer.h"
#include "process/tokenize/tokenizer.h"

namespace strata::process {

class RecursiveSplitter {
 public:
  /// REQUIRES: `levels` is not empty and outlives the splitter.
  RecursiveSplitter(std::string_view text, const Tokenizer& tokenizer,
                    std::span<const Boundary> levels, int32_t size, ChunkPacker* packer)
      : text_(text), tokenizer_(tokenizer), levels_(levels), size_(size), packer_(packer) {}

  /// Feed text[range] to the packer as pieces.
  void Split(Span range) { SplitAt(range, 0, -1); }

 private:
  /// Split `range` at levels_[level]; `tokens` is its count when known (else -1).
  void SplitAt(Span range, size_t level, int64_t tokens);

  std::string_view text_;
  const Tokenizer& tokenizer_;
  std::span<const Boundary> levels_;
  int32_t size_;
  ChunkPacker* packer_;
};

}  // namespace strata::process
