// libFuzzer target: Hugging Face tokenizer.json files (WordPiece, byte-level BPE, Unigram) parsed
// from arbitrary bytes through ParseHfTokenizer, the entry point MakeTokenizer("hf:PATH") uses.
// A tokenizer folder is semi-trusted input (downloaded from a hub): malformed JSON, wrong field
// types or ids outside the vocabulary must be a Status, never a crash. When a tokenizer parses,
// a few fixed texts must encode with one end offset per id, ends non-decreasing and inside the
// text, ids equal to Encode's, and Count equal to the number of ids.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "process/tokenize/hf_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = strata::process::tokenize::ParseHfTokenizer(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json", "hf:fuzz.json");
  if (!parsed.ok()) return 0;
  const strata::process::Tokenizer& tok = **parsed;
  static const char* const kTexts[] = {
      "",
      "Hello, world! Don't  stop\tnow.",
      "Caf\xc3\xa9 cafe\xcc\x81 \xe4\xb8\xad\xe5\x9b\xbd \xef\xbc\xa1 [MASK] \xe2\x96\x81x",
      "\xff\xfe invalid \xc3 utf-8 \xe2\x82",
      "   ",
  };
  std::vector<int32_t> ids;
  std::vector<uint32_t> ends;
  for (const char* c : kTexts) {
    const std::string_view text(c);
    tok.EncodeWithOffsets(text, &ids, &ends);
    if (ids.size() != ends.size()) std::abort();
    uint32_t previous = 0;
    for (uint32_t end : ends) {
      if (end < previous || end > text.size()) std::abort();
      previous = end;
    }
    if (tok.Encode(text) != ids) std::abort();
    if (tok.Count(text) != static_cast<int64_t>(ids.size())) std::abort();
  }
  return 0;
}
