// Table writes: appends (one Parquet file per batch and partition) and copy-on-write deletes.
#include <map>
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "format/parquet/writer.h"
#include "table/file_stats.h"
#include "table/log_files.h"
#include "table/row_selection.h"
#include "table/table.h"
#include "table/value_text.h"

namespace strata::table {
namespace {

using format::RecordBatch;

Status CheckBatchSchema(const format::Schema& table, const format::Schema& batch) {
  if (table.num_fields() != batch.num_fields()) {
    return Status::InvalidArgument("batch has " + std::to_string(batch.num_fields()) +
                                   " columns, the table " + std::to_string(table.num_fields()));
  }
  for (int i = 0; i < table.num_fields(); ++i) {
    const format::Field& t = table.field(i);
    const format::Field& b = batch.field(i);
    if (t.name != b.name || !t.type->Equals(*b.type)) {
      return Status::InvalidArgument("batch column " + std::to_string(i) + " is '" + b.name +
                                     "' " + b.type->ToString() + ", the table's is '" + t.name +
                                     "' " + t.type->ToString());
    }
  }
  return Status::OK();
}

std::string PartitionDir(const PartitionValues& values, const std::vector<std::string>& order) {
  std::string dir;
  for (const std::string& col : order) {
    const std::optional<std::string>& v = values.at(col);
    dir += EncodePath(col) + "=" +
           (v ? EncodePath(*v) : std::string("__HIVE_DEFAULT_PARTITION__")) + "/";
  }
  return dir;
}

// Rows of `batch` grouped by their partition values.
std::map<PartitionValues, std::vector<int64_t>> GroupByPartition(
    const RecordBatch& batch, const std::vector<int>& part_idx,
    const std::vector<std::string>& part_names) {
  std::map<PartitionValues, std::vector<int64_t>> groups;
  for (int64_t r = 0; r < batch.num_rows; ++r) {
    PartitionValues key;
    for (size_t p = 0; p < part_idx.size(); ++p) {
      key[part_names[p]] = PartitionValueText(batch.columns[part_idx[p]], r);
    }
    groups[std::move(key)].push_back(r);
  }
  return groups;
}

// The data columns of `batch` (partition columns are not stored in data files).
RecordBatch DataColumns(const RecordBatch& batch, const std::vector<std::string>& partitions) {
  RecordBatch out;
  std::vector<format::Field> fields;
  for (int i = 0; i < batch.schema.num_fields(); ++i) {
    const format::Field& f = batch.schema.field(i);
    bool is_partition = false;
    for (const std::string& p : partitions) is_partition = is_partition || p == f.name;
    if (is_partition) continue;
    fields.push_back(f);
    out.columns.push_back(batch.columns[i]);
  }
  out.schema = format::Schema(std::move(fields));
  out.num_rows = batch.num_rows;
  return out;
}

Status CheckAppendOnly(const Snapshot& snap) {
  auto it = snap.metadata().configuration.find("delta.appendOnly");
  if (it != snap.metadata().configuration.end() && it->second == "true") {
    return Status::NotSupported("table '" + snap.root() + "' is append-only (delta.appendOnly)");
  }
  return Status::OK();
}

}  // namespace

Status Table::WriteDataFiles(const Snapshot& snap, const RecordBatch& batch,
                             std::vector<Action>* actions, int64_t* rows) const {
  const std::vector<std::string>& parts = snap.partition_columns();
  std::vector<int> part_idx;
  for (const std::string& p : parts) part_idx.push_back(batch.schema.IndexOf(p));
  auto groups = GroupByPartition(batch, part_idx, parts);
  for (const auto& [values, group_rows] : groups) {
    RecordBatch data = DataColumns(
        group_rows.size() == static_cast<size_t>(batch.num_rows) ? batch
                                                                 : TakeRows(batch, group_rows),
        parts);
    std::string rel = PartitionDir(values, parts) + "part-00000-" + NewUuid() + "-c000.zstd.parquet";
    STRATA_ASSIGN_OR_RETURN(format::parquet::WrittenFile written,
                            format::parquet::WriteFile(*store_, io::JoinPath(root_, rel), data));
    AddFile add;
    add.path = rel;
    add.partition_values = values;
    add.size = written.size_bytes;
    add.modification_time = NowMillis();
    add.data_change = true;
    add.stats = FileStatsJson(written.num_rows, data.schema, written.stats);
    actions->push_back(std::move(add));
    *rows += written.num_rows;
  }
  return Status::OK();
}

Result<AppendResult> Table::Append(const std::vector<RecordBatch>& batches,
                                   const AppendOptions& options) {
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> snap, Latest());
  STRATA_RETURN_IF_ERROR(CheckWritable(snap->protocol(), snap->metadata()));
  AppendResult result;
  if (options.app_id) {
    std::optional<int64_t> recorded = snap->AppVersion(*options.app_id);
    if (recorded && options.txn_version <= *recorded) {
      result.version = snap->version();
      result.skipped = true;
      return result;
    }
  }
  std::vector<Action> actions;
  for (const RecordBatch& batch : batches) {
    STRATA_RETURN_IF_ERROR(CheckBatchSchema(snap->schema(), batch.schema));
    STRATA_RETURN_IF_ERROR(batch.Validate());
    if (batch.num_rows == 0) continue;
    STRATA_RETURN_IF_ERROR(WriteDataFiles(*snap, batch, &actions, &result.rows_added));
  }
  result.files_added = static_cast<int64_t>(actions.size());
  Transaction txn(store_, root_, snap, "WRITE");
  txn.SetParameter("mode", "\"Append\"");
  for (Action& a : actions) txn.Add(std::move(a));
  if (options.app_id) txn.Add(Txn{*options.app_id, options.txn_version, NowMillis()});
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> after, txn.Commit(options.commit));
  result.version = after->version();
  return result;
}

Result<DeleteResult> Table::Delete(const format::Predicate& predicate,
                                   const CommitOptions& options) {
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> snap, Latest());
  STRATA_RETURN_IF_ERROR(CheckWritable(snap->protocol(), snap->metadata()));
  STRATA_RETURN_IF_ERROR(CheckAppendOnly(*snap));
  for (const std::string& c : predicate.Columns()) {
    if (snap->schema().IndexOf(c.substr(0, c.find('.'))) < 0) {
      return Status::InvalidArgument("delete predicate names unknown column '" + c + "'");
    }
  }
  DeleteResult result;
  result.version = snap->version();
  std::vector<std::string> all_columns;
  for (const format::Field& f : snap->schema().fields()) all_columns.push_back(f.name);
  std::vector<Action> actions;
  for (const AddFile& file : snap->files()) {
    if (!FileMayMatch(*snap, file, predicate)) {
      ++result.files_skipped;
      continue;
    }
    STRATA_ASSIGN_OR_RETURN(RecordBatch rows, ReadFile(*snap, file, all_columns, nullptr));
    STRATA_ASSIGN_OR_RETURN(std::vector<uint8_t> mask, predicate.Evaluate(rows));
    std::vector<int64_t> keep = SelectedRows(mask, 0);
    if (keep.size() == static_cast<size_t>(rows.num_rows)) continue;  // no matching row
    result.rows_deleted += rows.num_rows - static_cast<int64_t>(keep.size());
    RemoveFile rm;
    rm.path = file.path;
    rm.deletion_timestamp = NowMillis();
    rm.data_change = true;
    rm.extended_file_metadata = true;
    rm.partition_values = file.partition_values;
    rm.size = file.size;
    actions.push_back(std::move(rm));
    ++result.files_removed;
    if (!keep.empty()) {
      size_t before = actions.size();
      int64_t written = 0;
      STRATA_RETURN_IF_ERROR(WriteDataFiles(*snap, TakeRows(rows, keep), &actions, &written));
      result.files_added += static_cast<int64_t>(actions.size() - before);
    }
  }
  if (actions.empty()) return result;
  Transaction txn(store_, root_, snap, "DELETE");
  txn.SetParameter("predicate", nlohmann::json(predicate.ToString()).dump());
  for (Action& a : actions) txn.Add(std::move(a));
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> after, txn.Commit(options));
  result.version = after->version();
  return result;
}

}  // namespace strata::table
