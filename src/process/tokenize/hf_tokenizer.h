// Loading a Hugging Face tokenizer.json: model type WordPiece (with BertNormalizer and
// BertPreTokenizer) becomes a WordPieceTokenizer, model type BPE with a byte-level
// pre-tokenizer an HfBpeTokenizer, model type Unigram a UnigramTokenizer (unigram.h lists its
// normalizers and pre-tokenizers). Other models (WordLevel), normalizers and pre-tokenizers are
// NotSupported, with the file and the field named. The post-processor
// ([CLS] ... [SEP] templates) is not applied: ids are those of the text.
// Thread-safety: a pure function.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "process/tokenize/tokenizer.h"

namespace strata::process::tokenize {

/// The tokenizer described by tokenizer.json `path`; `name` is the spec it was made from.
Result<std::unique_ptr<Tokenizer>> OpenHfTokenizer(const std::string& path, std::string name);

/// The tokenizer described by the tokenizer.json text `json`, named `source` in errors (what
/// OpenHfTokenizer does after reading the file; the fuzz target feeds it arbitrary bytes).
Result<std::unique_ptr<Tokenizer>> ParseHfTokenizer(std::string_view json,
                                                    const std::string& source, std::string name);

}  // namespace strata::process::tokenize
