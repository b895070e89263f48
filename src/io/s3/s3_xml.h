// The little XML that S3 speaks: ListObjectsV2 results, multipart upload replies and error
// documents. Not a general XML parser: it finds elements by tag name (ignoring attributes and
// the prolog), decodes the five predefined entities, numeric character references and CDATA,
// and reports truncated or unbalanced documents as Corruption instead of guessing.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace strata::io::s3 {

/// The raw inner text of every <tag>...</tag> (or empty <tag/>) in `xml`, in document order.
/// Elements of the same name must not nest (true of every S3 reply this reads).
Result<std::vector<std::string_view>> XmlElements(std::string_view xml, std::string_view tag);
/// The decoded text of the first <tag> element, or nullopt when there is none.
Result<std::optional<std::string>> XmlText(std::string_view xml, std::string_view tag);
/// Decode entities, character references and CDATA sections.
Result<std::string> XmlDecode(std::string_view text);
/// Escape &, <, >, " and ' for use in element text.
std::string XmlEscape(std::string_view text);

struct ListedObject {
  std::string key;
  int64_t size = 0;
  std::string last_modified;  // ISO 8601 as sent
};

struct ListPage {
  std::vector<ListedObject> objects;
  bool truncated = false;
  std::string next_continuation_token;
};

/// Parse a ListBucketResult (ListObjectsV2) document.
Result<ListPage> ParseListPage(std::string_view xml);

}  // namespace strata::io::s3
