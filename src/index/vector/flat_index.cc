// FlatIndex: exact search by scanning every row (exact_scan.h); the recall oracle.
#include "index/vector/exact_scan.h"
#include "index/vector/index_base.h"

namespace strata::index::vector {
namespace {

class FlatIndex final : public IndexBase {
 public:
  using IndexBase::IndexBase;

  Status Add(const float* vectors, size_t n) override {
    STRATA_RETURN_IF_ERROR(CheckAdd(vectors, n));
    store_.Append(vectors, n);
    return Status::OK();
  }

  Result<std::vector<Neighbor>> Search(const float* query,
                                       const VectorSearchOptions& o) const override {
    STRATA_RETURN_IF_ERROR(CheckSearch(query, o));
    if (o.k == 0 || live() == 0) return std::vector<Neighbor>{};
    PreparedQuery q = store_.Prepare(query);
    return ExactSearch(store_, q, size_t(o.k), o.allow, std::max(o.threads, 1));
  }

  Status Save(io::ObjectStore& store, const std::string& dir) const override {
    IndexWriter writer(store, dir);
    STRATA_RETURN_IF_ERROR(SaveStore(writer));
    return writer.Finish({options_, size(), live()});
  }

  size_t MemoryBytes() const override { return store_.MemoryBytes(); }

  Status LoadFrom(const IndexReader& reader) { return LoadStore(reader); }
};

}  // namespace

std::unique_ptr<IndexBase> MakeFlatIndex(const VectorIndexOptions& options) {
  return std::make_unique<FlatIndex>(options);
}

Result<std::unique_ptr<VectorIndex>> LoadFlatIndex(const IndexReader& reader) {
  auto index = std::make_unique<FlatIndex>(reader.header().options);
  STRATA_RETURN_IF_ERROR(index->LoadFrom(reader));
  return std::unique_ptr<VectorIndex>(std::move(index));
}

}  // namespace strata::index::vector
