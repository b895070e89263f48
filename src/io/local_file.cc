// LocalStore's streaming interfaces: memory-mapped reads and temp-file-then-rename writes.
#include <fcntl.h>
#include <unistd.h>

#include "io/local_store.h"
#include "io/posix_file.h"

namespace strata::io {
namespace {

/// Streams into a temporary file; Close() fsyncs and renames it over the target. Destroying the
/// stream without Close() removes the temporary file.
class LocalOutputStream final : public OutputStream {
 public:
  static constexpr size_t kBufferBytes = 1 << 20;

  LocalOutputStream(FileDescriptor fd, std::string temp, std::string target)
      : fd_(std::move(fd)), temp_(std::move(temp)), target_(std::move(target)) {}
  ~LocalOutputStream() override {
    if (!done_) Abandon();
  }

  Status Write(std::string_view data) override {
    if (done_) return Status::InvalidArgument("write after close: " + target_);
    written_ += static_cast<int64_t>(data.size());
    if (buffer_.size() + data.size() < kBufferBytes) {
      buffer_.append(data);
      return Status::OK();
    }
    STRATA_RETURN_IF_ERROR(Flush());
    if (data.size() >= kBufferBytes) return WriteAll(fd_, temp_, data);
    buffer_.append(data);
    return Status::OK();
  }

  int64_t Tell() const override { return written_; }

  Status Close() override {
    if (done_) return Status::OK();
    Status st = Finish();
    if (!st.ok()) Abandon();
    done_ = true;
    return st;
  }

 private:
  Status Flush() {
    if (buffer_.empty()) return Status::OK();
    STRATA_RETURN_IF_ERROR(WriteAll(fd_, temp_, buffer_));
    buffer_.clear();
    return Status::OK();
  }

  Status Finish() {
    STRATA_RETURN_IF_ERROR(Flush());
    STRATA_RETURN_IF_ERROR(SyncFile(fd_, temp_));
    STRATA_RETURN_IF_ERROR(fd_.Close(temp_));
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
      return ErrnoStatus("rename to", target_, errno);
    }
    return SyncDir(DirName(target_));
  }

  void Abandon() {
    fd_ = FileDescriptor();
    ::unlink(temp_.c_str());
    done_ = true;
  }

  FileDescriptor fd_;
  std::string temp_;
  std::string target_;
  std::string buffer_;
  int64_t written_ = 0;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<RandomAccessFile>> LocalStore::OpenRead(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(std::string full, FullPath(path));
  STRATA_ASSIGN_OR_RETURN(FileDescriptor fd, OpenFile(full, O_RDONLY));
  STRATA_ASSIGN_OR_RETURN(struct stat st, StatFd(fd, full));
  if (!S_ISREG(st.st_mode)) return Status::NotFound("not a regular file: " + full);
  STRATA_ASSIGN_OR_RETURN(auto mapping, MapFile(fd, full, st.st_size));
  return MakeBufferFile(full, std::move(mapping));
}

Result<std::unique_ptr<OutputStream>> LocalStore::OpenWrite(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(std::string full, FullPath(path));
  std::string dir = DirName(full);
  STRATA_RETURN_IF_ERROR(MakeDirs(dir));
  std::string temp = TempPathIn(dir);
  STRATA_ASSIGN_OR_RETURN(FileDescriptor fd, OpenFile(temp, O_WRONLY | O_CREAT | O_EXCL));
  return std::unique_ptr<OutputStream>(
      new LocalOutputStream(std::move(fd), std::move(temp), std::move(full)));
}

}  // namespace strata::io
