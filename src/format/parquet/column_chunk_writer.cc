#include "format/parquet/column_chunk_writer.h"

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

Status ColumnChunkWriter::AppendPage(PageHeader header, std::string* dst) {
  header.uncompressed_page_size = static_cast<int32_t>(body_.size());
  std::string_view payload = body_;
  if (options_.codec != CompressionCodec::kUncompressed) {
    compressed_.clear();
    STRATA_RETURN_IF_ERROR(Compress(options_.codec, body_, &compressed_, CompressionLevel()));
    payload = compressed_;
  }
  header.compressed_page_size = static_cast<int32_t>(payload.size());
  std::string head = EncodePageHeader(header);
  dst->append(head);
  dst->append(payload);
  uncompressed_bytes_ += static_cast<int64_t>(head.size() + body_.size());
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
  STRATA_RETURN_IF_ERROR(AppendPage(std::move(header), &pages_));
  if (dict_ && dict_->size_bytes() > options_.dictionary_page_bytes) {
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
    STRATA_RETURN_IF_ERROR(AppendPage(std::move(header), &chunk.bytes));
    m.dictionary_page_offset = 0;
  }
  m.data_page_offset = static_cast<int64_t>(chunk.bytes.size());
  chunk.bytes.append(pages_);
  pages_.clear();
  pages_.shrink_to_fit();
  m.type = leaf_.physical;
  if (dict_used_) m.encodings.push_back(Encoding::kRleDictionary);
  m.encodings.push_back(Encoding::kPlain);
  m.encodings.push_back(Encoding::kRle);
  m.path_in_schema = leaf_.path;
  m.codec = options_.codec;
  m.num_values = num_values_;
  m.total_uncompressed_size = uncompressed_bytes_;
  m.total_compressed_size = static_cast<int64_t>(chunk.bytes.size());
  m.statistics = stats_.ToParquet();
  chunk.uncompressed_bytes = uncompressed_bytes_;
  return chunk;
}

}  // namespace strata::format::parquet
