#include "index/vector/index_files.h"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "common/hash.h"

namespace strata::index::vector {
namespace {

constexpr const char* kFormat = "strata-vector-index";
constexpr int kVersion = 1;
constexpr size_t kWriteChunk = 8 << 20;

nlohmann::json HeaderToJson(const IndexHeader& h) {
  const VectorIndexOptions& o = h.options;
  nlohmann::json files = nlohmann::json::object();
  for (const auto& [name, f] : h.files) files[name] = {{"bytes", f.bytes}, {"xxh3", f.xxh3}};
  return {{"format", kFormat},
          {"version", kVersion},
          {"kind", o.kind},
          {"metric", std::string(MetricName(o.metric))},
          {"dimension", o.dimension},
          {"m", o.m},
          {"ef_construction", o.ef_construction},
          {"ef_search", o.ef_search},
          {"int8", o.int8},
          {"threads", o.threads},
          {"size", h.size},
          {"live", h.live},
          {"entry", h.entry},
          {"max_level", h.max_level},
          {"files", files}};
}

Result<IndexHeader> HeaderFromJson(const nlohmann::json& j) {
  if (j.value("format", "") != kFormat) {
    return Status::Corruption("format is not \"" + std::string(kFormat) + "\"");
  }
  if (j.value("version", 0) != kVersion) {
    return Status::NotSupported("version " + j.value("version", nlohmann::json()).dump() +
                                " (this build reads " + std::to_string(kVersion) + ")");
  }
  IndexHeader h;
  VectorIndexOptions& o = h.options;
  o.kind = j.at("kind").get<std::string>();
  STRATA_ASSIGN_OR_RETURN(o.metric, ParseMetric(j.at("metric").get<std::string>()));
  o.dimension = j.at("dimension").get<int>();
  o.m = j.at("m").get<int>();
  o.ef_construction = j.at("ef_construction").get<int>();
  o.ef_search = j.at("ef_search").get<int>();
  o.int8 = j.at("int8").get<bool>();
  o.threads = j.value("threads", 0);
  h.size = j.at("size").get<uint32_t>();
  h.live = j.at("live").get<uint32_t>();
  h.entry = j.at("entry").get<int64_t>();
  h.max_level = j.at("max_level").get<int>();
  for (const auto& [name, f] : j.at("files").items()) {
    h.files[name] = {f.at("bytes").get<uint64_t>(), f.at("xxh3").get<uint64_t>()};
  }
  if (o.dimension <= 0 || h.live > h.size || h.entry >= int64_t(h.size) || h.max_level < 0 ||
      h.max_level > 64) {
    return Status::Corruption("inconsistent dimension, counts or entry point");
  }
  return h;
}

}  // namespace

Status IndexWriter::WriteArray(const std::string& name, const void* data, size_t bytes) {
  std::string path = io::JoinPath(dir_, name);
  STRATA_ASSIGN_OR_RETURN(auto out, store_.OpenWrite(path));
  const char* p = static_cast<const char*>(data);
  for (size_t off = 0; off < bytes; off += kWriteChunk) {
    size_t len = std::min(kWriteChunk, bytes - off);
    STRATA_RETURN_IF_ERROR(out->Write(std::string_view(p + off, len)).WithContext(path));
  }
  STRATA_RETURN_IF_ERROR(out->Close().WithContext(path));
  files_[name] = {bytes, Xxh3(std::string_view(p, bytes))};
  return Status::OK();
}

Status IndexWriter::Finish(IndexHeader header) {
  header.files = files_;
  return store_.Put(io::JoinPath(dir_, kHeaderFile), HeaderToJson(header).dump(1));
}

Result<IndexReader> IndexReader::Open(io::ObjectStore& store, const std::string& dir) {
  IndexReader reader(store, dir);
  std::string path = io::JoinPath(dir, kHeaderFile);
  STRATA_ASSIGN_OR_RETURN(auto buffer, store.Get(path));
  nlohmann::json j = nlohmann::json::parse(buffer->view(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return reader.Corrupt(kHeaderFile, "not a JSON object");
  try {
    Result<IndexHeader> header = HeaderFromJson(j);
    if (!header.ok()) return header.status().WithContext(path);
    reader.header_ = std::move(header).value();
  } catch (const nlohmann::json::exception& e) {
    return reader.Corrupt(kHeaderFile, e.what());
  }
  return reader;
}

Result<std::shared_ptr<io::Buffer>> IndexReader::ReadArray(const std::string& name,
                                                           uint64_t bytes) const {
  auto it = header_.files.find(name);
  if (it == header_.files.end()) return Corrupt(kHeaderFile, "lists no file " + name);
  if (it->second.bytes != bytes) {
    return Corrupt(kHeaderFile, name + " should hold " + std::to_string(bytes) + " bytes, not " +
                                    std::to_string(it->second.bytes));
  }
  std::string path = io::JoinPath(dir_, name);
  STRATA_ASSIGN_OR_RETURN(auto file, store_->OpenRead(path));
  if (uint64_t(file->Size()) != bytes) {
    return Corrupt(name, "holds " + std::to_string(file->Size()) + " bytes, the header says " +
                             std::to_string(bytes));
  }
  STRATA_ASSIGN_OR_RETURN(auto buffer, file->ReadAt(0, int64_t(bytes)));
  if (Xxh3(buffer->view()) != it->second.xxh3) return Corrupt(name, "checksum mismatch");
  // Arrays are read in place as floats and integers: a store whose buffers are not 8-byte
  // aligned (none of ours; a mapping is page-aligned) gets an aligned copy.
  if (reinterpret_cast<uintptr_t>(buffer->data()) % 8 != 0) {
    buffer = io::Buffer::FromString(buffer->ToString());
  }
  return buffer;
}

Status IndexReader::Corrupt(const std::string& name, const std::string& problem) const {
  return Status::Corruption(io::JoinPath(dir_, name) + ": " + problem);
}

}  // namespace strata::index::vector
