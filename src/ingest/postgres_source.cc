// The postgresql kind: SqlConnection over libpq (see sql_source.h). Rows stream in libpq's
// single-row mode, so a reader holds one row at a time whatever the result size.
#include <libpq-fe.h>

#include "ingest/source_kinds.h"
#include "ingest/sql_source.h"

namespace strata::ingest {
namespace {

struct ConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultClearer>;

std::string Trimmed(const char* message) {
  std::string m = message ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

class PostgresRows : public SqlRowStream {
 public:
  PostgresRows(PGconn* conn, std::string who) : conn_(conn), who_(std::move(who)) {}
  ~PostgresRows() override {
    if (!finished_) {  // stop the server from sending the rest, then drain
      if (PGcancel* cancel = PQgetCancel(conn_)) {
        char err[256];
        PQcancel(cancel, err, sizeof(err));
        PQfreeCancel(cancel);
      }
      while (PGresult* r = PQgetResult(conn_)) PQclear(r);
    }
  }

  Result<bool> Next(SqlRow* row) override {
    if (finished_) return false;
    PgResult result(PQgetResult(conn_));
    if (result == nullptr) {
      finished_ = true;
      return false;
    }
    ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
      while (PGresult* r = PQgetResult(conn_)) PQclear(r);
      finished_ = true;
      return false;
    }
    if (status != PGRES_SINGLE_TUPLE) {
      std::string message = Trimmed(PQresultErrorMessage(result.get()));
      result.reset();
      while (PGresult* r = PQgetResult(conn_)) PQclear(r);
      finished_ = true;
      return Status::IOError(who_ + ": query failed: " + message);
    }
    int n = PQnfields(result.get());
    row->columns.resize(n);
    row->values.resize(n);
    for (int i = 0; i < n; ++i) {
      row->columns[i] = PQfname(result.get(), i);
      if (PQgetisnull(result.get(), 0, i)) {
        row->values[i].reset();
      } else {
        row->values[i] = std::string(PQgetvalue(result.get(), 0, i), PQgetlength(result.get(), 0, i));
      }
    }
    return true;
  }

 private:
  PGconn* conn_;
  std::string who_;
  bool finished_ = false;
};

class PostgresConnection : public SqlConnection {
 public:
  static Result<std::unique_ptr<SqlConnection>> Open(const std::string& who,
                                                     const std::string& url) {
    std::unique_ptr<PGconn, ConnCloser> conn(PQconnectdb(url.c_str()));
    if (conn == nullptr || PQstatus(conn.get()) != CONNECTION_OK) {
      return Status::Unavailable(who + ": cannot connect: " +
                                 Trimmed(conn ? PQerrorMessage(conn.get()) : "out of memory"));
    }
    return std::unique_ptr<SqlConnection>(new PostgresConnection(std::move(conn), who));
  }

  Result<std::unique_ptr<SqlRowStream>> Query(const std::string& sql,
                                              const std::vector<std::string>& params) override {
    std::vector<const char*> values;
    for (const std::string& p : params) values.push_back(p.c_str());
    if (!PQsendQueryParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                           values.data(), nullptr, nullptr, 0)) {
      return Status::IOError(who_ + ": query failed: " + Trimmed(PQerrorMessage(conn_.get())));
    }
    PQsetSingleRowMode(conn_.get());
    return std::unique_ptr<SqlRowStream>(new PostgresRows(conn_.get(), who_));
  }

  Result<std::vector<std::string>> PrimaryKey(const std::string& table) override {
    STRATA_ASSIGN_OR_RETURN(
        auto rows,
        Query("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
              "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary "
              "ORDER BY array_position(i.indkey, a.attnum)",
              {QuoteIdentifier(table)}));
    std::vector<std::string> key;
    SqlRow row;
    while (true) {
      STRATA_ASSIGN_OR_RETURN(bool more, rows->Next(&row));
      if (!more) break;
      key.push_back(row.values[0].value_or(""));
    }
    return key;
  }

  std::string BaseUri() const override {
    std::string host = PQhost(conn_.get());
    if (!host.empty() && host.front() == '/') host = "localhost";  // a Unix socket folder
    return "postgresql://" + host + ":" + PQport(conn_.get()) + "/" + PQdb(conn_.get());
  }

 private:
  PostgresConnection(std::unique_ptr<PGconn, ConnCloser> conn, std::string who)
      : conn_(std::move(conn)), who_(std::move(who)) {}

  std::unique_ptr<PGconn, ConnCloser> conn_;
  std::string who_;
};

}  // namespace

Result<std::unique_ptr<Source>> MakePostgresSource(const SourceConfig& config) {
  SourceOptions options(config);
  STRATA_ASSIGN_OR_RETURN(std::string url, options.Required("url"));
  std::string who = options.Who();
  return MakeSqlSource(config, "url",
                       [who, url]() { return PostgresConnection::Open(who, url); });
}

}  // namespace strata::ingest
