#include "process/language.h"

#include <cld2/internal/lang_script.h>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <algorithm>
#include <cctype>

#include "process/normalize.h"

namespace strata::process {
namespace {

// CLD2 takes an int length and looks at a prefix anyway; 1 MiB of text is plenty to decide.
constexpr size_t kMaxBytes = 8 << 10;  // a document's language: CLD2 is as sure on 8 KiB as on all of it
// Fewer letters than this is too little text to name a language.
constexpr int kMinLetters = 12;

int CountLetters(std::string_view text) {
  int letters = 0;
  for (unsigned char c : text) {
    // ASCII letters, and lead bytes of multi-byte sequences (letters of other scripts).
    if (std::isalpha(c) || c >= 0xC0) ++letters;
  }
  return letters;
}

/// Cut `text` to at most kMaxBytes without splitting a UTF-8 sequence.
std::string_view Prefix(std::string_view text) {
  if (text.size() <= kMaxBytes) return text;
  size_t end = kMaxBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

std::string DetectLanguage(std::string_view text) {
  std::string repaired = RepairUtf8(Prefix(text));
  if (CountLetters(repaired) < kMinLetters) return "und";
  CLD2::Language language3[3];
  int percent3[3];
  double scores3[3];
  int text_bytes = 0;
  bool reliable = false;
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  CLD2::Language lang = CLD2::ExtDetectLanguageSummary(
      repaired.data(), static_cast<int>(repaired.size()), /*is_plain_text=*/true,
      &hints, /*flags=*/0, language3, percent3, scores3,
      /*resultchunkvector=*/nullptr, &text_bytes, &reliable);
  if (!reliable || lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) {
    return "und";
  }
  std::string code = CLD2::LanguageCode(lang);
  code = code.substr(0, code.find('-'));  // "zh-Hant" -> "zh"
  if (code.empty() || code == "un" || code == "xx") return "und";
  return code;
}

}  // namespace strata::process
