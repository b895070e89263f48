#include "ingest/source.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "ingest/source_kinds.h"

namespace strata::ingest {

Result<std::vector<Split>> Source::WaitForSplits(std::chrono::milliseconds) {
  return Status::NotSupported(config_.kind + " source '" + config_.name +
                              "' has no continuous mode (WaitForSplits)");
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    start = comma + 1;
  }
  return out;
}

std::string SourceOptions::Who() const {
  return config_.kind + " source '" + config_.name + "'";
}

Status SourceOptions::CheckKnown(std::initializer_list<std::string_view> known) const {
  for (const auto& [key, value] : config_.options) {
    bool found = false;
    for (std::string_view k : known) found = found || k == key;
    if (found) continue;
    std::string list;
    for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    return Status::InvalidArgument(Who() + ": unknown option '" + key + "' (known: " + list + ")");
  }
  return Status::OK();
}

std::string SourceOptions::Get(std::string_view key, std::string fallback) const {
  auto it = config_.options.find(std::string(key));
  return it == config_.options.end() ? fallback : it->second;
}

bool SourceOptions::Has(std::string_view key) const {
  auto it = config_.options.find(std::string(key));
  return it != config_.options.end() && !it->second.empty();
}

Result<std::string> SourceOptions::Required(std::string_view key) const {
  if (!Has(key)) {
    return Status::InvalidArgument(Who() + ": option '" + std::string(key) + "' is required");
  }
  return Get(key);
}

Result<int64_t> SourceOptions::Int(std::string_view key, int64_t fallback, int64_t min,
                                   int64_t max) const {
  if (!Has(key)) return fallback;
  std::string text = Get(key);
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end == text.c_str() || *end != '\0' || v < min || v > max) {
    return Status::InvalidArgument(Who() + ": option '" + std::string(key) + "' is '" + text +
                                   "', expected an integer in [" + std::to_string(min) + ", " +
                                   std::to_string(max) + "]");
  }
  return static_cast<int64_t>(v);
}

Result<bool> SourceOptions::Bool(std::string_view key, bool fallback) const {
  if (!Has(key)) return fallback;
  std::string v = Get(key);
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no") return false;
  return Status::InvalidArgument(Who() + ": option '" + std::string(key) + "' is '" + v +
                                 "', expected true or false");
}

Result<std::chrono::milliseconds> SourceOptions::Seconds(std::string_view key,
                                                         double fallback) const {
  double seconds = fallback;
  if (Has(key)) {
    std::string text = Get(key);
    char* end = nullptr;
    seconds = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !std::isfinite(seconds) || seconds < 0 ||
        seconds > 86400.0 * 365) {
      return Status::InvalidArgument(Who() + ": option '" + std::string(key) + "' is '" + text +
                                     "', expected a number of seconds");
    }
  }
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(seconds * 1000)));
}

std::vector<std::string> SourceOptions::List(std::string_view key) const {
  return SplitList(Get(key));
}

}  // namespace strata::ingest
