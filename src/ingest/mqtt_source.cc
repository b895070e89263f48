// The mqtt kind: a libmosquitto client subscribed to topic filters, turning JSON messages into
// documents.
//
// The client connects on first use and runs mosquitto's network thread; messages land in a
// queue that readers drain. A document is one message by default; with `batch` N it holds N
// messages (fewer when no more arrive within `wait`), with `window` W the messages that arrived
// within W seconds of its first one (at most `batch` when batch is set too). Its text is each
// message's payload (or the template rendered over the payload's JSON fields) joined by
// newlines; its uri "mqtt://host:port/<topic>#<arrival ms>-<seq>" names its first message. A
// single-message document carries the payload's top-level JSON fields as metadata.
// Delivery: libmosquitto acknowledges a QoS 1/2 message on arrival, so a message received but
// not yet committed is lost on a crash; a `client_id` makes the broker keep messages that
// arrive while the source is offline (persistent session).
#include <mosquitto.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "ingest/record_template.h"
#include "ingest/source_kinds.h"

namespace strata::ingest {
namespace {

struct MqttSettings {
  std::string host = "127.0.0.1";
  int port = 1883;
  std::vector<std::string> topics;
  int qos = 1;
  int64_t batch = 1;
  bool batch_set = false;
  std::chrono::milliseconds window{0};
  std::chrono::milliseconds wait{1000};
  std::string text_template;
  std::string client_id;
};

struct Message {
  std::string topic;
  std::string payload;
  int64_t arrival_ms = 0;
  int64_t seq = 0;
};

using Clock = std::chrono::steady_clock;

class MqttSource;

class MqttReader : public SplitReader {
 public:
  explicit MqttReader(MqttSource* source) : source_(source) {}
  Result<std::optional<SourceItem>> Next() override;

 private:
  MqttSource* source_;
};

class MqttSource : public Source {
 public:
  MqttSource(SourceConfig config, MqttSettings s) : Source(std::move(config)), s_(std::move(s)) {}
  ~MqttSource() override { Disconnect(); }

  Result<std::vector<Split>> ListSplits() override {
    STRATA_RETURN_IF_ERROR(Connect());
    return std::vector<Split>{{"mqtt:" + std::to_string(++splits_), -1}};
  }
  Result<std::unique_ptr<SplitReader>> Open(const Split&) override {
    STRATA_RETURN_IF_ERROR(Connect());
    return std::unique_ptr<SplitReader>(new MqttReader(this));
  }
  Result<std::vector<Split>> WaitForSplits(std::chrono::milliseconds timeout) override {
    STRATA_RETURN_IF_ERROR(Connect());
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, timeout, [&] { return !queue_.empty() || !error_.ok(); })) {
      return std::vector<Split>{};
    }
    if (!error_.ok()) return error_;
    return std::vector<Split>{{"mqtt:" + std::to_string(++splits_), -1}};
  }

  /// The next document, or nullopt when no message arrived within `wait`.
  Result<std::optional<SourceItem>> NextDocument();

 private:
  std::string Who() const { return "mqtt source '" + config().name + "'"; }
  Status Connect();
  void Disconnect() {
    if (mosq_ == nullptr) return;
    mosquitto_disconnect(mosq_);
    mosquitto_loop_stop(mosq_, false);
    mosquitto_destroy(mosq_);
    mosq_ = nullptr;
  }
  /// Pop a message, waiting until `deadline`.
  std::optional<Message> Pop(Clock::time_point deadline);
  SourceItem ToItem(const std::vector<Message>& messages) const;

  static void OnConnect(mosquitto* m, void* self, int rc) {
    static_cast<MqttSource*>(self)->Connected(m, rc);
  }
  static void OnSubscribe(mosquitto*, void* self, int, int, const int*) {
    auto* source = static_cast<MqttSource*>(self);
    std::lock_guard<std::mutex> lock(source->mu_);
    ++source->subscribed_;
    source->cv_.notify_all();
  }
  static void OnMessage(mosquitto*, void* self, const mosquitto_message* msg) {
    auto* source = static_cast<MqttSource*>(self);
    std::lock_guard<std::mutex> lock(source->mu_);
    source->queue_.push_back({msg->topic, std::string(static_cast<const char*>(msg->payload),
                                                      static_cast<size_t>(msg->payloadlen)),
                              NowMillis(), ++source->seq_});
    source->cv_.notify_all();
  }
  void Connected(mosquitto* m, int rc) {
    if (rc != 0) {
      std::lock_guard<std::mutex> lock(mu_);
      error_ = Status::Unavailable(Who() + ": broker refused the connection: " +
                                   mosquitto_connack_string(rc));
      cv_.notify_all();
      return;
    }
    for (const std::string& topic : s_.topics) {
      mosquitto_subscribe(m, nullptr, topic.c_str(), s_.qos);
    }
  }

  MqttSettings s_;
  mosquitto* mosq_ = nullptr;
  int64_t splits_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Message> queue_;
  size_t subscribed_ = 0;
  int64_t seq_ = 0;
  Status error_;
};

Status MqttSource::Connect() {
  if (mosq_ != nullptr) return Status::OK();
  static std::once_flag init;
  std::call_once(init, [] { mosquitto_lib_init(); });
  mosq_ = mosquitto_new(s_.client_id.empty() ? nullptr : s_.client_id.c_str(),
                        s_.client_id.empty(), this);
  if (mosq_ == nullptr) return Status::Internal(Who() + ": mosquitto_new failed");
  mosquitto_connect_callback_set(mosq_, OnConnect);
  mosquitto_subscribe_callback_set(mosq_, OnSubscribe);
  mosquitto_message_callback_set(mosq_, OnMessage);
  std::string where = s_.host + ":" + std::to_string(s_.port);
  int rc = mosquitto_connect(mosq_, s_.host.c_str(), s_.port, 60);
  if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_loop_start(mosq_);
  if (rc != MOSQ_ERR_SUCCESS) {
    mosquitto_destroy(mosq_);
    mosq_ = nullptr;
    return Status::Unavailable(Who() + ": cannot connect to " + where + ": " +
                               (rc == MOSQ_ERR_ERRNO ? std::strerror(errno) : mosquitto_strerror(rc)));
  }
  // Wait for every SUBACK, so that nothing published after Connect() is missed.
  Status result;
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::seconds(10),
                      [&] { return subscribed_ >= s_.topics.size() || !error_.ok(); })) {
      result = Status::Unavailable(Who() + ": no subscription acknowledgement from " + where);
    } else {
      result = error_;
    }
  }
  if (!result.ok()) {  // start afresh on the next call
    Disconnect();
    std::lock_guard<std::mutex> lock(mu_);
    error_ = Status::OK();
    subscribed_ = 0;
  }
  return result;
}

std::optional<Message> MqttSource::Pop(Clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!cv_.wait_until(lock, deadline, [&] { return !queue_.empty(); })) return std::nullopt;
  Message m = std::move(queue_.front());
  queue_.pop_front();
  return m;
}

Result<std::optional<SourceItem>> MqttSource::NextDocument() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!error_.ok()) return error_;
  }
  std::optional<Message> first = Pop(Clock::now() + s_.wait);
  if (!first) return std::optional<SourceItem>();
  std::vector<Message> messages{std::move(*first)};
  Clock::time_point window_end = Clock::now() + s_.window;
  int64_t cap = s_.window.count() > 0 && !s_.batch_set ? INT64_MAX : s_.batch;
  while (static_cast<int64_t>(messages.size()) < cap) {
    auto deadline = s_.window.count() > 0 ? window_end : Clock::now() + s_.wait;
    std::optional<Message> next = Pop(deadline);
    if (!next) break;
    messages.push_back(std::move(*next));
  }
  return std::optional<SourceItem>(ToItem(messages));
}

SourceItem MqttSource::ToItem(const std::vector<Message>& messages) const {
  SourceItem item;
  const Message& first = messages.front();
  item.input.source = config().name;
  item.input.uri = "mqtt://" + s_.host + ":" + std::to_string(s_.port) + "/" + first.topic + "#" +
                   std::to_string(first.arrival_ms) + "-" + std::to_string(first.seq);
  item.input.labels = config().labels;
  item.input.mime_hint = s_.text_template.empty() ? "" : "text/plain";
  for (const Message& m : messages) {
    nlohmann::json json = nlohmann::json::parse(m.payload, nullptr, /*allow_exceptions=*/false);
    if (!s_.text_template.empty() && !json.is_object()) {
      item.error = Status::InvalidArgument("message on '" + m.topic + "' at " +
                                           std::to_string(m.arrival_ms) +
                                           " is not a JSON object, which the template needs");
      item.input.content.clear();
      item.input.metadata.clear();
      return item;
    }
    auto field = [&](std::string_view name) -> std::optional<std::string> {
      auto it = json.find(std::string(name));
      if (it == json.end() || it->is_null()) return std::nullopt;
      return it->is_string() ? it->get<std::string>() : it->dump();
    };
    if (!item.input.content.empty()) item.input.content += "\n";
    item.input.content += s_.text_template.empty() ? m.payload : RenderTemplate(s_.text_template, field);
    if (messages.size() == 1 && json.is_object()) {
      for (auto it = json.begin(); it != json.end(); ++it) {
        item.input.metadata[it.key()] = *field(it.key());
      }
    }
  }
  item.input.metadata["topic"] = first.topic;
  item.input.metadata["received_at"] = FormatTimestampMicros(first.arrival_ms * 1000);
  item.input.metadata["messages"] = std::to_string(messages.size());
  return item;
}

Result<std::optional<SourceItem>> MqttReader::Next() { return source_->NextDocument(); }

}  // namespace

Result<std::unique_ptr<Source>> MakeMqttSource(const SourceConfig& config) {
  SourceOptions options(config);
  STRATA_RETURN_IF_ERROR(options.CheckKnown({"host", "port", "topics", "qos", "batch", "window",
                                             "template", "client_id", "wait"}));
  MqttSettings s;
  s.host = options.Get("host", s.host);
  STRATA_ASSIGN_OR_RETURN(int64_t port, options.Int("port", 1883, 1, 65535));
  s.port = static_cast<int>(port);
  s.topics = options.List("topics");
  if (s.topics.empty()) return Status::InvalidArgument(options.Who() + ": option 'topics' is required");
  STRATA_ASSIGN_OR_RETURN(int64_t qos, options.Int("qos", 1, 0, 2));
  s.qos = static_cast<int>(qos);
  s.batch_set = options.Has("batch");
  STRATA_ASSIGN_OR_RETURN(s.batch, options.Int("batch", 1, 1, 1000000));
  STRATA_ASSIGN_OR_RETURN(s.window, options.Seconds("window", 0));
  STRATA_ASSIGN_OR_RETURN(s.wait, options.Seconds("wait", 1.0));
  s.text_template = options.Get("template");
  s.client_id = options.Get("client_id");
  return std::unique_ptr<Source>(new MqttSource(config, std::move(s)));
}

}  // namespace strata::ingest
