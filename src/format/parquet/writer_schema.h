// WriterSchema: how the writer lays a Strata Schema out as a Parquet schema.
//
// BuildWriterSchema produces the flattened SchemaElement list (root first, depth-first, from
// MakeParquetSchema in schema_map.h: standard 3-level LIST and key_value MAP layouts, logical
// annotations as both LogicalType and ConvertedType) and one LeafColumn per primitive leaf, with
// its path, max definition/repetition levels and the steps that walk from the top-level Column
// down to the leaf Column.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "format/parquet/metadata.h"
#include "format/schema.h"

namespace strata::format::parquet {

/// One node on the path from a top-level field to a leaf.
struct LevelStep {
  Kind kind = Kind::kInt64;  // the node's kind
  bool nullable = false;     // an optional node adds a definition level
  int child = 0;             // for nested kinds: the child column to descend into
  int16_t rep_level = 0;     // for kList/kMap: repetition level of its repeated group
};

struct LeafColumn {
  int top_field = 0;
  std::vector<std::string> path;   // path_in_schema
  std::vector<LevelStep> steps;    // top-level node first, leaf last
  TypePtr type;                    // the leaf's DataType
  PhysicalType physical = PhysicalType::kInt32;
  int16_t max_def = 0;
  int16_t max_rep = 0;
};

struct WriterSchema {
  std::vector<SchemaElement> elements;
  std::vector<LeafColumn> leaves;
};

/// Map `schema`; NotSupported naming the field for types Parquet cannot hold.
Result<WriterSchema> BuildWriterSchema(const Schema& schema);

}  // namespace strata::format::parquet
