// UnigramTokenizer: the Hugging Face tokenizer.json "Unigram" model (SentencePiece-style), as
// model2vec's vocabulary-quantized models ship it; MakeTokenizer("hf:PATH") returns one when the
// file's model type is "Unigram".
//
// Supported pipeline (anything else is NotSupported naming the file and field):
//   normalizer     null, BertNormalizer, Lowercase, NFC/NFD/NFKC/NFKD, Strip,
//                  Replace (a String pattern, or the Regex "\s+"), Sequence of these;
//   pre_tokenizer  null, Metaspace (replacement, prepend_scheme always/first/never or the older
//                  add_prefix_space, split), WhitespaceSplit, Sequence of these;
//   model          Unigram with unk_id, byte_fallback false.
// Encoding is HF's Viterbi: at each character, every vocabulary piece starting there is a
// candidate scored by its log-probability; a character that no one-character piece covers gets
// the unknown token at (lowest score - 10); ties keep the earliest-found path; consecutive
// unknowns fuse into one. Added (special) tokens written in the text are not matched here (the
// caller splits them out, as embed::StaticEmbedder does). No post-processor template is applied.
// Offsets: every normalized character remembers the original bytes it came from (an inserted
// character, such as Metaspace's prepended "▁", those of its neighbour), and a token ends where
// its last character's source ends.
// Thread-safety: immutable after construction; Encode may run on many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "process/tokenize/piece_trie.h"
#include "process/tokenize/tokenizer.h"

namespace strata::process::tokenize {

class UnigramTokenizer final : public Tokenizer {
 public:
  /// Build from the parsed tokenizer.json `root` read from `source`; `name` is the spec.
  static Result<std::unique_ptr<UnigramTokenizer>> Make(const nlohmann::json& root,
                                                        const std::string& source,
                                                        std::string name);
  ~UnigramTokenizer() override;

  std::string_view name() const override { return name_; }
  std::vector<int32_t> Encode(std::string_view text) const override;
  void EncodeWithOffsets(std::string_view text, std::vector<int32_t>* ids,
                         std::vector<uint32_t>* ends) const override;
  /// Id of the unknown token.
  int32_t unk_id() const { return unk_id_; }

  struct NormalizerStep;
  struct PreTokenizerStep;
  /// The bytes [begin, end) of the original text that a normalized character came from.
  struct Source {
    uint32_t begin, end;
  };

 private:
  UnigramTokenizer();
  // `align`, when not null, runs parallel to the text and is kept so through every step.
  void Normalize(std::u32string* text, std::vector<Source>* align) const;
  void PreTokenize(std::u32string text, std::vector<Source> align,
                   std::vector<std::u32string>* pieces,
                   std::vector<std::vector<Source>>* piece_aligns) const;
  // Append the ids of `piece` and, when `char_ends` is not null, the index in `piece` of the
  // character each id ends after.
  void EncodePiece(const std::u32string& piece, std::vector<int32_t>* ids,
                   std::vector<size_t>* char_ends) const;

  std::string name_;
  std::vector<NormalizerStep> normalizers_;
  std::vector<PreTokenizerStep> pre_tokenizers_;
  PieceTrie pieces_;            // piece -> id
  std::vector<double> scores_;  // id -> log-probability
  int32_t unk_id_ = -1;
  double unk_score_ = 0;
};

}  // namespace strata::process::tokenize
