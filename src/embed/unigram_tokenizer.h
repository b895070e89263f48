// UnigramTokenizer: the Hugging Face tokenizer.json "Unigram" model (SentencePiece-style), which
// process::MakeTokenizer does not read; model2vec's vocabulary-quantized models ship one.
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
// caller splits them out, as StaticEmbedder does). No post-processor template is applied.
// Thread-safety: immutable after construction; Encode may run on many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "embed/piece_trie.h"

namespace strata::embed {

class UnigramTokenizer {
 public:
  /// Build from the parsed tokenizer.json text `json` read from `source`.
  static Result<std::unique_ptr<UnigramTokenizer>> Parse(std::string_view json,
                                                         const std::string& source);
  ~UnigramTokenizer();

  /// Token ids of `text`.
  std::vector<int32_t> Encode(std::string_view text) const;
  /// Id of the unknown token.
  int32_t unk_id() const { return unk_id_; }

  struct NormalizerStep;
  struct PreTokenizerStep;

 private:
  UnigramTokenizer();
  void Normalize(std::u32string* text) const;
  void PreTokenize(std::u32string text, std::vector<std::u32string>* pieces) const;
  void EncodePiece(const std::u32string& piece, std::vector<int32_t>* ids) const;

  std::vector<NormalizerStep> normalizers_;
  std::vector<PreTokenizerStep> pre_tokenizers_;
  PieceTrie pieces_;            // piece -> id
  std::vector<double> scores_;  // id -> log-probability
  int32_t unk_id_ = -1;
  double unk_score_ = 0;
};

}  // namespace strata::embed
