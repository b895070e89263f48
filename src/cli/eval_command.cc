// `strata eval --beir DIR | --cranfield DIR`: load a judged collection into a fresh workspace
// and report nDCG@10, recall@100 and MRR@10 per search mode (workspace/evaluation.h).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <unistd.h>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "workspace/evaluation.h"
#include "workspace/retrieval_settings.h"

namespace strata::cli {
namespace {

struct EvalArgs {
  std::string beir;
  std::string cranfield;
  std::string split = "test";
  std::string mode = "all";
  std::string embedder;
  std::string settings;
  std::string keep;
  bool json = false;
};

int RunEval(const EvalArgs& args) {
  namespace fs = std::filesystem;
  if (args.beir.empty() == args.cranfield.empty()) {
    return ReportError(Status::InvalidArgument("eval: give exactly one of --beir DIR, --cranfield DIR"));
  }
  Result<index::EvalSet> set = args.beir.empty() ? index::LoadCranfield(args.cranfield)
                                                 : index::LoadBeir(args.beir, args.split);
  if (!set.ok()) return ReportError(set.status());

  workspace::EvalOptions options;
  if (!args.settings.empty()) {
    std::ifstream in(args.settings, std::ios::binary);
    if (!in) return ReportError(Status::NotFound(args.settings + ": cannot open"));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto config = workspace::ParseRetrievalSettings(text, args.settings);
    if (!config.ok()) return ReportError(config.status());
    options.config = *config;
  }
  if (!args.embedder.empty()) options.config.embedder = args.embedder;
  if (args.mode != "all") {
    auto mode = index::ParseSearchMode(args.mode);
    if (!mode.ok()) return ReportError(mode.status());
    options.modes = {*mode};
  }
  std::error_code ec;
  if (!args.keep.empty()) {
    options.workspace = args.keep;
  } else {
    options.workspace = (fs::temp_directory_path() / ("strata-eval-" + std::to_string(getpid()))).string();
  }
  auto report = workspace::RunEvaluation(*set, options);
  if (args.keep.empty()) fs::remove_all(options.workspace, ec);
  if (!report.ok()) return ReportError(report.status());

  const auto& r = *report;
  if (args.json) {
    nlohmann::json modes = nlohmann::json::array();
    for (const auto& m : r.modes) {
      modes.push_back({{"mode", index::SearchModeName(m.mode)},
                       {"ndcg@10", m.quality.ndcg_at_10},
                       {"recall@100", m.quality.recall_at_100},
                       {"mrr@10", m.quality.mrr_at_10},
                       {"queries", m.quality.queries},
                       {"qps", m.queries_per_second}});
    }
    nlohmann::json out{{"dataset", r.dataset},     {"documents", r.documents},
                       {"chunks", r.chunks},       {"queries", r.queries},
                       {"embedder", options.config.embedder},
                       {"load_seconds", r.load_seconds}, {"modes", modes}};
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%s: %lld documents, %lld chunks, %lld judged queries; loaded in %.1f s (embedder %s)\n",
              r.dataset.c_str(), static_cast<long long>(r.documents),
              static_cast<long long>(r.chunks), static_cast<long long>(r.queries), r.load_seconds,
              options.config.embedder.c_str());
  std::printf("%-8s %9s %11s %8s %9s\n", "mode", "nDCG@10", "recall@100", "MRR@10", "QPS");
  for (const auto& m : r.modes) {
    std::printf("%-8s %9.4f %11.4f %8.4f %9.1f\n",
                std::string(index::SearchModeName(m.mode)).c_str(), m.quality.ndcg_at_10,
                m.quality.recall_at_100, m.quality.mrr_at_10, m.queries_per_second);
  }
  return kExitOk;
}

}  // namespace

void AddEvalCommands(CLI::App& app, GlobalOptions& global, CommandList& commands) {
  auto args = std::make_shared<EvalArgs>();
  auto* cmd = app.add_subcommand("eval", "score retrieval on a judged collection (BEIR, Cranfield)");
  cmd->add_option("--beir", args->beir, "a BEIR folder: corpus.jsonl, queries.jsonl, qrels/");
  cmd->add_option("--cranfield", args->cranfield, "the Cranfield folder (cran.all.1400, cran.qry, cranqrel)");
  cmd->add_option("--split", args->split, "qrels split (default test)");
  cmd->add_option("--mode", args->mode, "all (default) | hybrid | vector | text");
  cmd->add_option("--embedder", args->embedder, "embedder spec (default: hash, or --settings)");
  cmd->add_option("--settings", args->settings, "a strata.yaml whose embed/index/search sections to use");
  cmd->add_option("--keep", args->keep, "load into this folder and keep it (default: a temporary one)");
  cmd->add_flag("--json", args->json, "print the report as JSON");
  commands.push_back({cmd, [args] { return RunEval(*args); }});
}

}  // namespace strata::cli
