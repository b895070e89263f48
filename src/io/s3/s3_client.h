// S3Client: signed, retried S3 REST calls on one bucket.
//
// Execute() turns an S3Call (method, object key, query, extra headers, body) into an HTTP
// request addressed path-style (endpoint/bucket/key) or virtual-host style (bucket.host/key),
// signs it with SigV4 (afresh on every attempt) and sends it through the HttpTransport.
// Transient failures (HTTP 5xx and 429, S3's 409 ConditionalRequestConflict, timeouts and
// connection errors) are retried with jittered exponential backoff (at least a Retry-After the
// server sent, up to the policy's maximum delay); after the last attempt the
// result is Unavailable. Other non-2xx answers map to a Status: 404 NotFound, 412 AlreadyExists
// (a failed If-None-Match), 403 PermissionDenied, 401 Unauthenticated, 409 Conflict,
// 416 Corruption, the rest IOError; the message names the method, the s3:// object, the HTTP
// status and S3's error code and message.
// Thread-safety: Execute() may be called concurrently (the transport must allow it).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "io/s3/http_transport.h"
#include "io/s3/s3_config.h"

namespace strata::io::s3 {

struct S3Call {
  std::string method;
  std::string key;    // full object key in the bucket; empty for bucket-level calls
  KeyValues query;    // raw names and values
  KeyValues headers;  // extra headers to send and sign (range, if-none-match, ...)
  std::string_view body;
};

class S3Client {
 public:
  S3Client(S3Config config, std::shared_ptr<HttpTransport> transport);

  const S3Config& config() const { return config_; }
  /// Send `call` with signing and retries; non-2xx answers become a Status (see above).
  Result<HttpResponse> Execute(const S3Call& call) const;
  /// Build the request for one attempt made at `now_micros` (exposed for tests).
  HttpRequest BuildRequest(const S3Call& call, const std::string& payload_hash,
                           int64_t now_micros) const;
  /// "s3://bucket/key" for messages.
  std::string Describe(const std::string& key) const;
  /// Replace the sleep used between retries (tests make it record instead of wait).
  void SetSleepForTesting(std::function<void(int64_t millis)> sleep) { sleep_ = std::move(sleep); }

 private:
  Status ErrorStatus(const S3Call& call, const HttpResponse& response) const;

  S3Config config_;
  std::shared_ptr<HttpTransport> transport_;
  std::function<void(int64_t)> sleep_;
};

/// True when an HTTP answer with `status` (and S3 error `code`) is worth retrying.
bool IsRetryableHttp(int status, std::string_view code);

}  // namespace strata::io::s3
