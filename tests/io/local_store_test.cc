// LocalStore specifics: files on disk, temporary files, memory mapping and cross-handle races.
#include "io/local_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "testing/test_data.h"

namespace strata::io {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> FilesUnder(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) out.push_back(fs::relative(entry.path(), dir).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class LocalStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = testing::MakeTempDir("strata-local");
    auto store = LocalStore::Open(root_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *store;
  }
  std::string root_;
  std::shared_ptr<LocalStore> store_;
};

TEST_F(LocalStoreTest, PutWritesThePlainFileAndLeavesNoTemporaries) {
  ASSERT_OK(store_->Put("tables/docs/part-0.parquet", "PAR1"));
  ASSERT_OK(store_->PutIfAbsent("tables/docs/_delta_log/0.json", "{}"));
  EXPECT_TRUE(store_->PutIfAbsent("tables/docs/_delta_log/0.json", "{}").IsAlreadyExists());
  EXPECT_EQ(FilesUnder(root_), (std::vector<std::string>{"tables/docs/_delta_log/0.json",
                                                         "tables/docs/part-0.parquet"}));
  std::ifstream in(root_ + "/tables/docs/part-0.parquet");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "PAR1");
}

TEST_F(LocalStoreTest, RootIsCreatedLazilyAndMissingRootListsEmpty) {
  ASSERT_OK_AND_ASSIGN(auto store, LocalStore::Open(root_ + "/not/yet"));
  ASSERT_OK_AND_ASSIGN(auto listed, store->List(""));
  EXPECT_TRUE(listed.empty());
  EXPECT_FALSE(fs::exists(root_ + "/not/yet"));
  ASSERT_OK(store->Put("x", "1"));
  EXPECT_TRUE(fs::is_regular_file(root_ + "/not/yet/x"));
}

TEST_F(LocalStoreTest, WriterDestroyedWithoutCloseLeavesNothing) {
  {
    ASSERT_OK_AND_ASSIGN(auto out, store_->OpenWrite("dir/abandoned.bin"));
    ASSERT_OK(out->Write(std::string(3 << 20, 'q')));  // past the buffer: bytes hit the disk
    EXPECT_EQ(FilesUnder(root_).size(), 1u);           // only the temporary file
    ASSERT_OK_AND_ASSIGN(auto listed, store_->List(""));
    EXPECT_TRUE(listed.empty());  // temporaries are never listed
  }
  EXPECT_TRUE(FilesUnder(root_).empty());
  EXPECT_TRUE(store_->Head("dir/abandoned.bin").status().IsNotFound());
}

TEST_F(LocalStoreTest, ClosedWriterReplacesAtomically) {
  ASSERT_OK(store_->Put("obj", "old"));
  ASSERT_OK_AND_ASSIGN(auto out, store_->OpenWrite("obj"));
  ASSERT_OK(out->Write("new contents"));
  ASSERT_OK_AND_ASSIGN(auto before, store_->Get("obj"));
  EXPECT_EQ(before->view(), "old");
  ASSERT_OK(out->Close());
  ASSERT_OK(out->Close());  // a second Close is harmless
  EXPECT_FALSE(out->Write("late").ok());
  ASSERT_OK_AND_ASSIGN(auto after, store_->Get("obj"));
  EXPECT_EQ(after->view(), "new contents");
  EXPECT_EQ(FilesUnder(root_), std::vector<std::string>{"obj"});
}

TEST_F(LocalStoreTest, MappedBuffersOutliveTheFileAndItsReplacement) {
  ASSERT_OK(store_->Put("m", "mapped bytes"));
  ASSERT_OK_AND_ASSIGN(auto file, store_->OpenRead("m"));
  ASSERT_OK_AND_ASSIGN(auto slice, file->ReadAt(7, 5));
  ASSERT_OK_AND_ASSIGN(auto again, file->ReadAt(7, 5));
  EXPECT_EQ(slice->data(), again->data());  // zero copy: both point into the mapping
  file.reset();
  ASSERT_OK(store_->Put("m", "something else entirely"));
  ASSERT_OK(store_->Delete("m"));
  EXPECT_EQ(slice->view(), "bytes");
}

TEST_F(LocalStoreTest, EmptyFileOpensForRead) {
  ASSERT_OK(store_->Put("zero", ""));
  ASSERT_OK_AND_ASSIGN(auto file, store_->OpenRead("zero"));
  EXPECT_EQ(file->Size(), 0);
  EXPECT_TRUE(file->ReadAt(0, 1).status().IsCorruption());
}

TEST_F(LocalStoreTest, ErrorsNameThePathAndReason) {
  Status st = store_->Get("missing/file.json").status();
  ASSERT_TRUE(st.IsNotFound());
  EXPECT_NE(st.message().find(root_ + "/missing/file.json"), std::string::npos) << st;
  EXPECT_NE(st.message().find("No such file"), std::string::npos) << st;
  ASSERT_OK(store_->Put("file", "x"));
  Status under_file = store_->Put("file/child", "y");  // a file is in the way of the folder
  EXPECT_FALSE(under_file.ok());
  EXPECT_FALSE(under_file.IsAlreadyExists()) << under_file;  // not "the object exists"
  EXPECT_FALSE(store_->PutIfAbsent("file/child", "y").IsAlreadyExists());
  EXPECT_NE(under_file.message().find(root_ + "/file"), std::string::npos);
}

TEST_F(LocalStoreTest, PutIfAbsentRaceAcrossSeparateHandles) {
  constexpr int kThreads = 8;
  std::atomic<int> winners{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto store = LocalStore::Open(root_);  // each writer its own handle, as separate processes
      ASSERT_TRUE(store.ok());
      while (!go.load()) std::this_thread::yield();
      if ((*store)->PutIfAbsent("_delta_log/00000000000000000001.json", std::to_string(t)).ok()) {
        ++winners;
      }
    });
  }
  go = true;
  for (auto& th : threads) th.join();
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(FilesUnder(root_), std::vector<std::string>{"_delta_log/00000000000000000001.json"});
}

TEST_F(LocalStoreTest, PutIfAbsentRaceAcrossProcesses) {
  constexpr int kProcesses = 6;
  constexpr int kRounds = 5;
  for (int round = 0; round < kRounds; ++round) {
    std::string path = "_delta_log/" + std::to_string(round) + ".json";
    std::vector<pid_t> children;
    for (int p = 0; p < kProcesses; ++p) {
      pid_t pid = fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        auto store = LocalStore::Open(root_);
        if (!store.ok()) _exit(3);
        Status st = (*store)->PutIfAbsent(path, "process " + std::to_string(p));
        _exit(st.ok() ? 0 : st.IsAlreadyExists() ? 1 : 2);
      }
      children.push_back(pid);
    }
    int winners = 0, losers = 0;
    for (pid_t pid : children) {
      int status = 0;
      ASSERT_EQ(waitpid(pid, &status, 0), pid);
      ASSERT_TRUE(WIFEXITED(status));
      if (WEXITSTATUS(status) == 0) ++winners;
      if (WEXITSTATUS(status) == 1) ++losers;
    }
    EXPECT_EQ(winners, 1) << path;
    EXPECT_EQ(losers, kProcesses - 1) << path;
  }
  EXPECT_EQ(FilesUnder(root_).size(), static_cast<size_t>(kRounds));  // no temporaries left
}

TEST_F(LocalStoreTest, RelativeRootBecomesAbsolute) {
  ASSERT_OK_AND_ASSIGN(auto store, LocalStore::Open("some/relative/../dir"));
  EXPECT_TRUE(store->root().starts_with("/"));
  EXPECT_TRUE(store->root().ends_with("/some/dir"));
  EXPECT_EQ(store->uri(), "file://" + store->root());
}

}  // namespace
}  // namespace strata::io
