// PLAIN, dictionary, RLE-boolean and BYTE_STREAM_SPLIT decoding, and the per-page dispatch.
#include "format/parquet/decoding/values.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "format/parquet/decoding/rle.h"

namespace strata::format::parquet::decoding {
namespace {

Status Truncated(const char* encoding, int64_t n) {
  return Status::Corruption(std::string("parquet page: ") + encoding + " data too short for " +
                            std::to_string(n) + " values");
}

// Reserve room for `extra` more elements, growing geometrically (a page-by-page exact reserve
// would copy the whole chunk once per page).
template <typename V>
void GrowFor(V* v, size_t extra) {
  size_t need = v->size() + extra;
  if (need > v->capacity()) v->reserve(std::max(need, 2 * v->capacity()));
}

uint32_t LoadLe32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Two passes: lengths and bounds into the offsets, then one sized copy of the bytes.
Status DecodePlainByteArray(std::string_view in, int64_t n, ValueBuffer* out) {
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  const size_t len = in.size();
  if (static_cast<uint64_t>(n) > len / 4) return Truncated("PLAIN byte array", n);
  STRATA_RETURN_IF_ERROR(out->CheckGrowth(static_cast<int64_t>(len - 4 * n)));
  GrowFor(&out->offsets, n);
  const size_t first = out->offsets.size();
  const int64_t base = out->offsets.back();
  out->offsets.resize(first + n);
  int64_t* offs = out->offsets.data() + first;
  size_t pos = 0;
  int64_t end = base;
  for (int64_t i = 0; i < n; ++i) {
    if (len - pos < 4) return Truncated("PLAIN byte array", n);
    uint32_t l = LoadLe32(p + pos);
    pos += 4;
    if (l > len - pos) return Truncated("PLAIN byte array", n);
    pos += l;
    end += l;
    offs[i] = end;
  }
  GrowFor(&out->data, static_cast<size_t>(end - base));
  size_t at = out->data.size();
  out->data.resize(at + static_cast<size_t>(end - base));
  uint8_t* dst = out->data.data() + at;
  pos = 0;
  int64_t prev = base;
  for (int64_t i = 0; i < n; ++i) {
    size_t l = static_cast<size_t>(offs[i] - prev);
    if (l > 0) std::memcpy(dst, p + pos + 4, l);
    dst += l;
    pos += 4 + l;
    prev = offs[i];
  }
  return Status::OK();
}

Status DecodePlainBool(std::string_view in, int64_t n, ValueBuffer* out) {
  if (static_cast<uint64_t>(n) > static_cast<uint64_t>(in.size()) * 8) {
    return Truncated("PLAIN boolean", n);
  }
  size_t at = out->data.size();
  out->data.resize(at + n);
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  uint8_t* dst = out->data.data() + at;
  for (int64_t i = 0; i < n; ++i) dst[i] = (p[i >> 3] >> (i & 7)) & 1;
  return Status::OK();
}

template <typename T>
void Gather(const T* dict, const uint32_t* idx, int64_t n, T* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = dict[idx[i]];
}

void GatherFixed(const ValueBuffer& dict, const uint32_t* idx, int64_t n, ValueBuffer* out) {
  size_t at = out->data.size();
  int w = dict.width;
  out->data.resize(at + static_cast<size_t>(n) * w);
  uint8_t* dst = out->data.data() + at;
  const uint8_t* src = dict.data.data();
  switch (w) {
    case 4:
      Gather(reinterpret_cast<const uint32_t*>(src), idx, n, reinterpret_cast<uint32_t*>(dst));
      return;
    case 8:
      Gather(reinterpret_cast<const uint64_t*>(src), idx, n, reinterpret_cast<uint64_t*>(dst));
      return;
    case 1:
      Gather(src, idx, n, dst);
      return;
    default:
      for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * w, src + size_t{idx[i]} * w, w);
  }
}

Status GatherBinary(const ValueBuffer& dict, const uint32_t* idx, int64_t n, ValueBuffer* out) {
  int64_t total = 0;
  for (int64_t i = 0; i < n; ++i) total += dict.offsets[idx[i] + 1] - dict.offsets[idx[i]];
  STRATA_RETURN_IF_ERROR(out->CheckGrowth(total));
  size_t at = out->data.size();
  out->data.resize(at + total);
  uint8_t* dst = out->data.data() + at;
  int64_t end = out->offsets.back();
  GrowFor(&out->offsets, n);
  for (int64_t i = 0; i < n; ++i) {
    int64_t b = dict.offsets[idx[i]], l = dict.offsets[idx[i] + 1] - b;
    if (l > 0) std::memcpy(dst, dict.data.data() + b, l);
    dst += l;
    end += l;
    out->offsets.push_back(end);
  }
  return Status::OK();
}

}  // namespace

Status ValueBuffer::CheckGrowth(int64_t more) const {
  if (more < 0 || static_cast<int64_t>(data.size()) > byte_limit - more) {
    return Status::Corruption("parquet column chunk decodes to more than " +
                              std::to_string(byte_limit) + " bytes (implausible for the file)");
  }
  return Status::OK();
}

int ValueWidth(PhysicalType type, int type_length) {
  switch (type) {
    case PhysicalType::kBoolean: return 1;
    case PhysicalType::kInt32: return 4;
    case PhysicalType::kInt64: return 8;
    case PhysicalType::kInt96: return 12;
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kDouble: return 8;
    case PhysicalType::kByteArray: return 0;
    case PhysicalType::kFixedLenByteArray: return type_length;
  }
  return 0;
}

Status DecodePlain(PhysicalType type, std::string_view in, int64_t n, ValueBuffer* out) {
  if (type == PhysicalType::kByteArray) return DecodePlainByteArray(in, n, out);
  if (type == PhysicalType::kBoolean) return DecodePlainBool(in, n, out);
  uint64_t bytes = static_cast<uint64_t>(n) * out->width;
  if (out->width <= 0 || bytes > in.size()) return Truncated("PLAIN", n);
  STRATA_RETURN_IF_ERROR(out->CheckGrowth(static_cast<int64_t>(bytes)));
  // uint8_t pointers (not the view's chars) so that the copy is one memmove.
  const auto* src = reinterpret_cast<const uint8_t*>(in.data());
  out->data.insert(out->data.end(), src, src + bytes);
  return Status::OK();
}

Status DecodeDictionary(std::string_view in, int64_t n, const ValueBuffer& dict, ValueBuffer* out) {
  if (n == 0) return Status::OK();
  if (in.empty()) return Truncated("dictionary index", n);
  int bit_width = static_cast<uint8_t>(in[0]);
  if (bit_width > 32) {
    return Status::Corruption("parquet page: dictionary index bit width " +
                              std::to_string(bit_width) + " exceeds 32");
  }
  if (dict.width != out->width) return Status::Corruption("parquet page: dictionary type mismatch");
  int64_t dict_size = dict.count();
  if (dict_size == 0) return Status::Corruption("parquet page: dictionary-encoded page without a dictionary");
  RleBitPackedDecoder dec(reinterpret_cast<const uint8_t*>(in.data()) + 1, in.size() - 1,
                          bit_width);
  constexpr int64_t kBatch = 4096;
  uint32_t idx[kBatch];
  for (int64_t done = 0; done < n;) {
    int64_t m = std::min(kBatch, n - done);
    STRATA_RETURN_IF_ERROR(dec.Get(idx, m));
    STRATA_RETURN_IF_ERROR(CheckIndices(idx, m, dict_size));
    if (dict.width == 0) {
      STRATA_RETURN_IF_ERROR(GatherBinary(dict, idx, m, out));
    } else {
      STRATA_RETURN_IF_ERROR(out->CheckGrowth(m * dict.width));
      GatherFixed(dict, idx, m, out);
    }
    done += m;
  }
  return Status::OK();
}

Status DecodeBooleanRle(std::string_view in, int64_t n, ValueBuffer* out) {
  if (in.size() < 4) return Truncated("RLE boolean", n);
  uint32_t len = LoadLe32(reinterpret_cast<const uint8_t*>(in.data()));
  if (len > in.size() - 4) return Truncated("RLE boolean", n);
  STRATA_RETURN_IF_ERROR(out->CheckGrowth(n));
  RleBitPackedDecoder dec(reinterpret_cast<const uint8_t*>(in.data()) + 4, len, 1);
  size_t at = out->data.size();
  out->data.resize(at + n);
  return dec.Get(out->data.data() + at, n);
}

Status DecodeByteStreamSplit(std::string_view in, int64_t n, ValueBuffer* out) {
  int w = out->width;
  uint64_t bytes = static_cast<uint64_t>(n) * w;
  if (w <= 0 || bytes > in.size()) return Truncated("BYTE_STREAM_SPLIT", n);
  STRATA_RETURN_IF_ERROR(out->CheckGrowth(static_cast<int64_t>(bytes)));
  size_t at = out->data.size();
  out->data.resize(at + bytes);
  uint8_t* dst = out->data.data() + at;
  // Streams are sized by the page's value count, which is n here (the page holds n values).
  size_t stream = in.size() / w;
  const auto* src = reinterpret_cast<const uint8_t*>(in.data());
  for (int k = 0; k < w; ++k) {
    const uint8_t* s = src + k * stream;
    for (int64_t i = 0; i < n; ++i) dst[i * w + k] = s[i];
  }
  return Status::OK();
}

Status DecodeValues(Encoding encoding, PhysicalType type, std::string_view in, int64_t n,
                    const ValueBuffer* dict, ValueBuffer* out) {
  switch (encoding) {
    case Encoding::kPlain:
      return DecodePlain(type, in, n, out);
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary:
      if (dict == nullptr) {
        return Status::Corruption("parquet page: dictionary-encoded page without a dictionary page");
      }
      return DecodeDictionary(in, n, *dict, out);
    case Encoding::kRle:
      if (type != PhysicalType::kBoolean) break;
      return DecodeBooleanRle(in, n, out);
    case Encoding::kDeltaBinaryPacked:
      if (type != PhysicalType::kInt32 && type != PhysicalType::kInt64) break;
      return DecodeDeltaBinaryPacked(type, in, n, out);
    case Encoding::kDeltaLengthByteArray:
      if (type != PhysicalType::kByteArray) break;
      return DecodeDeltaLengthByteArray(in, n, out);
    case Encoding::kDeltaByteArray:
      if (type != PhysicalType::kByteArray && type != PhysicalType::kFixedLenByteArray) break;
      return DecodeDeltaByteArray(in, n, out);
    case Encoding::kByteStreamSplit:
      if (type == PhysicalType::kBoolean || type == PhysicalType::kByteArray) break;
      return DecodeByteStreamSplit(in, n, out);
    default:
      return Status::NotSupported("parquet encoding " + std::to_string(static_cast<int>(encoding)));
  }
  return Status::NotSupported("parquet encoding " + std::to_string(static_cast<int>(encoding)) +
                              " for physical type " + std::to_string(static_cast<int>(type)));
}

void ConvertInt96ToMicros(ValueBuffer* buf) {
  int64_t n = buf->count();
  const uint8_t* src = buf->data.data();
  ByteVector out(static_cast<size_t>(n) * 8);
  constexpr int64_t kJulianEpoch = 2440588;
  constexpr int64_t kMicrosPerDay = 86400LL * 1000000LL;
  for (int64_t i = 0; i < n; ++i) {
    uint64_t nanos;
    uint32_t julian;
    std::memcpy(&nanos, src + i * 12, 8);
    std::memcpy(&julian, src + i * 12 + 8, 4);
    // Nanoseconds of the day are below 2^63 in valid files; wrapping arithmetic keeps hostile
    // values UB-free.
    int64_t day_nanos = static_cast<int64_t>(nanos);
    int64_t micros = day_nanos / 1000 - (day_nanos % 1000 < 0 ? 1 : 0);
    uint64_t v = static_cast<uint64_t>(static_cast<int64_t>(julian) - kJulianEpoch) *
                     static_cast<uint64_t>(kMicrosPerDay) + static_cast<uint64_t>(micros);
    std::memcpy(out.data() + i * 8, &v, 8);
  }
  buf->data = std::move(out);
  buf->width = 8;
}

}  // namespace strata::format::parquet::decoding
