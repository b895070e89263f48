// libFuzzer target: Thrift compact-protocol decoding of Parquet footers and page headers.
// Any input must yield a value or a Corruption status: no crash, no hang, no unbounded allocation.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "format/parquet/metadata.h"
#include "format/parquet/schema_map.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace strata::format::parquet;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto meta = DecodeFileMetaData(bytes);
  if (meta.ok()) {
    auto schema = MapParquetSchema(meta->schema);
    (void)schema;
  } else if (!meta.status().IsCorruption()) {
    std::abort();
  }
  size_t used = 0;
  auto header = DecodePageHeader(bytes, &used);
  if (header.ok() && used > size) std::abort();
  return 0;
}
