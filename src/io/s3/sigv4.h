// AWS Signature Version 4 (SigV4) request signing, as specified in the AWS General Reference.
//
// The steps are separate functions so that each can be checked against AWS's published test
// vectors: the canonical request, the string to sign, the signing key and the final
// Authorization header. The signer signs exactly the headers it is given; the caller decides
// which ones (S3 requests sign host, x-amz-date, x-amz-content-sha256 and any x-amz-* or
// conditional headers they send). Paths are signed as given (S3 does not normalize or
// double-encode them).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/hash.h"

namespace strata::io::s3 {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

struct SigV4Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty unless temporary credentials
};

/// The parts of an HTTP request that SigV4 covers.
struct SigV4Request {
  std::string method;         // "GET", "PUT", ...
  std::string canonical_uri;  // URI-encoded absolute path, e.g. "/bucket/test%24file.text"
  KeyValues query;            // raw (not yet encoded) names and values, any order
  KeyValues headers;          // names in any case, raw values; must include "host"
  std::string payload_hash;   // lowercase hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

struct CanonicalRequest {
  std::string text;
  std::string signed_headers;  // "host;range;x-amz-date"
};

/// Percent-encode as SigV4 requires: unreserved characters (A-Z a-z 0-9 - . _ ~) stay, every
/// other byte becomes %XX (uppercase); '/' stays when `encode_slash` is false.
std::string UriEncode(std::string_view text, bool encode_slash);
/// Encode and sort query parameters into "a=1&b=2".
std::string CanonicalQueryString(const KeyValues& query);
/// Build the canonical request (step 1).
CanonicalRequest BuildCanonicalRequest(const SigV4Request& request);
/// "20130524/us-east-1/s3/aws4_request" for amz_date "20130524T000000Z".
std::string CredentialScope(std::string_view amz_date, std::string_view region,
                            std::string_view service);
/// Build the string to sign (step 2).
std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);
/// Derive the signing key (step 3) for the date part (YYYYMMDD) of `amz_date`.
Sha256Digest SigningKey(std::string_view secret_access_key, std::string_view amz_date,
                        std::string_view region, std::string_view service);
/// Compute the Authorization header value (step 4) for a request made at `amz_date`
/// ("YYYYMMDDTHHMMSSZ"), which must match the request's x-amz-date header.
std::string AuthorizationHeader(const SigV4Credentials& credentials, const SigV4Request& request,
                                std::string_view amz_date, std::string_view region,
                                std::string_view service);
/// Format micros since the epoch as "YYYYMMDDTHHMMSSZ".
std::string AmzDate(int64_t micros);

}  // namespace strata::io::s3
