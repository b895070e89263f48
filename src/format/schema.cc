#include "format/schema.h"

namespace strata::format {
namespace {

TypePtr Make(Kind kind, Logical logical = Logical::kNone) {
  auto t = std::make_shared<DataType>();
  t->kind = kind;
  t->logical = logical;
  return t;
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kBool: return "bool";
    case Kind::kInt32: return "int32";
    case Kind::kInt64: return "int64";
    case Kind::kFloat: return "float";
    case Kind::kDouble: return "double";
    case Kind::kBinary: return "binary";
    case Kind::kFixedBinary: return "fixed_binary";
    case Kind::kList: return "list";
    case Kind::kStruct: return "struct";
    case Kind::kMap: return "map";
  }
  return "?";
}

const char* UnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMillis: return "ms";
    case TimeUnit::kMicros: return "us";
    case TimeUnit::kNanos: return "ns";
  }
  return "?";
}

std::string LogicalName(const DataType& t) {
  switch (t.logical) {
    case Logical::kNone: return KindName(t.kind);
    case Logical::kString: return "string";
    case Logical::kJson: return "json";
    case Logical::kEnum: return "enum";
    case Logical::kUuid: return "uuid";
    case Logical::kInt8: return "int8";
    case Logical::kInt16: return "int16";
    case Logical::kUInt8: return "uint8";
    case Logical::kUInt16: return "uint16";
    case Logical::kUInt32: return "uint32";
    case Logical::kUInt64: return "uint64";
    case Logical::kDate: return "date";
    case Logical::kTimeMillis: return "time(ms)";
    case Logical::kTimeMicros: return "time(us)";
    case Logical::kTimeNanos: return "time(ns)";
    case Logical::kTimestamp:
      return std::string("timestamp(") + UnitName(t.unit) + (t.utc ? ", utc)" : ")");
    case Logical::kDecimal:
      return "decimal(" + std::to_string(t.precision) + "," + std::to_string(t.scale) + ")";
    case Logical::kFloat16: return "float16";
  }
  return "?";
}

}  // namespace

std::string DataType::ToString() const {
  switch (kind) {
    case Kind::kList:
      return "list<" + (children.empty() ? std::string("?") : children[0].type->ToString()) + ">";
    case Kind::kMap:
      return "map<" + (children.size() < 2 ? std::string("?, ?")
                                           : children[0].type->ToString() + ", " +
                                                 children[1].type->ToString()) +
             ">";
    case Kind::kStruct: {
      std::string out = "struct<";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i) out += ", ";
        out += children[i].name + ": " + children[i].type->ToString();
      }
      return out + ">";
    }
    case Kind::kFixedBinary:
      if (logical == Logical::kNone) return "fixed_binary(" + std::to_string(byte_width) + ")";
      return LogicalName(*this);
    default:
      return LogicalName(*this);
  }
}

bool DataType::Equals(const DataType& o) const {
  if (kind != o.kind || logical != o.logical || children.size() != o.children.size()) return false;
  if (logical == Logical::kTimestamp && (unit != o.unit || utc != o.utc)) return false;
  if (logical == Logical::kDecimal && (precision != o.precision || scale != o.scale)) return false;
  if (kind == Kind::kFixedBinary && byte_width != o.byte_width) return false;
  for (size_t i = 0; i < children.size(); ++i) {
    const Field& a = children[i];
    const Field& b = o.children[i];
    if (a.name != b.name || a.nullable != b.nullable || !a.type->Equals(*b.type)) return false;
  }
  return true;
}

TypePtr Bool() { static const TypePtr t = Make(Kind::kBool); return t; }
TypePtr Int32() { static const TypePtr t = Make(Kind::kInt32); return t; }
TypePtr Int64() { static const TypePtr t = Make(Kind::kInt64); return t; }
TypePtr Float32() { static const TypePtr t = Make(Kind::kFloat); return t; }
TypePtr Float64() { static const TypePtr t = Make(Kind::kDouble); return t; }
TypePtr String() { static const TypePtr t = Make(Kind::kBinary, Logical::kString); return t; }
TypePtr Binary() { static const TypePtr t = Make(Kind::kBinary); return t; }
TypePtr Json() { static const TypePtr t = Make(Kind::kBinary, Logical::kJson); return t; }
TypePtr Date() { static const TypePtr t = Make(Kind::kInt32, Logical::kDate); return t; }

TypePtr TimestampMicros(bool utc) {
  auto t = std::make_shared<DataType>();
  t->kind = Kind::kInt64;
  t->logical = Logical::kTimestamp;
  t->unit = TimeUnit::kMicros;
  t->utc = utc;
  return t;
}

TypePtr ListOf(TypePtr element, bool element_nullable) {
  auto t = std::make_shared<DataType>();
  t->kind = Kind::kList;
  t->children.push_back(Field{"element", std::move(element), element_nullable});
  return t;
}

TypePtr StructOf(std::vector<Field> fields) {
  auto t = std::make_shared<DataType>();
  t->kind = Kind::kStruct;
  t->children = std::move(fields);
  return t;
}

TypePtr MapOf(TypePtr key, TypePtr value, bool value_nullable) {
  auto t = std::make_shared<DataType>();
  t->kind = Kind::kMap;
  t->children.push_back(Field{"key", std::move(key), false});
  t->children.push_back(Field{"value", std::move(value), value_nullable});
  return t;
}

int Schema::IndexOf(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string Schema::ToString() const {
  std::string out;
  for (const auto& f : fields_) {
    out += f.name + ": " + f.type->ToString() + (f.nullable ? "" : " not null") + "\n";
  }
  return out;
}

bool Schema::Equals(const Schema& other) const {
  if (fields_.size() != other.fields_.size()) return false;
  for (size_t i = 0; i < fields_.size(); ++i) {
    const Field& a = fields_[i];
    const Field& b = other.fields_[i];
    if (a.name != b.name || a.nullable != b.nullable || !a.type->Equals(*b.type)) return false;
  }
  return true;
}

}  // namespace strata::format
