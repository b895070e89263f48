// ImageParser against page images that Ghostscript renders at 300 dpi from a known paragraph:
// OCR word recall per format (printed, >= 90% required), EXIF from an APP1 block built here by
// hand, the pixel limit, and truncated or non-image input.

#include <gtest/gtest.h>

#include <iostream>

#include "ingest/corpus.h"
#include "ingest/parsers/media_parsers.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

using namespace testing_corpus;

// 52 words in 7 lines.
const std::vector<std::string> kLines = {
    "The library opens early on weekdays and closes late",
    "on Fridays. Visitors may borrow six books at once,",
    "renew them twice online, and return them through the",
    "slot beside the main entrance. Quiet rooms upstairs",
    "can be reserved for study groups of four people.",
    "Printing costs ten cents per page, and the staff",
    "will gladly help with research questions.",
};

std::string Paragraph() {
  std::string text;
  for (const std::string& line : kLines) text += line + "\n";
  return text;
}

class MediaImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveTool("gs")) GTEST_SKIP() << "ghostscript (gs) is not installed";
    dir_ = strata::testing::MakeTempDir("strata-image");
    WriteFileBytes(dir_ + "/page.ps", PostScriptPages({kLines}, 14, 500, 220));
  }

  std::string Render(const std::string& device, const std::string& name) {
    Status status = RunGhostscript(dir_ + "/page.ps", device, dir_ + "/" + name);
    EXPECT_TRUE(status.ok()) << status;
    return ReadFileBytes(dir_ + "/" + name);
  }

  void ExpectRecall(const std::string& device, const std::string& name,
                    const std::string& mime) {
    std::string image = Render(device, name);
    ASSERT_FALSE(image.empty());
    ASSERT_OK_AND_ASSIGN(Document doc, ParseOne(*parser_, image));
    const double recall = WordRecall(Paragraph(), doc.text);
    std::cout << name << ": OCR word recall " << recall * 100 << "% of "
              << Words(Paragraph()).size() << " words (confidence "
              << doc.metadata["ocr.confidence"] << ")\n";
    RecordProperty("ocr_recall_" + name, std::to_string(recall));
    EXPECT_GE(recall, 0.90) << doc.text;
    EXPECT_EQ(doc.mime, mime);
    EXPECT_NEAR(std::stoi(doc.metadata["width"]), 500 * 300 / 72, 2);  // 500 pt at 300 dpi
    EXPECT_NEAR(std::stoi(doc.metadata["height"]), 220 * 300 / 72, 2);
    EXPECT_NE(doc.text.find('\n'), std::string::npos) << "lines kept";
  }

  std::string dir_;
  std::unique_ptr<Parser> parser_ = MakeImageParser();
};

TEST_F(MediaImageTest, PngOcrRecall) { ExpectRecall("png16m", "page.png", "image/png"); }
TEST_F(MediaImageTest, JpegOcrRecall) { ExpectRecall("jpeg", "page.jpg", "image/jpeg"); }
TEST_F(MediaImageTest, TiffOcrRecall) { ExpectRecall("tiffgray", "page.tif", "image/tiff"); }

// An APP1 "Exif" segment with IFD0 {Make "StrataCam", Model "Model X"}, laid out by hand.
std::string ExifApp1() {
  std::string tiff = std::string("II*\0", 4) + std::string("\x08\0\0\0", 4);
  auto u16 = [&](uint16_t v) { tiff += static_cast<char>(v & 0xFF); tiff += static_cast<char>(v >> 8); };
  auto u32 = [&](uint32_t v) { u16(v & 0xFFFF); u16(v >> 16); };
  u16(2);                                  // two entries; the IFD ends at 8 + 2 + 24 + 4 = 38
  u16(0x010F); u16(2); u32(10); u32(38);   // Make, ASCII, "StrataCam\0" at 38
  u16(0x0110); u16(2); u32(8); u32(48);    // Model, ASCII, "Model X\0" at 48
  u32(0);                                  // no next IFD
  tiff += std::string("StrataCam\0", 10) + std::string("Model X\0", 8);
  const std::string body = std::string("Exif\0\0", 6) + tiff;
  const size_t length = body.size() + 2;
  return std::string("\xFF\xE1", 2) + static_cast<char>(length >> 8) +
         static_cast<char>(length & 0xFF) + body;
}

TEST_F(MediaImageTest, ExifTagsBecomeMetadata) {
  std::string jpeg = Render("jpeg", "exif.jpg");
  ASSERT_EQ(jpeg.substr(0, 2), "\xFF\xD8");
  jpeg.insert(2, ExifApp1());
  ASSERT_OK_AND_ASSIGN(Document doc, ParseOne(*parser_, jpeg));
  EXPECT_EQ(doc.metadata["exif.Make"], "StrataCam");
  EXPECT_EQ(doc.metadata["exif.Model"], "Model X");
  EXPECT_GE(WordRecall(Paragraph(), doc.text), 0.90);
}

TEST_F(MediaImageTest, PixelLimitIsCheckedBeforeDecoding) {
  std::string png = Render("png16m", "limit.png");
  ParserOptions options;
  options.limits.max_decompressed_bytes = 1 << 20;
  Result<Document> doc = ParseOne(*parser_, png, options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kResourceExhausted) << doc.status();
  EXPECT_TRUE(doc.status().message().starts_with("PNG: ")) << doc.status();
}

TEST_F(MediaImageTest, TruncatedPngIsCorruption) {
  std::string png = Render("png16m", "cut.png");
  Result<Document> doc = ParseOne(*parser_, png.substr(0, png.size() / 2));
  ASSERT_FALSE(doc.ok());
  std::cout << "truncated PNG: " << doc.status() << "\n";
  EXPECT_EQ(doc.status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(doc.status().message().starts_with("PNG: ")) << doc.status();
}

TEST(MediaImageGarbageTest, NonImageIsCorruption) {
  auto parser = MakeImageParser();
  Result<Document> doc = ParseOne(*parser, std::string("\x89PNG\r\n\x1a\ngarbage", 15));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(doc.status().message().starts_with("PNG: ")) << doc.status();
}

}  // namespace
}  // namespace strata::ingest
