// Behaviour every ObjectStore backend must share, run against the local and memory backends.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "io/local_store.h"
#include "io/memory_store.h"
#include "io/object_store.h"
#include "testing/test_data.h"

namespace strata::io {
namespace {

class StoreConformanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "local") {
      auto local = LocalStore::Open(testing::MakeTempDir("strata-conf"));
      ASSERT_TRUE(local.ok()) << local.status();
      store_ = *local;
    } else {
      store_ = std::make_shared<MemoryStore>("conformance");
    }
  }
  std::shared_ptr<ObjectStore> store_;
};

TEST_P(StoreConformanceTest, PutGetRoundTripAndOverwrite) {
  ASSERT_OK(store_->Put("a/b/c.bin", std::string("x\0y", 3)));
  ASSERT_OK_AND_ASSIGN(auto buf, store_->Get("a/b/c.bin"));
  EXPECT_EQ(buf->ToString(), std::string("x\0y", 3));
  ASSERT_OK(store_->Put("a/b/c.bin", "replaced"));
  ASSERT_OK_AND_ASSIGN(buf, store_->Get("a/b/c.bin"));
  EXPECT_EQ(buf->view(), "replaced");
  ASSERT_OK(store_->Put("empty", ""));
  ASSERT_OK_AND_ASSIGN(buf, store_->Get("empty"));
  EXPECT_EQ(buf->size(), 0u);
}

TEST_P(StoreConformanceTest, MissingObjectIsNotFound) {
  EXPECT_TRUE(store_->Get("nope").status().IsNotFound());
  EXPECT_TRUE(store_->Head("nope/deeper").status().IsNotFound());
  EXPECT_TRUE(store_->GetRange("nope", 0, 1).status().IsNotFound());
}

TEST_P(StoreConformanceTest, GetRangeReturnsTheBytesAndRejectsPastEnd) {
  ASSERT_OK(store_->Put("r", "0123456789"));
  ASSERT_OK_AND_ASSIGN(auto part, store_->GetRange("r", 3, 4));
  EXPECT_EQ(part->view(), "3456");
  ASSERT_OK_AND_ASSIGN(part, store_->GetRange("r", 10, 0));
  EXPECT_EQ(part->size(), 0u);
  EXPECT_TRUE(store_->GetRange("r", 8, 5).status().IsCorruption());
}

TEST_P(StoreConformanceTest, PutIfAbsentRefusesExistingObject) {
  ASSERT_OK(store_->PutIfAbsent("log/000.json", "first"));
  Status st = store_->PutIfAbsent("log/000.json", "second");
  EXPECT_TRUE(st.IsAlreadyExists()) << st;
  ASSERT_OK_AND_ASSIGN(auto buf, store_->Get("log/000.json"));
  EXPECT_EQ(buf->view(), "first");
}

TEST_P(StoreConformanceTest, ConcurrentPutIfAbsentHasExactlyOneWinner) {
  constexpr int kThreads = 16;
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    std::string path = "race/" + std::to_string(round);
    std::atomic<int> winners{0}, losers{0}, errors{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        while (!go.load()) std::this_thread::yield();
        Status st = store_->PutIfAbsent(path, "writer-" + std::to_string(t));
        if (st.ok()) {
          ++winners;
        } else if (st.IsAlreadyExists()) {
          ++losers;
        } else {
          ++errors;
        }
      });
    }
    go = true;
    for (auto& th : threads) th.join();
    EXPECT_EQ(winners.load(), 1) << path;
    EXPECT_EQ(losers.load(), kThreads - 1) << path;
    EXPECT_EQ(errors.load(), 0) << path;
    ASSERT_OK_AND_ASSIGN(auto buf, store_->Get(path));
    EXPECT_TRUE(buf->view().starts_with("writer-"));
  }
}

TEST_P(StoreConformanceTest, ListIsRecursiveSortedAndFilteredByPrefix) {
  for (const char* p : {"t/b/2", "t/a", "t/b/1", "tx", "u/1", "t/ab/x"}) {
    ASSERT_OK(store_->Put(p, p));
  }
  ASSERT_OK_AND_ASSIGN(auto all, store_->List(""));
  std::vector<std::string> paths;
  for (const auto& info : all) paths.push_back(info.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"t/a", "t/ab/x", "t/b/1", "t/b/2", "tx", "u/1"}));

  ASSERT_OK_AND_ASSIGN(auto under_t, store_->List("t/"));
  ASSERT_EQ(under_t.size(), 4u);
  EXPECT_EQ(under_t[0].path, "t/a");
  EXPECT_EQ(under_t[0].size, 3);
  EXPECT_GT(under_t[0].modified_micros, 0);

  ASSERT_OK_AND_ASSIGN(auto partial, store_->List("t/a"));
  ASSERT_EQ(partial.size(), 2u);
  EXPECT_EQ(partial[1].path, "t/ab/x");
  ASSERT_OK_AND_ASSIGN(auto none, store_->List("zzz/"));
  EXPECT_TRUE(none.empty());
}

TEST_P(StoreConformanceTest, DeleteIsIdempotent) {
  ASSERT_OK(store_->Put("d/x", "1"));
  ASSERT_OK(store_->Delete("d/x"));
  EXPECT_TRUE(store_->Head("d/x").status().IsNotFound());
  ASSERT_OK(store_->Delete("d/x"));
  ASSERT_OK(store_->Delete("never/was"));
}

TEST_P(StoreConformanceTest, HeadReportsSize) {
  ASSERT_OK(store_->Put("h", std::string(1234, 'z')));
  ASSERT_OK_AND_ASSIGN(ObjectInfo info, store_->Head("h"));
  EXPECT_EQ(info.path, "h");
  EXPECT_EQ(info.size, 1234);
}

TEST_P(StoreConformanceTest, StreamingWriteThenRandomRead) {
  ASSERT_OK_AND_ASSIGN(auto out, store_->OpenWrite("big/obj"));
  std::string expected;
  for (int i = 0; i < 3000; ++i) {
    std::string piece = std::to_string(i) + std::string(i % 977, 'a' + i % 26);
    expected += piece;
    ASSERT_OK(out->Write(piece));
  }
  EXPECT_EQ(out->Tell(), static_cast<int64_t>(expected.size()));
  EXPECT_TRUE(store_->Head("big/obj").status().IsNotFound());
  ASSERT_OK(out->Close());
  ASSERT_OK_AND_ASSIGN(auto in, store_->OpenRead("big/obj"));
  ASSERT_EQ(in->Size(), static_cast<int64_t>(expected.size()));
  ASSERT_OK_AND_ASSIGN(auto mid, in->ReadAt(1000000, 5000));
  EXPECT_EQ(mid->view(), std::string_view(expected).substr(1000000, 5000));
  EXPECT_TRUE(in->ReadAt(in->Size() - 1, 2).status().IsCorruption());
}

TEST_P(StoreConformanceTest, InvalidPathsAreRejected) {
  EXPECT_EQ(store_->Put("../escape", "x").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Put("/abs", "x").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Get("").status().code(), StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::Values("local", "memory"));

}  // namespace
}  // namespace strata::io
