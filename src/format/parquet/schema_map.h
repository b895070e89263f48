// Schema mapping between Parquet and Strata.
//
// MapParquetSchema turns the flattened Parquet schema (root first, depth-first) into a Strata
// Schema plus a ReadNode tree that says, for every Strata column, how its rows, nulls and list
// offsets follow from the definition/repetition levels of a leaf below it. It understands the
// LIST and MAP annotations with their backward-compatibility rules (2-level lists, `array` and
// `_tuple` element groups, bare repeated fields as required lists) and maps physical types plus
// LogicalType/ConvertedType annotations to Kind/Logical (INT96 becomes int64 microseconds).
// MakeParquetSchema is the reverse, in the standard 3-level list and key_value map layout.
//
// Level rule used by the reader: a level entry (def, rep) starts a slot (a row) of node N when
// def >= N.slot_def and rep <= N.slot_rep; the slot holds a value when def >= N.present_def.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "format/parquet/metadata.h"
#include "format/schema.h"

namespace strata::format::parquet {

struct ReadNode {
  std::string name;
  TypePtr type;
  bool nullable = true;
  int16_t slot_def = 0;
  int16_t slot_rep = 0;
  int16_t present_def = 0;
  int leaf = -1;        // primitives: index into ParquetSchema::leaves
  int first_leaf = -1;  // a leaf below this node whose levels describe it
  std::vector<ReadNode> children;
};

struct LeafDescriptor {
  std::vector<std::string> path;  // path_in_schema
  PhysicalType physical = PhysicalType::kInt32;
  int32_t type_length = 0;        // FIXED_LEN_BYTE_ARRAY
  int16_t max_def = 0;
  int16_t max_rep = 0;
  TypePtr type;                   // the Strata type of the leaf column
  int top_field = 0;
};

struct ParquetSchema {
  Schema schema;
  std::vector<ReadNode> fields;        // one per top-level field
  std::vector<LeafDescriptor> leaves;  // in column-chunk order
};

/// Map a Parquet schema; Corruption for a malformed tree, NotSupported for unsupported shapes.
Result<ParquetSchema> MapParquetSchema(const std::vector<SchemaElement>& elements);

/// The Parquet schema (root first) that stores `schema`; the writer's layout.
std::vector<SchemaElement> MakeParquetSchema(const Schema& schema);

}  // namespace strata::format::parquet
