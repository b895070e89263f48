// Character decoding for the text-family parsers (text, Markdown, HTML, CSV, JSONL, e-mail).
//
// Every parser of this family turns its bytes into UTF-8 here: a byte-order mark is honoured and
// stripped, binary content (NUL bytes, many control bytes) is refused with a message naming the
// file's extension, and text that is not UTF-8 is read as windows-1252 (the superset of Latin-1
// that browsers and mail readers use for "iso-8859-1"). Other charsets go through glibc's iconv.
// Stateless functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace strata::ingest {

/// True when `bytes` is entirely valid UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

/// Convert `bytes` labelled `charset` (an IANA name, any case; "" = UTF-8) to UTF-8. Invalid
/// sequences become U+FFFD; a charset iconv does not know is read as UTF-8 with the same repair.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

/// True when `content` looks binary: it holds a NUL byte, or more than 5% control bytes.
bool LooksBinary(std::string_view content);

/// Decode the content of a text input named `uri`: strip a UTF-8 BOM (or convert UTF-16 with a
/// BOM), refuse binary content ("binary content in a .txt file"), and read the rest as
/// `declared_charset` when given, else as UTF-8 — as windows-1252 when invalid UTF-8 dominates,
/// with stray invalid bytes repaired to U+FFFD otherwise.
Result<std::string> DecodeText(std::string_view content, std::string_view uri,
                               std::string_view declared_charset = {});

}  // namespace strata::ingest
