#include "common/hash.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

// FIPS 180-2 test vectors.
TEST(HashTest, Sha256KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(HashTest, IncrementalEqualsOneShot) {
  Sha256Hasher h;
  h.Update("abcdbcdecdefdefgefghfghighijhijk");
  h.Update("ijkljklmklmnlmnomnopnopq");
  EXPECT_EQ(HexEncode(h.Finish()), Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
}

// RFC 4231 test case 2.
TEST(HashTest, HmacSha256Rfc4231) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HashTest, Xxh3IsStableAndSeeded) {
  // XXH3_64bits("") with seed 0 is a published constant.
  EXPECT_EQ(Xxh3(""), 0x2D06800538D394C2ULL);
  EXPECT_NE(Xxh3("strata", 0), Xxh3("strata", 1));
  EXPECT_EQ(Xxh3_128Hex("abc").size(), 32u);
}

}  // namespace
}  // namespace strata
