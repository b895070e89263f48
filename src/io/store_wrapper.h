// ObjectStoreWrapper: an ObjectStore that forwards every call to another one, the base for
// decorators (metrics, fault injection, read caches), in the manner of LevelDB's EnvWrapper.
// Subclasses override only the calls they change.
// Thread-safety: as the wrapped store's.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "io/object_store.h"

namespace strata::io {

class ObjectStoreWrapper : public ObjectStore {
 public:
  explicit ObjectStoreWrapper(std::shared_ptr<ObjectStore> target) : target_(std::move(target)) {}

  ObjectStore* target() const { return target_.get(); }

  std::string uri() const override { return target_->uri(); }
  Result<std::shared_ptr<Buffer>> Get(const std::string& path) override {
    return target_->Get(path);
  }
  Result<std::shared_ptr<Buffer>> GetRange(const std::string& path, int64_t offset,
                                           int64_t length) override {
    return target_->GetRange(path, offset, length);
  }
  Status Put(const std::string& path, std::string_view data) override {
    return target_->Put(path, data);
  }
  Status PutIfAbsent(const std::string& path, std::string_view data) override {
    return target_->PutIfAbsent(path, data);
  }
  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override {
    return target_->List(prefix);
  }
  Status Delete(const std::string& path) override { return target_->Delete(path); }
  Result<ObjectInfo> Head(const std::string& path) override { return target_->Head(path); }
  Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path) override {
    return target_->OpenRead(path);
  }
  Result<std::unique_ptr<OutputStream>> OpenWrite(const std::string& path) override {
    return target_->OpenWrite(path);
  }
  bool SupportsAtomicPutIfAbsent() const override { return target_->SupportsAtomicPutIfAbsent(); }

 private:
  std::shared_ptr<ObjectStore> target_;
};

}  // namespace strata::io
