// The `strata` command: global options, subcommand registration and the exit-code contract of
// DESIGN §12 (0 success, 1 runtime error, 2 usage error; one error line on stderr).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "io/object_store.h"

int main(int argc, char** argv) {
  strata::io::RegisterBuiltinStores();
  CLI::App app{"strata: a data stack for generative-AI workloads"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand: strata table list -w ws
  app.set_version_flag("--version", "strata 0.1.0");
  strata::cli::GlobalOptions global;
  const char* env_ws = std::getenv("STRATA_WORKSPACE");
  global.workspace = env_ws && *env_ws ? env_ws : "./strata-data";
  app.add_option("-w,--workspace", global.workspace, "workspace URI (folder or s3://bucket/prefix)");

  strata::cli::CommandList commands;
  strata::cli::AddWorkspaceCommands(app, global, commands);
  strata::cli::AddTableCommands(app, global, commands);
  strata::cli::AddParquetCommands(app, global, commands);
  strata::cli::AddIngestCommands(app, global, commands);
  strata::cli::AddSearchCommands(app, global, commands);
  strata::cli::AddEvalCommands(app, global, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : strata::cli::kExitUsage;
  }
  for (auto& cmd : commands) {
    if (*cmd.sub) return cmd.run();
  }
  return strata::cli::kExitUsage;
}
