#include "testing/subprocess.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "testing/test_data.h"

namespace strata::testing {
namespace {

// A fresh empty file for the child's stderr; empty string when none could be made.
std::string MakeErrFile() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "strata-stderr-XXXXXX").string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return {};
  close(fd);
  return tmpl;
}

std::string ReadAndRemove(const std::string& path) {
  std::stringstream ss;
  {
    std::ifstream in(path);
    ss << in.rdbuf();
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return ss.str();
}

}  // namespace

std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

CommandResult RunCommand(const std::string& cmd, int timeout_seconds) {
  CommandResult r;
  std::string err_file = MakeErrFile();
  std::string full = "timeout -s KILL " + std::to_string(timeout_seconds) + " " + cmd + " 2>" +
                     (err_file.empty() ? std::string("/dev/null") : ShellQuote(err_file));
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe) {
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) r.out.append(buf, n);
    int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  if (!err_file.empty()) r.err = ReadAndRemove(err_file);
  return r;
}

CommandResult RunStrata(const std::string& args, int timeout_seconds) {
  return RunCommand(ShellQuote(StrataBinary()) + " " + args, timeout_seconds);
}

pid_t SpawnSelfTest(const std::string& gtest_filter,
                    const std::vector<std::pair<std::string, std::string>>& env) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  exe[n > 0 ? n : 0] = 0;
  std::string filter_arg = "--gtest_filter=" + gtest_filter;
  pid_t pid = fork();
  if (pid == 0) {
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    execl(exe, exe, filter_arg.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

}  // namespace strata::testing
