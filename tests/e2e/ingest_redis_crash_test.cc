// Exactly-once ingestion from a Redis stream across crashes: `strata ingest redis://...` is
// SIGKILLed at random moments (between reading and committing, mid-commit, after the commit but
// before the acknowledgement) while it drains a stream, then run to completion. The documents
// and chunks tables must hold every message exactly once. Needs STRATA_TEST_REDIS (scripts/test
// starts redis-server on loopback).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "io/object_store.h"
#include "table/table.h"
#include "testing/subprocess.h"
#include "testing/test_data.h"

namespace strata {
namespace {

constexpr int kMessages = 400;
constexpr int kKills = 12;

std::string MessageText(int i) {
  static const char* kWords[] = {"heron", "willow", "granite", "lantern", "orchid", "quartz",
                                 "meadow", "falcon", "cobalt", "juniper", "saffron", "tundra"};
  std::string s = "reading " + std::to_string(i);
  for (int k = 0; k < 6; ++k) s += std::string(" ") + kWords[(i * 7 + k * 5 + i / 12) % 12];
  return s + " end " + std::to_string(i * 31 % 997);
}

pid_t SpawnStrata(const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    std::vector<char*> argv;
    std::string bin = testing::StrataBinary();
    argv.push_back(bin.data());
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

TEST(IngestRedisCrashTest, EveryMessageExactlyOnceAfterKills) {
  const char* url = std::getenv("STRATA_TEST_REDIS");
  if (url == nullptr) {
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") FAIL() << "STRATA_TEST_REDIS unset in CI";
    GTEST_SKIP() << "STRATA_TEST_REDIS not set (scripts/test starts redis-server)";
  }
  std::string base(url);
  std::string hostport = base.substr(base.find("://") + 3);
  std::string host = hostport.substr(0, hostport.find(':'));
  std::string port = hostport.substr(hostport.find(':') + 1);
  std::string dir = testing::MakeTempDir("redis-crash");
  std::string stream = "crash-" + std::to_string(getpid());
  {
    std::ofstream cmds(dir + "/cmds.txt");
    for (int i = 0; i < kMessages; ++i) {
      cmds << "XADD " << stream << " * body \"" << MessageText(i) << "\" n " << i << "\n";
    }
  }
  auto fed = testing::RunCommand("redis-cli -h " + host + " -p " + port + " < " + dir +
                                 "/cmds.txt > /dev/null");
  ASSERT_EQ(fed.exit_code, 0) << fed.err;

  std::string ws = dir + "/ws";
  std::vector<std::string> args = {"ingest", base + "/" + stream + "?group=g&block=0.3&count=7",
                                   "--source", "events", "--batch", "7", "-w", ws};
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> delay_ms(40, 700);
  int killed = 0;
  for (int k = 0; k < kKills; ++k) {
    pid_t pid = SpawnStrata(args);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    killed += kill(pid, SIGKILL) == 0;
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
  }
  auto final_run = testing::RunCommand(testing::ShellQuote(testing::StrataBinary()) + " ingest " +
                                       testing::ShellQuote(args[1]) +
                                       " --source events --batch 7 -w " + ws, 300);
  // Exit 1 ("nothing could be ingested") is fine when the killed runs had finished the stream.
  ASSERT_TRUE(final_run.exit_code == 0 || final_run.exit_code == 1) << final_run.err;

  io::RegisterBuiltinStores();
  ASSERT_OK_AND_ASSIGN(auto store, io::OpenStore(ws));
  ASSERT_OK_AND_ASSIGN(auto docs, table::Table::Open(store, "tables/documents"));
  table::ScanOptions opts;
  opts.columns = {"doc_id", "uri", "text"};
  ASSERT_OK_AND_ASSIGN(auto d, docs->Scan(opts));
  std::map<std::string, int> per_text;
  std::set<std::string> uris;
  for (int64_t i = 0; i < d.batch.num_rows; ++i) {
    ++per_text[std::string(d.batch.columns[2].binary(i))];
    uris.insert(std::string(d.batch.columns[1].binary(i)));
  }
  EXPECT_EQ(d.batch.num_rows, kMessages) << "documents: one row per message";
  EXPECT_EQ(uris.size(), static_cast<size_t>(kMessages));
  for (int i = 0; i < kMessages; ++i) {
    EXPECT_EQ(per_text[MessageText(i)], 1) << "message " << i;
  }
  ASSERT_OK_AND_ASSIGN(auto chunks, table::Table::Open(store, "tables/chunks"));
  opts.columns = {"chunk_id", "doc_id"};
  ASSERT_OK_AND_ASSIGN(auto c, chunks->Scan(opts));
  std::set<std::string> chunk_ids, chunk_docs;
  for (int64_t i = 0; i < c.batch.num_rows; ++i) {
    EXPECT_TRUE(chunk_ids.insert(std::string(c.batch.columns[0].binary(i))).second)
        << "duplicate chunk " << c.batch.columns[0].binary(i);
    chunk_docs.insert(std::string(c.batch.columns[1].binary(i)));
  }
  EXPECT_EQ(chunk_docs.size(), static_cast<size_t>(kMessages)) << "every message chunked";
  auto pending = testing::RunCommand("redis-cli -h " + host + " -p " + port + " XPENDING " +
                                     stream + " g");
  EXPECT_EQ(pending.out.substr(0, 2), "0\n") << "every message acknowledged: " << pending.out;
  std::printf("redis crash test: %d kills, %d messages, each exactly once\n", killed, kMessages);
}

}  // namespace
}  // namespace strata
