// Predicate: a boolean expression over named columns, used to skip data by statistics (Parquet
// row groups, Delta file stats) and to select rows (copy-on-write deletes).
//
// Grammar of Parse() (SQL-like, case-insensitive keywords):
//   expr    := or ; or := and ("OR" and)* ; and := not ("AND" not)* ; not := "NOT" not | cmp
//   cmp     := "(" expr ")" | NAME op literal | NAME "IN" "(" literal ("," literal)* ")"
//            | NAME "IS" ["NOT"] "NULL"
//   op      := "=" | "!=" | "<>" | "<" | "<=" | ">" | ">="
//   literal := 'single-quoted string' | integer | decimal | TRUE | FALSE | NULL
// NAME may be dotted (a.b) for struct fields or back-quoted.
// Thread-safety: immutable values.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.h"
#include "format/column.h"

namespace strata::format {

/// A scalar: null, bool, integer (all integer kinds, dates and timestamps), double or bytes.
using Literal = std::variant<std::monostate, bool, int64_t, double, std::string>;

/// Render a literal for messages and JSON-ish output.
std::string LiteralToString(const Literal& v);
/// Compare two non-null literals of compatible kinds (ints and doubles compare numerically);
/// returns <0, 0, >0, or nullopt when incomparable.
std::optional<int> CompareLiterals(const Literal& a, const Literal& b);

/// Min/max/null statistics for one column of one unit of data (row group, file).
struct ColumnStats {
  std::optional<Literal> min;
  std::optional<Literal> max;
  std::optional<int64_t> null_count;
  int64_t num_values = -1;  // -1 when unknown
};

using StatsLookup = std::function<const ColumnStats*(std::string_view column)>;

class Predicate {
 public:
  enum class Op { kTrue, kEq, kNe, kLt, kLe, kGt, kGe, kIn, kIsNull, kIsNotNull, kAnd, kOr, kNot };

  static Predicate True() { return Predicate(); }
  static Predicate Compare(Op op, std::string column, Literal value);
  static Predicate In(std::string column, std::vector<Literal> values);
  /// `column IN ('a', 'b', ...)` over string values (ids, keys).
  static Predicate In(std::string column, const std::vector<std::string>& values) {
    return In(std::move(column), std::vector<Literal>(values.begin(), values.end()));
  }
  static Predicate IsNull(std::string column, bool negate = false);
  static Predicate And(std::vector<Predicate> children);
  static Predicate Or(std::vector<Predicate> children);
  static Predicate Not(Predicate child);
  /// Parse the grammar above; InvalidArgument naming the position on error.
  static Result<Predicate> Parse(std::string_view text);

  Op op() const { return op_; }
  const std::string& column() const { return column_; }
  const std::vector<Literal>& values() const { return values_; }
  const std::vector<Predicate>& children() const { return children_; }
  /// Every column name the predicate mentions.
  std::vector<std::string> Columns() const;
  std::string ToString() const;

  /// Evaluate per row of `batch`: out[i] = 1 when row i matches (SQL semantics: a comparison
  /// with null is false). InvalidArgument when a column is missing.
  Result<std::vector<uint8_t>> Evaluate(const RecordBatch& batch) const;
  /// False only when no row summarized by `stats` can match; columns without stats may match.
  bool MayMatch(const StatsLookup& stats) const;

 private:
  Op op_ = Op::kTrue;
  std::string column_;
  std::vector<Literal> values_;
  std::vector<Predicate> children_;
};

/// The value of row `row` of a primitive column as a literal in the representation predicates
/// and stats use (null when absent; decimals as double; binary as string).
Literal CellLiteral(const Column& column, int64_t row);

}  // namespace strata::format
