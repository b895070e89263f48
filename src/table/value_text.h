// Delta's text form of values, used by partition values ("2021-01-31", "42", "true") and by the
// minValues/maxValues of file statistics, converted to and from typed format::Literals.
//
// Dates are days since the epoch, timestamps micros (UTC; "YYYY-MM-DD HH:MM:SS[.ffffff]" or ISO
// 8601 with 'T' and 'Z'), decimals are unscaled integers for int32/int64 storage, booleans
// "true"/"false". Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "format/column.h"
#include "format/predicate.h"

namespace strata::table {

/// Parse "YYYY-MM-DD" into days since the epoch.
std::optional<int64_t> ParseDateText(std::string_view s);
/// Parse a timestamp into micros since the epoch (UTC).
std::optional<int64_t> ParseTimestampText(std::string_view s);

/// Convert a partition value to a literal of `type`; nullopt input gives a null literal.
Result<format::Literal> ParsePartitionValue(const std::optional<std::string>& text,
                                            const format::DataType& type);
/// Render row `row` of a primitive column as a partition value (nullopt for null).
std::optional<std::string> PartitionValueText(const format::Column& column, int64_t row);
/// A column of `rows` copies of `value` (null when monostate), of `type`.
Result<format::Column> ConstantColumn(const format::TypePtr& type, const format::Literal& value,
                                      int64_t rows);

}  // namespace strata::table
