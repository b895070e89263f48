// Tokenizer throughput: cl100k_base byte-level BPE over a large mixed English/code text.
//
// Inputs come from the environment (bench/tokenize_vs_tiktoken.sh sets them):
//   STRATA_TOKENIZE_RANKS  cl100k_base.tiktoken rank file
//   STRATA_TOKENIZE_TEXT   the UTF-8 text to encode
// Reports bytes/s (and tokens as a counter) for Encode, EncodeWithOffsets, and the
// pre-tokenizer alone.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "process/tokenize/pretokenize.h"
#include "process/tokenize/tokenizer.h"

namespace {

struct Inputs {
  std::unique_ptr<strata::process::Tokenizer> tokenizer;
  std::string text;
  std::string error;
};

const Inputs& Load() {
  static const Inputs* inputs = [] {
    auto* in = new Inputs;
    const char* ranks = std::getenv("STRATA_TOKENIZE_RANKS");
    const char* text = std::getenv("STRATA_TOKENIZE_TEXT");
    if (!ranks || !text) {
      in->error = "set STRATA_TOKENIZE_RANKS and STRATA_TOKENIZE_TEXT";
      return in;
    }
    auto tok = strata::process::MakeTokenizer(std::string("tiktoken:") + ranks + "#cl100k_base");
    if (!tok.ok()) {
      in->error = tok.status().ToString();
      return in;
    }
    in->tokenizer = std::move(tok).value();
    std::ifstream f(text, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    in->text = s.str();
    if (in->text.empty()) in->error = std::string("empty or missing text file ") + text;
    return in;
  }();
  return *inputs;
}

void BM_Cl100kEncode(benchmark::State& state) {
  const Inputs& in = Load();
  if (!in.error.empty()) return state.SkipWithError(in.error.c_str());
  size_t tokens = 0;
  for (auto _ : state) {
    auto ids = in.tokenizer->Encode(in.text);
    tokens = ids.size();
    benchmark::DoNotOptimize(ids.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.text.size()));
  state.counters["tokens"] = static_cast<double>(tokens);
  state.counters["text_bytes"] = static_cast<double>(in.text.size());
}
BENCHMARK(BM_Cl100kEncode)->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_Cl100kEncodeWithOffsets(benchmark::State& state) {
  const Inputs& in = Load();
  if (!in.error.empty()) return state.SkipWithError(in.error.c_str());
  std::vector<int32_t> ids;
  std::vector<uint32_t> ends;
  for (auto _ : state) {
    in.tokenizer->EncodeWithOffsets(in.text, &ids, &ends);
    benchmark::DoNotOptimize(ends.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.text.size()));
}
BENCHMARK(BM_Cl100kEncodeWithOffsets)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_Cl100kPreTokenize(benchmark::State& state) {
  const Inputs& in = Load();
  if (!in.error.empty()) return state.SkipWithError(in.error.c_str());
  using strata::process::tokenize::NextPieceEnd;
  using strata::process::tokenize::SplitPattern;
  size_t pieces = 0;
  for (auto _ : state) {
    pieces = 0;
    for (size_t pos = 0; pos < in.text.size(); ++pieces) {
      pos = NextPieceEnd(SplitPattern::kCl100k, in.text, pos);
    }
    benchmark::DoNotOptimize(pieces);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.text.size()));
  state.counters["pieces"] = static_cast<double>(pieces);
}
BENCHMARK(BM_Cl100kPreTokenize)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
