// Parquet reader conformance: every file of apache/parquet-testing read by `strata parquet cat
// --json` must equal what DuckDB (tests/peers/duckdb_dump.mjs) reads, after both are put in one
// canonical form; files Strata refuses must be refused with NotSupported and be listed below with
// the reason; every file of bad_data/ must fail cleanly (Corruption or NotSupported, no crash, no
// hang).
//
// Canonical form (both sides print the conventions of src/cli/row_json.h; this test then):
//   - integers: exact JSON integers (64-bit, unsigned kept unsigned);
//   - floats: numbers compared with a relative tolerance of 1e-6 (FLOAT is printed by Strata as
//     the shortest float, by DuckDB as the widened double); NaN/Infinity as strings, compared
//     exactly;
//   - decimals: strings with exactly `scale` fraction digits; where DuckDB reads a decimal wider
//     than 38 digits as DOUBLE, the string and the number are compared numerically;
//   - binary: lowercase hex strings; UUIDs 8-4-4-4-12; INTERVAL as the hex of its 12 bytes;
//   - dates: "YYYY-MM-DD";
//   - timestamps and times: ISO text cut or padded to microseconds, without the "Z" marker
//     (DuckDB reads INT96 and millisecond timestamps as microseconds);
//   - lists as arrays, structs as objects, maps as arrays of {"key","value"} objects.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "testing/duckdb_peer.h"
#include "testing/subprocess.h"
#include "testing/test_data.h"

namespace strata {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

enum class Expect {
  kMatchDuckDb,    // Strata and DuckDB read it and agree
  kNotSupported,   // Strata refuses it with NotSupported (reason below)
  kStrataOnly,     // DuckDB cannot read it; Strata's rows are checked another way
};

struct Expectation {
  Expect expect;
  const char* reason;
};

// Files that are not plain "both read it and agree". A file missing here must match DuckDB.
const std::map<std::string, Expectation>& Expectations() {
  static const std::map<std::string, Expectation> kList = {
      {"large_string_map.brotli.parquet",
       {Expect::kNotSupported,
        "a 4 KB file whose pages decompress to 1 GiB: beyond the reader's limit of 1000x the "
        "file size (DuckDB fails too: string longer than 0x1fffffe8)"}},
      {"map_no_value.parquet",
       {Expect::kNotSupported,
        "a MAP whose key_value group has no value column (DuckDB refuses it too)"}},
      {"byte_stream_split_extended.gzip.parquet",
       {Expect::kStrataOnly,
        "DuckDB reads BYTE_STREAM_SPLIT only for FLOAT/DOUBLE; each *_byte_stream_split column "
        "must equal its *_plain twin"}},
      {"hadoop_lz4_compressed.parquet",
       {Expect::kStrataOnly, "DuckDB lacks codec LZ4 (Hadoop); rows must equal lz4_raw_compressed"}},
      {"non_hadoop_lz4_compressed.parquet",
       {Expect::kStrataOnly, "DuckDB lacks codec LZ4 (raw block); rows must equal lz4_raw_compressed"}},
      {"hadoop_lz4_compressed_larger.parquet",
       {Expect::kStrataOnly,
        "DuckDB lacks codec LZ4 (Hadoop); rows must equal lz4_raw_compressed_larger"}},
  };
  return kList;
}

// bad_data files that hold valid data despite their folder, compared with DuckDB instead.
const std::map<std::string, std::string>& BadDataExceptions() {
  static const std::map<std::string, std::string> kList = {
      {"ARROW-GH-43605.parquet",
       "dictionary indices with RLE bit width 0 over a 1-entry dictionary: valid (every index is "
       "0), the bug was Arrow's crash; DuckDB reads the same 21186 zeros"},
  };
  return kList;
}

using testing::CommandResult;
using testing::ShellQuote;

// ---- Canonical form ----

bool IsDigits(const std::string& s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// "HH:MM:SS[.fff…]" at `at` to the end (minus an optional 'Z'): rewrite with 6 fraction digits.
bool NormalizeClock(const std::string& s, size_t at, std::string* out) {
  std::string t = s;
  if (!t.empty() && t.back() == 'Z') t.pop_back();
  if (!IsDigits(t, at, 2) || t.size() < at + 8 || t[at + 2] != ':' || !IsDigits(t, at + 3, 2) ||
      t[at + 5] != ':' || !IsDigits(t, at + 6, 2)) {
    return false;
  }
  std::string frac;
  if (t.size() > at + 8) {
    if (t[at + 8] != '.' || !IsDigits(t, at + 9, t.size() - at - 9)) return false;
    frac = t.substr(at + 9);
  }
  frac = (frac + "000000").substr(0, 6);
  *out = t.substr(0, at + 8) + "." + frac;
  return true;
}

std::string NormalizeString(const std::string& s) {
  std::string out;
  size_t dash = s.find('-', 1);
  if (dash != std::string::npos && dash >= 4 && s.size() > dash + 6 && s[dash + 3] == '-' &&
      s[dash + 6] == 'T' && NormalizeClock(s, dash + 7, &out)) {
    return out;  // timestamp
  }
  if (s.size() >= 8 && s[2] == ':' && NormalizeClock(s, 0, &out)) return out;  // time
  return s;
}

json Normalize(const json& v) {
  if (v.is_string()) return NormalizeString(v.get<std::string>());
  if (v.is_array()) {
    json out = json::array();
    for (const json& x : v) out.push_back(Normalize(x));
    return out;
  }
  if (v.is_object()) {
    json out = json::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = Normalize(it.value());
    return out;
  }
  return v;
}

bool IsDecimalText(const std::string& s) {
  if (s.empty()) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  bool dot = false, digit = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.' && !dot) {
      dot = true;
    } else if (s[i] >= '0' && s[i] <= '9') {
      digit = true;
    } else {
      return false;
    }
  }
  return digit;
}

bool Close(double a, double b) {
  return a == b || std::fabs(a - b) <= 1e-6 * std::max(std::fabs(a), std::fabs(b));
}

bool Equivalent(const json& a, const json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    if (a.is_number_unsigned() || b.is_number_unsigned()) {
      return a.dump() == b.dump();
    }
    return a.get<int64_t>() == b.get<int64_t>();
  }
  if (a.is_number() && b.is_number()) return Close(a.get<double>(), b.get<double>());
  if (a.is_string() && b.is_number() && IsDecimalText(a.get<std::string>())) {
    return Close(std::stod(a.get<std::string>()), b.get<double>());
  }
  if (b.is_string() && a.is_number()) return Equivalent(b, a);
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!Equivalent(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key()) || !Equivalent(it.value(), b[it.key()])) return false;
    }
    return true;
  }
  return a == b;
}

std::vector<json> ParseRows(const std::string& text) {
  std::vector<json> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) rows.push_back(Normalize(json::parse(line)));
  }
  return rows;
}

// Compare row lists; return "" or the first difference.
std::string Diff(const std::vector<json>& strata, const std::vector<json>& peer) {
  if (strata.size() != peer.size()) {
    return "strata has " + std::to_string(strata.size()) + " rows, peer " +
           std::to_string(peer.size());
  }
  for (size_t i = 0; i < strata.size(); ++i) {
    if (!Equivalent(strata[i], peer[i])) {
      return "row " + std::to_string(i) + ": strata " + strata[i].dump().substr(0, 400) +
             " vs peer " + peer[i].dump().substr(0, 400);
    }
  }
  return "";
}

class ParquetConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    STRATA_REQUIRE_TEST_DATA("parquet-testing/data");
  }

  // Killed after 120 s: exit code 137 means it hung.
  CommandResult Strata(const std::string& file) {
    return testing::RunStrata("parquet cat --json " + ShellQuote(file), 120);
  }

  CommandResult DuckDb(const std::string& file) {
    return testing::RunCommand("node " + ShellQuote(testing::kDuckDbDumpScript) + " " +
                               ShellQuote(file));
  }

  std::vector<std::string> Files(const std::string& sub) const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(testing::TestDataDir() + "/" + sub)) {
      if (e.path().extension() == ".parquet") out.push_back(e.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  void ExpectMatchesDuckDb(const std::string& path, const CommandResult& s) {
    CommandResult d = DuckDb(path);
    ASSERT_EQ(d.exit_code, 0) << path << ": DuckDB failed: " << d.err;
    std::string diff = Diff(ParseRows(s.out), ParseRows(d.out));
    EXPECT_EQ(diff, "") << path;
  }
};

TEST_F(ParquetConformanceTest, EveryDataFileMatchesDuckDbOrIsListed) {
  STRATA_REQUIRE_DUCKDB_PEER();
  int matched = 0;
  for (const std::string& path : Files("parquet-testing/data")) {
    std::string name = fs::path(path).filename().string();
    auto it = Expectations().find(name);
    Expect expect = it == Expectations().end() ? Expect::kMatchDuckDb : it->second.expect;
    CommandResult s = Strata(path);
    SCOPED_TRACE(name);
    if (expect == Expect::kNotSupported) {
      EXPECT_EQ(s.exit_code, 1) << name << " should be refused: " << it->second.reason;
      EXPECT_NE(s.err.find("NotSupported"), std::string::npos) << name << ": " << s.err;
      continue;
    }
    ASSERT_EQ(s.exit_code, 0) << name << ": strata failed: " << s.err;
    if (expect == Expect::kMatchDuckDb) {
      ExpectMatchesDuckDb(path, s);
      ++matched;
    }
  }
  EXPECT_GE(matched, 55) << "fewer files matched DuckDB than the 58 known to match";
}

TEST_F(ParquetConformanceTest, Lz4VariantsEqualLz4Raw) {
  std::string dir = testing::TestDataDir() + "/parquet-testing/data/";
  const std::pair<const char*, const char*> kPairs[] = {
      {"hadoop_lz4_compressed.parquet", "lz4_raw_compressed.parquet"},
      {"non_hadoop_lz4_compressed.parquet", "lz4_raw_compressed.parquet"},
      {"hadoop_lz4_compressed_larger.parquet", "lz4_raw_compressed_larger.parquet"},
  };
  for (const auto& [lz4, raw] : kPairs) {
    CommandResult a = Strata(dir + lz4), b = Strata(dir + raw);
    ASSERT_EQ(a.exit_code, 0) << lz4 << ": " << a.err;
    ASSERT_EQ(b.exit_code, 0) << raw << ": " << b.err;
    std::vector<json> ra = ParseRows(a.out), rb = ParseRows(b.out);
    EXPECT_GE(ra.size(), 4u);
    EXPECT_EQ(Diff(ra, rb), "") << lz4;
  }
}

TEST_F(ParquetConformanceTest, ByteStreamSplitColumnsEqualPlainTwins) {
  std::string path =
      testing::TestDataDir() + "/parquet-testing/data/byte_stream_split_extended.gzip.parquet";
  CommandResult s = Strata(path);
  ASSERT_EQ(s.exit_code, 0) << s.err;
  std::vector<json> rows = ParseRows(s.out);
  ASSERT_GT(rows.size(), 100u);
  int pairs = 0;
  for (const json& row : rows) {
    for (auto it = row.begin(); it != row.end(); ++it) {
      const std::string& key = it.key();
      size_t at = key.rfind("_byte_stream_split");
      if (at == std::string::npos) continue;
      std::string twin = key.substr(0, at) + "_plain";
      ASSERT_TRUE(row.contains(twin)) << twin;
      EXPECT_TRUE(Equivalent(it.value(), row[twin])) << key << " " << it.value() << " vs " << row[twin];
      ++pairs;
    }
  }
  EXPECT_EQ(pairs, static_cast<int>(rows.size()) * 7);
}

TEST_F(ParquetConformanceTest, BadDataFailsCleanly) {
  STRATA_REQUIRE_TEST_DATA("parquet-testing/bad_data");
  for (const std::string& path : Files("parquet-testing/bad_data")) {
    std::string name = fs::path(path).filename().string();
    CommandResult s = Strata(path);
    if (BadDataExceptions().count(name)) {
      ASSERT_EQ(s.exit_code, 0) << name << ": " << s.err;
      if (testing::HaveDuckDbPeer()) ExpectMatchesDuckDb(path, s);
      continue;
    }
    EXPECT_EQ(s.exit_code, 1) << name << " (124 = hang, >128 = crash): " << s.err;
    bool clean = s.err.find("Corruption") != std::string::npos ||
                 s.err.find("NotSupported") != std::string::npos;
    EXPECT_TRUE(clean) << name << ": " << s.err;
    EXPECT_NE(s.err.find(name), std::string::npos) << "error should name the file: " << s.err;
  }
}

}  // namespace
}  // namespace strata
