// TiktokenTokenizer: byte-level BPE from a `.tiktoken` rank file (lines "base64token rank"),
// the format OpenAI's tiktoken loads, with the pre-tokenizer of the named encoding.
//
// Encodings: cl100k_base, o200k_base, r50k_base, p50k_base (gpt2 is r50k_base). The encoding
// comes from "#ENCODING" in the spec or from the file name ("cl100k_base.tiktoken").
// Special tokens (<|endoftext|> ...) are text like any other: Encode behaves as tiktoken's
// encode_ordinary, so a document that contains "<|endoftext|>" is counted as the tokens of
// those characters, never as the control token.
// Thread-safety: immutable after Open; Encode may run on many threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "process/tokenize/byte_pair.h"
#include "process/tokenize/pretokenize.h"
#include "process/tokenize/tokenizer.h"

namespace strata::process::tokenize {

/// The split pattern of tiktoken encoding `encoding`; InvalidArgument for an unknown name.
Result<SplitPattern> PatternOfEncoding(std::string_view encoding);

class TiktokenTokenizer final : public Tokenizer {
 public:
  /// Load the rank file `path`, for `encoding` (empty: from the file name). `name` is the spec.
  static Result<std::unique_ptr<TiktokenTokenizer>> Open(const std::string& path,
                                                         std::string_view encoding,
                                                         std::string name);

  std::string_view name() const override { return name_; }
  std::vector<int32_t> Encode(std::string_view text) const override;
  void EncodeWithOffsets(std::string_view text, std::vector<int32_t>* ids,
                         std::vector<uint32_t>* ends) const override;

  size_t vocab_size() const { return ranks_.size(); }

 private:
  TiktokenTokenizer(std::string name, SplitPattern pattern, BytePairRanks ranks)
      : name_(std::move(name)), pattern_(pattern), ranks_(std::move(ranks)) {}

  std::string name_;
  SplitPattern pattern_;
  BytePairRanks ranks_;
};

/// Decode standard base64 (with '=' padding) into `out`; false when `in` is not base64.
bool DecodeBase64(std::string_view in, std::string* out);

}  // namespace strata::process::tokenize
