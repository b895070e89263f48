// HTML text extraction with libxml2's forgiving HTML parser: the readable text of a page with
// boilerplate dropped (script, style, noscript, nav, footer, aside, form, template, svg, a
// <header> that holds a <nav>, elements hidden or with a navigation role), block elements as
// line breaks, whitespace collapsed outside <pre>, entities decoded, and h1-h6 as Segments with
// their heading path. Used by the html parser and for the HTML parts of e-mail.
// Thread-safety: ExtractHtmlText may run on many threads at once (libxml2 is initialised once).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "ingest/document.h"
#include "ingest/parsers/parser.h"

namespace strata::ingest {

struct HtmlText {
  std::string title;  // <title>, else the first <h1>
  std::string text;
  std::vector<Segment> segments;
};

/// Extract the text of `html`, which must be UTF-8. Checks `context`'s deadline as it walks.
Result<HtmlText> ExtractHtmlText(std::string_view html, const ParseContext& context);

/// The charset an HTML page declares in a <meta> within its first 4 KiB ("" when none).
std::string DeclaredHtmlCharset(std::string_view html);

}  // namespace strata::ingest
