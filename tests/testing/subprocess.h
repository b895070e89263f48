// Test helpers that run a shell command (or the built `strata` binary) and capture its exit code,
// stdout and stderr, for the end-to-end tests of the CLI and of the node peers.
//
// Commands run through /bin/sh (popen) under `timeout -s KILL`, so a hung child fails the test
// instead of hanging it. Each call uses its own stderr capture file; the helpers are safe to call
// from several threads.
// SpawnSelfTest forks a copy of this test binary for multi-process tests.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace strata::testing {

/// Outcome of one command: exit code (128 + signal when killed, -1 when it could not start),
/// everything it wrote to stdout, and everything it wrote to stderr.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// `s` single-quoted for /bin/sh.
std::string ShellQuote(const std::string& s);

/// Run shell command `cmd`, killed after `timeout_seconds`.
CommandResult RunCommand(const std::string& cmd, int timeout_seconds = 120);

/// Run the built `strata` binary (StrataBinary()) with the shell-syntax arguments `args`.
CommandResult RunStrata(const std::string& args, int timeout_seconds = 60);

/// Fork and re-execute this test binary (/proc/self/exe) running only the test `gtest_filter`,
/// with the variables `env` set: a worker process that shares no thread or lock state with the
/// parent. Returns the child's pid (reap it with waitpid), or -1 when fork failed.
pid_t SpawnSelfTest(const std::string& gtest_filter,
                    const std::vector<std::pair<std::string, std::string>>& env);

}  // namespace strata::testing
