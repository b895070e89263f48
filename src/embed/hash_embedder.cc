#include "embed/hash_embedder.h"

#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "process/tokenize/char_class.h"

// XXH3 inlined here (the same function as common/hash.h's Xxh3, which the tests check): the
// n-gram loop hashes a few bytes at a time and a library call per n-gram was a fifth of the time.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace strata::embed {
namespace {

namespace tk = process::tokenize;

inline uint64_t Xxh3(std::string_view data, uint64_t seed) {
  return XXH3_64bits_withSeed(data.data(), data.size(), seed);
}

constexpr uint64_t kWordSeed = 0x5354524154413157ULL;  // distinct seeds per feature kind
constexpr uint64_t kBigramSeed = 0x5354524154413242ULL;
constexpr uint64_t kCharGramSeed = 0x5354524154413343ULL;
// Weights chosen on Cranfield and BEIR SciFact (hash_embedder_quality_test.cc; docs/embedding.md
// has the figures): raw term frequency beat 1 + ln(tf) on both, as did heavier n-grams.
constexpr float kWordWeight = 1.0f;
constexpr float kStopWordWeight = 0.1f;
constexpr float kBigramWeight = 0.3f;
constexpr float kCharGramWeight = 1.5f;
constexpr size_t kMaxCharGramWordLength = 40;  // code points of a word that yield n-grams

// English function words: frequent everywhere, so they carry little meaning for retrieval.
const std::unordered_set<std::string_view>& StopWords() {
  static const std::unordered_set<std::string_view> kWords = {
      "a",     "about", "after", "all",   "also",  "an",    "and",   "any",  "are",  "as",
      "at",    "be",    "been",  "but",   "by",    "can",   "could", "did",  "do",   "does",
      "for",   "from",  "had",   "has",   "have",  "he",    "her",   "his",  "how",  "i",
      "if",    "in",    "into",  "is",    "it",    "its",   "may",   "more", "most", "no",
      "not",   "of",    "on",    "one",   "only",  "or",    "other", "our",  "she",  "should",
      "so",    "some",  "such",  "than",  "that",  "the",   "their", "them", "then", "there",
      "these", "they",  "this",  "those", "to",    "two",   "up",    "use",  "used", "was",
      "we",    "were",  "what",  "when",  "where", "which", "while", "who",  "will", "with",
      "would", "you",   "your"};
  return kWords;
}

bool IsCjkIdeograph(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2FA1F) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x3040 && cp <= 0x30FF);  // kana too: no spaces between Japanese words
}

void AppendLower(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
    return;
  }
  utf8proc_uint8_t buf[4];
  const auto lower = utf8proc_tolower(static_cast<utf8proc_int32_t>(cp));
  const auto n = utf8proc_encode_char(lower, buf);
  out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

struct Word {
  uint32_t begin;  // in Scratch::text
  uint32_t end;
  uint64_t hash;
};

// Open-addressing counter keyed by 64-bit feature hashes.
class Counter {
 public:
  struct Slot {
    uint64_t key;
    uint32_t count;  // 0 = empty
    uint32_t first;  // index of the first occurrence (words: into Scratch::words)
  };
  void Reset(size_t expected) {
    size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;
    slots_.assign(cap, Slot{0, 0, 0});
    used_.clear();
  }
  void Add(uint64_t key, uint32_t index) {
    const size_t mask = slots_.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.count == 0) {
        s = Slot{key, 1, index};
        used_.push_back(static_cast<uint32_t>(i));
        return;
      }
      if (s.key == key) {
        ++s.count;
        return;
      }
    }
  }
  template <typename F>
  void ForEach(F&& f) const {
    for (uint32_t i : used_) f(slots_[i]);
  }

 private:
  std::vector<Slot> slots_;
  std::vector<uint32_t> used_;  // filled slots in first-seen order (deterministic sums)
};

struct Scratch {
  std::string text;  // lower-cased words, back to back
  std::vector<Word> words;
  Counter word_counts;
  Counter bigram_counts;
  std::string gram;
  std::vector<uint32_t> offsets;
};

void SplitWords(std::string_view text, Scratch* s) {
  s->text.clear();
  s->words.clear();
  size_t word_begin = 0;
  bool in_word = false;
  auto finish = [&] {
    if (!in_word) return;
    const auto begin = static_cast<uint32_t>(word_begin);
    const auto end = static_cast<uint32_t>(s->text.size());
    s->words.push_back(
        {begin, end, Xxh3(std::string_view(s->text).substr(begin, end - begin), kWordSeed)});
    in_word = false;
  };
  for (size_t pos = 0; pos < text.size();) {
    const tk::CodePoint c = tk::DecodeAt(text, pos);
    pos += c.len;
    const bool cjk = c.cp >= 0x3040 && IsCjkIdeograph(c.cp);
    if (cjk || !(c.cls & (tk::kLetter | tk::kNumber | tk::kMark))) {
      finish();
      if (!cjk) continue;
    }
    if (!in_word) word_begin = s->text.size(), in_word = true;
    AppendLower(c.cp, &s->text);
    if (cjk) finish();
  }
  finish();
}

inline void AddFeature(uint64_t h, float weight, int dim, float* out) {
  const uint64_t bucket = ((h >> 32) * static_cast<uint64_t>(dim)) >> 32;
  out[bucket] += weight * (1.0f - 2.0f * static_cast<float>(h & 1));  // branch-free sign
}

void AddCharGrams(std::string_view word, float weight, int dim, Scratch* s, float* out) {
  s->gram.assign("<");
  s->offsets.clear();
  s->offsets.push_back(0);
  for (size_t pos = 0; pos < word.size() && s->offsets.size() <= kMaxCharGramWordLength;) {
    pos += tk::DecodeAt(word, pos).len;
    s->offsets.push_back(static_cast<uint32_t>(pos));
  }
  const size_t used_bytes = s->offsets.back();
  s->gram.append(word.substr(0, used_bytes));
  s->gram.push_back('>');
  // Code point starts in `gram`: '<', each character shifted by one, '>', end.
  for (auto& o : s->offsets) o += 1;
  s->offsets.insert(s->offsets.begin(), 0);
  s->offsets.push_back(static_cast<uint32_t>(s->gram.size()));
  const size_t cps = s->offsets.size() - 1;
  size_t grams = 0;
  for (size_t n = 3; n <= 5; ++n) grams += cps >= n ? cps - n + 1 : 0;
  if (grams == 0) return;
  const float w = weight * kCharGramWeight / std::sqrt(static_cast<float>(grams));
  const std::string_view g = s->gram;
  for (size_t n = 3; n <= 5 && n <= cps; ++n) {
    for (size_t i = 0; i + n <= cps; ++i) {
      const uint32_t b = s->offsets[i];
      AddFeature(Xxh3(g.substr(b, s->offsets[i + n] - b), kCharGramSeed + n), w, dim, out);
    }
  }
}

}  // namespace

HashEmbedder::HashEmbedder(int dimension)
    : dimension_(dimension), model_id_("hash-" + std::to_string(dimension) + "-v1") {}

Result<std::unique_ptr<HashEmbedder>> HashEmbedder::Make(int dimension) {
  if (dimension < 1 || dimension > kMaxDimension) {
    return Status::InvalidArgument("hash embedder: dimension " + std::to_string(dimension) +
                                   " is out of range [1, " + std::to_string(kMaxDimension) + "]");
  }
  return std::unique_ptr<HashEmbedder>(new HashEmbedder(dimension));
}

void HashEmbedder::EmbedOne(std::string_view text, float* out) const {
  thread_local Scratch s;
  std::fill(out, out + dimension_, 0.0f);
  SplitWords(text, &s);
  if (s.words.empty()) return;
  s.word_counts.Reset(s.words.size());
  s.bigram_counts.Reset(s.words.size());
  for (size_t i = 0; i < s.words.size(); ++i) {
    s.word_counts.Add(s.words[i].hash, static_cast<uint32_t>(i));
    if (i > 0) {
      const uint64_t pair[2] = {s.words[i - 1].hash, s.words[i].hash};
      s.bigram_counts.Add(
          Xxh3(std::string_view(reinterpret_cast<const char*>(pair), sizeof(pair)), kBigramSeed),
          0);
    }
  }
  const std::string_view all = s.text;
  s.word_counts.ForEach([&](const Counter::Slot& slot) {
    const Word& w = s.words[slot.first];
    const std::string_view word = all.substr(w.begin, w.end - w.begin);
    const float base = StopWords().count(word) ? kStopWordWeight : kWordWeight;
    const float weight = base * static_cast<float>(slot.count);
    AddFeature(w.hash, weight, dimension_, out);
    AddCharGrams(word, weight, dimension_, &s, out);
  });
  s.bigram_counts.ForEach([&](const Counter::Slot& slot) {
    AddFeature(slot.key, kBigramWeight * static_cast<float>(slot.count), dimension_, out);
  });
  double norm = 0;
  for (int i = 0; i < dimension_; ++i) norm += static_cast<double>(out[i]) * out[i];
  if (norm <= 0) return;
  const auto inv = static_cast<float>(1.0 / std::sqrt(norm));
  for (int i = 0; i < dimension_; ++i) out[i] *= inv;
}

Status HashEmbedder::Embed(std::span<const std::string_view> texts, std::vector<float>* out) const {
  out->assign(texts.size() * static_cast<size_t>(dimension_), 0.0f);
  for (size_t i = 0; i < texts.size(); ++i) {
    EmbedOne(texts[i], out->data() + i * static_cast<size_t>(dimension_));
  }
  return Status::OK();
}

}  // namespace strata::embed
