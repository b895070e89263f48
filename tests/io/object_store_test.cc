// Tests of the backend-independent pieces: paths, URIs, buffers and the store registry.
#include "io/object_store.h"

#include <gtest/gtest.h>

#include "io/local_store.h"
#include "io/memory_store.h"
#include "io/uri.h"
#include "testing/test_data.h"

namespace strata::io {
namespace {

TEST(ObjectStoreTest, JoinPathPutsExactlyOneSlash) {
  EXPECT_EQ(JoinPath("a", "b"), "a/b");
  EXPECT_EQ(JoinPath("a/", "/b"), "a/b");
  EXPECT_EQ(JoinPath("a//", "b/c"), "a/b/c");
  EXPECT_EQ(JoinPath("", "b"), "b");
  EXPECT_EQ(JoinPath("a", ""), "a");
}

TEST(ObjectStoreTest, ValidatePathRejectsEscapesAndEmptyParts) {
  EXPECT_OK(ValidatePath("tables/docs/_delta_log/00000.json"));
  EXPECT_FALSE(ValidatePath("").ok());
  EXPECT_FALSE(ValidatePath("/abs").ok());
  EXPECT_FALSE(ValidatePath("a//b").ok());
  EXPECT_FALSE(ValidatePath("a/../b").ok());
  EXPECT_FALSE(ValidatePath("..").ok());
  EXPECT_FALSE(ValidatePath("dir/").ok());
}

TEST(ObjectStoreTest, CheckRangeReportsPastEndAsCorruption) {
  EXPECT_OK(CheckRange("x", 0, 10, 10));
  EXPECT_OK(CheckRange("x", 10, 0, 10));
  Status st = CheckRange("obj.bin", 5, 6, 10);
  EXPECT_TRUE(st.IsCorruption());
  EXPECT_NE(st.message().find("obj.bin"), std::string::npos);
  EXPECT_EQ(CheckRange("x", -1, 1, 10).code(), StatusCode::kInvalidArgument);
}

TEST(ObjectStoreTest, BufferSliceSharesParentBytes) {
  auto parent = Buffer::FromString("hello world");
  auto slice = Buffer::Slice(parent, 6, 5);
  EXPECT_EQ(slice->view(), "world");
  EXPECT_EQ(slice->data(), parent->data() + 6);
  parent.reset();
  EXPECT_EQ(slice->ToString(), "world");  // the slice keeps the parent alive
}

TEST(ObjectStoreTest, ParseUriSplitsSchemeAuthorityAndPath) {
  ASSERT_OK_AND_ASSIGN(Uri s3, ParseUri("s3://bucket/some/prefix"));
  EXPECT_EQ(s3.scheme, "s3");
  EXPECT_EQ(s3.authority, "bucket");
  EXPECT_EQ(s3.path, "some/prefix");
  ASSERT_OK_AND_ASSIGN(Uri plain, ParseUri("./data"));
  EXPECT_EQ(plain.scheme, "");
  EXPECT_EQ(plain.path, "./data");
  EXPECT_EQ(UriScheme("S3://x"), "s3");
  EXPECT_FALSE(ParseUri("1x://bad").ok());
}

TEST(ObjectStoreTest, OpenStoreResolvesPlainPathsAndFileUris) {
  std::string dir = testing::MakeTempDir("strata-io");
  ASSERT_OK_AND_ASSIGN(auto plain, OpenStore(dir));
  EXPECT_EQ(plain->uri(), "file://" + dir);
  ASSERT_OK(plain->Put("a/b.txt", "payload"));
  ASSERT_OK_AND_ASSIGN(auto by_uri, OpenStore("file://" + dir));
  ASSERT_OK_AND_ASSIGN(auto buf, by_uri->Get("a/b.txt"));
  EXPECT_EQ(buf->view(), "payload");
}

TEST(ObjectStoreTest, MemoryStoresAreSharedByName) {
  ASSERT_OK_AND_ASSIGN(auto first, OpenStore("memory://shared-test"));
  ASSERT_OK_AND_ASSIGN(auto second, OpenStore("memory://shared-test"));
  ASSERT_OK_AND_ASSIGN(auto other, OpenStore("memory://other-test"));
  ASSERT_OK(first->Put("k", "v"));
  ASSERT_OK_AND_ASSIGN(auto buf, second->Get("k"));
  EXPECT_EQ(buf->view(), "v");
  EXPECT_TRUE(other->Get("k").status().IsNotFound());
  EXPECT_EQ(first->uri(), "memory://shared-test");
}

TEST(ObjectStoreTest, UnknownSchemeIsNotSupported) {
  auto store = OpenStore("gopher://host/x");
  ASSERT_FALSE(store.ok());
  EXPECT_TRUE(store.status().IsNotSupported());
  EXPECT_NE(store.status().message().find("gopher"), std::string::npos);
}

TEST(ObjectStoreTest, RegisteredFactoryReplacesEarlierAndSurvivesBuiltins) {
  RegisterStore("testscheme", [](const std::string& uri) -> Result<std::shared_ptr<ObjectStore>> {
    return std::shared_ptr<ObjectStore>(std::make_shared<MemoryStore>("from-factory"));
  });
  RegisterBuiltinStores();
  ASSERT_OK_AND_ASSIGN(auto store, OpenStore("testscheme://anything"));
  EXPECT_EQ(store->uri(), "memory://from-factory");
}

TEST(ObjectStoreTest, DefaultOpenWriteAndOpenReadUseGetAndPut) {
  MemoryStore store;
  ASSERT_OK_AND_ASSIGN(auto out, store.OpenWrite("dir/obj"));
  ASSERT_OK(out->Write("abc"));
  ASSERT_OK(out->Write("def"));
  EXPECT_EQ(out->Tell(), 6);
  EXPECT_TRUE(store.Head("dir/obj").status().IsNotFound());  // invisible until Close
  ASSERT_OK(out->Close());
  ASSERT_OK_AND_ASSIGN(auto in, store.OpenRead("dir/obj"));
  EXPECT_EQ(in->Size(), 6);
  ASSERT_OK_AND_ASSIGN(auto part, in->ReadAt(2, 3));
  EXPECT_EQ(part->view(), "cde");
  EXPECT_TRUE(in->ReadAt(4, 3).status().IsCorruption());
}

TEST(ObjectStoreTest, DefaultWriterDestroyedWithoutCloseLeavesNothing) {
  MemoryStore store;
  {
    ASSERT_OK_AND_ASSIGN(auto out, store.OpenWrite("ghost"));
    ASSERT_OK(out->Write("data"));
  }
  EXPECT_TRUE(store.Head("ghost").status().IsNotFound());
}

}  // namespace
}  // namespace strata::io
