// Round trips against a real S3 server (s3rver from npm on loopback; scripts/peers/s3rver.sh
// start prints the environment). Runs when STRATA_S3_TEST_URI is set; otherwise skips, except
// under CI=true, where the missing server is a failure.
#include "io/s3/s3_store.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>

#include "common/clock.h"
#include "common/hash.h"
#include "testing/test_data.h"

namespace strata::io::s3 {
namespace {

#define STRATA_REQUIRE_S3()                                                         \
  do {                                                                              \
    if (TestUri().empty()) {                                                        \
      const char* ci = std::getenv("CI");                                           \
      if (ci && std::string(ci) == "true") FAIL() << "STRATA_S3_TEST_URI not set";  \
      GTEST_SKIP() << "STRATA_S3_TEST_URI not set (scripts/peers/s3rver.sh start)"; \
    }                                                                               \
  } while (false)

std::string TestUri() {
  const char* uri = std::getenv("STRATA_S3_TEST_URI");
  return uri ? uri : "";
}

/// A prefix of its own for each test so runs and tests never see each other's objects.
std::string RunUri(const std::string& test) {
  static const std::string run =
      std::to_string(std::random_device{}()) + "-" + std::to_string(NowMicros() % 1000000000);
  return TestUri() + "/run-" + run + "/" + test;
}

std::string Pattern(size_t size, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out(size, '\0');
  for (size_t i = 0; i + 8 <= size; i += 8) {
    uint64_t v = rng();
    std::memcpy(out.data() + i, &v, 8);
  }
  return out;
}

class S3StoreIntegrationTest : public ::testing::Test {
 protected:
  std::shared_ptr<S3Store> Open(const std::string& test, int page_size = 1000) {
    auto config = S3Config::FromUri(RunUri(test));
    EXPECT_TRUE(config.ok()) << config.status();
    if (!config.ok()) return nullptr;
    config->list_page_size = page_size;
    auto store = S3Store::Open(*config);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *store : nullptr;
  }
};

TEST_F(S3StoreIntegrationTest, PutGetHeadDeleteRoundTrip) {
  STRATA_REQUIRE_S3();
  auto store = Open("basic");
  ASSERT_TRUE(store);
  std::string binary("a\0b\xff\n c", 7);
  ASSERT_OK(store->Put("dir/obj.bin", binary));
  ASSERT_OK_AND_ASSIGN(auto buffer, store->Get("dir/obj.bin"));
  EXPECT_EQ(buffer->ToString(), binary);
  ASSERT_OK_AND_ASSIGN(ObjectInfo info, store->Head("dir/obj.bin"));
  EXPECT_EQ(info.size, 7);
  EXPECT_GT(info.modified_micros, NowMicros() - 3600LL * 1000000);
  ASSERT_OK(store->Put("dir/obj.bin", "v2"));
  ASSERT_OK_AND_ASSIGN(buffer, store->Get("dir/obj.bin"));
  EXPECT_EQ(buffer->view(), "v2");
  ASSERT_OK(store->Put("dir/empty", ""));
  ASSERT_OK_AND_ASSIGN(buffer, store->Get("dir/empty"));
  EXPECT_EQ(buffer->size(), 0u);
  ASSERT_OK(store->Delete("dir/obj.bin"));
  EXPECT_TRUE(store->Get("dir/obj.bin").status().IsNotFound());
  EXPECT_TRUE(store->Head("dir/obj.bin").status().IsNotFound());
  ASSERT_OK(store->Delete("dir/obj.bin"));
  ASSERT_OK(store->Put("odd name/ü+$&=.txt", "special"));
  ASSERT_OK_AND_ASSIGN(buffer, store->Get("odd name/ü+$&=.txt"));
  EXPECT_EQ(buffer->view(), "special");
}

TEST_F(S3StoreIntegrationTest, RangesAndRandomAccessReads) {
  STRATA_REQUIRE_S3();
  auto store = Open("range");
  ASSERT_TRUE(store);
  ASSERT_OK(store->Put("r", "0123456789"));
  ASSERT_OK_AND_ASSIGN(auto part, store->GetRange("r", 2, 5));
  EXPECT_EQ(part->view(), "23456");
  ASSERT_OK_AND_ASSIGN(part, store->GetRange("r", 9, 1));
  EXPECT_EQ(part->view(), "9");
  EXPECT_TRUE(store->GetRange("r", 8, 5).status().IsCorruption());
  EXPECT_TRUE(store->GetRange("r", 30, 2).status().IsCorruption());
  ASSERT_OK_AND_ASSIGN(auto file, store->OpenRead("r"));
  EXPECT_EQ(file->Size(), 10);
  ASSERT_OK_AND_ASSIGN(part, file->ReadAt(6, 4));
  EXPECT_EQ(part->view(), "6789");
  EXPECT_TRUE(file->ReadAt(6, 5).status().IsCorruption());
  EXPECT_TRUE(store->OpenRead("missing").status().IsNotFound());
}

TEST_F(S3StoreIntegrationTest, ListPagesThroughContinuationTokens) {
  STRATA_REQUIRE_S3();
  auto store = Open("list", /*page_size=*/7);
  ASSERT_TRUE(store);
  std::vector<std::string> expected;
  for (int i = 0; i < 30; ++i) {
    char name[32];
    std::snprintf(name, sizeof(name), "t/part-%03d", i);
    expected.push_back(name);
    ASSERT_OK(store->Put(name, std::to_string(i)));
  }
  ASSERT_OK(store->Put("t2/other", "x"));
  ASSERT_OK(store->Put("u/one", "y"));
  ASSERT_OK_AND_ASSIGN(auto listed, store->List("t/"));
  std::vector<std::string> paths;
  for (const auto& info : listed) paths.push_back(info.path);
  EXPECT_EQ(paths, expected);
  EXPECT_EQ(listed[12].size, 2);
  ASSERT_OK_AND_ASSIGN(auto all, store->List(""));
  EXPECT_EQ(all.size(), 32u);
  ASSERT_OK_AND_ASSIGN(auto partial, store->List("t"));
  EXPECT_EQ(partial.size(), 31u);
  ASSERT_OK_AND_ASSIGN(auto none, store->List("zzz/"));
  EXPECT_TRUE(none.empty());
}

TEST_F(S3StoreIntegrationTest, PutIfAbsentRefusesAnExistingObject) {
  STRATA_REQUIRE_S3();
  auto store = Open("pia");
  ASSERT_TRUE(store);
  std::cout << "[ INFO     ] " << TestUri() << " atomic PutIfAbsent: "
            << (store->SupportsAtomicPutIfAbsent() ? "yes" : "no (If-None-Match ignored)") << "\n";
  ASSERT_OK(store->PutIfAbsent("_delta_log/00000.json", "first"));
  Status st = store->PutIfAbsent("_delta_log/00000.json", "second");
  EXPECT_TRUE(st.IsAlreadyExists()) << st;
  ASSERT_OK_AND_ASSIGN(auto buffer, store->Get("_delta_log/00000.json"));
  EXPECT_EQ(buffer->view(), "first");
  ASSERT_OK_AND_ASSIGN(auto listed, store->List(""));
  EXPECT_EQ(listed.size(), 1u);  // the open-time probe cleaned up after itself
}

TEST_F(S3StoreIntegrationTest, MultipartPutAndStreamingWrite) {
  STRATA_REQUIRE_S3();
  auto store = Open("multipart");
  ASSERT_TRUE(store);
  std::string big = Pattern(20 << 20, 1);  // > 16 MiB threshold: parts of 8, 8 and 4 MiB
  ASSERT_OK(store->Put("big.bin", big));
  ASSERT_OK_AND_ASSIGN(ObjectInfo info, store->Head("big.bin"));
  EXPECT_EQ(info.size, static_cast<int64_t>(big.size()));
  ASSERT_OK_AND_ASSIGN(auto across, store->GetRange("big.bin", (8 << 20) - 10, 20));
  EXPECT_EQ(across->view(), std::string_view(big).substr((8 << 20) - 10, 20));

  ASSERT_OK_AND_ASSIGN(auto out, store->OpenWrite("streamed.bin"));
  for (size_t off = 0; off < big.size(); off += 3 << 20) {
    ASSERT_OK(out->Write(std::string_view(big).substr(off, 3 << 20)));
  }
  EXPECT_TRUE(store->Head("streamed.bin").status().IsNotFound());
  ASSERT_OK(out->Close());
  ASSERT_OK_AND_ASSIGN(auto back, store->Get("streamed.bin"));
  EXPECT_EQ(Sha256Hex(back->view()), Sha256Hex(big));

  ASSERT_OK_AND_ASSIGN(auto small_out, store->OpenWrite("small.txt"));
  ASSERT_OK(small_out->Write("tiny"));
  ASSERT_OK(small_out->Close());
  ASSERT_OK_AND_ASSIGN(back, store->Get("small.txt"));
  EXPECT_EQ(back->view(), "tiny");
}

TEST_F(S3StoreIntegrationTest, AbandonedWriterLeavesNothing) {
  STRATA_REQUIRE_S3();
  auto store = Open("abandon");
  ASSERT_TRUE(store);
  {
    ASSERT_OK_AND_ASSIGN(auto out, store->OpenWrite("ghost.bin"));
    ASSERT_OK(out->Write(Pattern(18 << 20, 2)));  // multipart started, one part uploaded
  }
  EXPECT_TRUE(store->Head("ghost.bin").status().IsNotFound());
  ASSERT_OK_AND_ASSIGN(auto listed, store->List(""));
  EXPECT_TRUE(listed.empty());
}

TEST_F(S3StoreIntegrationTest, OpenStoreResolvesS3Uris) {
  STRATA_REQUIRE_S3();
  ASSERT_OK_AND_ASSIGN(auto store, OpenStore(RunUri("registry")));
  EXPECT_EQ(store->uri(), RunUri("registry"));
  ASSERT_OK(store->Put("k", "v"));
  ASSERT_OK_AND_ASSIGN(auto buffer, store->Get("k"));
  EXPECT_EQ(buffer->view(), "v");
}

TEST_F(S3StoreIntegrationTest, Throughput64MiB) {
  STRATA_REQUIRE_S3();
  auto store = Open("throughput");
  ASSERT_TRUE(store);
  std::string data = Pattern(64 << 20, 3);
  int64_t start = MonotonicNanos();
  ASSERT_OK(store->Put("64mib.bin", data));
  int64_t put_ns = MonotonicNanos() - start;
  start = MonotonicNanos();
  ASSERT_OK_AND_ASSIGN(auto back, store->Get("64mib.bin"));
  int64_t get_ns = MonotonicNanos() - start;
  ASSERT_EQ(back->size(), data.size());
  EXPECT_TRUE(back->view() == data);
  double mib = 64.0;
  std::cout << "[ INFO     ] 64 MiB object: put " << mib / (put_ns / 1e9) << " MiB/s ("
            << put_ns / 1e6 << " ms), get " << mib / (get_ns / 1e9) << " MiB/s (" << get_ns / 1e6
            << " ms)\n";
  RecordProperty("put_mib_per_s", std::to_string(mib / (put_ns / 1e9)));
  RecordProperty("get_mib_per_s", std::to_string(mib / (get_ns / 1e9)));
}

}  // namespace
}  // namespace strata::io::s3
