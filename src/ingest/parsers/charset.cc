#include "ingest/parsers/charset.h"

#include <errno.h>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "ingest/parsers/detect.h"

namespace strata::ingest {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// windows-1252 0x80..0x9F; the five undefined bytes map to the C1 control of the same value.
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void AppendCodePoint(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Length of the valid UTF-8 sequence at s[i], or 0 when the bytes there are not one.
size_t ValidSequenceLength(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) return 1;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
  }
  if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
  if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
  if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
  if (c == 0xF4 && b(1) >= 0x90) return 0;  // past U+10FFFF
  return n;
}

struct Utf8Census {
  int64_t multibyte_bytes = 0;  // bytes in valid multi-byte sequences
  int64_t invalid_bytes = 0;
};

Utf8Census CountUtf8(std::string_view s) {
  Utf8Census census;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
    size_t n = ValidSequenceLength(s, i);
    if (n == 0) { ++census.invalid_bytes; ++i; continue; }
    census.multibyte_bytes += static_cast<int64_t>(n);
    i += n;
  }
  return census;
}

std::string RepairUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = ValidSequenceLength(s, i);
    if (n == 0) { out.append(kReplacement); ++i; continue; }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string Cp1252ToUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 && c < 0xA0) {
      AppendCodePoint(kCp1252High[c - 0x80], &out);
    } else {
      AppendCodePoint(c, &out);
    }
  }
  return out;
}

// Convert with iconv; false when iconv does not know `charset`.
bool IconvToUtf8(std::string_view bytes, const std::string& charset, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out->clear();
  out->reserve(bytes.size() + bytes.size() / 2);
  char buffer[16384];
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* dst = buffer;
    size_t dst_left = sizeof(buffer);
    size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
    out->append(buffer, static_cast<size_t>(dst - buffer));
    if (rc != static_cast<size_t>(-1) || errno == E2BIG) continue;
    out->append(kReplacement);  // EILSEQ: skip one byte; EINVAL: truncated at the end
    if (errno == EINVAL) break;
    ++in;
    --in_left;
  }
  iconv_close(cd);
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsUtf8Name(std::string_view name) {
  return name.empty() || name == "utf-8" || name == "utf8" || name == "us-ascii" ||
         name == "ascii" || name == "unicode-1-1-utf-8";
}

bool IsCp1252Name(std::string_view name) {
  return name == "iso-8859-1" || name == "iso8859-1" || name == "latin1" || name == "latin-1" ||
         name == "l1" || name == "windows-1252" || name == "cp1252" || name == "x-cp1252" ||
         name == "iso_8859-1" || name == "cp819";
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    size_t n = ValidSequenceLength(bytes, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string ToUtf8(std::string_view bytes, std::string_view charset) {
  std::string name = Lower(charset);
  if (IsUtf8Name(name)) return IsValidUtf8(bytes) ? std::string(bytes) : RepairUtf8(bytes);
  if (IsCp1252Name(name)) return Cp1252ToUtf8(bytes);
  std::string out;
  if (IconvToUtf8(bytes, name, &out)) return IsValidUtf8(out) ? out : RepairUtf8(out);
  return IsValidUtf8(bytes) ? std::string(bytes) : RepairUtf8(bytes);
}

bool LooksBinary(std::string_view content) {
  int64_t control = 0;
  for (char ch : content) {
    auto c = static_cast<unsigned char>(ch);
    if (c == 0) return true;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
         c != 0x1B) || c == 0x7F) {
      ++control;
    }
  }
  return control * 20 > static_cast<int64_t>(content.size());
}

Result<std::string> DecodeText(std::string_view content, std::string_view uri,
                               std::string_view declared_charset) {
  if (content.starts_with("\xEF\xBB\xBF")) return ToUtf8(content.substr(3), "utf-8");
  if (content.starts_with("\xFF\xFE") || content.starts_with("\xFE\xFF")) {
    return ToUtf8(content, "utf-16");  // iconv reads and drops the BOM
  }
  if (LooksBinary(content)) {
    std::string ext = UriExtension(uri);
    return Status::InvalidArgument(
        ext.empty() ? std::string("binary content (NUL or control bytes) in a text input")
                    : "binary content in a ." + ext + " file");
  }
  std::string name = Lower(declared_charset);
  if (!IsUtf8Name(name)) return ToUtf8(content, name);
  Utf8Census census = CountUtf8(content);
  if (census.invalid_bytes == 0) return std::string(content);
  if (census.invalid_bytes > census.multibyte_bytes) return Cp1252ToUtf8(content);
  return RepairUtf8(content);
}

}  // namespace strata::ingest
