// Reads, HEAD and single-request PUTs; multipart uploads live in s3_upload.cc.
#include "io/s3/s3_objects.h"

#include <ctime>

namespace strata::io::s3 {
namespace {

class S3File final : public RandomAccessFile {
 public:
  S3File(std::shared_ptr<const S3Client> client, std::string key, std::string path, int64_t size)
      : client_(std::move(client)), key_(std::move(key)), path_(std::move(path)), size_(size) {}
  int64_t Size() const override { return size_; }
  Result<std::shared_ptr<Buffer>> ReadAt(int64_t offset, int64_t length) const override {
    STRATA_RETURN_IF_ERROR(CheckRange(client_->Describe(key_), offset, length, size_));
    if (length == 0) return Buffer::FromString("");
    return ReadRange(*client_, key_, offset, length);
  }
  const std::string& path() const override { return path_; }

 private:
  std::shared_ptr<const S3Client> client_;
  std::string key_;
  std::string path_;
  int64_t size_;
};

}  // namespace

int64_t ParseHttpDateMicros(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S", &tm);
  if (end == nullptr) return 0;
  return static_cast<int64_t>(timegm(&tm)) * 1000000;
}

Result<std::shared_ptr<Buffer>> ReadRange(const S3Client& client, const std::string& key,
                                          int64_t offset, int64_t length) {
  if (offset < 0 || length < 0) {
    return CheckRange(client.Describe(key), offset, length, 0);  // InvalidArgument
  }
  if (length == 0) {
    STRATA_ASSIGN_OR_RETURN(ObjectInfo info, HeadObject(client, key, key));
    STRATA_RETURN_IF_ERROR(CheckRange(client.Describe(key), offset, length, info.size));
    return Buffer::FromString("");
  }
  std::string range = "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1);
  auto response = client.Execute({"GET", key, {}, {{"range", range}}, {}});
  if (!response.ok()) {
    if (response.status().IsCorruption()) {  // 416: the range starts past the end
      return Status::Corruption("read of " + std::to_string(length) + " bytes at offset " +
                                std::to_string(offset) + " past the end of " +
                                client.Describe(key));
    }
    return response.status();
  }
  auto buffer = Buffer::FromString(std::move(response->body));
  if (response->status == 200) {  // the server ignored Range and sent the whole object
    STRATA_RETURN_IF_ERROR(
        CheckRange(client.Describe(key), offset, length, static_cast<int64_t>(buffer->size())));
    return Buffer::Slice(buffer, static_cast<size_t>(offset), static_cast<size_t>(length));
  }
  if (static_cast<int64_t>(buffer->size()) != length) {
    return Status::Corruption("read of " + std::to_string(length) + " bytes at offset " +
                              std::to_string(offset) + " past the end of " + client.Describe(key) +
                              " (got " + std::to_string(buffer->size()) + ")");
  }
  return buffer;
}

Result<ObjectInfo> HeadObject(const S3Client& client, const std::string& key,
                              const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(HttpResponse response, client.Execute({"HEAD", key, {}, {}, {}}));
  ObjectInfo info;
  info.path = path;
  std::string length = response.Header("content-length");
  if (length.empty()) {
    return Status::Corruption("S3 HEAD " + client.Describe(key) + " has no Content-Length");
  }
  info.size = std::strtoll(length.c_str(), nullptr, 10);
  info.modified_micros = ParseHttpDateMicros(response.Header("last-modified"));
  return info;
}

Status PutObject(const S3Client& client, const std::string& key, std::string_view data,
                 bool if_none_match) {
  if (!if_none_match && static_cast<int64_t>(data.size()) > client.config().multipart_threshold) {
    return PutMultipart(client, key, data);
  }
  S3Call call{"PUT", key, {}, {}, data};
  if (if_none_match) call.headers.emplace_back("if-none-match", "*");
  auto response = client.Execute(call);
  if (!response.ok()) {
    if (if_none_match && response.status().IsAlreadyExists()) {
      return Status::AlreadyExists("object already exists: " + client.Describe(key));
    }
    return response.status();
  }
  return Status::OK();
}

std::unique_ptr<RandomAccessFile> MakeS3File(std::shared_ptr<const S3Client> client,
                                             std::string key, std::string path, int64_t size) {
  return std::make_unique<S3File>(std::move(client), std::move(key), std::move(path), size);
}

}  // namespace strata::io::s3
