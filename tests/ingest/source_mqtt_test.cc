// The mqtt source against a real mosquitto broker (STRATA_TEST_MQTT, see
// scripts/peers/mosquitto.sh): messages published by a separate libmosquitto client.
#include <mosquitto.h>

#include <atomic>
#include <thread>

#include "common/clock.h"
#include "ingest/source.h"
#include "ingest/read_source.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

/// Publish `payloads` to `topic` at QoS 1 and wait for the broker's acknowledgements.
void Publish(const std::string& host, int port, const std::string& topic,
             const std::vector<std::string>& payloads) {
  mosquitto_lib_init();
  std::atomic<int> acked{0};
  mosquitto* m = mosquitto_new(nullptr, true, &acked);
  ASSERT_NE(m, nullptr);
  mosquitto_publish_callback_set(m, [](mosquitto*, void* acked, int) {
    ++*static_cast<std::atomic<int>*>(acked);
  });
  ASSERT_EQ(mosquitto_connect(m, host.c_str(), port, 30), MOSQ_ERR_SUCCESS);
  ASSERT_EQ(mosquitto_loop_start(m), MOSQ_ERR_SUCCESS);
  for (const std::string& p : payloads) {
    ASSERT_EQ(mosquitto_publish(m, nullptr, topic.c_str(), static_cast<int>(p.size()), p.data(), 1,
                                false),
              MOSQ_ERR_SUCCESS);
  }
  for (int i = 0; i < 200 && acked < static_cast<int>(payloads.size()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(acked, static_cast<int>(payloads.size()));
  mosquitto_disconnect(m);
  mosquitto_loop_stop(m, false);
  mosquitto_destroy(m);
}

TEST(SourceMqttTest, UnreachableBrokerIsUnavailable) {
  ASSERT_OK_AND_ASSIGN(auto config, SourceConfigFromArgument("mqtt://127.0.0.1:1/t"));
  ASSERT_OK_AND_ASSIGN(auto source, SourceRegistry::Default().Make(config));
  auto splits = source->ListSplits();
  EXPECT_TRUE(splits.status().IsUnavailable()) << splits.status();
  EXPECT_NE(splits.status().message().find("127.0.0.1:1"), std::string::npos);
  EXPECT_TRUE(source->ListSplits().status().IsUnavailable());  // and again, not a stale state
  config.options["qos"] = "3";
  EXPECT_NE(SourceRegistry::Default().Make(config).status().message().find("'qos'"),
            std::string::npos);
}

class SourceMqttIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("STRATA_TEST_MQTT");
    if (url == nullptr) GTEST_SKIP() << "STRATA_TEST_MQTT is not set (start scripts/peers/mosquitto.sh)";
    prefix_ = "strata/test/" + std::to_string(NowMicros());
    ASSERT_OK_AND_ASSIGN(config_, SourceConfigFromArgument(std::string(url) + "/" + prefix_ +
                                                           "/+?qos=1"));
    config_.options["wait"] = "0.5";
    host_ = config_.options.at("host");
    port_ = std::stoi(config_.options.at("port"));
  }

  SourceConfig config_;
  std::string prefix_, host_;
  int port_ = 0;
};

TEST_F(SourceMqttIntegrationTest, PublishedMessagesBecomeDocuments) {
  config_.options["template"] = "{sensor} reads {value}";
  ASSERT_OK_AND_ASSIGN(auto source, SourceRegistry::Default().Make(config_));
  ASSERT_OK_AND_ASSIGN(auto splits, source->ListSplits());  // connected and subscribed
  Publish(host_, port_, prefix_ + "/kitchen",
          {R"({"sensor":"t1","value":21.5})", R"({"sensor":"t2","value":"hot"})", "not json"});
  ASSERT_OK_AND_ASSIGN(auto items, ReadSplits(source.get(), splits));
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].input.content, "t1 reads 21.5");
  EXPECT_EQ(items[0].input.metadata.at("sensor"), "t1");
  EXPECT_EQ(items[0].input.metadata.at("value"), "21.5");
  EXPECT_EQ(items[0].input.metadata.at("topic"), prefix_ + "/kitchen");
  std::string uri_prefix = "mqtt://" + host_ + ":" + std::to_string(port_) + "/" + prefix_ +
                           "/kitchen#";
  EXPECT_EQ(items[0].input.uri.compare(0, uri_prefix.size(), uri_prefix), 0) << items[0].input.uri;
  EXPECT_NE(items[0].input.uri, items[1].input.uri);
  EXPECT_EQ(items[1].input.content, "t2 reads hot");
  EXPECT_FALSE(items[2].error.ok());
  EXPECT_NE(items[2].error.message().find("not a JSON object"), std::string::npos);
}

TEST_F(SourceMqttIntegrationTest, BatchesAndContinuousMode) {
  config_.options["batch"] = "2";
  ASSERT_OK_AND_ASSIGN(auto source, SourceRegistry::Default().Make(config_));
  ASSERT_OK_AND_ASSIGN(auto none, source->WaitForSplits(std::chrono::milliseconds(100)));
  EXPECT_TRUE(none.empty());
  Publish(host_, port_, prefix_ + "/a", {R"({"n":1})", R"({"n":2})", R"({"n":3})"});
  ASSERT_OK_AND_ASSIGN(auto splits, source->WaitForSplits(std::chrono::seconds(5)));
  ASSERT_EQ(splits.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto items, ReadSplits(source.get(), splits));
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].input.content, "{\"n\":1}\n{\"n\":2}");
  EXPECT_EQ(items[0].input.metadata.at("messages"), "2");
  EXPECT_EQ(items[1].input.content, "{\"n\":3}");
  EXPECT_TRUE(source->WaitForSplits(std::chrono::milliseconds(100))->empty());
}

}  // namespace
}  // namespace strata::ingest
