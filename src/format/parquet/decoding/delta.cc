// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY (parquet-format
// Encodings.md). Arithmetic wraps, as the spec requires, using unsigned integers.
#include <cstring>
#include <string>

#include "format/parquet/decoding/bit_unpack.h"
#include "format/parquet/decoding/values.h"

namespace strata::format::parquet::decoding {
namespace {

constexpr uint64_t kMaxBlockSize = 1 << 20;

// Decode `want` values (must be <= the header's total) into out[]; when `consumed` is set,
// also walk the remaining values so that it receives the end of the encoded stream.
template <typename U>
Status DecodeDbp(std::string_view in, int64_t want, U* out, size_t* consumed, int max_width) {
  ByteCursor c(in);
  uint64_t block_size, miniblocks, total;
  int64_t first;
  STRATA_RETURN_IF_ERROR(c.ReadUleb(&block_size));
  STRATA_RETURN_IF_ERROR(c.ReadUleb(&miniblocks));
  STRATA_RETURN_IF_ERROR(c.ReadUleb(&total));
  STRATA_RETURN_IF_ERROR(c.ReadZigZag(&first));
  if (block_size == 0 || block_size % 128 != 0 || block_size > kMaxBlockSize || miniblocks == 0 ||
      block_size % miniblocks != 0 || (block_size / miniblocks) % 32 != 0) {
    return Status::Corruption("parquet page: bad DELTA_BINARY_PACKED header (block size " +
                              std::to_string(block_size) + ", miniblocks " +
                              std::to_string(miniblocks) + ")");
  }
  if (total < static_cast<uint64_t>(want)) {
    return Status::Corruption("parquet page: DELTA_BINARY_PACKED holds " + std::to_string(total) +
                              " values, page needs " + std::to_string(want));
  }
  uint64_t end = consumed ? total : static_cast<uint64_t>(want);
  const uint64_t per_mini = block_size / miniblocks;
  std::vector<uint64_t> deltas(per_mini);
  uint64_t value = static_cast<uint64_t>(first);
  uint64_t produced = 0;
  auto emit = [&](uint64_t v) {
    if (produced < static_cast<uint64_t>(want)) out[produced] = static_cast<U>(v);
    ++produced;
  };
  if (end > 0) emit(value);
  while (produced < end) {
    int64_t min_delta;
    STRATA_RETURN_IF_ERROR(c.ReadZigZag(&min_delta));
    if (c.remaining() < miniblocks) return Status::Corruption("parquet page: truncated DELTA block");
    const uint8_t* widths = c.current();
    STRATA_RETURN_IF_ERROR(c.Advance(miniblocks));
    for (uint64_t m = 0; m < miniblocks && produced < end; ++m) {
      int w = widths[m];
      if (w > max_width) {
        return Status::Corruption("parquet page: DELTA miniblock bit width " + std::to_string(w));
      }
      size_t bytes = per_mini * w / 8;
      if (c.remaining() < bytes) return Status::Corruption("parquet page: truncated DELTA miniblock");
      UnpackBits(c.current(), bytes, w, static_cast<int64_t>(per_mini), deltas.data());
      STRATA_RETURN_IF_ERROR(c.Advance(bytes));
      uint64_t take = std::min<uint64_t>(per_mini, end - produced);
      for (uint64_t i = 0; i < take; ++i) {
        value += static_cast<uint64_t>(min_delta) + deltas[i];
        emit(value);
      }
    }
  }
  if (consumed) *consumed = c.position();
  return Status::OK();
}

Status CheckLengths(const std::vector<int64_t>& lengths, int64_t* total) {
  int64_t sum = 0;
  for (int64_t l : lengths) {
    if (l < 0 || l > (int64_t{1} << 40)) {
      return Status::Corruption("parquet page: negative or huge byte-array length");
    }
    sum += l;
  }
  *total = sum;
  return Status::OK();
}

}  // namespace

Status DecodeDeltaBinaryPacked(PhysicalType type, std::string_view in, int64_t n,
                               ValueBuffer* out, size_t* consumed) {
  int w = type == PhysicalType::kInt32 ? 4 : 8;
  // Every value needs at least a bit of input past the header, or a zero-width miniblock of
  // 32 values per width byte: bound the output before allocating it.
  if (static_cast<uint64_t>(n) > (in.size() + 1) * 32 * 128) {
    return Status::Corruption("parquet page: DELTA_BINARY_PACKED data too short");
  }
  STRATA_RETURN_IF_ERROR(out->CheckGrowth(n * w));
  size_t at = out->data.size();
  out->data.resize(at + static_cast<size_t>(n) * w);
  uint8_t* dst = out->data.data() + at;
  if (w == 4) {
    std::vector<uint32_t> tmp(n);
    STRATA_RETURN_IF_ERROR(DecodeDbp(in, n, tmp.data(), consumed, 32));
    if (n > 0) std::memcpy(dst, tmp.data(), n * 4);
  } else {
    std::vector<uint64_t> tmp(n);
    STRATA_RETURN_IF_ERROR(DecodeDbp(in, n, tmp.data(), consumed, 64));
    if (n > 0) std::memcpy(dst, tmp.data(), n * 8);
  }
  return Status::OK();
}

Status DecodeDeltaInts(std::string_view in, int64_t n, std::vector<int64_t>* out,
                       size_t* consumed) {
  if (static_cast<uint64_t>(n) > (in.size() + 1) * 32 * 128) {
    return Status::Corruption("parquet page: DELTA length data too short");
  }
  out->resize(n);
  std::vector<uint64_t> tmp(n);
  STRATA_RETURN_IF_ERROR(DecodeDbp(in, n, tmp.data(), consumed, 64));
  if (n > 0) std::memcpy(out->data(), tmp.data(), n * 8);
  return Status::OK();
}

Status DecodeDeltaLengthByteArray(std::string_view in, int64_t n, ValueBuffer* out) {
  std::vector<int64_t> lengths;
  size_t used = 0;
  STRATA_RETURN_IF_ERROR(DecodeDeltaInts(in, n, &lengths, &used));
  int64_t total = 0;
  STRATA_RETURN_IF_ERROR(CheckLengths(lengths, &total));
  if (static_cast<uint64_t>(total) > in.size() - used) {
    return Status::Corruption("parquet page: DELTA_LENGTH_BYTE_ARRAY data truncated");
  }
  STRATA_RETURN_IF_ERROR(out->CheckGrowth(total));
  const char* p = in.data() + used;
  out->data.insert(out->data.end(), p, p + total);
  int64_t end = out->offsets.back();
  for (int64_t l : lengths) out->offsets.push_back(end += l);
  return Status::OK();
}

Status DecodeDeltaByteArray(std::string_view in, int64_t n, ValueBuffer* out) {
  std::vector<int64_t> prefixes, suffixes;
  size_t used = 0, used2 = 0;
  STRATA_RETURN_IF_ERROR(DecodeDeltaInts(in, n, &prefixes, &used));
  STRATA_RETURN_IF_ERROR(DecodeDeltaInts(in.substr(used), n, &suffixes, &used2));
  used += used2;
  int64_t suffix_total = 0;
  STRATA_RETURN_IF_ERROR(CheckLengths(suffixes, &suffix_total));
  int64_t prefix_total = 0;
  STRATA_RETURN_IF_ERROR(CheckLengths(prefixes, &prefix_total));
  if (static_cast<uint64_t>(suffix_total) > in.size() - used) {
    return Status::Corruption("parquet page: DELTA_BYTE_ARRAY suffixes truncated");
  }
  const auto* s = reinterpret_cast<const uint8_t*>(in.data() + used);
  std::string prev;
  int64_t end = out->offsets.back();
  for (int64_t i = 0; i < n; ++i) {
    if (prefixes[i] < 0 || static_cast<size_t>(prefixes[i]) > prev.size()) {
      return Status::Corruption("parquet page: DELTA_BYTE_ARRAY prefix longer than the previous value");
    }
    prev.resize(prefixes[i]);
    prev.append(reinterpret_cast<const char*>(s), suffixes[i]);
    s += suffixes[i];
    if (out->width > 0 && prev.size() != static_cast<size_t>(out->width)) {
      return Status::Corruption("parquet page: DELTA_BYTE_ARRAY value length " +
                                std::to_string(prev.size()) + " differs from the fixed length " +
                                std::to_string(out->width));
    }
    STRATA_RETURN_IF_ERROR(out->CheckGrowth(static_cast<int64_t>(prev.size())));
    out->data.insert(out->data.end(), prev.begin(), prev.end());
    if (out->width == 0) out->offsets.push_back(end += static_cast<int64_t>(prev.size()));
  }
  return Status::OK();
}

}  // namespace strata::format::parquet::decoding
