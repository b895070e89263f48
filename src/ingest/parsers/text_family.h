// The text-family parsers (text, markdown, html, csv, jsonl, email): factories that
// RegisterTextParsers() installs, and what they share. Each parser is immutable and may be used
// from many threads at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "ingest/parsers/parser.h"

namespace strata::ingest {

std::shared_ptr<const Parser> MakeTextParser();
std::shared_ptr<const Parser> MakeMarkdownParser();
std::shared_ptr<const Parser> MakeHtmlParser();
std::shared_ptr<const Parser> MakeCsvParser();
std::shared_ptr<const Parser> MakeJsonlParser();
std::shared_ptr<const Parser> MakeEmailParser();

/// The Document::mime for `input`: the type ParseInput dispatched on, else the source's hint,
/// else `fallback` (the parser's own type).
std::string DocumentMime(const RawInput& input, const ParseContext& context,
                         std::string_view fallback);

/// Check the deadline once every `every` calls with a running counter `n` (n % every == 0).
inline Status CheckDeadlineEvery(const ParseContext& context, int64_t n, int64_t every = 1024) {
  return n % every == 0 ? context.CheckDeadline() : Status::OK();
}

}  // namespace strata::ingest
