// libFuzzer target: the whole Parquet read path (footer, schema mapping, pages, codecs, decoders,
// record assembly) over an in-memory file. Any input must read or fail with Corruption or
// NotSupported: no crash, no hang, no unbounded allocation, and what reads must be a valid batch.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "format/parquet/reader.h"

namespace {

class BytesFile : public strata::io::RandomAccessFile {
 public:
  BytesFile(const uint8_t* data, size_t size) : data_(reinterpret_cast<const char*>(data), size) {}
  int64_t Size() const override { return static_cast<int64_t>(data_.size()); }
  strata::Result<std::shared_ptr<strata::io::Buffer>> ReadAt(int64_t offset,
                                                             int64_t length) const override {
    if (offset < 0 || length < 0 || offset > Size() || length > Size() - offset) {
      return strata::Status::Corruption("fuzz.parquet: read past the end");
    }
    return strata::io::Buffer::FromString(data_.substr(offset, length));
  }
  const std::string& path() const override { return path_; }

 private:
  std::string data_;
  std::string path_ = "fuzz.parquet";
};

void CheckClean(const strata::Status& st) {
  if (!st.ok() && !st.IsCorruption() && !st.IsNotSupported()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace strata::format::parquet;
  auto reader = FileReader::Open(std::make_shared<BytesFile>(data, size));
  if (!reader.ok()) {
    CheckClean(reader.status());
    return 0;
  }
  ReadOptions options;
  options.use_threads = false;
  auto batch = (*reader)->Read(options);
  if (!batch.ok()) {
    CheckClean(batch.status());
    return 0;
  }
  if (!batch->Validate().ok()) std::abort();
  for (int rg = 0; rg < (*reader)->num_row_groups(); ++rg) {
    for (int f = 0; f < (*reader)->schema().num_fields(); ++f) (void)(*reader)->RowGroupStats(rg, f);
  }
  return 0;
}
