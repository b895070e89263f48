#include "table/table.h"

#include "common/clock.h"
#include "table/delta_schema.h"
#include "table/log_files.h"

namespace strata::table {
namespace {

Status CheckPartitionColumns(const format::Schema& schema, const std::vector<std::string>& cols) {
  for (const std::string& c : cols) {
    int idx = schema.IndexOf(c);
    if (idx < 0) return Status::InvalidArgument("partition column '" + c + "' is not in the schema");
    if (schema.field(idx).type->is_nested()) {
      return Status::InvalidArgument("partition column '" + c + "' has a nested type");
    }
  }
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<Table>> Table::Create(std::shared_ptr<io::ObjectStore> store,
                                             std::string root, format::Schema schema,
                                             std::vector<std::string> partition_columns,
                                             std::map<std::string, std::string> properties) {
  STRATA_RETURN_IF_ERROR(CheckPartitionColumns(schema, partition_columns));
  Metadata meta;
  meta.id = NewUuid();
  STRATA_ASSIGN_OR_RETURN(meta.schema_string, ToDeltaSchemaString(schema));
  meta.partition_columns = std::move(partition_columns);
  meta.configuration = std::move(properties);
  meta.created_time = NowMillis();
  Transaction txn(store, root, nullptr, "CREATE TABLE");
  txn.Add(Protocol{});
  txn.Add(std::move(meta));
  STRATA_RETURN_IF_ERROR(txn.Commit().status());
  return std::unique_ptr<Table>(new Table(std::move(store), std::move(root)));
}

Result<std::unique_ptr<Table>> Table::Open(std::shared_ptr<io::ObjectStore> store,
                                           std::string root) {
  STRATA_ASSIGN_OR_RETURN(int64_t latest, LatestVersion(*store, root));
  if (latest < 0) return Status::NotFound("no Delta table at '" + LogDir(root) + "'");
  return std::unique_ptr<Table>(new Table(std::move(store), std::move(root)));
}

Result<std::shared_ptr<const Snapshot>> Table::Latest() const {
  return Snapshot::Load(store_, root_, {});
}

Result<std::shared_ptr<const Snapshot>> Table::At(const SnapshotSpec& spec) const {
  return Snapshot::Load(store_, root_, spec);
}

Result<int64_t> Table::AddColumns(const std::vector<format::Field>& fields) {
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> snap, Latest());
  STRATA_RETURN_IF_ERROR(CheckWritable(snap->protocol(), snap->metadata()));
  std::vector<format::Field> all = snap->schema().fields();
  for (const format::Field& f : fields) {
    if (!f.nullable) {
      return Status::InvalidArgument("added column '" + f.name + "' must be nullable");
    }
    if (snap->schema().IndexOf(f.name) >= 0) {
      return Status::AlreadyExists("column '" + f.name + "' already exists");
    }
    all.push_back(f);
  }
  Metadata meta = snap->metadata();
  STRATA_ASSIGN_OR_RETURN(meta.schema_string, ToDeltaSchemaString(format::Schema(all)));
  Transaction txn(store_, root_, snap, "ADD COLUMNS");
  txn.Add(std::move(meta));
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> after, txn.Commit());
  return after->version();
}

Result<std::vector<HistoryEntry>> Table::History(int64_t limit) const {
  STRATA_ASSIGN_OR_RETURN(int64_t latest, LatestVersion(*store_, root_));
  std::vector<HistoryEntry> out;
  for (int64_t v = latest; v >= 0 && (limit < 0 || static_cast<int64_t>(out.size()) < limit);
       --v) {
    Result<std::vector<Action>> actions = ReadCommit(*store_, root_, v);
    if (actions.status().IsNotFound()) break;  // older commits were cleaned up
    if (!actions.ok()) return actions.status();
    HistoryEntry e;
    e.version = v;
    for (const Action& a : *actions) {
      if (auto* c = std::get_if<CommitInfo>(&a)) {
        e.timestamp_ms = c->timestamp;
        e.operation = c->operation;
        e.parameters = c->operation_parameters;
      }
      e.files_added += std::holds_alternative<AddFile>(a);
      e.files_removed += std::holds_alternative<RemoveFile>(a);
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace strata::table
