// FileWatcher: inotify over folder trees, for the file source's continuous mode.
//
// It watches each added folder for files closed after writing (IN_CLOSE_WRITE), moved in
// (IN_MOVED_TO) and folders created or moved in (IN_CREATE/IN_MOVED_TO with IN_ISDIR), which it
// starts watching too. Wait() collects events until the tree has been quiet for `debounce`, and
// returns each changed file once and each new folder (whose files, written before its watch was
// added, the caller lists itself).
// Thread-safety: one thread at a time.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace strata::ingest {

struct FileChanges {
  std::set<std::string> files;    // absolute paths, written or moved in
  std::set<std::string> folders;  // absolute paths of new folders (now watched)
};

class FileWatcher {
 public:
  static Result<std::unique_ptr<FileWatcher>> Open();
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  /// Watch `dir` (not its subfolders; the caller adds those it wants).
  Status Add(const std::string& dir);
  /// Block up to `timeout` for a first event, then collect until `debounce` passes quietly.
  Result<FileChanges> Wait(std::chrono::milliseconds timeout, std::chrono::milliseconds debounce);

 private:
  explicit FileWatcher(int fd) : fd_(fd) {}
  /// Read pending events into `changes`; false when none were pending.
  Result<bool> Drain(FileChanges* changes);

  int fd_;
  std::map<int, std::string> dirs_;           // watch descriptor -> folder
  std::set<std::pair<dev_t, ino_t>> watched_;  // folders watched, for loops through symlinks
};

}  // namespace strata::ingest
