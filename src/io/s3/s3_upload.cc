// Multipart uploads and the streaming S3 writer built on them.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "common/log.h"
#include "io/s3/s3_objects.h"
#include "io/s3/s3_xml.h"

namespace strata::io::s3 {
namespace {

/// One multipart upload in progress. UploadPart may be called from several threads.
class MultipartUpload {
 public:
  static Result<MultipartUpload> Start(const S3Client& client, const std::string& key) {
    STRATA_ASSIGN_OR_RETURN(HttpResponse response,
                            client.Execute({"POST", key, {{"uploads", ""}}, {}, {}}));
    STRATA_ASSIGN_OR_RETURN(auto upload_id, XmlText(response.body, "UploadId"));
    if (!upload_id || upload_id->empty()) {
      return Status::Corruption("S3 CreateMultipartUpload for " + client.Describe(key) +
                                " returned no UploadId");
    }
    return MultipartUpload(client, key, std::move(*upload_id));
  }

  /// Upload part `number` (1-based) and return its ETag.
  Result<std::string> UploadPart(int number, std::string_view data) const {
    STRATA_ASSIGN_OR_RETURN(
        HttpResponse response,
        client_->Execute({"PUT",
                          key_,
                          {{"partNumber", std::to_string(number)}, {"uploadId", upload_id_}},
                          {},
                          data}));
    std::string etag = response.Header("etag");
    if (etag.empty()) {
      return Status::Corruption("S3 UploadPart " + std::to_string(number) + " of " +
                                client_->Describe(key_) + " returned no ETag");
    }
    return etag;
  }

  /// Complete the upload from the parts' ETags, in part order.
  Status Complete(const std::vector<std::string>& etags) const {
    std::string body = "<CompleteMultipartUpload>";
    for (size_t i = 0; i < etags.size(); ++i) {
      body += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" +
              XmlEscape(etags[i]) + "</ETag></Part>";
    }
    body += "</CompleteMultipartUpload>";
    STRATA_ASSIGN_OR_RETURN(HttpResponse response,
                            client_->Execute({"POST", key_, {{"uploadId", upload_id_}}, {}, body}));
    // S3 may answer 200 and still report an error in the body.
    STRATA_ASSIGN_OR_RETURN(auto errors, XmlElements(response.body, "Error"));
    if (!errors.empty()) {
      STRATA_ASSIGN_OR_RETURN(auto code, XmlText(errors.front(), "Code"));
      return Status::IOError("S3 CompleteMultipartUpload of " + client_->Describe(key_) +
                             " failed: " + code.value_or("unknown error"));
    }
    return Status::OK();
  }

  /// Abort the upload (best effort: a failure is logged; the bucket's lifecycle rules expire
  /// leftover parts).
  void Abort() const {
    auto response = client_->Execute({"DELETE", key_, {{"uploadId", upload_id_}}, {}, {}});
    if (!response.ok() && !response.status().IsNotFound()) {
      STRATA_LOG(kWarn, "s3_abort_failed",
                 {{"key", key_}, {"error", response.status().ToString()}});
    }
  }

 private:
  MultipartUpload(const S3Client& client, std::string key, std::string upload_id)
      : client_(&client), key_(std::move(key)), upload_id_(std::move(upload_id)) {}

  const S3Client* client_;
  std::string key_;
  std::string upload_id_;
};

/// Upload all parts of `data` with up to config.upload_concurrency requests in flight.
Status UploadAllParts(const S3Client& client, const MultipartUpload& upload, std::string_view data,
                      std::vector<std::string>* etags) {
  size_t part = static_cast<size_t>(client.config().part_size);
  size_t count = std::max<size_t>(1, (data.size() + part - 1) / part);
  etags->assign(count, "");
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  Status first_error;
  auto worker = [&] {
    for (size_t i = next++; i < count && !failed; i = next++) {
      auto etag = upload.UploadPart(static_cast<int>(i + 1), data.substr(i * part, part));
      if (etag.ok()) {
        (*etags)[i] = std::move(*etag);
        continue;
      }
      std::lock_guard<std::mutex> lock(mu);
      if (!failed.exchange(true)) first_error = etag.status();
    }
  };
  size_t threads = std::min<size_t>(count, std::max(1, client.config().upload_concurrency));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  return first_error;
}

/// Buffers up to the multipart threshold; beyond it uploads parts as they fill.
class S3OutputStream final : public OutputStream {
 public:
  S3OutputStream(std::shared_ptr<const S3Client> client, std::string key)
      : client_(std::move(client)), key_(std::move(key)) {}
  ~S3OutputStream() override {
    if (!done_ && upload_) upload_->Abort();
  }

  Status Write(std::string_view data) override {
    if (done_) return Status::InvalidArgument("write after close: " + client_->Describe(key_));
    buffer_.append(data);
    written_ += static_cast<int64_t>(data.size());
    const S3Config& config = client_->config();
    if (!upload_ && static_cast<int64_t>(buffer_.size()) > config.multipart_threshold) {
      STRATA_RETURN_IF_ERROR(Fail(Start()));
    }
    if (upload_) STRATA_RETURN_IF_ERROR(Fail(UploadFullParts()));
    return Status::OK();
  }

  int64_t Tell() const override { return written_; }

  Status Close() override {
    if (done_) return Status::OK();
    Status st;
    if (!upload_) {
      st = PutObject(*client_, key_, buffer_, false);
    } else {
      if (!buffer_.empty()) st = SendPart(buffer_);
      if (st.ok()) st = upload_->Complete(etags_);
      if (!st.ok()) upload_->Abort();
    }
    done_ = true;
    buffer_.clear();
    buffer_.shrink_to_fit();
    return st;
  }

 private:
  Status Start() {
    STRATA_ASSIGN_OR_RETURN(MultipartUpload upload, MultipartUpload::Start(*client_, key_));
    upload_ = std::make_unique<MultipartUpload>(std::move(upload));
    return Status::OK();
  }

  Status SendPart(std::string_view data) {
    STRATA_ASSIGN_OR_RETURN(std::string etag,
                            upload_->UploadPart(static_cast<int>(etags_.size()) + 1, data));
    etags_.push_back(std::move(etag));
    return Status::OK();
  }

  Status UploadFullParts() {
    size_t part = static_cast<size_t>(client_->config().part_size);
    size_t consumed = 0;
    while (buffer_.size() - consumed >= part) {
      STRATA_RETURN_IF_ERROR(SendPart(std::string_view(buffer_).substr(consumed, part)));
      consumed += part;
    }
    buffer_.erase(0, consumed);
    return Status::OK();
  }

  /// On error abort the upload and refuse further writes.
  Status Fail(Status st) {
    if (!st.ok()) {
      if (upload_) upload_->Abort();
      done_ = true;
    }
    return st;
  }

  std::shared_ptr<const S3Client> client_;
  std::string key_;
  std::string buffer_;
  std::unique_ptr<MultipartUpload> upload_;
  std::vector<std::string> etags_;
  int64_t written_ = 0;
  bool done_ = false;
};

}  // namespace

Status PutMultipart(const S3Client& client, const std::string& key, std::string_view data) {
  STRATA_ASSIGN_OR_RETURN(MultipartUpload upload, MultipartUpload::Start(client, key));
  std::vector<std::string> etags;
  Status st = UploadAllParts(client, upload, data, &etags);
  if (st.ok()) st = upload.Complete(etags);
  if (!st.ok()) upload.Abort();
  return st;
}

std::unique_ptr<OutputStream> MakeS3OutputStream(std::shared_ptr<const S3Client> client,
                                                 std::string key) {
  return std::make_unique<S3OutputStream>(std::move(client), std::move(key));
}

}  // namespace strata::io::s3
