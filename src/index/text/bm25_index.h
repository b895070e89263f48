// Bm25Index: the TextIndex implementation (internal header; callers use text_index.h).
//
// One posting list per term (postings.h) over dense doc ids, document lengths, and the BM25
// norms k1 * (1 - b + b * dl / avgdl) derived from them (dl quantized to one byte as Lucene
// does, length_norm.h, so a 256-entry table holds every norm). Add analyzes texts on a thread pool,
// appends their postings to the ends of the lists (ids only grow, so appending keeps every list
// sorted) and seals full blocks into an arena; a loaded index keeps its sealed blocks in the
// mapped postings file and appends after them the same way, so an index built in several Adds
// (with Save/Load between them) has exactly the lists of a one-shot build.
//
// Collection statistics (N, avgdl, df) count every document added since the last build was
// written; Save drops removed documents' postings, so they leave the statistics at Load.
// N counts documents with at least one term, as Lucene's docCount does.
//
// Files: bm25_index.cc (Create, Add, Remove), bm25_search.cc (top-k), bm25_persist.cc (Save,
// Load). Thread-safety: see text_index.h.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "common/thread_pool.h"
#include "index/text/analyzer.h"
#include "index/text/postings.h"
#include "index/text/term_table.h"
#include "io/object_store.h"

namespace strata::index {

class Bm25Index final : public TextIndex {
 public:
  static Result<std::unique_ptr<Bm25Index>> Make(const TextIndexOptions& options);
  static Result<std::unique_ptr<Bm25Index>> Open(io::ObjectStore& store, const std::string& dir);

  const TextIndexOptions& options() const override { return options_; }
  uint32_t size() const override { return uint32_t(lengths_.size()); }
  uint32_t live() const override { return size() - removed_; }

  Status Add(std::span<const std::string_view> texts) override;
  Status Remove(uint32_t id) override;
  Result<std::vector<Scored>> Search(std::string_view query,
                                     const TextSearchOptions& options) const override;
  Status Save(io::ObjectStore& store, const std::string& dir) const override;
  size_t MemoryBytes() const override;

  const StandardAnalyzer& analyzer() const { return *analyzer_; }

 private:
  struct QueryTerm;
  class TopK;

  explicit Bm25Index(const TextIndexOptions& options) : options_(options) {}

  bool IsRemoved(uint32_t id) const { return (removed_bits_[id >> 6] >> (id & 63)) & 1; }
  double AverageLength() const { return counted_ ? double(total_length_) / counted_ : 1.0; }
  /// Encode the lengths of new documents and recompute the norm table for the current avgdl.
  void RefreshNorms();
  float Norm(uint32_t doc) const { return norm_table_[length_codes_[doc]]; }
  /// The idf of a term with document frequency `df` under the current statistics.
  float Idf(uint32_t df) const;
  uint32_t TermId(std::string_view term);
  void Append(uint32_t term, uint32_t doc, uint32_t tf);
  /// Pack a full tail into a sealed block.
  void Seal(TermPostings& p);
  /// Point the raw block of `p` at its tail and recompute its bound.
  void RefreshTail(TermPostings& p);
  /// Recompute every block bound with the current norms.
  void RecomputeBounds();
  float BlockBound(const uint32_t* docs, const uint32_t* tfs, int count) const;
  /// A loaded list whose last sealed block is partial reopens it as the raw tail.
  void ReopenTail(TermPostings& p);

  // bm25_persist.cc: the dictionary and block descriptors over the mapped files.
  Status LoadTerms(const std::string& dir, const std::shared_ptr<io::Buffer>& strings,
                   const std::shared_ptr<io::Buffer>& terms,
                   const std::shared_ptr<io::Buffer>& blocks,
                   const std::shared_ptr<io::Buffer>& postings, uint64_t term_count,
                   uint64_t block_count);

  // bm25_search.cc
  std::vector<QueryTerm> Prepare(std::string_view query) const;
  void SearchMaxScore(std::vector<QueryTerm>& terms, const AllowSet* allow, TopK& top) const;
  void SearchAllowed(std::vector<QueryTerm>& terms, const AllowSet& allow, TopK& top) const;
  float Score(const std::vector<QueryTerm>& terms, const float* contributions) const;

  TextIndexOptions options_;
  std::unique_ptr<StandardAnalyzer> analyzer_;
  std::unique_ptr<ThreadPool> pool_;  // null: ThreadPool::Default()

  TermTable dictionary_;  // term -> id in postings_
  std::vector<TermPostings> postings_;
  ByteArena arena_;
  std::vector<std::shared_ptr<io::Buffer>> mapped_;  // loaded files the blocks point into

  std::vector<uint32_t> lengths_;
  std::vector<uint8_t> length_codes_;    // EncodeLength(lengths_[id])
  std::array<float, 256> norm_table_{};  // length code -> norm under the current avgdl
  uint64_t total_length_ = 0;
  uint32_t counted_ = 0;  // N: documents with a term, added since the last build
  std::vector<uint64_t> removed_bits_;
  uint32_t removed_ = 0;
  // Block bounds were computed with average lengths >= bounds_avgdl_; a bound b stays an upper
  // bound of tf / (tf + norm) under a larger average length A when scaled by A / bounds_avgdl_.
  double bounds_avgdl_ = 0;
};

}  // namespace strata::index
