// Page loop of one column chunk: dictionary page, data pages v1 and v2.
#include "format/parquet/reader_column.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "format/parquet/compression.h"
#include "format/parquet/decoding/rle.h"

namespace strata::format::parquet {
namespace {

using decoding::ValueBuffer;

// PARQUET-816: parquet-mr up to 1.2.8 left the dictionary page header out of the chunk size.
constexpr int64_t kMaxDictionaryHeaderSize = 100;

int BitWidth(int v) {
  int w = 0;
  while (v > 0) ++w, v >>= 1;
  return w;
}

// True when `in` (levels of `n` entries, with a 4-byte length prefix in data page v1) starts with
// one RLE run of at least `n` copies of `value`, `bw` bits wide.
bool SingleRleRun(Encoding enc, std::string_view in, int64_t n, int value, int bw, bool prefixed) {
  if (enc != Encoding::kRle) return false;
  if (prefixed) {
    uint32_t len;
    if (in.size() < 4) return false;
    std::memcpy(&len, in.data(), 4);
    if (len > in.size() - 4) return false;
    in = in.substr(4, len);
  }
  uint64_t header = 0;
  size_t i = 0;
  for (int shift = 0;; shift += 7, ++i) {
    if (i >= in.size() || shift > 56) return false;
    uint8_t b = static_cast<uint8_t>(in[i]);
    header |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) break;
  }
  ++i;
  size_t bytes = (static_cast<size_t>(bw) + 7) / 8;
  if ((header & 1) != 0 || (header >> 1) < static_cast<uint64_t>(n) || in.size() - i < bytes) {
    return false;
  }
  uint32_t v = 0;
  for (size_t b = 0; b < bytes; ++b) v |= static_cast<uint32_t>(static_cast<uint8_t>(in[i + b])) << (8 * b);
  return v == static_cast<uint32_t>(value);
}

class ChunkDecoder {
 public:
  ChunkDecoder(const ChunkSource& src, const ColumnMetaData& meta, const LeafDescriptor& leaf)
      : src_(src), meta_(meta), leaf_(leaf) {}

  Status Run(std::string_view bytes, int64_t num_rows, ChunkData* out);

 private:
  Status ReadPage(std::string_view* rest, ChunkData* out);
  Status Decompress(std::string_view in, size_t size, std::string_view* out);
  Status DictionaryPage(const PageHeader& h, std::string_view body);
  Status DataPageV1(const PageHeader& h, std::string_view body, ChunkData* out);
  Status DataPageV2(const PageHeader& h, std::string_view body, ChunkData* out);
  Status Levels(Encoding enc, std::string_view* in, int16_t max, int64_t n, bool prefixed,
                LevelVector* out);
  Status DefLevels(Encoding enc, std::string_view* in, int64_t n, bool prefixed, ChunkData* out);
  Status Values(Encoding enc, std::string_view in, int64_t n, ChunkData* out);
  Status CheckEntries(int64_t n) const;

  const ChunkSource& src_;
  const ColumnMetaData& meta_;
  const LeafDescriptor& leaf_;
  std::string scratch_;
  ValueBuffer dict_;
  bool have_dict_ = false;
  bool seen_data_ = false;
  int64_t entries_ = 0;
};

// Rows that the level entries [from, end) hold: entries starting a top-level record.
int64_t CountRecords(const ChunkData& c, int64_t from) {
  if (c.rep_levels.empty()) return c.num_entries - from;
  return std::count(c.rep_levels.begin() + from, c.rep_levels.end(), 0);
}

Status ChunkDecoder::Run(std::string_view bytes, int64_t num_rows, ChunkData* out) {
  const int64_t first = out->num_entries;
  int width = out->values.width;
  dict_.width = width;
  dict_.byte_limit = src_.byte_limit;
  while (entries_ < meta_.num_values && !bytes.empty()) {
    STRATA_RETURN_IF_ERROR(ReadPage(&bytes, out));
  }
  if (entries_ != meta_.num_values) {
    return Status::Corruption("column chunk holds " + std::to_string(entries_) + " of the " +
                              std::to_string(meta_.num_values) + " values its metadata claims");
  }
  out->num_entries += entries_;
  if (!out->rep_levels.empty() && entries_ > 0 && out->rep_levels[first] != 0) {
    return Status::Corruption("column chunk starts with repetition level " +
                              std::to_string(out->rep_levels[first]) + " instead of 0");
  }
  int64_t records = CountRecords(*out, first);
  if (records != num_rows) {
    return Status::Corruption("column chunk holds " + std::to_string(records) +
                              " rows, its row group " + std::to_string(num_rows));
  }
  return Status::OK();
}

Status ChunkDecoder::CheckEntries(int64_t n) const {
  if (n < 0 || n > meta_.num_values - entries_) {
    return Status::Corruption("page holds " + std::to_string(n) +
                              " values, more than the column chunk's remaining " +
                              std::to_string(meta_.num_values - entries_));
  }
  return Status::OK();
}

Status ChunkDecoder::ReadPage(std::string_view* rest, ChunkData* out) {
  size_t used = 0;
  STRATA_ASSIGN_OR_RETURN(PageHeader h, DecodePageHeader(*rest, &used));
  rest->remove_prefix(used);
  if (h.compressed_page_size < 0 || static_cast<size_t>(h.compressed_page_size) > rest->size()) {
    return Status::Corruption("page of " + std::to_string(h.compressed_page_size) +
                              " bytes runs past the column chunk");
  }
  if (h.uncompressed_page_size < 0) return Status::Corruption("page with a negative size");
  if (h.uncompressed_page_size > src_.byte_limit) {
    return Status::NotSupported("page decompressing to " +
                                std::to_string(h.uncompressed_page_size) +
                                " bytes, beyond the reader's limit of " +
                                std::to_string(src_.byte_limit) + " bytes for this file");
  }
  std::string_view body = rest->substr(0, h.compressed_page_size);
  rest->remove_prefix(h.compressed_page_size);
  switch (h.type) {
    case PageType::kDictionaryPage:
      return DictionaryPage(h, body);
    case PageType::kDataPage:
      return DataPageV1(h, body, out);
    case PageType::kDataPageV2:
      return DataPageV2(h, body, out);
    default:
      return Status::OK();  // index pages and unknown page types carry no values
  }
}

Status ChunkDecoder::Decompress(std::string_view in, size_t size, std::string_view* out) {
  if (meta_.codec == CompressionCodec::kUncompressed || (size == 0 && in.empty())) {
    if (in.size() != size) {
      return Status::Corruption("uncompressed page of " + std::to_string(in.size()) +
                                " bytes, header says " + std::to_string(size));
    }
    *out = in;
    return Status::OK();
  }
  scratch_.resize(size);
  STRATA_RETURN_IF_ERROR(parquet::Decompress(meta_.codec, in,
                                             reinterpret_cast<uint8_t*>(scratch_.data()), size));
  *out = scratch_;
  return Status::OK();
}

Status ChunkDecoder::DictionaryPage(const PageHeader& h, std::string_view body) {
  if (have_dict_ || seen_data_) return Status::Corruption("dictionary page after data or twice");
  if (!h.dictionary_page_header) return Status::Corruption("dictionary page without its header");
  const DictionaryPageHeader& d = *h.dictionary_page_header;
  if (d.encoding != Encoding::kPlain && d.encoding != Encoding::kPlainDictionary) {
    return Status::NotSupported("dictionary page encoding " +
                                std::to_string(static_cast<int>(d.encoding)));
  }
  if (d.num_values < 0) return Status::Corruption("dictionary page with negative size");
  std::string_view data;
  STRATA_RETURN_IF_ERROR(Decompress(body, h.uncompressed_page_size, &data));
  STRATA_RETURN_IF_ERROR(decoding::DecodePlain(leaf_.physical, data, d.num_values, &dict_));
  have_dict_ = true;
  return Status::OK();
}

Status ChunkDecoder::Levels(Encoding enc, std::string_view* in, int16_t max, int64_t n,
                            bool prefixed, LevelVector* out) {
  size_t at = out->size();
  out->resize(at + n);
  int16_t* dst = out->data() + at;
  int bw = BitWidth(max);
  if (enc == Encoding::kBitPacked && prefixed) {
    // Deprecated BIT_PACKED levels: MSB-first, no length prefix.
    uint64_t bytes = (static_cast<uint64_t>(n) * bw + 7) / 8;
    if (bytes > in->size()) return Status::Corruption("BIT_PACKED levels truncated");
    const auto* p = reinterpret_cast<const uint8_t*>(in->data());
    for (int64_t i = 0; i < n; ++i) {
      int v = 0;
      for (int b = 0; b < bw; ++b) {
        uint64_t bit = static_cast<uint64_t>(i) * bw + b;
        v = (v << 1) | ((p[bit >> 3] >> (7 - (bit & 7))) & 1);
      }
      dst[i] = static_cast<int16_t>(v);
    }
    in->remove_prefix(bytes);
  } else {
    if (enc != Encoding::kRle) {
      return Status::NotSupported("level encoding " + std::to_string(static_cast<int>(enc)));
    }
    std::string_view run = *in;
    if (prefixed) {
      if (in->size() < 4) return Status::Corruption("level data truncated");
      uint32_t len;
      std::memcpy(&len, in->data(), 4);
      if (len > in->size() - 4) return Status::Corruption("level data length past the page end");
      run = in->substr(4, len);
      in->remove_prefix(4 + static_cast<size_t>(len));
    }
    decoding::RleBitPackedDecoder dec(reinterpret_cast<const uint8_t*>(run.data()), run.size(), bw);
    STRATA_RETURN_IF_ERROR(dec.Get(dst, n));
  }
  int16_t seen = 0;
  for (int64_t i = 0; i < n; ++i) seen = std::max(seen, dst[i]);
  if (seen > max) {
    return Status::Corruption("level " + std::to_string(seen) + " above the maximum " +
                              std::to_string(max));
  }
  return Status::OK();
}

// Definition levels of one page. While every page of the chunk (and of the chunks appended
// before) is a single RLE run of max_def, nothing is expanded: def_levels stays empty and
// uniform_def = max_def. The first other page expands the levels seen so far.
Status ChunkDecoder::DefLevels(Encoding enc, std::string_view* in, int64_t n, bool prefixed,
                               ChunkData* out) {
  const int16_t max = leaf_.max_def;
  const int64_t before = out->num_entries + entries_;
  if (out->def_levels.empty() && (before == 0 || out->uniform_def == max) &&
      SingleRleRun(enc, *in, n, max, BitWidth(max), prefixed)) {
    out->uniform_def = max;
    if (prefixed) {
      uint32_t len;
      std::memcpy(&len, in->data(), 4);
      in->remove_prefix(4 + static_cast<size_t>(len));
    }
    return Status::OK();
  }
  if (out->def_levels.empty() && before > 0) out->def_levels.assign(before, out->uniform_def);
  return Levels(enc, in, max, n, prefixed, &out->def_levels);
}

Status ChunkDecoder::Values(Encoding enc, std::string_view in, int64_t n, ChunkData* out) {
  int64_t non_null = n;
  if (leaf_.max_def > 0 && !out->def_levels.empty()) {
    const int16_t* d = out->def_levels.data() + out->def_levels.size() - n;
    non_null = std::count(d, d + n, leaf_.max_def);
  }
  seen_data_ = true;
  entries_ += n;
  return decoding::DecodeValues(enc, leaf_.physical, in, non_null, have_dict_ ? &dict_ : nullptr,
                                &out->values);
}

Status ChunkDecoder::DataPageV1(const PageHeader& h, std::string_view body, ChunkData* out) {
  if (!h.data_page_header) return Status::Corruption("data page without its header");
  const DataPageHeader& d = *h.data_page_header;
  STRATA_RETURN_IF_ERROR(CheckEntries(d.num_values));
  std::string_view data;
  STRATA_RETURN_IF_ERROR(Decompress(body, h.uncompressed_page_size, &data));
  if (leaf_.max_rep > 0) {
    STRATA_RETURN_IF_ERROR(Levels(d.repetition_level_encoding, &data, leaf_.max_rep, d.num_values,
                                  true, &out->rep_levels));
  }
  if (leaf_.max_def > 0) {
    STRATA_RETURN_IF_ERROR(DefLevels(d.definition_level_encoding, &data, d.num_values, true, out));
  }
  return Values(d.encoding, data, d.num_values, out);
}

Status ChunkDecoder::DataPageV2(const PageHeader& h, std::string_view body, ChunkData* out) {
  if (!h.data_page_header_v2) return Status::Corruption("data page v2 without its header");
  const DataPageHeaderV2& d = *h.data_page_header_v2;
  STRATA_RETURN_IF_ERROR(CheckEntries(d.num_values));
  int64_t rep_len = d.repetition_levels_byte_length, def_len = d.definition_levels_byte_length;
  if (rep_len < 0 || def_len < 0 || rep_len + def_len > static_cast<int64_t>(body.size()) ||
      rep_len + def_len > h.uncompressed_page_size) {
    return Status::Corruption("data page v2 level lengths exceed the page");
  }
  std::string_view rep = body.substr(0, rep_len), def = body.substr(rep_len, def_len);
  if (leaf_.max_rep > 0) {
    STRATA_RETURN_IF_ERROR(Levels(Encoding::kRle, &rep, leaf_.max_rep, d.num_values, false,
                                  &out->rep_levels));
  }
  if (leaf_.max_def > 0) {
    STRATA_RETURN_IF_ERROR(DefLevels(Encoding::kRle, &def, d.num_values, false, out));
  }
  std::string_view values = body.substr(rep_len + def_len);
  size_t size = static_cast<size_t>(h.uncompressed_page_size - rep_len - def_len);
  if (d.is_compressed) {
    STRATA_RETURN_IF_ERROR(Decompress(values, size, &values));
  } else if (values.size() != size) {
    return Status::Corruption("uncompressed data page v2 has the wrong size");
  }
  return Values(d.encoding, values, d.num_values, out);
}

}  // namespace

ChunkData NewChunkData(const LeafDescriptor& leaf, int64_t byte_limit) {
  ChunkData out;
  out.values.width = decoding::ValueWidth(leaf.physical, leaf.type_length);
  out.values.byte_limit = byte_limit;
  return out;
}

void FinishChunkData(const LeafDescriptor& leaf, ChunkData* data) {
  if (leaf.physical == PhysicalType::kInt96) decoding::ConvertInt96ToMicros(&data->values);
}

void AppendChunkData(ChunkData&& src, ChunkData* dst) {
  bool dst_uniform = dst->def_levels.empty(), src_uniform = src.def_levels.empty();
  if (dst_uniform && src_uniform &&
      (dst->num_entries == 0 || src.num_entries == 0 || dst->uniform_def == src.uniform_def)) {
    if (dst->num_entries == 0) dst->uniform_def = src.uniform_def;
  } else {
    if (dst_uniform) dst->def_levels.assign(dst->num_entries, dst->uniform_def);
    if (src_uniform) {
      dst->def_levels.insert(dst->def_levels.end(), src.num_entries, src.uniform_def);
    } else {
      dst->def_levels.insert(dst->def_levels.end(), src.def_levels.begin(), src.def_levels.end());
    }
  }
  dst->rep_levels.insert(dst->rep_levels.end(), src.rep_levels.begin(), src.rep_levels.end());
  dst->num_entries += src.num_entries;
  decoding::ValueBuffer& d = dst->values;
  const decoding::ValueBuffer& s = src.values;
  if (d.width == 0) {
    int64_t shift = d.offsets.back();
    for (size_t i = 1; i < s.offsets.size(); ++i) d.offsets.push_back(s.offsets[i] + shift);
  }
  d.data.insert(d.data.end(), s.data.begin(), s.data.end());
}

Status ReadColumnChunk(const ChunkSource& src, const ColumnChunk& chunk, const LeafDescriptor& leaf,
                       int64_t num_rows, ChunkData* out) {
  if (chunk.has_crypto_metadata || chunk.has_encrypted_column_metadata) {
    return Status::NotSupported("encrypted column chunks (Parquet modular encryption)");
  }
  if (chunk.file_path) return Status::NotSupported("column chunks in external files");
  if (!chunk.meta_data) return Status::Corruption("column chunk without metadata");
  const ColumnMetaData& meta = *chunk.meta_data;
  if (meta.type != leaf.physical) {
    return Status::Corruption("column chunk type differs from the schema's");
  }
  if (meta.codec == CompressionCodec::kLzo) return Status::NotSupported("LZO compression");
  if (meta.num_values == 0) {
    if (num_rows != 0) return Status::Corruption("empty column chunk in a non-empty row group");
    return Status::OK();
  }
  int64_t start = meta.data_page_offset;
  if (meta.dictionary_page_offset && *meta.dictionary_page_offset > 0 &&
      *meta.dictionary_page_offset < start) {
    start = *meta.dictionary_page_offset;
  }
  int64_t len = meta.total_compressed_size;
  if (src.pad_dictionary_header && start <= src.data_end && len >= 0 &&
      len <= src.data_end - start) {
    len += std::min<int64_t>(kMaxDictionaryHeaderSize, src.data_end - start - len);
  }
  if (start < 4 || len <= 0 || start > src.data_end || len > src.data_end - start) {
    return Status::Corruption("column chunk at [" + std::to_string(start) + ", +" +
                              std::to_string(len) + ") lies outside the data section");
  }
  if (meta.num_values < 0 || meta.num_values > src.byte_limit / 4) {
    return Status::Corruption("column chunk claims " + std::to_string(meta.num_values) +
                              " values, implausible for the file");
  }
  STRATA_ASSIGN_OR_RETURN(auto buf, src.file->ReadAt(start, len));
  ChunkDecoder dec(src, meta, leaf);
  return dec.Run(buf->view(), num_rows, out);
}

}  // namespace strata::format::parquet
