#include "embed/embedding_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "embed/embedder_wrapper.h"
#include "embed/hash_embedder.h"
#include "testing/test_data.h"

namespace strata::embed {
namespace {

// A real embedder that counts what it is asked to embed.
class CountingEmbedder final : public EmbedderWrapper {
 public:
  using EmbedderWrapper::EmbedderWrapper;
  Status Embed(std::span<const std::string_view> texts, std::vector<float>* out) const override {
    ++calls;
    texts_seen += static_cast<int>(texts.size());
    return EmbedderWrapper::Embed(texts, out);
  }
  mutable std::atomic<int> calls{0};
  mutable std::atomic<int> texts_seen{0};
};

// Failure path only: an embedder whose backend is down.
class FailingEmbedder final : public Embedder {
 public:
  const std::string& model_id() const override { return id_; }
  int dimension() const override { return 4; }
  Status Embed(std::span<const std::string_view>, std::vector<float>*) const override {
    return Status::Unavailable("backend down");
  }

 private:
  std::string id_ = "failing";
};

TEST(EmbeddingCacheTest, LookupInsertReplace) {
  EmbeddingCache cache(1 << 20);
  std::vector<float> v(3);
  EXPECT_FALSE(cache.Lookup("m", "h1", v));
  cache.Insert("m", "h1", std::vector<float>{1, 2, 3});
  ASSERT_TRUE(cache.Lookup("m", "h1", v));
  EXPECT_EQ(v, (std::vector<float>{1, 2, 3}));
  EXPECT_FALSE(cache.Lookup("other-model", "h1", v));  // the model is part of the key
  std::vector<float> wrong(4);
  EXPECT_FALSE(cache.Lookup("m", "h1", wrong));  // length mismatch is a miss
  cache.Insert("m", "h1", std::vector<float>{4, 5, 6});
  ASSERT_TRUE(cache.Lookup("m", "h1", v));
  EXPECT_EQ(v, (std::vector<float>{4, 5, 6}));
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.bytes(), std::string("m\0h1", 4).size() + 12 + EmbeddingCache::kEntryOverhead);
}

TEST(EmbeddingCacheTest, EvictsLeastRecentlyUsedByBytes) {
  const size_t entry = 2 /*"m\0"*/ + 2 /*"hN"*/ + 16 * 4 + EmbeddingCache::kEntryOverhead;
  EmbeddingCache cache(3 * entry);
  std::vector<float> v(16, 1.0f);
  cache.Insert("m", "h1", v);
  cache.Insert("m", "h2", v);
  cache.Insert("m", "h3", v);
  EXPECT_EQ(cache.bytes(), 3 * entry);
  ASSERT_TRUE(cache.Lookup("m", "h1", v));  // h1 becomes the most recent; h2 is now oldest
  cache.Insert("m", "h4", v);
  EXPECT_EQ(cache.entries(), 3u);
  EXPECT_EQ(cache.evictions(), 1);
  EXPECT_FALSE(cache.Lookup("m", "h2", v));
  EXPECT_TRUE(cache.Lookup("m", "h1", v));
  EXPECT_TRUE(cache.Lookup("m", "h3", v));
  EXPECT_TRUE(cache.Lookup("m", "h4", v));
  std::vector<float> huge(1000);
  cache.Insert("m", "big", huge);  // larger than the whole cache: not kept, nothing evicted
  EXPECT_EQ(cache.entries(), 3u);
  EXPECT_LE(cache.bytes(), cache.capacity_bytes());
}

TEST(EmbeddingCacheTest, ConcurrentUseStaysWithinCapacity) {
  EmbeddingCache cache(64 * 1024);  // ~280 entries of 32 floats
  std::vector<std::thread> threads;
  std::atomic<int> hits{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<float> v(32);
      for (int i = 0; i < 5000; ++i) {
        const int k = (i * 7 + t) % 150;  // a hot set that fits
        const std::string h = "h" + std::to_string(k);
        if (cache.Lookup("m", h, v)) {
          ++hits;
          EXPECT_EQ(v[0], static_cast<float>(k));
        } else {
          v.assign(32, static_cast<float>(k));
          cache.Insert("m", h, v);
        }
        if (i % 4 == 0) {  // one-off entries that push the cache past its capacity
          cache.Insert("m", "u" + std::to_string(t) + "-" + std::to_string(i), v);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_GT(hits.load(), 0);
  EXPECT_LE(cache.bytes(), cache.capacity_bytes());
  EXPECT_GT(cache.evictions(), 0);
}

TEST(EmbedWithCacheTest, EmbedsOnlyMissesAndMatchesDirectEmbedding) {
  ASSERT_OK_AND_ASSIGN(auto hash, HashEmbedder::Make(32));
  CountingEmbedder counting(std::move(hash));
  EmbeddingCache cache(1 << 20);
  const std::string_view texts[] = {"red apple", "green pear", "red apple", "blue plum",
                                    "ripe fig"};
  const std::string_view hashes[] = {"ha", "hb", "ha", "hc", "hd"};
  std::vector<float> direct;
  ASSERT_OK(counting.Embed(texts, &direct));
  counting.calls = 0;
  counting.texts_seen = 0;

  std::vector<float> out;
  CacheStats stats;
  ASSERT_OK(EmbedWithCache(counting, &cache, texts, hashes, &out, &stats, /*batch_size=*/2));
  EXPECT_EQ(out, direct);
  EXPECT_EQ(stats.hits, 0);
  EXPECT_EQ(stats.misses, 5);
  EXPECT_EQ(stats.embedded, 4);  // "ha" repeated: embedded once
  EXPECT_EQ(stats.batches, 2);   // 4 texts in batches of 2
  EXPECT_EQ(counting.texts_seen.load(), 4);

  CacheStats again;
  ASSERT_OK(EmbedWithCache(counting, &cache, texts, hashes, &out, &again, 2));
  EXPECT_EQ(out, direct);
  EXPECT_EQ(again.hits, 5);
  EXPECT_EQ(again.embedded, 0);
  EXPECT_EQ(counting.texts_seen.load(), 4);  // nothing new was embedded

  // Without a cache, every distinct hash is embedded.
  std::vector<float> uncached;
  ASSERT_OK(EmbedWithCache(counting, nullptr, texts, hashes, &uncached, nullptr));
  EXPECT_EQ(uncached, direct);
}

TEST(EmbedWithCacheTest, ErrorsAreReported) {
  ASSERT_OK_AND_ASSIGN(auto hash, HashEmbedder::Make(8));
  EmbeddingCache cache(1 << 16);
  const std::string_view texts[] = {"a", "b"};
  const std::string_view one_hash[] = {"h"};
  std::vector<float> out;
  Status st = EmbedWithCache(*hash, &cache, texts, one_hash, &out, nullptr);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  const std::string_view hashes[] = {"ha", "hb"};
  FailingEmbedder failing;
  st = EmbedWithCache(failing, &cache, texts, hashes, &out, nullptr);
  EXPECT_TRUE(st.IsUnavailable()) << st.ToString();
  EXPECT_EQ(cache.entries(), 0u);
}

}  // namespace
}  // namespace strata::embed
