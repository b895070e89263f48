// Strata's BM25 text index against Xapian (Glass backend) on the same documents and queries in
// one run, single-threaded: indexing MB/s and top-10 query QPS.
//
// Both engines index identical terms: each document goes through Strata's Analyzer (English:
// StandardTokenizer-like words, possessives, case folding, Lucene stop words, Snowball English
// stems) and Xapian gets those terms with their counts as wdf (no positions). Xapian's indexing
// time therefore includes the same analysis; its weighting is BM25Weight(k1 0.9, k2 0, k3 1,
// b 0.4, min_normlen 0.5), Strata's BM25 k1 0.9 / b 0.4. Queries are OR queries of the analyzed
// query terms (repeats weigh by count in both). Times are wall and CPU (process CPU time, which
// is robust when other work shares the machine); QPS is over a second, timed pass after a warm-up.
//
// Corpora:
//   --corpus scifact     BEIR SciFact: title + " " + text; queries: every line of queries.jsonl
//   --corpus synthetic   --docs N passages drawn deterministically (seeded mt19937_64) from the
//                        unigram distribution of SciFact's whitespace tokens (surface forms with
//                        their punctuation, so Zipfian like the source), 50..100 tokens each;
//                        queries: 2..6 tokens sampled from random passages.
// Usage: text_benchmark --corpus scifact|synthetic [--docs N] [--queries N] [--data DIR]
//                       [--skip-xapian]
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/eval/datasets.h"
#include "index/text/text_index.h"
#include "io/local_store.h"

namespace {

using strata::index::Analyzer;
using strata::index::TextIndex;
using strata::index::TextIndexOptions;

struct Workload {
  std::string name;
  std::vector<std::string> docs;
  std::vector<std::string> queries;
  size_t bytes = 0;
};

struct Clock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
  double Wall() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
  }
  double Cpu() const { return double(std::clock() - cpu) / CLOCKS_PER_SEC; }
};

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "text_benchmark: %s\n", message.c_str());
  std::exit(2);
}

Workload LoadSciFact(const std::string& data) {
  Workload w;
  w.name = "scifact";
  auto set = strata::index::LoadBeir(data + "/beir-scifact", "test");
  if (!set.ok()) Die(set.status().ToString());
  for (auto& doc : set->corpus) w.docs.push_back(doc.title + " " + doc.text);
  std::ifstream in(data + "/beir-scifact/queries.jsonl");
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    w.queries.push_back(nlohmann::json::parse(line).at("text").get<std::string>());
  }
  return w;
}

Workload MakeSynthetic(const std::string& data, size_t docs, size_t queries) {
  Workload source = LoadSciFact(data);
  std::unordered_map<std::string, uint64_t> counts;
  for (const std::string& doc : source.docs) {
    std::istringstream words(doc);
    for (std::string word; words >> word;) ++counts[word];
  }
  std::vector<std::pair<std::string, uint64_t>> vocab(counts.begin(), counts.end());
  std::sort(vocab.begin(), vocab.end());  // independent of hash order: deterministic
  std::vector<double> weights;
  for (auto& [word, n] : vocab) weights.push_back(double(n));
  std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
  std::mt19937_64 rng(20261125);
  std::uniform_int_distribution<int> length(50, 100);
  Workload w;
  w.name = "synthetic-" + std::to_string(docs);
  w.docs.reserve(docs);
  for (size_t d = 0; d < docs; ++d) {
    std::string text;
    for (int n = length(rng), i = 0; i < n; ++i) {
      if (i) text += ' ';
      text += vocab[pick(rng)].first;
    }
    w.docs.push_back(std::move(text));
  }
  std::uniform_int_distribution<size_t> any_doc(0, docs - 1);
  for (size_t q = 0; q < queries; ++q) {
    std::istringstream words(w.docs[any_doc(rng)]);
    std::vector<std::string> tokens;
    for (std::string word; words >> word;) tokens.push_back(word);
    std::string text;
    for (int n = 2 + int(rng() % 5), i = 0; i < n; ++i) {
      text += tokens[rng() % tokens.size()] + " ";
    }
    w.queries.push_back(std::move(text));
  }
  return w;
}

struct EngineResult {
  double index_wall = 0, index_cpu = 0, query_wall = 0, query_cpu = 0;
  std::vector<std::vector<uint32_t>> top;  // per query, top-10 ids
};

/// Time Save and Load through a local store and check that the loaded index answers alike.
void SaveAndLoad(const TextIndex& index, const Workload& w) {
  std::string dir =
      (std::filesystem::temp_directory_path() / ("strata-text-" + std::to_string(::getpid())))
          .string();
  auto store = strata::io::LocalStore::Open(dir);
  if (!store.ok()) Die(store.status().ToString());
  Clock save_clock;
  if (auto st = index.Save(**store, "index"); !st.ok()) Die(st.ToString());
  const double save = save_clock.Wall();
  uint64_t bytes = 0;
  for (auto& entry : std::filesystem::directory_iterator(dir + "/index"))
    bytes += entry.file_size();
  Clock load_clock;
  auto loaded = TextIndex::Load(**store, "index");
  if (!loaded.ok()) Die(loaded.status().ToString());
  const double load = load_clock.Wall();
  size_t differ = 0;
  for (const std::string& q : w.queries) {
    auto a = index.Search(q, {10, nullptr});
    auto b = (*loaded)->Search(q, {10, nullptr});
    if (!a.ok() || !b.ok() || a->size() != b->size()) {
      ++differ;
      continue;
    }
    for (size_t i = 0; i < a->size(); ++i) differ += (*a)[i].id != (*b)[i].id;
  }
  std::printf(
      "  strata: save %.2f s (%.1f MB on disk), load %.2f s (mapped), %zu result "
      "differences after load\n",
      save, double(bytes) / 1e6, load, differ);
  loaded->reset();
  std::filesystem::remove_all(dir);
}

EngineResult RunStrata(const Workload& w) {
  EngineResult r;
  TextIndexOptions options;
  options.threads = 1;
  Clock index_clock;
  auto index = TextIndex::Create(options);
  if (!index.ok()) Die(index.status().ToString());
  constexpr size_t kBatch = 100000;
  for (size_t begin = 0; begin < w.docs.size(); begin += kBatch) {
    std::vector<std::string_view> batch(w.docs.begin() + begin,
                                        w.docs.begin() + std::min(w.docs.size(), begin + kBatch));
    if (auto st = (*index)->Add(batch); !st.ok()) Die(st.ToString());
  }
  r.index_wall = index_clock.Wall();
  r.index_cpu = index_clock.Cpu();
  std::printf("  strata: %.1f MB in memory\n", double((*index)->MemoryBytes()) / 1e6);
  SaveAndLoad(**index, w);
  for (int pass = 0; pass < 2; ++pass) {
    Clock query_clock;
    r.top.clear();
    for (const std::string& q : w.queries) {
      auto hits = (*index)->Search(q, {10, nullptr});
      if (!hits.ok()) Die(hits.status().ToString());
      auto& ids = r.top.emplace_back();
      for (auto& h : *hits) ids.push_back(h.id);
    }
    r.query_wall = query_clock.Wall();
    r.query_cpu = query_clock.Cpu();
  }
  return r;
}

EngineResult RunXapian(const Workload& w, const Analyzer& analyzer, const std::string& dir) {
  EngineResult r;
  Clock index_clock;
  {
    Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    std::vector<std::string> terms;
    std::map<std::string, Xapian::termcount> wdf;
    for (const std::string& text : w.docs) {
      terms.clear();
      wdf.clear();
      analyzer.Terms(text, &terms);
      for (auto& t : terms) ++wdf[t];
      Xapian::Document doc;
      for (auto& [t, n] : wdf) doc.add_term(t, n);
      db.add_document(doc);
    }
    db.commit();
  }
  r.index_wall = index_clock.Wall();
  r.index_cpu = index_clock.Cpu();
  Xapian::Database db(dir);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BM25Weight(0.9, 0, 1, 0.4, 0.5));
  for (int pass = 0; pass < 2; ++pass) {
    Clock query_clock;
    r.top.clear();
    std::vector<std::string> terms;
    for (const std::string& q : w.queries) {
      terms.clear();
      analyzer.Terms(q, &terms);
      std::vector<Xapian::Query> parts;
      for (auto& t : terms) parts.emplace_back(t);  // a repeated term adds to its wqf
      enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()));
      Xapian::MSet mset = enquire.get_mset(0, 10);
      auto& ids = r.top.emplace_back();
      for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it - 1);
    }
    r.query_wall = query_clock.Wall();
    r.query_cpu = query_clock.Cpu();
  }
  return r;
}

double Overlap(const EngineResult& a, const EngineResult& b) {
  double sum = 0;
  size_t n = 0;
  for (size_t q = 0; q < a.top.size(); ++q) {
    if (b.top[q].empty()) continue;
    std::set<uint32_t> mine(a.top[q].begin(), a.top[q].end());
    size_t same = 0;
    for (uint32_t id : b.top[q]) same += mine.count(id);
    sum += double(same) / double(b.top[q].size());
    ++n;
  }
  return n ? sum / double(n) : 0;
}

void Report(const char* engine, const Workload& w, const EngineResult& r) {
  const double mb = double(w.bytes) / 1e6, nq = double(w.queries.size());
  std::printf(
      "  %-7s index %7.2f s wall %7.2f s cpu  %6.2f MB/s wall %6.2f MB/s cpu | "
      "queries %6.3f s wall  %8.0f QPS wall %8.0f QPS cpu\n",
      engine, r.index_wall, r.index_cpu, mb / r.index_wall, mb / r.index_cpu, r.query_wall,
      nq / r.query_wall, nq / r.query_cpu);
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus = "scifact", data = std::getenv("STRATA_TEST_DATA")
                                             ? std::getenv("STRATA_TEST_DATA")
                                             : "../shared/data";
  size_t docs = 100000, queries = 1000;
  bool skip_xapian = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + arg);
      return argv[++i];
    };
    if (arg == "--corpus")
      corpus = value();
    else if (arg == "--docs")
      docs = std::stoul(value());
    else if (arg == "--queries")
      queries = std::stoul(value());
    else if (arg == "--data")
      data = value();
    else if (arg == "--skip-xapian")
      skip_xapian = true;
    else
      Die("unknown argument " + arg);
  }
  Clock gen;
  Workload w = corpus == "scifact" ? LoadSciFact(data) : MakeSynthetic(data, docs, queries);
  for (auto& d : w.docs) w.bytes += d.size();
  std::printf("%s: %zu docs, %.1f MB, %zu queries (prepared in %.1f s)\n", w.name.c_str(),
              w.docs.size(), double(w.bytes) / 1e6, w.queries.size(), gen.Wall());

  EngineResult strata = RunStrata(w);
  Report("strata", w, strata);
  if (skip_xapian) return 0;
  TextIndexOptions options;
  auto analyzer = Analyzer::Make(options);
  if (!analyzer.ok()) Die(analyzer.status().ToString());
  std::string dir =
      (std::filesystem::temp_directory_path() / ("strata-xapian-" + std::to_string(::getpid())))
          .string();
  EngineResult xapian = RunXapian(w, **analyzer, dir);
  std::filesystem::remove_all(dir);
  Report("xapian", w, xapian);
  std::printf(
      "  ratio strata/xapian: indexing %.2fx (cpu), QPS %.2fx (cpu) %.2fx (wall); "
      "top-10 overlap %.3f\n",
      xapian.index_cpu / strata.index_cpu, xapian.query_cpu / strata.query_cpu,
      xapian.query_wall / strata.query_wall, Overlap(strata, xapian));
  return 0;
}
