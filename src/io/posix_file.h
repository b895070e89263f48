// Thin POSIX file primitives for the local store: an owning descriptor, errno-to-Status mapping,
// full reads and writes, directory creation and directory fsync, read-only memory mappings and
// unique temporary names.
//
// Every error message names the operation, the path and the errno text.
// Thread-safety: functions are thread-safe; a FileDescriptor is owned by one thread at a time.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "io/object_store.h"

namespace strata::io {

/// Owns a file descriptor and closes it on destruction.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor();
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.Release()) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release();
  /// Close now and report a failure of close() (which can carry a delayed write error).
  Status Close(const std::string& path);

 private:
  int fd_ = -1;
};

/// Map errno `err` to a Status: NotFound, AlreadyExists, PermissionDenied, ResourceExhausted or
/// IOError, with the message "<op> <path>: <strerror>".
Status ErrnoStatus(std::string_view op, const std::string& path, int err);

/// Open `path` with open(2) flags; O_CLOEXEC is always added.
Result<FileDescriptor> OpenFile(const std::string& path, int flags, mode_t mode = 0644);
Result<struct stat> StatFd(const FileDescriptor& fd, const std::string& path);
Status WriteAll(const FileDescriptor& fd, const std::string& path, std::string_view data);
/// Read exactly `length` bytes at `offset`; a short file is a Corruption naming `path`.
Result<std::string> ReadAt(const FileDescriptor& fd, const std::string& path, int64_t offset,
                           int64_t length);
Status SyncFile(const FileDescriptor& fd, const std::string& path);
/// fsync a directory so that a rename or link inside it is durable.
Status SyncDir(const std::string& dir);
/// Create `dir` and its missing parents (like mkdir -p); an existing directory is OK.
Status MakeDirs(const std::string& dir);
/// Map the whole file read-only; the Buffer unmaps when the last reference goes away.
Result<std::shared_ptr<Buffer>> MapFile(const FileDescriptor& fd, const std::string& path,
                                        int64_t size);

/// The prefix of temporary files; the local store never lists names that start with it.
inline constexpr std::string_view kTempPrefix = ".strata-tmp-";
/// A fresh temporary file name inside `dir` (unique within and across processes).
std::string TempPathIn(const std::string& dir);
/// Return the directory part of `path` ("a/b" for "a/b/c"; "." when there is none).
std::string DirName(const std::string& path);
/// Modification time of `st` in micros since the epoch.
int64_t ModifiedMicros(const struct stat& st);

}  // namespace strata::io
