#include "format/parquet/thrift/compact_writer.h"

namespace strata::format::parquet::thrift {

void CompactWriter::WriteVarint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void CompactWriter::FieldHeader(int16_t id, ThriftType type) {
  int16_t& last = last_ids_.back();
  int delta = id - last;
  if (delta > 0 && delta <= 15) {
    out_.push_back(static_cast<char>((delta << 4) | static_cast<uint8_t>(type)));
  } else {
    out_.push_back(static_cast<char>(type));
    WriteVarint(ZigZag32(id));
  }
  last = id;
}

void CompactWriter::FieldBool(int16_t id, bool v) {
  FieldHeader(id, v ? ThriftType::kBoolTrue : ThriftType::kBoolFalse);
}

void CompactWriter::FieldI8(int16_t id, int8_t v) {
  FieldHeader(id, ThriftType::kByte);
  out_.push_back(static_cast<char>(v));
}

void CompactWriter::FieldI16(int16_t id, int16_t v) {
  FieldHeader(id, ThriftType::kI16);
  WriteVarint(ZigZag32(v));
}

void CompactWriter::FieldI32(int16_t id, int32_t v) {
  FieldHeader(id, ThriftType::kI32);
  WriteI32(v);
}

void CompactWriter::FieldI64(int16_t id, int64_t v) {
  FieldHeader(id, ThriftType::kI64);
  WriteI64(v);
}

void CompactWriter::FieldBinary(int16_t id, std::string_view v) {
  FieldHeader(id, ThriftType::kBinary);
  WriteBinary(v);
}

void CompactWriter::FieldStructBegin(int16_t id) {
  FieldHeader(id, ThriftType::kStruct);
  last_ids_.push_back(0);
}

void CompactWriter::FieldListBegin(int16_t id, ThriftType elem, size_t size) {
  FieldHeader(id, ThriftType::kList);
  if (size < 15) {
    out_.push_back(static_cast<char>((size << 4) | static_cast<uint8_t>(elem)));
  } else {
    out_.push_back(static_cast<char>(0xF0 | static_cast<uint8_t>(elem)));
    WriteVarint(size);
  }
}

void CompactWriter::WriteBinary(std::string_view v) {
  WriteVarint(v.size());
  out_.append(v);
}

void CompactWriter::StructEnd() {
  out_.push_back(static_cast<char>(ThriftType::kStop));
  if (last_ids_.size() > 1) last_ids_.pop_back();
}

}  // namespace strata::format::parquet::thrift
