// PdfParser against PDFs that Ghostscript writes from PostScript made here: pages, text, document
// info, the page limit, and damaged or non-PDF input.

#include <gtest/gtest.h>

#include <iostream>

#include "ingest/corpus.h"
#include "ingest/parsers/media_parsers.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

using namespace testing_corpus;

const std::vector<std::vector<std::string>> kPages = {
    {"Alpha page one begins here.", "Second line of the first page."},
    {"Bravo page two talks about rivers."},
    {"Charlie page three closes the report."},
};

class MediaPdfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveTool("gs")) GTEST_SKIP() << "ghostscript (gs) is not installed";
    dir_ = strata::testing::MakeTempDir("strata-pdf");
    WriteFileBytes(dir_ + "/in.ps",
                   PostScriptPages(kPages, 14, 612, 792, "Quarterly Rivers", "Ada Lovelace"));
    ASSERT_OK(RunGhostscript(dir_ + "/in.ps", "pdfwrite", dir_ + "/out.pdf"));
    pdf_ = ReadFileBytes(dir_ + "/out.pdf");
    ASSERT_GT(pdf_.size(), 100u);
  }

  std::string dir_;
  std::string pdf_;
  std::unique_ptr<Parser> parser_ = MakePdfParser();
};

TEST_F(MediaPdfTest, PagesBecomeSegmentsWithTheirText) {
  ASSERT_OK_AND_ASSIGN(Document doc, ParseOne(*parser_, pdf_));
  EXPECT_EQ(doc.mime, "application/pdf");
  EXPECT_EQ(doc.title, "Quarterly Rivers");
  EXPECT_EQ(doc.metadata["author"], "Ada Lovelace");
  EXPECT_EQ(doc.metadata["pages"], "3");
  EXPECT_NE(doc.metadata["producer"].find("Ghostscript"), std::string::npos)
      << doc.metadata["producer"];
  ASSERT_EQ(doc.segments.size(), 3u);
  for (size_t i = 0; i < kPages.size(); ++i) {
    const Segment& segment = doc.segments[i];
    EXPECT_EQ(segment.page, static_cast<int>(i + 1));
    std::string expected;
    for (const std::string& line : kPages[i]) expected += (expected.empty() ? "" : " ") + line;
    EXPECT_EQ(Words(SegmentText(doc, segment)), Words(expected)) << SegmentText(doc, segment);
    if (i > 0) {
      EXPECT_EQ(doc.text.substr(doc.segments[i - 1].end, 2), "\n\n");
      EXPECT_EQ(segment.begin, doc.segments[i - 1].end + 2);
    }
  }
  EXPECT_EQ(doc.segments.back().end, static_cast<int64_t>(doc.text.size()));
}

TEST_F(MediaPdfTest, PageLimitIsResourceExhausted) {
  ParserOptions options;
  options.limits.max_pages = 2;
  Result<Document> doc = ParseOne(*parser_, pdf_, options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(doc.status().message().find("max_pages"), std::string::npos) << doc.status();
}

TEST_F(MediaPdfTest, TruncatedPdfIsCorruption) {
  // Cut inside the first page's content: the xref, trailer and later objects are gone.
  Result<Document> doc = ParseOne(*parser_, pdf_.substr(0, pdf_.size() / 3));
  ASSERT_FALSE(doc.ok()) << doc->text;
  std::cout << "truncated PDF: " << doc.status() << "\n";
  EXPECT_EQ(doc.status().code(), StatusCode::kCorruption) << doc.status();
  EXPECT_TRUE(doc.status().message().starts_with("PDF: ")) << doc.status();
}

TEST(MediaPdfGarbageTest, NonPdfIsCorruptionNamingPdf) {
  auto parser = MakePdfParser();
  for (const std::string& bytes : {std::string("hello, not a pdf at all"), std::string(),
                                   std::string("%PDF-1.7\n1 0 obj << /Type /Catalog")}) {
    Result<Document> doc = ParseOne(*parser, bytes);
    ASSERT_FALSE(doc.ok()) << bytes;
    EXPECT_EQ(doc.status().code(), StatusCode::kCorruption) << doc.status();
    EXPECT_TRUE(doc.status().message().starts_with("PDF: ")) << doc.status();
  }
}

}  // namespace
}  // namespace strata::ingest
