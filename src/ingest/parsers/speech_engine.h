// Speech engines that turn 16 kHz mono PCM into timed transcript segments:
//   pocketsphinx - offline, Debian's US-English acoustic model, language model and dictionary;
//                  one decoder per thread (initialization takes about a second).
//   http         - an OpenAI-compatible server (whisper.cpp, faster-whisper, OpenAI): POST
//                  {url}/v1/audio/transcriptions, multipart form with the audio as a 16 kHz mono
//                  WAV, `model`, response_format=verbose_json; reads `text` and `segments`.
// Both are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "ingest/parsers/parser.h"

namespace strata::ingest {

struct TranscriptSegment {
  double start = 0;  // seconds from the beginning of the audio
  double end = 0;
  std::string text;
};

/// Transcribe with PocketSphinx. NotSupported when the Debian model files are missing.
Result<std::vector<TranscriptSegment>> TranscribeWithPocketSphinx(
    const std::vector<int16_t>& samples, std::chrono::steady_clock::time_point deadline);

/// Transcribe through the HTTP endpoint of `options`, within `options.timeout` and `deadline`.
/// Unavailable for timeouts, refused connections and 5xx answers (retryable); Unauthenticated
/// for 401/403; InvalidArgument for other non-200 answers and malformed replies. Messages name
/// the URL, the HTTP status and the start of the body.
Result<std::vector<TranscriptSegment>> TranscribeWithHttp(
    const std::vector<int16_t>& samples, const TranscriptionOptions& options,
    std::chrono::steady_clock::time_point deadline);

}  // namespace strata::ingest
