// The "csv" parser: the first record is the header; every later non-blank record is a document
// rendered through ParserOptions::row_template, with uri "#row=N" (N counts data rows from 1)
// and the row's fields as metadata. The delimiter is sniffed (TAB for text/tab-separated-values).
#include <map>
#include <set>

#include "ingest/parsers/charset.h"
#include "ingest/parsers/csv_reader.h"
#include "ingest/parsers/row_template.h"
#include "ingest/parsers/text_family.h"

namespace strata::ingest {
namespace {

// Header names made usable as keys: empty ones become column_<i>, repeats get _2, _3, ...
std::vector<std::string> HeaderNames(std::vector<std::string> header) {
  std::set<std::string> seen;
  std::map<std::string, int> next_suffix;  // keeps repeated names linear
  for (size_t i = 0; i < header.size(); ++i) {
    std::string& name = header[i];
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.erase(0, 1);
    if (name.empty()) name = "column_" + std::to_string(i + 1);
    std::string unique = name;
    for (int& k = next_suffix.try_emplace(name, 2).first->second; seen.count(unique) > 0; ++k) {
      unique = name + "_" + std::to_string(k);
    }
    name = unique;
    seen.insert(name);
  }
  return header;
}

bool AllEmpty(const std::vector<std::string>& fields) {
  for (const std::string& f : fields) {
    if (!f.empty()) return false;
  }
  return true;
}

// The row's fields by header name. A short row lists only the fields it has (the template
// renders the others empty), so a wide header costs nothing on short rows.
RowFields ZipRow(const std::vector<std::string>& header, std::vector<std::string>* values) {
  RowFields fields;
  fields.reserve(values->size());
  for (size_t i = 0; i < values->size(); ++i) {
    std::string name = i < header.size() ? header[i] : "column_" + std::to_string(i + 1);
    fields.emplace_back(std::move(name), std::move((*values)[i]));
  }
  return fields;
}

class CsvParser final : public Parser {
 public:
  std::string_view name() const override { return "csv"; }

  Status Parse(const RawInput& input, const ParseContext& context,
               const DocumentSink& emit) const override {
    STRATA_ASSIGN_OR_RETURN(RowTemplate row_template,
                            RowTemplate::Parse(context.options.row_template));
    STRATA_ASSIGN_OR_RETURN(std::string text, DecodeText(input.content, input.uri));
    RowDocumentSpec spec{&input, DocumentMime(input, context, "text/csv"), "row", &row_template,
                         context.options.title_field};
    char delimiter = spec.mime == "text/tab-separated-values" ? '\t' : SniffDelimiter(text);
    CsvReader reader(text, delimiter);
    std::vector<std::string> values;
    STRATA_ASSIGN_OR_RETURN(bool any, reader.Next(&values));
    while (any && AllEmpty(values)) {  // blank lines before the header
      STRATA_ASSIGN_OR_RETURN(any, reader.Next(&values));
    }
    if (!any) return Status::OK();
    std::vector<std::string> header = HeaderNames(std::move(values));
    const int64_t max_documents = context.options.limits.max_documents;
    for (int64_t row = 0;;) {
      STRATA_ASSIGN_OR_RETURN(bool more, reader.Next(&values));
      if (!more) return Status::OK();
      if (AllEmpty(values)) continue;
      if (++row > max_documents) {
        return Status::ResourceExhausted("line " + std::to_string(reader.line()) +
                                         ": more than max_documents=" +
                                         std::to_string(max_documents) + " rows");
      }
      STRATA_RETURN_IF_ERROR(CheckDeadlineEvery(context, row));
      STRATA_RETURN_IF_ERROR(emit(RowDocument(spec, row, ZipRow(header, &values))));
    }
  }
};

}  // namespace

std::shared_ptr<const Parser> MakeCsvParser() { return std::make_shared<CsvParser>(); }

}  // namespace strata::ingest
