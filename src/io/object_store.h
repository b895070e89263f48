// ObjectStore: the storage abstraction under every table and index (DESIGN §4).
//
// Paths are '/'-separated keys relative to the store's root, never starting with '/'. Objects
// are immutable once written; writers replace whole objects. PutIfAbsent is the one atomic
// primitive that Delta commits rely on: exactly one of several concurrent callers for the same
// path succeeds, the others get AlreadyExists.
//
// Backends register a URI scheme in the StoreRegistry ("file", "memory", "s3"); OpenStore()
// resolves a URI such as "./data", "file:///tmp/ws" or "s3://bucket/prefix".
//
// Thread-safety: every method of every backend is safe to call concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace strata::io {

/// Bytes owned by a buffer: heap memory or a read-only mapping of a file.
class Buffer {
 public:
  virtual ~Buffer() = default;
  virtual const uint8_t* data() const = 0;
  virtual size_t size() const = 0;
  std::string_view view() const { return {reinterpret_cast<const char*>(data()), size()}; }
  std::string ToString() const { return std::string(view()); }

  /// Wrap a string (takes ownership).
  static std::shared_ptr<Buffer> FromString(std::string data);
  /// A zero-copy view of [offset, offset+length) of `parent` that keeps `parent` alive.
  /// REQUIRES: offset + length <= parent->size().
  static std::shared_ptr<Buffer> Slice(std::shared_ptr<Buffer> parent, size_t offset,
                                       size_t length);
};

struct ObjectInfo {
  std::string path;  // relative to the store root
  int64_t size = 0;
  int64_t modified_micros = 0;  // last modification, micros since epoch
};

/// A readable object with random access: what the Parquet reader consumes.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  virtual int64_t Size() const = 0;
  /// Read [offset, offset+length). A read past the end is a Corruption naming the object.
  virtual Result<std::shared_ptr<Buffer>> ReadAt(int64_t offset, int64_t length) const = 0;
  virtual const std::string& path() const = 0;
};

/// A RandomAccessFile whose reads are zero-copy slices of `buffer` (heap bytes or a mapping).
std::unique_ptr<RandomAccessFile> MakeBufferFile(std::string path, std::shared_ptr<Buffer> buffer);

/// A writable object. Nothing is visible under the path until Close() returns OK; a writer that
/// is destroyed without Close() (or a process that dies) leaves no object behind.
class OutputStream {
 public:
  virtual ~OutputStream() = default;
  virtual Status Write(std::string_view data) = 0;
  virtual int64_t Tell() const = 0;
  /// Make the object durable and visible.
  virtual Status Close() = 0;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  /// The URI this store was opened with, e.g. "file:///tmp/ws" or "s3://bucket/prefix".
  virtual std::string uri() const = 0;

  virtual Result<std::shared_ptr<Buffer>> Get(const std::string& path) = 0;
  virtual Result<std::shared_ptr<Buffer>> GetRange(const std::string& path, int64_t offset,
                                                   int64_t length) = 0;
  /// Write the whole object atomically (readers see the old or the new object, never a mix).
  virtual Status Put(const std::string& path, std::string_view data) = 0;
  /// Write only when no object exists at `path`; otherwise AlreadyExists.
  virtual Status PutIfAbsent(const std::string& path, std::string_view data) = 0;
  /// List objects whose path starts with `prefix`, sorted by path.
  virtual Result<std::vector<ObjectInfo>> List(const std::string& prefix) = 0;
  /// Delete one object; deleting a missing object is OK.
  virtual Status Delete(const std::string& path) = 0;
  virtual Result<ObjectInfo> Head(const std::string& path) = 0;

  /// Open an object for random-access reads (local files are memory-mapped).
  virtual Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path);
  /// Open a streaming writer (local: temp file + fsync + rename; S3: multipart above a size).
  virtual Result<std::unique_ptr<OutputStream>> OpenWrite(const std::string& path);
  /// True when PutIfAbsent is atomic against concurrent writers (see DESIGN §4 on S3 servers).
  virtual bool SupportsAtomicPutIfAbsent() const { return true; }
};

/// Creates a store for a URI of its scheme.
using StoreFactory = std::function<Result<std::shared_ptr<ObjectStore>>(const std::string& uri)>;

/// Register `factory` for `scheme` ("file", "memory", "s3"). Later registrations replace earlier.
void RegisterStore(const std::string& scheme, StoreFactory factory);
/// Register the built-in backends. Idempotent.
void RegisterBuiltinStores();
/// Open the store for `uri`: a plain path is a local folder; otherwise the scheme decides.
Result<std::shared_ptr<ObjectStore>> OpenStore(const std::string& uri);

/// Check that `path` is a valid object path: non-empty, relative, no empty/'.'/'..' parts.
Status ValidatePath(const std::string& path);
/// Check that [offset, offset+length) lies within an object of `size` bytes: InvalidArgument for
/// negative values, Corruption naming `path` for a range past the end.
Status CheckRange(const std::string& path, int64_t offset, int64_t length, int64_t size);

/// Join two store paths with exactly one '/' between them.
std::string JoinPath(std::string_view a, std::string_view b);

}  // namespace strata::io
