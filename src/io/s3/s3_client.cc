#include "io/s3/s3_client.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "common/clock.h"
#include "common/hash.h"
#include "common/log.h"
#include "io/s3/s3_xml.h"

namespace strata::io::s3 {
namespace {

struct S3Error {
  std::string code;
  std::string message;
};

S3Error ParseError(const std::string& body) {
  S3Error error;
  auto code = XmlText(body, "Code");
  if (code.ok() && code->has_value()) error.code = **code;
  auto message = XmlText(body, "Message");
  if (message.ok() && message->has_value()) error.message = **message;
  return error;
}

}  // namespace

bool IsRetryableHttp(int status, std::string_view code) {
  if (status >= 500 && status != 501) return true;
  if (status == 429 || status == 408) return true;
  return status == 409 && code == "ConditionalRequestConflict";
}

S3Client::S3Client(S3Config config, std::shared_ptr<HttpTransport> transport)
    : config_(std::move(config)), transport_(std::move(transport)) {
  sleep_ = [](int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
}

std::string S3Client::Describe(const std::string& key) const {
  return "s3://" + config_.bucket + "/" + key;
}

HttpRequest S3Client::BuildRequest(const S3Call& call, const std::string& payload_hash,
                                   int64_t now_micros) const {
  std::string host = config_.EndpointAuthority();
  std::string path;
  if (config_.path_style) {
    path = "/" + UriEncode(config_.bucket, true);
    if (!call.key.empty()) path += "/" + UriEncode(call.key, false);
  } else {
    host = config_.bucket + "." + host;
    path = "/" + UriEncode(call.key, false);
  }
  std::string amz_date = AmzDate(now_micros);
  SigV4Request to_sign{
      call.method,
      path,
      call.query,
      {{"host", host}, {"x-amz-date", amz_date}, {"x-amz-content-sha256", payload_hash}},
      payload_hash};
  if (!config_.credentials.session_token.empty()) {
    to_sign.headers.emplace_back("x-amz-security-token", config_.credentials.session_token);
  }
  for (const auto& header : call.headers) to_sign.headers.push_back(header);

  HttpRequest request;
  request.method = call.method;
  request.url = config_.EndpointScheme() + "://" + host + path;
  std::string query = CanonicalQueryString(call.query);
  if (!query.empty()) request.url += "?" + query;
  request.headers = to_sign.headers;
  if (!config_.credentials.access_key_id.empty()) {
    request.headers.emplace_back(
        "Authorization",
        AuthorizationHeader(config_.credentials, to_sign, amz_date, config_.region, "s3"));
  }
  request.body = call.body;
  return request;
}

Status S3Client::ErrorStatus(const S3Call& call, const HttpResponse& response) const {
  S3Error error = ParseError(response.body);
  std::string msg =
      "S3 " + call.method + " " + Describe(call.key) + ": HTTP " + std::to_string(response.status);
  if (!error.code.empty()) msg += " " + error.code;
  if (!error.message.empty()) msg += ": " + error.message;
  switch (response.status) {
    case 404:
      return Status::NotFound(std::move(msg));
    case 412:
      return Status::AlreadyExists(std::move(msg));
    case 403:
      return Status::PermissionDenied(std::move(msg));
    case 401:
      return Status::Unauthenticated(std::move(msg));
    case 409:
      return Status::Conflict(std::move(msg));
    case 416:
      return Status::Corruption(std::move(msg));
    default:
      return Status::IOError(std::move(msg));
  }
}

Result<HttpResponse> S3Client::Execute(const S3Call& call) const {
  const std::string payload_hash = Sha256Hex(call.body);
  Status last;
  int64_t server_delay_ms = 0;  // from a Retry-After header
  for (int attempt = 1; attempt <= config_.retry.max_attempts; ++attempt) {
    if (attempt > 1) {
      sleep_(std::max(BackoffDelayMillis(config_.retry, attempt - 1),
                      std::min(server_delay_ms, config_.retry.max_delay_ms)));
    }
    HttpRequest request = BuildRequest(call, payload_hash, NowMicros());
    Result<HttpResponse> response = transport_->Send(request);
    if (!response.ok()) {
      if (!response.status().IsUnavailable()) return response.status();
      last = response.status();
    } else if (response->status >= 200 && response->status < 300) {
      return response;
    } else {
      std::string code = ParseError(response->body).code;
      if (!IsRetryableHttp(response->status, code)) return ErrorStatus(call, *response);
      last = ErrorStatus(call, *response);
      server_delay_ms = std::atoll(response->Header("retry-after").c_str()) * 1000;
    }
    STRATA_LOG(kDebug, "s3_retry",
               {{"method", call.method},
                {"key", call.key},
                {"attempt", attempt},
                {"error", last.ToString()}});
  }
  return Status::Unavailable("gave up after " + std::to_string(config_.retry.max_attempts) +
                             " attempts: " + last.message());
}

}  // namespace strata::io::s3
