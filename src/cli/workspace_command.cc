// `strata init`: create (or complete) a workspace with its configuration and core tables.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "workspace/workspace.h"

namespace strata::cli {
namespace {

int RunInit(const GlobalOptions& global, bool json) {
  workspace::InitReport report;
  auto ws = workspace::Workspace::Init(global.workspace, &report);
  if (!ws.ok()) return ReportError(ws.status());
  if (json) {
    nlohmann::json out{{"workspace", global.workspace},
                       {"created", report.created},
                       {"existing", report.existing},
                       {"wrote_config", report.wrote_config}};
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  std::printf("workspace %s\n", global.workspace.c_str());
  for (const auto& t : report.created) std::printf("  created table %s\n", t.c_str());
  for (const auto& t : report.existing) std::printf("  kept table    %s\n", t.c_str());
  if (report.created.empty() && !report.wrote_config) std::printf("  already initialized\n");
  return kExitOk;
}

}  // namespace

void AddWorkspaceCommands(CLI::App& app, GlobalOptions& global, CommandList& commands) {
  auto* init = app.add_subcommand("init", "create a workspace (strata.yaml and the core tables)");
  auto json = std::make_shared<bool>(false);  // outlives parsing: owned by the command
  init->add_flag("--json", *json, "print a JSON report");
  commands.push_back({init, [&global, json] { return RunInit(global, *json); }});
}

}  // namespace strata::cli
