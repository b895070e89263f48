#include "process/tokenize/tiktoken.h"

#include <algorithm>
#include <charconv>

#include "process/tokenize/tokenizer_file.h"

namespace strata::process::tokenize {
namespace {

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string_view StemOf(std::string_view path) {
  const size_t slash = path.rfind('/');
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  const size_t dot = path.find('.');
  return dot == std::string_view::npos ? path : path.substr(0, dot);
}

// Parse the lines "base64token rank" of `data` into `ranks`.
Status ParseRanks(const std::string& path, std::string_view data, BytePairRanks* ranks) {
  ranks->Reserve(static_cast<size_t>(std::count(data.begin(), data.end(), '\n')) + 1);
  std::string bytes;
  size_t line_no = 0;
  while (!data.empty()) {
    const size_t nl = data.find('\n');
    std::string_view line = data.substr(0, nl);
    data.remove_prefix(nl == std::string_view::npos ? data.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const auto where = [&] {
      return "tokenizer file " + path + " line " + std::to_string(line_no);
    };
    const size_t space = line.find(' ');
    int32_t rank = -1;
    std::string_view num = space == std::string_view::npos ? "" : line.substr(space + 1);
    auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), rank);
    if (space == std::string_view::npos || ec != std::errc() || end != num.data() + num.size() ||
        rank < 0 || !DecodeBase64(line.substr(0, space), &bytes) || bytes.empty()) {
      return Status::Corruption(where() + ": expected \"base64token rank\"");
    }
    if (!ranks->Insert(bytes, rank)) return Status::Corruption(where() + ": duplicate token");
  }
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    if (ranks->Find(std::string_view(&c, 1)) == BytePairRanks::kAbsent) {
      return Status::Corruption("tokenizer file " + path + ": byte " + std::to_string(b) +
                                " has no rank (not a byte-level BPE file)");
    }
  }
  return Status::OK();
}

}  // namespace

bool DecodeBase64(std::string_view in, std::string* out) {
  out->clear();
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const int v = Base64Value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return bits < 6;
}

Result<SplitPattern> PatternOfEncoding(std::string_view encoding) {
  if (encoding == "cl100k_base") return SplitPattern::kCl100k;
  if (encoding == "o200k_base") return SplitPattern::kO200k;
  if (encoding == "r50k_base" || encoding == "p50k_base" || encoding == "p50k_edit" ||
      encoding == "gpt2") {
    return SplitPattern::kGpt2;
  }
  return Status::InvalidArgument("unknown tiktoken encoding \"" + std::string(encoding) +
                                 "\" (known: cl100k_base, o200k_base, r50k_base, p50k_base)");
}

Result<std::unique_ptr<TiktokenTokenizer>> TiktokenTokenizer::Open(const std::string& path,
                                                                   std::string_view encoding,
                                                                   std::string name) {
  if (encoding.empty()) encoding = StemOf(path);
  STRATA_ASSIGN_OR_RETURN(SplitPattern pattern, PatternOfEncoding(encoding));
  STRATA_ASSIGN_OR_RETURN(std::string data, ReadTokenizerFile(path));
  BytePairRanks ranks;
  STRATA_RETURN_IF_ERROR(ParseRanks(path, data, &ranks));
  return std::unique_ptr<TiktokenTokenizer>(
      new TiktokenTokenizer(std::move(name), pattern, std::move(ranks)));
}

std::vector<int32_t> TiktokenTokenizer::Encode(std::string_view text) const {
  std::vector<int32_t> ids;
  ids.reserve(text.size() / 3 + 1);
  MergeScratch scratch;
  for (size_t pos = 0; pos < text.size();) {
    const size_t end = NextPieceEnd(pattern_, text, pos);
    BytePairEncode(ranks_, text.substr(pos, end - pos), &scratch, &ids, nullptr);
    pos = end;
  }
  return ids;
}

void TiktokenTokenizer::EncodeWithOffsets(std::string_view text, std::vector<int32_t>* ids,
                                          std::vector<uint32_t>* ends) const {
  ids->clear();
  ends->clear();
  MergeScratch scratch;
  for (size_t pos = 0; pos < text.size();) {
    const size_t end = NextPieceEnd(pattern_, text, pos);
    const size_t first = ends->size();
    BytePairEncode(ranks_, text.substr(pos, end - pos), &scratch, ids, ends);
    for (size_t i = first; i < ends->size(); ++i) {
      size_t e = pos + (*ends)[i];  // move a cut inside a character to that character's end
      while (e < end && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
      (*ends)[i] = static_cast<uint32_t>(e);
    }
    pos = end;
  }
}

}  // namespace strata::process::tokenize
