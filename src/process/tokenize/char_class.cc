#include "process/tokenize/char_class.h"

#include <utf8proc.h>

#include <array>

namespace strata::process::tokenize {
namespace {

bool IsWhiteSpace(uint32_t cp) {  // the Unicode White_Space property
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

bool IsAsciiPunct(uint32_t cp) {
  return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) ||
         (cp >= 123 && cp <= 126);
}

uint8_t ComputeClass(uint32_t cp) {
  if (cp > 0x10FFFF) return kOther;
  uint8_t cls = kOther;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
      cls = kUpper;
      break;
    case UTF8PROC_CATEGORY_LL:
      cls = kLower;
      break;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      cls = kOtherLetter;
      break;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      cls = kMark;
      break;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      cls = kNumber;
      break;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
      cls = kPunct;
      break;
    default:
      break;
  }
  if (IsAsciiPunct(cp)) cls |= kPunct;
  if (IsWhiteSpace(cp)) cls |= kSpace;
  if (cp == '\r' || cp == '\n') cls |= kNewline;
  return cls;
}

// Classes of the Basic Multilingual Plane, computed once.
const std::array<uint8_t, 0x10000>& BmpClasses() {
  static const auto* table = [] {
    auto* t = new std::array<uint8_t, 0x10000>;
    for (uint32_t cp = 0; cp < 0x10000; ++cp) (*t)[cp] = ComputeClass(cp);
    return t;
  }();
  return *table;
}

constexpr std::array<uint8_t, 128> MakeAscii() {
  std::array<uint8_t, 128> t{};
  for (uint32_t c = 0; c < 128; ++c) {
    uint8_t cls = kOther;
    if (c >= 'A' && c <= 'Z') cls = kUpper;
    if (c >= 'a' && c <= 'z') cls = kLower;
    if (c >= '0' && c <= '9') cls = kNumber;
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
        (c >= 123 && c <= 126)) {
      cls = kPunct;
    }
    if ((c >= 0x09 && c <= 0x0D) || c == 0x20) cls = kSpace;
    if (c == '\r' || c == '\n') cls = kSpace | kNewline;
    t[c] = cls;
  }
  return t;
}

constexpr std::array<uint8_t, 128> kAscii = MakeAscii();

}  // namespace

namespace internal {

const uint8_t kAsciiClass[128] = {
#define STRATA_ROW(i)                                                                   \
  kAscii[i], kAscii[i + 1], kAscii[i + 2], kAscii[i + 3], kAscii[i + 4], kAscii[i + 5], \
      kAscii[i + 6], kAscii[i + 7]
    STRATA_ROW(0),  STRATA_ROW(8),  STRATA_ROW(16), STRATA_ROW(24),  STRATA_ROW(32),
    STRATA_ROW(40), STRATA_ROW(48), STRATA_ROW(56), STRATA_ROW(64),  STRATA_ROW(72),
    STRATA_ROW(80), STRATA_ROW(88), STRATA_ROW(96), STRATA_ROW(104), STRATA_ROW(112),
    STRATA_ROW(120)
#undef STRATA_ROW
};

CodePoint DecodeSlow(std::string_view s, size_t pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + pos;
  const size_t avail = s.size() - pos;
  uint32_t cp = 0;
  uint32_t len = 0;
  if (p[0] >= 0xC2 && p[0] <= 0xDF) {
    cp = p[0] & 0x1F;
    len = 2;
  } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
    cp = p[0] & 0x0F;
    len = 3;
  } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
    cp = p[0] & 0x07;
    len = 4;
  }
  const CodePoint invalid{0xFFFD, 1, kOther};
  if (len == 0 || avail < len) return invalid;
  for (uint32_t i = 1; i < len; ++i) {
    if ((p[i] & 0xC0) != 0x80) return invalid;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  // Reject overlong forms, surrogates and values above U+10FFFF.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return invalid;
  }
  return {cp, len, ClassOf(cp)};
}

}  // namespace internal

uint8_t ClassOf(uint32_t cp) {
  if (cp < 0x10000) return BmpClasses()[cp];
  return ComputeClass(cp);
}

bool IsBertChineseChar(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F) ||
         (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

bool IsBertControl(uint32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r') return false;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_CN:
      return true;
    default:
      return false;
  }
}

}  // namespace strata::process::tokenize
