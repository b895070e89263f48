// The redis source against a real redis-server (STRATA_TEST_REDIS, see scripts/peers/redis.sh):
// consumer groups, checkpoints and the crash-before-acknowledge cases of source.h.
#include "common/clock.h"
#include "ingest/redis_client.h"
#include "ingest/source.h"
#include "ingest/read_source.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

TEST(SourceRedisTest, StreamIdVersionEncoding) {
  ASSERT_OK_AND_ASSIGN(int64_t v, StreamIdVersion("1700000000000-5"));
  EXPECT_EQ(v, int64_t{1700000000000} * 1048576 + 5);
  ASSERT_OK_AND_ASSIGN(v, StreamIdVersion("0-1048575"));
  EXPECT_EQ(v, 1048575);
  EXPECT_NE(StreamIdVersion("1-1048576").status().message().find("2^20"), std::string::npos);
  EXPECT_FALSE(StreamIdVersion("12").ok());
  EXPECT_FALSE(StreamIdVersion("a-1").ok());
}

TEST(SourceRedisTest, UnreachableServerIsUnavailable) {
  ASSERT_OK_AND_ASSIGN(auto config, SourceConfigFromArgument("redis://127.0.0.1:1/s?group=g"));
  ASSERT_OK_AND_ASSIGN(auto source, SourceRegistry::Default().Make(config));
  auto splits = source->ListSplits();
  EXPECT_TRUE(splits.status().IsUnavailable()) << splits.status();
  EXPECT_NE(splits.status().message().find("127.0.0.1:1"), std::string::npos);
  config.options.erase("stream");
  EXPECT_NE(SourceRegistry::Default().Make(config).status().message().find("'stream'"),
            std::string::npos);
}

class SourceRedisIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("STRATA_TEST_REDIS");
    if (url == nullptr) GTEST_SKIP() << "STRATA_TEST_REDIS is not set (start scripts/peers/redis.sh)";
    ASSERT_OK_AND_ASSIGN(config_, SourceConfigFromArgument(
        std::string(url) + "/events-" + std::to_string(NowMicros()) + "?group=g&consumer=c"));
    config_.options["block"] = "0.2";
    stream_ = config_.options.at("stream");
    ASSERT_OK_AND_ASSIGN(client_, RedisClient::Connect(config_.options.at("host"),
                                                       std::stoi(config_.options.at("port")),
                                                       std::chrono::seconds(5)));
  }

  std::vector<std::string> Produce(int from, int to) {
    std::vector<std::string> ids;
    for (int i = from; i <= to; ++i) {
      auto reply = client_->Command({"XADD", stream_, "*", "body", "message " + std::to_string(i),
                                     "sensor", "s" + std::to_string(i)});
      EXPECT_TRUE(reply.ok()) << reply.status();
      ids.push_back(reply->str);
    }
    return ids;
  }

  int64_t Pending() {
    auto reply = client_->Command({"XPENDING", stream_, "g"});
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply->elements.at(0).integer;
  }

  std::vector<std::string> Bodies(const std::vector<SourceItem>& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item.input.content);
    return out;
  }

  SourceConfig config_;
  std::string stream_;
  std::unique_ptr<RedisClient> client_;
};

TEST_F(SourceRedisIntegrationTest, CheckpointAcknowledgeAndCrashRecovery) {
  auto first_ids = Produce(1, 3);
  ASSERT_OK_AND_ASSIGN(auto source, SourceRegistry::Default().Make(config_));
  EXPECT_EQ(source->TxnAppId(), "redis:" + stream_ + ":g");
  ASSERT_OK(source->Restore("", -1));
  ASSERT_OK_AND_ASSIGN(auto items, ReadAll(source.get()));
  EXPECT_EQ(Bodies(items), (std::vector<std::string>{"message 1", "message 2", "message 3"}));
  EXPECT_EQ(items[0].input.uri, "redis://" + config_.options.at("host") + ":" +
                                    config_.options.at("port") + "/" + stream_ + "#" + first_ids[0]);
  EXPECT_EQ(items[0].input.metadata.at("sensor"), "s1");
  SourceCheckpoint cp1 = source->Checkpoint();
  ASSERT_TRUE(cp1.txn);
  ASSERT_OK_AND_ASSIGN(int64_t v3, StreamIdVersion(first_ids[2]));
  EXPECT_EQ(cp1.txn->version, v3);
  EXPECT_EQ(cp1.txn->app_id, "redis:" + stream_ + ":g");
  EXPECT_EQ(Pending(), 3);
  ASSERT_OK(source->Acknowledge());
  EXPECT_EQ(Pending(), 0);

  // Three more are read and checkpointed, then the process dies before the commit.
  auto later_ids = Produce(4, 6);
  ASSERT_OK_AND_ASSIGN(items, ReadAll(source.get()));
  EXPECT_EQ(Bodies(items), (std::vector<std::string>{"message 4", "message 5", "message 6"}));
  SourceCheckpoint cp2 = source->Checkpoint();
  ASSERT_OK_AND_ASSIGN(int64_t v6, StreamIdVersion(later_ids[2]));
  EXPECT_EQ(cp2.txn->version, v6);
  source.reset();
  EXPECT_EQ(Pending(), 3);

  // The table holds cp1's version: exactly the uncommitted three come again.
  ASSERT_OK_AND_ASSIGN(auto again, SourceRegistry::Default().Make(config_));
  ASSERT_OK(again->Restore(cp1.state, cp1.txn->version));
  ASSERT_OK_AND_ASSIGN(items, ReadAll(again.get()));
  EXPECT_EQ(Bodies(items), (std::vector<std::string>{"message 4", "message 5", "message 6"}));
  EXPECT_EQ(again->Checkpoint().txn->version, v6);
  again.reset();  // dies again, after the commit of cp2 but before Acknowledge

  // The table holds cp2's version: nothing is emitted, and the pending entries are acknowledged.
  ASSERT_OK_AND_ASSIGN(auto committed, SourceRegistry::Default().Make(config_));
  ASSERT_OK(committed->Restore(cp2.state, cp2.txn->version));
  EXPECT_EQ(Pending(), 0);
  ASSERT_OK_AND_ASSIGN(items, ReadAll(committed.get()));
  EXPECT_TRUE(items.empty());
  EXPECT_EQ(committed->Checkpoint().txn->version, v6);
}

TEST_F(SourceRedisIntegrationTest, WaitForSplitsAndEntriesWithoutText) {
  ASSERT_OK_AND_ASSIGN(auto source, SourceRegistry::Default().Make(config_));
  ASSERT_OK(source->Restore("", -1));
  ASSERT_OK_AND_ASSIGN(auto none, source->WaitForSplits(std::chrono::milliseconds(100)));
  EXPECT_TRUE(none.empty());
  Produce(1, 1);
  ASSERT_OK(client_->Command({"XADD", stream_, "*", "other", "x"}).status());
  ASSERT_OK_AND_ASSIGN(auto splits, source->WaitForSplits(std::chrono::seconds(2)));
  ASSERT_EQ(splits.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto reader, source->Open(splits[0]));
  ASSERT_OK_AND_ASSIGN(auto item, reader->Next());
  ASSERT_TRUE(item);
  EXPECT_EQ(item->input.content, "message 1");
  ASSERT_OK_AND_ASSIGN(item, reader->Next());
  ASSERT_TRUE(item);
  EXPECT_FALSE(item->error.ok());
  EXPECT_NE(item->error.message().find("no field 'body' or 'text'"), std::string::npos);
}

}  // namespace
}  // namespace strata::ingest
