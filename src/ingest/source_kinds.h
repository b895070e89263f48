// The built-in source kinds behind SourceRegistry, and the option readers they share.
//
// Each Make*Source validates its SourceConfig (unknown or malformed options are InvalidArgument
// naming the source and the option) and does no I/O beyond what is needed to fail early on a bad
// configuration. The option keys of every kind are listed in source_argument.cc.
// Thread-safety: the functions are pure; see source.h for the Source contract.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "ingest/source.h"

namespace strata::ingest {

Result<std::unique_ptr<Source>> MakeFileSource(const SourceConfig& config);
Result<std::unique_ptr<Source>> MakeSqliteSource(const SourceConfig& config);
Result<std::unique_ptr<Source>> MakePostgresSource(const SourceConfig& config);
Result<std::unique_ptr<Source>> MakeRedisSource(const SourceConfig& config);
Result<std::unique_ptr<Source>> MakeMqttSource(const SourceConfig& config);

/// Typed access to SourceConfig::options with errors that name the source and the key.
class SourceOptions {
 public:
  explicit SourceOptions(const SourceConfig& config) : config_(config) {}

  /// InvalidArgument naming the first key that is not in `known`.
  Status CheckKnown(std::initializer_list<std::string_view> known) const;
  std::string Get(std::string_view key, std::string fallback = "") const;
  bool Has(std::string_view key) const;
  Result<std::string> Required(std::string_view key) const;
  Result<int64_t> Int(std::string_view key, int64_t fallback, int64_t min, int64_t max) const;
  Result<bool> Bool(std::string_view key, bool fallback) const;
  /// A duration in seconds, fractions allowed ("0.5").
  Result<std::chrono::milliseconds> Seconds(std::string_view key, double fallback) const;
  /// A comma-separated list, items trimmed, empty items dropped.
  std::vector<std::string> List(std::string_view key) const;

  /// "<kind> source '<name>'": the prefix of configuration error messages.
  std::string Who() const;

 private:
  const SourceConfig& config_;
};

/// Split on commas, trim blanks, drop empty items.
std::vector<std::string> SplitList(std::string_view text);

}  // namespace strata::ingest
