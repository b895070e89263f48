#include "format/parquet/encoding/dictionary_encoder.h"

#include <cstring>

#include "common/hash.h"
#include "format/parquet/encoding/rle_encoder.h"

namespace strata::format::parquet::encoding {

DictionaryEncoder::DictionaryEncoder(const DataType& type)
    : width_(LeafWidth(type)), slots_(1024, 0), mask_(1023) {}

void DictionaryEncoder::Grow() {
  std::vector<uint32_t> bigger(slots_.size() * 2, 0);
  uint64_t mask = bigger.size() - 1;
  for (size_t e = 0; e < entries_.size(); ++e) {
    uint64_t s = entries_[e].hash & mask;
    while (bigger[s] != 0) s = (s + 1) & mask;
    bigger[s] = static_cast<uint32_t>(e + 1);
  }
  slots_ = std::move(bigger);
  mask_ = mask;
}

uint32_t DictionaryEncoder::Insert(std::string_view value) {
  uint64_t h = Xxh3(value);
  uint64_t s = h & mask_;
  while (uint32_t slot = slots_[s]) {
    const Entry& e = entries_[slot - 1];
    if (e.hash == h && e.length == value.size() &&
        std::memcmp(plain_.data() + e.offset, value.data(), value.size()) == 0) {
      return slot - 1;
    }
    s = (s + 1) & mask_;
  }
  if (width_ == 0) {
    uint32_t len = static_cast<uint32_t>(value.size());
    plain_.append(reinterpret_cast<const char*>(&len), 4);
  }
  uint32_t index = static_cast<uint32_t>(entries_.size());
  entries_.push_back({h, static_cast<uint32_t>(plain_.size()), static_cast<uint32_t>(value.size())});
  plain_.append(value);
  slots_[s] = index + 1;
  if (entries_.size() * 2 > slots_.size()) Grow();
  return index;
}

void DictionaryEncoder::Put(const Column& leaf, std::span<const SlotRun> runs,
                            std::vector<uint32_t>* indices) {
  const char* base = reinterpret_cast<const char*>(leaf.data().data());
  const std::vector<int64_t>& off = leaf.offsets();
  for (const SlotRun& r : runs) {
    for (int64_t i = r.begin; i < r.end; ++i) {
      if (!leaf.IsValid(i)) continue;
      std::string_view v =
          width_ == 0 ? std::string_view(base + off[i], static_cast<size_t>(off[i + 1] - off[i]))
                      : std::string_view(base + i * width_, static_cast<size_t>(width_));
      indices->push_back(Insert(v));
    }
  }
}

void DictionaryEncoder::EncodeIndices(std::span<const uint32_t> indices, std::string* out) const {
  int bit_width = entries_.size() <= 1 ? 1 : BitWidth(entries_.size() - 1);
  out->push_back(static_cast<char>(bit_width));
  EncodeRleHybrid(indices, bit_width, out);
}

}  // namespace strata::format::parquet::encoding
