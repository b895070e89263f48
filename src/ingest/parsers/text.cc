// The "text" parser: one document whose text is the decoded content (UTF-8, or windows-1252
// when invalid UTF-8 dominates; BOM stripped; binary content refused).
#include "ingest/parsers/charset.h"
#include "ingest/parsers/text_family.h"

namespace strata::ingest {
namespace {

class TextParser final : public Parser {
 public:
  std::string_view name() const override { return "text"; }

  Status Parse(const RawInput& input, const ParseContext& context,
               const DocumentSink& emit) const override {
    STRATA_ASSIGN_OR_RETURN(std::string text, DecodeText(input.content, input.uri));
    Document doc = DocumentFrom(input, DocumentMime(input, context, "text/plain"));
    doc.text = std::move(text);
    return emit(std::move(doc));
  }
};

}  // namespace

std::shared_ptr<const Parser> MakeTextParser() { return std::make_shared<TextParser>(); }

}  // namespace strata::ingest
