#include "index/vector/index_base.h"

#include <limits>

namespace strata::index::vector {
namespace {

constexpr int kMaxDimension = 65535;  // the int8 kernel's 32-bit sums stay exact below 2^16

}  // namespace

Status ValidateOptions(const VectorIndexOptions& o) {
  if (o.kind != "flat" && o.kind != "hnsw") {
    return Status::InvalidArgument("vector index kind \"" + o.kind + "\": expected flat or hnsw");
  }
  if (o.dimension <= 0 || o.dimension > kMaxDimension) {
    return Status::InvalidArgument("vector index dimension " + std::to_string(o.dimension) +
                                   ": expected 1.." + std::to_string(kMaxDimension));
  }
  if (o.kind == "hnsw" && (o.m < 2 || o.m > 256)) {
    return Status::InvalidArgument("hnsw m " + std::to_string(o.m) + ": expected 2..256");
  }
  if (o.kind == "hnsw" && (o.ef_construction < 1 || o.ef_search < 1)) {
    return Status::InvalidArgument("hnsw ef_construction and ef_search must be positive");
  }
  if (o.threads < 0) return Status::InvalidArgument("vector index threads must be >= 0");
  return Status::OK();
}

Status IndexBase::Remove(uint32_t id) {
  if (id >= size()) {
    return Status::InvalidArgument("vector id " + std::to_string(id) +
                                   " was never assigned (size " + std::to_string(size()) + ")");
  }
  store_.Remove(id);
  return Status::OK();
}

Status IndexBase::CheckAdd(const float* vectors, size_t n) const {
  if (n > 0 && vectors == nullptr) return Status::InvalidArgument("Add: null vectors");
  if (n >= std::numeric_limits<uint32_t>::max() - size()) {
    return Status::InvalidArgument("Add: " + std::to_string(n) + " vectors overflow 32-bit ids");
  }
  return Status::OK();
}

Status IndexBase::CheckSearch(const float* query, const VectorSearchOptions& o) const {
  if (query == nullptr) return Status::InvalidArgument("Search: null query");
  if (o.k < 0 || o.ef_search < 0 || o.threads < 0) {
    return Status::InvalidArgument("Search: k, ef_search and threads must be >= 0");
  }
  return Status::OK();
}

Status IndexBase::SaveStore(IndexWriter& writer) const {
  const size_t n = size(), dim = store_.dimension();
  STRATA_RETURN_IF_ERROR(
      writer.WriteArray("vectors.f32", store_.vectors_array().data(), n * dim * sizeof(float)));
  STRATA_RETURN_IF_ERROR(writer.WriteArray("removed.u64", store_.removed_array().data(),
                                           (n + 63) / 64 * sizeof(uint64_t)));
  if (!options_.int8) return Status::OK();
  const ScalarQuantizer& q = store_.quantizer();
  std::vector<float> params(q.min());
  params.insert(params.end(), q.scale().begin(), q.scale().end());
  STRATA_RETURN_IF_ERROR(
      writer.WriteArray("quantizer.f32", params.data(), params.size() * sizeof(float)));
  STRATA_RETURN_IF_ERROR(writer.WriteArray("codes.u8", store_.codes_array().data(), n * dim));
  return writer.WriteArray("code_norms.f32", store_.code_norms_array().data(), n * sizeof(float));
}

Status IndexBase::LoadStore(const IndexReader& reader) {
  const IndexHeader& h = reader.header();
  const size_t n = h.size, dim = size_t(h.options.dimension);
  STRATA_ASSIGN_OR_RETURN(auto vectors, reader.ReadArray("vectors.f32", n * dim * sizeof(float)));
  store_.vectors_array().Map(std::move(vectors), n * dim);
  size_t words = (n + 63) / 64;
  STRATA_ASSIGN_OR_RETURN(auto removed, reader.ReadArray("removed.u64", words * 8));
  store_.removed_array().Map(removed, words);
  size_t dead = 0;
  const uint64_t* bits = store_.removed_array().data();
  for (size_t w = 0; w < words; ++w) dead += size_t(std::popcount(bits[w]));
  if (n % 64 && words && (bits[words - 1] >> (n % 64))) {
    return reader.Corrupt("removed.u64", "tombstones past the last id");
  }
  if (n - dead != h.live) return reader.Corrupt("removed.u64", "live count disagrees with header");
  ScalarQuantizer quantizer;
  if (h.options.int8 && n > 0) {
    STRATA_ASSIGN_OR_RETURN(auto params, reader.ReadArray("quantizer.f32", 2 * dim * 4));
    const float* p = reinterpret_cast<const float*>(params->data());
    quantizer = ScalarQuantizer({p, p + dim}, {p + dim, p + 2 * dim});
    STRATA_ASSIGN_OR_RETURN(auto codes, reader.ReadArray("codes.u8", n * dim));
    store_.codes_array().Map(std::move(codes), n * dim);
    STRATA_ASSIGN_OR_RETURN(auto norms, reader.ReadArray("code_norms.f32", n * 4));
    store_.code_norms_array().Map(std::move(norms), n);
  }
  store_.Restore(h.size, h.live, std::move(quantizer));
  return Status::OK();
}

}  // namespace strata::index::vector
