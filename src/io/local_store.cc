#include "io/local_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "io/posix_file.h"

namespace strata::io {

Result<std::shared_ptr<LocalStore>> LocalStore::Open(const std::string& root) {
  if (root.empty()) return Status::InvalidArgument("empty local store root");
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(root, ec);
  if (ec) return Status::IOError("resolve " + root + ": " + ec.message());
  std::string normal = abs.lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return std::shared_ptr<LocalStore>(new LocalStore(std::move(normal)));
}

Result<std::string> LocalStore::FullPath(const std::string& path) const {
  STRATA_RETURN_IF_ERROR(ValidatePath(path));
  return root_ == "/" ? "/" + path : root_ + "/" + path;
}

Result<std::shared_ptr<Buffer>> LocalStore::Get(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(std::string full, FullPath(path));
  STRATA_ASSIGN_OR_RETURN(FileDescriptor fd, OpenFile(full, O_RDONLY));
  STRATA_ASSIGN_OR_RETURN(struct stat st, StatFd(fd, full));
  if (!S_ISREG(st.st_mode)) return Status::NotFound("not a regular file: " + full);
  STRATA_ASSIGN_OR_RETURN(std::string data, ReadAt(fd, full, 0, st.st_size));
  return Buffer::FromString(std::move(data));
}

Result<std::shared_ptr<Buffer>> LocalStore::GetRange(const std::string& path, int64_t offset,
                                                     int64_t length) {
  STRATA_ASSIGN_OR_RETURN(std::string full, FullPath(path));
  STRATA_ASSIGN_OR_RETURN(FileDescriptor fd, OpenFile(full, O_RDONLY));
  STRATA_ASSIGN_OR_RETURN(struct stat st, StatFd(fd, full));
  if (!S_ISREG(st.st_mode)) return Status::NotFound("not a regular file: " + full);
  STRATA_RETURN_IF_ERROR(CheckRange(full, offset, length, st.st_size));
  STRATA_ASSIGN_OR_RETURN(std::string data, ReadAt(fd, full, offset, length));
  return Buffer::FromString(std::move(data));
}

Result<std::string> LocalStore::WriteTemp(const std::string& full, std::string_view data) {
  std::string dir = DirName(full);
  STRATA_RETURN_IF_ERROR(MakeDirs(dir));
  std::string temp = TempPathIn(dir);
  STRATA_ASSIGN_OR_RETURN(FileDescriptor fd, OpenFile(temp, O_WRONLY | O_CREAT | O_EXCL));
  Status st = WriteAll(fd, temp, data);
  if (st.ok()) st = SyncFile(fd, temp);
  if (st.ok()) st = fd.Close(temp);
  if (!st.ok()) {
    ::unlink(temp.c_str());
    return st;
  }
  return temp;
}

Status LocalStore::Put(const std::string& path, std::string_view data) {
  STRATA_ASSIGN_OR_RETURN(std::string full, FullPath(path));
  STRATA_ASSIGN_OR_RETURN(std::string temp, WriteTemp(full, data));
  if (::rename(temp.c_str(), full.c_str()) != 0) {
    Status st = ErrnoStatus("rename to", full, errno);
    ::unlink(temp.c_str());
    return st;
  }
  return SyncDir(DirName(full));
}

Status LocalStore::PutIfAbsent(const std::string& path, std::string_view data) {
  STRATA_ASSIGN_OR_RETURN(std::string full, FullPath(path));
  STRATA_ASSIGN_OR_RETURN(std::string temp, WriteTemp(full, data));
  int rc = ::link(temp.c_str(), full.c_str());
  int err = errno;
  ::unlink(temp.c_str());
  if (rc != 0) {
    if (err == EEXIST) return Status::AlreadyExists("object already exists: " + full);
    return ErrnoStatus("link to", full, err);
  }
  return SyncDir(DirName(full));
}

namespace {

/// True when a folder whose relative path is `dir` (ending in '/') may hold keys with `prefix`.
bool MayContain(const std::string& dir, const std::string& prefix) {
  size_t n = std::min(dir.size(), prefix.size());
  return dir.compare(0, n, prefix, 0, n) == 0;
}

}  // namespace

void LocalStore::ListDir(const std::string& rel_dir, const std::string& prefix,
                         std::vector<ObjectInfo>* out) const {
  std::string abs_dir = rel_dir.empty() ? root_ : root_ + "/" + rel_dir;
  DIR* dir = ::opendir(abs_dir.c_str());
  if (dir == nullptr) return;  // missing (or concurrently removed) folders hold no objects
  int dfd = ::dirfd(dir);
  while (struct dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == ".." || name.starts_with(kTempPrefix)) continue;
    std::string rel = rel_dir.empty() ? std::string(name) : rel_dir + "/" + std::string(name);
    struct stat st;
    if (::fstatat(dfd, entry->d_name, &st, 0) != 0) continue;  // vanished since readdir
    if (S_ISDIR(st.st_mode)) {
      if (MayContain(rel + "/", prefix)) ListDir(rel, prefix, out);
    } else if (S_ISREG(st.st_mode) && rel.starts_with(prefix)) {
      out->push_back({rel, static_cast<int64_t>(st.st_size), ModifiedMicros(st)});
    }
  }
  ::closedir(dir);
}

Result<std::vector<ObjectInfo>> LocalStore::List(const std::string& prefix) {
  if (prefix.starts_with("/")) {
    return Status::InvalidArgument("list prefix must be relative: " + prefix);
  }
  std::vector<ObjectInfo> out;
  // Start at the deepest folder the prefix names entirely ("a/b/" or "a/b/c" -> "a/b").
  size_t slash = prefix.find_last_of('/');
  std::string start = slash == std::string::npos ? "" : prefix.substr(0, slash);
  if (!start.empty()) STRATA_RETURN_IF_ERROR(ValidatePath(start));
  ListDir(start, prefix, &out);
  std::sort(out.begin(), out.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.path < b.path; });
  return out;
}

Status LocalStore::Delete(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(std::string full, FullPath(path));
  if (::unlink(full.c_str()) != 0 && errno != ENOENT) return ErrnoStatus("delete", full, errno);
  return Status::OK();
}

Result<ObjectInfo> LocalStore::Head(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(std::string full, FullPath(path));
  struct stat st;
  if (::stat(full.c_str(), &st) != 0) return ErrnoStatus("stat", full, errno);
  if (!S_ISREG(st.st_mode)) return Status::NotFound("not a regular file: " + full);
  return ObjectInfo{path, static_cast<int64_t>(st.st_size), ModifiedMicros(st)};
}

Result<std::shared_ptr<ObjectStore>> OpenLocalStoreUri(const std::string& uri) {
  std::string root = uri;
  if (root.starts_with("file://")) {
    root = root.substr(7);
    if (root.starts_with("localhost/")) root = root.substr(9);
  }
  STRATA_ASSIGN_OR_RETURN(auto store, LocalStore::Open(root));
  return std::shared_ptr<ObjectStore>(std::move(store));
}

}  // namespace strata::io
