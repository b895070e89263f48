#include "process/dedup.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "common/hash.h"

namespace strata::process {
namespace {

// MinHash permutations are h_i(x) = a_i * x + b_i modulo 2^64 with odd a_i: bijections of the
// 64-bit shingle hashes (already well mixed), so the minimum under each is a MinHash sample. One
// multiply-add per value, where datasketch's (a x + b) mod (2^61 - 1) needs a 128-bit product.
constexpr uint64_t kEmptySlot = std::numeric_limits<uint64_t>::max();

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/// XXH3 of each word (run of non-whitespace, ASCII-lowercased).
std::vector<uint64_t> WordHashes(std::string_view text) {
  std::vector<uint64_t> hashes;
  std::string word;
  size_t i = 0, n = text.size();
  while (i < n) {
    while (i < n && IsSpace(text[i])) ++i;
    if (i == n) break;
    word.clear();
    for (; i < n && !IsSpace(text[i]); ++i) {
      char c = text[i];
      word.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    hashes.push_back(Xxh3(word));
  }
  return hashes;
}

/// Sum of 1 - (1 - s^r)^b (or its complement) over [lo, hi] by Simpson's rule.
double Area(double lo, double hi, int bands, int rows, bool complement) {
  constexpr int kSteps = 200;
  double h = (hi - lo) / kSteps, sum = 0;
  for (int i = 0; i <= kSteps; ++i) {
    double s = lo + i * h;
    double p = 1 - std::pow(1 - std::pow(s, rows), bands);
    double f = complement ? 1 - p : p;
    sum += f * (i == 0 || i == kSteps ? 1 : (i % 2 ? 4 : 2));
  }
  return sum * h / 3;
}

}  // namespace

MinHasher::MinHasher(MinHashOptions options) : options_(options) {
  options_.num_permutations = std::max(1, options_.num_permutations);
  options_.shingle_words = std::max(1, options_.shingle_words);
  uint64_t state = options_.seed;
  for (int i = 0; i < options_.num_permutations; ++i) {
    a_.push_back(SplitMix64(&state) | 1);
    b_.push_back(SplitMix64(&state));
  }
}

std::vector<uint64_t> MinHasher::Signature(std::string_view text) const {
  std::vector<uint64_t> signature(a_.size(), kEmptySlot);
  std::vector<uint64_t> words = WordHashes(text);
  if (words.empty()) return signature;
  size_t k = std::min<size_t>(options_.shingle_words, words.size());
  for (size_t start = 0; start + k <= words.size(); ++start) {
    uint64_t h = 0;
    for (size_t j = 0; j < k; ++j) {  // order-sensitive combination of the shingle's words
      h = (h ^ words[start + j]) * 0x9E3779B97F4A7C15ULL;
      h ^= h >> 29;
    }
    const uint64_t x = h;
    for (size_t i = 0; i < a_.size(); ++i) {
      signature[i] = std::min(signature[i], a_[i] * x + b_[i]);
    }
  }
  return signature;
}

double MinHasher::Similarity(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  size_t n = std::min(a.size(), b.size());
  if (n == 0) return 0;
  size_t equal = 0;
  for (size_t i = 0; i < n; ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(std::max(a.size(), b.size()));
}

std::pair<int, int> OptimalBanding(double threshold, int num_permutations, double fp_weight,
                                   double fn_weight) {
  double best = std::numeric_limits<double>::infinity();
  std::pair<int, int> best_banding = {1, std::max(1, num_permutations)};
  for (int bands = 1; bands <= num_permutations; ++bands) {
    for (int rows = 1; rows <= num_permutations / bands; ++rows) {
      double error = fp_weight * Area(0, threshold, bands, rows, false) +
                     fn_weight * Area(threshold, 1, bands, rows, true);
      if (error < best) {
        best = error;
        best_banding = {bands, rows};
      }
    }
  }
  return best_banding;
}

std::string ContentHash(std::string_view text) { return Sha256Hex(text); }

std::optional<std::string> ExactDuplicateIndex::FindOrAdd(const std::string& id,
                                                          std::string_view text) {
  auto [it, inserted] = ids_by_hash_.try_emplace(ContentHash(text), id);
  if (inserted) return std::nullopt;
  return it->second;
}

NearDuplicateIndex::NearDuplicateIndex(MinHashOptions options) : hasher_(options) {
  const MinHashOptions& o = hasher_.options();
  std::tie(bands_, rows_) = OptimalBanding(o.threshold, o.num_permutations, kBandingFpWeight, kBandingFnWeight);
  buckets_.resize(bands_);
}

std::optional<std::string> NearDuplicateIndex::FindOrAdd(const std::string& id,
                                                         std::string_view text) {
  return FindOrAddSignature(id, hasher_.Signature(text));
}

std::optional<std::string> NearDuplicateIndex::FindOrAddSignature(const std::string& id,
                                                                  std::vector<uint64_t> signature) {
  std::vector<uint64_t> keys(bands_);
  std::vector<uint32_t> candidates;
  for (int band = 0; band < bands_; ++band) {
    std::string_view bytes(reinterpret_cast<const char*>(signature.data() + band * rows_),
                           rows_ * sizeof(uint64_t));
    keys[band] = Xxh3(bytes, band);
    auto it = buckets_[band].find(keys[band]);
    if (it != buckets_[band].end()) {
      candidates.insert(candidates.end(), it->second.begin(), it->second.end());
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  double best = -1;
  int64_t best_index = -1;
  for (uint32_t c : candidates) {
    double similarity = MinHasher::Similarity(signature, signatures_[c]);
    if (similarity >= hasher_.options().threshold && similarity > best) {
      best = similarity;
      best_index = c;
    }
  }
  if (best_index >= 0) return ids_[best_index];
  auto index = static_cast<uint32_t>(ids_.size());
  for (int band = 0; band < bands_; ++band) buckets_[band][keys[band]].push_back(index);
  signatures_.push_back(std::move(signature));
  ids_.push_back(id);
  return std::nullopt;
}

}  // namespace strata::process
