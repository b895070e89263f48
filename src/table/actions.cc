#include "table/actions.h"

#include "table/action_json.h"

#include <nlohmann/json.hpp>

namespace strata::table {
namespace {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;

// --- Reading (throws nlohmann exceptions; ParseCommit turns them into Corruption). ---

template <typename T>
std::optional<T> Opt(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if constexpr (std::is_same_v<T, int64_t>) {
    return JsonInt64(*it);
  } else if constexpr (std::is_same_v<T, int32_t>) {
    return JsonInt32(*it);
  } else {
    return it->get<T>();
  }
}

std::map<std::string, std::string> StringMap(const Json& obj, const char* key) {
  std::map<std::string, std::string> out;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  for (auto& [k, v] : it->items()) out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  return out;
}

PartitionValues ReadPartitionValues(const Json& obj) {
  PartitionValues out;
  if (!obj.is_object()) throw Json::type_error::create(302, "partitionValues is not an object", &obj);
  for (auto& [k, v] : obj.items()) {
    if (v.is_null()) {
      out[k] = std::nullopt;
    } else {
      out[k] = v.is_string() ? v.get<std::string>() : v.dump();
    }
  }
  return out;
}

std::optional<DeletionVector> ReadDv(const Json& obj) {
  auto it = obj.find("deletionVector");
  if (it == obj.end() || it->is_null()) return std::nullopt;
  DeletionVector dv;
  dv.storage_type = it->at("storageType").get<std::string>();
  dv.path_or_inline_dv = it->at("pathOrInlineDv").get<std::string>();
  dv.offset = Opt<int32_t>(*it, "offset");
  dv.size_in_bytes = Opt<int32_t>(*it, "sizeInBytes").value_or(0);
  dv.cardinality = Opt<int64_t>(*it, "cardinality").value_or(0);
  return dv;
}

std::vector<std::string> StringList(const Json& j) {
  std::vector<std::string> out;
  for (const Json& e : j) out.push_back(e.get<std::string>());
  return out;
}

Protocol ReadProtocol(const Json& j) {
  Protocol p;
  p.min_reader_version = JsonInt32(j.at("minReaderVersion"));
  p.min_writer_version = JsonInt32(j.at("minWriterVersion"));
  if (auto it = j.find("readerFeatures"); it != j.end() && !it->is_null()) {
    p.reader_features = StringList(*it);
  }
  if (auto it = j.find("writerFeatures"); it != j.end() && !it->is_null()) {
    p.writer_features = StringList(*it);
  }
  return p;
}

Metadata ReadMetadata(const Json& j) {
  Metadata m;
  m.id = j.at("id").get<std::string>();
  m.name = Opt<std::string>(j, "name");
  m.description = Opt<std::string>(j, "description");
  if (auto it = j.find("format"); it != j.end() && it->is_object()) {
    m.format_provider = it->value("provider", std::string("parquet"));
    m.format_options = StringMap(*it, "options");
  }
  m.schema_string = Opt<std::string>(j, "schemaString").value_or("");  // absent: no columns
  if (auto it = j.find("partitionColumns"); it != j.end() && !it->is_null()) {
    m.partition_columns = StringList(*it);
  }
  m.configuration = StringMap(j, "configuration");
  m.created_time = Opt<int64_t>(j, "createdTime");
  return m;
}

Status DecodeInto(const std::string& raw, std::string* out) {
  Result<std::string> decoded = DecodePath(raw);
  if (!decoded.ok()) return decoded.status();
  *out = std::move(decoded).value();
  return Status::OK();
}

Result<AddFile> ReadAdd(const Json& j) {
  AddFile a;
  STRATA_RETURN_IF_ERROR(DecodeInto(j.at("path").get<std::string>(), &a.path));
  a.partition_values = ReadPartitionValues(j.at("partitionValues"));
  a.size = JsonInt64(j.at("size"));
  a.modification_time = Opt<int64_t>(j, "modificationTime").value_or(0);
  a.data_change = j.value("dataChange", true);
  a.stats = Opt<std::string>(j, "stats");
  a.tags = StringMap(j, "tags");
  a.deletion_vector = ReadDv(j);
  a.base_row_id = Opt<int64_t>(j, "baseRowId");
  a.default_row_commit_version = Opt<int64_t>(j, "defaultRowCommitVersion");
  return a;
}

Result<RemoveFile> ReadRemove(const Json& j) {
  RemoveFile r;
  STRATA_RETURN_IF_ERROR(DecodeInto(j.at("path").get<std::string>(), &r.path));
  r.deletion_timestamp = Opt<int64_t>(j, "deletionTimestamp");
  r.data_change = j.value("dataChange", true);
  r.extended_file_metadata = Opt<bool>(j, "extendedFileMetadata");
  if (auto it = j.find("partitionValues"); it != j.end() && !it->is_null()) {
    r.partition_values = ReadPartitionValues(*it);
  }
  r.size = Opt<int64_t>(j, "size");
  r.deletion_vector = ReadDv(j);
  return r;
}

CommitInfo ReadCommitInfo(const Json& j) {
  CommitInfo c;
  c.timestamp = Opt<int64_t>(j, "timestamp");
  c.operation = j.value("operation", std::string());
  c.operation_parameters = StringMap(j, "operationParameters");
  c.read_version = Opt<int64_t>(j, "readVersion");
  c.is_blind_append = Opt<bool>(j, "isBlindAppend");
  c.engine_info = j.value("engineInfo", std::string());
  return c;
}

// One line: an object with exactly one known action key, or an action Strata skips.
Result<std::optional<Action>> ReadAction(const Json& j) {
  if (!j.is_object()) return Status::Corruption("a log line is not a JSON object");
  if (auto it = j.find("add"); it != j.end()) {
    STRATA_ASSIGN_OR_RETURN(AddFile a, ReadAdd(*it));
    return std::optional<Action>(std::move(a));
  }
  if (auto it = j.find("remove"); it != j.end()) {
    STRATA_ASSIGN_OR_RETURN(RemoveFile r, ReadRemove(*it));
    return std::optional<Action>(std::move(r));
  }
  if (auto it = j.find("metaData"); it != j.end()) return std::optional<Action>(ReadMetadata(*it));
  if (auto it = j.find("protocol"); it != j.end()) return std::optional<Action>(ReadProtocol(*it));
  if (auto it = j.find("txn"); it != j.end()) {
    Txn t;
    t.app_id = it->at("appId").get<std::string>();
    t.version = JsonInt64(it->at("version"));
    t.last_updated = Opt<int64_t>(*it, "lastUpdated");
    return std::optional<Action>(std::move(t));
  }
  if (auto it = j.find("commitInfo"); it != j.end()) {
    return std::optional<Action>(ReadCommitInfo(*it));
  }
  return std::optional<Action>();
}

// --- Writing. ---

OJson WritePartitionValues(const PartitionValues& pv) {
  OJson out = OJson::object();
  for (const auto& [k, v] : pv) out[k] = v ? OJson(*v) : OJson(nullptr);
  return out;
}

OJson WriteStringMap(const std::map<std::string, std::string>& m) {
  OJson out = OJson::object();
  for (const auto& [k, v] : m) out[k] = v;
  return out;
}

void WriteDv(const std::optional<DeletionVector>& dv, OJson& out) {
  if (!dv) return;
  OJson d;
  d["storageType"] = dv->storage_type;
  d["pathOrInlineDv"] = dv->path_or_inline_dv;
  if (dv->offset) d["offset"] = *dv->offset;
  d["sizeInBytes"] = dv->size_in_bytes;
  d["cardinality"] = dv->cardinality;
  out["deletionVector"] = d;
}

struct ActionWriter {
  OJson operator()(const Protocol& p) const {
    OJson j;
    j["minReaderVersion"] = p.min_reader_version;
    j["minWriterVersion"] = p.min_writer_version;
    if (p.reader_features) j["readerFeatures"] = *p.reader_features;
    if (p.writer_features) j["writerFeatures"] = *p.writer_features;
    return OJson{{"protocol", j}};
  }
  OJson operator()(const Metadata& m) const {
    OJson j;
    j["id"] = m.id;
    if (m.name) j["name"] = *m.name;
    if (m.description) j["description"] = *m.description;
    j["format"] = {{"provider", m.format_provider}, {"options", WriteStringMap(m.format_options)}};
    j["schemaString"] = m.schema_string;
    j["partitionColumns"] = m.partition_columns;
    j["configuration"] = WriteStringMap(m.configuration);
    if (m.created_time) j["createdTime"] = *m.created_time;
    return OJson{{"metaData", j}};
  }
  OJson operator()(const AddFile& a) const {
    OJson j;
    j["path"] = EncodePath(a.path);
    j["partitionValues"] = WritePartitionValues(a.partition_values);
    j["size"] = a.size;
    j["modificationTime"] = a.modification_time;
    j["dataChange"] = a.data_change;
    if (a.stats) j["stats"] = *a.stats;
    if (!a.tags.empty()) j["tags"] = WriteStringMap(a.tags);
    WriteDv(a.deletion_vector, j);
    if (a.base_row_id) j["baseRowId"] = *a.base_row_id;
    if (a.default_row_commit_version) j["defaultRowCommitVersion"] = *a.default_row_commit_version;
    return OJson{{"add", j}};
  }
  OJson operator()(const RemoveFile& r) const {
    OJson j;
    j["path"] = EncodePath(r.path);
    if (r.deletion_timestamp) j["deletionTimestamp"] = *r.deletion_timestamp;
    j["dataChange"] = r.data_change;
    if (r.extended_file_metadata) j["extendedFileMetadata"] = *r.extended_file_metadata;
    if (r.partition_values) j["partitionValues"] = WritePartitionValues(*r.partition_values);
    if (r.size) j["size"] = *r.size;
    WriteDv(r.deletion_vector, j);
    return OJson{{"remove", j}};
  }
  OJson operator()(const Txn& t) const {
    OJson j;
    j["appId"] = t.app_id;
    j["version"] = t.version;
    if (t.last_updated) j["lastUpdated"] = *t.last_updated;
    return OJson{{"txn", j}};
  }
  OJson operator()(const CommitInfo& c) const {
    OJson j;
    if (c.timestamp) j["timestamp"] = *c.timestamp;
    j["operation"] = c.operation;
    OJson params = OJson::object();
    for (const auto& [k, v] : c.operation_parameters) params[k] = v;
    j["operationParameters"] = params;
    if (c.read_version) j["readVersion"] = *c.read_version;
    if (c.is_blind_append) j["isBlindAppend"] = *c.is_blind_append;
    if (!c.engine_info.empty()) j["engineInfo"] = c.engine_info;
    return OJson{{"commitInfo", j}};
  }
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

int64_t JsonInt64(const Json& v) {
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      throw Json::type_error::create(302, "integer out of range: " + v.dump(), &v);
    }
    return static_cast<int64_t>(v.get<uint64_t>());
  }
  if (!v.is_number_integer()) {
    throw Json::type_error::create(302, "expected an integer, got " + v.dump(), &v);
  }
  return v.get<int64_t>();
}

int32_t JsonInt32(const Json& v) {
  int64_t wide = JsonInt64(v);
  if (wide < INT32_MIN || wide > INT32_MAX) {
    throw Json::type_error::create(302, "integer out of range: " + v.dump(), &v);
  }
  return static_cast<int32_t>(wide);
}

std::string DeletionVector::UniqueId() const {
  std::string id = storage_type + path_or_inline_dv;
  if (offset) id += "@" + std::to_string(*offset);
  return id;
}

std::string FileKey(std::string_view path, const std::optional<DeletionVector>& dv) {
  std::string key(path);
  if (dv) key += "\x1f" + dv->UniqueId();
  return key;
}

Result<std::vector<Action>> ParseCommit(std::string_view text, std::string_view file) {
  std::vector<Action> actions;
  size_t line_no = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto where = [&] { return std::string(file) + " line " + std::to_string(line_no); };
    try {
      Json j = Json::parse(line);
      Result<std::optional<Action>> action = ReadAction(j);
      if (!action.ok()) return action.status().WithContext(where());
      if (action->has_value()) actions.push_back(std::move(**action));
    } catch (const Json::exception& e) {
      return Status::Corruption(where() + ": " + e.what());
    }
  }
  return actions;
}

Result<std::optional<Action>> ActionFromJson(const Json& line, std::string_view file) {
  try {
    Result<std::optional<Action>> action = ReadAction(line);
    if (!action.ok()) return action.status().WithContext(std::string(file));
    return action;
  } catch (const Json::exception& e) {
    return Status::Corruption(std::string(file) + ": " + e.what());
  }
}

std::string SerializeCommit(const std::vector<Action>& actions) {
  std::string out;
  for (const Action& a : actions) {
    out += std::visit(ActionWriter{}, a).dump();
    out += '\n';
  }
  return out;
}

Result<std::string> DecodePath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') {
      out += path[i];
      continue;
    }
    int hi = i + 2 < path.size() ? HexValue(path[i + 1]) : -1;
    int lo = i + 2 < path.size() ? HexValue(path[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return Status::Corruption("bad %-escape in path '" + std::string(path) + "'");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string EncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/' || c == '=') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace strata::table
