// The file source: a folder read recursively, a single file, or a glob; one split per file.
//
// A split's id is the file's absolute, lexically normalized path, which is also the RawInput
// uri (no file:// prefix; a file reached through a symlinked folder keeps the path it was
// reached by). Symlinks are followed; a folder that leads back to one of its ancestors is
// reported once as a "symlink loop" error item instead of being entered. Problems with one file
// or folder (permission denied, broken symlink, loop, over max_bytes) are error items; only an
// unreadable root is an error of ListSplits.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "common/clock.h"
#include "ingest/file_glob.h"
#include "ingest/file_watch.h"
#include "ingest/source_kinds.h"

namespace strata::ingest {
namespace {

constexpr int64_t kDefaultMaxBytes = int64_t{256} << 20;

using DirId = std::pair<dev_t, ino_t>;

std::string Join(const std::string& dir, const std::string& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

Status ErrnoStatus(const std::string& what, int err) {
  std::string msg = what + ": " + std::strerror(err);
  if (err == EACCES || err == EPERM) return Status::PermissionDenied(msg);
  if (err == ENOENT) return Status::NotFound(msg);
  return Status::IOError(msg);
}

class ItemReader : public SplitReader {
 public:
  explicit ItemReader(std::function<SourceItem()> make) : make_(std::move(make)) {}
  Result<std::optional<SourceItem>> Next() override {
    if (done_) return std::optional<SourceItem>();
    done_ = true;
    return std::optional<SourceItem>(make_());
  }

 private:
  std::function<SourceItem()> make_;
  bool done_ = false;
};

struct Listing {
  std::vector<Split> splits;
  std::map<std::string, Status> errors;
  int64_t min_mtime_ns = INT64_MIN;  // skip files modified before this
  void AddError(const std::string& path, Status error) {
    if (errors.emplace(path, std::move(error)).second) splits.push_back({path, -1});
  }
};

/// Read one file fully, or describe why not.
SourceItem ReadFile(const SourceConfig& config, const std::string& path, int64_t max_bytes) {
  SourceItem item;
  item.input.source = config.name;
  item.input.uri = path;
  item.input.labels = config.labels;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    item.error = ErrnoStatus("cannot open '" + path + "'", errno);
    return item;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    item.error = Status::IOError("'" + path + "' is not a regular file");
  } else if (st.st_size > max_bytes) {
    item.error = Status::ResourceExhausted("'" + path + "': file is " + std::to_string(st.st_size) +
                                           " bytes, over the limit " + std::to_string(max_bytes));
  } else {
    item.input.metadata["mtime"] = FormatTimestampMicros(
        int64_t{st.st_mtim.tv_sec} * 1000000 + st.st_mtim.tv_nsec / 1000);
    item.input.metadata["size"] = std::to_string(st.st_size);
    std::string content(static_cast<size_t>(st.st_size), '\0');
    size_t done = 0;
    while (done < content.size()) {
      ssize_t n = read(fd, content.data() + done, content.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        item.error = ErrnoStatus("cannot read '" + path + "'", errno);
        break;
      }
      if (n == 0) break;  // shrank while read: keep what is there
      done += static_cast<size_t>(n);
    }
    content.resize(done);
    if (item.error.ok()) item.input.content = std::move(content);
  }
  close(fd);
  if (!item.error.ok()) item.input.metadata.clear();
  return item;
}

class FileSource : public Source {
 public:
  FileSource(SourceConfig config, std::string root, std::string single_file, FileFilter filter,
             int64_t max_bytes, std::chrono::milliseconds debounce)
      : Source(std::move(config)), root_(std::move(root)), single_file_(std::move(single_file)),
        filter_(std::move(filter)), max_bytes_(max_bytes), debounce_(debounce) {}

  Result<std::vector<Split>> ListSplits() override {
    listed_at_ns_ = NowMicros() * 1000;
    Listing listing;
    STRATA_RETURN_IF_ERROR(ListInto(&listing));
    Remember(listing);
    return std::move(listing.splits);
  }

  /// Walk the root (or visit the single file) into `listing`.
  Status ListInto(Listing* listing) {
    if (!single_file_.empty()) {
      std::vector<DirId> ancestors;
      Visit(single_file_, "", &ancestors, listing);
      return Status::OK();
    }
    struct stat st;
    if (stat(root_.c_str(), &st) != 0) {
      if (errno == ENOENT && !filter_.pattern.empty()) return Status::OK();  // a glob, no match
      return ErrnoStatus(Who() + ": folder '" + root_ + "'", errno);
    }
    DIR* probe = opendir(root_.c_str());
    if (probe == nullptr) return ErrnoStatus(Who() + ": cannot read folder '" + root_ + "'", errno);
    closedir(probe);
    std::vector<DirId> ancestors{{st.st_dev, st.st_ino}};
    Walk(root_, "", &ancestors, listing);
    return Status::OK();
  }

  Result<std::unique_ptr<SplitReader>> Open(const Split& split) override {
    Status error;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = errors_.find(split.id);
      if (it != errors_.end()) error = it->second;
    }
    SourceConfig config = this->config();
    std::string path = split.id;
    int64_t max_bytes = max_bytes_;
    return std::unique_ptr<SplitReader>(new ItemReader([=] {
      if (error.ok()) return ReadFile(config, path, max_bytes);
      SourceItem item;
      item.input.source = config.name;
      item.input.uri = path;
      item.input.labels = config.labels;
      item.error = error;
      return item;
    }));
  }

  Result<std::vector<Split>> WaitForSplits(std::chrono::milliseconds timeout) override;

 private:
  std::string Who() const { return "file source '" + config().name + "'"; }
  void Remember(const Listing& listing) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [path, status] : listing.errors) errors_[path] = status;
  }
  std::string Relative(const std::string& path) const {
    if (path.size() > root_.size() && path.compare(0, root_.size(), root_) == 0) {
      return path.substr(root_ == "/" ? 1 : root_.size() + 1);
    }
    return path;
  }
  /// True when the file at relative path `rel` would be listed by a walk.
  bool Wanted(const std::string& rel) const {
    for (size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1)) {
      if (!filter_.EntersDir(rel.substr(0, slash))) return false;
    }
    return filter_.AcceptsFile(rel);
  }
  void Walk(const std::string& dir, const std::string& rel, std::vector<DirId>* ancestors,
            Listing* out);
  void Visit(const std::string& path, const std::string& rel, std::vector<DirId>* ancestors,
             Listing* out);
  Status WatchTree(const std::string& dir, const std::string& rel);

  std::string root_;         // the folder walked (for a single file: its folder)
  std::string single_file_;  // set when the path is one file
  FileFilter filter_;
  int64_t max_bytes_;
  std::chrono::milliseconds debounce_;
  std::mutex mu_;
  std::map<std::string, Status> errors_;  // split id -> the error item it yields
  std::unique_ptr<FileWatcher> watcher_;
  int64_t listed_at_ns_ = -1;  // when ListSplits last started (wall clock), -1 = never
};

void FileSource::Walk(const std::string& dir, const std::string& rel,
                      std::vector<DirId>* ancestors, Listing* out) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    out->AddError(dir, ErrnoStatus("cannot read folder '" + dir + "'", errno));
    return;
  }
  std::vector<std::string> names;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    Visit(Join(dir, name), rel.empty() ? name : rel + "/" + name, ancestors, out);
  }
}

void FileSource::Visit(const std::string& path, const std::string& rel,
                       std::vector<DirId>* ancestors, Listing* out) {
  if (!rel.empty() && filter_.SkipsHidden(rel)) return;
  bool single = rel.empty();
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    out->AddError(path, ErrnoStatus("cannot stat '" + path + "'", errno));
    return;
  }
  if (S_ISLNK(st.st_mode) && stat(path.c_str(), &st) != 0) {
    int err = errno;
    if (!single && !filter_.AcceptsFile(rel)) return;
    char target[4096];
    ssize_t n = readlink(path.c_str(), target, sizeof(target) - 1);
    std::string to = n > 0 ? std::string(target, static_cast<size_t>(n)) : "?";
    if (err == ENOENT) {
      out->AddError(path, Status::NotFound("broken symlink '" + path + "' -> '" + to + "'"));
    } else if (err == ELOOP) {
      out->AddError(path, Status::IOError("symlink loop at '" + path + "' -> '" + to + "'"));
    } else {
      out->AddError(path, ErrnoStatus("cannot follow symlink '" + path + "'", err));
    }
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    if (single || !filter_.EntersDir(rel)) return;
    DirId id{st.st_dev, st.st_ino};
    if (std::find(ancestors->begin(), ancestors->end(), id) != ancestors->end()) {
      out->AddError(path, Status::IOError("symlink loop: folder '" + path +
                                          "' leads back to one of its parent folders"));
      return;
    }
    ancestors->push_back(id);
    Walk(path, rel, ancestors, out);
    ancestors->pop_back();
  } else if (S_ISREG(st.st_mode) && (single || filter_.AcceptsFile(rel)) &&
             int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec >= out->min_mtime_ns) {
    out->splits.push_back({path, static_cast<int64_t>(st.st_size)});
  }
}

Status FileSource::WatchTree(const std::string& dir, const std::string& rel) {
  STRATA_RETURN_IF_ERROR(watcher_->Add(dir));
  if (!single_file_.empty()) return Status::OK();
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return Status::OK();  // reported as an error item by the walk
  std::vector<std::string> subdirs;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string child_rel = rel.empty() ? name : rel + "/" + name;
    struct stat st;
    if (stat(Join(dir, name).c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
        filter_.EntersDir(child_rel)) {
      subdirs.push_back(name);
    }
  }
  closedir(d);
  for (const std::string& name : subdirs) {
    STRATA_RETURN_IF_ERROR(WatchTree(Join(dir, name), rel.empty() ? name : rel + "/" + name));
  }
  return Status::OK();
}

Result<std::vector<Split>> FileSource::WaitForSplits(std::chrono::milliseconds timeout) {
  if (watcher_ == nullptr) {
    STRATA_ASSIGN_OR_RETURN(watcher_, FileWatcher::Open());
    Status st = WatchTree(root_, "");
    if (!st.ok()) {
      watcher_.reset();
      return st.WithContext(Who());
    }
    if (listed_at_ns_ >= 0) {
      // Files written between ListSplits and this first watch: their events were never seen.
      // The margin covers the kernel's coarse file clock; a file it catches twice is read twice.
      Listing missed;
      missed.min_mtime_ns = listed_at_ns_ - 50'000'000;
      STRATA_RETURN_IF_ERROR(ListInto(&missed));
      std::vector<Split> splits;
      for (Split& s : missed.splits) {
        if (!missed.errors.count(s.id)) splits.push_back(std::move(s));
      }
      if (!splits.empty()) return splits;
    }
  }
  STRATA_ASSIGN_OR_RETURN(FileChanges changes, watcher_->Wait(timeout, debounce_));
  Listing listing;
  for (const std::string& folder : changes.folders) {
    std::string rel = Relative(folder);
    if (!single_file_.empty() || !Wanted(rel + "/x")) continue;
    STRATA_RETURN_IF_ERROR(WatchTree(folder, rel));  // subfolders made before its watch
    std::vector<DirId> ancestors;
    Walk(folder, rel, &ancestors, &listing);
  }
  std::vector<DirId> no_ancestors;
  for (const std::string& file : changes.files) {
    bool wanted = single_file_.empty() ? Wanted(Relative(file)) : file == single_file_;
    if (wanted) Visit(file, single_file_.empty() ? Relative(file) : "", &no_ancestors, &listing);
  }
  // A file may have come both from a new folder's walk and from its own event.
  std::set<std::string> seen;
  std::vector<Split> splits;
  for (Split& s : listing.splits) {
    if (seen.insert(s.id).second) splits.push_back(std::move(s));
  }
  Remember(listing);
  return splits;
}

}  // namespace

Result<std::unique_ptr<Source>> MakeFileSource(const SourceConfig& config) {
  SourceOptions options(config);
  STRATA_RETURN_IF_ERROR(options.CheckKnown(
      {"path", "include", "exclude", "hidden", "max_bytes", "debounce"}));
  STRATA_ASSIGN_OR_RETURN(std::string path, options.Required("path"));
  FileFilter filter;
  filter.include = options.List("include");
  filter.exclude = options.List("exclude");
  STRATA_ASSIGN_OR_RETURN(filter.hidden, options.Bool("hidden", false));
  STRATA_ASSIGN_OR_RETURN(int64_t max_bytes,
                          options.Int("max_bytes", kDefaultMaxBytes, 0, INT64_MAX));
  STRATA_ASSIGN_OR_RETURN(auto debounce, options.Seconds("debounce", 0.2));
  std::error_code ec;
  std::string abs = std::filesystem::absolute(path, ec).lexically_normal().string();
  if (ec) return Status::InvalidArgument(options.Who() + ": bad path '" + path + "'");
  if (abs.size() > 1 && abs.back() == '/') abs.pop_back();
  std::string root = abs;
  std::string single_file;
  if (HasGlobChars(abs)) {
    // The root is the longest leading run of folders without glob characters.
    size_t first_glob = abs.find_first_of("*?[");
    size_t slash = abs.rfind('/', first_glob);
    root = slash == 0 ? "/" : abs.substr(0, slash);
    filter.pattern = abs.substr(slash + 1);
  } else {
    struct stat st;
    if (stat(abs.c_str(), &st) != 0 && lstat(abs.c_str(), &st) != 0) {
      return ErrnoStatus(options.Who() + ": path '" + path + "'", errno);
    }
    if (!S_ISDIR(st.st_mode)) {
      single_file = abs;
      size_t slash = abs.rfind('/');
      root = slash == 0 ? "/" : abs.substr(0, slash);
    }
  }
  return std::unique_ptr<Source>(new FileSource(config, root, single_file, std::move(filter),
                                                max_bytes, debounce));
}

}  // namespace strata::ingest
