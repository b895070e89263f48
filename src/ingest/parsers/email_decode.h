// Decoders for e-mail content: the quoted-printable and base64 transfer encodings (RFC 2045)
// and encoded words in header fields (RFC 2047, "=?utf-8?Q?caf=C3=A9?="). Lenient as mail
// readers are: stray characters in base64 are skipped, a malformed "=XX" in quoted-printable is
// kept literally, a malformed encoded word is left as it is. Stateless; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace strata::ingest {

std::string DecodeQuotedPrintable(std::string_view encoded);
std::string DecodeBase64(std::string_view encoded);

/// Decode an unstructured header value to UTF-8: RFC 2047 encoded words are decoded and
/// converted from their charset (whitespace between adjacent encoded words is dropped), raw
/// 8-bit bytes are read as UTF-8 or else windows-1252, and runs of whitespace (left by header
/// folding) become one space.
std::string DecodeHeaderValue(std::string_view value);

}  // namespace strata::ingest
