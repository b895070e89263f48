// The chunking strategies of chunker.h and MakeChunker.
//
// recursive, markdown, html and sentence share RecursiveSplitter + ChunkPacker and differ in
// their boundary levels and in whether they restart at every Segment; tokens cuts fixed windows
// from one EncodeWithOffsets pass. Spans become Chunks with the section and page of the segment
// that holds their first byte.

#include "process/chunk/chunker.h"

#include <algorithm>
#include <array>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "process/chunk/boundaries.h"
#include "process/chunk/packer.h"
#include "process/chunk/recursive_splitter.h"

namespace strata::process {
namespace {

constexpr std::array<Boundary, 5> kRecursiveLevels = {Boundary::kParagraph, Boundary::kLine,
                                                      Boundary::kSentence, Boundary::kWord,
                                                      Boundary::kCodePoint};
constexpr std::array<Boundary, 3> kSentenceLevels = {Boundary::kSentenceOrParagraph,
                                                     Boundary::kWord, Boundary::kCodePoint};

/// The first character boundary at or after `pos`, clamped to the text.
int64_t CharBoundaryAtOrAfter(std::string_view text, int64_t pos) {
  auto p = static_cast<size_t>(std::clamp<int64_t>(pos, 0, static_cast<int64_t>(text.size())));
  while (!IsCharBoundary(text, p)) ++p;
  return static_cast<int64_t>(p);
}

/// The regions a segment-respecting chunker splits separately: each segment and each gap
/// between segments (text outside every segment), in order, cut at character boundaries.
std::vector<Span> SegmentRegions(const ingest::Document& doc) {
  std::vector<Span> regions;
  std::string_view text = doc.text;
  int64_t cursor = 0;
  auto add = [&](int64_t begin, int64_t end) {
    begin = CharBoundaryAtOrAfter(text, std::max(begin, cursor));
    end = CharBoundaryAtOrAfter(text, end);
    if (begin < end) {
      regions.push_back(Span{begin, end});
      cursor = end;
    }
  };
  for (const ingest::Segment& seg : doc.segments) {
    add(cursor, seg.begin);
    add(seg.begin, seg.end);
  }
  add(cursor, static_cast<int64_t>(text.size()));
  return regions;
}

/// Chunks for `spans` with the section and page of the segment holding each one's first byte.
std::vector<Chunk> ToChunks(const ingest::Document& doc, const std::vector<ChunkSpan>& spans) {
  std::vector<Chunk> chunks;
  chunks.reserve(spans.size());
  const std::vector<ingest::Segment>& segs = doc.segments;
  for (const ChunkSpan& span : spans) {
    Chunk chunk;
    chunk.char_start = span.begin;
    chunk.char_end = span.end;
    chunk.token_count =
        static_cast<int32_t>(std::min<int64_t>(span.tokens, std::numeric_limits<int32_t>::max()));
    auto it = std::upper_bound(segs.begin(), segs.end(), span.begin,
                               [](int64_t pos, const ingest::Segment& s) { return pos < s.begin; });
    if (it != segs.begin() && std::prev(it)->end > span.begin) {
      chunk.section = std::prev(it)->section;
      chunk.page = std::prev(it)->page;
    }
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

class SplittingChunker final : public Chunker {
 public:
  SplittingChunker(ChunkOptions options, std::span<const Boundary> levels, bool by_segment,
                   bool word_tail)
      : options_(std::move(options)),
        levels_(levels),
        by_segment_(by_segment),
        word_tail_(word_tail) {}

  std::vector<Chunk> Split(const ingest::Document& doc, const Tokenizer& tokenizer) const override {
    std::vector<ChunkSpan> spans;
    ChunkPacker packer(doc.text, tokenizer, {options_.size, options_.overlap, word_tail_}, &spans);
    RecursiveSplitter splitter(doc.text, tokenizer, levels_, options_.size, &packer);
    std::vector<Span> regions;
    if (by_segment_) {
      regions = SegmentRegions(doc);
    } else {
      regions.push_back(Span{0, static_cast<int64_t>(doc.text.size())});
    }
    for (Span region : regions) {
      splitter.Split(region);
      packer.Finish();
    }
    return ToChunks(doc, spans);
  }

 private:
  ChunkOptions options_;
  std::span<const Boundary> levels_;
  bool by_segment_;
  bool word_tail_;
};

/// The tokens [first, *stop) as a chunk span (trimmed; empty when all whitespace). *stop is
/// lowered until the window ends on a character boundary (tokens that end inside one character
/// all end at its end, and a window holds such a group whole) and, for tokenizers whose tokens
/// depend on their neighbours, until its text recounts to at most `size` tokens; a window keeps
/// at least one token. Word tokens do not depend on their neighbours: the count is stop - first.
ChunkSpan TokenWindow(std::string_view text, const Tokenizer& tokenizer,
                      const std::vector<uint32_t>& ends, size_t first, size_t* stop, int64_t size,
                      bool additive) {
  while (true) {
    while (*stop < ends.size() && *stop - 1 > first && ends[*stop - 1] == ends[*stop]) --*stop;
    // The last window runs to the end of the text: characters after the last token (ones the
    // tokenizer drops, such as controls for WordPiece) belong to it.
    int64_t end = *stop == ends.size() ? static_cast<int64_t>(text.size()) : ends[*stop - 1];
    Span span = TrimSpaces(text, Span{first == 0 ? 0 : ends[first - 1], end});
    if (span.empty()) return ChunkSpan{0, 0, 0};
    int64_t tokens = additive ? static_cast<int64_t>(*stop - first)
                              : tokenizer.Count(text.substr(span.begin, span.size()));
    if (tokens <= size || *stop - 1 == first) return ChunkSpan{span.begin, span.end, tokens};
    --*stop;
  }
}

class TokenWindowChunker final : public Chunker {
 public:
  explicit TokenWindowChunker(ChunkOptions options) : options_(std::move(options)) {}

  std::vector<Chunk> Split(const ingest::Document& doc, const Tokenizer& tokenizer) const override {
    std::string_view text = doc.text;
    std::vector<int32_t> ids;
    std::vector<uint32_t> ends;
    tokenizer.EncodeWithOffsets(text, &ids, &ends);
    const bool additive = tokenizer.name() == "words";
    const auto size = static_cast<size_t>(options_.size);
    const auto step = static_cast<size_t>(options_.size - options_.overlap);
    std::vector<ChunkSpan> spans;
    if (Span all = TrimSpaces(text, Span{0, static_cast<int64_t>(text.size())});
        ends.empty() && !all.empty()) {  // text, but no token: one chunk of 0 tokens
      spans.push_back(
          ChunkSpan{all.begin, all.end, tokenizer.Count(text.substr(all.begin, all.size()))});
    }
    for (size_t first = 0; first < ends.size();) {
      size_t stop = std::min(first + size, ends.size());
      ChunkSpan span = TokenWindow(text, tokenizer, ends, first, &stop, options_.size, additive);
      // Skip a window that is whitespace or, trimmed, inside the one before.
      if (span.end > (spans.empty() ? 0 : spans.back().end)) spans.push_back(span);
      if (stop == ends.size()) break;
      first = std::min(first + step, stop);
    }
    return ToChunks(doc, spans);
  }

 private:
  ChunkOptions options_;
};

}  // namespace

Result<std::unique_ptr<Chunker>> MakeChunker(const ChunkOptions& options) {
  if (options.size <= 0 || options.overlap < 0 || options.overlap >= options.size) {
    return Status::InvalidArgument("chunking: size " + std::to_string(options.size) +
                                   " and overlap " + std::to_string(options.overlap) +
                                   " must satisfy 0 <= overlap < size");
  }
  const std::string& s = options.strategy;
  if (s == "recursive") {
    return std::unique_ptr<Chunker>(new SplittingChunker(options, kRecursiveLevels, false, true));
  }
  if (s == "markdown" || s == "html") {
    return std::unique_ptr<Chunker>(new SplittingChunker(options, kRecursiveLevels, true, true));
  }
  if (s == "sentence") {
    return std::unique_ptr<Chunker>(new SplittingChunker(options, kSentenceLevels, false, false));
  }
  if (s == "tokens") return std::unique_ptr<Chunker>(new TokenWindowChunker(options));
  return Status::InvalidArgument("chunking: unknown strategy \"" + s +
                                 "\" (expected recursive, markdown, html, sentence or tokens)");
}

}  // namespace strata::process
