// Checkpoint rows are converted through JSON: a row's action struct becomes the JSON object the
// commit format uses (and back), so one parser and one encoder define every action.
#include "table/checkpoint.h"

#include <nlohmann/json.hpp>

#include "format/parquet/reader.h"
#include "format/parquet/writer.h"
#include "table/action_json.h"
#include "table/log_files.h"
#include "table/snapshot.h"

namespace strata::table {
namespace {

using Json = nlohmann::json;
using format::Column;
using format::Field;
using format::Kind;
using format::TypePtr;

constexpr const char* kActionColumns[] = {"txn", "add", "remove", "metaData", "protocol"};

// --- Column → JSON ---

Json CellJson(const Column& col, int64_t row);

Json StructJson(const Column& col, int64_t row) {
  Json obj = Json::object();
  const auto& fields = col.type()->children;
  for (int i = 0; i < col.num_children() && i < static_cast<int>(fields.size()); ++i) {
    Json v = CellJson(col.child(i), row);
    if (!v.is_null()) obj[fields[i].name] = std::move(v);
  }
  return obj;
}

Json CellJson(const Column& col, int64_t row) {
  if (!col.IsValid(row)) return nullptr;
  const format::DataType& t = *col.type();
  switch (t.kind) {
    case Kind::kBool: return col.value<uint8_t>(row) != 0;
    case Kind::kInt32: return col.value<int32_t>(row);
    case Kind::kInt64: return col.value<int64_t>(row);
    case Kind::kFloat: return col.value<float>(row);
    case Kind::kDouble: return col.value<double>(row);
    case Kind::kBinary:
    case Kind::kFixedBinary: return std::string(col.binary(row));
    case Kind::kStruct: return StructJson(col, row);
    case Kind::kList: {
      Json arr = Json::array();
      auto [begin, end] = col.list_range(row);
      for (int64_t i = begin; i < end; ++i) arr.push_back(CellJson(col.child(0), i));
      return arr;
    }
    case Kind::kMap: {
      Json obj = Json::object();
      auto [begin, end] = col.list_range(row);
      for (int64_t i = begin; i < end; ++i) {
        Json key = CellJson(col.child(0), i);
        obj[key.is_string() ? key.get<std::string>() : key.dump()] = CellJson(col.child(1), i);
      }
      return obj;
    }
  }
  return nullptr;
}

// --- JSON → Column ---

void MarkStructValid(Column& col) {
  if (!col.validity().empty()) col.mutable_validity().push_back(1);
  col.set_length(col.length() + 1);
}

void AppendJson(Column& col, const Json& v) {
  if (v.is_null()) {
    col.AppendNull();
    return;
  }
  const format::DataType& t = *col.type();
  switch (t.kind) {
    case Kind::kBool: col.Append<uint8_t>(v.is_boolean() && v.get<bool>() ? 1 : 0); break;
    case Kind::kInt32: col.Append<int32_t>(JsonInt32(v)); break;
    case Kind::kInt64: col.Append<int64_t>(JsonInt64(v)); break;
    case Kind::kFloat: col.Append<float>(v.is_number() ? v.get<float>() : 0); break;
    case Kind::kDouble: col.Append<double>(v.is_number() ? v.get<double>() : 0); break;
    case Kind::kBinary:
    case Kind::kFixedBinary: col.AppendBinary(v.is_string() ? v.get<std::string>() : v.dump()); break;
    case Kind::kStruct: {
      for (size_t i = 0; i < t.children.size(); ++i) {
        auto it = v.find(t.children[i].name);
        AppendJson(col.mutable_children()[i], it == v.end() ? Json(nullptr) : *it);
      }
      MarkStructValid(col);
      break;
    }
    case Kind::kList:
      for (const Json& e : v) AppendJson(col.mutable_children()[0], e);
      col.AppendListEnd();
      break;
    case Kind::kMap:
      for (auto& [k, val] : v.items()) {
        AppendJson(col.mutable_children()[0], Json(k));
        AppendJson(col.mutable_children()[1], val);
      }
      col.AppendListEnd();
      break;
  }
}

// --- Delta's checkpoint schema ---

Field F(std::string name, TypePtr type, bool nullable = true) {
  return Field{std::move(name), std::move(type), nullable};
}

TypePtr StringMap() { return format::MapOf(format::String(), format::String()); }

format::Schema CheckpointSchema() {
  using namespace format;  // NOLINT: type factories
  TypePtr txn = StructOf({F("appId", String()), F("version", Int64()), F("lastUpdated", Int64())});
  TypePtr add = StructOf({F("path", String()), F("partitionValues", StringMap()),
                          F("size", Int64()), F("modificationTime", Int64()),
                          F("dataChange", Bool()), F("tags", StringMap()), F("stats", String())});
  TypePtr remove = StructOf({F("path", String()), F("deletionTimestamp", Int64()),
                             F("dataChange", Bool()), F("extendedFileMetadata", Bool()),
                             F("partitionValues", StringMap()), F("size", Int64())});
  TypePtr fmt = StructOf({F("provider", String()), F("options", StringMap())});
  TypePtr meta = StructOf({F("id", String()), F("name", String()), F("description", String()),
                           F("format", fmt), F("schemaString", String()),
                           F("partitionColumns", ListOf(String())),
                           F("configuration", StringMap()), F("createdTime", Int64())});
  TypePtr protocol = StructOf({F("minReaderVersion", Int32()), F("minWriterVersion", Int32()),
                               F("readerFeatures", ListOf(String())),
                               F("writerFeatures", ListOf(String()))});
  return Schema({F("txn", txn), F("add", add), F("remove", remove), F("metaData", meta),
                 F("protocol", protocol)});
}

Result<format::RecordBatch> CheckpointBatch(const Snapshot& snapshot) {
  std::vector<Action> actions;
  actions.push_back(snapshot.protocol());
  actions.push_back(snapshot.metadata());
  for (const auto& [app, version] : snapshot.state().app_versions) {
    actions.push_back(Txn{app, version, std::nullopt});
  }
  for (const AddFile& f : snapshot.files()) {
    AddFile copy = f;
    copy.data_change = false;
    actions.push_back(std::move(copy));
  }
  for (const auto& [key, r] : snapshot.tombstones()) {
    RemoveFile copy = r;
    copy.data_change = false;
    actions.push_back(std::move(copy));
  }
  format::RecordBatch batch;
  batch.schema = CheckpointSchema();
  for (const Field& f : batch.schema.fields()) batch.columns.push_back(format::MakeColumn(f.type));
  try {
    for (const Action& a : actions) {
      Json line = Json::parse(SerializeCommit({a}));
      auto [key, value] = *line.items().begin();
      for (int c = 0; c < batch.schema.num_fields(); ++c) {
        AppendJson(batch.columns[c], batch.schema.field(c).name == key ? value : Json(nullptr));
      }
    }
  } catch (const Json::exception& e) {
    return Status::Internal(std::string("building checkpoint: ") + e.what());
  }
  batch.num_rows = static_cast<int64_t>(actions.size());
  STRATA_RETURN_IF_ERROR(batch.Validate());
  return batch;
}

Status ReadPart(io::ObjectStore& store, const std::string& path, std::vector<Action>* out) {
  STRATA_ASSIGN_OR_RETURN(std::unique_ptr<io::RandomAccessFile> file, store.OpenRead(path));
  STRATA_ASSIGN_OR_RETURN(std::unique_ptr<format::parquet::FileReader> reader,
                          format::parquet::FileReader::Open(std::move(file)));
  std::vector<int> fields;
  for (const char* name : kActionColumns) {
    int idx = reader->schema().IndexOf(name);
    if (idx >= 0) fields.push_back(idx);
  }
  for (int rg = 0; rg < reader->num_row_groups(); ++rg) {
    STRATA_ASSIGN_OR_RETURN(format::RecordBatch batch, reader->ReadRowGroup(rg, fields));
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      for (int c = 0; c < batch.schema.num_fields(); ++c) {
        if (!batch.columns[c].IsValid(row)) continue;
        Json value = CellJson(batch.columns[c], row);
        if (value.is_object() && value.empty()) continue;  // a null struct read as all-null fields
        Json line = {{batch.schema.field(c).name, std::move(value)}};
        STRATA_ASSIGN_OR_RETURN(std::optional<Action> action, ActionFromJson(line, path));
        if (action) out->push_back(std::move(*action));
      }
    }
  }
  return Status::OK();
}

}  // namespace

Result<LastCheckpoint> ReadLastCheckpoint(io::ObjectStore& store, const std::string& root) {
  std::string path = LastCheckpointPath(root);
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<io::Buffer> data, store.Get(path));
  LastCheckpoint out;
  try {
    Json j = Json::parse(data->view());
    out.version = JsonInt64(j.at("version"));
    if (auto it = j.find("size"); it != j.end() && !it->is_null()) out.size = JsonInt64(*it);
    if (auto it = j.find("parts"); it != j.end() && !it->is_null()) out.parts = JsonInt32(*it);
  } catch (const Json::exception& e) {
    return Status::Corruption(path + ": " + e.what());
  }
  return out;
}

Result<std::vector<Action>> ReadCheckpoint(io::ObjectStore& store,
                                           const std::vector<std::string>& parts) {
  std::vector<Action> out;
  for (const std::string& path : parts) {
    STRATA_RETURN_IF_ERROR(ReadPart(store, path, &out).WithContext("checkpoint " + path));
  }
  return out;
}

Status WriteCheckpoint(io::ObjectStore& store, const Snapshot& snapshot) {
  STRATA_ASSIGN_OR_RETURN(format::RecordBatch batch, CheckpointBatch(snapshot));
  const std::string path = CheckpointPath(snapshot.root(), snapshot.version());
  format::parquet::WriteOptions options;
  options.codec = format::parquet::CompressionCodec::kSnappy;
  STRATA_ASSIGN_OR_RETURN(format::parquet::WrittenFile written,
                          format::parquet::WriteFile(store, path, batch, options));
  Json last = {{"version", snapshot.version()},
               {"size", batch.num_rows},
               {"sizeInBytes", written.size_bytes},
               {"numOfAddFiles", static_cast<int64_t>(snapshot.files().size())}};
  // Never move the hint backwards when a slower writer finishes an older checkpoint late.
  Result<LastCheckpoint> existing = ReadLastCheckpoint(store, snapshot.root());
  if (existing.ok() && existing->version >= snapshot.version()) return Status::OK();
  return store.Put(LastCheckpointPath(snapshot.root()), last.dump());
}

}  // namespace strata::table
