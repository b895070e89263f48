// Parquet file metadata: C++ mirrors of the parquet.thrift structs that Strata reads and writes
// (FileMetaData, SchemaElement, RowGroup, ColumnChunk, ColumnMetaData, PageHeader, statistics,
// logical types). Field ids follow parquet.thrift; comments give them as `// id`.
//
// DecodeFileMetaData/DecodePageHeader parse Thrift compact-protocol bytes (untrusted: every
// length and count is bounds-checked, malformed input is Corruption, never a crash or an
// unbounded allocation). Encode* write the same structs for the writer.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace strata::format::parquet {

enum class PhysicalType : int32_t {
  kBoolean = 0, kInt32 = 1, kInt64 = 2, kInt96 = 3, kFloat = 4, kDouble = 5,
  kByteArray = 6, kFixedLenByteArray = 7,
};

enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

// parquet.thrift ConvertedType (legacy annotations).
enum class ConvertedType : int32_t {
  kUtf8 = 0, kMap = 1, kMapKeyValue = 2, kList = 3, kEnum = 4, kDecimal = 5, kDate = 6,
  kTimeMillis = 7, kTimeMicros = 8, kTimestampMillis = 9, kTimestampMicros = 10, kUint8 = 11,
  kUint16 = 12, kUint32 = 13, kUint64 = 14, kInt8 = 15, kInt16 = 16, kInt32 = 17, kInt64 = 18,
  kJson = 19, kBson = 20, kInterval = 21,
};

enum class Encoding : int32_t {
  kPlain = 0, kPlainDictionary = 2, kRle = 3, kBitPacked = 4, kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6, kDeltaByteArray = 7, kRleDictionary = 8, kByteStreamSplit = 9,
};

enum class CompressionCodec : int32_t {
  kUncompressed = 0, kSnappy = 1, kGzip = 2, kLzo = 3, kBrotli = 4, kLz4 = 5, kZstd = 6,
  kLz4Raw = 7,
};

enum class PageType : int32_t { kDataPage = 0, kIndexPage = 1, kDictionaryPage = 2, kDataPageV2 = 3 };

// parquet.thrift LogicalType union; `kind` says which member is set.
struct LogicalType {
  enum class Kind : int32_t {
    kNone = 0, kString = 1, kMap = 2, kList = 3, kEnum = 4, kDecimal = 5, kDate = 6, kTime = 7,
    kTimestamp = 8, kInteger = 10, kUnknown = 11, kJson = 12, kBson = 13, kUuid = 14,
    kFloat16 = 15,
  };
  Kind kind = Kind::kNone;
  int32_t decimal_scale = 0, decimal_precision = 0;  // kDecimal
  bool is_adjusted_to_utc = false;                    // kTime, kTimestamp
  enum class Unit : int32_t { kMillis = 1, kMicros = 2, kNanos = 3 } unit = Unit::kMicros;
  int8_t bit_width = 0;                               // kInteger
  bool is_signed = true;                              // kInteger
};

struct SchemaElement {
  std::optional<PhysicalType> type;          // 1; absent for groups
  std::optional<int32_t> type_length;        // 2
  std::optional<Repetition> repetition_type; // 3
  std::string name;                          // 4
  std::optional<int32_t> num_children;       // 5
  std::optional<ConvertedType> converted_type;  // 6
  std::optional<int32_t> scale;              // 7
  std::optional<int32_t> precision;          // 8
  std::optional<int32_t> field_id;           // 9
  std::optional<LogicalType> logical_type;   // 10
};

struct Statistics {
  std::optional<std::string> max;            // 1 (deprecated, signed order)
  std::optional<std::string> min;            // 2 (deprecated)
  std::optional<int64_t> null_count;         // 3
  std::optional<int64_t> distinct_count;     // 4
  std::optional<std::string> max_value;      // 5
  std::optional<std::string> min_value;      // 6
  std::optional<bool> is_max_value_exact;    // 7
  std::optional<bool> is_min_value_exact;    // 8
};

struct KeyValue {
  std::string key;                  // 1
  std::optional<std::string> value; // 2
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::kInt32;  // 1
  std::vector<Encoding> encodings;           // 2
  std::vector<std::string> path_in_schema;   // 3
  CompressionCodec codec = CompressionCodec::kUncompressed;  // 4
  int64_t num_values = 0;                    // 5
  int64_t total_uncompressed_size = 0;       // 6
  int64_t total_compressed_size = 0;         // 7
  std::vector<KeyValue> key_value_metadata;  // 8
  int64_t data_page_offset = 0;              // 9
  std::optional<int64_t> index_page_offset; // 10
  std::optional<int64_t> dictionary_page_offset;  // 11
  std::optional<Statistics> statistics;      // 12
};

struct ColumnChunk {
  std::optional<std::string> file_path;      // 1
  int64_t file_offset = 0;                   // 2
  std::optional<ColumnMetaData> meta_data;   // 3
  bool has_crypto_metadata = false;          // 8 (encrypted columns are NotSupported)
  bool has_encrypted_column_metadata = false;  // 9
};

struct RowGroup {
  std::vector<ColumnChunk> columns;          // 1
  int64_t total_byte_size = 0;               // 2
  int64_t num_rows = 0;                      // 3
  std::optional<int64_t> file_offset;        // 5
  std::optional<int64_t> total_compressed_size;  // 6
  std::optional<int16_t> ordinal;            // 7
};

struct FileMetaData {
  int32_t version = 1;                       // 1
  std::vector<SchemaElement> schema;         // 2 (depth-first, root first)
  int64_t num_rows = 0;                      // 3
  std::vector<RowGroup> row_groups;          // 4
  std::vector<KeyValue> key_value_metadata;  // 5
  std::optional<std::string> created_by;     // 6
  bool has_encryption_algorithm = false;     // 8
};

struct DataPageHeader {
  int32_t num_values = 0;                    // 1
  Encoding encoding = Encoding::kPlain;      // 2
  Encoding definition_level_encoding = Encoding::kRle;  // 3
  Encoding repetition_level_encoding = Encoding::kRle;  // 4
  std::optional<Statistics> statistics;      // 5
};

struct DictionaryPageHeader {
  int32_t num_values = 0;                    // 1
  Encoding encoding = Encoding::kPlain;      // 2
  std::optional<bool> is_sorted;             // 3
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;                    // 1
  int32_t num_nulls = 0;                     // 2
  int32_t num_rows = 0;                      // 3
  Encoding encoding = Encoding::kPlain;      // 4
  int32_t definition_levels_byte_length = 0; // 5
  int32_t repetition_levels_byte_length = 0; // 6
  bool is_compressed = true;                 // 7
  std::optional<Statistics> statistics;      // 8
};

struct PageHeader {
  PageType type = PageType::kDataPage;       // 1
  int32_t uncompressed_page_size = 0;        // 2
  int32_t compressed_page_size = 0;          // 3
  std::optional<int32_t> crc;                // 4
  std::optional<DataPageHeader> data_page_header;              // 5
  std::optional<DictionaryPageHeader> dictionary_page_header;  // 7
  std::optional<DataPageHeaderV2> data_page_header_v2;         // 8
};

/// Parse a FileMetaData from the footer bytes (between the data and the 8-byte trailer).
Result<FileMetaData> DecodeFileMetaData(std::string_view bytes);
/// Parse a PageHeader at the start of `bytes`; `*consumed` receives its encoded length.
Result<PageHeader> DecodePageHeader(std::string_view bytes, size_t* consumed);

/// Serialize with the Thrift compact protocol.
std::string EncodeFileMetaData(const FileMetaData& meta);
std::string EncodePageHeader(const PageHeader& header);

}  // namespace strata::format::parquet
