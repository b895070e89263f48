// CompactWriter: an encoder for the Thrift compact protocol, used to serialize Parquet footers
// (FileMetaData) and page headers.
//
// The writer appends to an owned byte string. Fields are written with their id and wire type;
// the writer tracks the last field id of every open struct so field headers use the short
// delta form whenever the ids increase by 1..15. Lists are written as a header followed by
// the raw elements (WriteI32/WriteBinary/StructBegin...StructEnd per element).
//
// Typical use:
//   CompactWriter w;
//   w.FieldI32(1, version);
//   w.FieldStructBegin(2); ... w.StructEnd();
//   w.StructEnd();  // the outermost struct's STOP
// Thread-safety: one writer per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "format/parquet/thrift/compact_reader.h"

namespace strata::format::parquet::thrift {

class CompactWriter {
 public:
  CompactWriter() { last_ids_.push_back(0); }

  /// The bytes written so far.
  const std::string& buffer() const { return out_; }
  std::string Release() { return std::move(out_); }

  // --- Fields of the current struct (ids must increase within a struct). ---
  void FieldBool(int16_t id, bool v);
  void FieldI8(int16_t id, int8_t v);
  void FieldI16(int16_t id, int16_t v);
  void FieldI32(int16_t id, int32_t v);
  void FieldI64(int16_t id, int64_t v);
  void FieldBinary(int16_t id, std::string_view v);
  /// Begin a struct-typed field; close it with StructEnd().
  void FieldStructBegin(int16_t id);
  /// Begin a list-typed field of `size` elements of wire type `elem`; then write the elements.
  void FieldListBegin(int16_t id, ThriftType elem, size_t size);

  // --- Raw values (list elements). ---
  void WriteI32(int32_t v) { WriteVarint(ZigZag32(v)); }
  void WriteI64(int64_t v) { WriteVarint(ZigZag64(v)); }
  void WriteBinary(std::string_view v);
  /// Begin a struct that is a list element; close it with StructEnd().
  void StructBegin() { last_ids_.push_back(0); }
  /// Write STOP and close the innermost open struct.
  void StructEnd();

 private:
  static uint64_t ZigZag32(int32_t v) {
    return static_cast<uint32_t>((static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31));
  }
  static uint64_t ZigZag64(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  }
  void WriteVarint(uint64_t v);
  void FieldHeader(int16_t id, ThriftType type);

  std::string out_;
  std::vector<int16_t> last_ids_;
};

}  // namespace strata::format::parquet::thrift
