// Delta table benchmarks on the local store:
//   BM_SmallAppendCommit   one 10-row append (Parquet file + commit) per iteration; reports
//                          p50/p99 latency in microseconds.
//   BM_SnapshotLoad/N/C/R  load the latest snapshot of a table with N commits, with (C=1) or
//                          without (C=0) checkpoints every 10 commits; each commit appends a file
//                          (R=0: N live files) or replaces the previous one (R=1: one live file,
//                          so the cost left is that of the log's length).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <tuple>

#include "common/clock.h"
#include "io/object_store.h"
#include "table/table.h"

namespace strata::table {
namespace {

std::string TempDir(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  return mkdtemp(tmpl.data()) ? tmpl : std::string();
}

format::RecordBatch SmallBatch(int64_t first) {
  format::RecordBatch b;
  b.schema = format::Schema({{"id", format::Int64()}, {"text", format::String()}});
  format::Column id = format::MakeColumn(format::Int64()), text = format::MakeColumn(format::String());
  for (int64_t i = first; i < first + 10; ++i) {
    id.Append<int64_t>(i);
    text.AppendBinary("row " + std::to_string(i));
  }
  b.columns = {std::move(id), std::move(text)};
  b.num_rows = 10;
  return b;
}

void BM_SmallAppendCommit(benchmark::State& state) {
  io::RegisterBuiltinStores();
  std::string dir = TempDir("strata-bench-commit");
  auto store = *io::OpenStore(dir);
  auto table = *Table::Create(store, "t", SmallBatch(0).schema);
  std::vector<double> micros;
  int64_t next = 0;
  for (auto _ : state) {
    int64_t start = MonotonicNanos();
    auto r = table->Append({SmallBatch(next)});
    micros.push_back((MonotonicNanos() - start) / 1000.0);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    next += 10;
  }
  std::sort(micros.begin(), micros.end());
  if (!micros.empty()) {
    state.counters["p50_us"] = micros[micros.size() / 2];
    state.counters["p99_us"] = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_SmallAppendCommit)->Iterations(500)->Unit(benchmark::kMicrosecond);

// Tables are built once per (commits, checkpoints) and reused across repetitions.
std::string BuildTable(int64_t commits, bool checkpoints, bool replace) {
  static std::map<std::tuple<int64_t, bool, bool>, std::string> built;
  auto key = std::make_tuple(commits, checkpoints, replace);
  if (auto it = built.find(key); it != built.end()) return it->second;
  io::RegisterBuiltinStores();
  std::string dir = TempDir("strata-bench-snapshot");
  auto store = *io::OpenStore(dir);
  (void)Table::Create(store, "t", SmallBatch(0).schema);
  CommitOptions options;
  options.write_checkpoints = checkpoints;
  for (int64_t v = 1; v <= commits; ++v) {
    auto snap = *Snapshot::Load(store, "t");
    Transaction txn(store, "t", snap, "WRITE");
    AddFile add;
    add.path = "part-" + std::to_string(v) + ".parquet";
    add.size = 1000;
    add.modification_time = NowMillis();
    add.stats = R"({"numRecords":10,"minValues":{"id":0},"maxValues":{"id":9},"nullCount":{"id":0}})";
    txn.Add(std::move(add));
    if (replace && v > 1) {
      RemoveFile rm;
      rm.path = "part-" + std::to_string(v - 1) + ".parquet";
      rm.deletion_timestamp = NowMillis();
      txn.Add(std::move(rm));
    }
    (void)txn.Commit(options);
  }
  built[key] = dir;
  return dir;
}

void BM_SnapshotLoad(benchmark::State& state) {
  const int64_t commits = state.range(0);
  const bool checkpoints = state.range(1) != 0;
  const bool replace = state.range(2) != 0;
  auto store = *io::OpenStore(BuildTable(commits, checkpoints, replace));
  const size_t want_files = replace ? 1 : static_cast<size_t>(commits);
  for (auto _ : state) {
    auto snap = Snapshot::Load(store, "t");
    if (!snap.ok() || (*snap)->files().size() != want_files) {
      state.SkipWithError("snapshot load failed");
      break;
    }
    benchmark::DoNotOptimize(snap);
  }
}
BENCHMARK(BM_SnapshotLoad)
    ->ArgsProduct({{10, 100, 1000}, {1, 0}, {0, 1}})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace strata::table

BENCHMARK_MAIN();
