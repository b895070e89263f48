// Chunker: splits a Document's text into chunks sized in tokens (DESIGN §5).
//
// Strategies:
//   recursive  split at paragraph, then line, sentence, word, character boundaries until pieces
//              fit, then merge neighbours up to `size` tokens with `overlap` tokens carried over;
//   markdown   and html: never cross a Segment (section) boundary, recursive inside a section;
//   sentence   whole sentences packed up to `size`;
//   tokens     fixed windows of `size` tokens advancing by size - overlap, cut at token ends.
// Every chunk keeps its byte offsets into the document text (text == doc.text.substr(start,
// end - start)), the section and page of the Segment where it starts, and its token count
// under the given tokenizer.
// Details (boundaries.h, packer.h, recursive_splitter.h): chunks are trimmed of whitespace, lie
// on character boundaries, cover all non-whitespace text, come in text order (each starts and
// ends after the one before) and whitespace-only chunks are dropped. token_count is exactly
// tokenizer.Count(text) and at most `size`, except a chunk of one code point that the tokenizer
// alone counts as more. The overlap is made of whole trailing pieces of the previous chunk (for
// recursive/markdown/html the last piece may be cut at words, so paragraphs overlap too; for
// sentence only whole sentences); a sentence longer than `size` is cut at words. markdown/html
// restart at every segment and at every gap between segments, without overlap across them.
// Thread-safety: chunkers are immutable; Split may run on many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "ingest/document.h"
#include "process/tokenize/tokenizer.h"

namespace strata::process {

struct ChunkOptions {
  std::string strategy = "recursive";  // recursive | markdown | html | sentence | tokens
  int32_t size = 512;                  // tokens
  int32_t overlap = 64;                // tokens, < size
};

struct Chunk {
  int64_t char_start = 0;  // byte offsets into Document::text
  int64_t char_end = 0;
  std::string section;
  int32_t page = 0;  // 0 = none
  int32_t token_count = 0;
};

class Chunker {
 public:
  virtual ~Chunker() = default;
  virtual std::vector<Chunk> Split(const ingest::Document& doc,
                                   const Tokenizer& tokenizer) const = 0;
};

/// A chunker for `options`; InvalidArgument for an unknown strategy or size <= overlap.
Result<std::unique_ptr<Chunker>> MakeChunker(const ChunkOptions& options);

}  // namespace strata::process
