// Audio parser: decode (audio_decode.cc), transcribe with the configured engine
// (speech_*.cc), and lay the transcript out one segment a line. Each line is a Segment whose
// section is its start time, "t=12.3s": sections are what chunks carry into search results, so
// a hit in a recording says where in it the words were spoken.

#include <cstdio>
#include <string>

#include "ingest/parsers/audio_decode.h"
#include "ingest/parsers/media_parsers.h"
#include "ingest/parsers/speech_engine.h"

namespace strata::ingest {
namespace {

std::string Fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, value);
  return buffer;
}

std::string MimeFor(const std::string& format, const RawInput& input) {
  if (format == "WAV") return "audio/x-wav";
  if (format == "FLAC") return "audio/flac";
  if (format == "OGG") return "audio/ogg";
  return input.mime_hint.empty() ? "application/octet-stream" : input.mime_hint;
}

// Trim the spaces some servers put around segment text.
std::string Trimmed(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

void LayOut(const std::vector<TranscriptSegment>& transcript, Document* doc) {
  for (const TranscriptSegment& piece : transcript) {
    std::string line = Trimmed(piece.text);
    for (char& c : line) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    if (line.empty()) continue;
    if (!doc->text.empty()) doc->text.push_back('\n');
    Segment segment;
    segment.begin = static_cast<int64_t>(doc->text.size());
    doc->text += line;
    segment.end = static_cast<int64_t>(doc->text.size());
    segment.section = "t=" + Fixed(piece.start, 1) + "s";
    doc->segments.push_back(std::move(segment));
  }
}

class AudioParser final : public Parser {
 public:
  std::string_view name() const override { return "audio"; }

  Status Parse(const RawInput& input, const ParseContext& context,
               const DocumentSink& emit) const override {
    const TranscriptionOptions& options = context.options.transcription;
    if (options.engine != "pocketsphinx" && options.engine != "http") {
      return Status::InvalidArgument("audio: unknown transcription engine '" + options.engine +
                                     "' (pocketsphinx or http)");
    }
    STRATA_ASSIGN_OR_RETURN(
        DecodedAudio audio,
        DecodeAudio(input.content, context.options.limits.max_decompressed_bytes));
    STRATA_RETURN_IF_ERROR(CheckMediaDeadline(context, audio.format));
    std::vector<TranscriptSegment> transcript;
    if (options.engine == "http") {
      STRATA_ASSIGN_OR_RETURN(transcript,
                              TranscribeWithHttp(audio.samples, options, context.deadline));
    } else {
      STRATA_ASSIGN_OR_RETURN(transcript,
                              TranscribeWithPocketSphinx(audio.samples, context.deadline));
    }
    Document doc = DocumentFrom(input, MimeFor(audio.format, input));
    LayOut(transcript, &doc);
    doc.metadata["duration"] = Fixed(audio.duration_seconds, 3);
    doc.metadata["sample_rate"] = std::to_string(audio.source_rate);
    doc.metadata["channels"] = std::to_string(audio.channels);
    doc.metadata["engine"] = options.engine;
    if (options.engine == "http") doc.metadata["model"] = options.model;
    return emit(std::move(doc));
  }
};

}  // namespace

std::unique_ptr<Parser> MakeAudioParser() { return std::make_unique<AudioParser>(); }

}  // namespace strata::ingest
