// S3Store: an ObjectStore on an S3 bucket (or an S3-compatible server), DESIGN §4.
//
// "s3://bucket/prefix" maps object "a/b" to key "prefix/a/b". Requests are signed with SigV4,
// retried on transient failures and addressed path-style or virtual-host (see S3Config for the
// environment it reads). Large Put()s and OpenWrite() streams use multipart uploads; OpenRead()
// reads with ranged GETs. PutIfAbsent sends If-None-Match: *. Some servers ignore that header
// (s3rver, older MinIO): Open() probes it by writing a probe key twice, and when the second
// write also succeeds SupportsAtomicPutIfAbsent() is false; PutIfAbsent then checks with HEAD
// first, which is correct for one writer but not atomic against concurrent ones. A PutIfAbsent
// whose response is lost and is retried may report AlreadyExists for its own write; callers that
// must tell the two apart compare the stored content (Delta commits do).
// Thread-safety: all methods are safe to call concurrently.
#pragma once

#include <memory>
#include <string>

#include "io/object_store.h"
#include "io/s3/http_transport.h"
#include "io/s3/s3_client.h"

namespace strata::io::s3 {

class S3Store final : public ObjectStore {
 public:
  /// Open a store; `transport` defaults to libcurl. Probes If-None-Match support when
  /// config.probe_conditional_put is set.
  static Result<std::shared_ptr<S3Store>> Open(S3Config config,
                                               std::shared_ptr<HttpTransport> transport = nullptr);

  std::string uri() const override;
  Result<std::shared_ptr<Buffer>> Get(const std::string& path) override;
  Result<std::shared_ptr<Buffer>> GetRange(const std::string& path, int64_t offset,
                                           int64_t length) override;
  Status Put(const std::string& path, std::string_view data) override;
  Status PutIfAbsent(const std::string& path, std::string_view data) override;
  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override;
  Status Delete(const std::string& path) override;
  Result<ObjectInfo> Head(const std::string& path) override;
  Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path) override;
  Result<std::unique_ptr<OutputStream>> OpenWrite(const std::string& path) override;
  bool SupportsAtomicPutIfAbsent() const override { return atomic_put_if_absent_; }

  const S3Client& client() const { return *client_; }

 private:
  explicit S3Store(std::shared_ptr<S3Client> client) : client_(std::move(client)) {}
  /// Validate `path` and return its key in the bucket.
  Result<std::string> Key(const std::string& path) const;
  /// Write a probe key twice with If-None-Match and report whether the second write failed.
  Result<bool> ProbeConditionalPut();
  /// Log `event` at warn level once per process for this endpoint and bucket.
  void WarnOnce(const char* event, const std::string& detail) const;

  std::shared_ptr<S3Client> client_;
  bool atomic_put_if_absent_ = true;
};

/// Open an S3Store for an "s3://" URI with the configuration from the environment.
Result<std::shared_ptr<ObjectStore>> OpenS3StoreUri(const std::string& uri);

}  // namespace strata::io::s3
