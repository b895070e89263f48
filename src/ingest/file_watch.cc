#include "ingest/file_watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/clock.h"

namespace strata::ingest {
namespace {

constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE;

/// poll() the fd for up to `ms` milliseconds; true when readable.
Result<bool> Readable(int fd, int64_t ms) {
  pollfd p{fd, POLLIN, 0};
  while (true) {
    int n = poll(&p, 1, static_cast<int>(std::max<int64_t>(ms, 0)));
    if (n >= 0) return n > 0;
    if (errno != EINTR) return Status::IOError(std::string("inotify poll: ") + std::strerror(errno));
  }
}

}  // namespace

Result<std::unique_ptr<FileWatcher>> FileWatcher::Open() {
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return Status::IOError(std::string("inotify_init1: ") + std::strerror(errno));
  return std::unique_ptr<FileWatcher>(new FileWatcher(fd));
}

FileWatcher::~FileWatcher() { close(fd_); }

Status FileWatcher::Add(const std::string& dir) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) {
    return Status::IOError("watch '" + dir + "': " + std::strerror(errno));
  }
  if (!watched_.insert({st.st_dev, st.st_ino}).second) return Status::OK();
  int wd = inotify_add_watch(fd_, dir.c_str(), kMask);
  if (wd < 0) {
    watched_.erase({st.st_dev, st.st_ino});
    return Status::IOError("watch '" + dir + "': " + std::strerror(errno) +
                           (errno == ENOSPC ? " (raise fs.inotify.max_user_watches)" : ""));
  }
  dirs_[wd] = dir;
  return Status::OK();
}

Result<bool> FileWatcher::Drain(FileChanges* changes) {
  alignas(inotify_event) char buffer[64 * 1024];
  bool any = false;
  while (true) {
    ssize_t n = read(fd_, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return any;
    if (n < 0) return Status::IOError(std::string("inotify read: ") + std::strerror(errno));
    for (char* p = buffer; p < buffer + n;) {
      auto* event = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + event->len;
      auto it = dirs_.find(event->wd);
      if (it == dirs_.end() || event->len == 0) continue;
      std::string path = it->second + "/" + event->name;
      any = true;
      if (event->mask & IN_ISDIR) {
        if (event->mask & (IN_CREATE | IN_MOVED_TO)) {
          STRATA_RETURN_IF_ERROR(Add(path));
          changes->folders.insert(path);
        }
      } else if (event->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
        changes->files.insert(path);
      }
    }
  }
}

Result<FileChanges> FileWatcher::Wait(std::chrono::milliseconds timeout,
                                      std::chrono::milliseconds debounce) {
  FileChanges changes;
  int64_t deadline = MonotonicNanos() / 1000000 + timeout.count();
  // Wait for a first relevant event (a bare IN_CREATE of a file is not one: its close is).
  while (changes.files.empty() && changes.folders.empty()) {
    int64_t left = deadline - MonotonicNanos() / 1000000;
    if (left <= 0) return changes;
    STRATA_ASSIGN_OR_RETURN(bool readable, Readable(fd_, left));
    if (!readable) return changes;
    STRATA_RETURN_IF_ERROR(Drain(&changes).status());
  }
  // Debounce: keep collecting until the tree is quiet (bounded, for a file written forever).
  for (int round = 0; round < 100; ++round) {
    STRATA_ASSIGN_OR_RETURN(bool readable, Readable(fd_, debounce.count()));
    if (!readable) return changes;
    STRATA_RETURN_IF_ERROR(Drain(&changes).status());
  }
  return changes;
}

}  // namespace strata::ingest
