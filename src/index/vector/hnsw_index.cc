// HnswIndex: a VectorStore searched through an HnswGraph.
//
// Filtered search: the graph walk admits only allowed, live ids to its result list while every
// node still routes. When the allow-set is selective (ExactScanPreferred) an exact scan over the
// allowed ids is both faster and exact; and whenever the walk returns fewer than k results while
// k admissible ids may exist, the exact scan answers instead, so k results come back whenever k
// allowed, live ids exist.
#include <algorithm>
#include <atomic>
#include <thread>

#include "common/thread_pool.h"
#include "index/vector/exact_scan.h"
#include "index/vector/filter_policy.h"
#include "index/vector/hnsw_graph.h"
#include "index/vector/index_base.h"

namespace strata::index::vector {
namespace {

// Inserts per batch below which a build stays on the calling thread.
constexpr size_t kMinParallelAdd = 256;

bool ExactScanPreferred(const AllowSet& allow, uint32_t size, size_t ef) {
  double count = allow.count();
  return count * count <= HnswFilterPolicy().exact_factor * double(ef) * double(size);
}

class HnswIndex final : public IndexBase {
 public:
  explicit HnswIndex(const VectorIndexOptions& options) : IndexBase(options), graph_(options.m) {}

  Status Add(const float* vectors, size_t n) override;
  Result<std::vector<Neighbor>> Search(const float* query,
                                       const VectorSearchOptions& o) const override;
  Status Save(io::ObjectStore& store, const std::string& dir) const override;
  size_t MemoryBytes() const override { return store_.MemoryBytes() + graph_.MemoryBytes(); }
  Status LoadFrom(const IndexReader& reader);

 private:
  std::vector<Neighbor> WalkGraph(const PreparedQuery& q, size_t k, size_t ef,
                                  const AllowSet* allow) const;

  HnswGraph graph_;
  mutable ContextPool contexts_;
};

Status HnswIndex::Add(const float* vectors, size_t n) {
  STRATA_RETURN_IF_ERROR(CheckAdd(vectors, n));
  if (n == 0) return Status::OK();
  uint32_t first = size();
  store_.Append(vectors, n);
  graph_.Grow(n);
  size_t threads = options_.threads > 0 ? size_t(options_.threads)
                                        : std::max(1u, std::thread::hardware_concurrency());
  if (n < kMinParallelAdd) threads = 1;
  std::atomic<size_t> next{0};
  auto worker = [&](size_t) {
    ScopedContext ctx(contexts_);
    for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
      graph_.Insert(first + uint32_t(i), store_, options_.ef_construction, *ctx);
    }
  };
  if (threads == 1) {
    worker(0);
  } else {
    ThreadPool::Default().ParallelFor(threads, worker);
  }
  return Status::OK();
}

std::vector<Neighbor> HnswIndex::WalkGraph(const PreparedQuery& q, size_t k, size_t ef,
                                           const AllowSet* allow) const {
  Admit admit;
  if (live() < size()) admit.removed = store_.removed_words();
  admit.allow = allow;
  ScopedContext ctx(contexts_);
  if (!store_.int8()) {
    graph_.Search(FloatScorer{&store_, q.values.data()}, ef, admit, *ctx);
    ctx->top.resize(std::min(k, ctx->top.size()));
    return ctx->top;
  }
  // The walk's ef candidates, scored on codes, are all re-ranked with floats: ef already buys
  // the depth that RerankDepth gives the flat scan.
  graph_.Search(CodeScorer{&store_, &q}, ef, admit, *ctx);
  return Rerank(store_, q, ctx->top, k);
}

Result<std::vector<Neighbor>> HnswIndex::Search(const float* query,
                                                const VectorSearchOptions& o) const {
  STRATA_RETURN_IF_ERROR(CheckSearch(query, o));
  if (o.k == 0 || live() == 0) return std::vector<Neighbor>{};
  size_t k = size_t(o.k);
  size_t ef = std::max(k, size_t(o.ef_search > 0 ? o.ef_search : options_.ef_search));
  PreparedQuery q = store_.Prepare(query);
  int threads = std::max(o.threads, 1);
  if (o.allow && ExactScanPreferred(*o.allow, size(), ef)) {
    return ExactSearch(store_, q, k, o.allow, threads);
  }
  std::vector<Neighbor> result = WalkGraph(q, k, ef, o.allow);
  size_t admissible = o.allow ? std::min(o.allow->count(), live()) : live();
  if (result.size() < std::min(k, size_t(admissible))) {
    return ExactSearch(store_, q, k, o.allow, threads);
  }
  return result;
}

Status HnswIndex::Save(io::ObjectStore& store, const std::string& dir) const {
  IndexWriter writer(store, dir);
  STRATA_RETURN_IF_ERROR(SaveStore(writer));
  STRATA_RETURN_IF_ERROR(writer.WriteArray("links0.u32", graph_.links0().data(),
                                           graph_.links0().size() * sizeof(uint32_t)));
  STRATA_RETURN_IF_ERROR(writer.WriteArray("levels.u8", graph_.levels().data(), size()));
  STRATA_RETURN_IF_ERROR(writer.WriteArray("upper.u32", graph_.upper().data(),
                                           graph_.upper().size() * sizeof(uint32_t)));
  return writer.Finish({options_, size(), live(), graph_.entry(), graph_.max_level()});
}

Status HnswIndex::LoadFrom(const IndexReader& reader) {
  STRATA_RETURN_IF_ERROR(LoadStore(reader));
  const IndexHeader& h = reader.header();
  size_t n = h.size;
  STRATA_ASSIGN_OR_RETURN(auto links0,
                          reader.ReadArray("links0.u32", n * graph_.links0_stride() * 4));
  STRATA_ASSIGN_OR_RETURN(auto levels, reader.ReadArray("levels.u8", n));
  auto upper_entry = h.files.find("upper.u32");
  if (upper_entry == h.files.end()) return reader.Corrupt(kHeaderFile, "lists no file upper.u32");
  STRATA_ASSIGN_OR_RETURN(auto upper, reader.ReadArray("upper.u32", upper_entry->second.bytes));
  if (!graph_.Restore(std::move(links0), std::move(levels), std::move(upper), h.size, h.entry,
                      h.max_level)) {
    return reader.Corrupt("links0.u32", "graph links, levels or entry point are inconsistent");
  }
  return Status::OK();
}

}  // namespace

FilterPolicy& HnswFilterPolicy() {
  static FilterPolicy policy;
  return policy;
}

std::unique_ptr<IndexBase> MakeHnswIndex(const VectorIndexOptions& options) {
  return std::make_unique<HnswIndex>(options);
}

Result<std::unique_ptr<VectorIndex>> LoadHnswIndex(const IndexReader& reader) {
  auto index = std::make_unique<HnswIndex>(reader.header().options);
  STRATA_RETURN_IF_ERROR(index->LoadFrom(reader));
  return std::unique_ptr<VectorIndex>(std::move(index));
}

}  // namespace strata::index::vector
