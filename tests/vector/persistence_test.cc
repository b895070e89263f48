// Save and Load: round trips on the local (mapped) and memory stores, copy-on-write after Load,
// incremental builds equal to one-go builds, and corruption reported with the file's name.
#include <gtest/gtest.h>

#include <fstream>

#include "io/local_store.h"
#include "io/memory_store.h"
#include "vector/hnsw_checks.h"

namespace strata::index::testing {
namespace {

std::vector<std::vector<Neighbor>> SearchAll(const VectorIndex& index, const Dataset& d,
                                             VectorSearchOptions o = {.k = 10}) {
  std::vector<std::vector<Neighbor>> out;
  for (size_t q = 0; q < d.queries; ++q) {
    auto r = index.Search(d.query(q), o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    out.push_back(r.ok() ? *r : std::vector<Neighbor>{});
  }
  return out;
}

void ExpectSameResults(const std::vector<std::vector<Neighbor>>& a,
                       const std::vector<std::vector<Neighbor>>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t q = 0; q < a.size(); ++q) {
    ASSERT_EQ(a[q].size(), b[q].size()) << "query " << q;
    for (size_t i = 0; i < a[q].size(); ++i) {
      EXPECT_EQ(a[q][i].id, b[q][i].id) << "query " << q;
      EXPECT_EQ(a[q][i].distance, b[q][i].distance) << "query " << q;
    }
  }
}

std::shared_ptr<io::ObjectStore> LocalStore() {
  auto store = io::LocalStore::Open(strata::testing::MakeTempDir("vector-index"));
  EXPECT_TRUE(store.ok());
  return *store;
}

struct Kind {
  const char* kind;
  bool int8;
};

class PersistenceTest : public ::testing::TestWithParam<Kind> {
 protected:
  VectorIndexOptions Options() const {
    return {.kind = GetParam().kind, .metric = Metric::kL2, .int8 = GetParam().int8, .threads = 1};
  }
};

TEST_P(PersistenceTest, RoundTripOnLocalAndMemoryStores) {
  Dataset d = MakeDataset(4000, 48, 30);
  auto index = BuildIndex(d, Options());
  for (uint32_t id = 0; id < d.n; id += 7) ASSERT_OK(index->Remove(id));
  auto before = SearchAll(*index, d);
  for (auto store : {LocalStore(), std::shared_ptr<io::ObjectStore>(new io::MemoryStore())}) {
    ASSERT_OK(index->Save(*store, "idx/v1"));
    ASSERT_OK_AND_ASSIGN(auto loaded, VectorIndex::Load(*store, "idx/v1"));
    EXPECT_EQ(loaded->size(), index->size());
    EXPECT_EQ(loaded->live(), index->live());
    EXPECT_EQ(loaded->options().kind, index->options().kind);
    EXPECT_EQ(loaded->options().int8, index->options().int8);
    EXPECT_TRUE(loaded->IsRemoved(7));
    ExpectSameResults(SearchAll(*loaded, d), before);
  }
}

// Build N in one index; elsewhere build the first part, save, load, add the rest, save again.
// The loaded-and-extended index must answer exactly like the one that never left memory, and
// the saved folders must hold the same bytes.
TEST_P(PersistenceTest, LoadAddSaveEqualsBuildingInOneProcess) {
  Dataset d = MakeDataset(3000, 32, 30);
  const size_t first = 2500;
  auto store = LocalStore();
  VectorIndexOptions o = Options();
  o.dimension = 32;
  ASSERT_OK_AND_ASSIGN(auto direct, VectorIndex::Create(o));
  ASSERT_OK(direct->Add(d.data.data(), first));
  ASSERT_OK(direct->Remove(5));
  ASSERT_OK(direct->Add(d.data.data() + first * 32, d.n - first));
  ASSERT_OK(direct->Save(*store, "direct"));

  ASSERT_OK_AND_ASSIGN(auto base, VectorIndex::Create(o));
  ASSERT_OK(base->Add(d.data.data(), first));
  ASSERT_OK(base->Save(*store, "v1"));
  ASSERT_OK_AND_ASSIGN(auto step, VectorIndex::Load(*store, "v1"));
  ASSERT_OK(step->Remove(5));
  ASSERT_OK(step->Add(d.data.data() + first * 32, d.n - first));
  ASSERT_OK(step->Save(*store, "v2"));
  ExpectSameResults(SearchAll(*step, d), SearchAll(*direct, d));

  // Copy-on-write: the first build's files are untouched by the extension.
  ASSERT_OK_AND_ASSIGN(auto v1, VectorIndex::Load(*store, "v1"));
  EXPECT_EQ(v1->size(), first);
  EXPECT_FALSE(v1->IsRemoved(5));
  ExpectSameResults(SearchAll(*v1, d), SearchAll(*base, d));

  ASSERT_OK_AND_ASSIGN(auto files, store->List("direct/"));
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) {
    std::string name = f.path.substr(std::string("direct/").size());
    ASSERT_OK_AND_ASSIGN(auto a, store->Get(f.path));
    ASSERT_OK_AND_ASSIGN(auto b, store->Get("v2/" + name));
    EXPECT_TRUE(a->view() == b->view()) << name << " differs";
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, PersistenceTest,
                         ::testing::Values(Kind{"flat", false}, Kind{"hnsw", false},
                                           Kind{"flat", true}, Kind{"hnsw", true}),
                         [](const auto& info) {
                           return std::string(info.param.kind) + (info.param.int8 ? "Int8" : "");
                         });

// int8 indexes train their quantizer on the first batch, so only float ones compare here.
TEST(Persistence, OneGoBuildEqualsTwoStepBuildForFloat) {
  for (const char* kind : {"flat", "hnsw"}) {
    Dataset d = MakeDataset(2000, 16, 20);
    VectorIndexOptions o{.kind = kind, .metric = Metric::kL2, .dimension = 16, .threads = 1};
    ASSERT_OK_AND_ASSIGN(auto once, VectorIndex::Create(o));
    ASSERT_OK(once->Add(d.data.data(), d.n));
    ASSERT_OK_AND_ASSIGN(auto twice, VectorIndex::Create(o));
    ASSERT_OK(twice->Add(d.data.data(), 1500));
    ASSERT_OK(twice->Add(d.data.data() + 1500 * 16, d.n - 1500));
    ExpectSameResults(SearchAll(*once, d), SearchAll(*twice, d));
  }
}

class CorruptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = io::LocalStore::Open(strata::testing::MakeTempDir("vector-corrupt")).value();
    Dataset d = MakeDataset(500, 8, 1);
    auto index = BuildIndex(d, {.kind = "hnsw", .m = 4, .int8 = true});
    ASSERT_OK(index->Save(*store_, "idx"));
  }
  void Rewrite(const std::string& name, const std::function<void(std::string&)>& edit) {
    std::string bytes = store_->Get("idx/" + name).value()->ToString();
    edit(bytes);
    ASSERT_OK(store_->Put("idx/" + name, bytes));
  }
  void ExpectCorruptionNaming(const std::string& name) {
    auto loaded = VectorIndex::Load(*store_, "idx");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.status().code(), StatusCode::kCorruption) << loaded.status().ToString();
    EXPECT_NE(loaded.status().message().find(name), std::string::npos)
        << loaded.status().ToString();
  }
  std::shared_ptr<io::LocalStore> store_;
};

TEST_F(CorruptionTest, FlippedByteInLinks) {
  Rewrite("links0.u32", [](std::string& b) { b[b.size() / 2] ^= 0x40; });
  ExpectCorruptionNaming("links0.u32");
}

TEST_F(CorruptionTest, TruncatedVectors) {
  Rewrite("vectors.f32", [](std::string& b) { b.resize(b.size() - 4); });
  ExpectCorruptionNaming("vectors.f32");
}

TEST_F(CorruptionTest, FlippedByteInCodes) {
  Rewrite("codes.u8", [](std::string& b) { b[3] ^= 1; });
  ExpectCorruptionNaming("codes.u8");
}

TEST_F(CorruptionTest, BadHeader) {
  Rewrite("header.json", [](std::string& b) { b = b.substr(0, b.size() / 2); });
  ExpectCorruptionNaming("header.json");
  Rewrite("header.json", [](std::string& b) { b = R"({"format": "something-else"})"; });
  ExpectCorruptionNaming("header.json");
}

TEST_F(CorruptionTest, MissingFile) {
  ASSERT_OK(store_->Delete("idx/upper.u32"));
  auto loaded = VectorIndex::Load(*store_, "idx");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("upper.u32"), std::string::npos)
      << loaded.status().ToString();
}

}  // namespace
}  // namespace strata::index::testing
