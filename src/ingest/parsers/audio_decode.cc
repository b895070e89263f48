#include "ingest/parsers/audio_decode.h"

#include <samplerate.h>
#include <sndfile.h>

#include <cstring>

namespace strata::ingest {
namespace {

// A read-only libsndfile virtual file over borrowed bytes.
struct MemoryFile {
  std::string_view bytes;
  sf_count_t position = 0;
};

sf_count_t MemLength(void* user) {
  return static_cast<sf_count_t>(static_cast<MemoryFile*>(user)->bytes.size());
}

sf_count_t MemSeek(sf_count_t offset, int whence, void* user) {
  auto* file = static_cast<MemoryFile*>(user);
  const auto size = static_cast<sf_count_t>(file->bytes.size());
  sf_count_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? file->position : size;
  sf_count_t target = base + offset;
  if (target < 0 || target > size) return -1;
  file->position = target;
  return target;
}

sf_count_t MemRead(void* out, sf_count_t count, void* user) {
  auto* file = static_cast<MemoryFile*>(user);
  const auto size = static_cast<sf_count_t>(file->bytes.size());
  sf_count_t n = std::max<sf_count_t>(0, std::min(count, size - file->position));
  std::memcpy(out, file->bytes.data() + file->position, static_cast<size_t>(n));
  file->position += n;
  return n;
}

sf_count_t MemWrite(const void*, sf_count_t, void*) { return 0; }
sf_count_t MemTell(void* user) { return static_cast<MemoryFile*>(user)->position; }

// Read every frame of `sound`, averaging the channels, into `mono`.
Status ReadMono(SNDFILE* sound, const SF_INFO& info, const std::string& format,
                int64_t max_decoded_bytes, std::vector<float>* mono) {
  const int channels = info.channels;
  std::vector<float> frames(static_cast<size_t>(4096) * channels);
  while (true) {
    sf_count_t n = sf_readf_float(sound, frames.data(), 4096);
    if (n <= 0) break;
    if (static_cast<int64_t>(mono->size() + n) * channels * 4 > max_decoded_bytes) {
      return Status::ResourceExhausted(format + ": decoded audio passes " +
                                       std::to_string(max_decoded_bytes) +
                                       " bytes (limit max_decompressed_bytes)");
    }
    for (sf_count_t f = 0; f < n; ++f) {
      float sum = 0;
      for (int c = 0; c < channels; ++c) sum += frames[f * channels + c];
      mono->push_back(sum / static_cast<float>(channels));
    }
  }
  if (sf_error(sound) != SF_ERR_NO_ERROR) {
    return Status::Corruption(format + ": audio stream is damaged (" + sf_strerror(sound) + ")");
  }
  return Status::OK();
}

Result<std::vector<float>> Resample(std::vector<float> mono, int rate, const std::string& format) {
  if (rate == kSpeechSampleRate || mono.empty()) return mono;
  const double ratio = static_cast<double>(kSpeechSampleRate) / rate;
  std::vector<float> out(static_cast<size_t>(mono.size() * ratio) + 16);
  SRC_DATA data{};
  data.data_in = mono.data();
  data.input_frames = static_cast<long>(mono.size());
  data.data_out = out.data();
  data.output_frames = static_cast<long>(out.size());
  data.src_ratio = ratio;
  data.end_of_input = 1;
  if (int rc = src_simple(&data, SRC_SINC_MEDIUM_QUALITY, 1); rc != 0) {
    return Status::Internal(format + ": resampling from " + std::to_string(rate) +
                            " Hz failed: " + src_strerror(rc));
  }
  out.resize(static_cast<size_t>(data.output_frames_gen));
  return out;
}

void PutLittleEndian(std::string* out, uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

}  // namespace

std::string AudioFormatName(std::string_view bytes) {
  if (bytes.starts_with("RIFF") || bytes.starts_with("RIFX")) return "WAV";
  if (bytes.starts_with("fLaC")) return "FLAC";
  if (bytes.starts_with("OggS")) return "OGG";
  if (bytes.starts_with("FORM")) return "AIFF";
  return "audio";
}

Result<DecodedAudio> DecodeAudio(std::string_view bytes, int64_t max_decoded_bytes) {
  DecodedAudio audio;
  audio.format = AudioFormatName(bytes);
  MemoryFile file{bytes};
  SF_VIRTUAL_IO io{&MemLength, &MemSeek, &MemRead, &MemWrite, &MemTell};
  SF_INFO info{};
  SNDFILE* sound = sf_open_virtual(&io, SFM_READ, &info, &file);
  if (sound == nullptr) {
    return Status::Corruption(audio.format + ": cannot decode audio (" + sf_strerror(nullptr) +
                              ")");
  }
  if (info.channels <= 0 || info.samplerate <= 0 || info.channels > 64) {
    sf_close(sound);
    return Status::Corruption(audio.format + ": implausible header (" +
                              std::to_string(info.channels) + " channels, " +
                              std::to_string(info.samplerate) + " Hz)");
  }
  std::vector<float> mono;
  Status read = ReadMono(sound, info, audio.format, max_decoded_bytes, &mono);
  sf_close(sound);
  STRATA_RETURN_IF_ERROR(read);
  audio.source_rate = info.samplerate;
  audio.channels = info.channels;
  audio.duration_seconds = static_cast<double>(mono.size()) / info.samplerate;
  STRATA_ASSIGN_OR_RETURN(std::vector<float> resampled,
                          Resample(std::move(mono), info.samplerate, audio.format));
  audio.samples.resize(resampled.size());
  src_float_to_short_array(resampled.data(), audio.samples.data(),
                           static_cast<int>(resampled.size()));
  return audio;
}

std::string EncodeWav(const std::vector<int16_t>& samples, int sample_rate) {
  const uint32_t data_bytes = static_cast<uint32_t>(samples.size() * 2);
  std::string out = "RIFF";
  PutLittleEndian(&out, 36 + data_bytes, 4);
  out += "WAVEfmt ";
  PutLittleEndian(&out, 16, 4);                            // fmt chunk size
  PutLittleEndian(&out, 1, 2);                             // PCM
  PutLittleEndian(&out, 1, 2);                             // mono
  PutLittleEndian(&out, static_cast<uint32_t>(sample_rate), 4);
  PutLittleEndian(&out, static_cast<uint32_t>(sample_rate) * 2, 4);  // byte rate
  PutLittleEndian(&out, 2, 2);                             // block align
  PutLittleEndian(&out, 16, 2);                            // bits per sample
  out += "data";
  PutLittleEndian(&out, data_bytes, 4);
  for (int16_t s : samples) PutLittleEndian(&out, static_cast<uint16_t>(s), 2);
  return out;
}

}  // namespace strata::ingest
