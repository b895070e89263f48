#include "process/tokenize/wordpiece.h"

#include <utf8proc.h>

#include "process/tokenize/char_class.h"
#include "process/tokenize/tokenizer_file.h"

namespace strata::process::tokenize {

// One normalized code point and the end of the source character it came from.
struct WordPieceTokenizer::NormChar {
  uint32_t cp;
  uint32_t source_end;
};

namespace {

void AppendUtf8(uint32_t cp, std::string* out) {
  utf8proc_uint8_t buf[4];
  const auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

}  // namespace

WordPieceTokenizer::WordPieceTokenizer(std::string name, Vocab vocab,
                                       BertNormalizerOptions normalizer, WordPieceOptions options,
                                       int32_t unk_id)
    : name_(std::move(name)),
      vocab_(std::move(vocab)),
      normalizer_(normalizer),
      options_(std::move(options)),
      unk_id_(unk_id) {}

Result<std::unique_ptr<WordPieceTokenizer>> WordPieceTokenizer::Make(
    std::string name, const std::string& source, Vocab vocab, BertNormalizerOptions normalizer,
    WordPieceOptions options) {
  const auto unk = vocab.find(options.unk_token);
  if (unk == vocab.end()) {
    return Status::Corruption("tokenizer " + source + ": unknown token \"" + options.unk_token +
                              "\" is not in the vocabulary");
  }
  const int32_t unk_id = unk->second;
  return std::unique_ptr<WordPieceTokenizer>(new WordPieceTokenizer(
      std::move(name), std::move(vocab), normalizer, std::move(options), unk_id));
}

void WordPieceTokenizer::Normalize(std::string_view text, std::vector<NormChar>* out) const {
  const BertNormalizerOptions& opt = normalizer_;
  utf8proc_int32_t decomposed[8];
  for (size_t pos = 0; pos < text.size();) {
    const CodePoint c = DecodeAt(text, pos);
    pos += c.len;
    const auto end = static_cast<uint32_t>(pos);
    uint32_t cp = c.cp;
    if (opt.clean_text) {
      if (cp == 0 || cp == 0xFFFD || IsBertControl(cp)) continue;
      if (c.cls & kSpace) cp = ' ';
    }
    const bool chinese = opt.handle_chinese_chars && IsBertChineseChar(cp);
    if (chinese) out->push_back({' ', end});
    utf8proc_ssize_t n = 1;
    decomposed[0] = static_cast<utf8proc_int32_t>(cp);
    if (opt.strip_accents && cp >= 0x80) {
      int boundclass = 0;
      n = utf8proc_decompose_char(decomposed[0], decomposed, 8, UTF8PROC_DECOMPOSE, &boundclass);
      if (n < 0 || n > 8) n = 1, decomposed[0] = static_cast<utf8proc_int32_t>(cp);
    }
    for (utf8proc_ssize_t i = 0; i < n; ++i) {
      utf8proc_int32_t d = decomposed[i];
      if (opt.strip_accents && utf8proc_category(d) == UTF8PROC_CATEGORY_MN) continue;
      if (opt.lowercase) d = utf8proc_tolower(d);
      out->push_back({static_cast<uint32_t>(d), end});
    }
    if (chinese) out->push_back({' ', end});
  }
}

void WordPieceTokenizer::EncodeWord(const NormChar* chars, size_t n, std::vector<int32_t>* ids,
                                    std::vector<uint32_t>* ends) const {
  if (n > static_cast<size_t>(options_.max_input_chars_per_word)) {
    ids->push_back(unk_id_);
    if (ends) ends->push_back(chars[n - 1].source_end);
    return;
  }
  std::string word;
  std::vector<size_t> offset(n + 1);  // byte offset in `word` of each character
  for (size_t i = 0; i < n; ++i) {
    offset[i] = word.size();
    AppendUtf8(chars[i].cp, &word);
  }
  offset[n] = word.size();
  const size_t first = ids->size();
  std::string key;
  for (size_t start = 0; start < n;) {
    size_t end = n;
    for (; end > start; --end) {
      key.assign(start > 0 ? options_.continuing_prefix : "");
      key.append(word, offset[start], offset[end] - offset[start]);
      if (const auto it = vocab_.find(key); it != vocab_.end()) {
        ids->push_back(it->second);
        if (ends) ends->push_back(chars[end - 1].source_end);
        break;
      }
    }
    if (end == start) {  // no piece covers this position: the whole word is unknown
      ids->resize(first);
      if (ends) ends->resize(first);
      ids->push_back(unk_id_);
      if (ends) ends->push_back(chars[n - 1].source_end);
      return;
    }
    start = end;
  }
}

void WordPieceTokenizer::EncodeWithOffsets(std::string_view text, std::vector<int32_t>* ids,
                                           std::vector<uint32_t>* ends) const {
  ids->clear();
  if (ends) ends->clear();
  std::vector<NormChar> chars;
  chars.reserve(text.size() + 8);
  Normalize(text, &chars);
  size_t word_start = 0;
  for (size_t i = 0; i <= chars.size(); ++i) {
    const uint8_t cls = i < chars.size() ? ClassOf(chars[i].cp) : kSpace;
    if (!(cls & (kSpace | kPunct))) continue;
    if (i > word_start) EncodeWord(&chars[word_start], i - word_start, ids, ends);
    if (cls & kPunct) EncodeWord(&chars[i], 1, ids, ends);
    word_start = i + 1;
  }
}

std::vector<int32_t> WordPieceTokenizer::Encode(std::string_view text) const {
  std::vector<int32_t> ids;
  EncodeWithOffsets(text, &ids, nullptr);
  return ids;
}

Result<std::unique_ptr<Tokenizer>> OpenWordPieceVocab(const std::string& path, std::string name) {
  STRATA_ASSIGN_OR_RETURN(std::string data, ReadTokenizerFile(path));
  Vocab vocab;
  std::string_view rest = data;
  for (int32_t id = 0; !rest.empty(); ++id) {
    const size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    vocab.emplace(std::string(line), id);
  }
  STRATA_ASSIGN_OR_RETURN(
      auto tok, WordPieceTokenizer::Make(std::move(name), path, std::move(vocab), {}, {}));
  return std::unique_ptr<Tokenizer>(std::move(tok));
}

}  // namespace strata::process::tokenize
