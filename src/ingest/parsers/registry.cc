// ParserRegistry, the parse deadline, and ParseInput: detect, check limits, dispatch.
#include <cctype>

#include "ingest/parsers/detect.h"
#include "ingest/parsers/parser.h"
#include "ingest/parsers/text_family.h"

namespace strata::ingest {
namespace {

// "Text/HTML; charset=UTF-8" -> "text/html".
std::string NormalizeMime(std::string_view mime) {
  mime = mime.substr(0, mime.find(';'));
  while (!mime.empty() && std::isspace(static_cast<unsigned char>(mime.back()))) {
    mime.remove_suffix(1);
  }
  while (!mime.empty() && std::isspace(static_cast<unsigned char>(mime.front()))) {
    mime.remove_prefix(1);
  }
  std::string out(mime);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

void ParserRegistry::Register(std::shared_ptr<const Parser> parser,
                              const std::vector<std::string>& mimes) {
  for (const std::string& mime : mimes) by_mime_[NormalizeMime(mime)] = parser;
  std::string name(parser->name());
  by_name_[name] = std::move(parser);
}

const Parser* ParserRegistry::ForMime(std::string_view mime) const {
  std::string key = NormalizeMime(mime);
  if (auto it = by_mime_.find(key); it != by_mime_.end()) return it->second.get();
  size_t slash = key.find('/');
  if (slash == std::string::npos) return nullptr;
  if (auto it = by_mime_.find(key.substr(0, slash) + "/*"); it != by_mime_.end()) {
    return it->second.get();
  }
  return nullptr;
}

const Parser* ParserRegistry::ByName(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second.get();
}

Status ParseContext::CheckDeadline() const {
  // A default (zero) deadline means none: a context built by hand without one.
  if (deadline == std::chrono::steady_clock::time_point{}) return Status::OK();
  if (std::chrono::steady_clock::now() <= deadline) return Status::OK();
  return Status::ResourceExhausted("time limit max_time=" +
                                   std::to_string(options.limits.max_time.count()) +
                                   " ms exceeded");
}

std::string DocumentMime(const RawInput& input, const ParseContext& context,
                         std::string_view fallback) {
  if (!context.mime.empty()) return context.mime;
  if (!input.mime_hint.empty()) return NormalizeMime(input.mime_hint);
  return std::string(fallback);
}

void RegisterTextParsers(ParserRegistry* registry) {
  registry->Register(MakeTextParser(), {"text/plain", "text/*", "application/json"});
  registry->Register(MakeMarkdownParser(), {"text/markdown", "text/x-markdown"});
  registry->Register(MakeHtmlParser(), {"text/html", "application/xhtml+xml"});
  registry->Register(MakeCsvParser(), {"text/csv", "text/tab-separated-values", "application/csv"});
  registry->Register(MakeJsonlParser(),
                     {"application/jsonl", "application/x-ndjson", "application/x-jsonlines"});
  registry->Register(MakeEmailParser(), {"message/rfc822"});
}

Status ParseInput(const ParserRegistry& registry, const RawInput& input,
                  const ParserOptions& options, const DocumentSink& emit) {
  const ParseLimits& limits = options.limits;
  auto size = static_cast<int64_t>(input.content.size());
  if (size > limits.max_bytes) {
    return Status::ResourceExhausted(input.uri + ": input is " + std::to_string(size) +
                                     " bytes, over the limit max_bytes=" +
                                     std::to_string(limits.max_bytes));
  }
  std::string mime = NormalizeMime(input.mime_hint);
  if (mime.empty()) {
    auto detected = DetectMime(input.content, input.uri);
    if (!detected.ok()) return detected.status().WithContext(input.uri);
    mime = std::move(detected).value();
  }
  const Parser* parser = registry.ForMime(mime);
  if (parser == nullptr) {
    std::string ext = UriExtension(input.uri);
    if (mime == "application/octet-stream" && IsTextExtension(ext)) {
      return Status::InvalidArgument(input.uri + ": binary content in a ." + ext +
                                     " file (detected application/octet-stream)");
    }
    return Status::NotSupported(input.uri + ": no parser for " + mime);
  }
  ParseContext context{options, std::chrono::steady_clock::now() + limits.max_time, mime};
  Status sink_error;
  DocumentSink guarded = [&](Document doc) {
    Status st = emit(std::move(doc));
    if (!st.ok()) sink_error = st;
    return st;
  };
  Status st = parser->Parse(input, context, guarded);
  if (st.ok()) st = context.CheckDeadline();
  if (st.ok() || !sink_error.ok()) return st;  // the sink's own errors pass through unchanged
  return st.WithContext(input.uri + ": " + std::string(parser->name()));
}

}  // namespace strata::ingest
