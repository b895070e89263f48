// ChunkPacker: packs consecutive pieces of a text (each with its token count) into chunks of at
// most `size` tokens, carrying up to `overlap` tokens of each chunk's end into the next.
//
// Pieces arrive in text order and are contiguous. A chunk is emitted when the next piece would
// not fit; it is the span of its pieces with surrounding whitespace trimmed (all-whitespace
// chunks are dropped). The overlap carried is LangChain's: the longest run of trailing pieces
// whose tokens sum to at most `overlap` and that still leaves room for the next piece; with
// `word_tail`, when the piece before that run is too big it is cut at word boundaries so the
// overlap is close to `overlap` tokens even when pieces are paragraphs.
// Token counts: pieces are sized by the sum of their counts (an upper bound of the count of their
// concatenation for the word tokenizer). The emitted count is exact (tokenizer.Count of the
// chunk's text): for the word tokenizer it is the sum when every cut between pieces touches ASCII
// whitespace (tokens never span whitespace) and a recount otherwise; for other tokenizers it is
// a recount, and a chunk whose recount exceeds `size` gives back trailing pieces to the next.
// Chunks strictly advance: each starts and ends after the one before (the overlap never carries
// the first piece of a chunk, and a chunk inside the previous one is dropped).
// Thread-safety: one packer per Split call.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "process/chunk/boundaries.h"
#include "process/tokenize/tokenizer.h"

namespace strata::process {

/// A chunk before section and page assignment.
struct ChunkSpan {
  int64_t begin = 0;
  int64_t end = 0;
  int64_t tokens = 0;
};

class ChunkPacker {
 public:
  struct Options {
    int32_t size = 512;
    int32_t overlap = 0;
    bool word_tail = true;  // cut the overlap inside a too-big piece at word boundaries
  };

  ChunkPacker(std::string_view text, const Tokenizer& tokenizer, Options options,
              std::vector<ChunkSpan>* out);

  /// Append the piece text[begin, end) of `tokens` tokens. REQUIRES: begin == previous end.
  void Add(int64_t begin, int64_t end, int64_t tokens);
  /// A strong boundary: emit the pending chunk now if it is at least half full.
  void Break();
  /// Emit what is pending and forget the overlap (the end of a text or of a segment).
  void Finish();

 private:
  struct Piece {
    int64_t begin;
    int64_t end;
    int64_t tokens;
  };

  /// Emit a chunk of a prefix of the pending pieces (all of them unless the exact count of all
  /// is over size); return the prefix length.
  size_t EmitPrefix();
  /// Emit the pending pieces and keep the overlap for a next piece of `next_tokens` tokens.
  void EmitAndCarry(int64_t next_tokens);
  /// Forget the first n pending pieces.
  void DropFront(size_t n);
  /// Keep only the overlap tail of the pending pieces (for a next piece of `next_tokens`).
  void CarryOverlap(int64_t next_tokens);
  /// Append to tail_ (reversed) the trailing words of `piece` that fit in `budget` tokens;
  /// return their tokens.
  int64_t WordTail(const Piece& piece, int64_t budget);
  /// The exact token count of the chunk made of pieces_[0, n), trimmed to `span`.
  int64_t ExactTokens(size_t n, Span span, int64_t sum) const;

  std::string_view text_;
  const Tokenizer& tokenizer_;
  Options options_;
  bool additive_;  // word tokenizer: counts add across whitespace
  std::vector<ChunkSpan>* out_;
  std::vector<Piece> pieces_;  // pending, in order
  std::vector<Piece> tail_;    // scratch for CarryOverlap
  int64_t last_begin_ = -1;    // the last emitted chunk (the next must start and end later)
  int64_t last_end_ = -1;
  int64_t total_ = 0;       // sum of the pending pieces' tokens
  size_t new_pieces_ = 0;   // the last new_pieces_ pending pieces are in no emitted chunk
  int64_t new_tokens_ = 0;  // their tokens
};

}  // namespace strata::process
