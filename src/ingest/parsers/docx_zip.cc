#include "ingest/parsers/docx_zip.h"

#include <zip.h>

namespace strata::ingest {
namespace {

Status TooLarge(const std::string& member, int64_t limit) {
  return Status::ResourceExhausted("DOCX: zip member " + member + " inflates past " +
                                   std::to_string(limit) +
                                   " bytes (limit max_decompressed_bytes)");
}

}  // namespace

Result<std::unique_ptr<DocxZip>> DocxZip::Open(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status::Internal("DOCX: cannot wrap the input for libzip: " + message);
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    zip_source_free(source);
    return Status::Corruption("DOCX: not a zip archive (" + message + ")");
  }
  zip_error_fini(&error);
  return std::unique_ptr<DocxZip>(new DocxZip(archive));
}

DocxZip::~DocxZip() { zip_discard(archive_); }

bool DocxZip::Has(const std::string& member) const {
  return zip_name_locate(archive_, member.c_str(), 0) >= 0;
}

Result<std::string> DocxZip::Read(const std::string& member, int64_t max_bytes) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive_, member.c_str(), 0, &stat) != 0) {
    return Status::NotFound("DOCX: " + member + " missing");
  }
  if ((stat.valid & ZIP_STAT_SIZE) &&
      static_cast<int64_t>(stat.size) > max_bytes - inflated_total_) {
    return TooLarge(member, max_bytes);
  }
  zip_file_t* file = zip_fopen(archive_, member.c_str(), 0);
  if (file == nullptr) {
    return Status::Corruption("DOCX: cannot open zip member " + member + ": " +
                              zip_strerror(archive_));
  }
  std::string out;
  char buffer[64 * 1024];
  while (true) {
    zip_int64_t n = zip_fread(file, buffer, sizeof(buffer));
    if (n < 0) {
      Status status = Status::Corruption("DOCX: zip member " + member + " is damaged: " +
                                         zip_file_strerror(file));
      zip_fclose(file);
      return status;
    }
    if (n == 0) break;
    inflated_total_ += n;
    if (inflated_total_ > max_bytes) {
      zip_fclose(file);
      return TooLarge(member, max_bytes);
    }
    out.append(buffer, static_cast<size_t>(n));
  }
  zip_fclose(file);
  return out;
}

}  // namespace strata::ingest
