// The sqlite kind: SqlConnection over a read-only SQLite database file (see sql_source.h).
//
// Parameters arrive as text; one that reads fully as an integer or a real is bound as that
// number, so that "cursor > $1" compares numbers with numbers whatever the column's affinity.
#include <sqlite3.h>

#include <cstdlib>

#include "ingest/source_kinds.h"
#include "ingest/sql_source.h"

namespace strata::ingest {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

void BindText(sqlite3_stmt* stmt, int index, const std::string& value) {
  char* end = nullptr;
  long long i = std::strtoll(value.c_str(), &end, 10);
  if (!value.empty() && *end == '\0') {
    sqlite3_bind_int64(stmt, index, i);
    return;
  }
  double d = std::strtod(value.c_str(), &end);
  if (!value.empty() && *end == '\0') {
    sqlite3_bind_double(stmt, index, d);
    return;
  }
  sqlite3_bind_text(stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
}

class SqliteRows : public SqlRowStream {
 public:
  SqliteRows(sqlite3* db, sqlite3_stmt* stmt, std::string path)
      : db_(db), stmt_(stmt), path_(std::move(path)) {}

  Result<bool> Next(SqlRow* row) override {
    int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_DONE) return false;
    if (rc != SQLITE_ROW) {
      return Status::IOError("sqlite '" + path_ + "': " + sqlite3_errmsg(db_));
    }
    int n = sqlite3_column_count(stmt_.get());
    row->columns.resize(n);
    row->values.resize(n);
    for (int i = 0; i < n; ++i) {
      row->columns[i] = sqlite3_column_name(stmt_.get(), i);
      if (sqlite3_column_type(stmt_.get(), i) == SQLITE_NULL) {
        row->values[i].reset();
      } else {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), i));
        row->values[i] = std::string(text, sqlite3_column_bytes(stmt_.get(), i));
      }
    }
    return true;
  }

 private:
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, StmtFinalizer> stmt_;
  std::string path_;
};

class SqliteConnection : public SqlConnection {
 public:
  static Result<std::unique_ptr<SqlConnection>> Open(const std::string& who,
                                                     const std::string& path) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    std::unique_ptr<sqlite3, DbCloser> db(raw);
    if (rc != SQLITE_OK) {
      return Status::IOError(who + ": cannot open database '" + path + "': " +
                             (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    sqlite3_busy_timeout(raw, 10000);
    return std::unique_ptr<SqlConnection>(new SqliteConnection(std::move(db), who, path));
  }

  Result<std::unique_ptr<SqlRowStream>> Query(const std::string& sql,
                                              const std::vector<std::string>& params) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      return Status::InvalidArgument(who_ + ": " + sqlite3_errmsg(db_.get()) + " in '" + sql + "'");
    }
    for (size_t i = 0; i < params.size(); ++i) {
      std::string name = "$" + std::to_string(i + 1);
      int index = sqlite3_bind_parameter_index(stmt, name.c_str());
      if (index > 0) BindText(stmt, index, params[i]);
    }
    return std::unique_ptr<SqlRowStream>(new SqliteRows(db_.get(), stmt, path_));
  }

  Result<std::vector<std::string>> PrimaryKey(const std::string& table) override {
    STRATA_ASSIGN_OR_RETURN(
        auto rows, Query("SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk", {table}));
    std::vector<std::string> key;
    SqlRow row;
    while (true) {
      STRATA_ASSIGN_OR_RETURN(bool more, rows->Next(&row));
      if (!more) break;
      key.push_back(row.values[0].value_or(""));
    }
    return key;
  }

  std::string BaseUri() const override { return "sqlite://" + path_; }

 private:
  SqliteConnection(std::unique_ptr<sqlite3, DbCloser> db, std::string who, std::string path)
      : db_(std::move(db)), who_(std::move(who)), path_(std::move(path)) {}

  std::unique_ptr<sqlite3, DbCloser> db_;
  std::string who_;
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<Source>> MakeSqliteSource(const SourceConfig& config) {
  SourceOptions options(config);
  STRATA_ASSIGN_OR_RETURN(std::string path, options.Required("path"));
  std::string who = options.Who();
  return MakeSqlSource(config, "path", [who, path]() { return SqliteConnection::Open(who, path); });
}

}  // namespace strata::ingest
