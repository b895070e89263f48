// SafeTensors: a read-only view of a .safetensors file (the Hugging Face tensor container).
//
// Layout: an 8-byte little-endian header length N, N bytes of JSON mapping each tensor name to
// {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the end of the header;
// an optional "__metadata__" entry of strings), then the data. Parse checks every tensor's byte
// range against the file and its shape × dtype size, so later reads need no bounds checks.
// ToFloats widens F32, F16, BF16, F64 and I8 (and I32/I64 for index tensors) to float32.
// Thread-safety: immutable after Parse.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace strata::embed {

struct TensorInfo {
  std::string dtype;  // "F32", "F16", "I8", ...
  std::vector<int64_t> shape;
  std::string_view data;  // bytes inside SafeTensors::bytes()
  int64_t elements() const;
};

class SafeTensors {
 public:
  /// Parse `bytes` (the whole file; kept by the object). Corruption naming `source` on a
  /// malformed header, an unknown dtype or a tensor outside the file.
  static Result<SafeTensors> Parse(std::string bytes, const std::string& source);
  /// Read and parse the file at `path` (NotFound when it does not exist).
  static Result<SafeTensors> Open(const std::string& path);

  const std::string& source() const { return source_; }
  const std::string& bytes() const { return bytes_; }
  /// The tensor called `name`, or nullptr.
  const TensorInfo* Find(std::string_view name) const;
  const std::map<std::string, TensorInfo, std::less<>>& tensors() const { return tensors_; }

  /// Widen `tensor` to float32 values. NotSupported naming the source for other dtypes.
  Result<std::vector<float>> ToFloats(const TensorInfo& tensor) const;
  /// Read an integer tensor (I32, I64) as int64 values. NotSupported for other dtypes.
  Result<std::vector<int64_t>> ToInts(const TensorInfo& tensor) const;

 private:
  std::string source_;
  std::string bytes_;
  std::map<std::string, TensorInfo, std::less<>> tensors_;
};

/// Convert an IEEE 754 half-precision value to float.
float HalfToFloat(uint16_t h);

}  // namespace strata::embed
