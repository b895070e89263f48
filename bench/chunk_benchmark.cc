// Chunking throughput on one core: ~50 MB of generated Markdown-like text (headings, paragraphs,
// bullet and numbered lists, fenced code blocks, links) with the sections a Markdown parser
// would give it, split by each strategy at 512 tokens with 64 of overlap under the built-in word
// tokenizer, and the word tokenizer's Count alone. Bytes/s is the document's size over the
// time of one Split. The text is the same on every run (fixed seed, no distributions).
//
//   build-*/bench/chunk_benchmark --benchmark_filter=Chunk
//
// For scale: LangChain's RecursiveCharacterTextSplitter is reported at about 1.7 MB/s.

#include <benchmark/benchmark.h>

#include <cctype>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "ingest/document.h"
#include "process/chunk/chunker.h"
#include "process/tokenize/tokenizer.h"

namespace strata::process {
namespace {

constexpr size_t kTargetBytes = 50 << 20;

class MarkdownGenerator {
 public:
  explicit MarkdownGenerator(uint32_t seed) : rng_(seed) {}

  ingest::Document Generate(size_t target) {
    ingest::Document doc;
    std::string& out = doc.text;
    out.reserve(target + 4096);
    int chapter = 0;
    while (out.size() < target) {
      int64_t begin = static_cast<int64_t>(out.size());
      std::string h1 = "Chapter " + std::to_string(++chapter) + " " + Words(2);
      out += "# " + h1 + "\n\n";
      for (int s = 0, sections = 2 + Pick(4); s < sections; ++s) {
        if (begin < static_cast<int64_t>(out.size())) {  // the chapter heading
          doc.segments.push_back({begin, static_cast<int64_t>(out.size()), h1, 0});
        }
        begin = static_cast<int64_t>(out.size());
        std::string h2 = Words(1 + Pick(4));
        out += "## " + h2 + "\n\n";
        for (int b = 0, blocks = 2 + Pick(6); b < blocks; ++b) Block(&out);
        doc.segments.push_back({begin, static_cast<int64_t>(out.size()), h1 + " > " + h2, 0});
        begin = static_cast<int64_t>(out.size());
      }
    }
    return doc;
  }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }

  std::string Words(int n) {
    static const char* const kVocab[] = {
        "the", "data", "pipeline", "reads", "a", "table", "of", "documents", "and", "writes",
        "chunks", "with", "their", "embeddings", "to", "an", "index", "that", "serves", "queries",
        "latency", "throughput", "is", "measured", "per", "core", "on", "Parquet", "files",
        "Delta", "log", "commit", "version", "schema", "column", "vector", "search", "recall",
        "tokenizer", "boundary", "section", "heading", "paragraph", "sentence", "configuration",
        "retrieval-augmented", "generation", "workspace", "S3", "2024", "v1.2", "naïve", "café"};
    std::string s;
    for (int i = 0; i < n; ++i) {
      if (i > 0) s += ' ';
      s += kVocab[Pick(sizeof(kVocab) / sizeof(kVocab[0]))];
    }
    return s;
  }

  void Paragraph(std::string* out) {
    for (int s = 0, sentences = 1 + Pick(7); s < sentences; ++s) {
      std::string sentence = Words(4 + Pick(20));
      sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));
      if (Pick(6) == 0) sentence += " (see [the docs](https://example.com/" + Words(1) + "))";
      if (Pick(8) == 0) sentence += ", using `" + Words(1) + "()`";
      static const char* const kEnds[] = {". ", ". ", ". ", "? ", "! "};
      *out += sentence + kEnds[Pick(5)];
      if (Pick(5) == 0) *out += '\n';  // hard-wrapped lines
    }
    *out += "\n\n";
  }

  void Block(std::string* out) {
    int kind = Pick(10);
    if (kind < 6) return Paragraph(out);
    if (kind < 8) {
      for (int i = 0, items = 2 + Pick(6); i < items; ++i) {
        *out += (kind == 6 ? "- " : std::to_string(i + 1) + ". ") + Words(3 + Pick(10)) + "\n";
      }
      *out += "\n";
      return;
    }
    if (kind == 8) {
      *out += "```python\n";
      for (int i = 0, lines = 3 + Pick(15); i < lines; ++i) {
        *out += std::string(4 * Pick(3), ' ') + "x_" + std::to_string(i) + " = f(" +
                Words(1) + ", " + std::to_string(Pick(1000)) + ")  # " + Words(3) + "\n";
      }
      *out += "```\n\n";
      return;
    }
    *out += "### " + Words(2 + Pick(3)) + "\n\n";
  }

  std::mt19937 rng_;
};

const ingest::Document& Corpus() {
  static const ingest::Document* const kDoc =
      new ingest::Document(MarkdownGenerator(20241124).Generate(kTargetBytes));
  return *kDoc;
}

void BM_Chunk(benchmark::State& state, const char* strategy) {
  const ingest::Document& doc = Corpus();
  auto chunker = MakeChunker(ChunkOptions{strategy, 512, 64});
  if (!chunker.ok()) {
    state.SkipWithError(chunker.status().ToString().c_str());
    return;
  }
  size_t chunks = 0;
  for (auto _ : state) {
    std::vector<Chunk> out = (*chunker)->Split(doc, WordTokenizer());
    chunks = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.text.size()));
  state.counters["chunks"] = static_cast<double>(chunks);
  state.counters["MB"] = static_cast<double>(doc.text.size()) / 1e6;
}
BENCHMARK_CAPTURE(BM_Chunk, recursive, "recursive")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Chunk, markdown, "markdown")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Chunk, sentence, "sentence")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Chunk, tokens, "tokens")->Unit(benchmark::kMillisecond);

void BM_WordTokenizerCount(benchmark::State& state) {
  const ingest::Document& doc = Corpus();
  int64_t tokens = 0;
  for (auto _ : state) {
    tokens = WordTokenizer().Count(doc.text);
    benchmark::DoNotOptimize(tokens);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.text.size()));
  state.counters["tokens"] = static_cast<double>(tokens);
}
BENCHMARK(BM_WordTokenizerCount)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace strata::process

BENCHMARK_MAIN();
