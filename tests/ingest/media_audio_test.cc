// AudioParser: PocketSphinx on speech that Festival synthesizes from known sentences (word
// accuracy = 1 - WER printed and checked), the HTTP engine against transcription_server.mjs on
// loopback (request shape, 500, auth, timeout), and undecodable input.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <iostream>

#include "ingest/corpus.h"
#include "ingest/parsers/media_parsers.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

using namespace testing_corpus;

const char kSpeech[] =
    "The weather today is sunny and warm. We will walk to the park after lunch. "
    "My brother likes to read books about history and science. Please call me when you "
    "arrive at the station tomorrow morning. Thank you very much.";

// A 16-bit PCM WAV of `seconds` of a 440 Hz tone at `rate` Hz with `channels` channels,
// written byte by byte here (not by the code under test).
std::string ToneWav(int rate, int channels, double seconds) {
  const uint32_t frames = static_cast<uint32_t>(rate * seconds);
  const uint32_t data = frames * channels * 2;
  std::string wav;
  auto put = [&](uint32_t v, int n) {
    for (int i = 0; i < n; ++i) wav.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  wav += "RIFF"; put(36 + data, 4); wav += "WAVEfmt "; put(16, 4); put(1, 2); put(channels, 2);
  put(rate, 4); put(rate * channels * 2, 4); put(channels * 2, 2); put(16, 2);
  wav += "data"; put(data, 4);
  for (uint32_t f = 0; f < frames; ++f) {
    const auto s = static_cast<int16_t>(8000 * std::sin(2 * M_PI * 440 * f / rate));
    for (int c = 0; c < channels; ++c) put(static_cast<uint16_t>(s), 2);
  }
  return wav;
}

// transcription_server.mjs on a free loopback port, stopped (by its pid) at destruction.
class TranscriptionServer {
 public:
  ~TranscriptionServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }

  Status Start(const std::vector<std::string>& extra_args) {
    // Tests run from the repository root (WORKING_DIRECTORY); __FILE__ may be relative to the
    // build folder under ccache's base_dir, so it cannot locate the script.
    const std::string script = "tests/ingest/transcription_server.mjs";
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) return Status::IOError("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(pipe_fds[1], STDOUT_FILENO);
      close(pipe_fds[0]);
      std::vector<std::string> argv_s = {"node", script};
      argv_s.insert(argv_s.end(), extra_args.begin(), extra_args.end());
      std::vector<char*> argv;
      for (std::string& a : argv_s) argv.push_back(a.data());
      argv.push_back(nullptr);
      execvp("node", argv.data());
      _exit(127);
    }
    close(pipe_fds[1]);
    out_ = pipe_fds[0];
    return ReadPort();
  }

  std::string url(const std::string& mode = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + mode;
  }

 private:
  Status ReadPort() {
    std::string line;
    while (line.find('\n') == std::string::npos) {
      pollfd fd{out_, POLLIN, 0};
      if (poll(&fd, 1, 15'000) <= 0) return Status::Unavailable("server did not print its port");
      char buffer[64];
      ssize_t n = read(out_, buffer, sizeof(buffer));
      if (n <= 0) return Status::Unavailable("server exited before printing its port");
      line.append(buffer, static_cast<size_t>(n));
    }
    if (!line.starts_with("PORT ")) return Status::Internal("unexpected server output: " + line);
    port_ = std::stoi(line.substr(5));
    return Status::OK();
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
};

ParserOptions HttpOptions(const std::string& url) {
  ParserOptions options;
  options.transcription.engine = "http";
  options.transcription.url = url;
  options.transcription.model = "whisper-test";
  options.transcription.timeout = std::chrono::milliseconds(20'000);
  return options;
}

class MediaAudioHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveTool("node")) GTEST_SKIP() << "node is not installed";
    ASSERT_OK(server_.Start({"--model", "whisper-test"}));
  }
  TranscriptionServer server_;
  std::unique_ptr<Parser> parser_ = MakeAudioParser();
  // Stereo 44.1 kHz: the server sees it only after mixdown, resampling and WAV encoding.
  std::string tone_ = ToneWav(44100, 2, 2.0);
};

TEST_F(MediaAudioHttpTest, SendsSixteenKiloHertzMonoWavAndReadsSegments) {
  ASSERT_OK_AND_ASSIGN(Document doc, ParseOne(*parser_, tone_, HttpOptions(server_.url())));
  EXPECT_EQ(doc.text, "first half\nsecond half");
  ASSERT_EQ(doc.segments.size(), 2u);
  EXPECT_EQ(doc.segments[0].section, "t=0.0s");
  EXPECT_EQ(SegmentText(doc, doc.segments[0]), "first half");
  EXPECT_EQ(doc.segments[1].section, "t=1.0s");  // the server's half of what it received
  EXPECT_EQ(SegmentText(doc, doc.segments[1]), "second half");
  EXPECT_EQ(doc.metadata["duration"], "2.000");
  EXPECT_EQ(doc.metadata["sample_rate"], "44100");
  EXPECT_EQ(doc.metadata["channels"], "2");
  EXPECT_EQ(doc.metadata["engine"], "http");
  EXPECT_EQ(doc.mime, "audio/x-wav");
}

TEST_F(MediaAudioHttpTest, RejectedRequestNamesStatusAndBody) {
  ParserOptions options = HttpOptions(server_.url());
  options.transcription.model = "other-model";
  Result<Document> doc = ParseOne(*parser_, tone_, options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(doc.status().message().find("HTTP 400"), std::string::npos) << doc.status();
  EXPECT_NE(doc.status().message().find("model must be whisper-test"), std::string::npos)
      << doc.status();
}

TEST_F(MediaAudioHttpTest, ServerErrorIsUnavailable) {
  Result<Document> doc = ParseOne(*parser_, tone_, HttpOptions(server_.url("/fail")));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(doc.status().message().find("HTTP 500: engine exploded"), std::string::npos)
      << doc.status();
  EXPECT_NE(doc.status().message().find(server_.url("/fail/v1/audio/transcriptions")),
            std::string::npos) << doc.status();
}

TEST_F(MediaAudioHttpTest, HangingServerTimesOut) {
  ParserOptions options = HttpOptions(server_.url("/hang"));
  options.transcription.timeout = std::chrono::milliseconds(1000);
  const auto start = std::chrono::steady_clock::now();
  Result<Document> doc = ParseOne(*parser_, tone_, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(doc.status().message().find("timed out after 1000 ms"), std::string::npos)
      << doc.status();
  EXPECT_LT(seconds, 5.0);
}

TEST_F(MediaAudioHttpTest, BearerTokenIsSent) {
  TranscriptionServer guarded;
  ASSERT_OK(guarded.Start({"--model", "whisper-test", "--api-key", "s3cret"}));
  ParserOptions options = HttpOptions(guarded.url());
  Result<Document> anonymous = ParseOne(*parser_, tone_, options);
  ASSERT_FALSE(anonymous.ok());
  EXPECT_EQ(anonymous.status().code(), StatusCode::kUnauthenticated) << anonymous.status();
  options.transcription.api_key = "s3cret";
  ASSERT_OK_AND_ASSIGN(Document doc, ParseOne(*parser_, tone_, options));
  EXPECT_EQ(doc.segments.size(), 2u);
}

TEST(MediaAudioTest, PocketSphinxTranscribesFestivalSpeech) {
  if (!HaveTool("text2wave")) GTEST_SKIP() << "festival (text2wave) is not installed";
  const std::string dir = strata::testing::MakeTempDir("strata-audio");
  WriteFileBytes(dir + "/speech.txt", kSpeech);
  auto made = Shell("text2wave -eval '(voice_cmu_us_slt_arctic_hts)' -o " + dir +
                    "/speech.wav " + dir + "/speech.txt 2>&1");
  ASSERT_EQ(made.exit_code, 0) << made.out;
  auto parser = MakeAudioParser();
  ASSERT_OK_AND_ASSIGN(Document doc, ParseOne(*parser, ReadFileBytes(dir + "/speech.wav")));
  const double accuracy = WordAccuracy(kSpeech, doc.text);
  std::cout << "PocketSphinx word accuracy (1 - WER) on " << Words(kSpeech).size()
            << " words of Festival speech: " << accuracy * 100 << "%\n"
            << "transcript:\n" << doc.text << "\n";
  RecordProperty("speech_word_accuracy", std::to_string(accuracy));
  EXPECT_GE(accuracy, 0.80);
  EXPECT_EQ(doc.metadata["engine"], "pocketsphinx");
  EXPECT_EQ(doc.metadata["channels"], "1");
  ASSERT_FALSE(doc.segments.empty());
  EXPECT_EQ(doc.segments.front().section.substr(0, 2), "t=");
  double last = -1;
  for (const Segment& s : doc.segments) {
    const double t = std::stod(s.section.substr(2));
    EXPECT_GT(t, last) << s.section;
    last = t;
  }
  EXPECT_LT(last, std::stod(doc.metadata["duration"]));
}

TEST(MediaAudioTest, GarbageIsCorruptionNamingTheFormat) {
  auto parser = MakeAudioParser();
  const char header[] = "RIFF\x10\0\0\0WAVEjunkjunkjunk";
  std::string garbage = std::string(header, sizeof(header) - 1) + std::string(100, '\x7f');
  Result<Document> doc = ParseOne(*parser, garbage);
  ASSERT_FALSE(doc.ok());
  std::cout << "garbage WAV: " << doc.status() << "\n";
  EXPECT_EQ(doc.status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(doc.status().message().starts_with("WAV: cannot decode audio")) << doc.status();
  Result<Document> noise = ParseOne(*parser, std::string(4096, '\x55'));
  ASSERT_FALSE(noise.ok());
  EXPECT_EQ(noise.status().code(), StatusCode::kCorruption) << noise.status();
}

TEST(MediaAudioTest, DecodedSizeLimit) {
  auto parser = MakeAudioParser();
  ParserOptions options;
  options.limits.max_decompressed_bytes = 100'000;  // < 2 s x 44100 x 2 channels x 4 bytes
  Result<Document> doc = ParseOne(*parser, ToneWav(44100, 2, 2.0), options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kResourceExhausted) << doc.status();
}

}  // namespace
}  // namespace strata::ingest
