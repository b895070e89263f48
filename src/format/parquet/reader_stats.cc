// Column-chunk statistics -> ColumnStats (Literals by Strata type) for row-group pruning.
#include <cmath>
#include <cstring>

#include "format/parquet/reader_column.h"

namespace strata::format::parquet {
namespace {

std::optional<Literal> ToLiteral(const std::string& bytes, const LeafDescriptor& leaf) {
  const DataType& t = *leaf.type;
  if (t.logical == Logical::kDecimal || t.logical == Logical::kFloat16) return std::nullopt;
  auto load = [&](auto v) -> std::optional<decltype(v)> {
    if (bytes.size() != sizeof(v)) return std::nullopt;
    std::memcpy(&v, bytes.data(), sizeof(v));
    return v;
  };
  switch (leaf.physical) {
    case PhysicalType::kBoolean:
      if (bytes.size() != 1) return std::nullopt;
      return Literal(bytes[0] != 0);
    case PhysicalType::kInt32: {
      auto v = load(int32_t{0});
      if (!v) return std::nullopt;
      bool is_unsigned = t.logical == Logical::kUInt8 || t.logical == Logical::kUInt16 ||
                         t.logical == Logical::kUInt32;
      return Literal(is_unsigned ? static_cast<int64_t>(static_cast<uint32_t>(*v))
                                 : static_cast<int64_t>(*v));
    }
    case PhysicalType::kInt64: {
      auto v = load(int64_t{0});
      if (!v || (t.logical == Logical::kUInt64 && *v < 0)) return std::nullopt;
      return Literal(*v);
    }
    case PhysicalType::kFloat: {
      auto v = load(0.0f);
      if (!v || std::isnan(*v)) return std::nullopt;
      return Literal(static_cast<double>(*v));
    }
    case PhysicalType::kDouble: {
      auto v = load(0.0);
      if (!v || std::isnan(*v)) return std::nullopt;
      return Literal(*v);
    }
    case PhysicalType::kByteArray:
      return Literal(bytes);
    default:
      return std::nullopt;
  }
}

bool UnsignedOrder(const LeafDescriptor& leaf) {
  Logical l = leaf.type->logical;
  return l == Logical::kUInt8 || l == Logical::kUInt16 || l == Logical::kUInt32 ||
         l == Logical::kUInt64 || leaf.physical == PhysicalType::kByteArray ||
         leaf.physical == PhysicalType::kFixedLenByteArray;
}

}  // namespace

ColumnStats ConvertChunkStats(const ColumnChunk& chunk, const LeafDescriptor& leaf) {
  ColumnStats out;
  if (!chunk.meta_data) return out;
  out.num_values = chunk.meta_data->num_values;
  if (!chunk.meta_data->statistics) return out;
  const Statistics& s = *chunk.meta_data->statistics;
  if (s.null_count && *s.null_count >= 0) out.null_count = s.null_count;
  const std::optional<std::string>* min = &s.min_value;
  const std::optional<std::string>* max = &s.max_value;
  // The deprecated min/max used signed byte order: trust them only for signed numeric types.
  if (!s.min_value && !s.max_value && !UnsignedOrder(leaf)) {
    min = &s.min;
    max = &s.max;
  }
  if (!*min || !*max) return out;
  std::optional<Literal> lo = ToLiteral(**min, leaf), hi = ToLiteral(**max, leaf);
  if (lo && hi) {
    out.min = std::move(lo);
    out.max = std::move(hi);
  }
  return out;
}

}  // namespace strata::format::parquet
