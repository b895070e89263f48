#include "format/parquet/writer_schema.h"

namespace strata::format::parquet {
namespace {

using LK = LogicalType::Kind;

LogicalType Integer(int bits, bool is_signed) {
  LogicalType t;
  t.kind = LK::kInteger;
  t.bit_width = static_cast<int8_t>(bits);
  t.is_signed = is_signed;
  return t;
}

LogicalType Simple(LK kind) {
  LogicalType t;
  t.kind = kind;
  return t;
}

LogicalType Temporal(LK kind, TimeUnit unit, bool utc) {
  LogicalType t;
  t.kind = kind;
  t.is_adjusted_to_utc = utc;
  t.unit = unit == TimeUnit::kMillis   ? LogicalType::Unit::kMillis
           : unit == TimeUnit::kMicros ? LogicalType::Unit::kMicros
                                       : LogicalType::Unit::kNanos;
  return t;
}

Result<PhysicalType> Physical(const DataType& t) {
  switch (t.kind) {
    case Kind::kBool: return PhysicalType::kBoolean;
    case Kind::kInt32: return PhysicalType::kInt32;
    case Kind::kInt64: return PhysicalType::kInt64;
    case Kind::kFloat: return PhysicalType::kFloat;
    case Kind::kDouble: return PhysicalType::kDouble;
    case Kind::kBinary: return PhysicalType::kByteArray;
    case Kind::kFixedBinary: return PhysicalType::kFixedLenByteArray;
    default: return Status::Internal("not a primitive kind: " + t.ToString());
  }
}

// Set LogicalType and ConvertedType of a primitive element from the Strata annotation.
void Annotate(const DataType& t, SchemaElement* e) {
  using CT = ConvertedType;
  auto set = [&](LogicalType lt, std::optional<CT> ct) {
    e->logical_type = lt;
    e->converted_type = ct;
  };
  switch (t.logical) {
    case Logical::kNone: break;
    case Logical::kString: set(Simple(LK::kString), CT::kUtf8); break;
    case Logical::kJson: set(Simple(LK::kJson), CT::kJson); break;
    case Logical::kEnum: set(Simple(LK::kEnum), CT::kEnum); break;
    case Logical::kUuid: set(Simple(LK::kUuid), std::nullopt); break;
    case Logical::kFloat16: set(Simple(LK::kFloat16), std::nullopt); break;
    case Logical::kInt8: set(Integer(8, true), CT::kInt8); break;
    case Logical::kInt16: set(Integer(16, true), CT::kInt16); break;
    case Logical::kUInt8: set(Integer(8, false), CT::kUint8); break;
    case Logical::kUInt16: set(Integer(16, false), CT::kUint16); break;
    case Logical::kUInt32: set(Integer(32, false), CT::kUint32); break;
    case Logical::kUInt64: set(Integer(64, false), CT::kUint64); break;
    case Logical::kDate: set(Simple(LK::kDate), CT::kDate); break;
    case Logical::kTimeMillis:
      set(Temporal(LK::kTime, TimeUnit::kMillis, true), CT::kTimeMillis);
      break;
    case Logical::kTimeMicros:
      set(Temporal(LK::kTime, TimeUnit::kMicros, true), CT::kTimeMicros);
      break;
    case Logical::kTimeNanos: set(Temporal(LK::kTime, TimeUnit::kNanos, true), std::nullopt); break;
    case Logical::kTimestamp: {
      std::optional<CT> ct;
      if (t.utc && t.unit == TimeUnit::kMillis) ct = CT::kTimestampMillis;
      if (t.utc && t.unit == TimeUnit::kMicros) ct = CT::kTimestampMicros;
      set(Temporal(LK::kTimestamp, t.unit, t.utc), ct);
      break;
    }
    case Logical::kDecimal: {
      LogicalType lt = Simple(LK::kDecimal);
      lt.decimal_precision = t.precision;
      lt.decimal_scale = t.scale;
      set(lt, CT::kDecimal);
      e->precision = t.precision;
      e->scale = t.scale;
      break;
    }
  }
}

class Builder {
 public:
  explicit Builder(WriterSchema* out) : out_(out) {}

  Status AddField(const std::string& name, const DataType& type, Repetition rep,
                  LeafColumn leaf) {
    leaf.path.push_back(name);
    if (rep == Repetition::kOptional) ++leaf.max_def;
    LevelStep step{type.kind, rep == Repetition::kOptional, 0, 0};
    SchemaElement e;
    e.name = name;
    e.repetition_type = rep;
    switch (type.kind) {
      case Kind::kStruct: return AddStruct(type, std::move(e), step, std::move(leaf));
      case Kind::kList: return AddList(type, std::move(e), step, std::move(leaf));
      case Kind::kMap: return AddMap(type, std::move(e), step, std::move(leaf));
      default: break;
    }
    STRATA_ASSIGN_OR_RETURN(PhysicalType physical, Physical(type));
    e.type = physical;
    if (type.kind == Kind::kFixedBinary) e.type_length = type.byte_width;
    Annotate(type, &e);
    out_->elements.push_back(std::move(e));
    leaf.steps.push_back(step);
    leaf.type = std::make_shared<const DataType>(type);
    leaf.physical = physical;
    out_->leaves.push_back(std::move(leaf));
    return Status::OK();
  }

 private:
  static Repetition Rep(bool nullable) {
    return nullable ? Repetition::kOptional : Repetition::kRequired;
  }

  Status AddStruct(const DataType& type, SchemaElement e, LevelStep step, LeafColumn leaf) {
    if (type.children.empty()) {
      return Status::NotSupported("Parquet cannot hold an empty struct: " + leaf.path.back());
    }
    e.num_children = static_cast<int32_t>(type.children.size());
    out_->elements.push_back(std::move(e));
    for (size_t i = 0; i < type.children.size(); ++i) {
      const Field& f = type.children[i];
      LeafColumn sub = leaf;
      step.child = static_cast<int>(i);
      sub.steps.push_back(step);
      STRATA_RETURN_IF_ERROR(AddField(f.name, *f.type, Rep(f.nullable), std::move(sub)));
    }
    return Status::OK();
  }

  // Shared by lists and maps: the annotated group and its repeated child group.
  void AddRepeatedGroup(SchemaElement e, const std::string& group_name, int children,
                        LeafColumn* leaf) {
    e.num_children = 1;
    out_->elements.push_back(std::move(e));
    SchemaElement g;
    g.name = group_name;
    g.repetition_type = Repetition::kRepeated;
    g.num_children = children;
    out_->elements.push_back(std::move(g));
    leaf->path.push_back(group_name);
    ++leaf->max_def;
    ++leaf->max_rep;
  }

  Status AddList(const DataType& type, SchemaElement e, LevelStep step, LeafColumn leaf) {
    e.logical_type = Simple(LK::kList);
    e.converted_type = ConvertedType::kList;
    AddRepeatedGroup(std::move(e), "list", 1, &leaf);
    step.rep_level = leaf.max_rep;
    leaf.steps.push_back(step);
    const Field& elem = type.children.at(0);
    return AddField("element", *elem.type, Rep(elem.nullable), std::move(leaf));
  }

  Status AddMap(const DataType& type, SchemaElement e, LevelStep step, LeafColumn leaf) {
    e.logical_type = Simple(LK::kMap);
    e.converted_type = ConvertedType::kMap;
    AddRepeatedGroup(std::move(e), "key_value", 2, &leaf);
    step.rep_level = leaf.max_rep;
    LeafColumn key_leaf = leaf;
    key_leaf.steps.push_back(step);
    STRATA_RETURN_IF_ERROR(
        AddField("key", *type.children.at(0).type, Repetition::kRequired, std::move(key_leaf)));
    step.child = 1;
    leaf.steps.push_back(step);
    const Field& value = type.children.at(1);
    return AddField("value", *value.type, Rep(value.nullable), std::move(leaf));
  }

  WriterSchema* out_;
};

}  // namespace

Result<WriterSchema> BuildWriterSchema(const Schema& schema) {
  WriterSchema out;
  SchemaElement root;
  root.name = "schema";
  root.num_children = schema.num_fields();
  out.elements.push_back(root);
  Builder builder(&out);
  for (int i = 0; i < schema.num_fields(); ++i) {
    const Field& f = schema.field(i);
    LeafColumn leaf;
    leaf.top_field = i;
    STRATA_RETURN_IF_ERROR(builder.AddField(
        f.name, *f.type, f.nullable ? Repetition::kOptional : Repetition::kRequired, leaf));
  }
  return out;
}

}  // namespace strata::format::parquet
