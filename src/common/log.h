// Structured logging: one line per event to stderr, as logfmt on a terminal-less run or JSON
// when STRATA_LOG_FORMAT=json. Level from STRATA_LOG_LEVEL (debug|info|warn|error; default warn
// for the CLI so that command output stays clean).
//
//   STRATA_LOG(kInfo, "commit", {{"table", name}, {"version", v}});
//
// Thread-safety: Log() may be called from any thread; lines are never interleaved.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace strata {

enum class LogLevel : unsigned char { kDebug, kInfo, kWarn, kError };

struct LogField {
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v) {}
  template <typename N>
    requires std::is_arithmetic_v<N>
  LogField(std::string_view k, N v) : key(k), value(std::to_string(v)) {}
  std::string key;
  std::string value;
};

/// True when events at `level` are written.
bool LogEnabled(LogLevel level);
/// Set the minimum level written (overrides STRATA_LOG_LEVEL).
void SetLogLevel(LogLevel level);
/// Write one event.
void Log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields = {});

}  // namespace strata

#define STRATA_LOG(level, event, ...)                                          \
  do {                                                                         \
    if (::strata::LogEnabled(::strata::LogLevel::level))                       \
      ::strata::Log(::strata::LogLevel::level, event __VA_OPT__(, ) __VA_ARGS__); \
  } while (false)
