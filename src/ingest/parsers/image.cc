// Image parser: leptonica decodes PNG/JPEG/TIFF from memory, Tesseract (Debian's traineddata)
// recognizes the text, libexif adds the EXIF tags.
//
// The image header is read first and its pixel count checked against the decompressed-bytes
// limit (4 bytes a pixel) before any pixel is decoded. TessBaseAPI is not thread-safe and slow to
// initialize, so each thread keeps one instance per language.

#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <leptonica/allheaders.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "ingest/parsers/image_exif.h"
#include "ingest/parsers/media_parsers.h"

namespace strata::ingest {
namespace {

struct PixFree {
  void operator()(Pix* pix) const { pixDestroy(&pix); }
};

// "PNG", "JPEG", "TIFF" by magic bytes, for messages and the document's MIME type.
std::string FormatName(std::string_view bytes) {
  if (bytes.starts_with("\x89PNG")) return "PNG";
  if (bytes.starts_with("\xFF\xD8")) return "JPEG";
  if (bytes.starts_with(std::string_view("II*\0", 4)) ||
      bytes.starts_with(std::string_view("MM\0*", 4))) {
    return "TIFF";
  }
  return "image";
}

std::string MimeFor(const std::string& format, const RawInput& input) {
  if (format == "PNG") return "image/png";
  if (format == "JPEG") return "image/jpeg";
  if (format == "TIFF") return "image/tiff";
  return input.mime_hint.empty() ? "application/octet-stream" : input.mime_hint;
}

// The tessdata folder: $TESSDATA_PREFIX, else Debian's for Tesseract 5 or 4.
std::string TessdataDir() {
  if (const char* env = std::getenv("TESSDATA_PREFIX"); env != nullptr && *env != '\0') {
    return env;
  }
  for (const char* dir : {"/usr/share/tesseract-ocr/5/tessdata",
                          "/usr/share/tesseract-ocr/4.00/tessdata"}) {
    if (std::filesystem::exists(std::string(dir) + "/eng.traineddata")) return dir;
  }
  return "/usr/share/tesseract-ocr/5/tessdata";
}

bool ValidLanguage(const std::string& language) {
  if (language.empty() || language.size() > 64) return false;
  for (char c : language) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '+')) return false;
  }
  return true;
}

// This thread's recognizer for `language` ("eng", "eng+deu"), initialized on first use.
Result<tesseract::TessBaseAPI*> ThreadRecognizer(const std::string& language) {
  thread_local std::map<std::string, std::unique_ptr<tesseract::TessBaseAPI>> recognizers;
  auto it = recognizers.find(language);
  if (it != recognizers.end()) return it->second.get();
  if (!ValidLanguage(language)) {
    return Status::InvalidArgument("image: OCR language '" + language + "' is not a valid name");
  }
  const std::string dir = TessdataDir();
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  // Keep Tesseract's diagnostics off stderr; they say nothing a Status does not.
  api->SetVariable("debug_file", "/dev/null");
  if (api->Init(dir.c_str(), language.c_str(), tesseract::OEM_DEFAULT) != 0) {
    return Status::NotSupported("image: no Tesseract data for OCR language '" + language +
                                "' in " + dir);
  }
  api->SetVariable("debug_file", "/dev/null");
  tesseract::TessBaseAPI* raw = api.get();
  recognizers.emplace(language, std::move(api));
  return raw;
}

Status CheckPixels(const std::string& format, std::string_view bytes, const ParseLimits& limits,
                   Document* doc) {
  l_int32 kind = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (pixReadHeaderMem(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size(), &kind, &w,
                       &h, &bps, &spp, &cmap) != 0 ||
      w <= 0 || h <= 0) {
    return Status::Corruption(format + ": image header cannot be read");
  }
  const int64_t pixels = int64_t{w} * h;
  if (pixels > limits.max_decompressed_bytes / 4) {
    return Status::ResourceExhausted(
        format + ": " + std::to_string(w) + "x" + std::to_string(h) + " pixels decode past " +
        std::to_string(limits.max_decompressed_bytes) + " bytes (limit max_decompressed_bytes)");
  }
  doc->metadata["width"] = std::to_string(w);
  doc->metadata["height"] = std::to_string(h);
  return Status::OK();
}

void TrimRight(std::string* s) {
  while (!s->empty() && std::isspace(static_cast<unsigned char>(s->back()))) s->pop_back();
}

Status Recognize(Pix* pix, const std::string& format, const ParseContext& context,
                 Document* doc) {
  STRATA_ASSIGN_OR_RETURN(tesseract::TessBaseAPI * api,
                          ThreadRecognizer(context.options.ocr_language));
  api->SetPageSegMode(tesseract::PSM_AUTO);
  api->SetImage(pix);
  if (pixGetXRes(pix) < 70) api->SetSourceResolution(300);  // unknown dpi: assume a scan
  tesseract::ETEXT_DESC monitor;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      context.deadline - std::chrono::steady_clock::now());
  monitor.set_deadline_msecs(static_cast<int32_t>(std::max<int64_t>(1, left.count())));
  const int rc = api->Recognize(&monitor);
  Status deadline = CheckMediaDeadline(context, format + " OCR");
  if (!deadline.ok() || rc != 0) {
    api->Clear();
    return deadline.ok() ? Status::Internal(format + ": Tesseract recognition failed") : deadline;
  }
  std::unique_ptr<char[]> text(api->GetUTF8Text());
  doc->text = text ? text.get() : "";
  TrimRight(&doc->text);
  doc->metadata["ocr.confidence"] = std::to_string(api->MeanTextConf());
  doc->metadata["ocr.language"] = context.options.ocr_language;
  api->Clear();
  return Status::OK();
}

class ImageParser final : public Parser {
 public:
  std::string_view name() const override { return "image"; }

  Status Parse(const RawInput& input, const ParseContext& context,
               const DocumentSink& emit) const override {
    static std::once_flag quiet;
    std::call_once(quiet, [] { setMsgSeverity(L_SEVERITY_NONE); });
    const std::string format = FormatName(input.content);
    Document doc = DocumentFrom(input, MimeFor(format, input));
    STRATA_RETURN_IF_ERROR(CheckPixels(format, input.content, context.options.limits, &doc));
    std::unique_ptr<Pix, PixFree> pix(pixReadMem(
        reinterpret_cast<const l_uint8*>(input.content.data()), input.content.size()));
    if (pix == nullptr) {
      return Status::Corruption(format + ": image data cannot be decoded (truncated or damaged)");
    }
    AddExifMetadata(input.content, &doc.metadata);
    STRATA_RETURN_IF_ERROR(Recognize(pix.get(), format, context, &doc));
    return emit(std::move(doc));
  }
};

}  // namespace

std::unique_ptr<Parser> MakeImageParser() { return std::make_unique<ImageParser>(); }

}  // namespace strata::ingest
