// Audio decoding for transcription: any format libsndfile reads from memory (WAV, FLAC, OGG
// Vorbis, AIFF, ...), mixed down to mono and resampled to 16 kHz 16-bit PCM with libsamplerate,
// the input both speech engines expect; and the inverse, a 16 kHz mono WAV file for the HTTP
// engine's upload. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace strata::ingest {

constexpr int kSpeechSampleRate = 16000;

struct DecodedAudio {
  std::vector<int16_t> samples;  // mono, kSpeechSampleRate
  std::string format;            // "WAV", "FLAC", "OGG", ... (for messages and metadata)
  int source_rate = 0;           // sample rate of the input
  int channels = 0;              // channels of the input
  double duration_seconds = 0;
};

/// "WAV", "FLAC", "OGG" or "audio", by the magic bytes of `bytes`.
std::string AudioFormatName(std::string_view bytes);

/// Decode `bytes`. Corruption "<FORMAT>: cannot decode audio (...)" for unreadable input;
/// ResourceExhausted when the decoded samples pass `max_decoded_bytes` (4 bytes a sample).
Result<DecodedAudio> DecodeAudio(std::string_view bytes, int64_t max_decoded_bytes);

/// A RIFF/WAVE file of 16-bit PCM mono `samples` at `sample_rate`.
std::string EncodeWav(const std::vector<int16_t>& samples, int sample_rate);

}  // namespace strata::ingest
