// The "jsonl" parser: every non-blank line is a JSON object that becomes a document rendered
// through ParserOptions::row_template, with uri "#line=N" (N the 1-based line number). Nested
// fields are addressed by dotted path ({user.name}, {tags.0}); an array of scalars is also
// one field joined by ", " ({tags}); a whole object or array renders as compact JSON. Leaf
// fields become metadata. A line that is not a JSON object is an error naming its number.
#include <simdjson.h>

#include "ingest/parsers/charset.h"
#include "ingest/parsers/row_template.h"
#include "ingest/parsers/text_family.h"

namespace strata::ingest {
namespace {

namespace dom = simdjson::dom;

bool IsScalar(dom::element e) {
  return !e.is_object() && !e.is_array();
}

std::string ScalarText(dom::element e) {
  switch (e.type()) {
    case dom::element_type::STRING: {
      std::string_view text;
      if (e.get_string().get(text) != simdjson::SUCCESS) return "";
      return std::string(text);
    }
    case dom::element_type::NULL_VALUE:
      return "";
    default:
      return simdjson::minify(e);
  }
}

std::string Join(const std::string& prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

// Flattens a record into leaf `fields` and lookup-only `extra` (see the file comment) within a
// byte budget, so that a small line with long keys over deep or wide nesting cannot expand
// quadratically. Containers deeper than kMaxDepth become one compact-JSON leaf; only the top
// kMaxCompositeDepth levels of containers are also rendered whole.
class Flattener {
 public:
  static constexpr int kMaxDepth = 32;
  static constexpr int kMaxCompositeDepth = 3;

  explicit Flattener(size_t line_size) : budget_(8 * line_size + (64 << 10)) {}

  bool Flatten(dom::element e, const std::string& path, int depth) {
    if (IsScalar(e) || depth > kMaxDepth) {
      return Add(&fields, path, IsScalar(e) ? ScalarText(e) : simdjson::minify(e));
    }
    if (!Charge(path.size() + 16)) return false;  // paths of empty containers cost too
    if (depth > 0 && depth <= kMaxCompositeDepth && !Add(&extra, path, simdjson::minify(e))) {
      return false;
    }
    if (e.is_object()) {
      dom::object object;
      if (e.get_object().get(object) != simdjson::SUCCESS) return false;
      for (dom::key_value_pair field : object) {
        if (!Flatten(field.value, Join(path, field.key), depth + 1)) return false;
      }
      return true;
    }
    dom::array array;
    if (e.get_array().get(array) != simdjson::SUCCESS) return false;
    return FlattenArray(array, path, depth);
  }

  RowFields fields, extra;

 private:
  bool FlattenArray(dom::array array, const std::string& path, int depth) {
    bool scalars = true;
    std::string joined;
    size_t index = 0;
    for (dom::element item : array) {
      std::string item_path = Join(path, std::to_string(index++));
      if (!IsScalar(item)) {
        scalars = false;
        if (!Flatten(item, item_path, depth + 1)) return false;
        continue;
      }
      std::string value = ScalarText(item);
      if (!joined.empty()) joined += ", ";
      joined += value;
      if (!Add(&extra, std::move(item_path), std::move(value))) return false;
    }
    return !scalars || Add(&fields, path, std::move(joined));
  }

  bool Charge(size_t cost) {
    if (cost > budget_) return false;
    budget_ -= cost;
    return true;
  }

  bool Add(RowFields* out, std::string path, std::string value) {
    if (!Charge(path.size() + value.size() + 16)) return false;
    out->emplace_back(std::move(path), std::move(value));
    return true;
  }

  size_t budget_;
};

class JsonlParser final : public Parser {
 public:
  std::string_view name() const override { return "jsonl"; }

  Status Parse(const RawInput& input, const ParseContext& context,
               const DocumentSink& emit) const override {
    STRATA_ASSIGN_OR_RETURN(RowTemplate row_template,
                            RowTemplate::Parse(context.options.row_template));
    STRATA_ASSIGN_OR_RETURN(std::string text, DecodeText(input.content, input.uri));
    RowDocumentSpec spec{&input, DocumentMime(input, context, "application/jsonl"), "line",
                         &row_template, context.options.title_field};
    dom::parser parser;
    int64_t records = 0;
    size_t pos = 0;
    for (int64_t line_number = 1; pos < text.size(); ++line_number) {
      size_t nl = text.find('\n', pos);
      size_t end = nl == std::string::npos ? text.size() : nl;
      std::string_view line(text.data() + pos, end - pos);
      pos = nl == std::string::npos ? text.size() : nl + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      if (++records > context.options.limits.max_documents) {
        return Status::ResourceExhausted("line " + std::to_string(line_number) +
                                         ": more than max_documents=" +
                                         std::to_string(context.options.limits.max_documents) +
                                         " records");
      }
      STRATA_RETURN_IF_ERROR(CheckDeadlineEvery(context, records));
      STRATA_RETURN_IF_ERROR(ParseLine(parser, line, line_number, spec, emit));
    }
    return Status::OK();
  }

 private:
  static Status ParseLine(dom::parser& parser, std::string_view line, int64_t line_number,
                          const RowDocumentSpec& spec, const DocumentSink& emit) {
    dom::element record;
    if (auto error = parser.parse(line.data(), line.size()).get(record); error) {
      return Status::InvalidArgument("line " + std::to_string(line_number) + ": " +
                                     simdjson::error_message(error));
    }
    if (!record.is_object()) {
      return Status::InvalidArgument("line " + std::to_string(line_number) +
                                     ": expected a JSON object");
    }
    Flattener flattener(line.size());
    if (!flattener.Flatten(record, "", 0)) {
      return Status::ResourceExhausted("line " + std::to_string(line_number) +
                                       ": the record's flattened fields exceed 8 times its size");
    }
    return emit(RowDocument(spec, line_number, flattener.fields, flattener.extra));
  }
};

}  // namespace

std::shared_ptr<const Parser> MakeJsonlParser() { return std::make_shared<JsonlParser>(); }

}  // namespace strata::ingest
