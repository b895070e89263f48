#include "pipeline/ingest_job.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "ingest/source.h"
#include "testing/subprocess.h"
#include "testing/test_data.h"
#include "workspace/workspace.h"

namespace strata::pipeline {
namespace {

namespace fs = std::filesystem;

void WriteFile(const fs::path& p, std::string_view bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string Paragraphs(const std::string& topic, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    s += "The " + topic + " paragraph " + std::to_string(i) +
         " explains how " + topic + " relates to item " + std::to_string(i * 7 % 13) +
         " in the catalogue of " + topic + " facts.\n\n";
  }
  return s;
}

class IngestJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    io::RegisterBuiltinStores();
    root_ = strata::testing::MakeTempDir("ingest");
    corpus_ = fs::path(root_) / "corpus";
    workspace::InitReport report;
    ASSERT_OK_AND_ASSIGN(ws_, workspace::Workspace::Init(root_ + "/ws", &report));
    WriteFile(corpus_ / "guide.md", "# Guide\n\nIntro text about birds.\n\n## Setup\n\n" +
                                        Paragraphs("setup", 6) + "## Usage\n\n" +
                                        Paragraphs("usage", 6));
    WriteFile(corpus_ / "page.html",
              "<html><head><title>Page</title><script>var secret = 1;</script></head><body>"
              "<nav>Home | About</nav><h1>Rivers</h1><p>" + Paragraphs("river", 3) +
              "</p><footer>Copyright</footer></body></html>");
    WriteFile(corpus_ / "notes.txt", "Call me at alice@example.com about the plan.\n\n" +
                                         Paragraphs("note", 4));
  }

  IngestOptions Options(const std::string& tenant = "acme") {
    IngestOptions o;
    auto c = ingest::SourceConfigFromArgument(corpus_.string());
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    c->name = "docs";
    c->labels.tenant = tenant;
    c->labels.groups = {"eng", "ops"};
    o.sources.push_back(*c);
    o.chunk.size = 40;
    o.chunk.overlap = 5;
    return o;
  }

  format::RecordBatch Scan(const std::string& table, std::vector<std::string> columns) {
    auto t = ws_->OpenTable(table);
    EXPECT_TRUE(t.ok());
    table::ScanOptions opts;
    opts.columns = std::move(columns);
    auto r = (*t)->Scan(opts);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r->batch;
  }

  int64_t Version(const std::string& table) {
    auto t = ws_->OpenTable(table);
    auto snap = (*t)->Latest();
    return (*snap)->version();
  }

  std::string root_;
  fs::path corpus_;
  std::unique_ptr<workspace::Workspace> ws_;
};

TEST_F(IngestJobTest, WritesDocumentsAndChunksWithLabelsSectionsAndOffsets) {
  ASSERT_OK_AND_ASSIGN(IngestSummary s, ws_->Ingest(Options()));
  EXPECT_EQ(s.inputs_ok, 3);
  EXPECT_EQ(s.inputs_quarantined, 0);
  EXPECT_EQ(s.documents, 3);
  EXPECT_GT(s.chunks, 6);

  format::RecordBatch docs = Scan("documents", {"doc_id", "uri", "text", "tenant", "mime"});
  ASSERT_EQ(docs.num_rows, 3);
  std::map<std::string, std::string> text_by_id;
  for (int64_t i = 0; i < docs.num_rows; ++i) {
    std::string uri(docs.columns[1].binary(i));
    EXPECT_EQ(docs.columns[0].binary(i), ingest::DocIdFor("docs", uri));
    EXPECT_EQ(docs.columns[3].binary(i), "acme");
    text_by_id[std::string(docs.columns[0].binary(i))] = docs.columns[2].binary(i);
    if (uri.ends_with("page.html")) {
      std::string text(docs.columns[2].binary(i));
      EXPECT_EQ(text.find("secret"), std::string::npos) << "script text leaked";
      EXPECT_EQ(text.find("Copyright"), std::string::npos) << "footer leaked";
      EXPECT_NE(text.find("river paragraph 2"), std::string::npos);
    }
  }

  format::RecordBatch chunks =
      Scan("chunks", {"doc_id", "text", "char_start", "char_end", "section", "groups", "pii",
                      "token_count", "ordinal"});
  ASSERT_EQ(chunks.num_rows, s.chunks);
  std::set<std::string> sections;
  bool saw_pii = false;
  for (int64_t i = 0; i < chunks.num_rows; ++i) {
    const std::string& doc = text_by_id[std::string(chunks.columns[0].binary(i))];
    int64_t b = chunks.columns[2].value<int64_t>(i), e = chunks.columns[3].value<int64_t>(i);
    ASSERT_LE(e, static_cast<int64_t>(doc.size()));
    EXPECT_EQ(doc.substr(b, e - b), chunks.columns[1].binary(i)) << "offsets must slice the doc";
    EXPECT_GT(chunks.columns[7].value<int32_t>(i), 0);
    EXPECT_LE(chunks.columns[7].value<int32_t>(i), 40);
    if (chunks.columns[4].IsValid(i)) sections.insert(std::string(chunks.columns[4].binary(i)));
    auto [gb, ge] = chunks.columns[5].list_range(i);
    EXPECT_EQ(ge - gb, 2) << "groups copied to every chunk";
    saw_pii |= chunks.columns[6].binary(i).find("\"email\"") != std::string_view::npos;
  }
  EXPECT_TRUE(sections.count("Guide > Setup")) << "markdown heading path kept";
  EXPECT_TRUE(sections.count("Guide > Usage"));
  EXPECT_TRUE(saw_pii) << "the e-mail address is recorded in chunks.pii";
}

TEST_F(IngestJobTest, SecondRunSkipsUnchangedAndReplacesOnlyTheChangedDocument) {
  ASSERT_OK_AND_ASSIGN(IngestSummary first, ws_->Ingest(Options()));
  int64_t docs_version = Version("documents");
  ASSERT_OK_AND_ASSIGN(IngestSummary again, ws_->Ingest(Options()));
  EXPECT_EQ(again.inputs_skipped, 3);
  EXPECT_EQ(again.documents, 0);
  EXPECT_EQ(Version("documents"), docs_version) << "nothing to commit";

  format::RecordBatch before = Scan("chunks", {"chunk_id", "doc_id"});
  WriteFile(corpus_ / "notes.txt", "A rewritten note about herons.\n\n" + Paragraphs("heron", 3));
  ASSERT_OK_AND_ASSIGN(IngestSummary third, ws_->Ingest(Options()));
  EXPECT_EQ(third.inputs_ok, 1);
  EXPECT_EQ(third.inputs_skipped, 2);

  format::RecordBatch docs = Scan("documents", {"doc_id", "text"});
  EXPECT_EQ(docs.num_rows, 3) << "the changed document replaced, not added";
  std::string notes_id = ingest::DocIdFor("docs", fs::canonical(corpus_ / "notes.txt").string());
  format::RecordBatch after = Scan("chunks", {"chunk_id", "doc_id", "text"});
  std::set<std::string> old_ids;
  for (int64_t i = 0; i < before.num_rows; ++i) old_ids.insert(std::string(before.columns[0].binary(i)));
  int64_t kept = 0, notes_chunks = 0;
  for (int64_t i = 0; i < after.num_rows; ++i) {
    bool is_notes = after.columns[1].binary(i).find(notes_id) == 0 ||
                    after.columns[2].binary(i).find("heron") != std::string_view::npos;
    if (after.columns[2].binary(i).find("note paragraph") != std::string_view::npos) {
      ADD_FAILURE() << "an old chunk of the changed document survived";
    }
    notes_chunks += is_notes;
    kept += old_ids.count(std::string(after.columns[0].binary(i)));
  }
  EXPECT_GT(notes_chunks, 0);
  EXPECT_EQ(kept, after.num_rows - notes_chunks) << "other documents' chunks untouched";
}

TEST_F(IngestJobTest, HostileInputsAreQuarantinedAndTheRunContinues) {
  WriteFile(corpus_ / "garbage.txt", std::string("\x00\x01\x02\xff\xfe binary \x00\x00", 16) +
                                         std::string(4096, '\x00'));
  WriteFile(corpus_ / "big.txt", std::string(3 << 20, 'a'));
  IngestOptions o = Options();
  o.parser.limits.max_bytes = 2 << 20;
  ASSERT_OK_AND_ASSIGN(IngestSummary s, ws_->Ingest(o));
  EXPECT_EQ(s.inputs_ok, 3);
  EXPECT_EQ(s.inputs_quarantined, 2);

  format::RecordBatch q = Scan("quarantine", {"uri", "stage", "error", "attempts"});
  ASSERT_EQ(q.num_rows, 2);
  for (int64_t i = 0; i < q.num_rows; ++i) {
    std::string uri(q.columns[0].binary(i)), error(q.columns[2].binary(i));
    EXPECT_NE(error.find(uri.ends_with("big.txt") ? "limit" : "binary"), std::string::npos)
        << uri << ": " << error;
    EXPECT_EQ(q.columns[3].value<int32_t>(i), 1);
  }
  // Unchanged quarantined inputs are not retried; a changed one is, and its attempts count.
  ASSERT_OK_AND_ASSIGN(IngestSummary again, ws_->Ingest(o));
  EXPECT_EQ(again.inputs_quarantined, 0);
  EXPECT_EQ(again.inputs_skipped, 5);
  WriteFile(corpus_ / "big.txt", std::string(3 << 20, 'b'));
  ASSERT_OK_AND_ASSIGN(IngestSummary third, ws_->Ingest(o));
  EXPECT_EQ(third.inputs_quarantined, 1);
  q = Scan("quarantine", {"uri", "attempts"});
  ASSERT_EQ(q.num_rows, 2);
  for (int64_t i = 0; i < q.num_rows; ++i) {
    bool big = q.columns[0].binary(i).ends_with("big.txt");
    EXPECT_EQ(q.columns[1].value<int32_t>(i), big ? 2 : 1);
  }
  // Fixed: the input is ingested and leaves quarantine.
  WriteFile(corpus_ / "big.txt", "now small enough");
  ASSERT_OK_AND_ASSIGN(IngestSummary fixed, ws_->Ingest(o));
  EXPECT_EQ(fixed.inputs_ok, 1);
  EXPECT_EQ(Scan("quarantine", {"uri"}).num_rows, 1);
}

TEST_F(IngestJobTest, ExactDuplicatesAreWrittenOnce) {
  WriteFile(corpus_ / "copy" / "notes.txt", "Call me at alice@example.com about the plan.\n\n" +
                                                Paragraphs("note", 4));
  ASSERT_OK_AND_ASSIGN(IngestSummary s, ws_->Ingest(Options()));
  EXPECT_EQ(s.documents, 3);
  EXPECT_EQ(s.duplicates, 1);
  EXPECT_EQ(Scan("documents", {"doc_id"}).num_rows, 3);
}

TEST_F(IngestJobTest, ABatchCutShortByACrashIsRedoneWithoutDuplicates) {
  ASSERT_OK_AND_ASSIGN(IngestSummary first, ws_->Ingest(Options()));
  int64_t chunks = Scan("chunks", {"chunk_id"}).num_rows;
  // A crash after the documents and chunks commits but before the inputs commit leaves data
  // rows that no input row owns: remove the inputs rows to recreate that state.
  ASSERT_OK_AND_ASSIGN(auto inputs, ws_->OpenTable("inputs"));
  ASSERT_OK(inputs->Delete(format::Predicate::True()).status());
  ASSERT_OK_AND_ASSIGN(IngestSummary redo, ws_->Ingest(Options()));
  EXPECT_EQ(redo.inputs_ok, 3);
  EXPECT_EQ(Scan("documents", {"doc_id"}).num_rows, 3);
  EXPECT_EQ(Scan("chunks", {"chunk_id"}).num_rows, chunks);
}

}  // namespace
}  // namespace strata::pipeline

namespace strata::pipeline {
namespace {

// The hostile corpus of issue 3: broken files of every kind quarantine one row each with a
// message naming the problem, while the good files (and text that is merely unusual: invalid
// UTF-8, a 10 MB line) are ingested. Run under ASan/UBSan by scripts/fuzz.
TEST_F(IngestJobTest, HostileCorpusQuarantinesEachBrokenInputOnce) {
  fs::path h = corpus_;
  WriteFile(h / "truncated.pdf", "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty");
  WriteFile(h / "corrupt.docx", std::string("PK\x03\x04\x14\x00\x00\x00", 8) + std::string(300, '\x7f'));
  WriteFile(h / "truncated.png", std::string("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x01", 19));
  WriteFile(h / "garbage.wav", std::string("RIFF\x24\x10\x00\x00WAVEfmt ", 16) + std::string(200, '\x13'));
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary.push_back(static_cast<char>((i * 131 + 7) % 256));
  WriteFile(h / "garbage.txt", binary);
  WriteFile(h / "big.txt", std::string(13 << 20, 'z'));
  fs::create_symlink(h / "nowhere.txt", h / "dangling.txt");
  WriteFile(h / "invalid_utf8.txt", "Caf\xe9 au lait and cr\xe8me br\xfbl\xe9" "e, with a stray \xff byte.");
  std::string line;
  while (line.size() < (10u << 20)) line += "lorem ipsum dolor sit amet ";
  WriteFile(h / "one_line.txt", line);
  // A zip bomb: a DOCX whose document.xml inflates to 64 MiB of zeros, over an 8 MiB limit.
  fs::path bomb = fs::path(root_) / "bomb";
  fs::create_directories(bomb / "word");
  std::string cmd = "cd " + testing::ShellQuote(bomb.string()) +
                    " && head -c 67108864 /dev/zero > word/document.xml && zip -q -r bomb.docx word";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  fs::copy_file(bomb / "bomb.docx", h / "bomb.docx");

  IngestOptions o = Options();
  o.parser.limits.max_bytes = 12 << 20;
  o.parser.limits.max_decompressed_bytes = 8 << 20;
  ASSERT_OK_AND_ASSIGN(IngestSummary s, ws_->Ingest(o));
  const std::map<std::string, std::string> expect = {
      {"truncated.pdf", "PDF"},  {"corrupt.docx", "zip"},   {"truncated.png", "PNG"},
      {"garbage.wav", "WAV"},    {"garbage.txt", "binary"}, {"big.txt", "limit"},
      {"dangling.txt", "symlink"}, {"bomb.docx", "inflates"}};
  format::RecordBatch q = Scan("quarantine", {"uri", "stage", "error"});
  std::map<std::string, int> rows;
  for (int64_t i = 0; i < q.num_rows; ++i) {
    std::string name = fs::path(std::string(q.columns[0].binary(i))).filename().string();
    std::string error(q.columns[2].binary(i));
    ++rows[name];
    ASSERT_TRUE(expect.count(name)) << "unexpected quarantine: " << name << ": " << error;
    EXPECT_NE(error.find(expect.at(name)), std::string::npos) << name << ": " << error;
  }
  for (const auto& [name, word] : expect) EXPECT_EQ(rows[name], 1) << name;
  EXPECT_EQ(s.inputs_quarantined, static_cast<int64_t>(expect.size()));
  EXPECT_EQ(s.inputs_ok, 5) << "guide.md, page.html, notes.txt, invalid_utf8.txt, one_line.txt";

  format::RecordBatch docs = Scan("documents", {"uri", "text"});
  bool repaired = false;
  for (int64_t i = 0; i < docs.num_rows; ++i) {
    if (docs.columns[0].binary(i).ends_with("invalid_utf8.txt")) {
      std::string_view t = docs.columns[1].binary(i);
      repaired = t.find("au lait") != std::string_view::npos;
    }
  }
  EXPECT_TRUE(repaired);
}

}  // namespace
}  // namespace strata::pipeline

namespace strata::pipeline {
namespace {

// Watch mode: after the first pass, a file written into the folder is ingested (inotify) while
// the job runs, and the job stops when asked, with everything committed.
TEST_F(IngestJobTest, WatchIngestsNewFilesUntilStopped) {
  std::atomic<bool> stop{false};
  IngestOptions o = Options();
  o.stop = [&] { return stop.load(); };
  Result<IngestSummary> result = Status::Internal("not run");
  std::thread job([&] { result = ws_->Ingest(o); });
  auto has_doc = [&](const std::string& needle) {
    format::RecordBatch docs = Scan("documents", {"text"});
    for (int64_t i = 0; i < docs.num_rows; ++i) {
      if (docs.columns[0].binary(i).find(needle) != std::string_view::npos) return true;
    }
    return false;
  };
  auto wait_for = [&](const std::string& needle) {
    for (int i = 0; i < 200 && !has_doc(needle); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return has_doc(needle);
  };
  EXPECT_TRUE(wait_for("river paragraph 2")) << "first pass";
  WriteFile(corpus_ / "later" / "late.md", "# Late\n\nA kingfisher arrived after the first pass.");
  EXPECT_TRUE(wait_for("kingfisher")) << "the new file was not ingested while watching";
  stop = true;
  job.join();
  ASSERT_OK(result.status());
  EXPECT_EQ(result->inputs_ok, 4);
  EXPECT_EQ(Scan("documents", {"doc_id"}).num_rows, 4);
}

}  // namespace
}  // namespace strata::pipeline
