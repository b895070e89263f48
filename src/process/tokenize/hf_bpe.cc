#include "process/tokenize/hf_bpe.h"

#include <cstddef>
#include <limits>

namespace strata::process::tokenize {
namespace {

constexpr int32_t kNoRank = std::numeric_limits<int32_t>::max();

uint64_t PairKey(int32_t left, int32_t right) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}

}  // namespace

std::string ByteToUnicode(uint8_t b) {
  // Printable Latin-1 bytes map to themselves; the others, in order, to U+0100, U+0101, ...
  auto printable = [](int c) {
    return (c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || (c >= 0xAE && c <= 0xFF);
  };
  uint32_t cp = b;
  if (!printable(b)) {
    int n = 0;
    for (int c = 0; c < b; ++c) n += printable(c) ? 0 : 1;
    cp = 256 + static_cast<uint32_t>(n);
  }
  std::string out;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return out;
}

Result<std::unique_ptr<HfBpeTokenizer>> HfBpeTokenizer::Make(std::string name,
                                                             const std::string& source,
                                                             HfBpeConfig config) {
  std::unique_ptr<HfBpeTokenizer> tok(new HfBpeTokenizer());
  tok->name_ = std::move(name);
  tok->pattern_ = config.pattern;
  tok->add_prefix_space_ = config.add_prefix_space;
  tok->ignore_merges_ = config.ignore_merges;
  for (int b = 0; b < 256; ++b) {
    const auto it = config.vocab.find(ByteToUnicode(static_cast<uint8_t>(b)));
    if (it == config.vocab.end()) {
      return Status::Corruption("tokenizer " + source + ": byte " + std::to_string(b) +
                                " is not in the vocabulary (not a byte-level BPE)");
    }
    tok->byte_ids_[b] = it->second;
  }
  tok->merges_.reserve(config.merges.size());
  for (size_t rank = 0; rank < config.merges.size(); ++rank) {
    const auto& [left, right] = config.merges[rank];
    const auto l = config.vocab.find(left);
    const auto r = config.vocab.find(right);
    const auto m = config.vocab.find(left + right);
    if (l == config.vocab.end() || r == config.vocab.end() || m == config.vocab.end()) {
      return Status::Corruption("tokenizer " + source + ": merge " + std::to_string(rank) + " \"" +
                                left + " " + right + "\" uses a token not in the vocabulary");
    }
    // The first (highest-priority) occurrence of a pair wins, as in Hugging Face.
    tok->merges_.emplace(PairKey(l->second, r->second),
                         Merge{static_cast<int32_t>(rank), m->second});
  }
  if (config.ignore_merges) tok->vocab_ = std::move(config.vocab);
  return tok;
}

int32_t HfBpeTokenizer::PairRank(int32_t left, int32_t right, int32_t* merged) const {
  const auto it = merges_.find(PairKey(left, right));
  if (it == merges_.end()) return kNoRank;
  *merged = it->second.id;
  return it->second.rank;
}

void HfBpeTokenizer::EncodePiece(std::string_view piece, std::vector<int32_t>* ids,
                                 std::vector<uint32_t>* ends) const {
  if (ignore_merges_) {
    std::string word;
    for (char c : piece) word += ByteToUnicode(static_cast<uint8_t>(c));
    if (const auto it = vocab_.find(word); it != vocab_.end()) {
      ids->push_back(it->second);
      if (ends) ends->push_back(static_cast<uint32_t>(piece.size()));
      return;
    }
  }
  std::vector<int32_t> sym(piece.size());
  std::vector<uint32_t> end(piece.size());
  for (size_t i = 0; i < piece.size(); ++i) {
    sym[i] = byte_ids_[static_cast<uint8_t>(piece[i])];
    end[i] = static_cast<uint32_t>(i + 1);
  }
  while (sym.size() > 1) {
    int32_t best_rank = kNoRank;
    int32_t best_id = 0;
    size_t best = 0;
    for (size_t i = 0; i + 1 < sym.size(); ++i) {
      int32_t merged = 0;
      const int32_t rank = PairRank(sym[i], sym[i + 1], &merged);
      if (rank < best_rank) best_rank = rank, best_id = merged, best = i;
    }
    if (best_rank == kNoRank) break;
    sym[best] = best_id;
    end[best] = end[best + 1];
    sym.erase(sym.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    end.erase(end.begin() + static_cast<std::ptrdiff_t>(best) + 1);
  }
  ids->insert(ids->end(), sym.begin(), sym.end());
  if (ends) ends->insert(ends->end(), end.begin(), end.end());
}

void HfBpeTokenizer::EncodeWithOffsets(std::string_view text, std::vector<int32_t>* ids,
                                       std::vector<uint32_t>* ends) const {
  ids->clear();
  if (ends) ends->clear();
  std::string prefixed;
  const bool prefix = add_prefix_space_ && !text.empty() && text[0] != ' ';
  if (prefix) {
    prefixed = " " + std::string(text);
    text = prefixed;
  }
  for (size_t pos = 0; pos < text.size();) {
    const size_t piece_end = NextPieceEnd(pattern_, text, pos);
    const size_t first = ends ? ends->size() : 0;
    EncodePiece(text.substr(pos, piece_end - pos), ids, ends);
    for (size_t i = first; ends && i < ends->size(); ++i) {
      size_t e = pos + (*ends)[i];  // a cut inside a character moves to that character's end
      while (e < piece_end && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
      (*ends)[i] = static_cast<uint32_t>(prefix && e > 0 ? e - 1 : e);
    }
    pos = piece_end;
  }
}

std::vector<int32_t> HfBpeTokenizer::Encode(std::string_view text) const {
  std::vector<int32_t> ids;
  EncodeWithOffsets(text, &ids, nullptr);
  return ids;
}

}  // namespace strata::process::tokenize
