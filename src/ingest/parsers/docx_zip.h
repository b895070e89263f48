// DocxZip: read-only access to the members of a zip archive held in memory (libzip), with the
// zip-bomb defence of DESIGN §5: a member is refused when its declared uncompressed size is over
// the limit, and reading stops as soon as the bytes actually inflated pass it, whatever the
// header claimed. The archive borrows the caller's bytes, which must outlive it.
// Thread-safety: one DocxZip per thread; distinct instances are independent.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

struct zip;

namespace strata::ingest {

class DocxZip {
 public:
  /// Open the archive in `bytes`. Corruption "DOCX: not a zip archive (...)" when it is not one.
  static Result<std::unique_ptr<DocxZip>> Open(std::string_view bytes);
  ~DocxZip();
  DocxZip(const DocxZip&) = delete;
  DocxZip& operator=(const DocxZip&) = delete;

  bool Has(const std::string& member) const;
  /// The inflated bytes of `member`. NotFound when absent; ResourceExhausted when it (or the
  /// total inflated by this archive so far) passes `max_bytes`; Corruption on a damaged stream.
  Result<std::string> Read(const std::string& member, int64_t max_bytes);

 private:
  explicit DocxZip(struct zip* archive) : archive_(archive) {}
  struct zip* archive_;
  int64_t inflated_total_ = 0;
};

}  // namespace strata::ingest
