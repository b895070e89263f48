#include "pipeline/row_batch.h"

namespace strata::pipeline {
namespace {

using format::Column;
using format::Kind;

Status AppendCell(const format::Field& field, const Cell& cell, Column* col) {
  const format::DataType& t = *field.type;
  if (std::holds_alternative<std::monostate>(cell)) {
    col->AppendNull();
    return Status::OK();
  }
  auto wrong = [&] {
    return Status::InvalidArgument("column '" + field.name + "' of type " + t.ToString() +
                                   " cannot take this value");
  };
  switch (t.kind) {
    case Kind::kBinary:
      if (!std::holds_alternative<std::string>(cell)) return wrong();
      col->AppendBinary(std::get<std::string>(cell));
      return Status::OK();
    case Kind::kInt32:
      if (!std::holds_alternative<int64_t>(cell)) return wrong();
      col->Append<int32_t>(static_cast<int32_t>(std::get<int64_t>(cell)));
      return Status::OK();
    case Kind::kInt64:
      if (!std::holds_alternative<int64_t>(cell)) return wrong();
      col->Append<int64_t>(std::get<int64_t>(cell));
      return Status::OK();
    case Kind::kList: {
      Column& child = col->mutable_children()[0];
      Kind element = t.children[0].type->kind;
      if (element == Kind::kBinary && std::holds_alternative<std::vector<std::string>>(cell)) {
        for (const std::string& s : std::get<std::vector<std::string>>(cell)) child.AppendBinary(s);
      } else if (element == Kind::kFloat && std::holds_alternative<std::vector<float>>(cell)) {
        for (float v : std::get<std::vector<float>>(cell)) child.Append<float>(v);
      } else {
        return wrong();
      }
      col->AppendListEnd();
      return Status::OK();
    }
    default:
      return wrong();
  }
}

}  // namespace

RowBatchBuilder::RowBatchBuilder(format::Schema schema) : schema_(std::move(schema)) {}

void RowBatchBuilder::StartRow() { rows_.emplace_back(schema_.num_fields()); }

void RowBatchBuilder::Set(std::string_view column, Cell value) {
  int i = schema_.IndexOf(column);
  if (i >= 0 && !rows_.empty()) rows_.back()[i] = std::move(value);
}

Result<format::RecordBatch> RowBatchBuilder::Finish() {
  format::RecordBatch batch;
  batch.schema = schema_;
  batch.num_rows = num_rows();
  for (int f = 0; f < schema_.num_fields(); ++f) {
    const format::Field& field = schema_.field(f);
    Column col = format::MakeColumn(field.type);
    for (const auto& row : rows_) STRATA_RETURN_IF_ERROR(AppendCell(field, row[f], &col));
    batch.columns.push_back(std::move(col));
  }
  rows_.clear();
  STRATA_RETURN_IF_ERROR(batch.Validate());
  return batch;
}

}  // namespace strata::pipeline
