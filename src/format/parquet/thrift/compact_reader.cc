// Thrift compact protocol decoding (see the Thrift spec, doc/specs/thrift-compact-protocol.md).
#include "format/parquet/thrift/compact_reader.h"

#include <cstring>

namespace strata::format::parquet::thrift {

Status CompactReader::Truncated(const char* what) const {
  return Status::Corruption(std::string("thrift: truncated ") + what + " at byte " +
                            std::to_string(pos_));
}

Status CompactReader::ReadVarint(uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (pos_ >= data_.size()) return Truncated("varint");
    uint8_t b = static_cast<uint8_t>(data_[pos_++]);
    if (shift == 63 && (b & 0x7e) != 0) break;
    result |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *v = result;
      return Status::OK();
    }
  }
  return Status::Corruption("thrift: varint longer than 64 bits at byte " + std::to_string(pos_));
}

Status CompactReader::StructBegin() {
  if (id_stack_.size() >= static_cast<size_t>(kMaxDepth)) {
    return Status::Corruption("thrift: structs nested deeper than " + std::to_string(kMaxDepth));
  }
  id_stack_.push_back(last_field_id_);
  last_field_id_ = 0;
  return Status::OK();
}

void CompactReader::StructEnd() {
  if (id_stack_.empty()) return;
  last_field_id_ = id_stack_.back();
  id_stack_.pop_back();
}

Status CompactReader::ReadFieldHeader(int16_t* id, ThriftType* type) {
  if (pos_ >= data_.size()) return Truncated("field header");
  uint8_t b = static_cast<uint8_t>(data_[pos_++]);
  uint8_t t = b & 0x0f;
  if (t > static_cast<uint8_t>(ThriftType::kUuid)) {
    return Status::Corruption("thrift: bad field type " + std::to_string(t) + " at byte " +
                              std::to_string(pos_ - 1));
  }
  *type = static_cast<ThriftType>(t);
  if (*type == ThriftType::kStop) return Status::OK();
  uint8_t delta = b >> 4;
  if (delta != 0) {
    *id = static_cast<int16_t>(last_field_id_ + delta);
  } else {
    STRATA_RETURN_IF_ERROR(ReadI16(id));
  }
  last_field_id_ = *id;
  return Status::OK();
}

Status CompactReader::ReadByte(int8_t* v) {
  if (pos_ >= data_.size()) return Truncated("byte");
  *v = static_cast<int8_t>(data_[pos_++]);
  return Status::OK();
}

Status CompactReader::ReadI16(int16_t* v) {
  int64_t wide = 0;
  STRATA_RETURN_IF_ERROR(ReadI64(&wide));
  if (wide < INT16_MIN || wide > INT16_MAX) return Status::Corruption("thrift: i16 out of range");
  *v = static_cast<int16_t>(wide);
  return Status::OK();
}

Status CompactReader::ReadI32(int32_t* v) {
  int64_t wide = 0;
  STRATA_RETURN_IF_ERROR(ReadI64(&wide));
  if (wide < INT32_MIN || wide > INT32_MAX) return Status::Corruption("thrift: i32 out of range");
  *v = static_cast<int32_t>(wide);
  return Status::OK();
}

Status CompactReader::ReadI64(int64_t* v) {
  uint64_t u = 0;
  STRATA_RETURN_IF_ERROR(ReadVarint(&u));
  *v = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));  // zigzag
  return Status::OK();
}

Status CompactReader::ReadDouble(double* v) {
  if (remaining() < 8) return Truncated("double");
  std::memcpy(v, data_.data() + pos_, 8);
  pos_ += 8;
  return Status::OK();
}

Status CompactReader::ReadBinary(std::string_view* v) {
  uint64_t len = 0;
  STRATA_RETURN_IF_ERROR(ReadVarint(&len));
  if (len > remaining()) {
    return Status::Corruption("thrift: binary of " + std::to_string(len) + " bytes at byte " +
                              std::to_string(pos_) + " runs past the end");
  }
  *v = data_.substr(pos_, len);
  pos_ += len;
  return Status::OK();
}

Status CompactReader::ReadString(std::string* v) {
  std::string_view s;
  STRATA_RETURN_IF_ERROR(ReadBinary(&s));
  v->assign(s);
  return Status::OK();
}

Status CompactReader::ReadBoolElement(bool* v) {
  if (pos_ >= data_.size()) return Truncated("bool");
  *v = static_cast<uint8_t>(data_[pos_++]) == static_cast<uint8_t>(ThriftType::kBoolTrue);
  return Status::OK();
}

Status CompactReader::ReadListHeader(ThriftType* elem, uint32_t* size) {
  if (pos_ >= data_.size()) return Truncated("list header");
  uint8_t b = static_cast<uint8_t>(data_[pos_++]);
  uint8_t t = b & 0x0f;
  if (t > static_cast<uint8_t>(ThriftType::kUuid) || t == 0) {
    return Status::Corruption("thrift: bad list element type " + std::to_string(t));
  }
  *elem = static_cast<ThriftType>(t);
  uint64_t n = b >> 4;
  if (n == 15) STRATA_RETURN_IF_ERROR(ReadVarint(&n));
  if (n > remaining()) {
    return Status::Corruption("thrift: list of " + std::to_string(n) + " elements at byte " +
                              std::to_string(pos_) + " exceeds the remaining bytes");
  }
  *size = static_cast<uint32_t>(n);
  return Status::OK();
}

Status CompactReader::Skip(ThriftType type) { return SkipDepth(type, 0); }

Status CompactReader::SkipDepth(ThriftType type, int depth) {
  if (depth > kMaxDepth) return Status::Corruption("thrift: values nested too deeply");
  switch (type) {
    case ThriftType::kBoolTrue:
    case ThriftType::kBoolFalse:
      return Status::OK();  // a field's bool lives in its header
    case ThriftType::kByte: {
      int8_t v;
      return ReadByte(&v);
    }
    case ThriftType::kI16:
    case ThriftType::kI32:
    case ThriftType::kI64: {
      uint64_t v;
      return ReadVarint(&v);
    }
    case ThriftType::kDouble: {
      double v;
      return ReadDouble(&v);
    }
    case ThriftType::kBinary: {
      std::string_view v;
      return ReadBinary(&v);
    }
    case ThriftType::kUuid:
      if (remaining() < 16) return Truncated("uuid");
      pos_ += 16;
      return Status::OK();
    case ThriftType::kList:
    case ThriftType::kSet: {
      ThriftType elem;
      uint32_t n;
      STRATA_RETURN_IF_ERROR(ReadListHeader(&elem, &n));
      for (uint32_t i = 0; i < n; ++i) {
        if (IsBool(elem)) {
          bool b;
          STRATA_RETURN_IF_ERROR(ReadBoolElement(&b));
        } else {
          STRATA_RETURN_IF_ERROR(SkipDepth(elem, depth + 1));
        }
      }
      return Status::OK();
    }
    case ThriftType::kMap: {
      uint64_t n = 0;
      STRATA_RETURN_IF_ERROR(ReadVarint(&n));
      if (n == 0) return Status::OK();
      if (pos_ >= data_.size()) return Truncated("map header");
      uint8_t kv = static_cast<uint8_t>(data_[pos_++]);
      ThriftType kt = static_cast<ThriftType>(kv >> 4), vt = static_cast<ThriftType>(kv & 0x0f);
      if ((kv >> 4) > 13 || (kv & 0x0f) > 13 || (kv >> 4) == 0 || (kv & 0x0f) == 0) {
        return Status::Corruption("thrift: bad map key/value types");
      }
      if (n > remaining()) return Status::Corruption("thrift: map size exceeds remaining bytes");
      for (uint64_t i = 0; i < n; ++i) {
        for (ThriftType t : {kt, vt}) {
          if (IsBool(t)) {
            bool b;
            STRATA_RETURN_IF_ERROR(ReadBoolElement(&b));
          } else {
            STRATA_RETURN_IF_ERROR(SkipDepth(t, depth + 1));
          }
        }
      }
      return Status::OK();
    }
    case ThriftType::kStruct: {
      STRATA_RETURN_IF_ERROR(StructBegin());
      while (true) {
        int16_t id;
        ThriftType t;
        STRATA_RETURN_IF_ERROR(ReadFieldHeader(&id, &t));
        if (t == ThriftType::kStop) break;
        STRATA_RETURN_IF_ERROR(SkipDepth(t, depth + 1));
      }
      StructEnd();
      return Status::OK();
    }
    case ThriftType::kStop:
      break;
  }
  return Status::Corruption("thrift: cannot skip a value of type stop");
}

}  // namespace strata::format::parquet::thrift
