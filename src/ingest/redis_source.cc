// The redis kind: one consumer of a consumer group on one stream, at-least-once with the txn
// mark making it effectively exactly-once (source.h).
//
// Restore() creates the group if needed (XGROUP CREATE ... MKSTREAM; BUSYGROUP is fine), then
// re-reads this consumer's pending entries (XREADGROUP ... 0): those at or below the committed
// txn version were committed before a crash and are acknowledged and dropped, the rest are
// emitted again before any new entry. Every split reads new entries (XREADGROUP ... >) until a
// read brings nothing within `block` (or after 100 reads); WaitForSplits blocks on the same read
// and hands what arrived to the next split. Checkpoint().txn is the version of the last emitted
// id; Acknowledge() XACKs everything emitted up to the last Checkpoint().
#include <algorithm>
#include <deque>
#include <mutex>

#include "ingest/redis_client.h"
#include "ingest/source_kinds.h"

namespace strata::ingest {
namespace {

constexpr int kMaxReadsPerSplit = 100;

struct RedisSettings {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string stream, group = "strata", consumer = "strata", field, start = "0";
  int64_t count = 100;
  std::chrono::milliseconds block{1000};
};

class RedisSource;

class RedisReader : public SplitReader {
 public:
  RedisReader(RedisSource* source, int64_t max_items) : source_(source), max_items_(max_items) {}
  Result<std::optional<SourceItem>> Next() override;

 private:
  RedisSource* source_;
  std::unique_ptr<RedisClient> client_;  // this reader's connection, opened on first read
  int64_t max_items_;  // after these, only queued entries: a split ends on a busy stream
  int64_t items_ = 0;
  bool exhausted_ = false;
};

class RedisSource : public Source {
 public:
  RedisSource(SourceConfig config, RedisSettings s) : Source(std::move(config)), s_(std::move(s)) {}

  std::optional<std::string> TxnAppId() const override {
    return "redis:" + s_.stream + ":" + s_.group;
  }

  Status Restore(const std::string& state, int64_t committed_txn_version) override;

  Result<std::vector<Split>> ListSplits() override {
    if (!restored_) STRATA_RETURN_IF_ERROR(Restore("", -1));
    return std::vector<Split>{{"redis:" + s_.stream + ":" + std::to_string(++splits_), -1}};
  }

  Result<std::unique_ptr<SplitReader>> Open(const Split&) override {
    return std::unique_ptr<SplitReader>(new RedisReader(this, s_.count * kMaxReadsPerSplit));
  }

  Result<std::vector<Split>> WaitForSplits(std::chrono::milliseconds timeout) override {
    if (!restored_) STRATA_RETURN_IF_ERROR(Restore("", -1));
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!queue_.empty()) return ListSplits();
    }
    STRATA_ASSIGN_OR_RETURN(auto entries, ReadNew(client_.get(), timeout));
    if (entries.empty()) return std::vector<Split>{};
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& e : entries) queue_.push_back(std::move(e));
    return std::vector<Split>{{"redis:" + s_.stream + ":" + std::to_string(++splits_), -1}};
  }

  SourceCheckpoint Checkpoint() const override {
    std::lock_guard<std::mutex> lock(mu_);
    checkpointed_ = emitted_.size();
    SourceCheckpoint cp;
    cp.state = last_id_;
    int64_t version = std::max(last_version_, committed_version_);
    if (version >= 0) cp.txn = TxnMark{*TxnAppId(), version};
    return cp;
  }

  Status Acknowledge() override {
    std::vector<std::string> ids;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ids.assign(emitted_.begin(), emitted_.begin() + static_cast<long>(checkpointed_));
    }
    STRATA_RETURN_IF_ERROR(Ack(client_.get(), ids));
    std::lock_guard<std::mutex> lock(mu_);
    emitted_.erase(emitted_.begin(), emitted_.begin() + static_cast<long>(ids.size()));
    checkpointed_ -= ids.size();
    return Status::OK();
  }

  /// The next item for a reader: a queued entry, else one read with `client`; nullopt when
  /// nothing arrived within the block time.
  Result<std::optional<SourceItem>> NextItem(std::unique_ptr<RedisClient>* client, bool read);

 private:
  std::string Who() const { return "redis source '" + config().name + "'"; }
  Result<std::unique_ptr<RedisClient>> Connect(std::chrono::milliseconds block) const {
    auto client = RedisClient::Connect(s_.host, s_.port, block + std::chrono::seconds(10));
    if (!client.ok()) return client.status().WithContext(Who());
    return client;
  }
  Result<std::vector<StreamEntry>> ReadNew(RedisClient* client, std::chrono::milliseconds block) {
    std::vector<std::string> args{"XREADGROUP", "GROUP", s_.group, s_.consumer, "COUNT",
                                  std::to_string(s_.count)};
    if (block.count() > 0) {  // BLOCK 0 would wait forever
      args.insert(args.end(), {"BLOCK", std::to_string(block.count())});
    }
    args.insert(args.end(), {"STREAMS", s_.stream, ">"});
    client->SetTimeout(block + std::chrono::seconds(10));
    STRATA_ASSIGN_OR_RETURN(RedisReply reply, client->Command(args));
    return ParseStreamReply(reply);
  }
  Status Ack(RedisClient* client, const std::vector<std::string>& ids) {
    for (size_t i = 0; i < ids.size(); i += 1000) {
      std::vector<std::string> args{"XACK", s_.stream, s_.group};
      size_t end = std::min(ids.size(), i + 1000);
      args.insert(args.end(), ids.begin() + static_cast<long>(i), ids.begin() + static_cast<long>(end));
      STRATA_RETURN_IF_ERROR(client->Command(args).status());
    }
    return Status::OK();
  }
  Result<SourceItem> ToItem(const StreamEntry& entry);

  RedisSettings s_;
  std::unique_ptr<RedisClient> client_;  // for Restore, Acknowledge and WaitForSplits
  bool restored_ = false;
  int64_t splits_ = 0;
  mutable std::mutex mu_;
  std::deque<StreamEntry> queue_;     // pending re-reads and entries WaitForSplits received
  std::vector<std::string> emitted_;  // emitted ids not yet acknowledged, in order
  mutable size_t checkpointed_ = 0;   // emitted_[0..checkpointed_) are covered by Checkpoint()
  std::string last_id_;
  int64_t last_version_ = -1;
  int64_t committed_version_ = -1;
};

Status RedisSource::Restore(const std::string&, int64_t committed_txn_version) {
  STRATA_ASSIGN_OR_RETURN(client_, Connect(s_.block));
  auto created = client_->Command({"XGROUP", "CREATE", s_.stream, s_.group, s_.start, "MKSTREAM"});
  if (!created.ok() && created.status().message().find("BUSYGROUP") == std::string::npos) {
    return created.status().WithContext(Who());
  }
  std::lock_guard<std::mutex> lock(mu_);
  committed_version_ = committed_txn_version;
  queue_.clear();
  std::string after = "0";
  while (true) {  // this consumer's pending entries, oldest first, a page at a time
    STRATA_ASSIGN_OR_RETURN(
        RedisReply reply,
        client_->Command({"XREADGROUP", "GROUP", s_.group, s_.consumer, "COUNT",
                          std::to_string(s_.count), "STREAMS", s_.stream, after}));
    STRATA_ASSIGN_OR_RETURN(auto entries, ParseStreamReply(reply));
    if (entries.empty()) break;
    after = entries.back().id;
    std::vector<std::string> done;
    for (StreamEntry& e : entries) {
      STRATA_ASSIGN_OR_RETURN(int64_t version, StreamIdVersion(e.id));
      if (version <= committed_txn_version || e.deleted) {
        done.push_back(e.id);  // committed before the crash, or trimmed away: nothing to emit
      } else {
        queue_.push_back(std::move(e));
      }
    }
    STRATA_RETURN_IF_ERROR(Ack(client_.get(), done));
  }
  restored_ = true;
  return Status::OK();
}

Result<SourceItem> RedisSource::ToItem(const StreamEntry& entry) {
  SourceItem item;
  item.input.source = config().name;
  item.input.uri = "redis://" + s_.host + ":" + std::to_string(s_.port) + "/" + s_.stream + "#" +
                   entry.id;
  item.input.labels = config().labels;
  std::vector<std::string> text_fields =
      s_.field.empty() ? std::vector<std::string>{"body", "text"} : std::vector<std::string>{s_.field};
  std::string used;
  for (const std::string& f : text_fields) {
    for (const auto& [key, value] : entry.fields) {
      if (used.empty() && key == f) {
        used = key;
        item.input.content = value;
      }
    }
  }
  if (used.empty()) {
    item.error = Status::InvalidArgument("stream entry " + entry.id + " of '" + s_.stream +
                                         "' has no field '" + text_fields[0] + "'" +
                                         (text_fields.size() > 1 ? " or 'text'" : ""));
    return item;
  }
  for (const auto& [key, value] : entry.fields) {
    if (key != used) item.input.metadata[key] = value;
  }
  item.input.metadata["stream_id"] = entry.id;
  return item;
}

Result<std::optional<SourceItem>> RedisSource::NextItem(std::unique_ptr<RedisClient>* client,
                                                        bool read) {
  std::optional<StreamEntry> entry;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!queue_.empty()) {
      entry = std::move(queue_.front());
      queue_.pop_front();
    }
  }
  if (!entry && read) {
    if (*client == nullptr) {
      STRATA_ASSIGN_OR_RETURN(*client, Connect(s_.block));
    }
    STRATA_ASSIGN_OR_RETURN(auto entries, ReadNew(client->get(), s_.block));
    if (entries.empty()) return std::optional<SourceItem>();
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& e : entries) queue_.push_back(std::move(e));
    entry = std::move(queue_.front());
    queue_.pop_front();
  }
  if (!entry) return std::optional<SourceItem>();
  STRATA_ASSIGN_OR_RETURN(int64_t version, StreamIdVersion(entry->id));
  STRATA_ASSIGN_OR_RETURN(SourceItem item, ToItem(*entry));
  std::lock_guard<std::mutex> lock(mu_);
  emitted_.push_back(entry->id);
  if (version > last_version_) {
    last_version_ = version;
    last_id_ = entry->id;
  }
  return std::optional<SourceItem>(std::move(item));
}

Result<std::optional<SourceItem>> RedisReader::Next() {
  if (exhausted_) return std::optional<SourceItem>();
  STRATA_ASSIGN_OR_RETURN(auto item, source_->NextItem(&client_, items_ < max_items_));
  if (!item) exhausted_ = true;
  ++items_;
  return item;
}

}  // namespace

Result<std::unique_ptr<Source>> MakeRedisSource(const SourceConfig& config) {
  SourceOptions options(config);
  STRATA_RETURN_IF_ERROR(options.CheckKnown(
      {"host", "port", "stream", "group", "consumer", "field", "count", "block", "start"}));
  RedisSettings s;
  s.host = options.Get("host", s.host);
  STRATA_ASSIGN_OR_RETURN(int64_t port, options.Int("port", 6379, 1, 65535));
  s.port = static_cast<int>(port);
  STRATA_ASSIGN_OR_RETURN(s.stream, options.Required("stream"));
  s.group = options.Get("group", s.group);
  s.consumer = options.Get("consumer", s.consumer);
  s.field = options.Get("field");
  s.start = options.Get("start", s.start);
  if (s.start != "0" && s.start != "$") {
    return Status::InvalidArgument(options.Who() + ": option 'start' must be 0 or $");
  }
  STRATA_ASSIGN_OR_RETURN(s.count, options.Int("count", 100, 1, 1000000));
  STRATA_ASSIGN_OR_RETURN(s.block, options.Seconds("block", 1.0));
  return std::unique_ptr<Source>(new RedisSource(config, std::move(s)));
}

}  // namespace strata::ingest
