// RowJson: render the values of Strata Columns as JSON text, one row at a time, for
// `strata parquet cat --json` and other row dumps.
//
// Conventions (the canonical form the Parquet conformance test compares against DuckDB):
//   integers as JSON numbers (unsigned types unsigned); float/double as the shortest round-trip
//   number, NaN and infinities as the strings "NaN", "Infinity", "-Infinity"; strings, JSON and
//   enums as JSON strings (invalid UTF-8 replaced by U+FFFD); other binary as lowercase hex
//   strings; UUIDs as 8-4-4-4-12 hex; FLOAT16 as a number; decimals as strings with exactly
//   `scale` fraction digits; dates as "YYYY-MM-DD"; timestamps as "YYYY-MM-DDTHH:MM:SS" plus
//   3/6/9 fraction digits by unit, and "Z" when adjusted to UTC; times as "HH:MM:SS.fff..."; lists
//   as arrays; structs as objects; maps as arrays of {"key": k, "value": v}; nulls as null.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "format/column.h"

namespace strata::cli {

/// Append the JSON of row `i` of `column` to `*out`.
void AppendValueJson(const format::Column& column, int64_t i, std::string* out);
/// Append `{"field": value, ...}` for row `i` of `batch`.
void AppendRowJson(const format::RecordBatch& batch, int64_t i, std::string* out);
/// Append `s` as a JSON string literal.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace strata::cli
