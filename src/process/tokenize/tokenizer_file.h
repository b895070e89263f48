// Reading a tokenizer's vocabulary file (rank file, tokenizer.json, vocab.txt) whole into memory,
// with errors that name the file. Thread-safety: a pure function.
#pragma once

#include <string>

#include "common/result.h"

namespace strata::process::tokenize {

/// The bytes of `path`; NotFound when it cannot be opened, IOError when reading fails.
Result<std::string> ReadTokenizerFile(const std::string& path);

}  // namespace strata::process::tokenize
