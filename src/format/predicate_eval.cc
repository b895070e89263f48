// Predicate evaluation: per-row over a RecordBatch (Evaluate) and per-unit over statistics
// (MayMatch). NOT is pushed down to the leaves (NOT a < 1 becomes a >= 1) so that both keep SQL's
// three-valued semantics: a comparison involving null is never true, negated or not.
#include <cmath>
#include <cstdio>

#include "format/predicate.h"
#include "common/clock.h"

namespace strata::format {
namespace {

using Op = Predicate::Op;

Op Complement(Op op) {
  switch (op) {
    case Op::kEq: return Op::kNe;
    case Op::kNe: return Op::kEq;
    case Op::kLt: return Op::kGe;
    case Op::kLe: return Op::kGt;
    case Op::kGt: return Op::kLe;
    case Op::kGe: return Op::kLt;
    case Op::kIsNull: return Op::kIsNotNull;
    case Op::kIsNotNull: return Op::kIsNull;
    default: return op;
  }
}

bool OpHolds(Op op, int cmp) {
  switch (op) {
    case Op::kEq: return cmp == 0;
    case Op::kNe: return cmp != 0;
    case Op::kLt: return cmp < 0;
    case Op::kLe: return cmp <= 0;
    case Op::kGt: return cmp > 0;
    case Op::kGe: return cmp >= 0;
    default: return false;
  }
}

// "YYYY-MM-DD" → days since epoch.
std::optional<int64_t> ParseDate(const std::string& s) {
  int y = 0, m = 0, d = 0, n = 0;
  if (std::sscanf(s.c_str(), "%d-%d-%d%n", &y, &m, &d, &n) != 3 || m < 1 || m > 12 || d < 1 ||
      d > 31 || y < -9999 || y > 9999) {
    return std::nullopt;
  }
  return DaysFromCivil(y, m, d);
}

// "YYYY-MM-DD[ T]HH:MM:SS[.ffffff]" → micros since epoch (UTC).
std::optional<int64_t> ParseTimestampMicros(const std::string& s) {
  auto days = ParseDate(s);
  if (!days) return std::nullopt;
  int hh = 0, mm = 0, n = 0;
  double ss = 0;
  if (s.size() > 10 &&
      (std::sscanf(s.c_str() + 11, "%d:%d:%lf%n", &hh, &mm, &ss, &n) != 3 || hh < 0 || hh > 24 ||
       mm < 0 || mm > 59 || !(ss >= 0 && ss < 61))) {
    return std::nullopt;
  }
  return *days * 86400000000LL + (hh * 3600LL + mm * 60LL) * 1000000LL +
         static_cast<int64_t>(std::llround(ss * 1e6));
}

// Bring a literal to the representation of `type` (a date string to days, ...).
Literal Coerce(const DataType& type, const Literal& lit) {
  const std::string* s = std::get_if<std::string>(&lit);
  if (!s) return lit;
  if (type.logical == Logical::kDate) {
    if (auto d = ParseDate(*s)) return *d;
  } else if (type.logical == Logical::kTimestamp) {
    if (auto us = ParseTimestampMicros(*s)) {
      switch (type.unit) {
        case TimeUnit::kMillis: return *us / 1000;
        case TimeUnit::kMicros: return *us;
        case TimeUnit::kNanos: return *us * 1000;
      }
    }
  }
  return lit;
}

struct ResolvedColumn {
  const Column* column = nullptr;
  std::vector<const Column*> parents;  // struct ancestors whose nulls hide the value
};

Result<ResolvedColumn> Resolve(const RecordBatch& batch, const std::string& name) {
  ResolvedColumn out;
  int idx = batch.schema.IndexOf(name);
  if (idx >= 0) {
    out.column = &batch.columns[idx];
    return out;
  }
  size_t start = 0;
  const std::vector<Field>* fields = &batch.schema.fields();
  const Column* parent = nullptr;  // null: top level
  while (true) {
    size_t dot = name.find('.', start);
    std::string part = name.substr(start, dot == std::string::npos ? dot : dot - start);
    int found = -1;
    for (size_t f = 0; f < fields->size(); ++f) {
      if ((*fields)[f].name == part) found = static_cast<int>(f);
    }
    int available = parent ? parent->num_children() : static_cast<int>(batch.columns.size());
    if (found < 0 || found >= available) break;
    const Column& col = parent ? parent->child(found) : batch.columns[found];
    if (dot == std::string::npos) {
      out.column = &col;
      return out;
    }
    if (col.type()->kind != Kind::kStruct) break;
    out.parents.push_back(&col);
    fields = &col.type()->children;
    parent = &col;
    start = dot + 1;
  }
  return Status::InvalidArgument("predicate: no column '" + name + "' in the batch");
}

class Evaluator {
 public:
  explicit Evaluator(const RecordBatch& batch) : batch_(batch) {}

  Result<std::vector<uint8_t>> Eval(const Predicate& p, bool negated) {
    const int64_t n = batch_.num_rows;
    switch (p.op()) {
      case Op::kTrue: return std::vector<uint8_t>(n, negated ? 0 : 1);
      case Op::kNot: return Eval(p.children()[0], !negated);
      case Op::kAnd:
      case Op::kOr: return EvalJunction(p, (p.op() == Op::kAnd) != negated, negated);
      default: return EvalLeaf(p, negated);
    }
  }

 private:
  Result<std::vector<uint8_t>> EvalJunction(const Predicate& p, bool conjunction, bool negated) {
    std::vector<uint8_t> acc(batch_.num_rows, conjunction ? 1 : 0);
    for (const Predicate& child : p.children()) {
      STRATA_ASSIGN_OR_RETURN(std::vector<uint8_t> part, Eval(child, negated));
      for (size_t i = 0; i < acc.size(); ++i) {
        acc[i] = conjunction ? (acc[i] & part[i]) : (acc[i] | part[i]);
      }
    }
    return acc;
  }

  Result<std::vector<uint8_t>> EvalLeaf(const Predicate& p, bool negated) {
    STRATA_ASSIGN_OR_RETURN(ResolvedColumn rc, Resolve(batch_, p.column()));
    const Column& col = *rc.column;
    const int64_t n = batch_.num_rows;
    std::vector<uint8_t> out(n, 0);
    auto valid = [&](int64_t i) {
      for (const Column* parent : rc.parents) {
        if (!parent->IsValid(i)) return false;
      }
      return col.IsValid(i);
    };
    Op op = negated ? Complement(p.op()) : p.op();
    if (op == Op::kIsNull || op == Op::kIsNotNull) {
      for (int64_t i = 0; i < n; ++i) out[i] = valid(i) == (op == Op::kIsNotNull);
      return out;
    }
    if (col.type()->is_nested()) {
      return Status::InvalidArgument("predicate: column '" + p.column() +
                                     "' is nested and cannot be compared");
    }
    std::vector<Literal> values;
    for (const Literal& v : p.values()) values.push_back(Coerce(*col.type(), v));
    for (int64_t i = 0; i < n; ++i) {
      if (!valid(i)) continue;
      Literal cell = CellLiteral(col, i);
      out[i] = op == Op::kIn ? InList(cell, values, negated) : LeafHolds(op, cell, values[0]);
    }
    return out;
  }

  static bool LeafHolds(Op op, const Literal& cell, const Literal& value) {
    auto cmp = CompareLiterals(cell, value);
    return cmp.has_value() && OpHolds(op, *cmp);
  }

  // SQL: x IN (..) is true when some value equals x; NOT IN is true when x differs from every
  // value and no value is null.
  static bool InList(const Literal& cell, const std::vector<Literal>& values, bool negated) {
    bool any_equal = false;
    bool all_comparable = true;
    for (const Literal& v : values) {
      auto cmp = CompareLiterals(cell, v);
      if (!cmp) all_comparable = false;
      if (cmp && *cmp == 0) any_equal = true;
    }
    return negated ? (!any_equal && all_comparable) : any_equal;
  }

  const RecordBatch& batch_;
};

// May any value in [min, max] satisfy `op value`? Unknown bounds may.
bool RangeMayMatch(Op op, const ColumnStats& s, const Literal& value) {
  if (std::holds_alternative<std::monostate>(value)) return false;
  std::optional<int> cmp_min;
  std::optional<int> cmp_max;
  if (s.min) cmp_min = CompareLiterals(*s.min, value);
  if (s.max) cmp_max = CompareLiterals(*s.max, value);
  switch (op) {
    case Op::kEq: return (!cmp_min || *cmp_min <= 0) && (!cmp_max || *cmp_max >= 0);
    case Op::kNe: return !(cmp_min && cmp_max && *cmp_min == 0 && *cmp_max == 0);
    case Op::kLt: return !cmp_min || *cmp_min < 0;
    case Op::kLe: return !cmp_min || *cmp_min <= 0;
    case Op::kGt: return !cmp_max || *cmp_max > 0;
    case Op::kGe: return !cmp_max || *cmp_max >= 0;
    default: return true;
  }
}

bool AllNull(const ColumnStats& s) {
  return s.null_count && s.num_values >= 0 && *s.null_count >= s.num_values;
}

bool StatsMayMatch(const Predicate& p, const StatsLookup& lookup, bool negated) {
  switch (p.op()) {
    case Op::kTrue: return !negated;
    case Op::kNot: return StatsMayMatch(p.children()[0], lookup, !negated);
    case Op::kAnd:
    case Op::kOr: {
      bool conjunction = (p.op() == Op::kAnd) != negated;
      for (const Predicate& c : p.children()) {
        bool m = StatsMayMatch(c, lookup, negated);
        if (conjunction && !m) return false;
        if (!conjunction && m) return true;
      }
      return conjunction;
    }
    default: break;
  }
  const ColumnStats* s = lookup ? lookup(p.column()) : nullptr;
  if (!s) return true;
  Op op = negated ? Complement(p.op()) : p.op();
  if (op == Op::kIsNull) return !s->null_count || *s->null_count > 0;
  if (op == Op::kIsNotNull) return !AllNull(*s);
  if (AllNull(*s)) return false;
  if (op == Op::kIn) {
    for (const Literal& v : p.values()) {
      if (negated) {
        if (!RangeMayMatch(Op::kNe, *s, v)) return false;
      } else if (RangeMayMatch(Op::kEq, *s, v)) {
        return true;
      }
    }
    return negated;
  }
  return RangeMayMatch(op, *s, p.values()[0]);
}

}  // namespace

Literal CellLiteral(const Column& col, int64_t i) {
  if (!col.IsValid(i)) return std::monostate{};
  const DataType& t = *col.type();
  switch (t.kind) {
    case Kind::kBool: return col.value<uint8_t>(i) != 0;
    case Kind::kInt32:
      if (t.logical == Logical::kDecimal) return col.value<int32_t>(i) / std::pow(10.0, t.scale);
      return static_cast<int64_t>(col.value<int32_t>(i));
    case Kind::kInt64:
      if (t.logical == Logical::kDecimal) return col.value<int64_t>(i) / std::pow(10.0, t.scale);
      return col.value<int64_t>(i);
    case Kind::kFloat: return static_cast<double>(col.value<float>(i));
    case Kind::kDouble: return col.value<double>(i);
    case Kind::kBinary:
    case Kind::kFixedBinary: return std::string(col.binary(i));
    default: return std::monostate{};
  }
}

Result<std::vector<uint8_t>> Predicate::Evaluate(const RecordBatch& batch) const {
  return Evaluator(batch).Eval(*this, false);
}

bool Predicate::MayMatch(const StatsLookup& stats) const {
  return StatsMayMatch(*this, stats, false);
}

}  // namespace strata::format
