// Deduplication (DESIGN §5): exact duplicates by content hash, near duplicates by MinHash
// signatures over word shingles and LSH banding with a Jaccard threshold.
//
// NearDuplicateIndex keeps signatures of the documents added so far and answers "is there one
// whose estimated Jaccard similarity is >= threshold". Bands and rows are chosen from the
// threshold so that the S-curve crosses it; candidates are verified on the signatures.
// Thread-safety: MinHasher is immutable; NearDuplicateIndex needs external synchronization.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace strata::process {

struct MinHashOptions {
  int num_permutations = 128;
  int shingle_words = 5;       // shingles of this many words (fewer for short texts)
  double threshold = 0.8;      // Jaccard similarity at or above which texts are near duplicates
  uint64_t seed = 0x5eed;
};

class MinHasher {
 public:
  explicit MinHasher(MinHashOptions options);
  /// The signature of `text` (num_permutations values).
  std::vector<uint64_t> Signature(std::string_view text) const;
  /// Estimated Jaccard similarity of two signatures.
  static double Similarity(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);
  const MinHashOptions& options() const { return options_; }

 private:
  MinHashOptions options_;
  std::vector<uint64_t> a_, b_;  // permutation coefficients
};

class NearDuplicateIndex {
 public:
  explicit NearDuplicateIndex(MinHashOptions options = {});
  /// The id of an earlier text at or above the threshold, if any; otherwise add `text` as `id`.
  std::optional<std::string> FindOrAdd(const std::string& id, std::string_view text);
  int bands() const { return bands_; }
  int rows() const { return rows_; }

 private:
  MinHasher hasher_;
  int bands_ = 0;
  int rows_ = 0;
  std::vector<std::unordered_map<uint64_t, std::vector<uint32_t>>> buckets_;  // per band
  std::vector<std::vector<uint64_t>> signatures_;
  std::vector<std::string> ids_;
};

}  // namespace strata::process
