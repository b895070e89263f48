// Media parsers: PDF (poppler), DOCX (libzip + libxml2), images (Tesseract OCR + libexif) and
// audio (libsndfile + libsamplerate, transcribed by PocketSphinx or an OpenAI-compatible HTTP
// endpoint). RegisterMediaParsers() (media_register.cc) puts them in a ParserRegistry by MIME
// type; the factories below also let tests and tools use one parser directly.
//
// Each parser turns one RawInput into exactly one Document:
//   pdf   - text of each page joined by "\n\n", one Segment per page (page = 1..N); title and
//           author/creator/producer/pages from the document info.
//   docx  - paragraphs as lines, table cells separated by tabs, one Segment per heading
//           section (section = "Title > Heading 1 > Heading 2"); title/author from core.xml.
//   image - OCR text (lines kept); width, height, ocr.confidence and "exif.<Tag>" metadata.
//   audio - transcript, one line per speech segment; each line is a Segment whose section is
//           its start time "t=12.3s" (the chunker keeps it, so a chunk cites where it was said);
//           duration, sample_rate, channels and engine metadata.
// Parsers are immutable and safe to use from many threads; the engines they wrap that are not
// (TessBaseAPI, the PocketSphinx decoder) are kept one per thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "common/status.h"
#include "ingest/parsers/parser.h"

namespace strata::ingest {

std::unique_ptr<Parser> MakePdfParser();
std::unique_ptr<Parser> MakeDocxParser();
std::unique_ptr<Parser> MakeImageParser();
std::unique_ptr<Parser> MakeAudioParser();

/// ResourceExhausted naming `what` once `context`'s deadline has passed, else OK.
inline Status CheckMediaDeadline(const ParseContext& context, std::string_view what) {
  if (std::chrono::steady_clock::now() <= context.deadline) return Status::OK();
  return Status::ResourceExhausted(std::string(what) + ": parse time limit max_time of " +
                                   std::to_string(context.options.limits.max_time.count()) +
                                   " ms exceeded");
}

}  // namespace strata::ingest
