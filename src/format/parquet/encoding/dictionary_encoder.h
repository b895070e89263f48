// DictionaryEncoder: builds the dictionary of one column chunk and maps values to indices, for
// RLE_DICTIONARY data pages.
//
// Distinct values are kept in an open-addressing hash table keyed by XXH3 of the value's bytes;
// the dictionary page body (the distinct values, PLAIN-encoded in first-seen order) grows as
// values arrive. The caller stops using the encoder (falls back to PLAIN) once size_bytes()
// passes its limit; pages already written with indices stay valid.
// Thread-safety: one encoder per column chunk, used by one thread at a time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "format/column.h"
#include "format/parquet/encoding/plain_encoder.h"

namespace strata::format::parquet::encoding {

class DictionaryEncoder {
 public:
  /// REQUIRES: `type` is a non-bool primitive kind.
  explicit DictionaryEncoder(const DataType& type);

  /// Append the index of every present slot of `leaf` in `runs` to `*indices`.
  void Put(const Column& leaf, std::span<const SlotRun> runs, std::vector<uint32_t>* indices);

  int32_t num_entries() const { return static_cast<int32_t>(entries_.size()); }
  /// Size of the dictionary page body.
  int64_t size_bytes() const { return static_cast<int64_t>(plain_.size()); }
  /// The dictionary page body: distinct values PLAIN-encoded in index order.
  const std::string& plain() const { return plain_; }
  /// Append the data-page body for `indices`: a bit-width byte, then the hybrid encoding.
  void EncodeIndices(std::span<const uint32_t> indices, std::string* out) const;

 private:
  struct Entry {
    uint64_t hash;
    uint32_t offset;  // of the value bytes in plain_ (after the length prefix for binary)
    uint32_t length;
  };
  uint32_t Insert(std::string_view value);
  void Grow();

  int width_;                    // 0 for BYTE_ARRAY
  std::string plain_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> slots_;  // 0 = empty, else entry index + 1
  uint64_t mask_ = 0;
};

}  // namespace strata::format::parquet::encoding
