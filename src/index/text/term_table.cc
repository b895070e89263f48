#include "index/text/term_table.h"

#include <bit>

#include "common/hash.h"

namespace strata::index {

size_t TermTable::Probe(std::string_view term, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = uint32_t(hash >> 32);
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id_plus_1 == 0) return i;
    if (slot.tag == tag && Term(slot.id_plus_1 - 1) == term) return i;
  }
}

uint32_t TermTable::Find(std::string_view term) const {
  if (slots_.empty()) return kMissing;
  const Slot& slot = slots_[Probe(term, Xxh3(term))];
  return slot.id_plus_1 ? slot.id_plus_1 - 1 : kMissing;
}

uint32_t TermTable::Intern(std::string_view term, bool* inserted) {
  if ((size() + 1) * 2 > slots_.size()) Grow();
  const uint64_t hash = Xxh3(term);
  Slot& slot = slots_[Probe(term, hash)];
  if (inserted) *inserted = slot.id_plus_1 == 0;
  if (slot.id_plus_1) return slot.id_plus_1 - 1;
  const uint32_t id = size();
  bytes_.append(term);
  offsets_.push_back(uint32_t(bytes_.size()));
  slot = {id + 1, uint32_t(hash >> 32)};
  return id;
}

void TermTable::Reserve(size_t terms, size_t bytes) {
  bytes_.reserve(bytes);
  offsets_.reserve(terms + 1);
  while (slots_.size() < terms * 2) Grow();
}

void TermTable::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (!s.id_plus_1) continue;
    size_t i = Xxh3(Term(s.id_plus_1 - 1)) & mask;
    while (slots_[i].id_plus_1) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

void TermTable::Clear() {
  slots_.clear();
  bytes_.clear();
  offsets_.assign(1, 0);
}

}  // namespace strata::index
