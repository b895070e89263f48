// Crash safety: a writer process appending to a local Delta table is SIGKILLed at a random moment,
// fifty times over the same table. After every kill the table opens at a consistent version: the
// rows are exactly those of the committed appends (whole batches, never part of one), every
// referenced data file is readable, and the next writer continues from there.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <thread>

#include "io/object_store.h"
#include "table/table.h"
#include "testing/subprocess.h"
#include "testing/test_data.h"

namespace strata::table {
namespace {

constexpr int kRuns = 50;
constexpr int kRowsPerBatch = 5;

format::Schema CrashSchema() {
  return format::Schema({{"run", format::Int64()}, {"seq", format::Int64()},
                         {"text", format::String()}});
}

format::RecordBatch CrashBatch(int64_t run, int64_t seq) {
  format::RecordBatch b;
  b.schema = CrashSchema();
  format::Column r = format::MakeColumn(format::Int64()), s = format::MakeColumn(format::Int64()),
                 t = format::MakeColumn(format::String());
  for (int i = 0; i < kRowsPerBatch; ++i) {
    r.Append<int64_t>(run);
    s.Append<int64_t>(seq);
    t.AppendBinary(std::string(200 + i * 50, static_cast<char>('a' + i)));
  }
  b.columns = {std::move(r), std::move(s), std::move(t)};
  b.num_rows = kRowsPerBatch;
  return b;
}

// Worker mode: append batches until killed.
TEST(TableCrashWorker, AppendUntilKilled) {
  const char* dir = std::getenv("STRATA_CRASH_WORKER_DIR");
  if (!dir) GTEST_SKIP() << "worker mode only";
  const int64_t run = std::atoll(std::getenv("STRATA_CRASH_WORKER_RUN"));
  io::RegisterBuiltinStores();
  ASSERT_OK_AND_ASSIGN(auto store, io::OpenStore(dir));
  ASSERT_OK_AND_ASSIGN(auto table, Table::Open(store, "t"));
  for (int64_t seq = 0; seq < 100000; ++seq) {
    ASSERT_OK(table->Append({CrashBatch(run, seq)}));
  }
}

pid_t SpawnWorker(const std::string& dir, int run) {
  return testing::SpawnSelfTest("TableCrashWorker.AppendUntilKilled",
                                {{"STRATA_CRASH_WORKER_DIR", dir},
                                 {"STRATA_CRASH_WORKER_RUN", std::to_string(run)}});
}

// Check the table after a crash; returns the number of committed batches.
void CheckConsistent(Table& table, int64_t* batches) {
  ASSERT_OK_AND_ASSIGN(auto snap, table.Latest());
  ASSERT_OK_AND_ASSIGN(ScanResult all, table.Scan());  // reads every referenced file
  std::map<std::pair<int64_t, int64_t>, int> rows_per_batch;
  for (int64_t r = 0; r < all.batch.num_rows; ++r) {
    ++rows_per_batch[{all.batch.columns[0].value<int64_t>(r),
                      all.batch.columns[1].value<int64_t>(r)}];
  }
  for (const auto& [key, count] : rows_per_batch) {
    ASSERT_EQ(count, kRowsPerBatch) << "partial batch run " << key.first << " seq " << key.second;
  }
  // One file per committed append, and the log's row count agrees with the data.
  EXPECT_EQ(rows_per_batch.size(), snap->files().size());
  EXPECT_EQ(snap->NumRows(), all.batch.num_rows);
  // Within a run, committed batches are a prefix 0..n-1: no commit lost in the middle.
  std::map<int64_t, int64_t> max_seq, count_seq;
  for (const auto& [key, count] : rows_per_batch) {
    max_seq[key.first] = std::max(max_seq[key.first], key.second);
    ++count_seq[key.first];
  }
  for (const auto& [run, top] : max_seq) EXPECT_EQ(count_seq[run], top + 1) << "run " << run;
  *batches = static_cast<int64_t>(rows_per_batch.size());
}

TEST(TableCrashTest, KilledWritersLeaveAConsistentTable) {
  std::string dir = testing::MakeTempDir("strata-crash");
  io::RegisterBuiltinStores();
  ASSERT_OK_AND_ASSIGN(auto store, io::OpenStore(dir));
  ASSERT_OK(Table::Create(store, "t", CrashSchema()));
  ASSERT_OK_AND_ASSIGN(auto table, Table::Open(store, "t"));
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> delay_ms(5, 250);
  int64_t previous = 0;
  for (int run = 0; run < kRuns; ++run) {
    pid_t pid = SpawnWorker(dir, run);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
        << "worker failed before the kill, status " << status;
    int64_t batches = 0;
    ASSERT_NO_FATAL_FAILURE(CheckConsistent(*table, &batches)) << "after run " << run;
    EXPECT_GE(batches, previous);
    previous = batches;
  }
  EXPECT_GT(previous, 0) << "no worker ever committed: delays too short to test anything";
  RecordProperty("committed_batches", static_cast<int>(previous));
  std::printf("crash test: %d kills, %lld committed batches survived\n", kRuns,
              static_cast<long long>(previous));
  // The table stays writable after all the crashes.
  ASSERT_OK(table->Append({CrashBatch(9999, 0)}));
  int64_t final_batches = 0;
  CheckConsistent(*table, &final_batches);
  EXPECT_EQ(final_batches, previous + 1);
}

}  // namespace
}  // namespace strata::table
