#include "process/dedup.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace strata::process {
namespace {

using Words = std::vector<std::string>;

/// A seeded vocabulary of pronounceable made-up words.
Words Vocabulary(std::mt19937* rng, int size) {
  const char* syllables[] = {"ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "qui", "an",
                             "be", "ul", "xo", "pre", "ni", "ga", "fu", "zen", "ti", "mor"};
  std::set<std::string> seen;
  Words vocab;
  while (static_cast<int>(vocab.size()) < size) {
    std::string w;
    int n = 1 + static_cast<int>((*rng)() % 3);
    for (int i = 0; i < n; ++i) w += syllables[(*rng)() % std::size(syllables)];
    if (seen.insert(w).second) vocab.push_back(w);
  }
  return vocab;
}

Words Paragraph(std::mt19937* rng, const Words& vocab) {
  Words words(80 + (*rng)() % 121);
  for (std::string& w : words) w = vocab[(*rng)() % vocab.size()];
  return words;
}

/// `rate` of the words edited: each edit substitutes, inserts or deletes one word.
Words Edit(Words words, double rate, std::mt19937* rng, const Words& vocab) {
  int edits = std::max(1, static_cast<int>(std::lround(rate * words.size())));
  for (int e = 0; e < edits; ++e) {
    size_t i = (*rng)() % words.size();
    switch ((*rng)() % 3) {
      case 0: words[i] = vocab[(*rng)() % vocab.size()]; break;
      case 1: words.insert(words.begin() + i, vocab[(*rng)() % vocab.size()]); break;
      default: if (words.size() > 1) words.erase(words.begin() + i);
    }
  }
  return words;
}

std::string Join(const Words& words) {
  std::string s;
  for (const std::string& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

/// The oracle: the set of k-word shingles, as strings.
std::set<std::string> Shingles(const Words& words, int k) {
  std::set<std::string> out;
  size_t kk = std::min<size_t>(k, words.size());
  for (size_t i = 0; i + kk <= words.size(); ++i) {
    out.insert(Join(Words(words.begin() + i, words.begin() + i + kk)));
  }
  return out;
}

double Jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::vector<std::string> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  size_t uni = a.size() + b.size() - common.size();
  return uni == 0 ? 1.0 : static_cast<double>(common.size()) / static_cast<double>(uni);
}

TEST(DedupTest, NearDuplicatePrecisionAndRecall) {
  std::mt19937 rng(20240115);
  Words vocab = Vocabulary(&rng, 4000);
  NearDuplicateIndex index;
  const MinHashOptions options = MinHashOptions{};
  std::vector<std::set<std::string>> indexed;  // shingles of every text in the index
  std::vector<std::string> indexed_ids;
  std::vector<Words> bases;
  for (int i = 0; i < 300; ++i) {
    bases.push_back(Paragraph(&rng, vocab));
    std::string id = "base" + std::to_string(i);
    ASSERT_FALSE(index.FindOrAdd(id, Join(bases.back())).has_value()) << id;
    indexed.push_back(Shingles(bases.back(), options.shingle_words));
    indexed_ids.push_back(id);
  }
  const double rates[] = {0.02, 0.05, 0.10, 0.40, 0.50, 0.60};
  std::vector<Words> queries;
  for (int i = 0; i < 300; ++i) queries.push_back(Edit(bases[i], rates[i % 6], &rng, vocab));
  for (int i = 0; i < 100; ++i) queries.push_back(Paragraph(&rng, vocab));  // unrelated

  int tp = 0, fp = 0, fn = 0, tn = 0;
  for (size_t q = 0; q < queries.size(); ++q) {
    std::set<std::string> shingles = Shingles(queries[q], options.shingle_words);
    double best = 0;
    for (const auto& s : indexed) best = std::max(best, Jaccard(shingles, s));
    bool truth = best >= options.threshold;
    std::string id = "query" + std::to_string(q);
    std::optional<std::string> found = index.FindOrAdd(id, Join(queries[q]));
    if (found) {
      size_t at = std::find(indexed_ids.begin(), indexed_ids.end(), *found) - indexed_ids.begin();
      ASSERT_LT(at, indexed.size());
      // Correct when the text it names is truly at or above the threshold.
      (Jaccard(shingles, indexed[at]) >= options.threshold ? tp : fp) += 1;
    } else {
      (truth ? fn : tn) += 1;
      if (truth) std::printf("  missed near-duplicate, true Jaccard %.3f\n", best);
      indexed.push_back(std::move(shingles));
      indexed_ids.push_back(id);
    }
  }
  double precision = tp + fp == 0 ? 0 : static_cast<double>(tp) / (tp + fp);
  double recall = tp + fn == 0 ? 0 : static_cast<double>(tp) / (tp + fn);
  std::printf("near-dup: bands=%d rows=%d tp=%d fp=%d fn=%d tn=%d precision=%.3f recall=%.3f\n",
              index.bands(), index.rows(), tp, fp, fn, tn, precision, recall);
  EXPECT_GE(tp + fn, 140);  // 2/5/10% edits are positives by the true Jaccard
  EXPECT_GE(tn, 190);       // 40-60% edits and unrelated texts are negatives
  EXPECT_GE(precision, 0.95);
  EXPECT_GE(recall, 0.95);
}

TEST(DedupTest, SignatureEstimatesJaccard) {
  std::mt19937 rng(5);
  Words vocab = Vocabulary(&rng, 2000);
  MinHasher hasher(MinHashOptions{});
  double max_error = 0;
  for (int i = 0; i < 60; ++i) {
    Words a = Paragraph(&rng, vocab);
    Words b = Edit(a, 0.01 * (i % 40), &rng, vocab);
    double truth = Jaccard(Shingles(a, 3), Shingles(b, 3));
    double estimate = MinHasher::Similarity(hasher.Signature(Join(a)), hasher.Signature(Join(b)));
    max_error = std::max(max_error, std::abs(truth - estimate));
  }
  // 128 permutations: standard error <= 0.045; 60 pairs stay within ~4 sigma.
  EXPECT_LT(max_error, 0.18);
  // Case and spacing do not change words.
  EXPECT_EQ(hasher.Signature("Alpha beta  GAMMA\ndelta"), hasher.Signature("alpha BETA gamma delta"));
  EXPECT_EQ(MinHasher::Similarity(hasher.Signature("a b c d e"), hasher.Signature("v w x y z")), 0);
}

TEST(DedupTest, BandingFollowsTheThreshold) {
  // datasketch's MinHashLSH picks b=5, r=25 for threshold 0.9 with 128 permutations, and
  // b=9, r=13 for 0.8 (its _optimal_param, evaluated independently in Python).
  EXPECT_EQ(OptimalBanding(0.9, 128), std::make_pair(5, 25));
  EXPECT_EQ(OptimalBanding(0.8, 128), std::make_pair(9, 13));
  // Weighting misses 4:1 (the index's choice) steepens the curve below the threshold.
  EXPECT_EQ(OptimalBanding(0.5, 128), std::make_pair(25, 5));
  EXPECT_EQ(OptimalBanding(0.5, 128, kBandingFpWeight, kBandingFnWeight), std::make_pair(30, 4));
  NearDuplicateIndex index;
  int b = index.bands(), r = index.rows();
  EXPECT_LE(b * r, 128);
  // The S-curve rises through the threshold: unlikely candidates well below, likely above.
  auto p = [&](double s) { return 1 - std::pow(1 - std::pow(s, r), b); };
  double t = MinHashOptions{}.threshold;
  EXPECT_LT(p(t - 0.25), 0.15);
  EXPECT_GT(p(t + 0.1), 0.97);
}

TEST(DedupTest, ExactDuplicatesByContentHash) {
  ExactDuplicateIndex index;
  EXPECT_FALSE(index.FindOrAdd("a", "same text").has_value());
  EXPECT_FALSE(index.FindOrAdd("b", "same text.").has_value());
  EXPECT_EQ(index.FindOrAdd("c", "same text"), "a");
  // SHA-256("abc") from FIPS 180-2, appendix B.1.
  EXPECT_EQ(ContentHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DedupTest, ShortAndEmptyTexts) {
  NearDuplicateIndex index;
  EXPECT_FALSE(index.FindOrAdd("one", "hello world").has_value());
  EXPECT_EQ(index.FindOrAdd("two", "Hello  World"), "one");
  EXPECT_FALSE(index.FindOrAdd("three", "goodbye moon").has_value());
  EXPECT_EQ(index.size(), 2u);
}

}  // namespace
}  // namespace strata::process
