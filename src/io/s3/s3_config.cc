#include "io/s3/s3_config.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <random>

#include "io/uri.h"

namespace strata::io::s3 {
namespace {

std::string Env(const std::function<const char*(const char*)>& getenv, const char* name) {
  const char* value = getenv(name);
  return value ? std::string(value) : std::string();
}

Result<int64_t> EnvInt(const std::function<const char*(const char*)>& getenv, const char* name,
                       int64_t fallback) {
  std::string text = Env(getenv, name);
  if (text.empty()) return fallback;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) {
    return Status::InvalidArgument(std::string(name) + " must be a positive integer, got '" + text +
                                   "'");
  }
  return value;
}

Result<bool> EnvBool(const std::function<const char*(const char*)>& getenv, const char* name,
                     bool fallback) {
  std::string text = Env(getenv, name);
  std::transform(text.begin(), text.end(), text.begin(), ::tolower);
  if (text.empty()) return fallback;
  if (text == "1" || text == "true" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "no") return false;
  return Status::InvalidArgument(std::string(name) + " must be true or false, got '" + text + "'");
}

}  // namespace

int64_t BackoffDelayMillis(const RetryPolicy& policy, int retry) {
  int shift = std::clamp(retry - 1, 0, 30);
  int64_t cap = std::min(policy.max_delay_ms, policy.base_delay_ms << shift);
  if (cap <= 1) return cap;
  thread_local std::mt19937_64 rng(std::random_device{}());
  return cap / 2 + static_cast<int64_t>(rng() % static_cast<uint64_t>(cap - cap / 2 + 1));
}

Result<S3Config> S3Config::FromUri(const std::string& uri,
                                   const std::function<const char*(const char*)>& getenv) {
  STRATA_ASSIGN_OR_RETURN(Uri parsed, ParseUri(uri));
  if (parsed.scheme != "s3") return Status::InvalidArgument("not an s3:// URI: " + uri);
  S3Config config;
  config.bucket = parsed.authority;
  config.prefix = parsed.path;
  while (!config.prefix.empty() && config.prefix.back() == '/') config.prefix.pop_back();
  config.credentials.access_key_id = Env(getenv, "AWS_ACCESS_KEY_ID");
  config.credentials.secret_access_key = Env(getenv, "AWS_SECRET_ACCESS_KEY");
  config.credentials.session_token = Env(getenv, "AWS_SESSION_TOKEN");
  config.region = Env(getenv, "AWS_REGION");
  if (config.region.empty()) config.region = Env(getenv, "AWS_DEFAULT_REGION");
  if (config.region.empty()) config.region = "us-east-1";
  std::string endpoint = Env(getenv, "AWS_ENDPOINT_URL_S3");
  if (endpoint.empty()) endpoint = Env(getenv, "AWS_ENDPOINT_URL");
  bool custom_endpoint = !endpoint.empty();
  if (!custom_endpoint) endpoint = "https://s3." + config.region + ".amazonaws.com";
  if (endpoint.find("://") == std::string::npos) endpoint = "https://" + endpoint;
  while (endpoint.back() == '/') endpoint.pop_back();
  config.endpoint = endpoint;
  bool default_path_style = custom_endpoint || config.bucket.find('.') != std::string::npos;
  STRATA_ASSIGN_OR_RETURN(config.path_style,
                          EnvBool(getenv, "STRATA_S3_PATH_STYLE", default_path_style));
  STRATA_ASSIGN_OR_RETURN(config.multipart_threshold,
                          EnvInt(getenv, "STRATA_S3_MULTIPART_THRESHOLD", 16 << 20));
  STRATA_ASSIGN_OR_RETURN(config.part_size, EnvInt(getenv, "STRATA_S3_PART_SIZE", 8 << 20));
  STRATA_ASSIGN_OR_RETURN(int64_t attempts, EnvInt(getenv, "STRATA_S3_MAX_ATTEMPTS", 5));
  config.retry.max_attempts = static_cast<int>(std::min<int64_t>(attempts, 100));
  STRATA_ASSIGN_OR_RETURN(int64_t concurrency, EnvInt(getenv, "STRATA_S3_UPLOAD_CONCURRENCY", 4));
  config.upload_concurrency = static_cast<int>(std::min<int64_t>(concurrency, 64));
  STRATA_RETURN_IF_ERROR(config.Validate().WithContext(uri));
  return config;
}

Result<S3Config> S3Config::FromUri(const std::string& uri) {
  return FromUri(uri, [](const char* name) { return std::getenv(name); });
}

Status S3Config::Validate() const {
  if (bucket.empty()) return Status::InvalidArgument("S3 URI has no bucket");
  if (EndpointScheme() != "http" && EndpointScheme() != "https") {
    return Status::InvalidArgument("S3 endpoint must be http:// or https://: " + endpoint);
  }
  if (EndpointAuthority().empty()) return Status::InvalidArgument("S3 endpoint has no host");
  if (part_size < (5 << 20)) {
    return Status::InvalidArgument("S3 part size must be at least 5 MiB, got " +
                                   std::to_string(part_size));
  }
  if (multipart_threshold < part_size) {
    return Status::InvalidArgument("S3 multipart threshold must be at least the part size");
  }
  if (list_page_size < 1 || list_page_size > 1000) {
    return Status::InvalidArgument("S3 list page size must be within 1..1000");
  }
  if (upload_concurrency < 1) return Status::InvalidArgument("S3 upload concurrency must be >= 1");
  if (retry.max_attempts < 1) return Status::InvalidArgument("S3 max attempts must be >= 1");
  return Status::OK();
}

std::string S3Config::EndpointScheme() const {
  size_t sep = endpoint.find("://");
  return sep == std::string::npos ? std::string() : endpoint.substr(0, sep);
}

std::string S3Config::EndpointAuthority() const {
  size_t sep = endpoint.find("://");
  std::string rest = sep == std::string::npos ? endpoint : endpoint.substr(sep + 3);
  return rest.substr(0, rest.find('/'));
}

}  // namespace strata::io::s3
