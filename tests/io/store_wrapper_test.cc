#include "io/store_wrapper.h"

#include <gtest/gtest.h>

#include "io/memory_store.h"
#include "testing/test_data.h"

namespace strata::io {
namespace {

/// A decorator that fails the first N PutIfAbsent calls and counts Gets.
class FlakyStore final : public ObjectStoreWrapper {
 public:
  FlakyStore(std::shared_ptr<ObjectStore> target, int failures)
      : ObjectStoreWrapper(std::move(target)), failures_(failures) {}
  Status PutIfAbsent(const std::string& path, std::string_view data) override {
    if (failures_-- > 0) return Status::Unavailable("injected failure for " + path);
    return ObjectStoreWrapper::PutIfAbsent(path, data);
  }
  Result<std::shared_ptr<Buffer>> Get(const std::string& path) override {
    ++gets;
    return ObjectStoreWrapper::Get(path);
  }
  int gets = 0;

 private:
  int failures_;
};

TEST(StoreWrapperTest, ForwardsEverythingAndLetsDecoratorsOverride) {
  auto memory = std::make_shared<MemoryStore>("wrapped");
  FlakyStore store(memory, 1);
  EXPECT_EQ(store.uri(), "memory://wrapped");
  EXPECT_TRUE(store.PutIfAbsent("a", "1").IsUnavailable());
  ASSERT_OK(store.PutIfAbsent("a", "1"));
  EXPECT_TRUE(store.PutIfAbsent("a", "2").IsAlreadyExists());
  ASSERT_OK(store.Put("b/c", "xyz"));
  ASSERT_OK_AND_ASSIGN(auto buffer, store.Get("b/c"));
  EXPECT_EQ(buffer->view(), "xyz");
  EXPECT_EQ(store.gets, 1);
  ASSERT_OK_AND_ASSIGN(auto part, store.GetRange("b/c", 1, 2));
  EXPECT_EQ(part->view(), "yz");
  ASSERT_OK_AND_ASSIGN(auto listed, store.List(""));
  EXPECT_EQ(listed.size(), 2u);
  ASSERT_OK_AND_ASSIGN(ObjectInfo info, store.Head("b/c"));
  EXPECT_EQ(info.size, 3);
  ASSERT_OK(store.Delete("b/c"));
  EXPECT_TRUE(memory->Head("b/c").status().IsNotFound());
  EXPECT_TRUE(store.SupportsAtomicPutIfAbsent());
  EXPECT_EQ(store.target(), memory.get());
}

}  // namespace
}  // namespace strata::io
