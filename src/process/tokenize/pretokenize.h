// Pre-tokenizers of byte-level BPE: the splitting regexes of tiktoken's encodings, hand-coded.
//
// Each SplitPattern reproduces one regex exactly as tiktoken's backtracking engine (fancy-regex,
// leftmost-first alternation, greedy quantifiers) matches it, with the character classes of
// char_class.h:
//   kGpt2    r50k_base, p50k_base and Hugging Face ByteLevel:
//            's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//   kCl100k  cl100k_base (and Llama-3 style tokenizer.json Split patterns):
//            '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}|
//            ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+
//   kO200k   o200k_base: letter runs split by case (an upper-case run then a lower-case run, with
//            Lm/Lo/M counted as both), an optional case-insensitive contraction suffix,
//            \p{N}{1,3}, punctuation runs with trailing [\r\n/]*, and the whitespace rules above.
// The pieces of a text are consecutive and cover it: the caller starts at 0 and asks for the end
// of the piece that starts where the previous one ended.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace strata::process::tokenize {

enum class SplitPattern { kGpt2, kCl100k, kO200k };

/// End (exclusive byte offset) of the piece of `text` that starts at `pos`; always > pos and on
/// a code point boundary.
/// REQUIRES: pos < text.size() and pos is a code point boundary.
size_t NextPieceEnd(SplitPattern pattern, std::string_view text, size_t pos);

}  // namespace strata::process::tokenize
