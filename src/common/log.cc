#include "common/log.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>

#include "common/clock.h"

namespace strata {
namespace {

LogLevel LevelFromEnv() {
  const char* env = std::getenv("STRATA_LOG_LEVEL");
  std::string_view v = env ? env : "warn";
  if (v == "debug") return LogLevel::kDebug;
  if (v == "info") return LogLevel::kInfo;
  if (v == "error") return LogLevel::kError;
  return LogLevel::kWarn;
}

std::atomic<int>& MinLevel() {
  static std::atomic<int> level{static_cast<int>(LevelFromEnv())};
  return level;
}

bool JsonFormat() {
  static const bool json = [] {
    const char* env = std::getenv("STRATA_LOG_FORMAT");
    return env && std::string_view(env) == "json";
  }();
  return json;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "info";
}

}  // namespace

bool LogEnabled(LogLevel level) { return static_cast<int>(level) >= MinLevel().load(); }

void SetLogLevel(LogLevel level) { MinLevel().store(static_cast<int>(level)); }

void Log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
  std::string line;
  if (JsonFormat()) {
    nlohmann::json j;
    j["ts"] = FormatTimestampMicros(NowMicros());
    j["level"] = LevelName(level);
    j["event"] = event;
    for (const auto& f : fields) j[f.key] = f.value;
    line = j.dump();
  } else {
    line = FormatTimestampMicros(NowMicros()) + " " + LevelName(level) + " " + std::string(event);
    for (const auto& f : fields) {
      bool quote = f.value.find_first_of(" \t\"=") != std::string::npos || f.value.empty();
      line += " " + f.key + "=" + (quote ? nlohmann::json(f.value).dump() : f.value);
    }
  }
  line += '\n';
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace strata
