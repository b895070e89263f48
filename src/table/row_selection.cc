#include "table/row_selection.h"

namespace strata::table {
namespace {

using format::Column;
using format::Kind;

int FixedWidth(const format::DataType& t) {
  switch (t.kind) {
    case Kind::kBool: return 1;
    case Kind::kInt32:
    case Kind::kFloat: return 4;
    case Kind::kInt64:
    case Kind::kDouble: return 8;
    case Kind::kFixedBinary: return t.byte_width;
    default: return 0;
  }
}

void TakeValidity(const Column& src, const std::vector<int64_t>& rows, Column* dst) {
  if (!src.has_nulls()) return;
  auto& v = dst->mutable_validity();
  v.reserve(rows.size());
  for (int64_t r : rows) v.push_back(src.validity()[r]);
}

// Rows of a list/map column: new offsets, plus the child rows they cover.
std::vector<int64_t> TakeOffsets(const Column& src, const std::vector<int64_t>& rows, Column* dst) {
  auto& offsets = dst->mutable_offsets();
  offsets.assign(1, 0);
  std::vector<int64_t> child_rows;
  for (int64_t r : rows) {
    auto [begin, end] = src.list_range(r);
    for (int64_t i = begin; i < end; ++i) child_rows.push_back(i);
    offsets.push_back(static_cast<int64_t>(child_rows.size()));
  }
  return child_rows;
}

}  // namespace

Column TakeColumn(const Column& src, const std::vector<int64_t>& rows) {
  const format::DataType& t = *src.type();
  Column dst(src.type());
  TakeValidity(src, rows, &dst);
  if (int width = FixedWidth(t); width > 0) {
    auto& data = dst.mutable_data();
    data.resize(rows.size() * width);
    for (size_t i = 0; i < rows.size(); ++i) {
      std::memcpy(data.data() + i * width, src.data().data() + rows[i] * width, width);
    }
  } else if (t.kind == Kind::kBinary) {
    auto& offsets = dst.mutable_offsets();
    auto& data = dst.mutable_data();
    offsets.assign(1, 0);
    for (int64_t r : rows) {
      std::string_view v = src.length() > 0 && !src.offsets().empty() ? src.binary(r)
                                                                       : std::string_view();
      data.insert(data.end(), v.begin(), v.end());
      offsets.push_back(static_cast<int64_t>(data.size()));
    }
  } else if (t.kind == Kind::kStruct) {
    for (int c = 0; c < src.num_children(); ++c) {
      dst.mutable_children().push_back(TakeColumn(src.child(c), rows));
    }
  } else {
    std::vector<int64_t> child_rows = TakeOffsets(src, rows, &dst);
    for (int c = 0; c < src.num_children(); ++c) {
      dst.mutable_children().push_back(TakeColumn(src.child(c), child_rows));
    }
  }
  dst.set_length(static_cast<int64_t>(rows.size()));
  return dst;
}

format::RecordBatch TakeRows(const format::RecordBatch& batch, const std::vector<int64_t>& rows) {
  format::RecordBatch out;
  out.schema = batch.schema;
  out.num_rows = static_cast<int64_t>(rows.size());
  for (const Column& c : batch.columns) out.columns.push_back(TakeColumn(c, rows));
  return out;
}

std::vector<int64_t> SelectedRows(const std::vector<uint8_t>& mask, uint8_t want) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < mask.size(); ++i) {
    if ((mask[i] != 0) == (want != 0)) out.push_back(static_cast<int64_t>(i));
  }
  return out;
}

}  // namespace strata::table
