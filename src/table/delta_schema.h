// Delta's JSON schema format (metaData.schemaString) ↔ Strata's format::Schema.
//
// Delta primitive types map to Strata types as Parquet stores them: integer → int32, short →
// int32/int16, byte → int32/int8, long → int64, float, double, boolean, string, binary, date →
// int32/date, timestamp → int64 micros UTC, timestamp_ntz → int64 micros local, decimal(p,s) →
// int32/int64/fixed binary by precision; struct, array and map nest. Field metadata is kept aside
// (column mapping and generated columns live there) so readers can check it. A type Strata does
// not know (variant, ...) is NotSupported naming it.
//
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/result.h"
#include "format/schema.h"

namespace strata::table {

struct DeltaSchema {
  format::Schema schema;
  /// Field path ("a.b") → the field's metadata object as JSON text, for non-empty metadata.
  std::map<std::string, std::string> field_metadata;
};

/// Parse a schemaString. Corruption on malformed JSON, NotSupported on an unknown type.
Result<DeltaSchema> ParseDeltaSchema(std::string_view schema_string);
/// Render a schema as a Delta schemaString.
Result<std::string> ToDeltaSchemaString(const format::Schema& schema);
/// The Delta name of a Strata type ("long", "string", "decimal(10,2)", ...); nested types render
/// as JSON.
Result<std::string> DeltaTypeName(const format::DataType& type);

}  // namespace strata::table
