// Text normalization (DESIGN §5): invalid UTF-8 repaired (each bad byte becomes U+FFFD), Unicode
// NFKC (utf8proc), control characters other than \n and \t removed, \r\n and \r to \n, runs of
// spaces/tabs collapsed to one space, trailing spaces dropped, more than two newlines in a row
// collapsed to two. Segment offsets are carried through so sections and pages stay exact:
// NormalizeDocument normalizes each segment and each gap between segments on its own (NFKC
// never composes across a boundary) while the whitespace pass runs across the boundaries, so
// the text equals NormalizeText(text) unless a boundary falls before a combining mark or
// inside a UTF-8 sequence. ASCII runs skip
// utf8proc (ASCII is NFKC already).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "ingest/document.h"

namespace strata::process {

/// Normalize `text` as above.
std::string NormalizeText(std::string_view text);

/// Replace every byte of `text` that does not belong to a well-formed UTF-8 sequence (Unicode
/// Table 3-7: no overlongs, surrogates or code points above U+10FFFF) by U+FFFD.
std::string RepairUtf8(std::string_view text);

/// Normalize doc->text and doc->title in place; segments are remapped to the new offsets.
void NormalizeDocument(ingest::Document* doc);

}  // namespace strata::process
