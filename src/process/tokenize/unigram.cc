#include "process/tokenize/unigram.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "process/tokenize/char_class.h"

namespace strata::process::tokenize {

using Json = nlohmann::json;

struct UnigramTokenizer::NormalizerStep {
  enum class Kind { kBert, kUnicodeForm, kStrip, kReplace, kCollapseSpaces, kReplaceChars };
  Kind kind;
  // kBert
  bool clean_text = true, handle_chinese_chars = true, strip_accents = true, lowercase = true;
  // kUnicodeForm: utf8proc options
  int utf8proc_options = 0;
  // kStrip
  bool strip_left = true, strip_right = true;
  // kReplace / kCollapseSpaces
  std::u32string pattern, content;
  // kReplaceChars: several one-character Replace steps applied in one pass
  std::unordered_map<char32_t, std::u32string> replacements;
};

struct UnigramTokenizer::PreTokenizerStep {
  enum class Kind { kMetaspace, kWhitespaceSplit };
  enum class Prepend { kAlways, kFirst, kNever };
  Kind kind;
  char32_t replacement = U'\u2581';
  Prepend prepend = Prepend::kAlways;
  bool split = true;
};

namespace {

using NormalizerStep = UnigramTokenizer::NormalizerStep;
using PreTokenizerStep = UnigramTokenizer::PreTokenizerStep;
using Source = UnigramTokenizer::Source;

std::string TypeOf(const Json& j) {
  return j.is_object() && j.contains("type") && j["type"].is_string() ? j["type"].get<std::string>()
                                                                      : "";
}

Status Unsupported(const std::string& source, const std::string& field, const Json& value) {
  return Status::NotSupported("tokenizer " + source + ": " + field + " " +
                              value.dump().substr(0, 200) + " is not supported");
}

std::u32string Decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) {
    const CodePoint c = DecodeAt(s, pos);
    pos += c.len;
    out.push_back(c.cp);
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string* out) {
  utf8proc_uint8_t buf[4];
  const auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

std::string Encode(const std::u32string& s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) AppendUtf8(c, &out);
  return out;
}

bool IsSpace(char32_t cp) { return ClassOf(cp) & kSpace; }


void ApplyBert(const NormalizerStep& n, std::u32string* text, std::vector<Source>* align) {
  std::u32string out;
  out.reserve(text->size());
  std::vector<Source> out_align;
  utf8proc_int32_t decomposed[8];
  for (size_t at = 0; at < text->size(); ++at) {
    char32_t cp = (*text)[at];
    const Source src = align ? (*align)[at] : Source{0, 0};
    if (n.clean_text) {
      if (cp == 0 || cp == 0xFFFD || IsBertControl(cp)) continue;
      if (IsSpace(cp)) cp = ' ';
    }
    const bool chinese = n.handle_chinese_chars && IsBertChineseChar(cp);
    if (chinese) {
      out.push_back(' ');
      if (align) out_align.push_back({src.begin, src.begin});
    }
    utf8proc_ssize_t count = 1;
    decomposed[0] = static_cast<utf8proc_int32_t>(cp);
    if (n.strip_accents && cp >= 0x80) {
      int boundclass = 0;
      count =
          utf8proc_decompose_char(decomposed[0], decomposed, 8, UTF8PROC_DECOMPOSE, &boundclass);
      if (count < 0 || count > 8) count = 1, decomposed[0] = static_cast<utf8proc_int32_t>(cp);
    }
    for (utf8proc_ssize_t i = 0; i < count; ++i) {
      utf8proc_int32_t d = decomposed[i];
      if (n.strip_accents && utf8proc_category(d) == UTF8PROC_CATEGORY_MN) continue;
      if (n.lowercase) d = utf8proc_tolower(d);
      out.push_back(static_cast<char32_t>(d));
      if (align) out_align.push_back(src);
    }
    if (chinese) {
      out.push_back(' ');
      if (align) out_align.push_back({src.end, src.end});
    }
  }
  *text = std::move(out);
  if (align) *align = std::move(out_align);
}

// `text` in Unicode normalization form `options` (unchanged when utf8proc fails).
std::u32string UnicodeForm(int options, const std::u32string& text) {
  const std::string utf8 = Encode(text);
  utf8proc_uint8_t* mapped = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                              static_cast<utf8proc_ssize_t>(utf8.size()), &mapped,
                              static_cast<utf8proc_option_t>(options));
  std::u32string out =
      n >= 0 && mapped ? Decode(std::string_view(reinterpret_cast<char*>(mapped), n)) : text;
  std::free(mapped);
  return out;
}

// Alignment through a Unicode form: the text is normalized in runs that start at an ASCII
// character (a starter no composition or reordering crosses), each output character mapped to
// its whole run. Should the runs not reproduce `normalized`, every character maps to the whole
// text (coarse, but ordered and inside it).
void AlignUnicodeForm(int options, const std::u32string& text, const std::u32string& normalized,
                      std::vector<Source>* align) {
  if (normalized == text) return;
  std::u32string joined;
  std::vector<Source> out;
  for (size_t begin = 0; begin < text.size();) {
    size_t end = begin + 1;
    while (end < text.size() && text[end] >= 0x80) ++end;
    const std::u32string run = UnicodeForm(options, text.substr(begin, end - begin));
    joined += run;
    out.insert(out.end(), run.size(), Source{(*align)[begin].begin, (*align)[end - 1].end});
    begin = end;
  }
  if (joined != normalized) {
    const Source all =
        text.empty() ? Source{0, 0} : Source{align->front().begin, align->back().end};
    out.assign(normalized.size(), all);
  }
  *align = std::move(out);
}

void ApplyUnicodeForm(int options, std::u32string* text, std::vector<Source>* align) {
  std::u32string normalized = UnicodeForm(options, *text);
  if (align) AlignUnicodeForm(options, *text, normalized, align);
  *text = std::move(normalized);
}

void ApplyReplace(const NormalizerStep& n, std::u32string* text, std::vector<Source>* align) {
  if (n.pattern.empty()) return;
  std::u32string out;
  out.reserve(text->size());
  std::vector<Source> out_align;
  for (size_t i = 0; i < text->size();) {
    if (text->compare(i, n.pattern.size(), n.pattern) == 0) {
      out += n.content;
      if (align) {
        const Source src{(*align)[i].begin, (*align)[i + n.pattern.size() - 1].end};
        out_align.insert(out_align.end(), n.content.size(), src);
      }
      i += n.pattern.size();
    } else {
      if (align) out_align.push_back((*align)[i]);
      out.push_back((*text)[i++]);
    }
  }
  *text = std::move(out);
  if (align) *align = std::move(out_align);
}

void ApplyReplaceChars(const NormalizerStep& n, std::u32string* text, std::vector<Source>* align) {
  std::u32string out;
  out.reserve(text->size() + text->size() / 4);
  std::vector<Source> out_align;
  for (size_t i = 0; i < text->size(); ++i) {
    const char32_t c = (*text)[i];
    const auto it = n.replacements.find(c);
    if (it == n.replacements.end()) {
      out.push_back(c);
      if (align) out_align.push_back((*align)[i]);
    } else {
      out += it->second;
      if (align) out_align.insert(out_align.end(), it->second.size(), (*align)[i]);
    }
  }
  *text = std::move(out);
  if (align) *align = std::move(out_align);
}

// Fuse runs of one-character Replace steps (model2vec's tokenizers space out each ASCII
// punctuation character with ~30 of them) into one pass. Sequential and simultaneous replacement
// agree as long as no step's content holds a character that a later step of the run replaces.
void FuseCharReplacements(std::vector<NormalizerStep>* steps) {
  std::vector<NormalizerStep> out;
  for (NormalizerStep& step : *steps) {
    const bool one_char = step.kind == NormalizerStep::Kind::kReplace && step.pattern.size() == 1;
    NormalizerStep* last = out.empty() ? nullptr : &out.back();
    if (one_char && last != nullptr && last->kind == NormalizerStep::Kind::kReplaceChars) {
      bool safe = !last->replacements.count(step.pattern[0]);
      for (const auto& [from, to] : last->replacements) {
        if (to.find(step.pattern[0]) != std::u32string::npos) safe = false;
      }
      if (safe) {
        last->replacements.emplace(step.pattern[0], step.content);
        continue;
      }
    }
    if (one_char) {
      NormalizerStep fused{};
      fused.kind = NormalizerStep::Kind::kReplaceChars;
      fused.replacements.emplace(step.pattern[0], step.content);
      out.push_back(std::move(fused));
      continue;
    }
    out.push_back(std::move(step));
  }
  *steps = std::move(out);
}

void ApplyCollapseSpaces(const NormalizerStep& n, std::u32string* text,
                         std::vector<Source>* align) {
  std::u32string out;
  out.reserve(text->size());
  std::vector<Source> out_align;
  for (size_t i = 0; i < text->size();) {
    if (!IsSpace((*text)[i])) {
      if (align) out_align.push_back((*align)[i]);
      out.push_back((*text)[i++]);
      continue;
    }
    const size_t begin = i;
    while (i < text->size() && IsSpace((*text)[i])) ++i;
    out += n.content;
    if (align) {
      out_align.insert(out_align.end(), n.content.size(),
                       Source{(*align)[begin].begin, (*align)[i - 1].end});
    }
  }
  *text = std::move(out);
  if (align) *align = std::move(out_align);
}

void ApplyStrip(const NormalizerStep& n, std::u32string* text, std::vector<Source>* align) {
  size_t begin = 0, end = text->size();
  if (n.strip_left)
    while (begin < end && IsSpace((*text)[begin])) ++begin;
  if (n.strip_right)
    while (end > begin && IsSpace((*text)[end - 1])) --end;
  *text = text->substr(begin, end - begin);
  if (align) *align = std::vector<Source>(align->begin() + begin, align->begin() + end);
}

Status ParseNormalizer(const std::string& source, const Json& j,
                       std::vector<NormalizerStep>* steps) {
  if (j.is_null()) return Status::OK();
  const std::string type = TypeOf(j);
  NormalizerStep step{};
  if (type == "Sequence") {
    for (const Json& sub : j.value("normalizers", Json::array())) {
      STRATA_RETURN_IF_ERROR(ParseNormalizer(source, sub, steps));
    }
    return Status::OK();
  } else if (type == "BertNormalizer") {
    step.kind = NormalizerStep::Kind::kBert;
    step.clean_text = j.value("clean_text", true);
    step.handle_chinese_chars = j.value("handle_chinese_chars", true);
    step.lowercase = j.value("lowercase", true);
    const Json strip = j.value("strip_accents", Json());
    step.strip_accents = strip.is_boolean() ? strip.get<bool>() : step.lowercase;
  } else if (type == "Lowercase") {
    step.kind = NormalizerStep::Kind::kBert;
    step.clean_text = step.handle_chinese_chars = step.strip_accents = false;
  } else if (type == "NFC" || type == "NFD" || type == "NFKC" || type == "NFKD") {
    step.kind = NormalizerStep::Kind::kUnicodeForm;
    int opt = UTF8PROC_STABLE | (type.back() == 'C' ? UTF8PROC_COMPOSE : UTF8PROC_DECOMPOSE);
    if (type.size() == 4) opt |= UTF8PROC_COMPAT;  // NFKC, NFKD
    step.utf8proc_options = opt;
  } else if (type == "Strip") {
    step.kind = NormalizerStep::Kind::kStrip;
    step.strip_left = j.value("strip_left", true);
    step.strip_right = j.value("strip_right", true);
  } else if (type == "Replace") {
    const Json& pattern = j.value("pattern", Json());
    step.content = Decode(j.value("content", ""));
    if (pattern.is_object() && pattern.contains("String")) {
      step.kind = NormalizerStep::Kind::kReplace;
      step.pattern = Decode(pattern["String"].get<std::string>());
    } else if (pattern.is_object() && pattern.value("Regex", "") == "\\s+") {
      step.kind = NormalizerStep::Kind::kCollapseSpaces;
    } else {
      return Unsupported(source, "Replace pattern", pattern);
    }
  } else {
    return Unsupported(source, "normalizer", j);
  }
  steps->push_back(std::move(step));
  return Status::OK();
}

Status ParsePreTokenizer(const std::string& source, const Json& j,
                         std::vector<PreTokenizerStep>* steps) {
  if (j.is_null()) return Status::OK();
  const std::string type = TypeOf(j);
  PreTokenizerStep step{};
  if (type == "Sequence") {
    for (const Json& sub : j.value("pretokenizers", Json::array())) {
      STRATA_RETURN_IF_ERROR(ParsePreTokenizer(source, sub, steps));
    }
    return Status::OK();
  } else if (type == "Metaspace") {
    step.kind = PreTokenizerStep::Kind::kMetaspace;
    const std::u32string rep = Decode(j.value("replacement", "\u2581"));
    if (rep.size() != 1) return Unsupported(source, "Metaspace replacement", j);
    step.replacement = rep[0];
    step.split = j.value("split", true);
    const std::string scheme =
        j.value("prepend_scheme", j.value("add_prefix_space", true) ? "always" : "never");
    if (scheme == "always") {
      step.prepend = PreTokenizerStep::Prepend::kAlways;
    } else if (scheme == "first") {
      step.prepend = PreTokenizerStep::Prepend::kFirst;
    } else if (scheme == "never") {
      step.prepend = PreTokenizerStep::Prepend::kNever;
    } else {
      return Unsupported(source, "Metaspace prepend_scheme", j);
    }
  } else if (type == "WhitespaceSplit") {
    step.kind = PreTokenizerStep::Kind::kWhitespaceSplit;
  } else {
    return Unsupported(source, "pre_tokenizer", j);
  }
  steps->push_back(step);
  return Status::OK();
}

// Pieces of a pre-tokenizer step, with their alignments when `aligns` is not null.
struct Pieces {
  std::vector<std::u32string>* texts;
  std::vector<std::vector<Source>>* aligns;

  void Add(const std::u32string& s, const std::vector<Source>* align, size_t begin, size_t end) {
    texts->push_back(s.substr(begin, end - begin));
    if (aligns) aligns->emplace_back(align->begin() + begin, align->begin() + end);
  }
};

void Metaspace(const PreTokenizerStep& step, const std::u32string& in,
               const std::vector<Source>* in_align, bool first, Pieces out) {
  std::u32string s = in;
  for (char32_t& c : s) {
    if (c == U' ') c = step.replacement;
  }
  std::vector<Source> align;
  if (in_align) align = *in_align;
  const bool prepend = step.prepend == PreTokenizerStep::Prepend::kAlways ||
                       (step.prepend == PreTokenizerStep::Prepend::kFirst && first);
  if (prepend && !s.empty() && s[0] != step.replacement) {
    s.insert(s.begin(), step.replacement);
    if (in_align) align.insert(align.begin(), Source{align[0].begin, align[0].begin});
  }
  if (!step.split) {
    if (!s.empty()) out.Add(s, &align, 0, s.size());
    return;
  }
  size_t begin = 0;
  for (size_t i = 1; i <= s.size(); ++i) {  // each piece starts at a replacement character
    if (i == s.size() || s[i] == step.replacement) {
      out.Add(s, &align, begin, i);
      begin = i;
    }
  }
}

void WhitespaceSplit(const std::u32string& in, const std::vector<Source>* align, Pieces out) {
  size_t i = 0;
  while (i < in.size()) {
    while (i < in.size() && IsSpace(in[i])) ++i;
    const size_t begin = i;
    while (i < in.size() && !IsSpace(in[i])) ++i;
    if (i > begin) out.Add(in, align, begin, i);
  }
}

}  // namespace

UnigramTokenizer::UnigramTokenizer() = default;
UnigramTokenizer::~UnigramTokenizer() = default;

Result<std::unique_ptr<UnigramTokenizer>> UnigramTokenizer::Make(const Json& root,
                                                                 const std::string& source,
                                                                 std::string name) {
  std::unique_ptr<UnigramTokenizer> tok(new UnigramTokenizer());
  tok->name_ = std::move(name);
  try {
    const Json& model = root.at("model");
    if (TypeOf(model) != "Unigram")
      return Unsupported(source, "model", model.value("type", Json()));
    if (model.value("byte_fallback", false))
      return Unsupported(source, "model.byte_fallback", true);
    STRATA_RETURN_IF_ERROR(
        ParseNormalizer(source, root.value("normalizer", Json()), &tok->normalizers_));
    FuseCharReplacements(&tok->normalizers_);
    STRATA_RETURN_IF_ERROR(
        ParsePreTokenizer(source, root.value("pre_tokenizer", Json()), &tok->pre_tokenizers_));
    const Json& vocab = model.at("vocab");
    double min_score = std::numeric_limits<double>::max();
    for (size_t id = 0; id < vocab.size(); ++id) {
      const Json& entry = vocab[id];
      const std::string piece = entry.at(0).get<std::string>();
      const double score = entry.at(1).get<double>();
      min_score = std::min(min_score, score);
      tok->pieces_.Insert(piece, static_cast<int32_t>(id));
      tok->scores_.push_back(score);
    }
    const Json unk = model.value("unk_id", Json());
    if (!unk.is_number_integer() || unk.get<int64_t>() < 0 || unk.get<size_t>() >= vocab.size()) {
      return Status::Corruption("tokenizer " + source + ": model.unk_id " + unk.dump() +
                                " is not an index into the " + std::to_string(vocab.size()) +
                                "-piece vocabulary");
    }
    tok->unk_id_ = unk.get<int32_t>();
    tok->unk_score_ = (vocab.empty() ? 0.0 : min_score) - 10.0;
  } catch (const Json::exception& e) {
    return Status::Corruption("tokenizer " + source + ": malformed tokenizer.json: " + e.what());
  }
  return tok;
}

void UnigramTokenizer::Normalize(std::u32string* text, std::vector<Source>* align) const {
  for (const NormalizerStep& n : normalizers_) {
    switch (n.kind) {
      case NormalizerStep::Kind::kBert:
        ApplyBert(n, text, align);
        break;
      case NormalizerStep::Kind::kUnicodeForm:
        ApplyUnicodeForm(n.utf8proc_options, text, align);
        break;
      case NormalizerStep::Kind::kStrip:
        ApplyStrip(n, text, align);
        break;
      case NormalizerStep::Kind::kReplace:
        ApplyReplace(n, text, align);
        break;
      case NormalizerStep::Kind::kReplaceChars:
        ApplyReplaceChars(n, text, align);
        break;
      case NormalizerStep::Kind::kCollapseSpaces:
        ApplyCollapseSpaces(n, text, align);
        break;
    }
  }
}

void UnigramTokenizer::PreTokenize(std::u32string text, std::vector<Source> align,
                                   std::vector<std::u32string>* pieces,
                                   std::vector<std::vector<Source>>* piece_aligns) const {
  pieces->clear();
  if (piece_aligns) piece_aligns->clear();
  if (!text.empty()) {
    pieces->push_back(std::move(text));
    if (piece_aligns) piece_aligns->push_back(std::move(align));
  }
  std::vector<std::u32string> next;
  std::vector<std::vector<Source>> next_aligns;
  for (const PreTokenizerStep& step : pre_tokenizers_) {
    next.clear();
    next_aligns.clear();
    const Pieces out{&next, piece_aligns ? &next_aligns : nullptr};
    for (size_t i = 0; i < pieces->size(); ++i) {
      const std::vector<Source>* a = piece_aligns ? &(*piece_aligns)[i] : nullptr;
      if (step.kind == PreTokenizerStep::Kind::kMetaspace) {
        Metaspace(step, (*pieces)[i], a, i == 0, out);
      } else {
        WhitespaceSplit((*pieces)[i], a, out);
      }
    }
    pieces->swap(next);
    if (piece_aligns) piece_aligns->swap(next_aligns);
  }
}

void UnigramTokenizer::EncodePiece(const std::u32string& piece, std::vector<int32_t>* ids,
                                   std::vector<size_t>* char_ends) const {
  const size_t n = piece.size();
  std::string bytes;
  std::vector<size_t> offset(n + 1);
  for (size_t i = 0; i < n; ++i) {
    offset[i] = bytes.size();
    AppendUtf8(piece[i], &bytes);
  }
  offset[n] = bytes.size();
  struct Best {
    double score = 0;
    size_t start = 0;
    int32_t id = -1;
    bool reached = false;
  };
  std::vector<Best> best(n + 1);
  best[0].reached = true;
  for (size_t start = 0; start < n; ++start) {
    if (!best[start].reached) continue;
    bool has_single = false;
    int32_t node = PieceTrie::kRoot;
    for (size_t end = start + 1; end <= n && node != PieceTrie::kNone; ++end) {
      for (size_t b = offset[end - 1]; b < offset[end] && node != PieceTrie::kNone; ++b) {
        node = pieces_.Child(node, static_cast<uint8_t>(bytes[b]));
      }
      if (node == PieceTrie::kNone) break;  // no piece starts with this: none longer either
      const int32_t id = pieces_.Piece(node);
      if (id == PieceTrie::kNone) continue;  // only a prefix of longer pieces
      if (end == start + 1) has_single = true;
      const double score = best[start].score + scores_[id];
      Best& b = best[end];
      if (!b.reached || score > b.score) b = Best{score, start, id, true};
    }
    if (!has_single) {
      const double score = best[start].score + unk_score_;
      Best& b = best[start + 1];
      if (!b.reached || score > b.score) b = Best{score, start, unk_id_, true};
    }
  }
  std::vector<size_t> reversed_ends;  // the end of each token, last token first
  for (size_t end = n; end > 0; end = best[end].start) reversed_ends.push_back(end);
  bool last_unk = false;
  for (auto it = reversed_ends.rbegin(); it != reversed_ends.rend(); ++it) {
    const int32_t id = best[*it].id;
    const bool unk = id == unk_id_;
    if (unk && last_unk) {  // consecutive unknowns fuse into one
      if (char_ends) char_ends->back() = *it;
    } else {
      ids->push_back(id);
      if (char_ends) char_ends->push_back(*it);
    }
    last_unk = unk;
  }
}

std::vector<int32_t> UnigramTokenizer::Encode(std::string_view text) const {
  std::u32string normalized = Decode(text);
  Normalize(&normalized, nullptr);
  std::vector<std::u32string> pieces;
  PreTokenize(std::move(normalized), {}, &pieces, nullptr);
  std::vector<int32_t> ids;
  for (const std::u32string& piece : pieces) EncodePiece(piece, &ids, nullptr);
  return ids;
}

void UnigramTokenizer::EncodeWithOffsets(std::string_view text, std::vector<int32_t>* ids,
                                         std::vector<uint32_t>* ends) const {
  ids->clear();
  ends->clear();
  std::u32string normalized;
  std::vector<Source> align;
  for (size_t pos = 0; pos < text.size();) {
    const CodePoint c = DecodeAt(text, pos);
    normalized.push_back(c.cp);
    align.push_back({static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + c.len)});
    pos += c.len;
  }
  Normalize(&normalized, &align);
  std::vector<std::u32string> pieces;
  std::vector<std::vector<Source>> piece_aligns;
  PreTokenize(std::move(normalized), std::move(align), &pieces, &piece_aligns);
  std::vector<size_t> char_ends;
  for (size_t p = 0; p < pieces.size(); ++p) {
    char_ends.clear();
    EncodePiece(pieces[p], ids, &char_ends);
    for (size_t end : char_ends) {
      // Inserted characters can map before an earlier token's end: keep the ends ordered.
      const uint32_t at = piece_aligns[p][end - 1].end;
      ends->push_back(ends->empty() ? at : std::max(ends->back(), at));
    }
  }
}

}  // namespace strata::process::tokenize
