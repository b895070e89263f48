// SourceConfigFromArgument and the registry: CLI arguments to configs, by hand-written cases.
#include "ingest/source.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

TEST(SourceArgumentTest, PathsAndGlobsAreFileSources) {
  ASSERT_OK_AND_ASSIGN(auto config, SourceConfigFromArgument("docs/**/*.md"));
  EXPECT_EQ(config.kind, "file");
  EXPECT_EQ(config.options.at("path"), "docs/**/*.md");
  ASSERT_OK_AND_ASSIGN(config, SourceConfigFromArgument("file:///srv/docs?include=*.md"));
  EXPECT_EQ(config.options.at("path"), "/srv/docs");
  EXPECT_EQ(config.options.at("include"), "*.md");
}

TEST(SourceArgumentTest, Sqlite) {
  ASSERT_OK_AND_ASSIGN(auto config, SourceConfigFromArgument(
      "sqlite:///data/app.db?query=SELECT%20*%20FROM%20t&cursor=updated&template={title}&tenant=acme"));
  EXPECT_EQ(config.kind, "sqlite");
  EXPECT_EQ(config.options.at("path"), "/data/app.db");
  EXPECT_EQ(config.options.at("query"), "SELECT * FROM t");
  EXPECT_EQ(config.options.at("cursor"), "updated");
  EXPECT_EQ(config.options.at("template"), "{title}");
  EXPECT_EQ(config.labels.tenant, "acme");
  EXPECT_EQ(config.options.count("tenant"), 0u);
  auto relative = SourceConfigFromArgument("sqlite://app.db?table=t");
  EXPECT_EQ(relative.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(relative.status().message().find("sqlite://app.db"), std::string::npos);
}

TEST(SourceArgumentTest, PostgresKeepsConnectionParameters) {
  ASSERT_OK_AND_ASSIGN(auto config, SourceConfigFromArgument(
      "postgresql://me@db.local:5433/shop?table=orders&cursor=id&sslmode=disable&groups=a,b"));
  EXPECT_EQ(config.kind, "postgresql");
  EXPECT_EQ(config.options.at("url"), "postgresql://me@db.local:5433/shop?sslmode=disable");
  EXPECT_EQ(config.options.at("table"), "orders");
  EXPECT_EQ(config.labels.groups, (std::vector<std::string>{"a", "b"}));
}

TEST(SourceArgumentTest, RedisAndMqtt) {
  ASSERT_OK_AND_ASSIGN(auto config,
                       SourceConfigFromArgument("redis://10.0.0.1:6380/events?group=g&consumer=c"));
  EXPECT_EQ(config.kind, "redis");
  EXPECT_EQ(config.options.at("host"), "10.0.0.1");
  EXPECT_EQ(config.options.at("port"), "6380");
  EXPECT_EQ(config.options.at("stream"), "events");
  EXPECT_EQ(config.options.at("group"), "g");
  EXPECT_EQ(config.options.at("consumer"), "c");
  ASSERT_OK_AND_ASSIGN(config, SourceConfigFromArgument("mqtt://broker:1884/sensors/+/temp?qos=2"));
  EXPECT_EQ(config.kind, "mqtt");
  EXPECT_EQ(config.options.at("topics"), "sensors/+/temp");
  EXPECT_EQ(config.options.at("qos"), "2");
  ASSERT_OK_AND_ASSIGN(config, SourceConfigFromArgument("mqtt://broker/sensors/#"));
  EXPECT_EQ(config.options.at("topics"), "sensors/#");
  EXPECT_EQ(config.options.count("port"), 0u);
}

TEST(SourceArgumentTest, UnknownSchemesAndKindsAreNamed) {
  auto bad = SourceConfigFromArgument("kafka://b/t");
  EXPECT_NE(bad.status().message().find("kafka"), std::string::npos);
  EXPECT_NE(SourceConfigFromArgument("redis://h:x/s").status().message().find("bad port"),
            std::string::npos);
  SourceConfig config;
  config.kind = "ftp";
  auto made = SourceRegistry::Default().Make(config);
  EXPECT_EQ(made.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(made.status().message().find("'ftp' (known: file, mqtt, postgresql, redis, sqlite)"),
            std::string::npos)
      << made.status();
}

TEST(SourceArgumentTest, OneShotKindsHaveNoContinuousMode) {
  SourceConfig config;
  config.kind = "sqlite";
  config.options = {{"path", "/nonexistent.db"}, {"table", "t"}};
  ASSERT_OK_AND_ASSIGN(auto source, SourceRegistry::Default().Make(config));
  auto waited = source->WaitForSplits(std::chrono::milliseconds(1));
  EXPECT_TRUE(waited.status().IsNotSupported());
  EXPECT_NE(waited.status().message().find("sqlite source 'sqlite'"), std::string::npos);
}

}  // namespace
}  // namespace strata::ingest
