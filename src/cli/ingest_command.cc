// `strata ingest PATH|URI...`: read sources into the documents and chunks tables (DESIGN §5, §12).
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/thread_pool.h"
#include "ingest/source.h"
#include "ingest/source_kinds.h"
#include "workspace/workspace.h"

namespace strata::cli {
namespace {

struct IngestArgs {
  std::vector<std::string> inputs;
  std::string source_name;
  std::string tenant;
  std::string groups;
  std::string classification;
  std::string chunker = "recursive";
  int chunk_size = 512;
  int chunk_overlap = 64;
  std::string tokenizer = "words";
  std::string row_template;
  int64_t batch = 512;
  bool watch = false;
  bool json = false;
};

volatile std::sig_atomic_t g_stop = 0;
void OnStopSignal(int) { g_stop = 1; }

Result<pipeline::IngestOptions> BuildOptions(const IngestArgs& a) {
  pipeline::IngestOptions o;
  for (const std::string& arg : a.inputs) {
    STRATA_ASSIGN_OR_RETURN(ingest::SourceConfig c, ingest::SourceConfigFromArgument(arg));
    if (!a.source_name.empty()) c.name = a.source_name;
    if (!a.tenant.empty()) c.labels.tenant = a.tenant;
    if (!a.groups.empty()) c.labels.groups = ingest::SplitList(a.groups);
    if (!a.classification.empty()) c.labels.classification = a.classification;
    o.sources.push_back(std::move(c));
  }
  o.chunk.strategy = a.chunker;
  o.chunk.size = a.chunk_size;
  o.chunk.overlap = a.chunk_overlap;
  o.tokenizer = a.tokenizer;
  o.parser.row_template = a.row_template;
  o.batch_inputs = a.batch;
  if (a.watch) {
    std::signal(SIGINT, OnStopSignal);
    std::signal(SIGTERM, OnStopSignal);
    o.stop = [] { return g_stop != 0; };
  }
  return o;
}

nlohmann::json RefreshJson(const workspace::RefreshSummary& r) {
  nlohmann::json indexes = nlohmann::json::array();
  for (const auto& i : r.indexes) {
    indexes.push_back({{"name", i.name},
                       {"version", i.version},
                       {"from_version", i.from_version},
                       {"added", i.stats.added},
                       {"removed", i.stats.removed},
                       {"pending", i.stats.pending},
                       {"live", i.live},
                       {"seconds", i.stats.seconds}});
  }
  return {{"embed",
           {{"model", r.embed.model},
            {"embedded", r.embed.embedded},
            {"reused", r.embed.reused},
            {"removed", r.embed.removed},
            {"seconds", r.embed.seconds}}},
          {"indexes", indexes}};
}

void PrintRefresh(const workspace::RefreshSummary& r) {
  std::printf("  embedded %lld chunks with %s (%lld reused, %lld removed) in %.2f s\n",
              static_cast<long long>(r.embed.embedded), r.embed.model.c_str(),
              static_cast<long long>(r.embed.reused), static_cast<long long>(r.embed.removed),
              r.embed.seconds);
  for (const auto& i : r.indexes) {
    if (i.up_to_date) {
      std::printf("  index %s: up to date at version %lld\n", i.name.c_str(),
                  static_cast<long long>(i.version));
      continue;
    }
    std::printf("  index %s: version %lld, +%lld -%lld rows (%u live) in %.2f s\n", i.name.c_str(),
                static_cast<long long>(i.version), static_cast<long long>(i.stats.added),
                static_cast<long long>(i.stats.removed), i.live, i.stats.seconds);
  }
}

void PrintSummary(const pipeline::IngestSummary& s, const workspace::RefreshSummary& refresh,
                  bool json) {
  if (json) {
    nlohmann::json out{{"run_id", s.run_id},
                       {"ok", s.inputs_ok},
                       {"skipped", s.inputs_skipped},
                       {"quarantined", s.inputs_quarantined},
                       {"quarantined_by_stage", s.quarantined_by_stage},
                       {"documents", s.documents},
                       {"duplicates", s.duplicates},
                       {"chunks", s.chunks},
                       {"bytes", s.bytes},
                       {"commits", s.commits},
                       {"seconds", s.seconds},
                       {"errors", s.errors}};
    out.update(RefreshJson(refresh));
    std::printf("%s\n", out.dump(2).c_str());
    return;
  }
  double mb = static_cast<double>(s.bytes) / (1 << 20);
  std::printf("run %s: %lld ok, %lld skipped, %lld quarantined\n", s.run_id.c_str(),
              static_cast<long long>(s.inputs_ok), static_cast<long long>(s.inputs_skipped),
              static_cast<long long>(s.inputs_quarantined));
  std::printf("  %lld documents (%lld duplicates dropped), %lld chunks, %.1f MB in %.2f s (%.1f MB/s)\n",
              static_cast<long long>(s.documents), static_cast<long long>(s.duplicates),
              static_cast<long long>(s.chunks), mb, s.seconds, s.seconds > 0 ? mb / s.seconds : 0);
  for (const auto& [stage, n] : s.quarantined_by_stage) {
    std::printf("  quarantined at %s: %lld\n", stage.c_str(), static_cast<long long>(n));
  }
  PrintRefresh(refresh);
  for (const std::string& e : s.errors) std::printf("  ! %s\n", e.c_str());
}

int RunIngestCommand(const GlobalOptions& global, const IngestArgs& args) {
  Result<pipeline::IngestOptions> options = BuildOptions(args);
  if (!options.ok()) return ReportError(options.status());
  workspace::InitReport report;
  auto ws = workspace::Workspace::Init(global.workspace, &report);
  if (!ws.ok()) return ReportError(ws.status());
  auto config = (*ws)->RetrievalSettings();
  if (!config.ok()) return ReportError(config.status());
  if (args.watch) {  // make each batch searchable as it lands
    options->after_batch = [&] { return (*ws)->Refresh(*config, "").status(); };
  }
  Result<pipeline::IngestSummary> summary = (*ws)->Ingest(*options);
  if (!summary.ok()) return ReportError(summary.status());
  auto refresh = (*ws)->Refresh(*config, summary->run_id);
  if (!refresh.ok()) return ReportError(refresh.status().WithContext("embedding and indexing"));
  PrintSummary(*summary, *refresh, args.json);
  const pipeline::IngestSummary& s = *summary;
  if (s.inputs_ok == 0 && s.inputs_skipped == 0) {
    std::fprintf(stderr, "strata: nothing could be ingested from the %zu source(s) given\n",
                 args.inputs.size());
    return kExitError;
  }
  return kExitOk;
}

}  // namespace

void AddIngestCommands(CLI::App& app, GlobalOptions& global, CommandList& commands) {
  auto args = std::make_shared<IngestArgs>();  // outlives parsing: owned by the command
  auto* cmd = app.add_subcommand("ingest", "read files, databases or streams into documents and chunks, then embed and index them");
  cmd->add_option("inputs", args->inputs, "paths, globs or source URIs")->required();
  cmd->add_option("--source", args->source_name, "source name recorded on every document");
  cmd->add_option("--tenant", args->tenant, "tenant label");
  cmd->add_option("--groups", args->groups, "group labels, comma-separated");
  cmd->add_option("--classification", args->classification, "classification label");
  cmd->add_option("--chunker", args->chunker, "recursive|markdown|html|sentence|tokens");
  cmd->add_option("--chunk-size", args->chunk_size, "chunk size in tokens");
  cmd->add_option("--chunk-overlap", args->chunk_overlap, "overlap in tokens");
  cmd->add_option("--tokenizer", args->tokenizer, "words | tiktoken:FILE | hf:tokenizer.json | wordpiece:vocab.txt");
  cmd->add_option("--template", args->row_template, "CSV/JSONL row template, {field} placeholders");
  cmd->add_option("--batch", args->batch, "inputs per commit (default 512)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--watch", args->watch,
                "keep ingesting changed files and new stream messages until SIGINT/SIGTERM");
  cmd->add_flag("--json", args->json, "print the summary as JSON");
  commands.push_back({cmd, [&global, args] { return RunIngestCommand(global, *args); }});
}

}  // namespace strata::cli
