// MakeTokenizer: the spec strings of tokenizer.h, dispatched to the implementations.
#include <string>

#include "process/tokenize/hf_tokenizer.h"
#include "process/tokenize/tiktoken.h"
#include "process/tokenize/tokenizer.h"
#include "process/tokenize/wordpiece.h"

namespace strata::process {
namespace {

// A non-owning view of the shared WordTokenizer(), so "words" fits the unique_ptr factory.
class WordTokenizerRef final : public Tokenizer {
 public:
  std::string_view name() const override { return "words"; }
  std::vector<int32_t> Encode(std::string_view text) const override {
    return WordTokenizer().Encode(text);
  }
  void EncodeWithOffsets(std::string_view text, std::vector<int32_t>* ids,
                         std::vector<uint32_t>* ends) const override {
    WordTokenizer().EncodeWithOffsets(text, ids, ends);
  }
  int64_t Count(std::string_view text) const override { return WordTokenizer().Count(text); }
};

}  // namespace

Result<std::unique_ptr<Tokenizer>> MakeTokenizer(std::string_view spec) {
  if (spec == "words") return std::unique_ptr<Tokenizer>(new WordTokenizerRef());
  const size_t colon = spec.find(':');
  const std::string_view kind = spec.substr(0, colon);
  const std::string_view arg = colon == std::string_view::npos ? "" : spec.substr(colon + 1);
  if (colon == std::string_view::npos || arg.empty()) {
    return Status::InvalidArgument("tokenizer spec \"" + std::string(spec) +
                                   "\": expected words, tiktoken:PATH[#ENCODING], hf:PATH or "
                                   "wordpiece:PATH");
  }
  if (kind == "tiktoken") {
    const size_t hash = arg.rfind('#');
    const std::string path(arg.substr(0, hash));
    const std::string_view encoding = hash == std::string_view::npos ? "" : arg.substr(hash + 1);
    STRATA_ASSIGN_OR_RETURN(auto tok,
                            tokenize::TiktokenTokenizer::Open(path, encoding, std::string(spec)));
    return std::unique_ptr<Tokenizer>(std::move(tok));
  }
  if (kind == "hf") return tokenize::OpenHfTokenizer(std::string(arg), std::string(spec));
  if (kind == "wordpiece") {
    return tokenize::OpenWordPieceVocab(std::string(arg), std::string(spec));
  }
  return Status::InvalidArgument("tokenizer spec \"" + std::string(spec) + "\": unknown kind \"" +
                                 std::string(kind) + "\" (words, tiktoken, hf, wordpiece)");
}

}  // namespace strata::process
