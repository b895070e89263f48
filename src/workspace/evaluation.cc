#include "workspace/evaluation.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "workspace/workspace.h"

namespace strata::workspace {
namespace {

constexpr int64_t kFileBytes = 32ll << 20;  // below the parser's 64 MiB input limit

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Writes the corpus as JSONL files under `dir`; returns their paths.
Result<std::vector<std::string>> WriteCorpus(const index::EvalSet& set, const std::string& dir) {
  std::vector<std::string> files;
  std::ofstream out;
  int64_t written = kFileBytes;
  for (const auto& doc : set.corpus) {
    if (written >= kFileBytes) {
      if (out.is_open()) out.close();
      files.push_back(dir + "/corpus-" + std::to_string(files.size() + 1) + ".jsonl");
      out.open(files.back(), std::ios::binary);
      if (!out) return Status::IOError(files.back() + ": cannot write");
      written = 0;
    }
    std::string line = nlohmann::json{{"id", doc.id}, {"title", doc.title}, {"text", doc.text}}
                           .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out << line << '\n';
    written += static_cast<int64_t>(line.size()) + 1;
  }
  out.close();
  if (!out) return Status::IOError(dir + ": writing the corpus failed");
  return files;
}

}  // namespace

Result<EvalReport> RunEvaluation(const index::EvalSet& set, const EvalOptions& options) {
  namespace fs = std::filesystem;
  EvalReport report;
  report.dataset = set.name;
  report.queries = static_cast<int64_t>(set.queries.size());
  auto start = std::chrono::steady_clock::now();

  std::error_code ec;
  if (fs::exists(options.workspace + "/tables", ec)) {
    return Status::AlreadyExists(options.workspace + ": already holds a workspace; evaluation " +
                                 "loads into a fresh folder");
  }
  std::string source_dir = options.workspace + "/eval-source";
  fs::create_directories(source_dir, ec);
  if (ec) return Status::IOError(source_dir + ": " + ec.message());
  STRATA_ASSIGN_OR_RETURN(std::vector<std::string> files, WriteCorpus(set, source_dir));

  InitReport init;
  STRATA_ASSIGN_OR_RETURN(auto ws, Workspace::Init(options.workspace, &init));
  pipeline::IngestOptions ingest;
  for (const std::string& file : files) {
    STRATA_ASSIGN_OR_RETURN(ingest::SourceConfig source, ingest::SourceConfigFromArgument(file));
    source.name = "eval";
    ingest.sources.push_back(std::move(source));
  }
  ingest.parser.row_template = "{title}\n\n{text}";
  ingest.parser.title_field = "title";
  ingest.near_dedup = false;  // judged documents are scored by id; keep near-copies
  STRATA_ASSIGN_OR_RETURN(pipeline::IngestSummary ingested, ws->Ingest(ingest));
  STRATA_ASSIGN_OR_RETURN(RefreshSummary refreshed, ws->Refresh(options.config, ingested.run_id));
  report.chunks = refreshed.embed.chunks;

  // doc_id -> evaluation id, through the row number in the uri ("...corpus-F.jsonl#line=N").
  STRATA_ASSIGN_OR_RETURN(auto documents, ws->OpenTable("documents"));
  table::ScanOptions scan;
  scan.columns = {"doc_id", "uri"};
  STRATA_ASSIGN_OR_RETURN(table::ScanResult docs, documents->Scan(scan));
  std::unordered_map<std::string, size_t> file_base;  // file path -> index of its first row
  {
    size_t base = 0, row = 0;
    for (const std::string& file : files) {
      file_base[file] = base;
      std::ifstream in(file, std::ios::binary);
      row = 0;
      for (std::string line; std::getline(in, line);) ++row;
      base += row;
    }
  }
  std::unordered_map<std::string, std::string> eval_id;
  for (int64_t i = 0; i < docs.batch.num_rows; ++i) {
    std::string uri(docs.batch.columns[1].binary(i));
    size_t hash = uri.rfind("#line=");
    if (hash == std::string::npos) continue;
    std::string path = uri.substr(0, hash);
    size_t line = std::stoull(uri.substr(hash + 6));
    size_t base = 0;
    for (const auto& [file, first] : file_base) {
      if (path == file || fs::path(path).filename() == fs::path(file).filename()) base = first;
    }
    if (line >= 1 && base + line - 1 < set.corpus.size()) {
      eval_id.emplace(docs.batch.columns[0].binary(i), set.corpus[base + line - 1].id);
    }
  }
  report.documents = static_cast<int64_t>(eval_id.size());
  report.load_seconds = Seconds(start);

  STRATA_ASSIGN_OR_RETURN(auto session, ws->OpenSearch(options.config, -1));
  for (index::SearchMode mode : options.modes) {
    EvalModeResult result;
    result.mode = mode;
    index::Run run;
    auto begin = std::chrono::steady_clock::now();
    for (const auto& [query_id, text] : set.queries) {
      index::SearchRequest request;
      request.query = text;
      request.mode = mode;
      request.k = options.depth * 2;  // chunks; several may share a document
      request.fetch = false;
      STRATA_ASSIGN_OR_RETURN(index::SearchResponse response, session->Search(request));
      std::vector<std::string>& ranked = run[query_id];
      std::unordered_set<std::string> seen;
      for (const auto& hit : response.hits) {
        auto it = eval_id.find(hit.doc_id);
        if (it == eval_id.end() || it->second == query_id || !seen.insert(it->second).second) {
          continue;
        }
        ranked.push_back(it->second);
        if (static_cast<int>(ranked.size()) == options.depth) break;
      }
    }
    double seconds = Seconds(begin);
    result.queries_per_second = seconds > 0 ? double(set.queries.size()) / seconds : 0;
    result.quality = index::Evaluate(run, set.qrels);
    report.modes.push_back(result);
  }
  return report;
}

}  // namespace strata::workspace
