#include "io/s3/sigv4.h"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace strata::io::s3 {
namespace {

std::string_view DigestView(const Sha256Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

/// Trim and collapse runs of spaces, as the canonical header value requires.
std::string CanonicalHeaderValue(std::string_view value) {
  std::string out;
  bool in_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      in_space = true;
      continue;
    }
    if (in_space && !out.empty()) out.push_back(' ');
    in_space = false;
    out.push_back(c);
  }
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string UriEncode(std::string_view text, bool encode_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (c == '/' && !encode_slash)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string CanonicalQueryString(const KeyValues& query) {
  KeyValues encoded;
  encoded.reserve(query.size());
  for (const auto& [k, v] : query) encoded.emplace_back(UriEncode(k, true), UriEncode(v, true));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [k, v] : encoded) {
    if (!out.empty()) out.push_back('&');
    out += k;
    out.push_back('=');
    out += v;
  }
  return out;
}

CanonicalRequest BuildCanonicalRequest(const SigV4Request& request) {
  KeyValues headers;
  for (const auto& [name, value] : request.headers) {
    headers.emplace_back(Lower(name), CanonicalHeaderValue(value));
  }
  std::stable_sort(headers.begin(), headers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string canonical_headers, signed_headers;
  for (size_t i = 0; i < headers.size(); ++i) {
    if (i > 0 && headers[i].first == headers[i - 1].first) {
      // Repeated header: values join with commas on one line.
      canonical_headers.back() = ',';
      canonical_headers += headers[i].second + "\n";
      continue;
    }
    canonical_headers += headers[i].first + ":" + headers[i].second + "\n";
    if (!signed_headers.empty()) signed_headers.push_back(';');
    signed_headers += headers[i].first;
  }
  CanonicalRequest out;
  out.text = request.method + "\n" + request.canonical_uri + "\n" +
             CanonicalQueryString(request.query) + "\n" + canonical_headers + "\n" +
             signed_headers + "\n" + request.payload_hash;
  out.signed_headers = std::move(signed_headers);
  return out;
}

std::string CredentialScope(std::string_view amz_date, std::string_view region,
                            std::string_view service) {
  std::string out(amz_date.substr(0, 8));
  out += "/";
  out += region;
  out += "/";
  out += service;
  out += "/aws4_request";
  return out;
}

std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request) {
  std::string out = "AWS4-HMAC-SHA256\n";
  out += amz_date;
  out += "\n";
  out += scope;
  out += "\n";
  out += Sha256Hex(canonical_request);
  return out;
}

Sha256Digest SigningKey(std::string_view secret_access_key, std::string_view amz_date,
                        std::string_view region, std::string_view service) {
  Sha256Digest k_date = HmacSha256("AWS4" + std::string(secret_access_key), amz_date.substr(0, 8));
  Sha256Digest k_region = HmacSha256(DigestView(k_date), region);
  Sha256Digest k_service = HmacSha256(DigestView(k_region), service);
  return HmacSha256(DigestView(k_service), "aws4_request");
}

std::string AuthorizationHeader(const SigV4Credentials& credentials, const SigV4Request& request,
                                std::string_view amz_date, std::string_view region,
                                std::string_view service) {
  CanonicalRequest canonical = BuildCanonicalRequest(request);
  std::string scope = CredentialScope(amz_date, region, service);
  std::string to_sign = StringToSign(amz_date, scope, canonical.text);
  Sha256Digest key = SigningKey(credentials.secret_access_key, amz_date, region, service);
  std::string signature = HexEncode(HmacSha256(DigestView(key), to_sign));
  return "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + scope +
         ", SignedHeaders=" + canonical.signed_headers + ", Signature=" + signature;
}

std::string AmzDate(int64_t micros) {
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace strata::io::s3
