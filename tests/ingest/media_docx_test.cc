// DocxParser against DOCX files that `zip` assembles from XML parts written here by hand:
// headings become sections, tables tab-separated rows, core.xml the title; bad zips, missing
// parts and zip bombs (an honest 300 MB member and one whose header lies) are clean errors.

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>

#include "ingest/corpus.h"
#include "ingest/parsers/media_parsers.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

using namespace testing_corpus;
using strata::testing::RunCommand;
using strata::testing::ShellQuote;

constexpr const char* kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>)";

constexpr const char* kRels = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>)";

constexpr const char* kCore = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>Field Guide</dc:title><dc:creator>Grace Hopper</dc:creator>
</cp:coreProperties>)";

std::string Para(const std::string& runs, const std::string& style = "") {
  std::string p = "<w:p>";
  if (!style.empty()) p += "<w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr>";
  return p + runs + "</w:p>";
}
std::string Run(const std::string& text) { return "<w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r>"; }
std::string Cell(const std::string& text) { return "<w:tc><w:tcPr/>" + Para(Run(text)) + "</w:tc>"; }

std::string DocumentXml() {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)" +
         Para(Run("Preface before any heading.")) +
         Para(Run("Birds"), "Heading1") +
         Para(Run("Robins sing ") + Run("at dawn.")) +
         Para(Run("Nesting"), "Heading2") +
         Para(Run("Col A") + "<w:r><w:tab/></w:r>" + Run("Col B") + "<w:r><w:br/></w:r>" + Run("next line")) +
         "<w:tbl><w:tr>" + Cell("Species") + Cell("Eggs") + "</w:tr><w:tr>" + Cell("Robin") +
         Cell("4") + "</w:tr></w:tbl>" +
         Para(Run("Fish"), "Heading1") +
         Para(Run("Trout swim upstream.") + "<w:r><w:delText>deleted words</w:delText></w:r>") +
         "<w:sectPr/></w:body></w:document>";
}

class MediaDocxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveTool("zip") || !HaveTool("zipnote")) GTEST_SKIP() << "zip/zipnote not installed";
    dir_ = strata::testing::MakeTempDir("strata-docx");
  }

  // Zip the parts (path -> content) into dir_/name and return the archive's bytes.
  std::string Zip(const std::string& name, const std::map<std::string, std::string>& parts) {
    const std::string root = dir_ + "/" + name + ".d";
    std::string list;
    for (const auto& [path, content] : parts) {
      std::filesystem::create_directories(std::filesystem::path(root + "/" + path).parent_path());
      WriteFileBytes(root + "/" + path, content);
      list += " " + ShellQuote(path);
    }
    auto result = Shell("cd " + ShellQuote(root) + " && zip -q -X ../" + name + list);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return ReadFileBytes(dir_ + "/" + name);
  }

  std::map<std::string, std::string> Parts() {
    return {{"[Content_Types].xml", kContentTypes}, {"_rels/.rels", kRels},
            {"word/document.xml", DocumentXml()}, {"docProps/core.xml", kCore}};
  }

  std::string dir_;
  std::unique_ptr<Parser> parser_ = MakeDocxParser();
};

TEST_F(MediaDocxTest, HeadingsParagraphsAndTables) {
  ASSERT_OK_AND_ASSIGN(Document doc, ParseOne(*parser_, Zip("good.docx", Parts())));
  EXPECT_EQ(doc.title, "Field Guide");
  EXPECT_EQ(doc.metadata["author"], "Grace Hopper");
  EXPECT_EQ(doc.text,
            "Preface before any heading.\nBirds\nRobins sing at dawn.\nNesting\n"
            "Col A\tCol B\nnext line\nSpecies\tEggs\nRobin\t4\nFish\nTrout swim upstream.");
  ASSERT_EQ(doc.segments.size(), 3u);
  EXPECT_EQ(doc.segments[0].section, "Birds");
  EXPECT_EQ(SegmentText(doc, doc.segments[0]), "Birds\nRobins sing at dawn.");
  EXPECT_EQ(doc.segments[1].section, "Birds > Nesting");
  EXPECT_EQ(SegmentText(doc, doc.segments[1]),
            "Nesting\nCol A\tCol B\nnext line\nSpecies\tEggs\nRobin\t4");
  EXPECT_EQ(doc.segments[2].section, "Fish");
  EXPECT_EQ(SegmentText(doc, doc.segments[2]), "Fish\nTrout swim upstream.");
}

TEST_F(MediaDocxTest, EntitiesAreNotExpanded) {
  auto parts = Parts();
  parts["word/document.xml"] =
      R"(<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>before &secret; after</w:t></w:r></w:p></w:body></w:document>)";
  ASSERT_OK_AND_ASSIGN(Document doc, ParseOne(*parser_, Zip("xxe.docx", parts)));
  EXPECT_EQ(Words(doc.text), Words("before after")) << doc.text;
}

TEST_F(MediaDocxTest, BadZipAndMissingPartAreCorruptionOrNotFound) {
  std::string good = Zip("good.docx", Parts());
  Result<Document> bad = ParseOne(*parser_, good.substr(0, good.size() / 2));
  ASSERT_FALSE(bad.ok());
  std::cout << "truncated DOCX: " << bad.status() << "\n";
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(bad.status().message().starts_with("DOCX: ")) << bad.status();

  auto parts = Parts();
  parts.erase("word/document.xml");
  Result<Document> missing = ParseOne(*parser_, Zip("missing.docx", parts));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "DOCX: word/document.xml missing");

  parts = Parts();
  parts["word/document.xml"] = "<w:document><w:body><w:p>unclosed";
  Result<Document> malformed = ParseOne(*parser_, Zip("malformed.docx", parts));
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.status().code(), StatusCode::kCorruption);
  EXPECT_NE(malformed.status().message().find("word/document.xml is not well-formed XML"),
            std::string::npos) << malformed.status();
}

TEST_F(MediaDocxTest, ZipBombWithHonestSizeIsRefused) {
  // 300 MB of zeros deflate to ~300 KB; the header declares the real size.
  auto result = Shell("cd " + ShellQuote(dir_) +
                           " && head -c 300000000 /dev/zero | zip -q bomb.docx - && "
                           "printf '@ -\\n@=word/document.xml\\n' | zipnote -w bomb.docx", 300);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::string bomb = ReadFileBytes(dir_ + "/bomb.docx");
  ASSERT_LT(bomb.size(), 2u << 20);
  Result<Document> doc = ParseOne(*parser_, bomb);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(doc.status().message(),
            "DOCX: zip member word/document.xml inflates past 268435456 bytes "
            "(limit max_decompressed_bytes)");
}

// Overwrite the 4-byte little-endian field at `offset` with `value`.
void Patch32(std::string* bytes, size_t offset, uint32_t value) {
  for (int i = 0; i < 4; ++i) (*bytes)[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

TEST_F(MediaDocxTest, ZipBombWithLyingSizeStopsAtTheLimit) {
  auto parts = Parts();
  parts["word/document.xml"] = std::string(8 << 20, ' ');  // 8 MiB, compresses to ~8 KB
  std::string zip = Zip("liar.docx", {{"word/document.xml", parts["word/document.xml"]}});
  // The one member's declared uncompressed size claims 1000 bytes, in the local header (offset
  // 22) and the central directory entry (offset 24); both must agree for libzip to open it.
  ASSERT_EQ(zip.substr(0, 4), "PK\x03\x04");
  Patch32(&zip, 22, 1000);
  const size_t central = zip.find("PK\x01\x02");
  ASSERT_NE(central, std::string::npos);
  Patch32(&zip, central + 24, 1000);
  ParserOptions options;
  options.limits.max_decompressed_bytes = 1 << 20;
  Result<Document> doc = ParseOne(*parser_, zip, options);
  ASSERT_FALSE(doc.ok());
  std::cout << "lying zip member: " << doc.status() << "\n";
  // Only counting the inflated bytes catches this: the declared 1000 bytes are under the limit.
  EXPECT_EQ(doc.status().code(), StatusCode::kResourceExhausted) << doc.status();
  EXPECT_EQ(doc.status().message(),
            "DOCX: zip member word/document.xml inflates past 1048576 bytes "
            "(limit max_decompressed_bytes)");
}

}  // namespace
}  // namespace strata::ingest
