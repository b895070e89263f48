#include <gtest/gtest.h>

#include <string>

#include "process/tokenize/piece_trie.h"

namespace strata::process::tokenize {
namespace {

int32_t Find(const PieceTrie& t, std::string_view s) {
  int32_t node = PieceTrie::kRoot;
  for (char c : s) {
    node = t.Child(node, static_cast<uint8_t>(c));
    if (node == PieceTrie::kNone) return PieceTrie::kNone;
  }
  return t.Piece(node);
}

TEST(PieceTrieTest, FindsPiecesAndPrefixesAcrossGrowth) {
  PieceTrie t;
  for (int i = 0; i < 5000; ++i) t.Insert("piece" + std::to_string(i), i);  // grows many times
  t.Insert("\xe2\x96\x81hello", 9000);                                      // UTF-8 bytes
  for (int i = 0; i < 5000; i += 7) EXPECT_EQ(Find(t, "piece" + std::to_string(i)), i);
  EXPECT_EQ(Find(t, "\xe2\x96\x81hello"), 9000);
  EXPECT_EQ(Find(t, "piece"), PieceTrie::kNone);   // a prefix only
  EXPECT_EQ(Find(t, "piecex"), PieceTrie::kNone);  // not there
  EXPECT_EQ(Find(t, "\xe2\x96\x81"), PieceTrie::kNone);
  t.Insert("piece12", 42);  // a later piece replaces an earlier one
  EXPECT_EQ(Find(t, "piece12"), 42);
  EXPECT_EQ(Find(t, "piece123"), 123);
}

}  // namespace
}  // namespace strata::process::tokenize
