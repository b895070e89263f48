// ChunkPacker: greedy packing of pieces with LangChain-style overlap (packer.h).

#include "process/chunk/packer.h"

#include <algorithm>

namespace strata::process {

ChunkPacker::ChunkPacker(std::string_view text, const Tokenizer& tokenizer, Options options,
                         std::vector<ChunkSpan>* out)
    : text_(text),
      tokenizer_(tokenizer),
      options_(options),
      additive_(tokenizer.name() == "words"),
      out_(out) {}

void ChunkPacker::Add(int64_t begin, int64_t end, int64_t tokens) {
  while (!pieces_.empty() && total_ + tokens > options_.size) {
    if (new_pieces_ == 0) {  // only the overlap is pending: shrink it to make room
      CarryOverlap(tokens);
      break;
    }
    EmitAndCarry(tokens);
  }
  pieces_.push_back(Piece{begin, end, tokens});
  total_ += tokens;
  ++new_pieces_;
  new_tokens_ += tokens;
}

void ChunkPacker::Break() {
  if (new_pieces_ > 0 && new_tokens_ * 2 >= options_.size) EmitAndCarry(0);
}

void ChunkPacker::Finish() {
  while (new_pieces_ > 0) {
    size_t n = EmitPrefix();
    if (n == pieces_.size()) break;
    DropFront(n);
  }
  pieces_.clear();
  total_ = 0;
  new_pieces_ = 0;
  new_tokens_ = 0;
}

void ChunkPacker::EmitAndCarry(int64_t next_tokens) {
  size_t n = EmitPrefix();
  if (n == pieces_.size()) {
    CarryOverlap(next_tokens);
    return;
  }
  // The recount of all pending pieces was over size: the rest starts the next chunk, with no
  // overlap (the pieces it would carry are already in it).
  DropFront(n);
}

void ChunkPacker::DropFront(size_t n) {
  pieces_.erase(pieces_.begin(), pieces_.begin() + static_cast<std::ptrdiff_t>(n));
  new_pieces_ = std::min(new_pieces_, pieces_.size());
  total_ = 0;
  new_tokens_ = 0;
  for (size_t i = 0; i < pieces_.size(); ++i) {
    total_ += pieces_[i].tokens;
    if (i + new_pieces_ >= pieces_.size()) new_tokens_ += pieces_[i].tokens;
  }
}

size_t ChunkPacker::EmitPrefix() {
  while (true) {
    const size_t carried = pieces_.size() - new_pieces_;
    size_t n = pieces_.size();
    int64_t sum = total_;
    while (true) {
      Span span = TrimSpaces(text_, Span{pieces_.front().begin, pieces_[n - 1].end});
      if (span.empty()) return n;  // whitespace only: no chunk
      int64_t tokens = ExactTokens(n, span, sum);
      if (tokens <= options_.size || additive_ || n == 1) {
        if (span.end > last_end_) {  // else only whitespace was added to the overlap
          out_->push_back(ChunkSpan{span.begin, span.end, tokens});
          last_begin_ = span.begin;
          last_end_ = span.end;
        }
        return n;
      }
      if (n <= carried + 1) break;  // a chunk must hold a new piece
      --n;
      sum -= pieces_[n].tokens;
    }
    DropFront(carried);  // the overlap and one new piece recount over size: drop the overlap
  }
}

int64_t ChunkPacker::ExactTokens(size_t n, Span span, int64_t sum) const {
  if (additive_) {
    bool exact = true;
    for (size_t i = 1; i < n && exact; ++i) {
      auto cut = static_cast<size_t>(pieces_[i].begin);
      exact = IsAsciiSpace(text_[cut - 1]) || IsAsciiSpace(text_[cut]);
    }
    if (exact) return sum;
  }
  return tokenizer_.Count(text_.substr(span.begin, span.size()));
}

void ChunkPacker::CarryOverlap(int64_t next_tokens) {
  const int64_t budget = std::min<int64_t>(options_.overlap, options_.size - next_tokens);
  tail_.clear();
  int64_t kept = 0;
  for (size_t i = pieces_.size(); i-- > 0;) {
    const Piece& p = pieces_[i];
    // A whole piece is carried if it fits and starts after the last chunk's start.
    if (p.begin > last_begin_ && kept + p.tokens <= budget) {
      tail_.push_back(p);
      kept += p.tokens;
      continue;
    }
    if (options_.word_tail && budget > kept) kept += WordTail(p, budget - kept);
    break;
  }
  pieces_.assign(tail_.rbegin(), tail_.rend());
  total_ = kept;
  new_pieces_ = 0;
  new_tokens_ = 0;
}

int64_t ChunkPacker::WordTail(const Piece& piece, int64_t budget) {
  int64_t kept = 0;
  int64_t pos = piece.end;
  while (pos > piece.begin) {
    int64_t start = pos;
    while (start > piece.begin && IsAsciiSpace(text_[start - 1])) --start;
    while (start > piece.begin && !IsAsciiSpace(text_[start - 1])) --start;
    if (start == piece.begin && pos == piece.end) break;  // one word: nothing finer to carry
    if (start <= last_begin_) break;
    int64_t tokens = tokenizer_.Count(text_.substr(start, pos - start));
    if (kept + tokens > budget) break;
    tail_.push_back(Piece{start, pos, tokens});
    kept += tokens;
    pos = start;
  }
  return kept;
}

}  // namespace strata::process
