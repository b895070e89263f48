// HttpTransport: one HTTP exchange, the seam between the S3 client and the network.
//
// The S3 client builds, signs and retries requests; a transport only sends one request and
// returns what came back. CurlTransport is the real one (libcurl); tests substitute scripted
// transports to drive failure paths (503 sequences, dropped connections) without a server.
// Thread-safety: Send() may be called concurrently from many threads. CurlTransport keeps a pool
// of easy handles (one per request in flight) so connections are reused across requests.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace strata::io::s3 {

struct HttpRequest {
  std::string method;  // GET, HEAD, PUT, POST, DELETE
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;  // borrowed: must stay valid until Send() returns
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  /// The value of header `name` (lower-case), or "" when absent.
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  /// Send `request` and return the response, whatever its status. A failure to exchange
  /// (connection refused or reset, timeout, name resolution) is Unavailable; other transport
  /// failures are IOError.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

struct CurlOptions {
  int64_t connect_timeout_ms = 10000;
  /// Abort a transfer slower than 1 byte/s for this long (a stalled connection).
  int64_t stall_timeout_ms = 60000;
};

/// Make a libcurl-backed transport.
std::shared_ptr<HttpTransport> MakeCurlTransport(CurlOptions options = {});

}  // namespace strata::io::s3
