// S3Config: where an S3 store lives and how to talk to it, from an "s3://bucket/prefix" URI and
// the standard AWS environment variables.
//
//   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN   credentials (none: unsigned)
//   AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1           signing region
//   AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL                     endpoint (default AWS)
//   STRATA_S3_PATH_STYLE=true|false     path-style URLs (default: true for a custom endpoint or a
//                                       bucket name with a dot, else virtual-host)
//   STRATA_S3_MULTIPART_THRESHOLD, STRATA_S3_PART_SIZE   bytes (defaults 16 MiB and 8 MiB)
//   STRATA_S3_MAX_ATTEMPTS              tries per request, including the first (default 5)
//   STRATA_S3_UPLOAD_CONCURRENCY        parts uploaded at once by a multipart Put (default 4)
//
// Thread-safety: a plain value.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/result.h"
#include "io/s3/sigv4.h"

namespace strata::io::s3 {

/// Jittered exponential backoff for transient failures (5xx, 429, timeouts, connection errors).
struct RetryPolicy {
  int max_attempts = 5;
  int64_t base_delay_ms = 100;
  int64_t max_delay_ms = 5000;
};

/// Delay before retry number `retry` (1 for the first retry): a random value in
/// [cap/2, cap] where cap = min(max_delay_ms, base_delay_ms * 2^(retry-1)).
int64_t BackoffDelayMillis(const RetryPolicy& policy, int retry);

struct S3Config {
  std::string bucket;
  std::string prefix;    // key prefix, no leading or trailing '/'; may be empty
  std::string endpoint;  // scheme://host[:port], no trailing '/'
  std::string region = "us-east-1";
  bool path_style = false;
  SigV4Credentials credentials;
  int64_t multipart_threshold = 16 << 20;  // Put/OpenWrite above this size use multipart
  int64_t part_size = 8 << 20;             // bytes per part (S3 requires >= 5 MiB)
  int upload_concurrency = 4;              // parts in flight for a multipart Put()
  int list_page_size = 1000;               // max-keys per ListObjectsV2 request
  RetryPolicy retry;
  bool probe_conditional_put = true;  // probe If-None-Match support at open

  /// Build a config for `uri` ("s3://bucket[/prefix]") from the environment read by `getenv`.
  static Result<S3Config> FromUri(const std::string& uri,
                                  const std::function<const char*(const char*)>& getenv);
  /// Same, from the process environment.
  static Result<S3Config> FromUri(const std::string& uri);

  /// Check the values (bucket set, endpoint has a scheme, part size >= 5 MiB, ...).
  Status Validate() const;
  /// "host[:port]" of the endpoint.
  std::string EndpointAuthority() const;
  /// "http" or "https".
  std::string EndpointScheme() const;
};

}  // namespace strata::io::s3
