#include "testing/test_data.h"

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

namespace strata::testing {
namespace fs = std::filesystem;

std::string TestDataDir() {
  const char* env = std::getenv("STRATA_TEST_DATA");
  if (env && *env) return env;
  return "../shared/data";
}

bool HaveTestData(const std::string& sub) { return fs::exists(fs::path(TestDataDir()) / sub); }

namespace {
std::mutex g_mu;
std::vector<std::string>* g_dirs = nullptr;
void RemoveTempDirs() {
  std::lock_guard<std::mutex> lock(g_mu);
  if (!g_dirs || std::getenv("STRATA_KEEP_TEMP")) return;
  for (const auto& d : *g_dirs) {
    std::error_code ec;
    fs::remove_all(d, ec);
  }
}
}  // namespace

std::string MakeTempDir(const std::string& prefix) {
  std::string tmpl = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  char* made = mkdtemp(tmpl.data());
  if (!made) return {};
  std::lock_guard<std::mutex> lock(g_mu);
  if (!g_dirs) {
    g_dirs = new std::vector<std::string>();
    std::atexit(RemoveTempDirs);
  }
  g_dirs->push_back(made);
  return made;
}

std::string StrataBinary() {
  const char* env = std::getenv("STRATA_BINARY");
  if (env && *env) return env;
  return STRATA_DEFAULT_BINARY;
}

}  // namespace strata::testing
