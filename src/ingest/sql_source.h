// The incremental SQL source shared by the sqlite and postgresql kinds.
//
// Without a cursor column every run reads the whole table or query in one split. With one,
// ListSplits streams the cursor values above the saved state (WHERE cursor > $1 ORDER BY cursor)
// and cuts them into splits of `batch` rows, each a range (lo, hi] of cursor values; a reader
// streams its range's rows in cursor order. Checkpoint().state is the largest cursor value such
// that every row at or below it has been returned: the end of the completed leading splits, or
// inside the first unfinished one, the last value whose rows were all returned. Rows whose
// cursor is NULL are never read in cursor mode.
// Thread-safety: as Source; readers of one source may run on different threads (each opens its
// own connection).
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <string_view>

#include "ingest/source.h"
#include "ingest/sql_row.h"

namespace strata::ingest {

using SqlConnector = std::function<Result<std::unique_ptr<SqlConnection>>()>;

/// A SQL source over the connections `connect` opens. `connection_key` is the option holding
/// the database (path or url), which the caller has validated.
Result<std::unique_ptr<Source>> MakeSqlSource(const SourceConfig& config,
                                              std::string_view connection_key,
                                              SqlConnector connect);

}  // namespace strata::ingest
