// VectorIndex: nearest-neighbour search over dense vectors with dense row ids (DESIGN §7).
//
// Kinds: "flat" (exact, multi-threaded scan; also the recall oracle) and "hnsw" (M,
// ef_construction, ef_search; incremental insert; tombstone deletes). Either may store vectors
// as int8 (per-dimension scalar quantization) and re-rank the best candidates with the float
// vectors. Distances: smaller is closer — cosine: 1 - cos(a, b); dot: -a·b; l2: squared L2.
// Kernels are chosen at run time (AVX-512, AVX2, scalar; see distance.h).
//
// Ids are dense: Add() appends vectors with ids size() .. size() + n - 1. Remove() tombstones an
// id; it is never returned again. Filtered search takes an AllowSet over ids: HNSW visits the
// graph normally but only admits allowed ids to the result, and switches to an exact scan of the
// allowed ids when the set is selective, so k results come back whenever k allowed, live ids
// exist.
//
// Persistence: Save() writes a folder of files to an object store; Load() maps them (mmap on a
// local store) and copies on first write, so a build can be loaded, extended with a table
// version's new rows and saved as the next build.
// Thread-safety: Search is safe from many threads; Add/Remove/Save need exclusive access.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "index/allow_set.h"
#include "io/object_store.h"

namespace strata::index {

enum class Metric { kCosine, kDot, kL2 };

/// "cosine" | "dot" | "l2"; InvalidArgument otherwise.
Result<Metric> ParseMetric(std::string_view name);
std::string_view MetricName(Metric metric);

struct Neighbor {
  uint32_t id = 0;
  float distance = 0;  // smaller is closer
};

struct VectorIndexOptions {
  std::string kind = "hnsw";  // "flat" | "hnsw"
  Metric metric = Metric::kCosine;
  int dimension = 0;
  int m = 16;                 // hnsw: links per node (2*m on layer 0)
  int ef_construction = 200;  // hnsw: candidate list while inserting
  int ef_search = 64;         // hnsw: default candidate list while searching
  bool int8 = false;          // store int8 codes; re-rank candidates with floats
  int threads = 0;            // build and flat-scan threads; 0 = all cores
};

struct VectorSearchOptions {
  int k = 10;
  int ef_search = 0;                // 0 = the index's default
  const AllowSet* allow = nullptr;  // null = every live id
  int threads = 1;                  // flat scan threads for this query
};

class VectorIndex {
 public:
  virtual ~VectorIndex() = default;

  /// An empty index; InvalidArgument for an unknown kind or bad parameter.
  static Result<std::unique_ptr<VectorIndex>> Create(const VectorIndexOptions& options);
  /// Load an index saved under `dir` of `store`; Corruption naming the file when damaged.
  static Result<std::unique_ptr<VectorIndex>> Load(io::ObjectStore& store, const std::string& dir);

  virtual const VectorIndexOptions& options() const = 0;
  /// Number of ids assigned, tombstoned ones included.
  virtual uint32_t size() const = 0;
  /// Number of ids not removed.
  virtual uint32_t live() const = 0;

  /// Append `n` vectors of options().dimension floats (row-major); ids size() .. size()+n-1.
  /// Cosine indexes normalize their copy. Builds use options().threads.
  virtual Status Add(const float* vectors, size_t n) = 0;
  /// Tombstone `id`; no-op when already removed. InvalidArgument for an id never assigned.
  virtual Status Remove(uint32_t id) = 0;
  virtual bool IsRemoved(uint32_t id) const = 0;

  /// The k nearest live (and allowed) ids to `query`, closest first.
  virtual Result<std::vector<Neighbor>> Search(const float* query,
                                               const VectorSearchOptions& options) const = 0;

  /// Write the index under `dir` (files plus a small JSON header).
  virtual Status Save(io::ObjectStore& store, const std::string& dir) const = 0;
  /// Bytes of memory the index holds (vectors, codes, graph), for benchmarks and metrics.
  virtual size_t MemoryBytes() const = 0;
};

}  // namespace strata::index
