// RLE/bit-packed hybrid run headers (parquet-format Encodings.md, "RLE").
#include "format/parquet/decoding/rle.h"

#include <string>

namespace strata::format::parquet::decoding {

Status RleBitPackedDecoder::NextRun() {
  uint64_t header = 0;
  if (in_.remaining() == 0) return Status::Corruption("parquet page: RLE data ends early");
  STRATA_RETURN_IF_ERROR(in_.ReadUleb(&header));
  uint64_t count = header >> 1;
  if (count == 0) return Status::Corruption("parquet page: empty RLE run");
  if (header & 1) {
    // Bit-packed: count groups of 8 values; the last group may be cut short by the page end.
    if (count > (uint64_t{1} << 31)) return Status::Corruption("parquet page: bit-packed run too long");
    size_t bytes = static_cast<size_t>(count) * bit_width_;
    size_t avail = std::min(bytes, in_.remaining());
    packed_ = in_.current();
    packed_bytes_ = avail;
    packed_index_ = 0;
    packed_left_ = bit_width_ == 0 ? static_cast<int64_t>(count) * 8
                                   : static_cast<int64_t>(avail) * 8 / bit_width_;
    if (packed_left_ > static_cast<int64_t>(count) * 8) packed_left_ = count * 8;
    if (packed_left_ == 0) return Status::Corruption("parquet page: truncated bit-packed run");
    STRATA_RETURN_IF_ERROR(in_.Advance(avail));
    return Status::OK();
  }
  size_t width = (bit_width_ + 7) / 8;
  if (in_.remaining() < width) return Status::Corruption("parquet page: truncated RLE run value");
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v |= static_cast<uint64_t>(in_.current()[i]) << (8 * i);
  STRATA_RETURN_IF_ERROR(in_.Advance(width));
  if (bit_width_ < 64 && (v >> bit_width_) != 0) {
    return Status::Corruption("parquet page: RLE value " + std::to_string(v) + " wider than " +
                              std::to_string(bit_width_) + " bits");
  }
  rle_value_ = v;
  rle_left_ = static_cast<int64_t>(std::min<uint64_t>(count, uint64_t{1} << 40));
  return Status::OK();
}

}  // namespace strata::format::parquet::decoding
