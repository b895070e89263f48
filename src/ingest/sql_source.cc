#include "ingest/sql_source.h"

#include <mutex>

#include "ingest/source_kinds.h"

namespace strata::ingest {
namespace {

/// One split's range and how far its reader got.
struct SplitProgress {
  std::string lo, hi;  // (lo, hi]; lo empty = unbounded
  std::mutex mu;
  std::string safe;    // every row with cursor <= safe was returned ("" = none yet)
  bool done = false;
};

struct SqlSettings {
  std::string table, query, cursor, text_template;
  std::vector<std::string> id_columns;
  int64_t batch = 10000;
  std::string tenant_column, groups_column, classification_column;
};

class SqlReader : public SplitReader {
 public:
  SqlReader(std::unique_ptr<SqlConnection> conn, std::unique_ptr<SqlRowStream> rows,
            SqlRowFormat format, std::shared_ptr<SplitProgress> progress)
      : conn_(std::move(conn)), rows_(std::move(rows)), format_(std::move(format)),
        progress_(std::move(progress)) {}

  Result<std::optional<SourceItem>> Next() override {
    SqlRow row;
    STRATA_ASSIGN_OR_RETURN(bool more, rows_->Next(&row));
    if (!more) {
      if (progress_) {
        std::lock_guard<std::mutex> lock(progress_->mu);
        progress_->done = true;
        progress_->safe = progress_->hi;
      }
      return std::optional<SourceItem>();
    }
    if (progress_) {
      std::string cursor = row.Get(format_.cursor).value_or("");
      if (last_cursor_ && *last_cursor_ != cursor) {
        std::lock_guard<std::mutex> lock(progress_->mu);
        progress_->safe = *last_cursor_;
      }
      last_cursor_ = cursor;
    }
    return std::optional<SourceItem>(RowToItem(format_, row));
  }

 private:
  std::unique_ptr<SqlConnection> conn_;  // outlives rows_
  std::unique_ptr<SqlRowStream> rows_;
  SqlRowFormat format_;
  std::shared_ptr<SplitProgress> progress_;  // null without a cursor
  std::optional<std::string> last_cursor_;
};

class SqlSource : public Source {
 public:
  SqlSource(SourceConfig config, SqlSettings settings, SqlConnector connect)
      : Source(std::move(config)), settings_(std::move(settings)), connect_(std::move(connect)) {}

  Status Restore(const std::string& state, int64_t) override {
    std::lock_guard<std::mutex> lock(mu_);
    base_ = state;
    splits_.clear();
    return Status::OK();
  }

  SourceCheckpoint Checkpoint() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return {CurrentState(), std::nullopt};
  }

  Result<std::vector<Split>> ListSplits() override;
  Result<std::unique_ptr<SplitReader>> Open(const Split& split) override;

 private:
  std::string Who() const { return config().kind + " source '" + config().name + "'"; }
  std::string BaseSql() const {
    return settings_.table.empty() ? "SELECT * FROM (" + settings_.query + ") AS strata_q"
                                   : "SELECT * FROM " + QuoteIdentifier(settings_.table);
  }
  /// REQUIRES: mu_ held.
  std::string CurrentState() const {
    std::string state = base_;
    for (const auto& split : splits_) {
      std::lock_guard<std::mutex> lock(split->mu);
      if (!split->safe.empty()) state = split->safe;
      if (!split->done) break;
    }
    return state;
  }
  Status Prepare(SqlConnection* conn);
  Result<std::vector<std::shared_ptr<SplitProgress>>> CutRanges(SqlConnection* conn,
                                                                const std::string& lo);

  SqlSettings settings_;
  SqlConnector connect_;
  SqlRowFormat format_;
  bool prepared_ = false;
  mutable std::mutex mu_;
  std::string base_;  // the restored state
  std::vector<std::shared_ptr<SplitProgress>> splits_;
  int64_t generation_ = 0;
};

Status SqlSource::Prepare(SqlConnection* conn) {
  if (prepared_) return Status::OK();
  format_.source = config().name;
  format_.base_uri = conn->BaseUri() + "/" + (settings_.table.empty() ? "query" : settings_.table);
  format_.cursor = settings_.cursor;
  format_.text_template = settings_.text_template;
  format_.tenant_column = settings_.tenant_column;
  format_.groups_column = settings_.groups_column;
  format_.classification_column = settings_.classification_column;
  format_.labels = config().labels;
  format_.id_columns = settings_.id_columns;
  if (format_.id_columns.empty() && !settings_.table.empty()) {
    STRATA_ASSIGN_OR_RETURN(format_.id_columns, conn->PrimaryKey(settings_.table));
  }
  if (format_.id_columns.empty() && !settings_.cursor.empty()) {
    format_.id_columns = {settings_.cursor};
  }
  if (format_.id_columns.empty()) {
    return Status::InvalidArgument(Who() + ": rows need an identity: set option 'id' (or " +
                                   "'cursor', or read a table with a primary key)");
  }
  prepared_ = true;
  return Status::OK();
}

Result<std::vector<std::shared_ptr<SplitProgress>>> SqlSource::CutRanges(SqlConnection* conn,
                                                                         const std::string& lo) {
  std::string c = QuoteIdentifier(settings_.cursor);
  std::string sql = "SELECT " + c + " FROM (" + BaseSql() + ") AS strata_b WHERE " + c +
                    " IS NOT NULL" + (lo.empty() ? "" : " AND " + c + " > $1") + " ORDER BY " + c;
  std::vector<std::string> params;
  if (!lo.empty()) params.push_back(lo);
  STRATA_ASSIGN_OR_RETURN(auto rows, conn->Query(sql, params));
  std::vector<std::shared_ptr<SplitProgress>> ranges;
  std::string prev_hi = lo;
  std::optional<std::string> last;
  int64_t count = 0;
  SqlRow row;
  while (true) {
    STRATA_ASSIGN_OR_RETURN(bool more, rows->Next(&row));
    // Cut after `batch` rows, but never between rows of equal cursor value.
    if (last && (!more || (count >= settings_.batch && row.values[0] != *last))) {
      auto range = std::make_shared<SplitProgress>();
      range->lo = prev_hi;
      range->hi = *last;
      prev_hi = *last;
      ranges.push_back(std::move(range));
      count = 0;
    }
    if (!more) break;
    last = row.values[0].value_or("");
    ++count;
  }
  return ranges;
}

Result<std::vector<Split>> SqlSource::ListSplits() {
  STRATA_ASSIGN_OR_RETURN(auto conn, connect_());
  STRATA_RETURN_IF_ERROR(Prepare(conn.get()));
  std::vector<Split> out;
  std::lock_guard<std::mutex> lock(mu_);
  ++generation_;
  if (settings_.cursor.empty()) {
    out.push_back({"g" + std::to_string(generation_) + ":all", -1});
    return out;
  }
  std::string lo = CurrentState();
  STRATA_ASSIGN_OR_RETURN(auto ranges, CutRanges(conn.get(), lo));
  base_ = lo;
  splits_ = std::move(ranges);
  for (size_t i = 0; i < splits_.size(); ++i) {
    out.push_back({"g" + std::to_string(generation_) + ":" + std::to_string(i), -1});
  }
  return out;
}

Result<std::unique_ptr<SplitReader>> SqlSource::Open(const Split& split) {
  std::shared_ptr<SplitProgress> progress;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::string prefix = "g" + std::to_string(generation_) + ":";
    if (split.id.compare(0, prefix.size(), prefix) != 0) {
      return Status::InvalidArgument(Who() + ": split '" + split.id + "' is not from the last " +
                                     "ListSplits");
    }
    std::string rest = split.id.substr(prefix.size());
    if (rest != "all") {
      size_t index = std::stoul(rest);
      if (index >= splits_.size()) return Status::InvalidArgument(Who() + ": bad split " + split.id);
      progress = splits_[index];
    }
  }
  STRATA_ASSIGN_OR_RETURN(auto conn, connect_());
  std::string sql = BaseSql();
  std::vector<std::string> params;
  if (progress) {
    std::string c = QuoteIdentifier(settings_.cursor);
    sql = "SELECT * FROM (" + sql + ") AS strata_b WHERE " + c + " <= $1";
    params.push_back(progress->hi);
    if (!progress->lo.empty()) {
      sql += " AND " + c + " > $2";
      params.push_back(progress->lo);
    }
    sql += " ORDER BY " + c;
  }
  STRATA_ASSIGN_OR_RETURN(auto rows, conn->Query(sql, params));
  return std::unique_ptr<SplitReader>(
      new SqlReader(std::move(conn), std::move(rows), format_, std::move(progress)));
}

}  // namespace

Result<std::unique_ptr<Source>> MakeSqlSource(const SourceConfig& config,
                                              std::string_view connection_key,
                                              SqlConnector connect) {
  SourceOptions options(config);
  STRATA_RETURN_IF_ERROR(options.CheckKnown(
      {connection_key, "table", "query", "cursor", "id", "template", "batch", "tenant_column",
       "groups_column", "classification_column"}));
  SqlSettings s;
  s.table = options.Get("table");
  s.query = options.Get("query");
  if (s.table.empty() == s.query.empty()) {
    return Status::InvalidArgument(options.Who() + ": set exactly one of options 'table' and 'query'");
  }
  s.cursor = options.Get("cursor");
  s.id_columns = options.List("id");
  s.text_template = options.Get("template");
  STRATA_ASSIGN_OR_RETURN(s.batch, options.Int("batch", 10000, 1, INT64_MAX));
  s.tenant_column = options.Get("tenant_column");
  s.groups_column = options.Get("groups_column");
  s.classification_column = options.Get("classification_column");
  return std::unique_ptr<Source>(new SqlSource(config, std::move(s), std::move(connect)));
}

}  // namespace strata::ingest
