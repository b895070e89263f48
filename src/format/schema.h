// Schema and types of Strata's in-memory columnar data (the model every format reads into and
// writes from).
//
// A DataType has a storage Kind (how values are laid out in a Column) and an optional Logical
// annotation (how to interpret them), mirroring Parquet's physical/logical split so that reading
// needs no conversion: a Parquet DATE is kInt32 storage with Logical::kDate, a DECIMAL(9,2) is
// kInt32 with precision/scale, a string is kBinary with Logical::kString. Nested kinds (kList,
// kStruct, kMap) have children: a list has one ("element"), a struct one per field, a map two
// ("key", "value").
//
// Types are immutable and shared (TypePtr); Schemas are values. Thread-safe to share read-only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace strata::format {

enum class Kind : unsigned char {
  kBool,
  kInt32,
  kInt64,
  kFloat,
  kDouble,
  kBinary,       // variable length: offsets + bytes
  kFixedBinary,  // fixed length `byte_width`
  kList,
  kStruct,
  kMap,
};

enum class Logical : unsigned char {
  kNone,
  kString,      // kBinary holding UTF-8
  kJson,        // kBinary holding JSON text
  kEnum,        // kBinary
  kUuid,        // kFixedBinary(16)
  kInt8,        // kInt32 storage
  kInt16,       // kInt32 storage
  kUInt8,       // kInt32 storage
  kUInt16,      // kInt32 storage
  kUInt32,      // kInt32 storage, reinterpret as unsigned
  kUInt64,      // kInt64 storage, reinterpret as unsigned
  kDate,        // kInt32 days since epoch
  kTimeMillis,  // kInt32
  kTimeMicros,  // kInt64
  kTimeNanos,   // kInt64
  kTimestamp,   // kInt64 in `unit`, `utc` says whether adjusted to UTC
  kDecimal,     // kInt32/kInt64/kFixedBinary/kBinary big-endian two's complement unscaled
  kFloat16,     // kFixedBinary(2)
};

enum class TimeUnit : unsigned char { kMillis, kMicros, kNanos };

struct Field;
struct DataType;
using TypePtr = std::shared_ptr<const DataType>;

struct DataType {
  Kind kind = Kind::kInt64;
  Logical logical = Logical::kNone;
  TimeUnit unit = TimeUnit::kMicros;  // kTimestamp
  bool utc = true;                    // kTimestamp
  int32_t precision = 0;              // kDecimal
  int32_t scale = 0;                  // kDecimal
  int32_t byte_width = 0;             // kFixedBinary
  std::vector<Field> children;        // kList, kStruct, kMap

  bool is_nested() const { return kind == Kind::kList || kind == Kind::kStruct || kind == Kind::kMap; }
  /// Human-readable form: "int64", "string", "list<float>", "struct<a: int32, b: string>".
  std::string ToString() const;
  bool Equals(const DataType& other) const;
};

struct Field {
  std::string name;
  TypePtr type;
  bool nullable = true;
};

// Factories for the common types.
TypePtr Bool();
TypePtr Int32();
TypePtr Int64();
TypePtr Float32();
TypePtr Float64();
TypePtr String();
TypePtr Binary();
TypePtr Json();
TypePtr Date();
TypePtr TimestampMicros(bool utc = true);
TypePtr ListOf(TypePtr element, bool element_nullable = true);
TypePtr StructOf(std::vector<Field> fields);
TypePtr MapOf(TypePtr key, TypePtr value, bool value_nullable = true);

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  const std::vector<Field>& fields() const { return fields_; }
  int num_fields() const { return static_cast<int>(fields_.size()); }
  const Field& field(int i) const { return fields_[i]; }
  /// Index of the top-level field named `name`, or -1.
  int IndexOf(std::string_view name) const;
  std::string ToString() const;
  bool Equals(const Schema& other) const;

 private:
  std::vector<Field> fields_;
};

}  // namespace strata::format
