// DetectMime: libmagic's answer for the first bytes of the content, refined by the extension.
#include "ingest/parsers/detect.h"

#include <magic.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "ingest/parsers/parser.h"

namespace strata::ingest {
namespace {

// libmagic reads at most this much; text detection past it adds nothing but time.
constexpr size_t kMagicBytes = 8 << 10;  // enough to type a file; the decoders check the rest

struct TextExtension {
  std::string_view extension;
  std::string_view mime;  // "" = keep libmagic's answer
};

constexpr std::array<TextExtension, 16> kTextExtensions = {{
    {"txt", ""}, {"text", ""}, {"log", ""},
    {"md", "text/markdown"}, {"markdown", "text/markdown"}, {"mdown", "text/markdown"},
    {"csv", "text/csv"}, {"tsv", "text/tab-separated-values"},
    {"tab", "text/tab-separated-values"},
    {"jsonl", "application/jsonl"}, {"ndjson", "application/jsonl"},
    {"json", "application/json"},
    {"htm", "text/html"}, {"html", "text/html"}, {"xhtml", "text/html"},
    {"eml", "message/rfc822"},
}};

constexpr std::string_view kDocxMime =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const TextExtension* FindTextExtension(std::string_view extension) {
  for (const TextExtension& t : kTextExtensions) {
    if (t.extension == extension) return &t;
  }
  return nullptr;
}

// libmagic answers for which the extension knows better.
bool IsGeneric(std::string_view magic, std::string_view target) {
  if (magic == "text/plain" || magic.starts_with("text/x-") || magic == "text/csv" ||
      magic == "application/json" || magic == "application/x-ndjson") {
    return true;
  }
  // Markdown may open with an HTML block; an .eml body may look like anything textual.
  return (target == "text/markdown" && magic == "text/html") ||
         (target == "message/rfc822" && magic.starts_with("text/"));
}

struct MagicCookie {
  magic_t cookie = nullptr;
  std::string error;
  ~MagicCookie() {
    if (cookie != nullptr) magic_close(cookie);
  }
};

// One libmagic handle per thread: a magic_t is not thread-safe.
Result<magic_t> ThreadMagic() {
  thread_local MagicCookie magic = [] {
    MagicCookie m;
    m.cookie = magic_open(MAGIC_MIME_TYPE);
    if (m.cookie == nullptr) {
      m.error = "libmagic: magic_open failed";
    } else if (magic_load(m.cookie, nullptr) != 0) {
      m.error = std::string("libmagic: cannot load the magic database: ") +
                (magic_error(m.cookie) ? magic_error(m.cookie) : "unknown error");
      magic_close(m.cookie);
      m.cookie = nullptr;
    }
    return m;
  }();
  if (magic.cookie == nullptr) return Status::Internal(magic.error);
  return magic.cookie;
}

// The prefix libmagic sees: cut at a line end so a truncated line does not confuse the CSV and
// JSON checks, else before a possibly split UTF-8 sequence.
std::string_view MagicPrefix(std::string_view content) {
  if (content.size() <= kMagicBytes) return content;
  std::string_view prefix = content.substr(0, kMagicBytes);
  size_t newline = prefix.rfind('\n');
  if (newline != std::string_view::npos && newline > kMagicBytes / 2) {
    return prefix.substr(0, newline + 1);
  }
  size_t cut = prefix.size();
  while (cut > prefix.size() - 4 && (static_cast<unsigned char>(prefix[cut - 1]) & 0xC0) == 0x80) {
    --cut;
  }
  if (cut > 0 && static_cast<unsigned char>(prefix[cut - 1]) >= 0xC0) --cut;
  return prefix.substr(0, cut);
}

}  // namespace

std::string UriExtension(std::string_view uri) {
  uri = uri.substr(0, std::min(uri.find('?'), uri.find('#')));
  size_t slash = uri.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? uri : uri.substr(slash + 1);
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return "";
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool IsTextExtension(std::string_view extension) {
  return FindTextExtension(extension) != nullptr;
}

// Binary formats with a parser, by extension: when libmagic cannot name a damaged file
// (application/octet-stream), its extension routes it to that parser, whose error then says
// what is wrong with it ("DOCX: not a zip archive") instead of "no parser".
std::string_view BinaryMimeForExtension(std::string_view extension) {
  static constexpr std::pair<std::string_view, std::string_view> kBinary[] = {
      {"docx", kDocxMime},         {"pdf", "application/pdf"}, {"png", "image/png"},
      {"jpg", "image/jpeg"},       {"jpeg", "image/jpeg"},     {"tif", "image/tiff"},
      {"tiff", "image/tiff"},      {"wav", "audio/x-wav"},     {"flac", "audio/flac"},
      {"ogg", "audio/ogg"}};
  for (const auto& [ext, mime] : kBinary) {
    if (ext == extension) return mime;
  }
  return {};
}

std::string RefineMime(std::string_view magic, std::string_view extension) {
  // libmagic names an OOXML file only when its first zip entry gives it away.
  if (magic == "application/zip" && extension == "docx") return std::string(kDocxMime);
  if (magic == "application/octet-stream") {
    if (std::string_view mime = BinaryMimeForExtension(extension); !mime.empty()) {
      return std::string(mime);
    }
  }
  const TextExtension* text = FindTextExtension(extension);
  if (magic == "application/x-empty" || magic == "inode/x-empty") {
    return text && !text->mime.empty() ? std::string(text->mime) : "text/plain";
  }
  if (magic == "application/x-ndjson") magic = "application/jsonl";
  if (text == nullptr || text->mime.empty() || !IsGeneric(magic, text->mime)) {
    return std::string(magic);
  }
  return std::string(text->mime);
}

Result<std::string> DetectMime(std::string_view content, std::string_view uri) {
  STRATA_ASSIGN_OR_RETURN(magic_t cookie, ThreadMagic());
  std::string_view prefix = MagicPrefix(content);
  const char* answer = magic_buffer(cookie, prefix.data(), prefix.size());
  if (answer == nullptr) {
    const char* error = magic_error(cookie);
    return Status::Internal(std::string("libmagic: ") + (error ? error : "no answer"));
  }
  return RefineMime(answer, UriExtension(uri));
}

}  // namespace strata::ingest
