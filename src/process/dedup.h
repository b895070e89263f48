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
#include <utility>
#include <vector>

namespace strata::process {

struct MinHashOptions {
  int num_permutations = 128;
  // Shingles of this many words (fewer for short texts). Words are runs of non-whitespace,
  // ASCII-lowercased. 3-word shingles at Jaccard 0.5 mark texts with up to ~10% of their
  // words substituted, inserted or deleted as near duplicates (5-word shingles at 0.8 would
  // miss even 2% edits: each edit breaks up to 5 shingles).
  int shingle_words = 3;
  double threshold = 0.5;      // Jaccard similarity at or above which texts are near duplicates
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

/// The LSH banding (bands, rows) with bands * rows <= num_permutations that minimizes
/// fp_weight * FP + fn_weight * FN, where FP is the false-positive area (integral of
/// P(candidate | s) for s below the threshold), FN the false-negative area (integral of
/// 1 - P(candidate | s) above it) and P(s) = 1 - (1 - s^r)^b: datasketch's MinHashLSH
/// criterion (its default weights are 0.5/0.5).
std::pair<int, int> OptimalBanding(double threshold, int num_permutations,
                                   double fp_weight = 0.5, double fn_weight = 0.5);

/// The weights NearDuplicateIndex passes to OptimalBanding. Its candidates are verified on
/// their signatures, so an LSH false positive costs one signature comparison while a false
/// negative is a missed duplicate: misses weigh four times as much. At threshold 0.5 and 128
/// permutations this picks 30 bands of 4 rows (P(candidate) = 0.98 at s = 0.6) where equal
/// weights pick 25 x 5 (P = 0.87 at s = 0.6).
inline constexpr double kBandingFpWeight = 0.2;
inline constexpr double kBandingFnWeight = 0.8;

/// The SHA-256 hex of `text`: documents.content_hash of DESIGN §3 (over the normalized text).
std::string ContentHash(std::string_view text);

/// Exact duplicates: remembers content hashes of the texts added so far.
class ExactDuplicateIndex {
 public:
  /// The id of an earlier identical text, if any; otherwise add `text` as `id`.
  std::optional<std::string> FindOrAdd(const std::string& id, std::string_view text);

 private:
  std::unordered_map<std::string, std::string> ids_by_hash_;
};

class NearDuplicateIndex {
 public:
  explicit NearDuplicateIndex(MinHashOptions options = {});
  /// The id of the most similar earlier text whose estimated similarity is at or above the
  /// threshold, if any; otherwise add `text` as `id`.
  std::optional<std::string> FindOrAdd(const std::string& id, std::string_view text);
  /// As FindOrAdd, with the signature computed beforehand by hasher() (e.g. on other threads).
  std::optional<std::string> FindOrAddSignature(const std::string& id,
                                                std::vector<uint64_t> signature);
  const MinHasher& hasher() const { return hasher_; }
  int bands() const { return bands_; }
  int rows() const { return rows_; }
  size_t size() const { return ids_.size(); }

 private:
  MinHasher hasher_;
  int bands_ = 0;
  int rows_ = 0;
  std::vector<std::unordered_map<uint64_t, std::vector<uint32_t>>> buckets_;  // per band
  std::vector<std::vector<uint64_t>> signatures_;
  std::vector<std::string> ids_;
};

}  // namespace strata::process
