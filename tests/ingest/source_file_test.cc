// The file source against real folders: walking, globs, filters, symlinks, permissions, limits
// and the inotify watch. Expected file sets are written out by hand from the trees built here.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "ingest/file_glob.h"
#include "ingest/source.h"
#include "ingest/read_source.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

namespace fs = std::filesystem;

void Write(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

Result<std::unique_ptr<Source>> MakeFile(const std::string& path,
                                         std::map<std::string, std::string> options = {}) {
  SourceConfig config;
  config.kind = "file";
  config.name = "docs";
  config.labels.tenant = "acme";
  config.options = std::move(options);
  config.options["path"] = path;
  return SourceRegistry::Default().Make(config);
}

/// Paths (relative to root) of the items read without error.
std::set<std::string> Good(const std::vector<SourceItem>& items, const std::string& root) {
  std::set<std::string> out;
  for (const auto& item : items) {
    if (item.error.ok()) out.insert(item.input.uri.substr(root.size() + 1));
  }
  return out;
}

class SourceFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::canonical(testing::MakeTempDir("strata-file-source")).string();
    Write(root_ + "/top.md", "# top");
    Write(root_ + "/a.txt", "alpha");
    Write(root_ + "/.hidden.txt", "secret");
    Write(root_ + "/.git/config", "[core]");
    Write(root_ + "/sub/b.md", "bee");
    Write(root_ + "/sub/deep/c.md", "sea");
    Write(root_ + "/drafts/d.md", "draft");
  }
  std::string root_;
};

TEST_F(SourceFileTest, FolderIsReadRecursivelyWithoutHiddenFiles) {
  ASSERT_OK_AND_ASSIGN(auto source, MakeFile(root_));
  ASSERT_OK_AND_ASSIGN(auto items, ReadAll(source.get()));
  EXPECT_EQ(Good(items, root_),
            (std::set<std::string>{"top.md", "a.txt", "sub/b.md", "sub/deep/c.md", "drafts/d.md"}));
  for (const auto& item : items) {
    EXPECT_EQ(item.input.source, "docs");
    EXPECT_EQ(item.input.labels.tenant, "acme");
    if (item.input.uri == root_ + "/a.txt") {
      EXPECT_EQ(item.input.content, "alpha");
      EXPECT_EQ(item.input.metadata.at("size"), "5");
      EXPECT_EQ(item.input.metadata.at("mtime").size(), std::string("2026-11-24T20:48:57.123456Z").size());
    }
  }
  ASSERT_OK_AND_ASSIGN(auto with_hidden, MakeFile(root_, {{"hidden", "true"}}));
  ASSERT_OK_AND_ASSIGN(items, ReadAll(with_hidden.get()));
  EXPECT_EQ(Good(items, root_).size(), 7u);
  EXPECT_TRUE(Good(items, root_).count(".git/config"));
}

TEST_F(SourceFileTest, GlobsWithDoubleStarMatchAcrossFolders) {
  ASSERT_OK_AND_ASSIGN(auto source, MakeFile(root_ + "/**/*.md"));
  ASSERT_OK_AND_ASSIGN(auto items, ReadAll(source.get()));
  EXPECT_EQ(Good(items, root_),
            (std::set<std::string>{"top.md", "sub/b.md", "sub/deep/c.md", "drafts/d.md"}));
  ASSERT_OK_AND_ASSIGN(auto top_only, MakeFile(root_ + "/*.md"));
  ASSERT_OK_AND_ASSIGN(items, ReadAll(top_only.get()));
  EXPECT_EQ(Good(items, root_), (std::set<std::string>{"top.md"}));
  ASSERT_OK_AND_ASSIGN(auto in_sub, MakeFile(root_ + "/s?b/**"));
  ASSERT_OK_AND_ASSIGN(items, ReadAll(in_sub.get()));
  EXPECT_EQ(Good(items, root_), (std::set<std::string>{"sub/b.md", "sub/deep/c.md"}));
}

TEST(GlobMatchTest, HandWrittenCases) {
  EXPECT_TRUE(GlobMatch("*.md", "a.md"));
  EXPECT_FALSE(GlobMatch("*.md", "x/a.md"));
  EXPECT_TRUE(GlobMatch("**/*.md", "a.md"));
  EXPECT_TRUE(GlobMatch("**/*.md", "x/y/a.md"));
  EXPECT_TRUE(GlobMatch("x/**", "x/y/z"));
  EXPECT_FALSE(GlobMatch("x/**/z", "xy/z"));
  EXPECT_TRUE(GlobMatch("x/**/z", "x/z"));
  EXPECT_TRUE(GlobMatch("[a-c]?.txt", "b1.txt"));
  EXPECT_FALSE(GlobMatch("[!a-c]?.txt", "b1.txt"));
  EXPECT_FALSE(GlobMatch("?", "/"));
}

TEST_F(SourceFileTest, IncludeAndExcludeFilterFilesAndPruneFolders) {
  ASSERT_OK_AND_ASSIGN(auto source,
                       MakeFile(root_, {{"include", "*.md, *.rst"}, {"exclude", "drafts,deep"}}));
  ASSERT_OK_AND_ASSIGN(auto items, ReadAll(source.get()));
  EXPECT_EQ(Good(items, root_), (std::set<std::string>{"top.md", "sub/b.md"}));
  ASSERT_OK_AND_ASSIGN(auto by_path, MakeFile(root_, {{"exclude", "sub/deep/*.md,*.txt"}}));
  ASSERT_OK_AND_ASSIGN(items, ReadAll(by_path.get()));
  EXPECT_EQ(Good(items, root_), (std::set<std::string>{"top.md", "sub/b.md", "drafts/d.md"}));
}

TEST_F(SourceFileTest, SymlinkLoopsAndBrokenLinksAreErrorItems) {
  fs::create_directory_symlink("..", root_ + "/sub/back");     // sub/back -> root: a loop
  fs::create_symlink(root_ + "/missing.md", root_ + "/gone.md");  // broken
  fs::create_directory_symlink(root_ + "/sub/deep", root_ + "/shortcut");  // fine, followed
  ASSERT_OK_AND_ASSIGN(auto source, MakeFile(root_));
  ASSERT_OK_AND_ASSIGN(auto items, ReadAll(source.get()));
  std::map<std::string, std::string> errors;
  for (const auto& item : items) {
    if (!item.error.ok()) errors[item.input.uri] = item.error.message();
  }
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[root_ + "/sub/back"].find("symlink loop"), std::string::npos);
  EXPECT_NE(errors[root_ + "/sub/back"].find(root_ + "/sub/back"), std::string::npos);
  EXPECT_NE(errors[root_ + "/gone.md"].find("broken symlink"), std::string::npos);
  EXPECT_TRUE(Good(items, root_).count("shortcut/c.md"));
  EXPECT_TRUE(Good(items, root_).count("sub/deep/c.md"));
}

/// The error items of a listing of `root`, by uri; `uid` >= 0 runs it in a child process under
/// that user id (so that permissions apply when the test runs as root).
std::map<std::string, std::string> ErrorItems(const std::string& root, int uid) {
  auto list = [&root] {
    std::map<std::string, std::string> errors;
    auto source = MakeFile(root);
    if (!source.ok()) return errors;
    auto items = ReadAll(source->get());
    if (!items.ok()) return errors;
    for (const auto& item : *items) {
      if (!item.error.ok() && item.input.content.empty()) {
        errors[item.input.uri] = std::string(StatusCodeName(item.error.code())) + ": " +
                                 item.error.message();
      }
    }
    return errors;
  };
  if (uid < 0) return list();
  int fds[2];
  if (pipe(fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    if (setgid(uid) != 0 || setuid(uid) != 0) _exit(2);
    std::string out;
    for (const auto& [uri, error] : list()) out += uri + "\t" + error + "\n";
    ssize_t written = write(fds[1], out.data(), out.size());
    _exit(written == static_cast<ssize_t>(out.size()) ? 0 : 3);
  }
  close(fds[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof(buffer))) > 0;) text.append(buffer, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  std::map<std::string, std::string> errors;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    errors[line.substr(0, line.find('\t'))] = line.substr(line.find('\t') + 1);
  }
  return errors;
}

TEST_F(SourceFileTest, UnreadableFilesAndFoldersAreErrorItems) {
  std::string file = root_ + "/sub/locked.md";
  std::string folder = root_ + "/sub/closed";
  Write(file, "locked");
  Write(folder + "/inside.md", "inside");
  fs::permissions(file, fs::perms::none);
  fs::permissions(folder, fs::perms::none);
  int uid = -1;
  int fd = open(file.c_str(), O_RDONLY);
  if (fd >= 0) {
    close(fd);
    if (geteuid() != 0) GTEST_SKIP() << "chmod 000 does not deny reading here (CAP_DAC_OVERRIDE?)";
    uid = 65534;  // root reads anything: list as nobody, who needs a way into the tree
    for (std::string d = fs::path(root_).parent_path().string(); d != "/";
         d = fs::path(d).parent_path().string()) {
      if ((fs::status(d).permissions() & fs::perms::others_exec) == fs::perms::none) {
        GTEST_SKIP() << "running as root and '" << d << "' is closed to other users, so the "
                     << "listing cannot run as nobody: set TMPDIR to a folder under /tmp";
      }
    }
    fs::permissions(root_, fs::perms::others_exec, fs::perm_options::add);
    fs::permissions(root_ + "/sub", fs::perms::others_read | fs::perms::others_exec,
                    fs::perm_options::add);
    fs::permissions(root_, fs::perms::others_read, fs::perm_options::add);
    for (const char* f : {"/top.md", "/a.txt", "/sub/b.md"}) {
      fs::permissions(root_ + f, fs::perms::others_read, fs::perm_options::add);
    }
  }
  auto errors = ErrorItems(root_, uid);
  EXPECT_EQ(errors[file], "PermissionDenied: cannot open '" + file + "': Permission denied");
  EXPECT_EQ(errors[folder], "PermissionDenied: cannot read folder '" + folder +
                                "': Permission denied");
}

TEST_F(SourceFileTest, FilesOverMaxBytesAreNotRead) {
  Write(root_ + "/big.txt", std::string(100, 'x'));
  ASSERT_OK_AND_ASSIGN(auto source, MakeFile(root_ + "/*.txt", {{"max_bytes", "10"}}));
  ASSERT_OK_AND_ASSIGN(auto items, ReadAll(source.get()));
  ASSERT_EQ(items.size(), 2u);
  for (const auto& item : items) {
    if (item.input.uri == root_ + "/big.txt") {
      EXPECT_NE(item.error.message().find("file is 100 bytes, over the limit 10"), std::string::npos)
          << item.error;
      EXPECT_TRUE(item.input.content.empty());
    } else {
      ASSERT_OK(item.error);
      EXPECT_EQ(item.input.content, "alpha");
    }
  }
}

TEST_F(SourceFileTest, SingleFileAndBadConfigurations) {
  ASSERT_OK_AND_ASSIGN(auto source, MakeFile(root_ + "/sub/b.md"));
  ASSERT_OK_AND_ASSIGN(auto items, ReadAll(source.get()));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].input.content, "bee");
  EXPECT_EQ(items[0].input.uri, root_ + "/sub/b.md");
  auto missing = MakeFile(root_ + "/nope");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("/nope"), std::string::npos);
  auto unknown = MakeFile(root_, {{"recursive", "true"}});
  EXPECT_NE(unknown.status().message().find("unknown option 'recursive'"), std::string::npos);
  auto bad = MakeFile(root_, {{"max_bytes", "lots"}});
  EXPECT_NE(bad.status().message().find("max_bytes"), std::string::npos);
}

TEST_F(SourceFileTest, WatchReportsWrittenFilesAndNewFolders) {
  ASSERT_OK_AND_ASSIGN(auto source, MakeFile(root_, {{"debounce", "0.1"}, {"exclude", "drafts"}}));
  ASSERT_OK_AND_ASSIGN(auto none, source->WaitForSplits(std::chrono::milliseconds(50)));
  EXPECT_TRUE(none.empty());
  Write(root_ + "/sub/new.md", "fresh");
  Write(root_ + "/sub/.swp", "hidden");
  Write(root_ + "/drafts/skip.md", "excluded");
  ASSERT_OK_AND_ASSIGN(auto splits, source->WaitForSplits(std::chrono::seconds(5)));
  ASSERT_EQ(splits.size(), 1u);
  EXPECT_EQ(splits[0].id, root_ + "/sub/new.md");
  ASSERT_OK_AND_ASSIGN(auto items, ReadSplits(source.get(), splits));
  EXPECT_EQ(items[0].input.content, "fresh");
  // A new folder tree with files: reported, and its files later written too.
  Write(root_ + "/fresh/inner/x.md", "x");
  ASSERT_OK_AND_ASSIGN(splits, source->WaitForSplits(std::chrono::seconds(5)));
  std::set<std::string> ids;
  for (const auto& s : splits) ids.insert(s.id);
  EXPECT_EQ(ids, (std::set<std::string>{root_ + "/fresh/inner/x.md"}));
  Write(root_ + "/fresh/inner/y.md", "y");
  ASSERT_OK_AND_ASSIGN(splits, source->WaitForSplits(std::chrono::seconds(5)));
  ASSERT_EQ(splits.size(), 1u);
  EXPECT_EQ(splits[0].id, root_ + "/fresh/inner/y.md");
  // A rename into the tree counts; nothing else happened since.
  Write(root_ + "/../outside-" + fs::path(root_).filename().string() + ".md", "moved");
  fs::rename(root_ + "/../outside-" + fs::path(root_).filename().string() + ".md",
             root_ + "/moved.md");
  ASSERT_OK_AND_ASSIGN(splits, source->WaitForSplits(std::chrono::seconds(5)));
  ASSERT_EQ(splits.size(), 1u);
  EXPECT_EQ(splits[0].id, root_ + "/moved.md");
  ASSERT_OK_AND_ASSIGN(none, source->WaitForSplits(std::chrono::milliseconds(200)));
  EXPECT_TRUE(none.empty());
}

TEST_F(SourceFileTest, FirstWaitCatchesFilesWrittenSinceTheListing) {
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // SetUp's files are older
  ASSERT_OK_AND_ASSIGN(auto source, MakeFile(root_, {{"debounce", "0.05"}}));
  ASSERT_OK_AND_ASSIGN(auto splits, source->ListSplits());
  EXPECT_EQ(splits.size(), 5u);
  Write(root_ + "/sub/between.md", "between");  // before any watch exists
  ASSERT_OK_AND_ASSIGN(splits, source->WaitForSplits(std::chrono::seconds(1)));
  ASSERT_EQ(splits.size(), 1u);
  EXPECT_EQ(splits[0].id, root_ + "/sub/between.md");
  ASSERT_OK_AND_ASSIGN(splits, source->WaitForSplits(std::chrono::milliseconds(100)));
  EXPECT_TRUE(splits.empty());
}

}  // namespace
}  // namespace strata::ingest
