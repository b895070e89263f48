// RecursiveSplitter: the level-by-level descent of the recursive chunker (recursive_splitter.h).

#include "process/chunk/recursive_splitter.h"

namespace strata::process {

void RecursiveSplitter::SplitAt(Span range, size_t level, int64_t tokens) {
  const bool last = level + 1 == levels_.size();
  ForEachPart(text_, range, levels_[level], [&](int64_t begin, int64_t end) {
    const bool whole = begin == range.begin && end == range.end;
    int64_t n = whole && tokens >= 0 ? tokens : tokenizer_.Count(text_.substr(begin, end - begin));
    if (n <= size_ || last) {
      packer_->Add(begin, end, n);
      return;
    }
    packer_->Break();
    SplitAt(Span{begin, end}, level + 1, n);
  });
}

}  // namespace strata::process
