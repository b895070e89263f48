#include "format/parquet/chunk_statistics.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace strata::format::parquet {
namespace {

using encoding::ForEachPresentStretch;
using encoding::SlotRun;

template <typename T>
std::string Bytes(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &v, sizeof(T));
  return s;
}

template <typename T>
void MinMaxRange(const T* v, int64_t n, T* lo, T* hi) {
  // Eight independent lanes so the compiler vectorizes; `a < b ? a : b` skips NaN like minps.
  constexpr int kLanes = 8;
  T mn[kLanes], mx[kLanes];
  for (int l = 0; l < kLanes; ++l) mn[l] = *lo, mx[l] = *hi;
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int l = 0; l < kLanes; ++l) {
      mn[l] = v[i + l] < mn[l] ? v[i + l] : mn[l];
      mx[l] = v[i + l] > mx[l] ? v[i + l] : mx[l];
    }
  }
  for (; i < n; ++i) {
    mn[0] = v[i] < mn[0] ? v[i] : mn[0];
    mx[0] = v[i] > mx[0] ? v[i] : mx[0];
  }
  for (int l = 0; l < kLanes; ++l) {
    *lo = mn[l] < *lo ? mn[l] : *lo;
    *hi = mx[l] > *hi ? mx[l] : *hi;
  }
}

// Shorten byte-array bounds longer than kMaxStatBytes (a page of text must not bloat the footer):
// the minimum becomes its prefix, the maximum its prefix with the last byte below 0xFF
// incremented (dropping trailing 0xFF bytes), so both still bound every value.
void TruncateBytesStats(Statistics* s) {
  constexpr size_t kMaxStatBytes = 64;
  if (s->min_value->size() > kMaxStatBytes) {
    s->min_value->resize(kMaxStatBytes);
    s->is_min_value_exact = false;
  }
  if (s->max_value->size() > kMaxStatBytes) {
    std::string& max = *s->max_value;
    max.resize(kMaxStatBytes);
    while (!max.empty() && static_cast<uint8_t>(max.back()) == 0xFF) max.pop_back();
    if (max.empty()) {
      s->max_value.reset();  // no short upper bound exists
    } else {
      max.back() = static_cast<char>(static_cast<uint8_t>(max.back()) + 1);
      s->is_max_value_exact = false;
    }
  }
  if (!s->min_value || !s->max_value) s->min_value.reset(), s->max_value.reset();
}

}  // namespace

ChunkStatistics::ChunkStatistics(const DataType& type) : kind_(type.kind) {
  switch (type.kind) {
    case Kind::kBool: case Kind::kInt32: case Kind::kInt64:
      order_ = (type.logical == Logical::kUInt64 || type.logical == Logical::kUInt32)
                   ? Order::kUnsigned
                   : Order::kSigned;
      break;
    case Kind::kFloat: case Kind::kDouble: order_ = Order::kFloat; break;
    default:
      order_ = (type.logical == Logical::kDecimal || type.logical == Logical::kFloat16)
                   ? Order::kNone
                   : Order::kBytes;
  }
}

void ChunkStatistics::FoldInt(int64_t lo, int64_t hi) {
  if (!has_min_max_) {
    min_i_ = lo, max_i_ = hi, has_min_max_ = true;
    return;
  }
  if (order_ == Order::kUnsigned) {
    if (static_cast<uint64_t>(lo) < static_cast<uint64_t>(min_i_)) min_i_ = lo;
    if (static_cast<uint64_t>(hi) > static_cast<uint64_t>(max_i_)) max_i_ = hi;
  } else {
    min_i_ = std::min(min_i_, lo);
    max_i_ = std::max(max_i_, hi);
  }
}

void ChunkStatistics::FoldDouble(double lo, double hi) {
  if (lo > hi) return;  // only NaNs were seen
  if (!has_min_max_) {
    min_d_ = lo, max_d_ = hi, has_min_max_ = true;
    return;
  }
  min_d_ = std::min(min_d_, lo);
  max_d_ = std::max(max_d_, hi);
}

void ChunkStatistics::UpdateInts(const Column& leaf, std::span<const SlotRun> runs) {
  const uint8_t* data = leaf.data().data();
  ForEachPresentStretch(leaf, runs, [&](int64_t b, int64_t e) {
    if (kind_ == Kind::kBool) {
      uint8_t lo = 1, hi = 0;
      for (int64_t i = b; i < e; ++i) {
        uint8_t v = data[i] != 0;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      return FoldInt(lo, hi);
    }
    if (kind_ == Kind::kInt32) {
      const int32_t* v = reinterpret_cast<const int32_t*>(data) + b;
      if (order_ == Order::kUnsigned) {
        uint32_t lo = UINT32_MAX, hi = 0;
        MinMaxRange(reinterpret_cast<const uint32_t*>(v), e - b, &lo, &hi);
        return FoldInt(lo, hi);
      }
      int32_t lo = INT32_MAX, hi = INT32_MIN;
      MinMaxRange(v, e - b, &lo, &hi);
      return FoldInt(lo, hi);
    }
    const int64_t* v = reinterpret_cast<const int64_t*>(data) + b;
    if (order_ == Order::kUnsigned) {
      uint64_t lo = UINT64_MAX, hi = 0;
      MinMaxRange(reinterpret_cast<const uint64_t*>(v), e - b, &lo, &hi);
      return FoldInt(static_cast<int64_t>(lo), static_cast<int64_t>(hi));
    }
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    MinMaxRange(v, e - b, &lo, &hi);
    FoldInt(lo, hi);
  });
}

void ChunkStatistics::UpdateFloats(const Column& leaf, std::span<const SlotRun> runs) {
  const uint8_t* data = leaf.data().data();
  ForEachPresentStretch(leaf, runs, [&](int64_t b, int64_t e) {
    if (kind_ == Kind::kFloat) {
      float lo = std::numeric_limits<float>::infinity(), hi = -lo;
      MinMaxRange(reinterpret_cast<const float*>(data) + b, e - b, &lo, &hi);
      return FoldDouble(lo, hi);
    }
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    MinMaxRange(reinterpret_cast<const double*>(data) + b, e - b, &lo, &hi);
    FoldDouble(lo, hi);
  });
}

void ChunkStatistics::UpdateBytes(const Column& leaf, std::span<const SlotRun> runs) {
  ForEachPresentStretch(leaf, runs, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      std::string_view v = leaf.binary(i);
      if (!has_min_max_) {
        min_s_.assign(v), max_s_.assign(v), has_min_max_ = true;
      } else if (v < min_s_) {
        min_s_.assign(v);
      } else if (v > max_s_) {
        max_s_.assign(v);
      }
    }
  });
}

void ChunkStatistics::Update(const Column& leaf, std::span<const SlotRun> runs) {
  switch (order_) {
    case Order::kSigned: case Order::kUnsigned: return UpdateInts(leaf, runs);
    case Order::kFloat: return UpdateFloats(leaf, runs);
    case Order::kBytes: return UpdateBytes(leaf, runs);
    case Order::kNone: return;
  }
}

void ChunkStatistics::Merge(const ChunkStatistics& o) {
  null_count_ += o.null_count_;
  if (!o.has_min_max_) return;
  switch (order_) {
    case Order::kSigned: case Order::kUnsigned: return FoldInt(o.min_i_, o.max_i_);
    case Order::kFloat: return FoldDouble(o.min_d_, o.max_d_);
    case Order::kBytes:
      if (!has_min_max_ || o.min_s_ < min_s_) min_s_ = o.min_s_;
      if (!has_min_max_ || o.max_s_ > max_s_) max_s_ = o.max_s_;
      has_min_max_ = true;
      return;
    case Order::kNone: return;
  }
}

Statistics ChunkStatistics::ToParquet() const {
  Statistics s;
  s.null_count = null_count_;
  if (!has_min_max_) return s;
  switch (kind_) {
    case Kind::kBool:
      s.min_value = std::string(1, static_cast<char>(min_i_));
      s.max_value = std::string(1, static_cast<char>(max_i_));
      break;
    case Kind::kInt32:
      s.min_value = Bytes(static_cast<int32_t>(min_i_));
      s.max_value = Bytes(static_cast<int32_t>(max_i_));
      break;
    case Kind::kInt64:
      s.min_value = Bytes(min_i_);
      s.max_value = Bytes(max_i_);
      break;
    case Kind::kFloat:
      s.min_value = Bytes(min_d_ == 0 ? -0.0f : static_cast<float>(min_d_));
      s.max_value = Bytes(max_d_ == 0 ? 0.0f : static_cast<float>(max_d_));
      break;
    case Kind::kDouble:
      s.min_value = Bytes(min_d_ == 0 ? -0.0 : min_d_);
      s.max_value = Bytes(max_d_ == 0 ? 0.0 : max_d_);
      break;
    default:
      s.min_value = min_s_;
      s.max_value = max_s_;
      TruncateBytesStats(&s);
  }
  return s;
}

ColumnStats ChunkStatistics::ToColumnStats() const {
  ColumnStats c;
  c.null_count = null_count_;
  if (!has_min_max_) return c;
  switch (order_) {
    case Order::kSigned:
      if (kind_ == Kind::kBool) {
        c.min = Literal(min_i_ != 0);
        c.max = Literal(max_i_ != 0);
      } else {
        c.min = Literal(min_i_);
        c.max = Literal(max_i_);
      }
      break;
    case Order::kUnsigned:
      if (max_i_ >= 0) {  // representable as int64
        c.min = Literal(min_i_);
        c.max = Literal(max_i_);
      }
      break;
    case Order::kFloat:
      c.min = Literal(min_d_);
      c.max = Literal(max_d_);
      break;
    case Order::kBytes:
      c.min = Literal(min_s_);
      c.max = Literal(max_s_);
      break;
    case Order::kNone:
      break;
  }
  return c;
}

}  // namespace strata::format::parquet
