// TextIndex: a BM25 inverted index over dense row ids (DESIGN §7).
//
// Text is analyzed by Analyzer: Unicode word segmentation, case folding, an optional stop-word
// list and optional Snowball stemming (libstemmer). Scores are BM25 with k1/b configurable
// (defaults 0.9/0.4, Anserini's) and idf = ln(1 + (N - df + 0.5) / (df + 0.5)); top-k is
// computed with block-max upper bounds (MaxScore/BMW) so most postings are skipped.
//
// Ids are dense: Add() appends documents with ids size() .. size() + n - 1; Remove() tombstones
// an id (it stops matching and stops counting in N and avgdl at the next Save/Load). Filtered
// search takes an AllowSet over ids and only admits allowed ids while it searches.
//
// Persistence: Save() writes a folder of files; Load() maps them (mmap on a local store). An
// index loaded from a build can take the next table version's rows and be saved as the next
// build.
// Thread-safety: Search is safe from many threads; Add/Remove/Save need exclusive access.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "index/allow_set.h"
#include "io/object_store.h"

namespace strata::index {

struct TextIndexOptions {
  float k1 = 0.9f;
  float b = 0.4f;
  std::string stemmer = "english";  // a libstemmer algorithm name, or "none"
  bool stopwords = true;            // drop the English stop words (Lucene's list)
  int threads = 0;                  // analysis threads while adding; 0 = all cores
};

/// Text to index terms, as the index sees them (exposed for tests, benchmarks and highlighting).
class Analyzer {
 public:
  /// InvalidArgument for an unknown stemmer.
  static Result<std::unique_ptr<Analyzer>> Make(const TextIndexOptions& options);
  virtual ~Analyzer() = default;
  /// Append the terms of `text` in order to `terms`. Thread-safe.
  virtual void Terms(std::string_view text, std::vector<std::string>* terms) const = 0;
};

struct Scored {
  uint32_t id = 0;
  float score = 0;  // larger is better
};

struct TextSearchOptions {
  int k = 10;
  const AllowSet* allow = nullptr;  // null = every live id
};

class TextIndex {
 public:
  virtual ~TextIndex() = default;

  static Result<std::unique_ptr<TextIndex>> Create(const TextIndexOptions& options);
  /// Load an index saved under `dir`; Corruption naming the file when damaged.
  static Result<std::unique_ptr<TextIndex>> Load(io::ObjectStore& store, const std::string& dir);

  virtual const TextIndexOptions& options() const = 0;
  virtual uint32_t size() const = 0;
  virtual uint32_t live() const = 0;

  /// Append documents with ids size() .. size() + texts.size() - 1.
  virtual Status Add(std::span<const std::string_view> texts) = 0;
  /// Tombstone `id`. InvalidArgument for an id never assigned.
  virtual Status Remove(uint32_t id) = 0;

  /// The k best live (and allowed) ids for `query` by BM25, best first; ties by smaller id.
  virtual Result<std::vector<Scored>> Search(std::string_view query,
                                             const TextSearchOptions& options) const = 0;

  virtual Status Save(io::ObjectStore& store, const std::string& dir) const = 0;
  virtual size_t MemoryBytes() const = 0;
};

}  // namespace strata::index
