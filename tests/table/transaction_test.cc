#include "table/transaction.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "io/memory_store.h"
#include "table/log_files.h"
#include "table/table.h"
#include "testing/test_data.h"

namespace strata::table {
namespace {

std::shared_ptr<io::ObjectStore> NewStore() { return std::make_shared<io::MemoryStore>(); }

format::Schema SimpleSchema() { return format::Schema({{"id", format::Int64()}}); }

AddFile FakeFile(const std::string& path) {
  AddFile a;
  a.path = path;
  a.size = 1;
  a.stats = R"({"numRecords":1})";
  return a;
}

CommitOptions NoCheckpoints() {
  CommitOptions o;
  o.write_checkpoints = false;
  return o;
}

TEST(TransactionTest, CreateWritesProtocolAndMetadataOnce) {
  auto store = NewStore();
  ASSERT_OK(Table::Create(store, "t", SimpleSchema()));
  auto again = Table::Create(store, "t", SimpleSchema());
  EXPECT_TRUE(again.status().IsAlreadyExists()) << again.status().ToString();
  ASSERT_OK_AND_ASSIGN(auto snap, Snapshot::Load(store, "t"));
  EXPECT_EQ(snap->version(), 0);
  EXPECT_EQ(snap->protocol().min_reader_version, 1);
  EXPECT_EQ(snap->protocol().min_writer_version, 2);
  EXPECT_TRUE(snap->schema().Equals(SimpleSchema()));
  EXPECT_TRUE(snap->files().empty());
}

TEST(TransactionTest, ConcurrentAppendsAllLandExactlyOnce) {
  auto store = NewStore();
  ASSERT_OK(Table::Create(store, "t", SimpleSchema()));
  constexpr int kThreads = 8, kCommits = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCommits; ++i) {
        auto snap = Snapshot::Load(store, "t");
        if (!snap.ok()) { ++failures; continue; }
        Transaction txn(store, "t", *snap, "WRITE");
        txn.Add(FakeFile("f-" + std::to_string(t) + "-" + std::to_string(i)));
        if (!txn.Commit(NoCheckpoints()).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_OK_AND_ASSIGN(auto snap, Snapshot::Load(store, "t"));
  EXPECT_EQ(snap->version(), kThreads * kCommits);
  EXPECT_EQ(snap->files().size(), static_cast<size_t>(kThreads * kCommits));
  EXPECT_EQ(snap->NumRows(), kThreads * kCommits);
  for (int64_t v = 1; v <= snap->version(); ++v) {
    ASSERT_OK_AND_ASSIGN(auto at, Snapshot::Load(store, "t", {.version = v}));
    EXPECT_EQ(at->files().size(), static_cast<size_t>(v));
  }
}

TEST(TransactionTest, DeleteOfTheSameFileConflicts) {
  auto store = NewStore();
  ASSERT_OK(Table::Create(store, "t", SimpleSchema()));
  ASSERT_OK_AND_ASSIGN(auto v0, Snapshot::Load(store, "t"));
  Transaction add(store, "t", v0, "WRITE");
  add.Add(FakeFile("a"));
  add.Add(FakeFile("b"));
  ASSERT_OK_AND_ASSIGN(auto v1, add.Commit(NoCheckpoints()));
  RemoveFile rm_a;
  rm_a.path = "a";
  Transaction first(store, "t", v1, "DELETE"), second(store, "t", v1, "DELETE"),
      append(store, "t", v1, "WRITE"), other(store, "t", v1, "DELETE");
  first.Add(rm_a);
  second.Add(rm_a);
  append.Add(FakeFile("c"));
  RemoveFile rm_b;
  rm_b.path = "b";
  other.Add(rm_b);
  ASSERT_OK(first.Commit(NoCheckpoints()));
  auto lost = second.Commit(NoCheckpoints());
  EXPECT_TRUE(lost.status().IsConflict()) << lost.status().ToString();
  ASSERT_OK(append.Commit(NoCheckpoints()));  // appends never conflict
  ASSERT_OK(other.Commit(NoCheckpoints()));   // removes a different file
  ASSERT_OK_AND_ASSIGN(auto last, Snapshot::Load(store, "t"));
  EXPECT_EQ(last->version(), 4);
  ASSERT_EQ(last->files().size(), 1u);
  EXPECT_EQ(last->files()[0].path, "c");
  EXPECT_EQ(last->tombstones().size(), 2u);
}

TEST(TransactionTest, MetadataChangeConflictsWithEverything) {
  auto store = NewStore();
  ASSERT_OK(Table::Create(store, "t", SimpleSchema()));
  ASSERT_OK_AND_ASSIGN(auto table, Table::Open(store, "t"));
  ASSERT_OK_AND_ASSIGN(auto v0, Snapshot::Load(store, "t"));
  ASSERT_OK(table->AddColumns({{"extra", format::String(), true}}));
  Transaction append(store, "t", v0, "WRITE");
  append.Add(FakeFile("a"));
  auto r = append.Commit(NoCheckpoints());
  EXPECT_TRUE(r.status().IsConflict()) << r.status().ToString();
  EXPECT_FALSE(table->AddColumns({{"bad", format::String(), false}}).ok());
  EXPECT_TRUE(table->AddColumns({{"extra", format::String(), true}}).status().IsAlreadyExists());
}

TEST(TransactionTest, SnapshotsByVersionAndTimestamp) {
  auto store = NewStore();
  ASSERT_OK(Table::Create(store, "t", SimpleSchema()));
  // Hand-written commits with fixed timestamps, as another writer would leave them.
  ASSERT_OK_AND_ASSIGN(auto created, ReadCommit(*store, "t", 0));
  for (Action& a : created) {
    if (auto* info = std::get_if<CommitInfo>(&a)) info->timestamp = 500;
  }
  ASSERT_OK(store->Put(CommitPath("t", 0), SerializeCommit(created)));
  for (int v = 1; v <= 3; ++v) {
    CommitInfo info;
    info.timestamp = 1000 * v;
    info.operation = "WRITE";
    ASSERT_OK(store->PutIfAbsent(CommitPath("t", v),
                                 SerializeCommit({info, FakeFile("f" + std::to_string(v))})));
  }
  ASSERT_OK_AND_ASSIGN(auto at2, Snapshot::Load(store, "t", {.version = 2}));
  EXPECT_EQ(at2->files().size(), 2u);
  ASSERT_OK_AND_ASSIGN(auto t2500, Snapshot::Load(store, "t", {.timestamp_ms = 2500}));
  EXPECT_EQ(t2500->version(), 2);
  ASSERT_OK_AND_ASSIGN(auto t3000, Snapshot::Load(store, "t", {.timestamp_ms = 3000}));
  EXPECT_EQ(t3000->version(), 3);
  EXPECT_TRUE(Snapshot::Load(store, "t", {.timestamp_ms = 499}).status().IsNotFound());
  EXPECT_TRUE(Snapshot::Load(store, "t", {.version = 9}).status().IsNotFound());
  // A missing commit in the middle is corruption, never a silently shorter history.
  ASSERT_OK(store->Delete(CommitPath("t", 2)));
  EXPECT_TRUE(Snapshot::Load(store, "t").status().IsCorruption());
}

TEST(TransactionTest, RefusesUnsupportedReaderFeatures) {
  auto store = NewStore();
  Protocol p;
  p.min_reader_version = 3;
  p.min_writer_version = 7;
  p.reader_features = std::vector<std::string>{"deletionVectors"};
  p.writer_features = std::vector<std::string>{"deletionVectors"};
  Metadata m;
  m.id = "x";
  m.schema_string = R"({"type":"struct","fields":[]})";
  ASSERT_OK(store->Put(CommitPath("", 0), SerializeCommit({p, m})));
  auto r = Snapshot::Load(store, "");
  ASSERT_TRUE(r.status().IsNotSupported());
  EXPECT_NE(r.status().message().find("deletionVectors"), std::string::npos);
  Protocol mapped;
  mapped.min_reader_version = 2;
  mapped.min_writer_version = 5;
  m.configuration["delta.columnMapping.mode"] = "name";
  ASSERT_OK(store->Put(CommitPath("cm", 0), SerializeCommit({mapped, m})));
  auto cm = Snapshot::Load(store, "cm");
  ASSERT_TRUE(cm.status().IsNotSupported());
  EXPECT_NE(cm.status().message().find("columnMapping"), std::string::npos);
  Protocol future;
  future.min_reader_version = 99;
  ASSERT_OK(store->Put(CommitPath("f", 0), SerializeCommit({future, Metadata{.id = "y",
      .schema_string = R"({"type":"struct","fields":[]})"}})));
  EXPECT_TRUE(Snapshot::Load(store, "f").status().IsNotSupported());
}

}  // namespace
}  // namespace strata::table
