// Document and RawInput: what sources produce and parsers turn into text (DESIGN §3, §5).
//
// A source yields RawInputs: the raw bytes of one object (a file, a row, a stream message) with
// its identity (source name + uri) and row labels. A parser turns one RawInput into one or more
// Documents (a CSV file yields a document per row): UTF-8 text plus structure — Segments that
// mark sections (heading path) and pages — and string metadata (EXIF, e-mail headers, row
// fields). Offsets everywhere are byte offsets into the UTF-8 `text` (see docs/ingestion.md).
// Value types; no thread-safety concerns beyond those of std::string.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata::ingest {

/// Row labels set at the source and copied to every derived row (DESIGN §3). Empty = unset.
struct Labels {
  std::string tenant;
  std::vector<std::string> groups;
  std::string classification;
};

/// The raw bytes of one object read by a source, before parsing.
struct RawInput {
  std::string source;      // the source's name (documents.source)
  std::string uri;         // stable identity of the object within the source
  std::string content;     // the bytes
  std::string mime_hint;   // the source's idea of the type ("" = sniff); the parser may disagree
  Labels labels;
  std::map<std::string, std::string> metadata;  // source-level metadata (mtime, row columns...)
};

/// A span of a document's text that belongs to one section and/or page. A document's segments
/// are ordered and do not overlap; text outside every segment has no section and no page.
struct Segment {
  int64_t begin = 0;    // byte offset into Document::text
  int64_t end = 0;      // exclusive
  std::string section;  // heading path, "Intro > Setup"; empty = none
  int32_t page = 0;     // 1-based page number; 0 = none
};

struct Document {
  std::string source;
  std::string uri;
  std::string mime;
  std::string title;
  std::string text;     // UTF-8
  int64_t bytes = 0;    // size of the raw input this document came from
  std::map<std::string, std::string> metadata;
  Labels labels;
  std::vector<Segment> segments;
};

/// doc_id of DESIGN §3: hex of the first 16 bytes of SHA-256(source + "\0" + uri).
std::string DocIdFor(std::string_view source, std::string_view uri);

/// A document for `input` with its identity, labels, size and metadata copied, and no text.
Document DocumentFrom(const RawInput& input, std::string mime);

}  // namespace strata::ingest
