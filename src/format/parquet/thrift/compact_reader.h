// CompactReader: a decoder for the Thrift compact protocol over untrusted bytes, the encoding of
// every Parquet footer and page header.
//
// The reader walks a borrowed byte span; every read is bounds-checked and returns Corruption on
// truncated or malformed input. Struct nesting is capped (kMaxDepth) so hostile input cannot
// exhaust the stack, and list sizes are checked against the bytes left (every element takes at
// least one byte), so a hostile count cannot cause an unbounded allocation.
//
// Typical use, for a struct:
//   STRATA_RETURN_IF_ERROR(ReadStruct(r, [&](int16_t id, ThriftType t) -> Status {
//     if (id == 1 && t == ThriftType::kI32) return r.ReadI32(&x);
//     return r.Skip(t);
//   }));
// Thread-safety: one reader per thread; the bytes must outlive it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace strata::format::parquet::thrift {

enum class ThriftType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
  kUuid = 13,
};

/// True when a field of wire type `t` holds a boolean (its value is in the type nibble).
inline bool IsBool(ThriftType t) { return t == ThriftType::kBoolTrue || t == ThriftType::kBoolFalse; }

class CompactReader {
 public:
  static constexpr int kMaxDepth = 64;

  explicit CompactReader(std::string_view bytes) : data_(bytes) {}

  /// Bytes consumed so far.
  size_t position() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }

  /// Enter a struct (resets the field-id delta base); Corruption past kMaxDepth.
  Status StructBegin();
  void StructEnd();
  /// Read the next field header; `*type` is kStop at the end of the struct.
  Status ReadFieldHeader(int16_t* id, ThriftType* type);

  Status ReadByte(int8_t* v);
  Status ReadI16(int16_t* v);
  Status ReadI32(int32_t* v);
  Status ReadI64(int64_t* v);
  Status ReadDouble(double* v);
  /// A binary/string value, borrowed from the input.
  Status ReadBinary(std::string_view* v);
  Status ReadString(std::string* v);
  /// A boolean list element (one byte).
  Status ReadBoolElement(bool* v);
  /// A list or set header; `*size` is at most remaining().
  Status ReadListHeader(ThriftType* elem, uint32_t* size);
  /// Skip one value of wire type `type` (nested values included).
  Status Skip(ThriftType type);

 private:
  Status ReadVarint(uint64_t* v);
  Status SkipDepth(ThriftType type, int depth);
  Status Truncated(const char* what) const;

  std::string_view data_;
  size_t pos_ = 0;
  int16_t last_field_id_ = 0;
  std::vector<int16_t> id_stack_;
};

/// Read a struct, calling `on_field(id, type)` for every field; the callback must consume the
/// value (read it or Skip it).
template <typename Fn>
Status ReadStruct(CompactReader& r, Fn&& on_field) {
  STRATA_RETURN_IF_ERROR(r.StructBegin());
  while (true) {
    int16_t id = 0;
    ThriftType type = ThriftType::kStop;
    STRATA_RETURN_IF_ERROR(r.ReadFieldHeader(&id, &type));
    if (type == ThriftType::kStop) break;
    STRATA_RETURN_IF_ERROR(on_field(id, type));
  }
  r.StructEnd();
  return Status::OK();
}

/// Read a list whose elements `read_elem(elem_type)` consumes one at a time.
template <typename Fn>
Status ReadList(CompactReader& r, Fn&& read_elem) {
  ThriftType elem = ThriftType::kStop;
  uint32_t size = 0;
  STRATA_RETURN_IF_ERROR(r.ReadListHeader(&elem, &size));
  for (uint32_t i = 0; i < size; ++i) STRATA_RETURN_IF_ERROR(read_elem(elem));
  return Status::OK();
}

}  // namespace strata::format::parquet::thrift
