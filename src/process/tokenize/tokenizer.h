// Tokenizer: text to token ids, used for chunk sizes and `chunks.token_count` (DESIGN §5).
//
// Kinds (MakeTokenizer spec strings):
//   "words"                      the built-in Unicode word tokenizer (default): a token is a run
//                                of letters/digits/marks (Unicode classes), one CJK ideograph,
//                                or one other non-space code point with the marks after it;
//                                ids are 32-bit hashes of the token.
//   "tiktoken:PATH[#ENCODING]"   byte-level BPE from a .tiktoken rank file; ENCODING selects the
//                                pre-tokenizer pattern and special tokens (cl100k_base,
//                                o200k_base, r50k_base, p50k_base; default from the file name).
//   "hf:PATH"                    Hugging Face tokenizer.json: BPE (byte-level), WordPiece or
//                                Unigram (SentencePiece-style).
//   "wordpiece:PATH"             WordPiece from a BERT vocab.txt (lower-casing, basic tokenizer).
// Token boundaries are exposed as byte offsets so the `tokens` chunker can cut between tokens.
// Thread-safety: a Tokenizer is immutable after construction; Encode may run on many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace strata::process {

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  /// The spec it was made from ("words", "tiktoken:cl100k_base", ...), for lineage and configs.
  virtual std::string_view name() const = 0;
  /// Token ids of `text`.
  virtual std::vector<int32_t> Encode(std::string_view text) const = 0;
  /// Token ids and, for each, the byte offset in `text` where it ends. A token that covers part
  /// of a multi-byte character ends at the end of that character.
  virtual void EncodeWithOffsets(std::string_view text, std::vector<int32_t>* ids,
                                 std::vector<uint32_t>* ends) const = 0;
  /// Number of tokens of `text` (may be faster than Encode).
  virtual int64_t Count(std::string_view text) const { return Encode(text).size(); }
};

/// Make a tokenizer from a spec (above). InvalidArgument for an unknown kind; NotFound/Corruption
/// naming the file for a missing or malformed vocabulary.
Result<std::unique_ptr<Tokenizer>> MakeTokenizer(std::string_view spec);

/// The built-in word tokenizer (shared, never null).
const Tokenizer& WordTokenizer();

}  // namespace strata::process
