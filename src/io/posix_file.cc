#include "io/posix_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <random>

namespace strata::io {

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.Release();
  }
  return *this;
}

int FileDescriptor::Release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

Status FileDescriptor::Close(const std::string& path) {
  if (fd_ < 0) return Status::OK();
  int rc = ::close(Release());
  if (rc != 0) return ErrnoStatus("close", path, errno);
  return Status::OK();
}

Status ErrnoStatus(std::string_view op, const std::string& path, int err) {
  std::string msg = std::string(op) + " " + path + ": " + std::strerror(err);
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return Status::NotFound(std::move(msg));
    case EEXIST:
      return Status::AlreadyExists(std::move(msg));
    case EACCES:
    case EPERM:
    case EROFS:
      return Status::PermissionDenied(std::move(msg));
    case ENOSPC:
    case EDQUOT:
    case EMFILE:
    case ENFILE:
      return Status::ResourceExhausted(std::move(msg));
    default:
      return Status::IOError(std::move(msg));
  }
}

Result<FileDescriptor> OpenFile(const std::string& path, int flags, mode_t mode) {
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  return FileDescriptor(fd);
}

Result<struct stat> StatFd(const FileDescriptor& fd, const std::string& path) {
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return ErrnoStatus("stat", path, errno);
  return st;
}

Status WriteAll(const FileDescriptor& fd, const std::string& path, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd.get(), data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write", path, errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::OK();
}

Result<std::string> ReadAt(const FileDescriptor& fd, const std::string& path, int64_t offset,
                           int64_t length) {
  std::string out(static_cast<size_t>(length), '\0');
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(fd.get(), out.data() + done, out.size() - done,
                        static_cast<off_t>(offset + static_cast<int64_t>(done)));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("read", path, errno);
    }
    if (n == 0) {
      return Status::Corruption("unexpected end of " + path + " at offset " +
                                std::to_string(offset + static_cast<int64_t>(done)));
    }
    done += static_cast<size_t>(n);
  }
  return out;
}

Status SyncFile(const FileDescriptor& fd, const std::string& path) {
  if (::fsync(fd.get()) != 0) return ErrnoStatus("fsync", path, errno);
  return Status::OK();
}

Status SyncDir(const std::string& dir) {
  STRATA_ASSIGN_OR_RETURN(FileDescriptor fd, OpenFile(dir, O_RDONLY | O_DIRECTORY));
  STRATA_RETURN_IF_ERROR(SyncFile(fd, dir));
  return fd.Close(dir);
}

Status MakeDirs(const std::string& dir) {
  struct stat st;
  if (::stat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::OK();
    // Not AlreadyExists: callers read that code as "the object exists" (PutIfAbsent).
    return Status::IOError("mkdir " + dir + ": exists and is not a directory");
  }
  std::string parent = DirName(dir);
  if (parent != dir && parent != "." && parent != "/") STRATA_RETURN_IF_ERROR(MakeDirs(parent));
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return ErrnoStatus("mkdir", dir, errno);
  }
  return Status::OK();
}

namespace {

class MappedBuffer final : public Buffer {
 public:
  MappedBuffer(void* addr, size_t size) : addr_(addr), size_(size) {}
  ~MappedBuffer() override { ::munmap(addr_, size_); }
  const uint8_t* data() const override { return static_cast<const uint8_t*>(addr_); }
  size_t size() const override { return size_; }

 private:
  void* addr_;
  size_t size_;
};

}  // namespace

Result<std::shared_ptr<Buffer>> MapFile(const FileDescriptor& fd, const std::string& path,
                                        int64_t size) {
  if (size == 0) return Buffer::FromString("");
  void* addr = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_SHARED, fd.get(), 0);
  if (addr == MAP_FAILED) return ErrnoStatus("mmap", path, errno);
  return std::shared_ptr<Buffer>(std::make_shared<MappedBuffer>(addr, static_cast<size_t>(size)));
}

std::string TempPathIn(const std::string& dir) {
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 rng(std::random_device{}());
  std::string name = std::string(kTempPrefix) + std::to_string(::getpid()) + "-" +
                     std::to_string(counter.fetch_add(1)) + "-" + std::to_string(rng() % 1000000);
  return dir + "/" + name;
}

std::string DirName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

int64_t ModifiedMicros(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000 + st.st_mtim.tv_nsec / 1000;
}

}  // namespace strata::io
