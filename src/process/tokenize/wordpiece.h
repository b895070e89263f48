// WordPieceTokenizer: BERT's tokenizer — BertNormalizer (clean control characters, space out CJK
// ideographs, strip accents, lower-case), BertPreTokenizer (split on whitespace, isolate each
// punctuation character) and greedy longest-match-first WordPiece with a continuation prefix
// ("##") and an unknown token for words that cannot be covered or are too long.
//
// Built from a BERT vocab.txt (OpenWordPieceVocab: one token a line, the id is the line number,
// lower-casing on) or from a Hugging Face tokenizer.json (hf_tokenizer.h). Encode returns the
// ids of the text only: no [CLS]/[SEP] (the post-processor's template is not applied), and
// special tokens written in the text ("[CLS]") are split like any other text.
// Offsets map back to the original text: a token ends where its last source character ends.
// Thread-safety: immutable after construction; Encode may run on many threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"
#include "process/tokenize/tokenizer.h"

namespace strata::process::tokenize {

struct BertNormalizerOptions {
  bool clean_text = true;
  bool handle_chinese_chars = true;
  bool strip_accents = true;
  bool lowercase = true;
};

struct WordPieceOptions {
  std::string unk_token = "[UNK]";
  std::string continuing_prefix = "##";
  int max_input_chars_per_word = 100;
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
using Vocab = std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>>;

class WordPieceTokenizer final : public Tokenizer {
 public:
  /// Corruption naming `source` when the unknown token is not in `vocab`.
  static Result<std::unique_ptr<WordPieceTokenizer>> Make(std::string name,
                                                          const std::string& source, Vocab vocab,
                                                          BertNormalizerOptions normalizer,
                                                          WordPieceOptions options);

  std::string_view name() const override { return name_; }
  std::vector<int32_t> Encode(std::string_view text) const override;
  void EncodeWithOffsets(std::string_view text, std::vector<int32_t>* ids,
                         std::vector<uint32_t>* ends) const override;

 private:
  struct NormChar;
  WordPieceTokenizer(std::string name, Vocab vocab, BertNormalizerOptions normalizer,
                     WordPieceOptions options, int32_t unk_id);
  void Normalize(std::string_view text, std::vector<NormChar>* out) const;
  void EncodeWord(const NormChar* chars, size_t n, std::vector<int32_t>* ids,
                  std::vector<uint32_t>* ends) const;

  std::string name_;
  Vocab vocab_;
  BertNormalizerOptions normalizer_;
  WordPieceOptions options_;
  int32_t unk_id_;
};

/// A lower-casing WordPiece tokenizer from BERT vocab file `path`.
Result<std::unique_ptr<Tokenizer>> OpenWordPieceVocab(const std::string& path, std::string name);

}  // namespace strata::process::tokenize
