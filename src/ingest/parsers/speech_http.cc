// HTTP engine: one multipart POST per audio input with libcurl (no signals, bounded by the
// smaller of the transcription timeout and the parse deadline), verbose_json parsed with
// nlohmann::json. A reply without `segments` becomes one segment spanning the audio.

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "ingest/parsers/audio_decode.h"
#include "ingest/parsers/speech_engine.h"

namespace strata::ingest {
namespace {

constexpr size_t kMaxReplyBytes = 64u << 20;
constexpr size_t kExcerptBytes = 200;

struct CurlFree {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

size_t AppendReply(char* data, size_t size, size_t count, void* user) {
  auto* reply = static_cast<std::string*>(user);
  if (reply->size() + size * count > kMaxReplyBytes) return 0;  // aborts the transfer
  reply->append(data, size * count);
  return size * count;
}

std::string Excerpt(const std::string& body) {
  std::string out = body.substr(0, kExcerptBytes);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return body.size() > kExcerptBytes ? out + "..." : out;
}

curl_mime* BuildForm(CURL* curl, const std::string& wav, const TranscriptionOptions& options) {
  curl_mime* form = curl_mime_init(curl);
  curl_mimepart* file = curl_mime_addpart(form);
  curl_mime_name(file, "file");
  curl_mime_data(file, wav.data(), wav.size());
  curl_mime_filename(file, "audio.wav");
  curl_mime_type(file, "audio/wav");
  curl_mimepart* model = curl_mime_addpart(form);
  curl_mime_name(model, "model");
  curl_mime_data(model, options.model.c_str(), CURL_ZERO_TERMINATED);
  curl_mimepart* format = curl_mime_addpart(form);
  curl_mime_name(format, "response_format");
  curl_mime_data(format, "verbose_json", CURL_ZERO_TERMINATED);
  return form;
}

Status StatusForReply(const std::string& endpoint, long code, const std::string& body) {
  const std::string what = "audio: transcription server " + endpoint + " answered HTTP " +
                           std::to_string(code) + ": " + Excerpt(body);
  if (code >= 500 || code == 429) return Status::Unavailable(what);
  if (code == 401 || code == 403) return Status::Unauthenticated(what);
  return Status::InvalidArgument(what);
}

Result<std::vector<TranscriptSegment>> ParseReply(const std::string& endpoint,
                                                  const std::string& body, double duration) {
  nlohmann::json reply = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!reply.is_object() || !reply.contains("text") || !reply["text"].is_string()) {
    return Status::InvalidArgument("audio: transcription server " + endpoint +
                                   " sent no verbose_json with a text field: " + Excerpt(body));
  }
  std::vector<TranscriptSegment> segments;
  const nlohmann::json& list = reply.contains("segments") ? reply["segments"] : nlohmann::json();
  if (!list.is_array()) {
    segments.push_back({0, duration, reply["text"].get<std::string>()});
    return segments;
  }
  for (const nlohmann::json& s : list) {
    if (!s.is_object() || !s.contains("text") || !s["text"].is_string() ||
        !s.value("start", nlohmann::json()).is_number() ||
        !s.value("end", nlohmann::json()).is_number()) {
      return Status::InvalidArgument("audio: transcription server " + endpoint +
                                     " sent a segment without start, end and text: " +
                                     Excerpt(s.dump()));
    }
    segments.push_back({s["start"].get<double>(), s["end"].get<double>(),
                        s["text"].get<std::string>()});
  }
  return segments;
}

}  // namespace

Result<std::vector<TranscriptSegment>> TranscribeWithHttp(
    const std::vector<int16_t>& samples, const TranscriptionOptions& options,
    std::chrono::steady_clock::time_point deadline) {
  if (options.url.empty()) {
    return Status::InvalidArgument("audio: transcription engine http needs a url");
  }
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::string endpoint = options.url;
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  endpoint += "/v1/audio/transcriptions";
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  const int64_t timeout_ms = std::max<int64_t>(1, std::min(options.timeout.count(), left.count()));

  std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
  if (!curl) return Status::Internal("audio: libcurl failed to initialize");
  const std::string wav = EncodeWav(samples, kSpeechSampleRate);
  std::unique_ptr<curl_mime, CurlFree> form(BuildForm(curl.get(), wav, options));
  std::unique_ptr<curl_slist, CurlFree> headers;
  if (!options.api_key.empty()) {
    headers.reset(curl_slist_append(nullptr, ("Authorization: Bearer " + options.api_key).c_str()));
  }
  std::string body;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl.get(), CURLOPT_URL, endpoint.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MIMEPOST, form.get());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min<int64_t>(timeout_ms, 30'000)));
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &AppendReply);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK) {
    std::string why = error[0] != '\0' ? error : curl_easy_strerror(rc);
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      why = "timed out after " + std::to_string(timeout_ms) + " ms (" + why + ")";
    }
    return Status::Unavailable("audio: transcription request to " + endpoint + " failed: " + why);
  }
  long code = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &code);
  if (code != 200) return StatusForReply(endpoint, code, body);
  return ParseReply(endpoint, body, static_cast<double>(samples.size()) / kSpeechSampleRate);
}

}  // namespace strata::ingest
