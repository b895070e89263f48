#include "index/text/analyzer.h"

#include <libstemmer.h>
#include <utf8proc.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "index/text/term_table.h"

namespace strata::index {
namespace {

enum class CharClass : uint8_t {
  kOther,
  kLetter,     // letters (and letter numbers such as Roman numerals)
  kDigit,      // decimal digits
  kConnector,  // '_' and other connector punctuation: joins anything
  kMark,       // combining marks: extend the current word
  kIdeograph,  // Han and Hiragana: a token on its own
  kMidLetter,  // ':' U+00B7 ...: inside a word between letters
  kMidNum,     // ',' ';': inside a number between digits
  kMidNumLet,  // '.' apostrophes: inside a word between letters or between digits
};

bool IsIdeograph(int32_t cp) {
  return (cp >= 0x3040 && cp <= 0x309F) ||  // Hiragana
         (cp >= 0x3400 && cp <= 0x4DBF) ||  // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK unified ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||  // CJK compatibility ideographs
         (cp >= 0x20000 && cp <= 0x3FFFF);  // CJK extensions B..
}

CharClass ClassifyPunct(int32_t cp) {
  switch (cp) {
    case '.':
    case '\'':
    case 0x2018:
    case 0x2019:
    case 0x2024:
    case 0xFE52:
    case 0xFF07:
    case 0xFF0E:
      return CharClass::kMidNumLet;
    case ':':
    case 0x00B7:
    case 0x0387:
    case 0x05F4:
    case 0x2027:
    case 0xFE13:
    case 0xFE55:
    case 0xFF1A:
      return CharClass::kMidLetter;
    case ',':
    case ';':
    case 0x037E:
    case 0x0589:
    case 0x060C:
    case 0x066C:
    case 0xFE10:
    case 0xFE14:
    case 0xFE50:
    case 0xFE54:
    case 0xFF0C:
    case 0xFF1B:
      return CharClass::kMidNum;
    default:
      return CharClass::kOther;
  }
}

CharClass ClassifySlow(int32_t cp) {
  if (IsIdeograph(cp)) return CharClass::kIdeograph;
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_NL:
      return CharClass::kLetter;
    case UTF8PROC_CATEGORY_ND:
      return CharClass::kDigit;
    case UTF8PROC_CATEGORY_PC:
      return CharClass::kConnector;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return CharClass::kMark;
    default:
      return ClassifyPunct(cp);
  }
}

const std::array<CharClass, 128>& AsciiClasses() {
  static const std::array<CharClass, 128> table = [] {
    std::array<CharClass, 128> t{};
    for (int c = 0; c < 128; ++c) t[c] = ClassifySlow(c);
    return t;
  }();
  return table;
}

/// Decode the code point at text[pos]; sets *len (1 for invalid bytes, which classify as other).
inline int32_t Decode(std::string_view text, size_t pos, size_t* len) {
  auto c = static_cast<uint8_t>(text[pos]);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  utf8proc_int32_t cp = -1;
  utf8proc_ssize_t n =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()) + pos,
                       static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
  *len = n > 0 ? static_cast<size_t>(n) : 1;
  return n > 0 ? cp : -1;
}

inline CharClass Classify(int32_t cp) {
  if (cp < 0) return CharClass::kOther;
  if (cp < 128) return AsciiClasses()[cp];
  return ClassifySlow(cp);
}

bool IsWordClass(CharClass c) {
  return c == CharClass::kLetter || c == CharClass::kDigit || c == CharClass::kConnector;
}

/// May `mid` join a word whose last word character is `before` to one starting with `after`?
bool Joins(CharClass before, CharClass mid, CharClass after) {
  if (before == CharClass::kLetter && after == CharClass::kLetter) {
    return mid == CharClass::kMidLetter || mid == CharClass::kMidNumLet;
  }
  if (before == CharClass::kDigit && after == CharClass::kDigit) {
    return mid == CharClass::kMidNum || mid == CharClass::kMidNumLet;
  }
  return false;
}

/// Drop a trailing "'s" / "’s" / "＇s" (EnglishPossessiveFilter).
std::string_view StripPossessive(std::string_view t) {
  if (t.size() < 2 || (t.back() != 's' && t.back() != 'S')) return t;
  std::string_view head = t.substr(0, t.size() - 1);
  if (head.ends_with('\'')) return head.substr(0, head.size() - 1);
  if (head.ends_with("\xE2\x80\x99") || head.ends_with("\xEF\xBC\x87")) {
    return head.substr(0, head.size() - 3);
  }
  return t;
}

/// NFKC_Casefold of `token` into `out` (ASCII: plain lowercase).
void Fold(std::string_view token, std::string& out) {
  bool ascii = true;
  for (char c : token) ascii &= static_cast<uint8_t>(c) < 0x80;
  out.assign(token);
  if (ascii) {
    for (char& c : out) c = (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
    return;
  }
  utf8proc_uint8_t* mapped = nullptr;
  auto options = utf8proc_option_t(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                   UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(token.data()),
                                    static_cast<utf8proc_ssize_t>(token.size()), &mapped, options);
  if (n >= 0) out.assign(reinterpret_cast<const char*>(mapped), static_cast<size_t>(n));
  std::free(mapped);
}

/// One thread's stemmer for one algorithm, with a bounded cache of recent stems.
class ThreadStemmer {
 public:
  static constexpr size_t kCacheEntries = 1 << 17;

  explicit ThreadStemmer(const std::string& algorithm)
      : stemmer_(sb_stemmer_new(algorithm.c_str(), "UTF_8")) {}
  ~ThreadStemmer() {
    if (stemmer_) sb_stemmer_delete(stemmer_);
  }
  ThreadStemmer(const ThreadStemmer&) = delete;
  ThreadStemmer& operator=(const ThreadStemmer&) = delete;

  /// The stem of `word` (the word itself when the stemmer could not be created).
  const std::string& Stem(const std::string& word) {
    if (cache_.size() >= kCacheEntries) {
      cache_.Clear();
      stems_.clear();
    }
    bool inserted;
    uint32_t id = cache_.Intern(word, &inserted);
    if (!inserted) return stems_[id];
    std::string& stem = stems_.emplace_back(word);
    if (stemmer_) {
      const sb_symbol* s = sb_stemmer_stem(
          stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
      if (s) stem.assign(reinterpret_cast<const char*>(s), size_t(sb_stemmer_length(stemmer_)));
    }
    return stem;
  }

 private:
  sb_stemmer* stemmer_;
  TermTable cache_;                 // folded word -> id
  std::vector<std::string> stems_;  // id -> stem
};

ThreadStemmer& StemmerFor(const std::string& algorithm) {
  thread_local std::unordered_map<std::string, std::unique_ptr<ThreadStemmer>> stemmers;
  auto& slot = stemmers[algorithm];
  if (!slot) slot = std::make_unique<ThreadStemmer>(algorithm);
  return *slot;
}

}  // namespace

bool IsEnglishStopWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "a",   "an",    "and",  "are",   "as",    "at",   "be",   "but", "by",  "for",  "if",
      "in",  "into",  "is",   "it",    "no",    "not",  "of",   "on",  "or",  "such", "that",
      "the", "their", "then", "there", "these", "they", "this", "to",  "was", "will", "with"};
  if (w.size() > 5) return false;
  for (std::string_view s : kWords) {
    if (s == w) return true;
  }
  return false;
}

Result<std::unique_ptr<StandardAnalyzer>> StandardAnalyzer::Open(const TextIndexOptions& options) {
  std::string stemmer = options.stemmer;
  if (stemmer == "none" || stemmer.empty()) {
    stemmer.clear();
  } else {
    sb_stemmer* probe = sb_stemmer_new(stemmer.c_str(), "UTF_8");
    if (!probe) {
      std::string known;
      for (const char** name = sb_stemmer_list(); *name; ++name) {
        known += (known.empty() ? "" : ", ") + std::string(*name);
      }
      return Status::InvalidArgument("unknown stemmer '" + options.stemmer +
                                     "' (libstemmer has: " + known + ", or 'none')");
    }
    sb_stemmer_delete(probe);
  }
  return std::unique_ptr<StandardAnalyzer>(new StandardAnalyzer(stemmer, options.stopwords));
}

Result<std::unique_ptr<Analyzer>> Analyzer::Make(const TextIndexOptions& options) {
  STRATA_ASSIGN_OR_RETURN(auto analyzer, StandardAnalyzer::Open(options));
  return std::unique_ptr<Analyzer>(std::move(analyzer));
}

void StandardAnalyzer::Terms(std::string_view text, std::vector<std::string>* terms) const {
  ForEachTerm(text, [terms](std::string_view t) { terms->emplace_back(t); });
}

namespace {

/// Fold, filter and stem one raw token, then hand it to fn.
template <typename Fn>
void Emit(std::string_view token, std::string& scratch, bool stopwords, ThreadStemmer* stemmer,
          const Fn& fn) {
  token = StripPossessive(token);
  if (token.empty()) return;
  Fold(token, scratch);
  if (scratch.empty()) return;
  if (stopwords && IsEnglishStopWord(scratch)) return;
  fn(stemmer ? std::string_view(stemmer->Stem(scratch)) : std::string_view(scratch));
}

}  // namespace

void StandardAnalyzer::ForEachTermImpl(std::string_view text, FunctionRef fn) const {
  ThreadStemmer* stemmer = stemmer_.empty() ? nullptr : &StemmerFor(stemmer_);
  std::string scratch;
  size_t pos = 0;
  const size_t n = text.size();
  while (pos < n) {
    size_t len;
    CharClass cls = Classify(Decode(text, pos, &len));
    if (cls == CharClass::kIdeograph) {
      size_t end = pos + len;
      while (end < n) {  // keep combining marks with their ideograph
        size_t l2;
        if (Classify(Decode(text, end, &l2)) != CharClass::kMark) break;
        end += l2;
      }
      Emit(text.substr(pos, end - pos), scratch, stopwords_, stemmer, fn);
      pos = end;
      continue;
    }
    if (!IsWordClass(cls)) {
      pos += len;
      continue;
    }
    const size_t start = pos;
    CharClass last = cls;
    pos += len;
    while (pos < n) {
      CharClass c = Classify(Decode(text, pos, &len));
      if (IsWordClass(c)) {
        last = c;
        pos += len;
      } else if (c == CharClass::kMark) {
        pos += len;
      } else if (c == CharClass::kMidLetter || c == CharClass::kMidNum ||
                 c == CharClass::kMidNumLet) {
        if (pos + len >= n) break;
        size_t next_len;
        CharClass after = Classify(Decode(text, pos + len, &next_len));
        if (!Joins(last, c, after)) break;
        last = after;
        pos += len + next_len;
      } else {
        break;
      }
    }
    Emit(text.substr(start, pos - start), scratch, stopwords_, stemmer, fn);
  }
}

}  // namespace strata::index
