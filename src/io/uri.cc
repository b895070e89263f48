#include "io/uri.h"

#include <cctype>

namespace strata::io {

std::string UriScheme(std::string_view uri) {
  size_t sep = uri.find("://");
  if (sep == std::string_view::npos || sep == 0) return {};
  if (!std::isalpha(static_cast<unsigned char>(uri[0]))) return {};
  std::string scheme;
  for (size_t i = 0; i < sep; ++i) {
    unsigned char c = static_cast<unsigned char>(uri[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return {};
    scheme.push_back(static_cast<char>(std::tolower(c)));
  }
  return scheme;
}

Result<Uri> ParseUri(std::string_view uri) {
  Uri out;
  out.scheme = UriScheme(uri);
  if (out.scheme.empty()) {
    if (uri.find("://") != std::string_view::npos) {
      return Status::InvalidArgument("malformed URI scheme in '" + std::string(uri) + "'");
    }
    out.path = std::string(uri);
    return out;
  }
  std::string_view rest = uri.substr(out.scheme.size() + 3);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) {
    out.authority = std::string(rest);
  } else {
    out.authority = std::string(rest.substr(0, slash));
    out.path = std::string(rest.substr(slash + 1));
  }
  return out;
}

}  // namespace strata::io
