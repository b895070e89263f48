// The public entry points of vector_index.h: metric names, Create and Load by kind.
#include "index/vector/vector_index.h"

#include "index/vector/index_base.h"

namespace strata::index {

Result<Metric> ParseMetric(std::string_view name) {
  if (name == "cosine") return Metric::kCosine;
  if (name == "dot") return Metric::kDot;
  if (name == "l2") return Metric::kL2;
  return Status::InvalidArgument("vector metric \"" + std::string(name) +
                                 "\": expected cosine, dot or l2");
}

std::string_view MetricName(Metric metric) {
  switch (metric) {
    case Metric::kCosine:
      return "cosine";
    case Metric::kDot:
      return "dot";
    case Metric::kL2:
      return "l2";
  }
  return "unknown";
}

Result<std::unique_ptr<VectorIndex>> VectorIndex::Create(const VectorIndexOptions& options) {
  STRATA_RETURN_IF_ERROR(vector::ValidateOptions(options));
  if (options.kind == "flat") return std::unique_ptr<VectorIndex>(vector::MakeFlatIndex(options));
  return std::unique_ptr<VectorIndex>(vector::MakeHnswIndex(options));
}

Result<std::unique_ptr<VectorIndex>> VectorIndex::Load(io::ObjectStore& store,
                                                       const std::string& dir) {
  STRATA_ASSIGN_OR_RETURN(vector::IndexReader reader, vector::IndexReader::Open(store, dir));
  Status valid = vector::ValidateOptions(reader.header().options);
  if (!valid.ok()) {
    return reader.Corrupt(vector::kHeaderFile, valid.message());
  }
  if (reader.header().options.kind == "flat") return vector::LoadFlatIndex(reader);
  return vector::LoadHnswIndex(reader);
}

}  // namespace strata::index
