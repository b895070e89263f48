#include "table/log_files.h"

#include <cstdio>
#include <random>

#include <unistd.h>

#include "common/clock.h"

namespace strata::table {
namespace {

std::string Padded(int64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%0*lld", width, static_cast<long long>(v));
  return buf;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int64_t ToInt(std::string_view s) {
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::string LogDir(std::string_view root) {
  return root.empty() ? "_delta_log" : std::string(root) + "/_delta_log";
}

std::string CommitPath(std::string_view root, int64_t version) {
  return LogDir(root) + "/" + Padded(version, 20) + ".json";
}

std::string CheckpointPath(std::string_view root, int64_t version) {
  return LogDir(root) + "/" + Padded(version, 20) + ".checkpoint.parquet";
}

std::string CheckpointPartPath(std::string_view root, int64_t version, int part, int parts) {
  return LogDir(root) + "/" + Padded(version, 20) + ".checkpoint." + Padded(part, 10) + "." +
         Padded(parts, 10) + ".parquet";
}

std::string VersionBlockPrefix(std::string_view root, int64_t block) {
  return LogDir(root) + "/" + Padded(block, 18);
}

std::string LastCheckpointPath(std::string_view root) { return LogDir(root) + "/_last_checkpoint"; }

LogFileName ParseLogFileName(std::string_view name) {
  if (size_t slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  LogFileName out;
  if (name.size() < 21 || !AllDigits(name.substr(0, 20)) || name[20] != '.') return out;
  // 20 digits fit in int64 only up to 9223372036854775807.
  if (name.substr(0, 20) > std::string_view("09223372036854775807")) return out;
  const int64_t version = ToInt(name.substr(0, 20));
  std::string_view rest = name.substr(21);
  if (rest == "json") {
    out.type = LogFileName::Type::kCommit;
  } else if (rest == "checkpoint.parquet") {
    out.type = LogFileName::Type::kCheckpoint;
  } else if (rest.size() == 11 + 10 + 1 + 10 + 8 && rest.substr(0, 11) == "checkpoint." &&
             AllDigits(rest.substr(11, 10)) && rest[21] == '.' && AllDigits(rest.substr(22, 10)) &&
             rest.substr(32) == ".parquet") {
    out.type = LogFileName::Type::kCheckpointPart;
    out.part = static_cast<int>(ToInt(rest.substr(11, 10)));
    out.parts = static_cast<int>(ToInt(rest.substr(22, 10)));
    if (out.part < 1 || out.parts < 1 || out.part > out.parts) out.type = LogFileName::Type::kOther;
  } else if (rest.substr(0, 11) == "checkpoint." &&
             (rest.ends_with(".json") || rest.ends_with(".parquet"))) {
    out.type = LogFileName::Type::kV2Checkpoint;
  } else {
    return out;
  }
  out.version = version;
  return out;
}

std::string NewUuid() {
  // Reseed after fork(): a child must never repeat its parent's names.
  thread_local std::mt19937_64 rng;
  thread_local pid_t seeded_for = 0;
  if (seeded_for != getpid()) {
    seeded_for = getpid();
    std::seed_seq seq{std::random_device{}(), static_cast<unsigned>(seeded_for),
                      static_cast<unsigned>(MonotonicNanos())};
    rng.seed(seq);
  }
  uint64_t hi = rng(), lo = rng();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                       // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(hi >> 32), static_cast<unsigned>((hi >> 16) & 0xFFFF),
                static_cast<unsigned>(hi & 0xFFFF), static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

}  // namespace strata::table
