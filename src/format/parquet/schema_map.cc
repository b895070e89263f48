// Parquet schema -> Strata schema and read plan (see schema_map.h), and the reverse.
#include "format/parquet/schema_map.h"

#include <memory>

namespace strata::format::parquet {
namespace {

constexpr int kMaxNesting = 64;
constexpr int32_t kMaxFixedLength = 1 << 24;

struct Tree {
  int element = 0;
  std::vector<Tree> children;
};

Status BuildTree(const std::vector<SchemaElement>& els, size_t* next, int depth, Tree* out) {
  if (depth > kMaxNesting) return Status::Corruption("parquet schema nested deeper than 64");
  if (*next >= els.size()) return Status::Corruption("parquet schema: num_children runs past the end");
  out->element = static_cast<int>((*next)++);
  const SchemaElement& e = els[out->element];
  int32_t n = e.num_children.value_or(0);
  if (e.type.has_value() && !(depth == 0 && n > 0)) return Status::OK();  // primitive
  if (n <= 0) {
    if (depth == 0) return Status::OK();  // empty file schema
    return Status::NotSupported("parquet group '" + e.name + "' without children");
  }
  if (static_cast<size_t>(n) > els.size() - *next) {
    return Status::Corruption("parquet schema: group '" + e.name + "' claims " + std::to_string(n) +
                              " children, only " + std::to_string(els.size() - *next) + " left");
  }
  out->children.resize(n);
  for (int i = 0; i < n; ++i) {
    STRATA_RETURN_IF_ERROR(BuildTree(els, next, depth + 1, &out->children[i]));
  }
  return Status::OK();
}

std::shared_ptr<DataType> NewType(Kind kind, Logical logical = Logical::kNone) {
  auto t = std::make_shared<DataType>();
  t->kind = kind;
  t->logical = logical;
  return t;
}

TimeUnit UnitOf(LogicalType::Unit u) {
  switch (u) {
    case LogicalType::Unit::kMillis: return TimeUnit::kMillis;
    case LogicalType::Unit::kNanos: return TimeUnit::kNanos;
    default: return TimeUnit::kMicros;
  }
}

void ApplyIntegerLogical(const SchemaElement& e, DataType* t) {
  int bits = 0;
  bool is_signed = true;
  if (e.logical_type && e.logical_type->kind == LogicalType::Kind::kInteger) {
    bits = e.logical_type->bit_width;
    is_signed = e.logical_type->is_signed;
  } else if (e.converted_type) {
    switch (*e.converted_type) {
      case ConvertedType::kInt8: bits = 8; break;
      case ConvertedType::kInt16: bits = 16; break;
      case ConvertedType::kUint8: bits = 8; is_signed = false; break;
      case ConvertedType::kUint16: bits = 16; is_signed = false; break;
      case ConvertedType::kUint32: bits = 32; is_signed = false; break;
      case ConvertedType::kUint64: bits = 64; is_signed = false; break;
      default: return;
    }
  }
  if (bits == 8) t->logical = is_signed ? Logical::kInt8 : Logical::kUInt8;
  if (bits == 16) t->logical = is_signed ? Logical::kInt16 : Logical::kUInt16;
  if (bits == 32 && !is_signed && t->kind == Kind::kInt32) t->logical = Logical::kUInt32;
  if (bits == 64 && !is_signed && t->kind == Kind::kInt64) t->logical = Logical::kUInt64;
}

// DECIMAL, DATE, TIME, TIMESTAMP from LogicalType or (failing that) ConvertedType.
void ApplyTemporalOrDecimal(const SchemaElement& e, DataType* t) {
  if (e.logical_type) {
    const LogicalType& lt = *e.logical_type;
    switch (lt.kind) {
      case LogicalType::Kind::kDecimal:
        t->logical = Logical::kDecimal;
        t->precision = lt.decimal_precision;
        t->scale = lt.decimal_scale;
        return;
      case LogicalType::Kind::kDate:
        if (t->kind == Kind::kInt32) t->logical = Logical::kDate;
        return;
      case LogicalType::Kind::kTime:
        if (t->kind == Kind::kInt32 && lt.unit == LogicalType::Unit::kMillis) t->logical = Logical::kTimeMillis;
        if (t->kind == Kind::kInt64 && lt.unit == LogicalType::Unit::kMicros) t->logical = Logical::kTimeMicros;
        if (t->kind == Kind::kInt64 && lt.unit == LogicalType::Unit::kNanos) t->logical = Logical::kTimeNanos;
        return;
      case LogicalType::Kind::kTimestamp:
        if (t->kind != Kind::kInt64) return;
        t->logical = Logical::kTimestamp;
        t->unit = UnitOf(lt.unit);
        t->utc = lt.is_adjusted_to_utc;
        return;
      default:
        break;
    }
  }
  if (!e.converted_type) return;
  switch (*e.converted_type) {
    case ConvertedType::kDecimal:
      t->logical = Logical::kDecimal;
      t->precision = e.precision.value_or(0);
      t->scale = e.scale.value_or(0);
      return;
    case ConvertedType::kDate:
      if (t->kind == Kind::kInt32) t->logical = Logical::kDate;
      return;
    case ConvertedType::kTimeMillis:
      if (t->kind == Kind::kInt32) t->logical = Logical::kTimeMillis;
      return;
    case ConvertedType::kTimeMicros:
      if (t->kind == Kind::kInt64) t->logical = Logical::kTimeMicros;
      return;
    case ConvertedType::kTimestampMillis:
    case ConvertedType::kTimestampMicros:
      if (t->kind != Kind::kInt64) return;
      t->logical = Logical::kTimestamp;
      t->unit = *e.converted_type == ConvertedType::kTimestampMillis ? TimeUnit::kMillis
                                                                     : TimeUnit::kMicros;
      t->utc = true;
      return;
    default:
      return;
  }
}

void ApplyBinaryLogical(const SchemaElement& e, DataType* t) {
  using K = LogicalType::Kind;
  if (e.logical_type) {
    K k = e.logical_type->kind;
    if (k == K::kString) t->logical = Logical::kString;
    if (k == K::kJson) t->logical = Logical::kJson;
    if (k == K::kEnum) t->logical = Logical::kEnum;
    if (k == K::kUuid && t->byte_width == 16) t->logical = Logical::kUuid;
    if (k == K::kFloat16 && t->byte_width == 2) t->logical = Logical::kFloat16;
    if (t->logical != Logical::kNone) return;
  }
  if (!e.converted_type) return;
  if (*e.converted_type == ConvertedType::kUtf8) t->logical = Logical::kString;
  if (*e.converted_type == ConvertedType::kJson) t->logical = Logical::kJson;
  if (*e.converted_type == ConvertedType::kEnum) t->logical = Logical::kEnum;
}

Result<TypePtr> LeafType(const SchemaElement& e) {
  std::shared_ptr<DataType> t;
  switch (*e.type) {
    case PhysicalType::kBoolean: return TypePtr(NewType(Kind::kBool));
    case PhysicalType::kFloat: return TypePtr(NewType(Kind::kFloat));
    case PhysicalType::kDouble: return TypePtr(NewType(Kind::kDouble));
    case PhysicalType::kInt96: {
      t = NewType(Kind::kInt64, Logical::kTimestamp);
      t->unit = TimeUnit::kMicros;
      t->utc = false;
      return TypePtr(t);
    }
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
      t = NewType(*e.type == PhysicalType::kInt32 ? Kind::kInt32 : Kind::kInt64);
      ApplyIntegerLogical(e, t.get());
      ApplyTemporalOrDecimal(e, t.get());
      return TypePtr(t);
    case PhysicalType::kByteArray:
      t = NewType(Kind::kBinary);
      ApplyBinaryLogical(e, t.get());
      ApplyTemporalOrDecimal(e, t.get());
      return TypePtr(t);
    case PhysicalType::kFixedLenByteArray: {
      int32_t len = e.type_length.value_or(-1);
      if (len <= 0 || len > kMaxFixedLength) {
        return Status::Corruption("parquet column '" + e.name + "': FIXED_LEN_BYTE_ARRAY length " +
                                  std::to_string(len));
      }
      t = NewType(Kind::kFixedBinary);
      t->byte_width = len;
      ApplyBinaryLogical(e, t.get());
      ApplyTemporalOrDecimal(e, t.get());
      return TypePtr(t);
    }
  }
  return Status::Corruption("parquet column '" + e.name + "' has an invalid physical type " +
                            std::to_string(static_cast<int>(*e.type)));
}

struct Levels {
  int16_t def = 0, rep = 0;            // levels of the parent
  int16_t slot_def = 0, slot_rep = 0;  // slot filter inherited from the parent
};

class Mapper {
 public:
  Mapper(const std::vector<SchemaElement>& els, ParquetSchema* out) : els_(els), out_(out) {}

  // `as_element`: the node is the element of a list formed by its own REPEATED repetition.
  Status Map(const Tree& node, Levels lv, std::vector<std::string> path, bool as_element,
             ReadNode* out);

 private:
  Status MapRepeatedAsList(const Tree& node, Levels lv, std::vector<std::string> path,
                           ReadNode* out);
  Status MapList(const Tree& node, Levels lv, const std::vector<std::string>& path, ReadNode* out);
  Status MapMap(const Tree& node, Levels lv, const std::vector<std::string>& path, ReadNode* out);
  Status MapLeaf(const Tree& node, Levels lv, std::vector<std::string> path, ReadNode* out);

  const std::vector<SchemaElement>& els_;
  ParquetSchema* out_;
  int top_field_ = 0;

  friend Result<ParquetSchema> strata::format::parquet::MapParquetSchema(
      const std::vector<SchemaElement>& elements);
};

bool IsAnnotated(const SchemaElement& e, LogicalType::Kind lk, ConvertedType ck,
                 ConvertedType ck2) {
  if (e.logical_type && e.logical_type->kind == lk) return true;
  return e.converted_type && (*e.converted_type == ck || *e.converted_type == ck2);
}

Status Mapper::Map(const Tree& node, Levels lv, std::vector<std::string> path, bool as_element,
                   ReadNode* out) {
  const SchemaElement& e = els_[node.element];
  Repetition rep = e.repetition_type.value_or(Repetition::kRequired);
  if (rep == Repetition::kRepeated && !as_element) return MapRepeatedAsList(node, lv, path, out);
  if (rep != Repetition::kRequired && rep != Repetition::kOptional && rep != Repetition::kRepeated) {
    return Status::Corruption("parquet column '" + e.name + "': bad repetition " +
                              std::to_string(static_cast<int>(rep)));
  }
  path.push_back(e.name);
  out->name = e.name;
  out->nullable = !as_element && rep == Repetition::kOptional;
  if (out->nullable) ++lv.def;
  out->slot_def = lv.slot_def;
  out->slot_rep = lv.slot_rep;
  out->present_def = lv.def;
  if (node.children.empty()) return MapLeaf(node, lv, std::move(path), out);
  if (IsAnnotated(e, LogicalType::Kind::kList, ConvertedType::kList, ConvertedType::kList)) {
    return MapList(node, lv, path, out);
  }
  if (IsAnnotated(e, LogicalType::Kind::kMap, ConvertedType::kMap, ConvertedType::kMapKeyValue)) {
    return MapMap(node, lv, path, out);
  }
  std::vector<Field> fields;
  Levels child_lv{lv.def, lv.rep, lv.slot_def, lv.slot_rep};
  out->children.resize(node.children.size());
  for (size_t i = 0; i < node.children.size(); ++i) {
    STRATA_RETURN_IF_ERROR(Map(node.children[i], child_lv, path, false, &out->children[i]));
    fields.push_back(Field{out->children[i].name, out->children[i].type, out->children[i].nullable});
  }
  out->type = StructOf(std::move(fields));
  out->first_leaf = out->children[0].first_leaf;
  return Status::OK();
}

Status Mapper::MapRepeatedAsList(const Tree& node, Levels lv, std::vector<std::string> path,
                                 ReadNode* out) {
  const SchemaElement& e = els_[node.element];
  out->name = e.name;
  out->nullable = false;
  out->slot_def = lv.slot_def;
  out->slot_rep = lv.slot_rep;
  out->present_def = lv.def;
  Levels inner{static_cast<int16_t>(lv.def + 1), static_cast<int16_t>(lv.rep + 1),
               static_cast<int16_t>(lv.def + 1), static_cast<int16_t>(lv.rep + 1)};
  out->children.resize(1);
  STRATA_RETURN_IF_ERROR(Map(node, inner, std::move(path), true, &out->children[0]));
  out->children[0].name = "element";
  out->type = ListOf(out->children[0].type, false);
  out->first_leaf = out->children[0].first_leaf;
  return Status::OK();
}

Status Mapper::MapList(const Tree& node, Levels lv, const std::vector<std::string>& path,
                       ReadNode* out) {
  const SchemaElement& e = els_[node.element];
  const Tree& r = node.children[0];
  const SchemaElement& re = els_[r.element];
  if (node.children.size() != 1 || re.repetition_type != Repetition::kRepeated) {
    return Status::NotSupported("parquet LIST '" + e.name + "' without a single repeated child");
  }
  Levels inner{static_cast<int16_t>(lv.def + 1), static_cast<int16_t>(lv.rep + 1),
               static_cast<int16_t>(lv.def + 1), static_cast<int16_t>(lv.rep + 1)};
  out->children.resize(1);
  ReadNode& elem = out->children[0];
  bool legacy_element = r.children.empty() || r.children.size() > 1 || re.name == "array" ||
                        re.name == e.name + "_tuple";
  if (legacy_element) {
    STRATA_RETURN_IF_ERROR(Map(r, inner, path, true, &elem));
  } else {
    std::vector<std::string> p = path;
    p.push_back(re.name);
    STRATA_RETURN_IF_ERROR(Map(r.children[0], inner, std::move(p), false, &elem));
  }
  out->type = ListOf(elem.type, elem.nullable);
  elem.name = "element";
  out->first_leaf = elem.first_leaf;
  return Status::OK();
}

Status Mapper::MapMap(const Tree& node, Levels lv, const std::vector<std::string>& path,
                      ReadNode* out) {
  const SchemaElement& e = els_[node.element];
  const Tree& r = node.children[0];
  const SchemaElement& re = els_[r.element];
  if (node.children.size() != 1 || re.repetition_type != Repetition::kRepeated ||
      r.children.size() != 2) {
    return Status::NotSupported("parquet MAP '" + e.name +
                                "' that is not a repeated group of key and value");
  }
  Levels inner{static_cast<int16_t>(lv.def + 1), static_cast<int16_t>(lv.rep + 1),
               static_cast<int16_t>(lv.def + 1), static_cast<int16_t>(lv.rep + 1)};
  std::vector<std::string> p = path;
  p.push_back(re.name);
  out->children.resize(2);
  STRATA_RETURN_IF_ERROR(Map(r.children[0], inner, p, false, &out->children[0]));
  STRATA_RETURN_IF_ERROR(Map(r.children[1], inner, p, false, &out->children[1]));
  out->children[0].name = "key";
  out->children[1].name = "value";
  out->type = MapOf(out->children[0].type, out->children[1].type, out->children[1].nullable);
  out->first_leaf = out->children[0].first_leaf;
  return Status::OK();
}

Status Mapper::MapLeaf(const Tree& node, Levels lv, std::vector<std::string> path,
                       ReadNode* out) {
  const SchemaElement& e = els_[node.element];
  if (!e.type) return Status::Corruption("parquet column '" + e.name + "' has no physical type");
  STRATA_ASSIGN_OR_RETURN(out->type, LeafType(e));
  LeafDescriptor d;
  d.path = std::move(path);
  d.physical = *e.type;
  d.type_length = e.type_length.value_or(0);
  d.max_def = lv.def;
  d.max_rep = lv.rep;
  d.type = out->type;
  d.top_field = top_field_;
  out->leaf = static_cast<int>(out_->leaves.size());
  out->first_leaf = out->leaf;
  out_->leaves.push_back(std::move(d));
  return Status::OK();
}

}  // namespace

Result<ParquetSchema> MapParquetSchema(const std::vector<SchemaElement>& elements) {
  if (elements.empty()) return Status::Corruption("parquet schema is empty");
  Tree root;
  size_t next = 0;
  STRATA_RETURN_IF_ERROR(BuildTree(elements, &next, 0, &root));
  if (next != elements.size()) {
    return Status::Corruption("parquet schema has " + std::to_string(elements.size() - next) +
                              " elements outside the root");
  }
  ParquetSchema out;
  Mapper mapper(elements, &out);
  std::vector<Field> fields;
  for (size_t i = 0; i < root.children.size(); ++i) {
    mapper.top_field_ = static_cast<int>(i);
    ReadNode node;
    STRATA_RETURN_IF_ERROR(mapper.Map(root.children[i], Levels{}, {}, false, &node));
    fields.push_back(Field{node.name, node.type, node.nullable});
    out.fields.push_back(std::move(node));
  }
  out.schema = Schema(std::move(fields));
  return out;
}

}  // namespace strata::format::parquet
