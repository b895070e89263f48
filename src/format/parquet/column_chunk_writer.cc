#include "format/parquet/column_chunk_writer.h"

#include <algorithm>

#include "format/parquet/compression.h"
#include "format/parquet/encoding/rle_encoder.h"

namespace strata::format::parquet {

ColumnChunkWriter::ColumnChunkWriter(const LeafColumn& leaf, const WriteOptions& options)
    : leaf_(leaf), options_(options), stats_(*leaf.type) {
  if (options.dictionary && leaf.type->kind != Kind::kBool) {
    dict_ = std::make_unique<encoding::DictionaryEncoder>(*leaf.type);
  }
}

int ColumnChunkWriter::CompressionLevel() const {
  if (options_.compression_level != 0) return options_.compression_level;
  return options_.codec == CompressionCodec::kZstd ? 1 : 0;
}

Status ColumnChunkWriter::AppendPage(PageHeader header, std::vector<std::string>* dst,
                                     int64_t* size) {
  header.uncompressed_page_size = static_cast<int32_t>(body_.size());
  std::string payload;
  if (options_.codec == CompressionCodec::kUncompressed) {
    payload = body_;
  } else {
    payload.reserve(body_.size() / 2 + 64);
    STRATA_RETURN_IF_ERROR(Compress(options_.codec, body_, &payload, CompressionLevel()));
  }
  header.compressed_page_size = static_cast<int32_t>(payload.size());
  std::string head = EncodePageHeader(header);
  uncompressed_bytes_ += static_cast<int64_t>(head.size() + body_.size());
  *size += static_cast<int64_t>(head.size() + payload.size());
  dst->push_back(std::move(head));
  dst->push_back(std::move(payload));
  return Status::OK();
}

Status ColumnChunkWriter::AddPage(const PageLevels& levels) {
  if (levels.num_entries > INT32_MAX) {
    return Status::InvalidArgument("page of column " + leaf_.path.front() + " has too many values");
  }
  const Column& leaf = *levels.leaf;
  body_.clear();
  if (leaf_.max_rep > 0) encoding::EncodeLevelsV1(levels.rep, leaf_.max_rep, &body_);
  if (leaf_.max_def > 0) encoding::EncodeLevelsV1(levels.def, leaf_.max_def, &body_);
  DataPageHeader data;
  data.num_values = static_cast<int32_t>(levels.num_entries);
  if (dict_) {
    indices_.clear();
    dict_->Put(leaf, levels.runs, &indices_);
    dict_->EncodeIndices(indices_, &body_);
    data.encoding = Encoding::kRleDictionary;
    dict_used_ = true;
  } else {
    encoding::PlainEncode(leaf, levels.runs, &body_);
    data.encoding = Encoding::kPlain;
    plain_used_ = true;
  }
  int64_t present = dict_ ? static_cast<int64_t>(indices_.size())
                          : encoding::CountPresent(leaf, levels.runs);
  stats_.Update(leaf, levels.runs);
  stats_.AddNulls(levels.num_entries - present);
  num_values_ += levels.num_entries;
  PageHeader header;
  header.type = PageType::kDataPage;
  header.data_page_header = data;
  STRATA_RETURN_IF_ERROR(AppendPage(std::move(header), &pages_, &pages_size_));
  // Dictionary offsets are 32-bit, so the dictionary is capped at 1 GiB whatever the option.
  int64_t limit = std::min<int64_t>(options_.dictionary_page_bytes, int64_t{1} << 30);
  if (dict_ && dict_->size_bytes() > limit) {
    dict_chunk_ = std::move(dict_);  // fall back to PLAIN; keep the dictionary for its page
  }
  return Status::OK();
}

Result<EncodedChunk> ColumnChunkWriter::Finish() {
  EncodedChunk chunk;
  ColumnMetaData& m = chunk.meta;
  encoding::DictionaryEncoder* dict = dict_ ? dict_.get() : dict_chunk_.get();
  if (dict_used_ && dict != nullptr) {
    body_.assign(dict->plain());
    PageHeader header;
    header.type = PageType::kDictionaryPage;
    header.dictionary_page_header = DictionaryPageHeader{dict->num_entries(), Encoding::kPlain, {}};
    STRATA_RETURN_IF_ERROR(AppendPage(std::move(header), &chunk.pieces, &chunk.size));
    m.dictionary_page_offset = 0;
  }
  m.data_page_offset = chunk.size;
  for (std::string& piece : pages_) chunk.pieces.push_back(std::move(piece));
  chunk.size += pages_size_;
  pages_.clear();
  m.type = leaf_.physical;
  if (dict_used_) m.encodings.push_back(Encoding::kRleDictionary);
  m.encodings.push_back(Encoding::kPlain);
  m.encodings.push_back(Encoding::kRle);
  m.path_in_schema = leaf_.path;
  m.codec = options_.codec;
  m.num_values = num_values_;
  m.total_uncompressed_size = uncompressed_bytes_;
  m.total_compressed_size = chunk.size;
  m.statistics = stats_.ToParquet();
  chunk.uncompressed_bytes = uncompressed_bytes_;
  return chunk;
}

}  // namespace strata::format::parquet
