// JSON rendering of column values (conventions in row_json.h).
#include "cli/row_json.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "common/clock.h"

namespace strata::cli {
namespace {

using format::Column;
using format::DataType;
using format::Kind;
using format::Logical;
using format::TimeUnit;

void AppendHex(std::string_view b, std::string* out) {
  static const char* kHex = "0123456789abcdef";
  for (unsigned char c : b) {
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
}

template <typename T>
void AppendNumber(T v, std::string* out) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, r.ptr);
}

void AppendDouble(double v, std::string* out) {
  if (std::isnan(v)) return out->append("\"NaN\""), void();
  if (std::isinf(v)) return out->append(v > 0 ? "\"Infinity\"" : "\"-Infinity\""), void();
  AppendNumber(v, out);
}

void AppendFloat(float v, std::string* out) {
  if (std::isnan(v) || std::isinf(v)) return AppendDouble(v, out);
  AppendNumber(v, out);
}

// "HH:MM:SS.fff" for `ticks` within a day (or any value: floor-divided), `digits` fraction digits.
std::string ClockString(int64_t ticks, int64_t per_second, int digits, int64_t* days_out) {
  int64_t per_day = per_second * 86400;
  int64_t days = ticks / per_day, rem = ticks % per_day;
  if (rem < 0) rem += per_day, --days;
  if (days_out) *days_out = days;
  int64_t secs = rem / per_second, frac = rem % per_second;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%02lld:%02lld:%02lld.%0*lld", static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60), digits,
                static_cast<long long>(frac));
  return buf;
}

int64_t PerSecond(TimeUnit u) {
  return u == TimeUnit::kMillis ? 1000 : u == TimeUnit::kMicros ? 1000000 : 1000000000;
}
int Digits(TimeUnit u) { return u == TimeUnit::kMillis ? 3 : u == TimeUnit::kMicros ? 6 : 9; }

// Big-endian two's complement -> decimal digits with `scale` fraction digits.
std::string DecimalString(std::string_view be, int scale) {
  std::vector<uint8_t> mag(be.begin(), be.end());
  bool negative = !mag.empty() && (mag[0] & 0x80);
  if (negative) {  // two's complement negate
    for (auto& b : mag) b = static_cast<uint8_t>(~b);
    for (size_t i = mag.size(); i-- > 0;) {
      if (++mag[i] != 0) break;
    }
  }
  std::string digits;
  bool nonzero = true;
  while (nonzero) {
    nonzero = false;
    unsigned rem = 0;
    for (auto& b : mag) {
      unsigned cur = (rem << 8) | b;
      b = static_cast<uint8_t>(cur / 10);
      rem = cur % 10;
      nonzero |= b != 0;
    }
    digits.push_back(static_cast<char>('0' + rem));
  }
  while (static_cast<int>(digits.size()) <= scale) digits.push_back('0');
  std::string out = negative ? "-" : "";
  for (size_t i = digits.size(); i-- > 0;) {
    out.push_back(digits[i]);
    if (scale > 0 && static_cast<int>(i) == scale) out.push_back('.');
  }
  return out;
}

std::string IntDecimal(int64_t v, int width) {
  char be[8];
  for (int i = 0; i < width; ++i) be[i] = static_cast<char>(v >> (8 * (width - 1 - i)));
  return std::string(be, width);
}

float HalfToFloat(uint16_t h) {
  int sign = h >> 15, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  float v;
  if (exp == 0) {
    v = std::ldexp(static_cast<float>(mant), -24);
  } else if (exp == 31) {
    v = mant ? NAN : INFINITY;
  } else {
    v = std::ldexp(static_cast<float>(mant | 0x400), exp - 25);
  }
  return sign ? -v : v;
}

void AppendQuoted(const std::string& s, std::string* out) {
  out->push_back('"');
  out->append(s);
  out->push_back('"');
}

void AppendInt(const Column& c, int64_t i, std::string* out) {
  const DataType& t = *c.type();
  int64_t v = t.kind == Kind::kInt32 ? c.value<int32_t>(i) : c.value<int64_t>(i);
  switch (t.logical) {
    case Logical::kUInt32: return AppendNumber(static_cast<uint32_t>(v), out);
    case Logical::kUInt64: return AppendNumber(static_cast<uint64_t>(v), out);
    case Logical::kDate: return AppendQuoted(FormatDate(v), out);
    case Logical::kDecimal:
      return AppendQuoted(DecimalString(IntDecimal(v, t.kind == Kind::kInt32 ? 4 : 8), t.scale), out);
    case Logical::kTimeMillis: return AppendQuoted(ClockString(v, 1000, 3, nullptr), out);
    case Logical::kTimeMicros: return AppendQuoted(ClockString(v, 1000000, 6, nullptr), out);
    case Logical::kTimeNanos: return AppendQuoted(ClockString(v, 1000000000, 9, nullptr), out);
    case Logical::kTimestamp: {
      int64_t days = 0;
      std::string clock = ClockString(v, PerSecond(t.unit), Digits(t.unit), &days);
      return AppendQuoted(FormatDate(days) + "T" + clock + (t.utc ? "Z" : ""), out);
    }
    default: return AppendNumber(v, out);
  }
}

void AppendBinary(const Column& c, int64_t i, std::string* out) {
  const DataType& t = *c.type();
  std::string_view b = c.binary(i);
  switch (t.logical) {
    case Logical::kString:
    case Logical::kJson:
    case Logical::kEnum:
      return AppendJsonString(b, out);
    case Logical::kDecimal: return AppendQuoted(DecimalString(b, t.scale), out);
    case Logical::kFloat16: {
      uint16_t h = static_cast<uint16_t>(static_cast<uint8_t>(b[0]) | (static_cast<uint8_t>(b[1]) << 8));
      return AppendFloat(HalfToFloat(h), out);
    }
    case Logical::kUuid: {
      std::string hex;
      AppendHex(b, &hex);
      out->push_back('"');
      for (size_t k = 0; k < hex.size(); ++k) {
        if (k == 8 || k == 12 || k == 16 || k == 20) out->push_back('-');
        out->push_back(hex[k]);
      }
      out->push_back('"');
      return;
    }
    default:
      out->push_back('"');
      AppendHex(b, out);
      out->push_back('"');
  }
}

void AppendNested(const Column& c, int64_t i, std::string* out) {
  const DataType& t = *c.type();
  if (t.kind == Kind::kStruct) {
    out->push_back('{');
    for (int k = 0; k < c.num_children(); ++k) {
      if (k) out->push_back(',');
      AppendJsonString(t.children[k].name, out);
      out->push_back(':');
      AppendValueJson(c.child(k), i, out);
    }
    out->push_back('}');
    return;
  }
  auto [begin, end] = c.list_range(i);
  out->push_back('[');
  for (int64_t j = begin; j < end; ++j) {
    if (j > begin) out->push_back(',');
    if (t.kind == Kind::kList) {
      AppendValueJson(c.child(0), j, out);
    } else {
      out->append("{\"key\":");
      AppendValueJson(c.child(0), j, out);
      out->append(",\"value\":");
      AppendValueJson(c.child(1), j, out);
      out->push_back('}');
    }
  }
  out->push_back(']');
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
      ++i;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out->append(buf);
      ++i;
    } else if (c < 0x80) {
      out->push_back(static_cast<char>(c));
      ++i;
    } else {
      int len = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
      bool ok = len > 0 && i + len <= s.size();
      for (int k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
      if (ok && len == 3) {
        unsigned char c1 = s[i + 1];
        ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);
      }
      if (ok && len == 4) {
        unsigned char c1 = s[i + 1];
        ok = !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
      }
      if (ok) {
        out->append(s.substr(i, len));
        i += len;
      } else {
        out->append("\xef\xbf\xbd");
        ++i;
      }
    }
  }
  out->push_back('"');
}

void AppendValueJson(const Column& c, int64_t i, std::string* out) {
  if (!c.IsValid(i)) return out->append("null"), void();
  const DataType& t = *c.type();
  switch (t.kind) {
    case Kind::kBool: return out->append(c.value<uint8_t>(i) ? "true" : "false"), void();
    case Kind::kInt32:
    case Kind::kInt64: return AppendInt(c, i, out);
    case Kind::kFloat: return AppendFloat(c.value<float>(i), out);
    case Kind::kDouble: return AppendDouble(c.value<double>(i), out);
    case Kind::kBinary:
    case Kind::kFixedBinary: return AppendBinary(c, i, out);
    default: return AppendNested(c, i, out);
  }
}

void AppendRowJson(const format::RecordBatch& batch, int64_t i, std::string* out) {
  out->push_back('{');
  for (int k = 0; k < batch.schema.num_fields(); ++k) {
    if (k) out->push_back(',');
    AppendJsonString(batch.schema.field(k).name, out);
    out->push_back(':');
    AppendValueJson(batch.columns[k], i, out);
  }
  out->push_back('}');
}

}  // namespace strata::cli
