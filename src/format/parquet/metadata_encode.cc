// Thrift compact-protocol serialization of the Parquet metadata structs (metadata.h).
// Field ids follow parquet.thrift. FileMetaData also gets column_orders (field 7) with
// TypeDefinedOrder for every leaf, so readers trust min_value/max_value.
#include "format/parquet/metadata.h"
#include "format/parquet/thrift/compact_writer.h"

namespace strata::format::parquet {
namespace {

using thrift::CompactWriter;
using thrift::ThriftType;

int32_t I32(auto e) { return static_cast<int32_t>(e); }

void EncodeStatistics(CompactWriter& w, const Statistics& s) {
  if (s.max) w.FieldBinary(1, *s.max);
  if (s.min) w.FieldBinary(2, *s.min);
  if (s.null_count) w.FieldI64(3, *s.null_count);
  if (s.distinct_count) w.FieldI64(4, *s.distinct_count);
  if (s.max_value) w.FieldBinary(5, *s.max_value);
  if (s.min_value) w.FieldBinary(6, *s.min_value);
  if (s.is_max_value_exact) w.FieldBool(7, *s.is_max_value_exact);
  if (s.is_min_value_exact) w.FieldBool(8, *s.is_min_value_exact);
  w.StructEnd();
}

void EncodeTimeUnit(CompactWriter& w, int16_t id, LogicalType::Unit unit) {
  w.FieldStructBegin(id);
  w.FieldStructBegin(static_cast<int16_t>(unit));  // MILLIS=1, MICROS=2, NANOS=3 (empty)
  w.StructEnd();
  w.StructEnd();
}

void EncodeLogicalType(CompactWriter& w, const LogicalType& t) {
  using K = LogicalType::Kind;
  w.FieldStructBegin(static_cast<int16_t>(t.kind));
  switch (t.kind) {
    case K::kDecimal:
      w.FieldI32(1, t.decimal_scale);
      w.FieldI32(2, t.decimal_precision);
      break;
    case K::kTime:
    case K::kTimestamp:
      w.FieldBool(1, t.is_adjusted_to_utc);
      EncodeTimeUnit(w, 2, t.unit);
      break;
    case K::kInteger:
      w.FieldI8(1, t.bit_width);
      w.FieldBool(2, t.is_signed);
      break;
    default:
      break;  // the other members are empty structs
  }
  w.StructEnd();  // the member
  w.StructEnd();  // the union
}

void EncodeSchemaElement(CompactWriter& w, const SchemaElement& e) {
  w.StructBegin();
  if (e.type) w.FieldI32(1, I32(*e.type));
  if (e.type_length) w.FieldI32(2, *e.type_length);
  if (e.repetition_type) w.FieldI32(3, I32(*e.repetition_type));
  w.FieldBinary(4, e.name);
  if (e.num_children) w.FieldI32(5, *e.num_children);
  if (e.converted_type) w.FieldI32(6, I32(*e.converted_type));
  if (e.scale) w.FieldI32(7, *e.scale);
  if (e.precision) w.FieldI32(8, *e.precision);
  if (e.field_id) w.FieldI32(9, *e.field_id);
  if (e.logical_type && e.logical_type->kind != LogicalType::Kind::kNone) {
    w.FieldStructBegin(10);
    EncodeLogicalType(w, *e.logical_type);
  }
  w.StructEnd();
}

void EncodeKeyValues(CompactWriter& w, int16_t id, const std::vector<KeyValue>& kvs) {
  if (kvs.empty()) return;
  w.FieldListBegin(id, ThriftType::kStruct, kvs.size());
  for (const KeyValue& kv : kvs) {
    w.StructBegin();
    w.FieldBinary(1, kv.key);
    if (kv.value) w.FieldBinary(2, *kv.value);
    w.StructEnd();
  }
}

void EncodeColumnMetaData(CompactWriter& w, const ColumnMetaData& m) {
  w.FieldI32(1, I32(m.type));
  w.FieldListBegin(2, ThriftType::kI32, m.encodings.size());
  for (Encoding e : m.encodings) w.WriteI32(I32(e));
  w.FieldListBegin(3, ThriftType::kBinary, m.path_in_schema.size());
  for (const std::string& p : m.path_in_schema) w.WriteBinary(p);
  w.FieldI32(4, I32(m.codec));
  w.FieldI64(5, m.num_values);
  w.FieldI64(6, m.total_uncompressed_size);
  w.FieldI64(7, m.total_compressed_size);
  EncodeKeyValues(w, 8, m.key_value_metadata);
  w.FieldI64(9, m.data_page_offset);
  if (m.index_page_offset) w.FieldI64(10, *m.index_page_offset);
  if (m.dictionary_page_offset) w.FieldI64(11, *m.dictionary_page_offset);
  if (m.statistics) {
    w.FieldStructBegin(12);
    EncodeStatistics(w, *m.statistics);
  }
  w.StructEnd();
}

void EncodeRowGroup(CompactWriter& w, const RowGroup& rg) {
  w.StructBegin();
  w.FieldListBegin(1, ThriftType::kStruct, rg.columns.size());
  for (const ColumnChunk& c : rg.columns) {
    w.StructBegin();
    if (c.file_path) w.FieldBinary(1, *c.file_path);
    w.FieldI64(2, c.file_offset);
    if (c.meta_data) {
      w.FieldStructBegin(3);
      EncodeColumnMetaData(w, *c.meta_data);
    }
    w.StructEnd();
  }
  w.FieldI64(2, rg.total_byte_size);
  w.FieldI64(3, rg.num_rows);
  if (rg.file_offset) w.FieldI64(5, *rg.file_offset);
  if (rg.total_compressed_size) w.FieldI64(6, *rg.total_compressed_size);
  if (rg.ordinal) w.FieldI16(7, *rg.ordinal);
  w.StructEnd();
}

size_t CountLeaves(const std::vector<SchemaElement>& schema) {
  size_t leaves = 0;
  for (size_t i = 1; i < schema.size(); ++i) {
    if (!schema[i].num_children || *schema[i].num_children == 0) ++leaves;
  }
  return leaves;
}

}  // namespace

std::string EncodeFileMetaData(const FileMetaData& meta) {
  CompactWriter w;
  w.FieldI32(1, meta.version);
  w.FieldListBegin(2, ThriftType::kStruct, meta.schema.size());
  for (const SchemaElement& e : meta.schema) EncodeSchemaElement(w, e);
  w.FieldI64(3, meta.num_rows);
  w.FieldListBegin(4, ThriftType::kStruct, meta.row_groups.size());
  for (const RowGroup& rg : meta.row_groups) EncodeRowGroup(w, rg);
  EncodeKeyValues(w, 5, meta.key_value_metadata);
  if (meta.created_by) w.FieldBinary(6, *meta.created_by);
  size_t leaves = CountLeaves(meta.schema);
  if (leaves > 0) {
    w.FieldListBegin(7, ThriftType::kStruct, leaves);
    for (size_t i = 0; i < leaves; ++i) {
      w.StructBegin();  // ColumnOrder union
      w.FieldStructBegin(1);  // TYPE_ORDER: TypeDefinedOrder (empty)
      w.StructEnd();
      w.StructEnd();
    }
  }
  w.StructEnd();
  return w.Release();
}

std::string EncodePageHeader(const PageHeader& h) {
  CompactWriter w;
  w.FieldI32(1, I32(h.type));
  w.FieldI32(2, h.uncompressed_page_size);
  w.FieldI32(3, h.compressed_page_size);
  if (h.crc) w.FieldI32(4, *h.crc);
  if (h.data_page_header) {
    const DataPageHeader& d = *h.data_page_header;
    w.FieldStructBegin(5);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, I32(d.encoding));
    w.FieldI32(3, I32(d.definition_level_encoding));
    w.FieldI32(4, I32(d.repetition_level_encoding));
    if (d.statistics) {
      w.FieldStructBegin(5);
      EncodeStatistics(w, *d.statistics);
    }
    w.StructEnd();
  }
  if (h.dictionary_page_header) {
    const DictionaryPageHeader& d = *h.dictionary_page_header;
    w.FieldStructBegin(7);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, I32(d.encoding));
    if (d.is_sorted) w.FieldBool(3, *d.is_sorted);
    w.StructEnd();
  }
  if (h.data_page_header_v2) {
    const DataPageHeaderV2& d = *h.data_page_header_v2;
    w.FieldStructBegin(8);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, d.num_nulls);
    w.FieldI32(3, d.num_rows);
    w.FieldI32(4, I32(d.encoding));
    w.FieldI32(5, d.definition_levels_byte_length);
    w.FieldI32(6, d.repetition_levels_byte_length);
    w.FieldBool(7, d.is_compressed);
    if (d.statistics) {
      w.FieldStructBegin(8);
      EncodeStatistics(w, *d.statistics);
    }
    w.StructEnd();
  }
  w.StructEnd();
  return w.Release();
}

}  // namespace strata::format::parquet
