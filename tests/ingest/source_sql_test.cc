// The sqlite and postgresql sources: incremental reads by cursor against a real SQLite file and
// (when STRATA_TEST_POSTGRES is set, see scripts/peers/postgres.sh) a real PostgreSQL server.
// Both run the same scenario; the expected rows, uris, labels and cursor states are the ones
// written by the scenario itself.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <functional>

#include "common/clock.h"
#include "ingest/source.h"
#include "ingest/read_source.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

using Exec = std::function<void(const std::string& sql)>;

Result<std::vector<SourceItem>> Drain(SplitReader* reader) {
  std::vector<SourceItem> items;
  while (true) {
    STRATA_ASSIGN_OR_RETURN(auto item, reader->Next());
    if (!item) return items;
    items.push_back(std::move(*item));
  }
}

/// The incremental scenario over table `table`, created through `exec`; `base` is the config
/// with the connection option set and `base_uri` the uri prefix rows get.
void RunIncremental(const Exec& exec, SourceConfig base, const std::string& table,
                    const std::string& base_uri) {
  exec("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, title TEXT, body TEXT, "
       "version BIGINT, tenant TEXT, grp TEXT)");
  exec("INSERT INTO " + table + " VALUES (1, 'One', 'first', 10, 't1', 'a,b'), "
       "(2, 'Two', 'second', 20, NULL, NULL), (3, 'Three', 'third', 30, 't3', '{x,y}')");
  base.labels.tenant = "default-tenant";
  base.labels.groups = {"everyone"};
  base.options["table"] = table;
  base.options["cursor"] = "version";
  base.options["template"] = "{title}: {body}";
  base.options["tenant_column"] = "tenant";
  base.options["groups_column"] = "grp";
  base.options["batch"] = "2";
  ASSERT_OK_AND_ASSIGN(auto source, SourceRegistry::Default().Make(base));
  ASSERT_OK(source->Restore("", -1));
  ASSERT_OK_AND_ASSIGN(auto splits, source->ListSplits());
  ASSERT_EQ(splits.size(), 2u);  // versions (,20] and (20,30]
  ASSERT_OK_AND_ASSIGN(auto first, source->Open(splits[0]));
  ASSERT_OK_AND_ASSIGN(auto row, first->Next());
  ASSERT_TRUE(row);
  EXPECT_EQ(source->Checkpoint().state, "");  // rows with version 10 may not all be out yet
  EXPECT_EQ(row->input.uri, base_uri + "/" + table + "#id=1");
  EXPECT_EQ(row->input.content, "One: first");
  EXPECT_EQ(row->input.labels.tenant, "t1");
  EXPECT_EQ(row->input.labels.groups, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(row->input.metadata.at("version"), "10");
  EXPECT_EQ(row->input.metadata.count("title"), 0u);
  ASSERT_OK_AND_ASSIGN(row, first->Next());
  EXPECT_EQ(source->Checkpoint().state, "10");
  EXPECT_EQ(row->input.labels.tenant, "default-tenant");
  EXPECT_EQ(row->input.labels.groups, (std::vector<std::string>{"everyone"}));
  ASSERT_OK_AND_ASSIGN(row, first->Next());
  EXPECT_FALSE(row);
  EXPECT_EQ(source->Checkpoint().state, "20");
  ASSERT_OK_AND_ASSIGN(auto second, source->Open(splits[1]));
  ASSERT_OK_AND_ASSIGN(auto rest, Drain(second.get()));
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].input.labels.groups, (std::vector<std::string>{"x", "y"}));
  SourceCheckpoint cp = source->Checkpoint();
  EXPECT_EQ(cp.state, "30");
  EXPECT_FALSE(cp.txn);

  // New rows and an update (which bumps the cursor): a restored source reads only those.
  exec("INSERT INTO " + table + " VALUES (4, 'Four', 'fourth', 40, NULL, NULL)");
  exec("UPDATE " + table + " SET body = 'first v2', version = 50 WHERE id = 1");
  ASSERT_OK_AND_ASSIGN(auto resumed, SourceRegistry::Default().Make(base));
  ASSERT_OK(resumed->Restore(cp.state, -1));
  ASSERT_OK_AND_ASSIGN(auto items, ReadAll(resumed.get()));
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].input.uri, base_uri + "/" + table + "#id=4");
  EXPECT_EQ(items[1].input.uri, base_uri + "/" + table + "#id=1");
  EXPECT_EQ(items[1].input.content, "One: first v2");
  EXPECT_EQ(resumed->Checkpoint().state, "50");
  ASSERT_OK_AND_ASSIGN(items, ReadAll(resumed.get()));
  EXPECT_TRUE(items.empty());
  EXPECT_EQ(resumed->Checkpoint().state, "50");
}

/// Query mode without a cursor: every row each time, identity from option id.
void RunQuery(const Exec& exec, SourceConfig base, const std::string& table,
              const std::string& base_uri) {
  exec("INSERT INTO " + table + " VALUES (7, 'Seven', NULL, 70, NULL, NULL)");
  base.options["query"] = "SELECT id, title, body FROM " + table + " WHERE id <> 2 ORDER BY id";
  ASSERT_OK_AND_ASSIGN(auto no_id, SourceRegistry::Default().Make(base));
  auto failed = no_id->ListSplits();
  EXPECT_EQ(failed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(failed.status().message().find("'id'"), std::string::npos) << failed.status();
  base.options["id"] = "id";
  ASSERT_OK_AND_ASSIGN(auto source, SourceRegistry::Default().Make(base));
  ASSERT_OK_AND_ASSIGN(auto items, ReadAll(source.get()));
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].input.uri, base_uri + "/query#id=1");
  EXPECT_EQ(items[0].input.content, "id: 1\ntitle: One\nbody: first v2\n");
  EXPECT_EQ(items[3].input.content, "id: 7\ntitle: Seven\n");  // NULL body left out
  EXPECT_EQ(source->Checkpoint().state, "");
}

TEST(SourceSqliteTest, IncrementalCursorAndQuery) {
  std::string path = testing::MakeTempDir("strata-sqlite-source") + "/app.db";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  Exec exec = [db](const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << err << ": " << sql;
  };
  SourceConfig config;
  config.kind = "sqlite";
  config.name = "app";
  config.options["path"] = path;
  RunIncremental(exec, config, "docs", "sqlite://" + path);
  RunQuery(exec, config, "docs", "sqlite://" + path);
  sqlite3_close(db);
}

TEST(SourceSqliteTest, MissingDatabaseIsAReaderError) {
  SourceConfig config;
  config.kind = "sqlite";
  config.options = {{"path", "/nonexistent/app.db"}, {"table", "docs"}};
  ASSERT_OK_AND_ASSIGN(auto source, SourceRegistry::Default().Make(config));
  auto splits = source->ListSplits();
  EXPECT_FALSE(splits.ok());
  EXPECT_NE(splits.status().message().find("/nonexistent/app.db"), std::string::npos);
  config.options["query"] = "SELECT 1";
  EXPECT_NE(SourceRegistry::Default().Make(config).status().message().find("exactly one"),
            std::string::npos);
}

TEST(SourcePostgresIntegrationTest, IncrementalCursorAndQuery) {
  const char* url = std::getenv("STRATA_TEST_POSTGRES");
  if (url == nullptr) {
    GTEST_SKIP() << "STRATA_TEST_POSTGRES is not set (start scripts/peers/postgres.sh)";
  }
  PGconn* conn = PQconnectdb(url);
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  Exec exec = [conn](const std::string& sql) {
    PGresult* r = PQexec(conn, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQresultErrorMessage(r) << ": " << sql;
    PQclear(r);
  };
  std::string table = "docs_" + std::to_string(NowMicros());
  std::string base_uri = std::string("postgresql://") + PQhost(conn) + ":" + PQport(conn) + "/" +
                         PQdb(conn);
  SourceConfig config;
  config.kind = "postgresql";
  config.name = "shop";
  config.options["url"] = url;
  RunIncremental(exec, config, table, base_uri);
  RunQuery(exec, config, table, base_uri);
  exec("DROP TABLE " + table);
  PQfinish(conn);
}

}  // namespace
}  // namespace strata::ingest
