// PocketSphinx engine: the audio is cut into utterances of at most kMaxUtteranceSeconds at its
// quietest moments, each decoded in one pass; the recognized words (fillers and silences
// dropped) are grouped into segments wherever the speaker pauses for kPauseSeconds or more.

#include <pocketsphinx.h>
#include <err.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>

#include "ingest/parsers/audio_decode.h"
#include "ingest/parsers/speech_engine.h"

namespace strata::ingest {
namespace {

constexpr const char* kModelDir = "/usr/share/pocketsphinx/model/en-us";
constexpr double kFramesPerSecond = 100.0;  // PocketSphinx's default -frate
constexpr size_t kMaxUtteranceSeconds = 20;
constexpr size_t kMinUtteranceSeconds = 12;
constexpr double kPauseSeconds = 0.35;
constexpr double kMaxSegmentSeconds = 12.0;

struct DecoderFree {
  void operator()(ps_decoder_t* ps) const { ps_free(ps); }
};

Result<ps_decoder_t*> ThreadDecoder() {
  thread_local std::unique_ptr<ps_decoder_t, DecoderFree> decoder;
  if (decoder) return decoder.get();
  static std::once_flag quiet;
  std::call_once(quiet, [] { err_set_logfp(nullptr); });
  const std::string dir = kModelDir;
  const std::string hmm = dir + "/en-us", lm = dir + "/en-us.lm.bin",
                    dict = dir + "/cmudict-en-us.dict";
  for (const std::string& path : {hmm, lm, dict}) {
    if (!std::filesystem::exists(path)) {
      return Status::NotSupported("audio: PocketSphinx model file " + path +
                                  " is missing (install pocketsphinx-en-us)");
    }
  }
  cmd_ln_t* config = cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", hmm.c_str(), "-lm",
                                 lm.c_str(), "-dict", dict.c_str(), "-logfn", "/dev/null",
                                 nullptr);
  if (config == nullptr) return Status::Internal("audio: PocketSphinx rejected its configuration");
  decoder.reset(ps_init(config));
  cmd_ln_free_r(config);  // the decoder holds its own reference
  if (!decoder) return Status::Internal("audio: PocketSphinx decoder failed to initialize");
  return decoder.get();
}

// End of the utterance starting at `begin`: the quietest 20 ms window between the minimum and
// maximum utterance length, or the end of the audio when it is near.
size_t UtteranceEnd(const std::vector<int16_t>& samples, size_t begin) {
  const size_t rate = kSpeechSampleRate;
  if (samples.size() - begin <= kMaxUtteranceSeconds * rate) return samples.size();
  const size_t window = rate / 50;
  size_t best = begin + kMaxUtteranceSeconds * rate;
  int64_t best_energy = INT64_MAX;
  for (size_t at = begin + kMinUtteranceSeconds * rate;
       at + window <= begin + kMaxUtteranceSeconds * rate; at += window) {
    int64_t energy = 0;
    for (size_t i = at; i < at + window; ++i) energy += int64_t{samples[i]} * samples[i];
    if (energy < best_energy) best_energy = energy, best = at + window / 2;
  }
  return best;
}

// "word(2)" is the dictionary's second pronunciation of "word".
std::string BaseWord(const char* word) {
  std::string w = word;
  if (size_t paren = w.find('('); paren != std::string::npos && paren > 0) w.resize(paren);
  return w;
}

// Append the words of the decoded utterance starting at `offset` seconds to `segments`.
void CollectWords(ps_decoder_t* ps, double offset, std::vector<TranscriptSegment>* segments) {
  bool open = false;
  for (ps_seg_t* seg = ps_seg_iter(ps); seg != nullptr; seg = ps_seg_next(seg)) {
    const char* word = ps_seg_word(seg);
    if (word == nullptr || word[0] == '<' || word[0] == '[' || word[0] == '+') continue;
    int start_frame = 0, end_frame = 0;
    ps_seg_frames(seg, &start_frame, &end_frame);
    const double start = offset + start_frame / kFramesPerSecond;
    const double end = offset + (end_frame + 1) / kFramesPerSecond;
    if (!open || start - segments->back().end >= kPauseSeconds ||
        end - segments->back().start > kMaxSegmentSeconds) {
      segments->push_back(TranscriptSegment{start, end, BaseWord(word)});
      open = true;
    } else {
      segments->back().end = end;
      segments->back().text += " " + BaseWord(word);
    }
  }
}

}  // namespace

Result<std::vector<TranscriptSegment>> TranscribeWithPocketSphinx(
    const std::vector<int16_t>& samples, std::chrono::steady_clock::time_point deadline) {
  STRATA_ASSIGN_OR_RETURN(ps_decoder_t * ps, ThreadDecoder());
  std::vector<TranscriptSegment> segments;
  for (size_t begin = 0; begin < samples.size();) {
    if (std::chrono::steady_clock::now() > deadline) {
      return Status::ResourceExhausted("audio: transcription passed the time limit max_time");
    }
    const size_t end = UtteranceEnd(samples, begin);
    if (ps_start_utt(ps) < 0) return Status::Internal("audio: PocketSphinx cannot start");
    const int rc = ps_process_raw(ps, samples.data() + begin, end - begin, FALSE, TRUE);
    ps_end_utt(ps);
    if (rc < 0) return Status::Internal("audio: PocketSphinx failed to decode an utterance");
    CollectWords(ps, static_cast<double>(begin) / kSpeechSampleRate, &segments);
    begin = end;
  }
  return segments;
}

}  // namespace strata::ingest
