// HfBpeTokenizer: the byte-level BPE model of a Hugging Face tokenizer.json (GPT-2, RoBERTa,
// Llama 3 style): text split by a pre-tokenizer pattern, each piece's bytes mapped to GPT-2's
// byte-to-unicode alphabet, then merged by the `merges` list (lowest merge rank first, leftmost
// on a tie) into vocabulary ids.
//
// Supported pre-tokenizers: ByteLevel (GPT-2 regex, optional add_prefix_space) and a Sequence of
// a Split with the cl100k/Llama-3 or o200k regex followed by ByteLevel without regex; the
// patterns are matched by hand (pretokenize.h). Added/special tokens in the text are encoded as
// plain text, as tiktoken's encode_ordinary does.
// Thread-safety: immutable after construction; Encode may run on many threads.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/result.h"
#include "process/tokenize/pretokenize.h"
#include "process/tokenize/tokenizer.h"
#include "process/tokenize/wordpiece.h"

namespace strata::process::tokenize {

struct HfBpeConfig {
  SplitPattern pattern = SplitPattern::kGpt2;
  bool add_prefix_space = false;
  bool ignore_merges = false;  // a piece that is a whole vocabulary token is not merged
  Vocab vocab;                 // token (byte-to-unicode text) -> id
  std::vector<std::pair<std::string, std::string>> merges;  // in priority order
};

/// The GPT-2 byte-to-unicode character of byte `b`, UTF-8 encoded.
std::string ByteToUnicode(uint8_t b);

class HfBpeTokenizer final : public Tokenizer {
 public:
  /// Corruption naming `source` when a byte or a merge's parts are missing from the vocabulary.
  static Result<std::unique_ptr<HfBpeTokenizer>> Make(std::string name, const std::string& source,
                                                      HfBpeConfig config);

  std::string_view name() const override { return name_; }
  std::vector<int32_t> Encode(std::string_view text) const override;
  void EncodeWithOffsets(std::string_view text, std::vector<int32_t>* ids,
                         std::vector<uint32_t>* ends) const override;

 private:
  struct Merge {
    int32_t rank;
    int32_t id;
  };
  HfBpeTokenizer() = default;
  void EncodePiece(std::string_view piece, std::vector<int32_t>* ids,
                   std::vector<uint32_t>* ends) const;
  int32_t PairRank(int32_t left, int32_t right, int32_t* merged) const;

  std::string name_;
  SplitPattern pattern_ = SplitPattern::kGpt2;
  bool add_prefix_space_ = false;
  bool ignore_merges_ = false;
  std::array<int32_t, 256> byte_ids_{};
  std::unordered_map<uint64_t, Merge> merges_;  // (left id << 32 | right id) -> merge
  Vocab vocab_;                                 // for ignore_merges only
};

}  // namespace strata::process::tokenize
