// MakeParquetSchema: a Strata Schema as Parquet SchemaElements, in the layout of the writer
// (3-level lists, key_value maps, LogicalType plus the equivalent ConvertedType).
#include "format/parquet/schema_map.h"

namespace strata::format::parquet {
namespace {

LogicalType MakeLogical(LogicalType::Kind kind) {
  LogicalType lt;
  lt.kind = kind;
  return lt;
}

void AnnotateInteger(const DataType& t, SchemaElement* e) {
  LogicalType lt = MakeLogical(LogicalType::Kind::kInteger);
  switch (t.logical) {
    case Logical::kInt8: lt.bit_width = 8; e->converted_type = ConvertedType::kInt8; break;
    case Logical::kInt16: lt.bit_width = 16; e->converted_type = ConvertedType::kInt16; break;
    case Logical::kUInt8:
      lt.bit_width = 8, lt.is_signed = false, e->converted_type = ConvertedType::kUint8;
      break;
    case Logical::kUInt16:
      lt.bit_width = 16, lt.is_signed = false, e->converted_type = ConvertedType::kUint16;
      break;
    case Logical::kUInt32:
      lt.bit_width = 32, lt.is_signed = false, e->converted_type = ConvertedType::kUint32;
      break;
    case Logical::kUInt64:
      lt.bit_width = 64, lt.is_signed = false, e->converted_type = ConvertedType::kUint64;
      break;
    default: return;
  }
  e->logical_type = lt;
}

void AnnotateLeaf(const DataType& t, SchemaElement* e) {
  switch (t.logical) {
    case Logical::kString:
      e->logical_type = MakeLogical(LogicalType::Kind::kString);
      e->converted_type = ConvertedType::kUtf8;
      return;
    case Logical::kJson:
      e->logical_type = MakeLogical(LogicalType::Kind::kJson);
      e->converted_type = ConvertedType::kJson;
      return;
    case Logical::kEnum:
      e->logical_type = MakeLogical(LogicalType::Kind::kEnum);
      e->converted_type = ConvertedType::kEnum;
      return;
    case Logical::kUuid: e->logical_type = MakeLogical(LogicalType::Kind::kUuid); return;
    case Logical::kFloat16: e->logical_type = MakeLogical(LogicalType::Kind::kFloat16); return;
    case Logical::kDate:
      e->logical_type = MakeLogical(LogicalType::Kind::kDate);
      e->converted_type = ConvertedType::kDate;
      return;
    case Logical::kDecimal: {
      LogicalType lt = MakeLogical(LogicalType::Kind::kDecimal);
      lt.decimal_precision = t.precision;
      lt.decimal_scale = t.scale;
      e->logical_type = lt;
      e->converted_type = ConvertedType::kDecimal;
      e->precision = t.precision;
      e->scale = t.scale;
      return;
    }
    case Logical::kTimeMillis:
    case Logical::kTimeMicros:
    case Logical::kTimeNanos:
    case Logical::kTimestamp: {
      bool ts = t.logical == Logical::kTimestamp;
      LogicalType lt = MakeLogical(ts ? LogicalType::Kind::kTimestamp : LogicalType::Kind::kTime);
      TimeUnit unit = ts ? t.unit
                         : t.logical == Logical::kTimeMillis ? TimeUnit::kMillis
                         : t.logical == Logical::kTimeMicros ? TimeUnit::kMicros
                                                             : TimeUnit::kNanos;
      lt.unit = unit == TimeUnit::kMillis   ? LogicalType::Unit::kMillis
                : unit == TimeUnit::kMicros ? LogicalType::Unit::kMicros
                                            : LogicalType::Unit::kNanos;
      lt.is_adjusted_to_utc = ts ? t.utc : true;
      e->logical_type = lt;
      if (ts && t.utc && unit == TimeUnit::kMillis) e->converted_type = ConvertedType::kTimestampMillis;
      if (ts && t.utc && unit == TimeUnit::kMicros) e->converted_type = ConvertedType::kTimestampMicros;
      if (t.logical == Logical::kTimeMillis) e->converted_type = ConvertedType::kTimeMillis;
      if (t.logical == Logical::kTimeMicros) e->converted_type = ConvertedType::kTimeMicros;
      return;
    }
    default:
      AnnotateInteger(t, e);
  }
}

PhysicalType PhysicalOf(const DataType& t) {
  switch (t.kind) {
    case Kind::kBool: return PhysicalType::kBoolean;
    case Kind::kInt32: return PhysicalType::kInt32;
    case Kind::kInt64: return PhysicalType::kInt64;
    case Kind::kFloat: return PhysicalType::kFloat;
    case Kind::kDouble: return PhysicalType::kDouble;
    case Kind::kFixedBinary: return PhysicalType::kFixedLenByteArray;
    default: return PhysicalType::kByteArray;
  }
}

void AppendField(const std::string& name, const DataType& t, Repetition rep,
                 std::vector<SchemaElement>* out) {
  SchemaElement e;
  e.name = name;
  e.repetition_type = rep;
  if (!t.is_nested()) {
    e.type = PhysicalOf(t);
    if (t.kind == Kind::kFixedBinary) e.type_length = t.byte_width;
    AnnotateLeaf(t, &e);
    out->push_back(std::move(e));
    return;
  }
  auto nullable = [](const Field& f) { return f.nullable ? Repetition::kOptional : Repetition::kRequired; };
  if (t.kind == Kind::kStruct) {
    e.num_children = static_cast<int32_t>(t.children.size());
    out->push_back(std::move(e));
    for (const Field& f : t.children) AppendField(f.name, *f.type, nullable(f), out);
    return;
  }
  bool is_list = t.kind == Kind::kList;
  e.num_children = 1;
  e.logical_type = MakeLogical(is_list ? LogicalType::Kind::kList : LogicalType::Kind::kMap);
  e.converted_type = is_list ? ConvertedType::kList : ConvertedType::kMap;
  out->push_back(std::move(e));
  SchemaElement group;
  group.name = is_list ? "list" : "key_value";
  group.repetition_type = Repetition::kRepeated;
  group.num_children = static_cast<int32_t>(t.children.size());
  out->push_back(std::move(group));
  if (is_list) {
    AppendField("element", *t.children[0].type, nullable(t.children[0]), out);
  } else {
    AppendField("key", *t.children[0].type, Repetition::kRequired, out);
    AppendField("value", *t.children[1].type, nullable(t.children[1]), out);
  }
}

}  // namespace

std::vector<SchemaElement> MakeParquetSchema(const Schema& schema) {
  std::vector<SchemaElement> out;
  SchemaElement root;
  root.name = "schema";
  root.num_children = schema.num_fields();
  out.push_back(std::move(root));
  for (const Field& f : schema.fields()) {
    AppendField(f.name, *f.type, f.nullable ? Repetition::kOptional : Repetition::kRequired, &out);
  }
  return out;
}

}  // namespace strata::format::parquet
