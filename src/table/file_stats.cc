#include "table/file_stats.h"

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "table/action_json.h"
#include "table/value_text.h"

namespace strata::table {
namespace {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;
using format::Kind;
using format::Literal;
using format::Logical;

// A stats value of a primitive field as a literal in the column's representation.
std::optional<Literal> StatLiteral(const Json& v, const format::DataType& t, bool is_max) {
  if (t.logical == Logical::kDate) {
    if (!v.is_string()) return std::nullopt;
    auto d = ParseDateText(v.get<std::string>());
    return d ? std::optional<Literal>(*d) : std::nullopt;
  }
  if (t.logical == Logical::kTimestamp) {
    if (!v.is_string()) return std::nullopt;
    auto us = ParseTimestampText(v.get<std::string>());
    if (!us) return std::nullopt;
    // Delta truncates timestamp stats to milliseconds: widen the max to cover the dropped micros.
    int64_t micros = *us + (is_max ? 999 : 0);
    if (t.unit == format::TimeUnit::kMillis) return Literal(micros / 1000);
    if (t.unit == format::TimeUnit::kNanos) return Literal(micros * 1000);
    return Literal(micros);
  }
  if (t.logical == Logical::kDecimal) {
    if (!v.is_number()) return std::nullopt;
    return Literal(v.get<double>());
  }
  switch (t.kind) {
    case Kind::kBool:
      if (v.is_boolean()) return Literal(v.get<bool>());
      return std::nullopt;
    case Kind::kInt32:
    case Kind::kInt64:
      if (v.is_number_integer()) return Literal(JsonInt64(v));
      return std::nullopt;
    case Kind::kFloat:
    case Kind::kDouble:
      if (v.is_number()) return Literal(v.get<double>());
      return std::nullopt;
    case Kind::kBinary:
      if (v.is_string() && t.logical == Logical::kString) return Literal(v.get<std::string>());
      return std::nullopt;
    default: return std::nullopt;
  }
}

void CollectBounds(const Json& obj, const std::vector<format::Field>& fields,
                   const std::string& prefix, bool is_max, FileStats* out) {
  if (!obj.is_object()) return;
  for (const format::Field& f : fields) {
    auto it = obj.find(f.name);
    if (it == obj.end() || it->is_null()) continue;
    std::string name = prefix + f.name;
    if (f.type->kind == Kind::kStruct) {
      CollectBounds(*it, f.type->children, name + ".", is_max, out);
      continue;
    }
    if (auto lit = StatLiteral(*it, *f.type, is_max)) {
      (is_max ? out->columns[name].max : out->columns[name].min) = std::move(*lit);
    }
  }
}

void CollectNullCounts(const Json& obj, const std::vector<format::Field>& fields,
                       const std::string& prefix, FileStats* out) {
  if (!obj.is_object()) return;
  for (const format::Field& f : fields) {
    auto it = obj.find(f.name);
    if (it == obj.end()) continue;
    std::string name = prefix + f.name;
    if (f.type->kind == Kind::kStruct) {
      CollectNullCounts(*it, f.type->children, name + ".", out);
    } else if (it->is_number_integer()) {
      out->columns[name].null_count = JsonInt64(*it);
    }
  }
}

// Strings longer than this keep a prefix as their min and no max (a truncated max would be a
// wrong bound), as Delta bounds its string statistics.
constexpr size_t kStringStatBytes = 32;

std::optional<OJson> StatJson(const Literal& v, const format::DataType& t, bool is_max) {
  if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
  if (const std::string* text = std::get_if<std::string>(&v); text && text->size() > kStringStatBytes) {
    if (is_max) return std::nullopt;
    size_t cut = kStringStatBytes;
    while (cut > 0 && (static_cast<unsigned char>((*text)[cut]) & 0xC0) == 0x80) --cut;
    return OJson(text->substr(0, cut));
  }
  if (t.logical == Logical::kDate) {
    if (const int64_t* d = std::get_if<int64_t>(&v)) return OJson(FormatDate(*d));
    return std::nullopt;
  }
  if (t.logical == Logical::kTimestamp) {
    const int64_t* raw = std::get_if<int64_t>(&v);
    if (!raw) return std::nullopt;
    int64_t micros = t.unit == format::TimeUnit::kMillis  ? *raw * 1000
                     : t.unit == format::TimeUnit::kNanos ? *raw / 1000
                                                          : *raw;
    return OJson(FormatTimestampMicros(micros));
  }
  if (t.logical == Logical::kDecimal) return std::nullopt;
  if (t.kind == Kind::kBinary && t.logical != Logical::kString) return std::nullopt;
  if (const bool* b = std::get_if<bool>(&v)) return OJson(*b);
  if (const int64_t* i = std::get_if<int64_t>(&v)) return OJson(*i);
  if (const double* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d)) return std::nullopt;
    return OJson(*d);
  }
  return OJson(std::get<std::string>(v));
}

}  // namespace

format::StatsLookup FileStats::Lookup() const {
  return [this](std::string_view column) -> const format::ColumnStats* {
    auto it = columns.find(std::string(column));
    return it == columns.end() ? nullptr : &it->second;
  };
}

Result<FileStats> ParseFileStats(std::string_view json, const format::Schema& schema) {
  FileStats out;
  try {
    Json j = Json::parse(json);
    if (!j.is_object()) return Status::Corruption("stats is not a JSON object");
    if (auto it = j.find("numRecords"); it != j.end() && it->is_number_integer()) {
      out.num_records = JsonInt64(*it);
    }
    if (auto it = j.find("minValues"); it != j.end()) {
      CollectBounds(*it, schema.fields(), "", false, &out);
    }
    if (auto it = j.find("maxValues"); it != j.end()) {
      CollectBounds(*it, schema.fields(), "", true, &out);
    }
    if (auto it = j.find("nullCount"); it != j.end()) {
      CollectNullCounts(*it, schema.fields(), "", &out);
    }
  } catch (const Json::exception& e) {
    return Status::Corruption(std::string("stats: ") + e.what());
  }
  if (out.num_records) {
    for (auto& [name, s] : out.columns) s.num_values = *out.num_records;
  }
  return out;
}

std::string FileStatsJson(int64_t num_records, const format::Schema& schema,
                          const std::vector<format::ColumnStats>& stats) {
  OJson j;
  j["numRecords"] = num_records;
  OJson mins = OJson::object(), maxs = OJson::object(), nulls = OJson::object();
  for (size_t i = 0; i < stats.size() && i < schema.fields().size(); ++i) {
    const format::Field& f = schema.fields()[i];
    const format::ColumnStats& s = stats[i];
    if (f.type->is_nested()) continue;
    if (s.min) {
      if (auto v = StatJson(*s.min, *f.type, false)) mins[f.name] = *v;
    }
    if (s.max) {
      if (auto v = StatJson(*s.max, *f.type, true)) maxs[f.name] = *v;
    }
    if (s.null_count) nulls[f.name] = *s.null_count;
  }
  j["minValues"] = mins;
  j["maxValues"] = maxs;
  j["nullCount"] = nulls;
  return j.dump();
}

}  // namespace strata::table
