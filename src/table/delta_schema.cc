#include "table/delta_schema.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

namespace strata::table {
namespace {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;
using format::DataType;
using format::Field;
using format::Kind;
using format::Logical;
using format::TypePtr;

TypePtr WithLogical(Kind kind, Logical logical) {
  auto t = std::make_shared<DataType>();
  t->kind = kind;
  t->logical = logical;
  return t;
}

TypePtr Decimal(int precision, int scale) {
  auto t = std::make_shared<DataType>();
  t->logical = Logical::kDecimal;
  t->precision = precision;
  t->scale = scale;
  if (precision <= 9) {
    t->kind = Kind::kInt32;
  } else if (precision <= 18) {
    t->kind = Kind::kInt64;
  } else {
    t->kind = Kind::kFixedBinary;
    // Bytes needed for 10^precision in two's complement.
    int bytes = 1;
    double max = 1;
    for (int i = 0; i < precision; ++i) max *= 10;
    while (std::ldexp(1.0, 8 * bytes - 1) < max) ++bytes;
    t->byte_width = bytes;
  }
  return t;
}

Result<TypePtr> PrimitiveType(const std::string& name) {
  if (name == "string") return format::String();
  if (name == "long") return format::Int64();
  if (name == "integer") return format::Int32();
  if (name == "short") return WithLogical(Kind::kInt32, Logical::kInt16);
  if (name == "byte") return WithLogical(Kind::kInt32, Logical::kInt8);
  if (name == "float") return format::Float32();
  if (name == "double") return format::Float64();
  if (name == "boolean") return format::Bool();
  if (name == "binary") return format::Binary();
  if (name == "date") return format::Date();
  if (name == "timestamp") return format::TimestampMicros(true);
  if (name == "timestamp_ntz") return format::TimestampMicros(false);
  int precision = 0, scale = 0;
  if (std::sscanf(name.c_str(), "decimal(%d,%d)", &precision, &scale) == 2 ||
      std::sscanf(name.c_str(), "decimal(%d, %d)", &precision, &scale) == 2) {
    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
      return Status::Corruption("bad decimal type '" + name + "'");
    }
    return Decimal(precision, scale);
  }
  if (name == "decimal") return Decimal(10, 0);
  return Status::NotSupported("Delta data type '" + name + "'");
}

struct Reader {
  std::map<std::string, std::string>* metadata;

  Result<TypePtr> Type(const Json& t, const std::string& path) {
    if (t.is_string()) return PrimitiveType(t.get<std::string>());
    const std::string kind = t.at("type").get<std::string>();
    if (kind == "struct") {
      STRATA_ASSIGN_OR_RETURN(std::vector<Field> fields, Fields(t.at("fields"), path + "."));
      return format::StructOf(std::move(fields));
    }
    if (kind == "array") {
      STRATA_ASSIGN_OR_RETURN(TypePtr element, Type(t.at("elementType"), path + ".element"));
      return format::ListOf(element, t.value("containsNull", true));
    }
    if (kind == "map") {
      STRATA_ASSIGN_OR_RETURN(TypePtr key, Type(t.at("keyType"), path + ".key"));
      STRATA_ASSIGN_OR_RETURN(TypePtr value, Type(t.at("valueType"), path + ".value"));
      return format::MapOf(key, value, t.value("valueContainsNull", true));
    }
    return Status::NotSupported("Delta data type '" + kind + "'");
  }

  Result<std::vector<Field>> Fields(const Json& fields, const std::string& prefix) {
    std::vector<Field> out;
    for (const Json& f : fields) {
      Field field;
      field.name = f.at("name").get<std::string>();
      field.nullable = f.value("nullable", true);
      std::string path = prefix + field.name;
      STRATA_ASSIGN_OR_RETURN(field.type, Type(f.at("type"), path));
      if (auto it = f.find("metadata"); it != f.end() && it->is_object() && !it->empty()) {
        (*metadata)[path] = it->dump();
      }
      out.push_back(std::move(field));
    }
    return out;
  }
};

Result<OJson> TypeJson(const DataType& t);

Result<OJson> FieldsJson(const std::vector<Field>& fields) {
  OJson arr = OJson::array();
  for (const Field& f : fields) {
    OJson jf;
    jf["name"] = f.name;
    STRATA_ASSIGN_OR_RETURN(jf["type"], TypeJson(*f.type));
    jf["nullable"] = f.nullable;
    jf["metadata"] = OJson::object();
    arr.push_back(std::move(jf));
  }
  return arr;
}

Result<OJson> TypeJson(const DataType& t) {
  switch (t.kind) {
    case Kind::kStruct: {
      OJson j;
      j["type"] = "struct";
      STRATA_ASSIGN_OR_RETURN(j["fields"], FieldsJson(t.children));
      return j;
    }
    case Kind::kList: {
      OJson j;
      j["type"] = "array";
      STRATA_ASSIGN_OR_RETURN(j["elementType"], TypeJson(*t.children[0].type));
      j["containsNull"] = t.children[0].nullable;
      return j;
    }
    case Kind::kMap: {
      OJson j;
      j["type"] = "map";
      STRATA_ASSIGN_OR_RETURN(j["keyType"], TypeJson(*t.children[0].type));
      STRATA_ASSIGN_OR_RETURN(j["valueType"], TypeJson(*t.children[1].type));
      j["valueContainsNull"] = t.children[1].nullable;
      return j;
    }
    default: {
      STRATA_ASSIGN_OR_RETURN(std::string name, DeltaTypeName(t));
      return OJson(name);
    }
  }
}

}  // namespace

Result<std::string> DeltaTypeName(const DataType& t) {
  if (t.logical == Logical::kDecimal) {
    return "decimal(" + std::to_string(t.precision) + "," + std::to_string(t.scale) + ")";
  }
  switch (t.kind) {
    case Kind::kBool: return std::string("boolean");
    case Kind::kInt32:
      if (t.logical == Logical::kDate) return std::string("date");
      if (t.logical == Logical::kInt16) return std::string("short");
      if (t.logical == Logical::kInt8) return std::string("byte");
      return std::string("integer");
    case Kind::kInt64:
      if (t.logical == Logical::kTimestamp) {
        return std::string(t.utc ? "timestamp" : "timestamp_ntz");
      }
      return std::string("long");
    case Kind::kFloat: return std::string("float");
    case Kind::kDouble: return std::string("double");
    case Kind::kBinary:
    case Kind::kFixedBinary:
      return std::string(t.logical == Logical::kString || t.logical == Logical::kJson ||
                                 t.logical == Logical::kEnum
                             ? "string"
                             : "binary");
    default: {
      STRATA_ASSIGN_OR_RETURN(OJson j, TypeJson(t));
      return j.dump();
    }
  }
}

Result<DeltaSchema> ParseDeltaSchema(std::string_view schema_string) {
  DeltaSchema out;
  try {
    Json j = Json::parse(schema_string);
    if (j.value("type", std::string()) != "struct") {
      return Status::Corruption("schemaString is not a struct type");
    }
    Reader reader{&out.field_metadata};
    STRATA_ASSIGN_OR_RETURN(std::vector<Field> fields, reader.Fields(j.at("fields"), ""));
    out.schema = format::Schema(std::move(fields));
  } catch (const Json::exception& e) {
    return Status::Corruption(std::string("schemaString: ") + e.what());
  }
  return out;
}

Result<std::string> ToDeltaSchemaString(const format::Schema& schema) {
  OJson j;
  j["type"] = "struct";
  STRATA_ASSIGN_OR_RETURN(j["fields"], FieldsJson(schema.fields()));
  return j.dump();
}

}  // namespace strata::table
