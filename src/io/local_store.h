// LocalStore: an ObjectStore over a folder of the local file system (DESIGN §4).
//
// Object "a/b.parquet" is the file <root>/a/b.parquet. Put writes a temporary file in the same
// folder, fsyncs it, renames it over the target and fsyncs the folder, so readers see the old or
// the new object and a crash leaves no partial object. PutIfAbsent hard-links the fsynced
// temporary file to the target: link(2) fails atomically with EEXIST when the target exists, so
// exactly one of several concurrent writers (threads or processes) wins. OpenRead memory-maps the
// file; its Buffers share the mapping (zero copy) and keep it alive after the file is closed.
// Temporary files start with ".strata-tmp-" and are never listed. Folders are created on
// demand; the root need not exist until the first write.
// Thread-safety: all methods are safe to call concurrently, also from several processes.
#pragma once

#include <memory>
#include <string>

#include "io/object_store.h"

namespace strata::io {

class LocalStore final : public ObjectStore {
 public:
  /// Open the store rooted at folder `root` (relative paths are made absolute).
  static Result<std::shared_ptr<LocalStore>> Open(const std::string& root);

  std::string uri() const override { return "file://" + root_; }
  const std::string& root() const { return root_; }

  Result<std::shared_ptr<Buffer>> Get(const std::string& path) override;
  Result<std::shared_ptr<Buffer>> GetRange(const std::string& path, int64_t offset,
                                           int64_t length) override;
  Status Put(const std::string& path, std::string_view data) override;
  Status PutIfAbsent(const std::string& path, std::string_view data) override;
  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override;
  Status Delete(const std::string& path) override;
  Result<ObjectInfo> Head(const std::string& path) override;
  Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path) override;
  Result<std::unique_ptr<OutputStream>> OpenWrite(const std::string& path) override;

 private:
  explicit LocalStore(std::string root) : root_(std::move(root)) {}
  /// Validate `path` and return the absolute file name for it.
  Result<std::string> FullPath(const std::string& path) const;
  /// Write `data` to a new fsynced temporary file next to `full` and return its name.
  Result<std::string> WriteTemp(const std::string& full, std::string_view data);
  void ListDir(const std::string& rel_dir, const std::string& prefix,
               std::vector<ObjectInfo>* out) const;

  std::string root_;  // absolute, no trailing '/'
};

/// Open a LocalStore for a plain path or a "file://" URI.
Result<std::shared_ptr<ObjectStore>> OpenLocalStoreUri(const std::string& uri);

}  // namespace strata::io
