// The structure of an Internet message (RFC 5322) and its MIME entities (RFC 2045/2046): a
// header block with folded fields, the body, parameterised header values (Content-Type,
// Content-Disposition, with RFC 2231 extended and continued parameters), and the parts of a
// multipart body. Views point into the caller's buffer, which must outlive them.
// Stateless functions; safe from any thread.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace strata::ingest {

struct HeaderField {
  std::string name;   // lowercased
  std::string value;  // unfolded (line breaks removed), not yet decoded
};

struct MimeEntity {
  std::vector<HeaderField> headers;
  std::string_view body;

  /// The first field named `name` (lowercase); nullptr when absent.
  const std::string* Find(std::string_view name) const;
};

/// Split `raw` into its header fields and body. For a whole message (`message` true) the first
/// line must be a header field (an mbox "From " line before it is skipped); a MIME part may have
/// no header fields. A line that is neither a field nor a continuation starts the body.
Result<MimeEntity> ParseEntity(std::string_view raw, bool message);

/// A parameterised header value: "text/plain; charset=utf-8" or "attachment; filename=a.pdf".
struct HeaderParams {
  std::string value;                          // the part before the first ';', lowercased
  std::map<std::string, std::string> params;  // names lowercased; values unquoted, UTF-8 for
                                              // RFC 2231 extended ones
};

HeaderParams ParseHeaderParams(std::string_view field);

/// The body parts of a multipart `body` delimited by "--boundary" lines (preamble and epilogue
/// dropped; a missing close delimiter ends the last part at the end of the body).
std::vector<std::string_view> SplitMultipart(std::string_view body, std::string_view boundary);

}  // namespace strata::ingest
