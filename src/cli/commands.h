// Subcommand registration for the `strata` binary. Each file in src/cli/ adds one family of
// subcommands (workspace, table, parquet, ...) and returns its exit code through Run.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"

namespace CLI {
class App;
}

namespace strata::cli {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

struct GlobalOptions {
  std::string workspace;
};

struct Command {
  CLI::App* sub;             // parsed() tells whether it was chosen
  std::function<int()> run;  // runs it and returns the exit code
};
using CommandList = std::vector<Command>;

/// Print "strata: <message>" to stderr and return the exit code for `status`
/// (InvalidArgument → 2, anything else → 1).
int ReportError(const Status& status);

void AddWorkspaceCommands(CLI::App& app, GlobalOptions& global, CommandList& commands);
void AddTableCommands(CLI::App& app, GlobalOptions& global, CommandList& commands);
void AddParquetCommands(CLI::App& app, GlobalOptions& global, CommandList& commands);
void AddIngestCommands(CLI::App& app, GlobalOptions& global, CommandList& commands);
void AddSearchCommands(CLI::App& app, GlobalOptions& global, CommandList& commands);
void AddEvalCommands(CLI::App& app, GlobalOptions& global, CommandList& commands);

}  // namespace strata::cli
