// Parser: turns one RawInput into Documents. Parsers are registered by name and MIME type in a
// ParserRegistry; ParseInput() sniffs the content with libmagic (the uri's extension is only a
// hint), picks the parser, and enforces the per-document limits (DESIGN §5).
//
// A parser reports a bad input as a Status naming the problem ("PDF: xref table is damaged",
// "DOCX: word/document.xml missing"); the caller adds the uri and quarantines the input. Parsers
// never throw: exceptions of the libraries they wrap are caught inside the adapter.
// Thread-safety: parsers and a filled registry are immutable and used from many threads at once.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "ingest/document.h"

namespace strata::ingest {

/// Per-document limits. Exceeding one is ResourceExhausted naming the limit and the value.
struct ParseLimits {
  int64_t max_bytes = 64ll << 20;               // raw input size
  int64_t max_pages = 2000;                     // PDF pages, DOCX sections counted as pages
  int64_t max_decompressed_bytes = 256ll << 20;  // zip members, compressed streams (zip bombs)
  std::chrono::milliseconds max_time{120'000};  // wall time of one Parse call
  int64_t max_documents = 10'000'000;           // rows of one CSV/JSONL input
};

/// How audio is transcribed.
struct TranscriptionOptions {
  std::string engine = "pocketsphinx";  // "pocketsphinx" (offline) or "http"
  std::string url;                      // http: base URL; POST {url}/v1/audio/transcriptions
  std::string model = "whisper-1";      // http: the `model` form field
  std::string api_key;                  // http: Bearer token; empty = none
  std::chrono::milliseconds timeout{300'000};
};

struct ParserOptions {
  ParseLimits limits;
  /// CSV/JSONL: a row becomes a document whose text is this template with {field} replaced by
  /// the row's field (missing fields are empty). Empty: "field: value" lines of every field.
  std::string row_template;
  /// CSV/JSONL: the field that titles the document (optional).
  std::string title_field;
  std::string ocr_language = "eng";
  TranscriptionOptions transcription;
};

/// Context of one Parse call: options and the deadline derived from limits.max_time.
struct ParseContext {
  const ParserOptions& options;
  std::chrono::steady_clock::time_point deadline;
  /// The type ParseInput dispatched on (detected or the hint), recorded as Document::mime;
  /// empty when a parser is called directly, which then falls back to the hint or its own type.
  std::string mime;
  /// DeadlineExceeded-like ResourceExhausted status once past the deadline, else OK.
  Status CheckDeadline() const;
};

using DocumentSink = std::function<Status(Document)>;

class Parser {
 public:
  virtual ~Parser() = default;
  /// The parser's name ("text", "markdown", "html", "pdf", ...).
  virtual std::string_view name() const = 0;
  /// Parse `input` and pass each document to `emit`, stopping at the first error either returns.
  virtual Status Parse(const RawInput& input, const ParseContext& context,
                       const DocumentSink& emit) const = 0;
};

class ParserRegistry {
 public:
  /// Register `parser` for each MIME type in `mimes` (exact, or a "type/*" wildcard).
  void Register(std::shared_ptr<const Parser> parser, const std::vector<std::string>& mimes);
  /// The parser for `mime`: exact match first, then "type/*"; nullptr when none.
  const Parser* ForMime(std::string_view mime) const;
  /// The parser named `name`; nullptr when none.
  const Parser* ByName(std::string_view name) const;

  /// The process-wide registry with every built-in parser registered.
  static const ParserRegistry& Default();

 private:
  std::map<std::string, std::shared_ptr<const Parser>, std::less<>> by_mime_;
  std::map<std::string, std::shared_ptr<const Parser>, std::less<>> by_name_;
};

/// Register the built-in parsers: text, markdown, html, csv, jsonl, email (parsers/text_*.cc,
/// parsers/html.cc, ...) and pdf, docx, image, audio (parsers/media_*.cc).
void RegisterTextParsers(ParserRegistry* registry);
void RegisterMediaParsers(ParserRegistry* registry);

/// The MIME type of `content`: libmagic's answer, refined by the extension of `uri` where
/// libmagic is generic (text/plain for .md is text/markdown; .jsonl is application/jsonl).
Result<std::string> DetectMime(std::string_view content, std::string_view uri);

/// Detect the type (unless `input.mime_hint` is set), check the size limit, parse with the
/// registered parser, and check the deadline. Errors name the uri and the parser.
Status ParseInput(const ParserRegistry& registry, const RawInput& input,
                  const ParserOptions& options, const DocumentSink& emit);

}  // namespace strata::ingest
