#include "ingest/document.h"

#include "common/hash.h"

namespace strata::ingest {

std::string DocIdFor(std::string_view source, std::string_view uri) {
  std::string key;
  key.reserve(source.size() + 1 + uri.size());
  key.append(source);
  key.push_back('\0');
  key.append(uri);
  return Sha256Hex(key).substr(0, 32);
}

Document DocumentFrom(const RawInput& input, std::string mime) {
  Document doc;
  doc.source = input.source;
  doc.uri = input.uri;
  doc.mime = std::move(mime);
  doc.bytes = static_cast<int64_t>(input.content.size());
  doc.metadata = input.metadata;
  doc.labels = input.labels;
  return doc;
}

}  // namespace strata::ingest
