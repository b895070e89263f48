// Content-type detection helpers shared by DetectMime and ParseInput (DetectMime itself is
// declared in parsers/parser.h). The uri's extension is only a hint: libmagic decides, and the
// extension refines its generic answers (text/plain for a .md file is text/markdown).
// Stateless functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace strata::ingest {

/// The lowercased extension of the last path component of `uri`, without the dot; ?query and
/// #fragment are ignored. "" when there is none.
std::string UriExtension(std::string_view uri);

/// True when `extension` names a text format a text-family parser reads (txt, md, csv, ...).
bool IsTextExtension(std::string_view extension);

/// Refine libmagic's answer `magic` with the hint of `extension`; see DetectMime.
std::string RefineMime(std::string_view magic, std::string_view extension);

}  // namespace strata::ingest
