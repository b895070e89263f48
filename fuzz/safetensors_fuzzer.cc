// libFuzzer target: model files (safetensors) parsed from arbitrary bytes. A model folder is
// semi-trusted input (downloaded from a hub); a malformed header, a tensor pointing outside the
// file or a shape whose product overflows must be a Corruption status, never a crash or an
// out-of-bounds read. Every tensor the parser accepts must convert without reading past its
// bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "embed/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parsed = strata::embed::SafeTensors::Parse(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz.safetensors");
  if (!parsed.ok()) return 0;
  for (const auto& [name, tensor] : parsed->tensors()) {
    if (tensor.data.data() < parsed->bytes().data() ||
        tensor.data.data() + tensor.data.size() > parsed->bytes().data() + parsed->bytes().size()) {
      std::abort();  // a view outside the file
    }
    if (tensor.elements() > (int64_t{1} << 24)) continue;  // bounded work per input
    auto floats = parsed->ToFloats(tensor);
    if (floats.ok() && static_cast<int64_t>(floats->size()) != tensor.elements()) std::abort();
    (void)parsed->ToInts(tensor);
  }
  return 0;
}
