// ReferenceBm25: exhaustive BM25 over analyzed documents, written from the formula alone (no
// index structures), as the oracle for TextIndex's top-k. Document lengths are quantized as
// Lucene stores them (SmallFloat byte4: the largest representable length <= the true one,
// worked out here from the decoding table, not with the index's encoder). It mirrors the index's
// float arithmetic (float norms, float per-term contributions summed in query-term order) so that
// equal scores tie exactly and the "ties by smaller id" order can be compared strictly.
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "index/text/text_index.h"

namespace strata::index::testing {

/// The length Lucene's BM25 uses for a document of `length` terms: SmallFloat.byte4ToInt of
/// intToByte4, i.e. the largest decodable value not above `length`.
inline uint32_t LuceneLength(uint32_t length) {
  uint32_t best = 0;
  for (int code = 0; code < 256; ++code) {
    uint64_t value = code;
    if (code >= 24) {
      int v = code - 24, shift = (v >> 3) - 1;
      value = 24 + (shift < 0 ? uint64_t(v & 7) : uint64_t((v & 7) | 8) << shift);
    }
    if (value <= length) best = std::max<uint32_t>(best, uint32_t(value));
  }
  return best;
}

class ReferenceBm25 {
 public:
  ReferenceBm25(const TextIndexOptions& options) : options_(options) {
    analyzer_ = std::move(Analyzer::Make(options).value());
  }

  void Add(std::string_view text) {
    std::vector<std::string> terms;
    analyzer_->Terms(text, &terms);
    std::map<std::string, int> tf;
    for (auto& t : terms) ++tf[t];
    docs_.push_back({std::move(tf), int(terms.size()), false});
  }
  void Remove(uint32_t id) { docs_[id].removed = true; }
  /// Drop removed documents from the statistics (what Save + Load does).
  void Rebuild() {
    for (auto& d : docs_) d.counted = !d.removed;
  }

  std::vector<Scored> Search(std::string_view query, int k, const AllowSet* allow = nullptr) {
    std::vector<std::string> terms;
    analyzer_->Terms(query, &terms);
    std::vector<std::pair<std::string, int>> unique;  // first occurrence order
    for (auto& t : terms) {
      auto it = std::find_if(unique.begin(), unique.end(), [&](auto& u) { return u.first == t; });
      if (it == unique.end()) {
        unique.emplace_back(t, 1);
      } else {
        ++it->second;
      }
    }
    uint64_t total = 0;
    uint32_t n = 0;
    for (auto& d : docs_) {
      if (d.counted && d.length > 0) {
        total += d.length;
        ++n;
      }
    }
    const float avgdl = n ? float(double(total) / n) : 1.0f;
    std::vector<float> weights;
    for (auto& [t, qtf] : unique) {
      uint32_t df = 0;
      for (auto& d : docs_) df += d.counted && d.tf.count(t);
      float idf = float(std::log(1 + (double(n) - df + 0.5) / (df + 0.5)));
      weights.push_back(idf * float(qtf));
    }
    std::vector<Scored> all;
    for (uint32_t id = 0; id < docs_.size(); ++id) {
      const Doc& d = docs_[id];
      if (d.removed || (allow && !allow->Contains(id))) continue;
      float score = 0;
      bool match = false;
      const float norm =
          options_.k1 * ((1 - options_.b) + options_.b * float(LuceneLength(d.length)) / avgdl);
      for (size_t i = 0; i < unique.size(); ++i) {
        auto it = d.tf.find(unique[i].first);
        if (it == d.tf.end()) continue;
        match = true;
        float tf = float(it->second);
        score += weights[i] * (tf / (tf + norm));
      }
      if (match) all.push_back({id, score});
    }
    std::sort(all.begin(), all.end(), [](const Scored& a, const Scored& b) {
      return a.score > b.score || (a.score == b.score && a.id < b.id);
    });
    if (all.size() > size_t(k)) all.resize(k);
    return all;
  }

 private:
  struct Doc {
    std::map<std::string, int> tf;
    int length = 0;
    bool removed = false;
    bool counted = true;
  };
  TextIndexOptions options_;
  std::unique_ptr<Analyzer> analyzer_;
  std::vector<Doc> docs_;
};

}  // namespace strata::index::testing
