#include "table/value_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "common/clock.h"

namespace strata::table {
namespace {

using format::Kind;
using format::Literal;
using format::Logical;

template <typename T>
std::optional<T> ParseNumber(std::string_view s) {
  T v{};
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

Status BadValue(std::string_view text, const format::DataType& type) {
  return Status::Corruption("partition value '" + std::string(text) + "' is not a valid " +
                            type.ToString());
}

}  // namespace

std::optional<int64_t> ParseDateText(std::string_view s) {
  int y = 0, m = 0, d = 0;
  std::string buf(s.substr(0, 10));
  if (s.size() < 8 || std::sscanf(buf.c_str(), "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12 ||
      d < 1 || d > 31 || y < -9999 || y > 9999) {
    return std::nullopt;
  }
  return DaysFromCivil(y, m, d);
}

std::optional<int64_t> ParseTimestampText(std::string_view s) {
  auto days = ParseDateText(s);
  if (!days) return std::nullopt;
  size_t sep = s.find_first_of(" T");
  int64_t micros = *days * 86400000000LL;
  if (sep == std::string_view::npos) return micros;
  std::string rest(s.substr(sep + 1));
  int hh = 0, mm = 0, ss = 0, n = 0;
  if (std::sscanf(rest.c_str(), "%d:%d:%d%n", &hh, &mm, &ss, &n) != 3 || hh < 0 || hh > 24 ||
      mm < 0 || mm > 59 || ss < 0 || ss > 60) {
    return std::nullopt;
  }
  micros += (hh * 3600LL + mm * 60LL + ss) * 1000000LL;
  size_t pos = static_cast<size_t>(n);
  if (pos < rest.size() && rest[pos] == '.') {
    int64_t frac = 0;
    int digits = 0;
    for (++pos; pos < rest.size() && std::isdigit(static_cast<unsigned char>(rest[pos])); ++pos) {
      if (digits < 6) frac = frac * 10 + (rest[pos] - '0');
      ++digits;
    }
    for (int i = std::min(digits, 6); i < 6; ++i) frac *= 10;
    micros += frac;
  }
  return micros;
}

Result<Literal> ParsePartitionValue(const std::optional<std::string>& text,
                                    const format::DataType& type) {
  if (!text) return Literal(std::monostate{});
  const std::string& s = *text;
  if (type.logical == Logical::kDate) {
    if (auto d = ParseDateText(s)) return Literal(*d);
    return BadValue(s, type);
  }
  if (type.logical == Logical::kTimestamp) {
    if (auto us = ParseTimestampText(s)) return Literal(*us);
    return BadValue(s, type);
  }
  if (type.logical == Logical::kDecimal) {
    if (auto v = ParseNumber<double>(s)) return Literal(*v);
    return BadValue(s, type);
  }
  switch (type.kind) {
    case Kind::kBool:
      if (s == "true" || s == "false") return Literal(s == "true");
      return BadValue(s, type);
    case Kind::kInt32:
    case Kind::kInt64:
      if (auto v = ParseNumber<int64_t>(s)) return Literal(*v);
      return BadValue(s, type);
    case Kind::kFloat:
    case Kind::kDouble:
      if (auto v = ParseNumber<double>(s)) return Literal(*v);
      if (s == "NaN") return Literal(std::nan(""));
      return BadValue(s, type);
    case Kind::kBinary:
    case Kind::kFixedBinary: return Literal(s);
    default: return Status::NotSupported("partition column of type " + type.ToString());
  }
}

std::optional<std::string> PartitionValueText(const format::Column& column, int64_t row) {
  Literal v = format::CellLiteral(column, row);
  if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
  const format::DataType& t = *column.type();
  if (t.logical == Logical::kDate) return FormatDate(std::get<int64_t>(v));
  if (t.logical == Logical::kTimestamp) {
    int64_t raw = std::get<int64_t>(v);
    if (t.unit == format::TimeUnit::kMillis) raw *= 1000;
    if (t.unit == format::TimeUnit::kNanos) raw /= 1000;
    // UTC timestamps as ISO 8601 with 'Z', as the protocol recommends; local ones without zone.
    return FormatTimestampMicros(raw, t.utc);
  }
  if (const bool* b = std::get_if<bool>(&v)) return std::string(*b ? "true" : "false");
  if (const std::string* s = std::get_if<std::string>(&v)) return *s;
  std::string text = format::LiteralToString(v);
  return text;
}

Result<format::Column> ConstantColumn(const format::TypePtr& type, const Literal& value,
                                      int64_t rows) {
  format::Column col = format::MakeColumn(type);
  const bool is_null = std::holds_alternative<std::monostate>(value);
  const double scale = type->logical == Logical::kDecimal ? std::pow(10.0, type->scale) : 1.0;
  auto as_double = [&]() -> double {
    if (const double* d = std::get_if<double>(&value)) return *d;
    if (const int64_t* i = std::get_if<int64_t>(&value)) return static_cast<double>(*i);
    return 0;
  };
  auto as_int = [&]() -> int64_t {
    if (type->logical == Logical::kDecimal) return std::llround(as_double() * scale);
    if (const int64_t* i = std::get_if<int64_t>(&value)) return *i;
    return static_cast<int64_t>(as_double());
  };
  for (int64_t r = 0; r < rows; ++r) {
    if (is_null) {
      col.AppendNull();
      continue;
    }
    switch (type->kind) {
      case Kind::kBool: {
        const bool* b = std::get_if<bool>(&value);
        col.Append<uint8_t>(b && *b ? 1 : 0);
        break;
      }
      case Kind::kInt32: col.Append<int32_t>(static_cast<int32_t>(as_int())); break;
      case Kind::kInt64: col.Append<int64_t>(as_int()); break;
      case Kind::kFloat: col.Append<float>(static_cast<float>(as_double())); break;
      case Kind::kDouble: col.Append<double>(as_double()); break;
      case Kind::kBinary: {
        const std::string* text = std::get_if<std::string>(&value);
        col.AppendBinary(text ? *text : format::LiteralToString(value));
        break;
      }
      default: return Status::NotSupported("partition column of type " + type->ToString());
    }
  }
  if (rows == 0 && (type->kind == Kind::kBinary)) col.mutable_offsets().assign(1, 0);
  return col;
}

}  // namespace strata::table
