// Table reads: file skipping by partition values and stats, reading data files into the table's
// schema (partition columns filled in, missing columns as nulls, physical types aligned), and row
// filtering.
#include <algorithm>

#include "format/parquet/reader.h"
#include "table/file_stats.h"
#include "table/row_selection.h"
#include "table/table.h"
#include "table/value_text.h"

namespace strata::table {
namespace {

using format::Column;
using format::DataType;
using format::Kind;
using format::Logical;
using format::RecordBatch;

int64_t UnitsPerMicro(format::TimeUnit unit, bool* divide) {
  *divide = unit == format::TimeUnit::kNanos;
  return unit == format::TimeUnit::kMicros ? 1 : 1000;
}

// Move a column's buffers under another type of the same storage.
Column Retag(Column&& src, const format::TypePtr& type) {
  Column out(type);
  out.mutable_validity() = std::move(src.mutable_validity());
  out.mutable_data() = std::move(src.mutable_data());
  out.mutable_offsets() = std::move(src.mutable_offsets());
  out.mutable_children() = std::move(src.mutable_children());
  out.set_length(src.length());
  return out;
}

// Convert timestamps between units, or widen int32 to int64.
Column ConvertInt64(const Column& src, const format::TypePtr& type) {
  Column out(type);
  out.mutable_validity() = src.validity();
  const DataType& from = *src.type();
  bool from_div = false, to_div = false;
  int64_t from_scale = from.logical == Logical::kTimestamp ? UnitsPerMicro(from.unit, &from_div) : 1;
  int64_t to_scale = type->logical == Logical::kTimestamp ? UnitsPerMicro(type->unit, &to_div) : 1;
  auto& data = out.mutable_data();
  data.resize(src.length() * 8);
  for (int64_t i = 0; i < src.length(); ++i) {
    int64_t v = from.kind == Kind::kInt32 ? src.value<int32_t>(i) : src.value<int64_t>(i);
    if (from.logical == Logical::kTimestamp && type->logical == Logical::kTimestamp) {
      // to micros, then to the target unit
      v = from_div ? v / from_scale : v * from_scale;
      v = to_div ? v * to_scale : v / to_scale;
    }
    std::memcpy(data.data() + i * 8, &v, 8);
  }
  out.set_length(src.length());
  return out;
}

// The file's column in the table's type where the storage allows; else the file's own column.
Column Align(Column&& col, const format::TypePtr& want) {
  const DataType& have = *col.type();
  if (have.Equals(*want)) return std::move(col);
  if (want->kind == Kind::kInt64 &&
      (have.kind == Kind::kInt32 || have.kind == Kind::kInt64) &&
      have.logical != Logical::kDecimal && want->logical != Logical::kDecimal) {
    return ConvertInt64(col, want);
  }
  if (have.kind == want->kind && !have.is_nested() && have.logical == want->logical &&
      have.logical != Logical::kTimestamp && have.logical != Logical::kDecimal) {
    return Retag(std::move(col), want);
  }
  if (have.kind == want->kind && !have.is_nested() &&
      (have.logical == Logical::kNone || have.logical == Logical::kString) &&
      (want->logical == Logical::kString || want->logical == Logical::kNone ||
       want->logical == Logical::kInt8 || want->logical == Logical::kInt16)) {
    return Retag(std::move(col), want);
  }
  return std::move(col);
}

const format::Field* FindField(const format::Schema& schema, const std::string& name) {
  int idx = schema.IndexOf(name);
  return idx < 0 ? nullptr : &schema.field(idx);
}

bool IsPartition(const Snapshot& snap, const std::string& name) {
  for (const std::string& p : snap.partition_columns()) {
    if (p == name) return true;
  }
  return false;
}

const format::DataType* ColumnType(const format::Schema& schema, const std::string& name) {
  if (const format::Field* f = FindField(schema, name)) return f->type.get();
  const std::vector<format::Field>* fields = &schema.fields();
  const format::DataType* type = nullptr;
  size_t start = 0;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    std::string part = name.substr(start, dot == std::string::npos ? dot : dot - start);
    type = nullptr;
    for (const format::Field& f : *fields) {
      if (f.name == part) type = f.type.get();
    }
    if (!type || dot == std::string::npos) return type;
    fields = &type->children;
    start = dot + 1;
  }
  return nullptr;
}

format::Literal CoerceLiteral(const format::DataType* type, const format::Literal& lit) {
  const std::string* text = std::get_if<std::string>(&lit);
  if (!type || !text) return lit;
  if (type->logical == Logical::kDate) {
    if (auto d = ParseDateText(*text)) return *d;
  } else if (type->logical == Logical::kTimestamp) {
    if (auto us = ParseTimestampText(*text)) {
      if (type->unit == format::TimeUnit::kMillis) return *us / 1000;
      if (type->unit == format::TimeUnit::kNanos) return *us * 1000;
      return *us;
    }
  }
  return lit;
}

// The store path of a data file. Absolute paths (a URI, or a path from the file system root,
// which Delta allows for files outside the table folder) are NotSupported.
Result<std::string> DataFilePath(const Snapshot& snap, const AddFile& file) {
  if (file.path.empty() || file.path[0] == '/' || file.path.find(':') != std::string::npos) {
    return Status::NotSupported("absolute data file path '" + file.path + "'");
  }
  return snap.root().empty() ? file.path : io::JoinPath(snap.root(), file.path);
}

// Table column `field` for the rows of one file: its partition value repeated, the file's column
// (moved out of `data`) in the table's type, or nulls when the file predates the column.
Result<Column> ColumnOfFile(const Snapshot& snap, const AddFile& file, const format::Field& field,
                            RecordBatch* data) {
  if (IsPartition(snap, field.name)) {
    auto it = file.partition_values.find(field.name);
    std::optional<std::string> text;
    if (it != file.partition_values.end()) text = it->second;
    STRATA_ASSIGN_OR_RETURN(format::Literal v, ParsePartitionValue(text, *field.type));
    return ConstantColumn(field.type, v, data->num_rows);
  }
  if (int idx = data->schema.IndexOf(field.name); idx >= 0) {
    return Align(std::move(data->columns[idx]), field.type);
  }
  return ConstantColumn(field.type, std::monostate{}, data->num_rows);
}

// `output` plus the top-level columns the predicate reads.
std::vector<std::string> WithPredicateColumns(const format::Schema& schema,
                                              std::vector<std::string> output,
                                              const std::optional<format::Predicate>& predicate) {
  if (!predicate) return output;
  for (const std::string& c : predicate->Columns()) {
    std::string top = schema.IndexOf(c) >= 0 ? c : c.substr(0, c.find('.'));
    if (std::find(output.begin(), output.end(), top) == output.end()) output.push_back(top);
  }
  return output;
}

Result<RecordBatch> EmptyBatch(const format::Schema& schema, const std::vector<std::string>& columns,
                               const std::string& root) {
  RecordBatch empty;
  std::vector<format::Field> fields;
  for (const std::string& c : columns) {
    const format::Field* f = FindField(schema, c);
    if (!f) return Status::InvalidArgument("no column '" + c + "' in table '" + root + "'");
    fields.push_back(*f);
    empty.columns.push_back(format::MakeColumn(f->type));
  }
  empty.schema = format::Schema(std::move(fields));
  return empty;
}

}  // namespace

format::Predicate CoerceToSchema(const format::Predicate& p, const format::Schema& schema) {
  using Op = format::Predicate::Op;
  switch (p.op()) {
    case Op::kTrue: return p;
    case Op::kAnd:
    case Op::kOr: {
      std::vector<format::Predicate> children;
      for (const format::Predicate& c : p.children()) children.push_back(CoerceToSchema(c, schema));
      return p.op() == Op::kAnd ? format::Predicate::And(std::move(children))
                                : format::Predicate::Or(std::move(children));
    }
    case Op::kNot: return format::Predicate::Not(CoerceToSchema(p.children()[0], schema));
    case Op::kIsNull:
    case Op::kIsNotNull: return p;
    default: break;
  }
  const format::DataType* type = ColumnType(schema, p.column());
  std::vector<format::Literal> values;
  for (const format::Literal& v : p.values()) values.push_back(CoerceLiteral(type, v));
  if (p.op() == Op::kIn) return format::Predicate::In(p.column(), std::move(values));
  return format::Predicate::Compare(p.op(), p.column(), std::move(values[0]));
}

Result<int64_t> CountRows(const Snapshot& snap) {
  int64_t total = 0;
  for (const AddFile& file : snap.files()) {
    if (file.stats) {
      Result<FileStats> stats = ParseFileStats(*file.stats, snap.schema());
      if (stats.ok() && stats->num_records) {
        total += *stats->num_records;
        continue;
      }
    }
    if (file.deletion_vector) {
      return Status::NotSupported("Delta reader feature 'deletionVectors' (file " + file.path + ")");
    }
    STRATA_ASSIGN_OR_RETURN(std::string path, DataFilePath(snap, file));
    STRATA_ASSIGN_OR_RETURN(std::unique_ptr<io::RandomAccessFile> raw, snap.store()->OpenRead(path));
    STRATA_ASSIGN_OR_RETURN(std::unique_ptr<format::parquet::FileReader> reader,
                            format::parquet::FileReader::Open(std::move(raw)));
    total += reader->num_rows();
  }
  return total;
}

bool FileMayMatch(const Snapshot& snap, const AddFile& file, const format::Predicate& p) {
  FileStats stats;
  if (file.stats) {
    Result<FileStats> parsed = ParseFileStats(*file.stats, snap.schema());
    if (parsed.ok()) stats = std::move(parsed).value();
  }
  for (const std::string& col : snap.partition_columns()) {
    const format::Field* f = FindField(snap.schema(), col);
    auto it = file.partition_values.find(col);
    if (!f || it == file.partition_values.end()) continue;
    Result<format::Literal> v = ParsePartitionValue(it->second, *f->type);
    if (!v.ok()) continue;
    format::ColumnStats& s = stats.columns[col];
    const bool is_null = std::holds_alternative<std::monostate>(*v);
    s = format::ColumnStats{};
    s.num_values = stats.num_records.value_or(1);
    s.null_count = is_null ? s.num_values : 0;
    if (!is_null) s.min = s.max = *v;
  }
  return CoerceToSchema(p, snap.schema()).MayMatch(stats.Lookup());
}

Result<RecordBatch> Table::ReadFile(const Snapshot& snap, const AddFile& file,
                                    const std::vector<std::string>& columns,
                                    const format::Predicate* filter) const {
  if (file.deletion_vector) {
    return Status::NotSupported("Delta reader feature 'deletionVectors' (file " + file.path + ")");
  }
  STRATA_ASSIGN_OR_RETURN(std::string path, DataFilePath(snap, file));
  STRATA_ASSIGN_OR_RETURN(std::unique_ptr<io::RandomAccessFile> raw, store_->OpenRead(path));
  STRATA_ASSIGN_OR_RETURN(std::unique_ptr<format::parquet::FileReader> reader,
                          format::parquet::FileReader::Open(std::move(raw)));
  format::parquet::ReadOptions ro;
  ro.filter = filter;
  for (const std::string& c : columns) {
    if (!IsPartition(snap, c) && reader->schema().IndexOf(c) >= 0) ro.columns.push_back(c);
  }
  RecordBatch data;
  if (!ro.columns.empty()) {
    STRATA_ASSIGN_OR_RETURN(data, reader->Read(ro));
  } else {
    data.num_rows = reader->num_rows();  // only partition or missing columns: just the count
  }
  RecordBatch out;
  out.num_rows = data.num_rows;
  std::vector<format::Field> fields;
  for (const std::string& c : columns) {
    const format::Field* f = FindField(snap.schema(), c);
    if (!f) return Status::InvalidArgument("no column '" + c + "' in table '" + root_ + "'");
    STRATA_ASSIGN_OR_RETURN(Column col, ColumnOfFile(snap, file, *f, &data));
    fields.push_back(format::Field{f->name, col.type(), f->nullable});
    out.columns.push_back(std::move(col));
  }
  out.schema = format::Schema(std::move(fields));
  return out;
}

Result<ScanResult> Table::Scan(const ScanOptions& options) const {
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> snap, At(options.at));
  ScanResult result;
  result.version = snap->version();
  std::vector<std::string> output = options.columns;
  if (output.empty()) {
    for (const format::Field& f : snap->schema().fields()) output.push_back(f.name);
  }
  std::vector<std::string> needed = WithPredicateColumns(snap->schema(), output, options.predicate);
  std::optional<format::Predicate> coerced;
  if (options.predicate) coerced = CoerceToSchema(*options.predicate, snap->schema());
  const format::Predicate* filter = coerced ? &*coerced : nullptr;
  std::vector<RecordBatch> parts;
  for (const AddFile& file : snap->files()) {
    if (options.file_filter && !options.file_filter(file)) continue;
    if (filter && !FileMayMatch(*snap, file, *filter)) {
      ++result.files_skipped;
      continue;
    }
    STRATA_ASSIGN_OR_RETURN(RecordBatch batch, ReadFile(*snap, file, needed, filter));
    ++result.files_read;
    if (filter) {
      STRATA_ASSIGN_OR_RETURN(std::vector<uint8_t> mask, filter->Evaluate(batch));
      std::vector<int64_t> rows = SelectedRows(mask);
      if (rows.size() != static_cast<size_t>(batch.num_rows)) batch = TakeRows(batch, rows);
    }
    if (needed.size() != output.size()) {
      batch.columns.resize(output.size());
      std::vector<format::Field> fields(batch.schema.fields().begin(),
                                        batch.schema.fields().begin() + output.size());
      batch.schema = format::Schema(std::move(fields));
    }
    parts.push_back(std::move(batch));
  }
  if (parts.empty()) {
    STRATA_ASSIGN_OR_RETURN(result.batch, EmptyBatch(snap->schema(), output, root_));
    return result;
  }
  STRATA_ASSIGN_OR_RETURN(result.batch, format::Concatenate(parts));
  return result;
}

}  // namespace strata::table
