#include "embed/safetensors.h"

#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace strata::embed {
namespace {

using Json = nlohmann::json;

// Bytes per element of a dtype, or 0 when unknown.
size_t DtypeSize(std::string_view dtype) {
  if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
  if (dtype == "I8" || dtype == "U8" || dtype == "BOOL" || dtype == "F8_E4M3" ||
      dtype == "F8_E5M2") {
    return 1;
  }
  return 0;
}

template <typename T>
T Load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;  // little-endian host (x86-64, aarch64)
}

Status CheckTensor(const std::string& source, const std::string& name, const Json& entry,
                   size_t data_size, TensorInfo* info) {
  const std::string where = "safetensors " + source + ": tensor \"" + name + "\": ";
  if (!entry.is_object()) return Status::Corruption(where + "entry is not an object");
  info->dtype = entry.at("dtype").get<std::string>();
  const size_t width = DtypeSize(info->dtype);
  if (width == 0) return Status::Corruption(where + "unknown dtype " + info->dtype);
  int64_t elements = 1;
  for (const Json& d : entry.at("shape")) {
    const int64_t n = d.get<int64_t>();
    if (n < 0 || (n > 0 && elements > (int64_t{1} << 40) / n)) {
      return Status::Corruption(where + "bad shape " + entry.at("shape").dump());
    }
    info->shape.push_back(n);
    elements *= n;
  }
  const Json& offsets = entry.at("data_offsets");
  if (!offsets.is_array() || offsets.size() != 2) {
    return Status::Corruption(where + "data_offsets must be [begin, end]");
  }
  const auto begin = offsets[0].get<uint64_t>();
  const auto end = offsets[1].get<uint64_t>();
  if (begin > end || end > data_size) {
    return Status::Corruption(where + "data_offsets [" + std::to_string(begin) + ", " +
                              std::to_string(end) + "] outside the " + std::to_string(data_size) +
                              " data bytes");
  }
  if (end - begin != static_cast<uint64_t>(elements) * width) {
    return Status::Corruption(where + "holds " + std::to_string(end - begin) + " bytes, shape " +
                              entry.at("shape").dump() + " of " + info->dtype + " needs " +
                              std::to_string(elements * static_cast<int64_t>(width)));
  }
  // Parse rebases `data` on the file bytes once they have moved into the object.
  info->data = std::string_view(reinterpret_cast<const char*>(begin), end - begin);
  return Status::OK();
}

}  // namespace

int64_t TensorInfo::elements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const uint32_t exp = (h >> 10) & 0x1F;
  uint32_t mant = h & 0x3FF;
  uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: renormalize
      int e = -1;
      do {
        ++e;
        mant <<= 1;
      } while ((mant & 0x400) == 0);
      bits = sign | static_cast<uint32_t>(127 - 15 - e) << 23 | (mant & 0x3FF) << 13;
    }
  } else if (exp == 0x1F) {
    bits = sign | 0x7F800000 | mant << 13;
  } else {
    bits = sign | (exp + 127 - 15) << 23 | mant << 13;
  }
  return std::bit_cast<float>(bits);
}

Result<SafeTensors> SafeTensors::Parse(std::string bytes, const std::string& source) {
  const std::string where = "safetensors " + source + ": ";
  if (bytes.size() < 8) return Status::Corruption(where + "file shorter than its 8-byte header");
  const auto header_len = Load<uint64_t>(bytes.data());
  if (header_len > bytes.size() - 8 || header_len > (uint64_t{100} << 20)) {
    return Status::Corruption(where + "header length " + std::to_string(header_len) +
                              " exceeds the file (" + std::to_string(bytes.size()) + " bytes)");
  }
  SafeTensors st;
  st.source_ = source;
  const size_t data_begin = 8 + header_len;
  try {
    const Json header = Json::parse(bytes.begin() + 8, bytes.begin() + data_begin);
    if (!header.is_object()) return Status::Corruption(where + "header is not a JSON object");
    for (const auto& [name, entry] : header.items()) {
      if (name == "__metadata__") continue;
      TensorInfo info;
      STRATA_RETURN_IF_ERROR(CheckTensor(source, name, entry, bytes.size() - data_begin, &info));
      st.tensors_.emplace(name, std::move(info));
    }
  } catch (const Json::exception& e) {
    return Status::Corruption(where + "malformed header: " + e.what());
  }
  st.bytes_ = std::move(bytes);
  for (auto& [name, info] : st.tensors_) {
    const auto begin = reinterpret_cast<size_t>(info.data.data());
    info.data = std::string_view(st.bytes_).substr(data_begin + begin, info.data.size());
  }
  return st;
}

Result<SafeTensors> SafeTensors::Open(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path))
      return Status::NotFound("safetensors " + path + ": no such file");
    return Status::IOError("safetensors " + path + ": cannot open");
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IOError("safetensors " + path + ": read failed");
  return Parse(std::move(bytes), path);
}

const TensorInfo* SafeTensors::Find(std::string_view name) const {
  const auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

Result<std::vector<float>> SafeTensors::ToFloats(const TensorInfo& t) const {
  const size_t n = static_cast<size_t>(t.elements());
  std::vector<float> out(n);
  const char* p = t.data.data();
  if (t.dtype == "F32") {
    std::memcpy(out.data(), p, n * 4);
  } else if (t.dtype == "F16") {
    for (size_t i = 0; i < n; ++i) out[i] = HalfToFloat(Load<uint16_t>(p + 2 * i));
  } else if (t.dtype == "BF16") {
    for (size_t i = 0; i < n; ++i) {
      out[i] = std::bit_cast<float>(static_cast<uint32_t>(Load<uint16_t>(p + 2 * i)) << 16);
    }
  } else if (t.dtype == "F64") {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(Load<double>(p + 8 * i));
  } else if (t.dtype == "I8") {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(static_cast<int8_t>(p[i]));
  } else {
    return Status::NotSupported("safetensors " + source_ + ": dtype " + t.dtype +
                                " cannot be read as floats");
  }
  return out;
}

Result<std::vector<int64_t>> SafeTensors::ToInts(const TensorInfo& t) const {
  const size_t n = static_cast<size_t>(t.elements());
  std::vector<int64_t> out(n);
  const char* p = t.data.data();
  if (t.dtype == "I32") {
    for (size_t i = 0; i < n; ++i) out[i] = Load<int32_t>(p + 4 * i);
  } else if (t.dtype == "I64") {
    for (size_t i = 0; i < n; ++i) out[i] = Load<int64_t>(p + 8 * i);
  } else {
    return Status::NotSupported("safetensors " + source_ + ": dtype " + t.dtype +
                                " cannot be read as integers");
  }
  return out;
}

}  // namespace strata::embed
