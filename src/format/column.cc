#include "format/column.h"

#include <algorithm>

namespace strata::format {
namespace {

int FixedWidth(const DataType& t) {
  switch (t.kind) {
    case Kind::kBool: return 1;
    case Kind::kInt32: return 4;
    case Kind::kInt64: return 8;
    case Kind::kFloat: return 4;
    case Kind::kDouble: return 8;
    case Kind::kFixedBinary: return t.byte_width;
    default: return 0;
  }
}

bool UsesOffsets(Kind kind) { return kind == Kind::kBinary || kind == Kind::kList || kind == Kind::kMap; }

}  // namespace

int64_t Column::null_count() const {
  if (validity_.empty()) return 0;
  return length_ - std::count(validity_.begin(), validity_.end(), uint8_t{1});
}

std::string_view Column::binary(int64_t i) const {
  const char* base = reinterpret_cast<const char*>(data_.data());
  if (type_->kind == Kind::kFixedBinary) {
    return {base + i * type_->byte_width, static_cast<size_t>(type_->byte_width)};
  }
  return {base + offsets_[i], static_cast<size_t>(offsets_[i + 1] - offsets_[i])};
}

void Column::MarkValid() {
  if (!validity_.empty()) validity_.push_back(1);
  ++length_;
}

void Column::AppendBinary(std::string_view v) {
  if (type_->kind == Kind::kFixedBinary) {
    data_.insert(data_.end(), v.begin(), v.end());
    data_.resize(data_.size() + (type_->byte_width - std::min<size_t>(v.size(), type_->byte_width)), 0);
  } else {
    if (offsets_.empty()) offsets_.push_back(0);
    data_.insert(data_.end(), v.begin(), v.end());
    offsets_.push_back(static_cast<int64_t>(data_.size()));
  }
  MarkValid();
}

void Column::AppendListEnd() {
  if (offsets_.empty()) offsets_.push_back(0);
  offsets_.push_back(children_.empty() ? 0 : children_[0].length());
  MarkValid();
}

void Column::AppendNull() {
  if (validity_.empty()) validity_.assign(static_cast<size_t>(length_), 1);
  validity_.push_back(0);
  switch (type_->kind) {
    case Kind::kBinary:
      if (offsets_.empty()) offsets_.push_back(0);
      offsets_.push_back(offsets_.back());
      break;
    case Kind::kList:
    case Kind::kMap:
      if (offsets_.empty()) offsets_.push_back(0);
      offsets_.push_back(offsets_.back());
      break;
    case Kind::kStruct:
      for (auto& c : children_) c.AppendNull();
      break;
    default:
      data_.resize(data_.size() + FixedWidth(*type_), 0);
  }
  ++length_;
}

Status Column::Validate() const {
  if (!type_) return Status::Corruption("column has no type");
  const DataType& t = *type_;
  auto bad = [&](const std::string& what) {
    return Status::Corruption("column of type " + t.ToString() + ": " + what);
  };
  if (!validity_.empty() && static_cast<int64_t>(validity_.size()) != length_) {
    return bad("validity has " + std::to_string(validity_.size()) + " entries for " +
               std::to_string(length_) + " rows");
  }
  if (int w = FixedWidth(t); w > 0) {
    if (static_cast<int64_t>(data_.size()) != length_ * w) return bad("data size mismatch");
    return Status::OK();
  }
  if (UsesOffsets(t.kind)) {
    if (length_ == 0 && offsets_.empty()) {
      // An empty column may omit the leading zero offset.
    } else if (static_cast<int64_t>(offsets_.size()) != length_ + 1) {
      return bad("offsets have " + std::to_string(offsets_.size()) + " entries for " +
                 std::to_string(length_) + " rows");
    } else {
      for (size_t i = 1; i < offsets_.size(); ++i) {
        if (offsets_[i] < offsets_[i - 1]) return bad("offsets decrease");
      }
    }
    int64_t end = offsets_.empty() ? 0 : offsets_.back();
    if (t.kind == Kind::kBinary) {
      if (end != static_cast<int64_t>(data_.size())) return bad("offsets do not cover data");
      return Status::OK();
    }
  }
  size_t want_children = t.kind == Kind::kList ? 1 : t.kind == Kind::kMap ? 2 : t.children.size();
  if (children_.size() != want_children) return bad("wrong number of children");
  for (size_t i = 0; i < children_.size(); ++i) {
    int64_t want = t.kind == Kind::kStruct ? length_ : (offsets_.empty() ? 0 : offsets_.back());
    if (children_[i].length() != want) {
      return bad("child " + std::to_string(i) + " has " + std::to_string(children_[i].length()) +
                 " rows, expected " + std::to_string(want));
    }
    STRATA_RETURN_IF_ERROR(children_[i].Validate());
  }
  return Status::OK();
}

Column MakeColumn(const TypePtr& type) {
  Column c(type);
  for (const auto& f : type->children) c.mutable_children().push_back(MakeColumn(f.type));
  return c;
}

Status RecordBatch::Validate() const {
  if (static_cast<int>(columns.size()) != schema.num_fields()) {
    return Status::Corruption("batch has " + std::to_string(columns.size()) + " columns for " +
                              std::to_string(schema.num_fields()) + " fields");
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    const Field& f = schema.field(static_cast<int>(i));
    if (!columns[i].type() || !columns[i].type()->Equals(*f.type)) {
      return Status::Corruption("column '" + f.name + "' does not match its field type " +
                                f.type->ToString());
    }
    if (columns[i].length() != num_rows) {
      return Status::Corruption("column '" + f.name + "' has " +
                                std::to_string(columns[i].length()) + " rows, batch has " +
                                std::to_string(num_rows));
    }
    if (!f.nullable && columns[i].has_nulls() && columns[i].null_count() > 0) {
      return Status::InvalidArgument("column '" + f.name + "' is not nullable but has nulls");
    }
    STRATA_RETURN_IF_ERROR(columns[i].Validate().WithContext("column '" + f.name + "'"));
  }
  return Status::OK();
}

namespace {

void AppendColumn(Column* dst, const Column& src) {
  const int64_t base_len = dst->length();
  if (src.has_nulls() || dst->has_nulls()) {
    auto& v = dst->mutable_validity();
    if (v.empty()) v.assign(static_cast<size_t>(base_len), 1);
    if (src.has_nulls()) {
      v.insert(v.end(), src.validity().begin(), src.validity().end());
    } else {
      v.insert(v.end(), static_cast<size_t>(src.length()), 1);
    }
  }
  const Kind kind = src.type()->kind;
  if (kind == Kind::kBinary || kind == Kind::kList || kind == Kind::kMap) {
    auto& offs = dst->mutable_offsets();
    if (offs.empty()) offs.push_back(0);
    const int64_t shift = offs.back();
    for (size_t i = 1; i < src.offsets().size(); ++i) offs.push_back(src.offsets()[i] + shift);
  }
  auto& data = dst->mutable_data();
  data.insert(data.end(), src.data().begin(), src.data().end());
  for (int i = 0; i < src.num_children(); ++i) {
    AppendColumn(&dst->mutable_children()[i], src.child(i));
  }
  dst->set_length(base_len + src.length());
}

}  // namespace

Result<RecordBatch> Concatenate(const std::vector<RecordBatch>& batches) {
  if (batches.empty()) return RecordBatch{};
  if (batches.size() == 1) return batches[0];
  RecordBatch out;
  out.schema = batches[0].schema;
  for (const auto& f : out.schema.fields()) out.columns.push_back(MakeColumn(f.type));
  for (const auto& b : batches) {
    if (!b.schema.Equals(out.schema)) {
      return Status::InvalidArgument("cannot concatenate batches with different schemas");
    }
    for (size_t i = 0; i < b.columns.size(); ++i) AppendColumn(&out.columns[i], b.columns[i]);
    out.num_rows += b.num_rows;
  }
  return out;
}

}  // namespace strata::format
