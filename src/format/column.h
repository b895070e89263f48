// Column and RecordBatch: Strata's in-memory columnar data, laid out like Arrow arrays.
//
// A Column holds `length` values of one DataType:
//   - validity: empty when every value is present, else one byte per row (1 = present);
//   - fixed-width kinds (bool as one byte per value, int32, int64, float, double, fixed binary):
//     `data` holds length * width bytes; null slots hold zeros;
//   - kBinary: `offsets` (length + 1 entries) index into `data`;
//   - kList and kMap: `offsets` (length + 1) index into the rows of children[0] (list element) or
//     of children[0]/children[1] (map key/value, same length);
//   - kStruct: one child per field, each `length` rows.
// Columns own their buffers and are movable values. A RecordBatch is a schema plus one column
// per top-level field, all of `num_rows` rows.
// Thread-safety: immutable use from many threads is safe; building is single-threaded.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "format/buffer.h"
#include "format/schema.h"

namespace strata::format {

class Column {
 public:
  Column() = default;
  explicit Column(TypePtr type) : type_(std::move(type)) {}

  const TypePtr& type() const { return type_; }
  int64_t length() const { return length_; }
  bool has_nulls() const { return !validity_.empty(); }
  bool IsValid(int64_t i) const { return validity_.empty() || validity_[i] != 0; }
  int64_t null_count() const;

  // Typed views over fixed-width storage.
  template <typename T>
  std::span<const T> values() const {
    return {reinterpret_cast<const T*>(data_.data()), data_.size() / sizeof(T)};
  }
  template <typename T>
  T value(int64_t i) const {
    T v;
    std::memcpy(&v, data_.data() + i * sizeof(T), sizeof(T));
    return v;
  }
  /// The i-th value of a kBinary or kFixedBinary column.
  std::string_view binary(int64_t i) const;
  /// [begin, end) rows of the child for row i of a kList or kMap column.
  std::pair<int64_t, int64_t> list_range(int64_t i) const { return {offsets_[i], offsets_[i + 1]}; }

  const Column& child(int i) const { return children_[i]; }
  int num_children() const { return static_cast<int>(children_.size()); }

  // --- Building (single writer). ---
  std::vector<uint8_t>& mutable_validity() { return validity_; }
  ByteVector& mutable_data() { return data_; }
  std::vector<int64_t>& mutable_offsets() { return offsets_; }
  std::vector<Column>& mutable_children() { return children_; }
  const std::vector<uint8_t>& validity() const { return validity_; }
  const ByteVector& data() const { return data_; }
  const std::vector<int64_t>& offsets() const { return offsets_; }
  void set_length(int64_t n) { length_ = n; }

  /// Append a fixed-width value.
  template <typename T>
  void Append(T v) {
    size_t at = data_.size();
    data_.resize(at + sizeof(T));
    std::memcpy(data_.data() + at, &v, sizeof(T));
    MarkValid();
  }
  /// Append a kBinary value.
  void AppendBinary(std::string_view v);
  /// Append a null (any kind; nested kinds get an empty range).
  void AppendNull();
  /// Close row i of a kList/kMap after its children were appended.
  void AppendListEnd();

  /// Check the invariants above; Corruption naming the violated one.
  Status Validate() const;

 private:
  void MarkValid();

  TypePtr type_;
  int64_t length_ = 0;
  std::vector<uint8_t> validity_;
  ByteVector data_;
  std::vector<int64_t> offsets_;
  std::vector<Column> children_;
};

/// Create an empty column of `type` with the children its kind needs, ready for Append*.
Column MakeColumn(const TypePtr& type);

struct RecordBatch {
  Schema schema;
  std::vector<Column> columns;
  int64_t num_rows = 0;

  /// Check that every column matches its field's type and has num_rows rows.
  Status Validate() const;
  /// The column of top-level field `name`.
  /// REQUIRES: the schema has that field (a scan that asked for it).
  const Column& column(std::string_view name) const { return columns[schema.IndexOf(name)]; }
};

/// Concatenate batches of one schema.
Result<RecordBatch> Concatenate(const std::vector<RecordBatch>& batches);

}  // namespace strata::format
