// SQL rows for the sqlite and postgresql sources: the database seam they share (a connection
// that streams a query's rows with text parameters) and the mapping of one row to a RawInput.
//
// A row becomes one RawInput: its text from the template (default "column: value" lines), its
// uri "<database uri>/<table or query>#<id column>=<value>[&...]", labels from the configured
// label columns when they are not empty (else the source's labels), and as metadata the columns
// the text does not already hold. A row without an id value is an error item, not a reader error.
// Thread-safety: a SqlConnection and its streams are used by one thread at a time.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "ingest/source.h"

namespace strata::ingest {

struct SqlRow {
  std::vector<std::string> columns;
  std::vector<std::optional<std::string>> values;  // text form; nullopt = NULL

  /// The value of `column`, nullopt when NULL or absent.
  std::optional<std::string> Get(std::string_view column) const;
};

/// A query's rows, one at a time (bounded memory).
class SqlRowStream {
 public:
  virtual ~SqlRowStream() = default;
  /// Fill `row` with the next row; false at the end.
  virtual Result<bool> Next(SqlRow* row) = 0;
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  /// Run `sql` whose parameters are written $1, $2, ... with text values `params`.
  virtual Result<std::unique_ptr<SqlRowStream>> Query(const std::string& sql,
                                                      const std::vector<std::string>& params) = 0;
  /// The primary-key columns of `table`, in key order (empty when it has none).
  virtual Result<std::vector<std::string>> PrimaryKey(const std::string& table) = 0;
  /// The database's identity for uris, e.g. "postgresql://host:5432/db" (no user or password).
  virtual std::string BaseUri() const = 0;
};

/// "name" quoted as an SQL identifier; "schema.table" quotes each part.
std::string QuoteIdentifier(std::string_view name);

/// How rows become RawInputs.
struct SqlRowFormat {
  std::string source;       // the source's name
  std::string base_uri;     // SqlConnection::BaseUri() + "/" + table or "query"
  std::vector<std::string> id_columns;
  std::string cursor;       // cursor column, "" = none
  std::string text_template;  // "" = "column: value" lines
  std::string tenant_column, groups_column, classification_column;
  Labels labels;            // the source's default labels
};

/// The RawInput of `row`, or an error item describing why the row cannot be one.
SourceItem RowToItem(const SqlRowFormat& format, const SqlRow& row);

/// Parse a groups value: a PostgreSQL array "{a,b}", a JSON array, or a comma list.
std::vector<std::string> ParseGroups(const std::string& value);

}  // namespace strata::ingest
