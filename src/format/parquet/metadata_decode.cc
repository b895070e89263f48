// DecodeFileMetaData and DecodePageHeader: parquet.thrift structs from compact-protocol bytes.
// Fields Strata does not use are skipped; a field of an unexpected wire type is skipped too, as
// Thrift's generated readers do.
#include "format/parquet/metadata.h"
#include "format/parquet/thrift/compact_reader.h"

#include <limits>

namespace strata::format::parquet {
namespace {

using thrift::CompactReader;
using thrift::ThriftType;
using thrift::ReadList;
using thrift::ReadStruct;

bool IsInt(ThriftType t) {
  return t == ThriftType::kI32 || t == ThriftType::kI16 || t == ThriftType::kI64 ||
         t == ThriftType::kByte;
}

template <typename T>
Status ReadInt(CompactReader& r, ThriftType t, T* out) {
  if (t == ThriftType::kByte) {
    int8_t v;
    STRATA_RETURN_IF_ERROR(r.ReadByte(&v));
    *out = static_cast<T>(v);
    return Status::OK();
  }
  int64_t v;
  STRATA_RETURN_IF_ERROR(r.ReadI64(&v));
  if (v < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
      v > static_cast<int64_t>(std::numeric_limits<T>::max())) {
    return Status::Corruption("thrift: integer field out of range");
  }
  *out = static_cast<T>(v);
  return Status::OK();
}

template <typename T>
Status ReadOptInt(CompactReader& r, ThriftType t, std::optional<T>* out) {
  T v{};
  STRATA_RETURN_IF_ERROR(ReadInt(r, t, &v));
  *out = v;
  return Status::OK();
}

template <typename E>
Status ReadEnum(CompactReader& r, ThriftType t, E* out) {
  int32_t v = 0;
  STRATA_RETURN_IF_ERROR(ReadInt(r, t, &v));
  *out = static_cast<E>(v);
  return Status::OK();
}

Status ReadOptString(CompactReader& r, std::optional<std::string>* out) {
  std::string s;
  STRATA_RETURN_IF_ERROR(r.ReadString(&s));
  *out = std::move(s);
  return Status::OK();
}

Status DecodeStatistics(CompactReader& r, Statistics* s) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (t == ThriftType::kBinary) {
      if (id == 1) return ReadOptString(r, &s->max);
      if (id == 2) return ReadOptString(r, &s->min);
      if (id == 5) return ReadOptString(r, &s->max_value);
      if (id == 6) return ReadOptString(r, &s->min_value);
    }
    if (IsInt(t) && id == 3) return ReadOptInt(r, t, &s->null_count);
    if (IsInt(t) && id == 4) return ReadOptInt(r, t, &s->distinct_count);
    if (thrift::IsBool(t) && id == 7) s->is_max_value_exact = t == ThriftType::kBoolTrue;
    if (thrift::IsBool(t) && id == 8) s->is_min_value_exact = t == ThriftType::kBoolTrue;
    return r.Skip(t);
  });
}

// A union of empty structs: the set member's id.
Status DecodeUnionId(CompactReader& r, int16_t* which) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    *which = id;
    return r.Skip(t);
  });
}

Status DecodeTimeLike(CompactReader& r, LogicalType* lt) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (id == 1 && thrift::IsBool(t)) lt->is_adjusted_to_utc = t == ThriftType::kBoolTrue;
    if (id == 2 && t == ThriftType::kStruct) {
      int16_t unit = 0;
      STRATA_RETURN_IF_ERROR(DecodeUnionId(r, &unit));
      if (unit < 1 || unit > 3) return Status::Corruption("parquet: unknown time unit " + std::to_string(unit));
      lt->unit = static_cast<LogicalType::Unit>(unit);
      return Status::OK();
    }
    return r.Skip(t);
  });
}

Status DecodeLogicalMember(CompactReader& r, int16_t id, LogicalType* lt) {
  switch (id) {
    case 5:
      return ReadStruct(r, [&](int16_t fid, ThriftType t) -> Status {
        if (fid == 1 && IsInt(t)) return ReadInt(r, t, &lt->decimal_scale);
        if (fid == 2 && IsInt(t)) return ReadInt(r, t, &lt->decimal_precision);
        return r.Skip(t);
      });
    case 7:
    case 8:
      return DecodeTimeLike(r, lt);
    case 10:
      return ReadStruct(r, [&](int16_t fid, ThriftType t) -> Status {
        if (fid == 1 && IsInt(t)) return ReadInt(r, t, &lt->bit_width);
        if (fid == 2 && thrift::IsBool(t)) lt->is_signed = t == ThriftType::kBoolTrue;
        return r.Skip(t);
      });
    default:
      return r.Skip(ThriftType::kStruct);
  }
}

Status DecodeLogicalType(CompactReader& r, std::optional<LogicalType>* out) {
  LogicalType lt;
  int16_t which = 0;
  STRATA_RETURN_IF_ERROR(ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (t != ThriftType::kStruct) return r.Skip(t);
    which = id;
    return DecodeLogicalMember(r, id, &lt);
  }));
  // Members Strata does not know (VARIANT, GEOMETRY, ...) keep kind kUnknown-free: the reader
  // reports them by id.
  lt.kind = static_cast<LogicalType::Kind>(which);
  *out = lt;
  return Status::OK();
}

Status DecodeSchemaElement(CompactReader& r, SchemaElement* e) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (IsInt(t)) {
      switch (id) {
        case 1: { PhysicalType p; STRATA_RETURN_IF_ERROR(ReadEnum(r, t, &p)); e->type = p; return Status::OK(); }
        case 2: return ReadOptInt(r, t, &e->type_length);
        case 3: { Repetition p; STRATA_RETURN_IF_ERROR(ReadEnum(r, t, &p)); e->repetition_type = p; return Status::OK(); }
        case 5: return ReadOptInt(r, t, &e->num_children);
        case 6: { ConvertedType p; STRATA_RETURN_IF_ERROR(ReadEnum(r, t, &p)); e->converted_type = p; return Status::OK(); }
        case 7: return ReadOptInt(r, t, &e->scale);
        case 8: return ReadOptInt(r, t, &e->precision);
        case 9: return ReadOptInt(r, t, &e->field_id);
        default: break;
      }
    }
    if (id == 4 && t == ThriftType::kBinary) return r.ReadString(&e->name);
    if (id == 10 && t == ThriftType::kStruct) return DecodeLogicalType(r, &e->logical_type);
    return r.Skip(t);
  });
}

Status DecodeKeyValue(CompactReader& r, KeyValue* kv) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (id == 1 && t == ThriftType::kBinary) return r.ReadString(&kv->key);
    if (id == 2 && t == ThriftType::kBinary) return ReadOptString(r, &kv->value);
    return r.Skip(t);
  });
}

Status DecodeKeyValues(CompactReader& r, std::vector<KeyValue>* out) {
  return ReadList(r, [&](ThriftType elem) -> Status {
    if (elem != ThriftType::kStruct) return r.Skip(elem);
    out->emplace_back();
    return DecodeKeyValue(r, &out->back());
  });
}

Status DecodeColumnMetaData(CompactReader& r, ColumnMetaData* m) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (IsInt(t)) {
      switch (id) {
        case 1: return ReadEnum(r, t, &m->type);
        case 4: return ReadEnum(r, t, &m->codec);
        case 5: return ReadInt(r, t, &m->num_values);
        case 6: return ReadInt(r, t, &m->total_uncompressed_size);
        case 7: return ReadInt(r, t, &m->total_compressed_size);
        case 9: return ReadInt(r, t, &m->data_page_offset);
        case 10: return ReadOptInt(r, t, &m->index_page_offset);
        case 11: return ReadOptInt(r, t, &m->dictionary_page_offset);
        default: break;
      }
    }
    if (id == 2 && t == ThriftType::kList) {
      return ReadList(r, [&](ThriftType elem) -> Status {
        if (!IsInt(elem)) return r.Skip(elem);
        Encoding e;
        STRATA_RETURN_IF_ERROR(ReadEnum(r, elem, &e));
        m->encodings.push_back(e);
        return Status::OK();
      });
    }
    if (id == 3 && t == ThriftType::kList) {
      return ReadList(r, [&](ThriftType elem) -> Status {
        if (elem != ThriftType::kBinary) return r.Skip(elem);
        m->path_in_schema.emplace_back();
        return r.ReadString(&m->path_in_schema.back());
      });
    }
    if (id == 8 && t == ThriftType::kList) return DecodeKeyValues(r, &m->key_value_metadata);
    if (id == 12 && t == ThriftType::kStruct) {
      m->statistics.emplace();
      return DecodeStatistics(r, &*m->statistics);
    }
    return r.Skip(t);
  });
}

Status DecodeColumnChunk(CompactReader& r, ColumnChunk* c) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (id == 1 && t == ThriftType::kBinary) return ReadOptString(r, &c->file_path);
    if (id == 2 && IsInt(t)) return ReadInt(r, t, &c->file_offset);
    if (id == 3 && t == ThriftType::kStruct) {
      c->meta_data.emplace();
      return DecodeColumnMetaData(r, &*c->meta_data);
    }
    if (id == 8) c->has_crypto_metadata = true;
    if (id == 9) c->has_encrypted_column_metadata = true;
    return r.Skip(t);
  });
}

Status DecodeRowGroup(CompactReader& r, RowGroup* g) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (id == 1 && t == ThriftType::kList) {
      return ReadList(r, [&](ThriftType elem) -> Status {
        if (elem != ThriftType::kStruct) return r.Skip(elem);
        g->columns.emplace_back();
        return DecodeColumnChunk(r, &g->columns.back());
      });
    }
    if (IsInt(t)) {
      if (id == 2) return ReadInt(r, t, &g->total_byte_size);
      if (id == 3) return ReadInt(r, t, &g->num_rows);
      if (id == 5) return ReadOptInt(r, t, &g->file_offset);
      if (id == 6) return ReadOptInt(r, t, &g->total_compressed_size);
      if (id == 7) return ReadOptInt(r, t, &g->ordinal);
    }
    return r.Skip(t);
  });
}

Status DecodeFileMetaDataStruct(CompactReader& r, FileMetaData* f) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (id == 1 && IsInt(t)) return ReadInt(r, t, &f->version);
    if (id == 3 && IsInt(t)) return ReadInt(r, t, &f->num_rows);
    if (id == 2 && t == ThriftType::kList) {
      return ReadList(r, [&](ThriftType elem) -> Status {
        if (elem != ThriftType::kStruct) return r.Skip(elem);
        f->schema.emplace_back();
        return DecodeSchemaElement(r, &f->schema.back());
      });
    }
    if (id == 4 && t == ThriftType::kList) {
      return ReadList(r, [&](ThriftType elem) -> Status {
        if (elem != ThriftType::kStruct) return r.Skip(elem);
        f->row_groups.emplace_back();
        return DecodeRowGroup(r, &f->row_groups.back());
      });
    }
    if (id == 5 && t == ThriftType::kList) return DecodeKeyValues(r, &f->key_value_metadata);
    if (id == 6 && t == ThriftType::kBinary) return ReadOptString(r, &f->created_by);
    if (id == 8) f->has_encryption_algorithm = true;
    return r.Skip(t);
  });
}

Status DecodeDataPageHeader(CompactReader& r, DataPageHeader* h) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (IsInt(t)) {
      if (id == 1) return ReadInt(r, t, &h->num_values);
      if (id == 2) return ReadEnum(r, t, &h->encoding);
      if (id == 3) return ReadEnum(r, t, &h->definition_level_encoding);
      if (id == 4) return ReadEnum(r, t, &h->repetition_level_encoding);
    }
    if (id == 5 && t == ThriftType::kStruct) {
      h->statistics.emplace();
      return DecodeStatistics(r, &*h->statistics);
    }
    return r.Skip(t);
  });
}

Status DecodeDictionaryPageHeader(CompactReader& r, DictionaryPageHeader* h) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (id == 1 && IsInt(t)) return ReadInt(r, t, &h->num_values);
    if (id == 2 && IsInt(t)) return ReadEnum(r, t, &h->encoding);
    if (id == 3 && thrift::IsBool(t)) h->is_sorted = t == ThriftType::kBoolTrue;
    return r.Skip(t);
  });
}

Status DecodeDataPageHeaderV2(CompactReader& r, DataPageHeaderV2* h) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (IsInt(t)) {
      switch (id) {
        case 1: return ReadInt(r, t, &h->num_values);
        case 2: return ReadInt(r, t, &h->num_nulls);
        case 3: return ReadInt(r, t, &h->num_rows);
        case 4: return ReadEnum(r, t, &h->encoding);
        case 5: return ReadInt(r, t, &h->definition_levels_byte_length);
        case 6: return ReadInt(r, t, &h->repetition_levels_byte_length);
        default: break;
      }
    }
    if (id == 7 && thrift::IsBool(t)) h->is_compressed = t == ThriftType::kBoolTrue;
    if (id == 8 && t == ThriftType::kStruct) {
      h->statistics.emplace();
      return DecodeStatistics(r, &*h->statistics);
    }
    return r.Skip(t);
  });
}

Status DecodePageHeaderStruct(CompactReader& r, PageHeader* h) {
  return ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
    if (IsInt(t)) {
      if (id == 1) return ReadEnum(r, t, &h->type);
      if (id == 2) return ReadInt(r, t, &h->uncompressed_page_size);
      if (id == 3) return ReadInt(r, t, &h->compressed_page_size);
      if (id == 4) return ReadOptInt(r, t, &h->crc);
    }
    if (t == ThriftType::kStruct) {
      if (id == 5) return DecodeDataPageHeader(r, &h->data_page_header.emplace());
      if (id == 7) return DecodeDictionaryPageHeader(r, &h->dictionary_page_header.emplace());
      if (id == 8) return DecodeDataPageHeaderV2(r, &h->data_page_header_v2.emplace());
    }
    return r.Skip(t);
  });
}

}  // namespace

Result<FileMetaData> DecodeFileMetaData(std::string_view bytes) {
  CompactReader r(bytes);
  FileMetaData meta;
  STRATA_RETURN_IF_ERROR(DecodeFileMetaDataStruct(r, &meta).WithContext("parquet footer"));
  return meta;
}

Result<PageHeader> DecodePageHeader(std::string_view bytes, size_t* consumed) {
  CompactReader r(bytes);
  PageHeader header;
  STRATA_RETURN_IF_ERROR(DecodePageHeaderStruct(r, &header).WithContext("parquet page header"));
  *consumed = r.position();
  return header;
}

}  // namespace strata::format::parquet
