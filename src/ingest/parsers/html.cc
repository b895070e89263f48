// The "html" parser: decode the page (BOM, <meta charset>, else UTF-8 or windows-1252), then
// extract its readable text, title and heading sections (html_text.h).
#include "ingest/parsers/charset.h"
#include "ingest/parsers/html_text.h"
#include "ingest/parsers/text_family.h"

namespace strata::ingest {
namespace {

class HtmlParser final : public Parser {
 public:
  std::string_view name() const override { return "html"; }

  Status Parse(const RawInput& input, const ParseContext& context,
               const DocumentSink& emit) const override {
    std::string charset = DeclaredHtmlCharset(input.content);
    STRATA_ASSIGN_OR_RETURN(std::string html, DecodeText(input.content, input.uri, charset));
    STRATA_ASSIGN_OR_RETURN(HtmlText extracted, ExtractHtmlText(html, context));
    Document doc = DocumentFrom(input, DocumentMime(input, context, "text/html"));
    doc.title = std::move(extracted.title);
    doc.text = std::move(extracted.text);
    doc.segments = std::move(extracted.segments);
    return emit(std::move(doc));
  }
};

}  // namespace

std::shared_ptr<const Parser> MakeHtmlParser() { return std::make_shared<HtmlParser>(); }

}  // namespace strata::ingest
