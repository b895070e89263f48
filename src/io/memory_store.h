// MemoryStore: an ObjectStore held in process memory, for tests and scratch workspaces.
//
// "memory://name" opens the store registered under `name`; every open of the same name in one
// process shares the same objects, so a test can write through one handle and read through
// another. Objects are immutable strings shared with the Buffers that Get returns (zero copy).
// Thread-safety: all methods are safe to call concurrently; a mutex guards the object map.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "io/object_store.h"

namespace strata::io {

class MemoryStore final : public ObjectStore {
 public:
  /// Create a standalone store not shared by name.
  explicit MemoryStore(std::string name = "");

  std::string uri() const override { return "memory://" + name_; }
  Result<std::shared_ptr<Buffer>> Get(const std::string& path) override;
  Result<std::shared_ptr<Buffer>> GetRange(const std::string& path, int64_t offset,
                                           int64_t length) override;
  Status Put(const std::string& path, std::string_view data) override;
  Status PutIfAbsent(const std::string& path, std::string_view data) override;
  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override;
  Status Delete(const std::string& path) override;
  Result<ObjectInfo> Head(const std::string& path) override;

 private:
  struct Object {
    std::shared_ptr<Buffer> data;
    int64_t modified_micros = 0;
  };
  Result<Object> Find(const std::string& path);

  std::string name_;
  std::mutex mu_;
  std::map<std::string, Object> objects_;
};

/// Return the process-wide store for "memory://name", creating it on first use.
Result<std::shared_ptr<ObjectStore>> OpenMemoryStoreUri(const std::string& uri);

}  // namespace strata::io
