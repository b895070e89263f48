// RowTemplate: the text of a document made from one CSV row or JSONL record. A template is
// literal text with {field} placeholders ({a.b} for a nested JSON field); "{{" and "}}" are
// literal braces; a field the row lacks renders empty. The empty template renders every field
// as a "field: value" line. RowDocument builds the document for a row: uri + "#row=N" (or
// "#line=N"), metadata = the source's metadata plus the row's fields, title from a chosen field.
// Immutable after Parse; safe to share between threads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "ingest/document.h"

namespace strata::ingest {

/// The fields of one row in their order: (name, value).
using RowFields = std::vector<std::pair<std::string, std::string>>;

class RowTemplate {
 public:
  /// Parse `text`; an unterminated '{' or an empty placeholder is InvalidArgument.
  static Result<RowTemplate> Parse(std::string_view text);

  /// Render with `fields`; `extra` holds values looked up by placeholders but not listed by the
  /// empty template (whole JSON objects and arrays, array elements).
  std::string Render(const RowFields& fields, const RowFields& extra = {}) const;

 private:
  struct Piece {
    std::string text;
    bool is_field = false;
  };
  std::vector<Piece> pieces_;
  bool empty_ = true;
};

/// What a row becomes: the template, the title field and the document's fixed parts.
struct RowDocumentSpec {
  const RawInput* input = nullptr;
  std::string mime;
  std::string uri_key;  // "row" or "line"
  const RowTemplate* row_template = nullptr;
  std::string title_field;
};

/// The document of row `number` with `fields` (and `extra`, see RowTemplate::Render).
Document RowDocument(const RowDocumentSpec& spec, int64_t number, const RowFields& fields,
                     const RowFields& extra = {});

}  // namespace strata::ingest
