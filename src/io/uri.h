// URI parsing for store locations: "scheme://authority/path" or a plain local path.
//
// Only what OpenStore needs: the scheme, the authority (an S3 bucket or a memory store name) and
// the path after it. Percent-encoding is not decoded; store URIs are plain ASCII paths.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace strata::io {

struct Uri {
  std::string scheme;     // lower-case, e.g. "s3"; empty for a plain path
  std::string authority;  // text between "://" and the next '/'
  std::string path;       // after the authority, without the leading '/'
};

/// Return the lower-cased scheme of `uri` ("s3" for "s3://b/p"), or "" for a plain path.
std::string UriScheme(std::string_view uri);

/// Split `uri` into scheme, authority and path. A plain path has an empty scheme and authority
/// and `path` equal to the input.
Result<Uri> ParseUri(std::string_view uri);

}  // namespace strata::io
