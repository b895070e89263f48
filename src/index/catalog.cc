#include "index/catalog.h"

#include <nlohmann/json.hpp>

#include "table/row_selection.h"

namespace strata::index {
namespace {

using format::Column;
using format::RecordBatch;

std::vector<std::vector<std::string>> ListValues(const Column& column) {
  std::vector<std::vector<std::string>> out(column.length());
  if (column.num_children() == 0) return out;
  const Column& child = column.child(0);
  for (int64_t i = 0; i < column.length(); ++i) {
    if (!column.IsValid(i)) continue;
    auto [b, e] = column.list_range(i);
    for (int64_t j = b; j < e; ++j) out[i].emplace_back(child.binary(j));
  }
  return out;
}

// A column of metadata field `path` (dotted) for each row of `metadata` (JSON text): numbers as
// float64 when every present value is a number, else strings.
Column MetadataColumn(const std::vector<std::string>& metadata, const std::string& path) {
  std::vector<nlohmann::json> values(metadata.size());
  bool numeric = true, any = false;
  for (size_t i = 0; i < metadata.size(); ++i) {
    if (metadata[i].empty()) continue;
    auto doc = nlohmann::json::parse(metadata[i], nullptr, false);
    const nlohmann::json* at = &doc;
    size_t start = 0;
    while (at && at->is_object()) {
      size_t dot = path.find('.', start);
      std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
      auto it = at->find(key);
      at = it == at->end() ? nullptr : &*it;
      if (dot == std::string::npos) break;
      start = dot + 1;
      if (at && !at->is_object()) at = nullptr;
    }
    if (!at || at->is_null() || at->is_object()) continue;
    values[i] = *at;
    any = true;
    numeric = numeric && at->is_number();
  }
  numeric = numeric && any;
  Column col = format::MakeColumn(numeric ? format::Float64() : format::String());
  for (const auto& v : values) {
    if (v.is_null()) {
      col.AppendNull();
    } else if (numeric) {
      col.Append<double>(v.get<double>());
    } else {
      col.AppendBinary(v.is_string() ? v.get<std::string>() : v.dump());
    }
  }
  return col;
}

}  // namespace

std::vector<std::string> StringValues(const Column& column) {
  std::vector<std::string> out(column.length());
  for (int64_t i = 0; i < column.length(); ++i) {
    if (column.IsValid(i)) out[i] = std::string(column.binary(i));
  }
  return out;
}

Result<ChunkCatalog> ChunkCatalog::Load(const table::Table& chunks, int64_t version) {
  table::ScanOptions scan;
  scan.columns = {"chunk_id", "doc_id", "tenant", "groups", "classification"};
  if (version >= 0) scan.at.version = version;
  STRATA_ASSIGN_OR_RETURN(table::ScanResult result, chunks.Scan(scan));
  ChunkCatalog catalog;
  catalog.version_ = result.version;
  const RecordBatch& b = result.batch;
  catalog.chunk_ids_ = StringValues(b.columns[0]);
  catalog.doc_ids_ = StringValues(b.columns[1]);
  catalog.tenants_ = StringValues(b.columns[2]);
  catalog.groups_ = ListValues(b.columns[3]);
  catalog.classifications_ = StringValues(b.columns[4]);
  catalog.row_of_.reserve(catalog.chunk_ids_.size());
  for (uint32_t i = 0; i < catalog.chunk_ids_.size(); ++i) {
    catalog.row_of_.emplace(catalog.chunk_ids_[i], i);
  }
  return catalog;
}

int64_t ChunkCatalog::Find(std::string_view chunk_id) const {
  auto it = row_of_.find(chunk_id);
  return it == row_of_.end() ? -1 : int64_t(it->second);
}

std::vector<uint8_t> ChunkCatalog::Visible(const Principal& principal) const {
  std::vector<uint8_t> out(size(), 1);
  if (principal.unrestricted) return out;
  for (uint32_t i = 0; i < size(); ++i) {
    out[i] = CanSee(principal, tenants_[i], groups_[i], classifications_[i]);
  }
  return out;
}

Result<std::vector<uint8_t>> ChunkCatalog::Evaluate(const format::Predicate& filter,
                                                    const table::Table& chunks,
                                                    const table::Table& documents) const {
  std::vector<std::string> chunk_columns, doc_columns, meta_fields;
  STRATA_ASSIGN_OR_RETURN(auto chunk_snapshot, chunks.At({version_, std::nullopt}));
  STRATA_ASSIGN_OR_RETURN(auto doc_snapshot, documents.Latest());
  for (const std::string& name : filter.Columns()) {
    if (chunk_snapshot->schema().IndexOf(name) >= 0) {
      chunk_columns.push_back(name);
    } else if (doc_snapshot->schema().IndexOf(name) >= 0) {
      doc_columns.push_back(name);
    } else if (name.rfind("metadata.", 0) == 0 && name.size() > 9) {
      meta_fields.push_back(name);
    } else {
      return Status::InvalidArgument("filter: unknown column '" + name +
                                     "' (chunk or document columns, or metadata.KEY)");
    }
  }
  RecordBatch joined;
  joined.num_rows = size();
  if (!chunk_columns.empty()) {
    table::ScanOptions scan;
    scan.columns = chunk_columns;
    scan.at.version = version_;
    STRATA_ASSIGN_OR_RETURN(table::ScanResult r, chunks.Scan(scan));
    if (r.batch.num_rows != joined.num_rows) {
      return Status::Internal("chunks scan at version " + std::to_string(version_) +
                              " changed row count");
    }
    joined = std::move(r.batch);
  }
  if (!doc_columns.empty() || !meta_fields.empty()) {
    table::ScanOptions scan;
    scan.columns = {"doc_id"};
    for (const auto& c : doc_columns) scan.columns.push_back(c);
    if (!meta_fields.empty()) scan.columns.push_back("metadata");
    STRATA_ASSIGN_OR_RETURN(table::ScanResult docs, documents.Scan(scan));
    std::unordered_map<std::string, int64_t> doc_row;
    std::vector<std::string> ids = StringValues(docs.batch.columns[0]);
    for (size_t i = 0; i < ids.size(); ++i) doc_row.emplace(ids[i], int64_t(i));
    // Rows of chunks whose document is missing point at an all-null row appended at the end.
    RecordBatch nulls;
    nulls.schema = docs.batch.schema;
    nulls.num_rows = 1;
    for (const auto& field : docs.batch.schema.fields()) {
      nulls.columns.push_back(format::MakeColumn(field.type));
      nulls.columns.back().AppendNull();
    }
    STRATA_ASSIGN_OR_RETURN(RecordBatch padded, format::Concatenate({docs.batch, nulls}));
    std::vector<int64_t> take(size());
    for (uint32_t i = 0; i < size(); ++i) {
      auto it = doc_row.find(doc_ids_[i]);
      take[i] = it == doc_row.end() ? docs.batch.num_rows : it->second;
    }
    RecordBatch aligned = table::TakeRows(padded, take);
    std::vector<format::Field> fields = joined.schema.fields();
    for (const auto& c : doc_columns) {
      int idx = aligned.schema.IndexOf(c);
      fields.push_back(aligned.schema.field(idx));
      joined.columns.push_back(aligned.columns[idx]);
    }
    if (!meta_fields.empty()) {
      std::vector<std::string> metadata = StringValues(aligned.column("metadata"));
      for (const auto& name : meta_fields) {
        Column col = MetadataColumn(metadata, name.substr(9));
        fields.push_back({name, col.type(), true});
        joined.columns.push_back(std::move(col));
      }
    }
    joined.schema = format::Schema(std::move(fields));
  }
  return filter.Evaluate(joined);
}

}  // namespace strata::index
