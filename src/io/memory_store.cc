#include "io/memory_store.h"

#include <unordered_map>

#include "common/clock.h"
#include "io/uri.h"

namespace strata::io {

MemoryStore::MemoryStore(std::string name) : name_(std::move(name)) {}

Result<MemoryStore::Object> MemoryStore::Find(const std::string& path) {
  STRATA_RETURN_IF_ERROR(ValidatePath(path));
  std::lock_guard<std::mutex> lock(mu_);
  auto it = objects_.find(path);
  if (it == objects_.end()) return Status::NotFound("no object " + path + " in " + uri());
  return it->second;
}

Result<std::shared_ptr<Buffer>> MemoryStore::Get(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(Object object, Find(path));
  return object.data;
}

Result<std::shared_ptr<Buffer>> MemoryStore::GetRange(const std::string& path, int64_t offset,
                                                      int64_t length) {
  STRATA_ASSIGN_OR_RETURN(Object object, Find(path));
  STRATA_RETURN_IF_ERROR(
      CheckRange(path, offset, length, static_cast<int64_t>(object.data->size())));
  return Buffer::Slice(object.data, static_cast<size_t>(offset), static_cast<size_t>(length));
}

Status MemoryStore::Put(const std::string& path, std::string_view data) {
  STRATA_RETURN_IF_ERROR(ValidatePath(path));
  Object object{Buffer::FromString(std::string(data)), NowMicros()};
  std::lock_guard<std::mutex> lock(mu_);
  objects_[path] = std::move(object);
  return Status::OK();
}

Status MemoryStore::PutIfAbsent(const std::string& path, std::string_view data) {
  STRATA_RETURN_IF_ERROR(ValidatePath(path));
  Object object{Buffer::FromString(std::string(data)), NowMicros()};
  std::lock_guard<std::mutex> lock(mu_);
  if (!objects_.emplace(path, std::move(object)).second) {
    return Status::AlreadyExists("object " + path + " already exists in " + uri());
  }
  return Status::OK();
}

Result<std::vector<ObjectInfo>> MemoryStore::List(const std::string& prefix) {
  std::vector<ObjectInfo> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = objects_.lower_bound(prefix); it != objects_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    out.push_back(
        {it->first, static_cast<int64_t>(it->second.data->size()), it->second.modified_micros});
  }
  return out;
}

Status MemoryStore::Delete(const std::string& path) {
  STRATA_RETURN_IF_ERROR(ValidatePath(path));
  std::lock_guard<std::mutex> lock(mu_);
  objects_.erase(path);
  return Status::OK();
}

Result<ObjectInfo> MemoryStore::Head(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(Object object, Find(path));
  return ObjectInfo{path, static_cast<int64_t>(object.data->size()), object.modified_micros};
}

Result<std::shared_ptr<ObjectStore>> OpenMemoryStoreUri(const std::string& uri) {
  STRATA_ASSIGN_OR_RETURN(Uri parsed, ParseUri(uri));
  if (parsed.scheme != "memory") return Status::InvalidArgument("not a memory:// URI: " + uri);
  std::string name = parsed.authority;
  if (!parsed.path.empty()) name += "/" + parsed.path;
  static std::mutex mu;
  static auto* stores = new std::unordered_map<std::string, std::shared_ptr<MemoryStore>>();
  std::lock_guard<std::mutex> lock(mu);
  auto& store = (*stores)[name];
  if (!store) store = std::make_shared<MemoryStore>(name);
  return std::shared_ptr<ObjectStore>(store);
}

}  // namespace strata::io
