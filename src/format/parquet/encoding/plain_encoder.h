// PLAIN encoding of leaf values straight from Column buffers.
//
// The values of one page are given as the leaf Column plus the runs of its slots that the page
// reaches (SlotRun, [begin, end) in the leaf column); null slots (validity 0) inside a run are
// skipped, since nulls live only in definition levels. Booleans are bit-packed LSB first,
// fixed-width values are copied little-endian, BYTE_ARRAY values get a 4-byte length prefix.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "format/column.h"

namespace strata::format::parquet::encoding {

/// A run [begin, end) of slots of a leaf column.
struct SlotRun {
  int64_t begin = 0;
  int64_t end = 0;
};

/// Call fn(begin, end) for each maximal stretch of present (non-null) slots inside `runs`.
template <typename Fn>
void ForEachPresentStretch(const Column& leaf, std::span<const SlotRun> runs, Fn&& fn) {
  const std::vector<uint8_t>& valid = leaf.validity();
  for (const SlotRun& r : runs) {
    if (valid.empty()) {
      if (r.end > r.begin) fn(r.begin, r.end);
      continue;
    }
    int64_t i = r.begin;
    while (i < r.end) {
      while (i < r.end && valid[i] == 0) ++i;
      int64_t s = i;
      while (i < r.end && valid[i] != 0) ++i;
      if (i > s) fn(s, i);
    }
  }
}

/// Byte width of a fixed-width leaf kind (bool counts 1, its in-memory width); 0 for kBinary.
int LeafWidth(const DataType& type);

/// Count the present (non-null) slots of `leaf` in `runs`.
int64_t CountPresent(const Column& leaf, std::span<const SlotRun> runs);

/// Append the PLAIN encoding of the present slots of `leaf` in `runs` to `*out`.
void PlainEncode(const Column& leaf, std::span<const SlotRun> runs, std::string* out);

}  // namespace strata::format::parquet::encoding
