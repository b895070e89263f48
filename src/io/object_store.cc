#include "io/object_store.h"

#include <map>
#include <mutex>
#include <utility>

#include "io/local_store.h"
#include "io/memory_store.h"
#include "io/s3/s3_store.h"
#include "io/uri.h"

namespace strata::io {
namespace {

class StringBuffer final : public Buffer {
 public:
  explicit StringBuffer(std::string data) : data_(std::move(data)) {}
  const uint8_t* data() const override { return reinterpret_cast<const uint8_t*>(data_.data()); }
  size_t size() const override { return data_.size(); }

 private:
  std::string data_;
};

/// A window into another buffer that keeps the parent alive (zero copy).
class SliceBuffer final : public Buffer {
 public:
  SliceBuffer(std::shared_ptr<Buffer> parent, size_t offset, size_t length)
      : parent_(std::move(parent)), offset_(offset), length_(length) {}
  const uint8_t* data() const override { return parent_->data() + offset_; }
  size_t size() const override { return length_; }

 private:
  std::shared_ptr<Buffer> parent_;
  size_t offset_;
  size_t length_;
};

/// RandomAccessFile over bytes held in memory (an object fetched whole, or a file mapping).
class BufferFile final : public RandomAccessFile {
 public:
  BufferFile(std::string path, std::shared_ptr<Buffer> buffer)
      : path_(std::move(path)), buffer_(std::move(buffer)) {}
  int64_t Size() const override { return static_cast<int64_t>(buffer_->size()); }
  Result<std::shared_ptr<Buffer>> ReadAt(int64_t offset, int64_t length) const override {
    STRATA_RETURN_IF_ERROR(CheckRange(path_, offset, length, Size()));
    return Buffer::Slice(buffer_, static_cast<size_t>(offset), static_cast<size_t>(length));
  }
  const std::string& path() const override { return path_; }

 private:
  std::string path_;
  std::shared_ptr<Buffer> buffer_;
};

/// OutputStream that collects the object in memory and Put()s it on Close().
class BufferingOutputStream final : public OutputStream {
 public:
  BufferingOutputStream(ObjectStore* store, std::string path)
      : store_(store), path_(std::move(path)) {}
  Status Write(std::string_view data) override {
    if (closed_) return Status::InvalidArgument("write after close: " + path_);
    data_.append(data);
    return Status::OK();
  }
  int64_t Tell() const override { return static_cast<int64_t>(data_.size()); }
  Status Close() override {
    if (closed_) return Status::OK();
    closed_ = true;
    return store_->Put(path_, data_);
  }

 private:
  ObjectStore* store_;
  std::string path_;
  std::string data_;
  bool closed_ = false;
};

struct Registry {
  std::mutex mu;
  std::map<std::string, StoreFactory> factories;
};

Registry& GetRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

}  // namespace

std::shared_ptr<Buffer> Buffer::FromString(std::string data) {
  return std::make_shared<StringBuffer>(std::move(data));
}

std::shared_ptr<Buffer> Buffer::Slice(std::shared_ptr<Buffer> parent, size_t offset,
                                      size_t length) {
  if (offset == 0 && length == parent->size()) return parent;
  return std::make_shared<SliceBuffer>(std::move(parent), offset, length);
}

Status CheckRange(const std::string& path, int64_t offset, int64_t length, int64_t size) {
  if (offset < 0 || length < 0) {
    return Status::InvalidArgument("negative range " + std::to_string(offset) + "+" +
                                   std::to_string(length) + " for " + path);
  }
  if (offset > size || length > size - offset) {
    return Status::Corruption("read of " + std::to_string(length) + " bytes at offset " +
                              std::to_string(offset) + " past the end of " + path + " (size " +
                              std::to_string(size) + ")");
  }
  return Status::OK();
}

Status ValidatePath(const std::string& path) {
  if (path.empty()) return Status::InvalidArgument("empty object path");
  if (path.front() == '/' || path.back() == '/') {
    return Status::InvalidArgument("object path must not start or end with '/': " + path);
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string_view part(path.data() + start, end - start);
    if (part.empty() || part == "." || part == "..") {
      return Status::InvalidArgument("object path has an empty, '.' or '..' component: " + path);
    }
    start = end + 1;
  }
  return Status::OK();
}

std::unique_ptr<RandomAccessFile> MakeBufferFile(std::string path, std::shared_ptr<Buffer> buffer) {
  return std::make_unique<BufferFile>(std::move(path), std::move(buffer));
}

Result<std::unique_ptr<RandomAccessFile>> ObjectStore::OpenRead(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(auto buffer, Get(path));
  return MakeBufferFile(path, std::move(buffer));
}

Result<std::unique_ptr<OutputStream>> ObjectStore::OpenWrite(const std::string& path) {
  STRATA_RETURN_IF_ERROR(ValidatePath(path));
  return std::unique_ptr<OutputStream>(new BufferingOutputStream(this, path));
}

void RegisterStore(const std::string& scheme, StoreFactory factory) {
  Registry& registry = GetRegistry();
  std::lock_guard<std::mutex> lock(registry.mu);
  registry.factories[scheme] = std::move(factory);
}

void RegisterBuiltinStores() {
  static std::once_flag once;
  std::call_once(once, [] {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    // emplace: a factory registered earlier (e.g. a test double) keeps precedence.
    registry.factories.emplace("file",
                               [](const std::string& uri) { return OpenLocalStoreUri(uri); });
    registry.factories.emplace("memory",
                               [](const std::string& uri) { return OpenMemoryStoreUri(uri); });
    registry.factories.emplace("s3",
                               [](const std::string& uri) { return s3::OpenS3StoreUri(uri); });
  });
}

Result<std::shared_ptr<ObjectStore>> OpenStore(const std::string& uri) {
  RegisterBuiltinStores();
  if (uri.empty()) return Status::InvalidArgument("empty store URI");
  std::string scheme = UriScheme(uri);
  if (scheme.empty()) scheme = "file";
  StoreFactory factory;
  {
    Registry& registry = GetRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    auto it = registry.factories.find(scheme);
    if (it == registry.factories.end()) {
      return Status::NotSupported("no object store registered for scheme '" + scheme + "' (URI " +
                                  uri + ")");
    }
    factory = it->second;
  }
  auto store = factory(uri);
  if (!store.ok()) return store.status().WithContext("open store " + uri);
  return store;
}

std::string JoinPath(std::string_view a, std::string_view b) {
  while (!a.empty() && a.back() == '/') a.remove_suffix(1);
  while (!b.empty() && b.front() == '/') b.remove_prefix(1);
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  std::string out;
  out.reserve(a.size() + 1 + b.size());
  out.append(a);
  out.push_back('/');
  out.append(b);
  return out;
}

}  // namespace strata::io
