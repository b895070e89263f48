// HashEmbedder: the model-free "hash[:DIM]" embedder (DESIGN §6).
//
// A text becomes lower-cased Unicode words (runs of letters, digits and marks; each CJK ideograph
// is a word of its own). Three kinds of features are hashed (XXH3, one seed per kind) into DIM
// signed buckets — the bucket from the high bits, the sign from the low bit, so collisions cancel
// on average instead of piling up:
//   - each distinct word, weight 1 (0.1 for a short list of English function words);
//   - each distinct pair of adjacent words, weight 0.3;
//   - the character 3-, 4- and 5-grams of "<word>" (boundary markers; the first 40 characters of
//     a longer word), weight 1.5 / sqrt(number of n-grams of the word) each, so a word's n-grams
//     together weigh 1.5 (a typo or an inflection keeps most of them).
// A word or pair seen tf times counts tf times its weight (raw tf measured better than
// 1 + ln tf on Cranfield and SciFact; see docs/embedding.md), and the vector is L2-normalized;
// a text without words gives the zero vector.
// model_id() is "hash-DIM-v1": any change to the features or weights must change the version.
// Thread-safety: immutable; Embed may run on many threads.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embed/embedder.h"

namespace strata::embed {

class HashEmbedder final : public Embedder {
 public:
  static constexpr int kDefaultDimension = 384;
  static constexpr int kMaxDimension = 1 << 16;

  /// InvalidArgument unless 1 <= dimension <= kMaxDimension.
  static Result<std::unique_ptr<HashEmbedder>> Make(int dimension = kDefaultDimension);

  const std::string& model_id() const override { return model_id_; }
  int dimension() const override { return dimension_; }
  Status Embed(std::span<const std::string_view> texts, std::vector<float>* out) const override;

  /// Embed one text into `out[0, dimension())`.
  void EmbedOne(std::string_view text, float* out) const;

 private:
  explicit HashEmbedder(int dimension);

  int dimension_;
  std::string model_id_;
};

}  // namespace strata::embed
