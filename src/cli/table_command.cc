// `strata table list|log|show|files|schema NAME|PATH [--version N] [--json]`: inspect Delta
// tables. NAME is a table of the workspace (<ws>/tables/NAME); anything with '/' or ':' is a path
// or URI that opens any Delta table, Strata's or not.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/row_json.h"
#include "common/clock.h"
#include "io/object_store.h"
#include "table/delta_schema.h"
#include "table/file_stats.h"
#include "table/table.h"
#include "workspace/workspace.h"

namespace strata::cli {
namespace {

using Json = nlohmann::ordered_json;

struct TableArgs {
  std::string name;
  int64_t version = -1;
  bool json = false;
  int64_t limit = 10;       // head
  std::string columns;      // head: comma-separated, empty = all
};

struct OpenedTable {
  std::shared_ptr<io::ObjectStore> store;
  std::string root;
};

Result<OpenedTable> Locate(const GlobalOptions& global, const std::string& name) {
  OpenedTable out;
  if (name.find('/') != std::string::npos || name.find(':') != std::string::npos) {
    STRATA_ASSIGN_OR_RETURN(out.store, io::OpenStore(name));
    return out;
  }
  if (!workspace::IsValidTableName(name)) {
    return Status::InvalidArgument("'" + name + "' is neither a table name nor a path");
  }
  STRATA_ASSIGN_OR_RETURN(auto ws, workspace::Workspace::Open(global.workspace));
  out.store = ws->store();
  out.root = workspace::Workspace::TableRoot(name);
  return out;
}

Result<std::shared_ptr<const table::Snapshot>> LoadSnapshot(const GlobalOptions& global,
                                                            const TableArgs& args) {
  STRATA_ASSIGN_OR_RETURN(OpenedTable t, Locate(global, args.name));
  table::SnapshotSpec spec;
  if (args.version >= 0) spec.version = args.version;
  Result<std::shared_ptr<const table::Snapshot>> snap = table::Snapshot::Load(t.store, t.root, spec);
  if (!snap.ok()) return snap.status().WithContext("table '" + args.name + "'");
  return snap;
}

// A field's type as Delta writes it in schemaString: a name for primitives, an object for nested
// types; Strata's own rendering beside it for types Delta cannot name.
Json TypeJson(const format::DataType& type) {
  Result<std::string> name = table::DeltaTypeName(type);
  if (!name.ok()) return type.ToString();
  if (type.is_nested()) return Json::parse(*name, nullptr, /*allow_exceptions=*/false);
  return *name;
}

Json SchemaJson(const format::Schema& schema) {
  Json fields = Json::array();
  for (const format::Field& f : schema.fields()) {
    fields.push_back({{"name", f.name}, {"type", TypeJson(*f.type)}, {"nullable", f.nullable}});
  }
  return fields;
}

// One schema line: Delta's name for primitives, the readable form for nested types.
void PrintField(const char* indent, const format::Field& f) {
  Result<std::string> name = table::DeltaTypeName(*f.type);
  std::string shown = name.ok() && !f.type->is_nested() ? *name : f.type->ToString();
  std::printf("%s%-24s %s%s\n", indent, f.name.c_str(), shown.c_str(),
              f.nullable ? "" : " not null");
}

void Print(const Json& j) { std::printf("%s\n", j.dump(2).c_str()); }

int RunList(const GlobalOptions& global, const TableArgs& args) {
  auto ws = workspace::Workspace::Open(global.workspace);
  if (!ws.ok()) return ReportError(ws.status());
  auto names = (*ws)->ListTables();
  if (!names.ok()) return ReportError(names.status());
  Json tables = Json::array();
  for (const std::string& name : *names) {
    auto snap = table::Snapshot::Load((*ws)->store(), workspace::Workspace::TableRoot(name));
    Json t = {{"name", name}};
    if (snap.ok()) {
      t["version"] = (*snap)->version();
      t["num_files"] = (*snap)->files().size();
      t["num_rows"] = (*snap)->NumRows();
    } else {
      t["error"] = snap.status().ToString();
    }
    tables.push_back(std::move(t));
  }
  if (args.json) {
    Print({{"workspace", global.workspace}, {"tables", tables}});
    return kExitOk;
  }
  for (const Json& t : tables) {
    if (t.contains("error")) {
      std::printf("%-20s %s\n", t["name"].get<std::string>().c_str(),
                  t["error"].get<std::string>().c_str());
    } else {
      std::printf("%-20s version %-6lld files %-6zu rows %lld\n",
                  t["name"].get<std::string>().c_str(), t["version"].get<long long>(),
                  t["num_files"].get<size_t>(), t["num_rows"].get<long long>());
    }
  }
  return kExitOk;
}

int RunLog(const GlobalOptions& global, const TableArgs& args) {
  auto t = Locate(global, args.name);
  if (!t.ok()) return ReportError(t.status());
  auto table = table::Table::Open(t->store, t->root);
  if (!table.ok()) return ReportError(table.status().WithContext("table '" + args.name + "'"));
  auto history = (*table)->History();
  if (!history.ok()) return ReportError(history.status().WithContext("table '" + args.name + "'"));
  Json commits = Json::array();
  for (const table::HistoryEntry& e : *history) {
    Json params = Json::object();
    for (const auto& [k, v] : e.parameters) params[k] = v;
    commits.push_back({{"version", e.version},
                       {"timestamp", e.timestamp_ms ? Json(*e.timestamp_ms) : Json(nullptr)},
                       {"operation", e.operation},
                       {"parameters", params},
                       {"files_added", e.files_added},
                       {"files_removed", e.files_removed}});
  }
  if (args.json) {
    Print({{"table", args.name}, {"commits", commits}});
    return kExitOk;
  }
  for (const table::HistoryEntry& e : *history) {
    std::string when = e.timestamp_ms ? FormatTimestampMicros(*e.timestamp_ms * 1000) : "-";
    std::printf("%-6lld %-27s %-16s +%lld -%lld\n", static_cast<long long>(e.version),
                when.c_str(), e.operation.c_str(), static_cast<long long>(e.files_added),
                static_cast<long long>(e.files_removed));
  }
  return kExitOk;
}

int RunShow(const GlobalOptions& global, const TableArgs& args) {
  auto snap = LoadSnapshot(global, args);
  if (!snap.ok()) return ReportError(snap.status());
  const table::Snapshot& s = **snap;
  Result<int64_t> rows = table::CountRows(s);
  if (!rows.ok()) return ReportError(rows.status().WithContext("table '" + args.name + "'"));
  Json props = Json::object();
  for (const auto& [k, v] : s.metadata().configuration) props[k] = v;
  Json out = {{"table", args.name},
              {"id", s.metadata().id},
              {"version", s.version()},
              {"num_files", s.files().size()},
              {"num_rows", *rows},
              {"size_bytes", s.TotalBytes()},
              {"partition_columns", s.partition_columns()},
              {"protocol",
               {{"min_reader_version", s.protocol().min_reader_version},
                {"min_writer_version", s.protocol().min_writer_version}}},
              {"properties", props},
              {"schema", SchemaJson(s.schema())}};
  if (args.json) {
    Print(out);
    return kExitOk;
  }
  std::printf("table     %s\nversion   %lld\nfiles     %zu\nrows      %lld\nbytes     %lld\n",
              args.name.c_str(), static_cast<long long>(s.version()), s.files().size(),
              static_cast<long long>(*rows), static_cast<long long>(s.TotalBytes()));
  std::printf("protocol  reader %d, writer %d\nschema\n", s.protocol().min_reader_version,
              s.protocol().min_writer_version);
  for (const format::Field& f : s.schema().fields()) PrintField("  ", f);
  return kExitOk;
}

int RunFiles(const GlobalOptions& global, const TableArgs& args) {
  auto snap = LoadSnapshot(global, args);
  if (!snap.ok()) return ReportError(snap.status());
  Json files = Json::array();
  for (const table::AddFile& f : (*snap)->files()) {
    Json pv = Json::object();
    for (const auto& [k, v] : f.partition_values) pv[k] = v ? Json(*v) : Json(nullptr);
    Json rows = nullptr;
    if (f.stats) {
      auto stats = table::ParseFileStats(*f.stats, (*snap)->schema());
      if (stats.ok() && stats->num_records) rows = *stats->num_records;
    }
    files.push_back({{"path", f.path}, {"size", f.size}, {"num_rows", rows},
                     {"partition_values", pv}});
  }
  if (args.json) {
    Print({{"table", args.name}, {"version", (*snap)->version()}, {"files", files}});
    return kExitOk;
  }
  for (const Json& f : files) {
    std::printf("%-10lld %-8s %s\n", f["size"].get<long long>(),
                f["num_rows"].is_null() ? "-" : std::to_string(f["num_rows"].get<long long>()).c_str(),
                f["path"].get<std::string>().c_str());
  }
  return kExitOk;
}

int RunSchema(const GlobalOptions& global, const TableArgs& args) {
  auto snap = LoadSnapshot(global, args);
  if (!snap.ok()) return ReportError(snap.status());
  if (args.json) {
    Print({{"table", args.name}, {"version", (*snap)->version()},
           {"fields", SchemaJson((*snap)->schema())},
           {"partition_columns", (*snap)->partition_columns()}});
    return kExitOk;
  }
  for (const format::Field& f : (*snap)->schema().fields()) PrintField("", f);
  return kExitOk;
}

// Rows of a version as JSON lines: the first `limit` rows of the chosen columns.
int RunHead(const GlobalOptions& global, const TableArgs& args) {
  Result<OpenedTable> t = Locate(global, args.name);
  if (!t.ok()) return ReportError(t.status());
  auto table = table::Table::Open(t->store, t->root);
  if (!table.ok()) return ReportError(table.status().WithContext("table '" + args.name + "'"));
  table::ScanOptions opts;
  if (args.version >= 0) opts.at.version = args.version;
  for (size_t start = 0; !args.columns.empty() && start <= args.columns.size();) {
    size_t comma = args.columns.find(',', start);
    if (comma == std::string::npos) comma = args.columns.size();
    if (comma > start) opts.columns.push_back(args.columns.substr(start, comma - start));
    start = comma + 1;
  }
  auto scan = (*table)->Scan(opts);
  if (!scan.ok()) return ReportError(scan.status().WithContext("table '" + args.name + "'"));
  const format::RecordBatch& b = scan->batch;
  std::string line;
  for (int64_t i = 0; i < b.num_rows && i < args.limit; ++i) {
    line.clear();
    AppendRowJson(b, i, &line);
    std::printf("%s\n", line.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddTableCommands(CLI::App& app, GlobalOptions& global, CommandList& commands) {
  auto* table = app.add_subcommand("table", "inspect Delta tables");
  table->require_subcommand(1);
  using Runner = int (*)(const GlobalOptions&, const TableArgs&);
  struct Spec {
    const char* name;
    const char* help;
    Runner run;
    bool needs_name;
  };
  static const Spec kSpecs[] = {
      {"list", "list the workspace's tables", RunList, false},
      {"log", "show the commit history", RunLog, true},
      {"show", "show version, files, rows and schema", RunShow, true},
      {"files", "list the data files of a version", RunFiles, true},
      {"schema", "print the schema of a version", RunSchema, true},
      {"head", "print the first rows as JSON lines", RunHead, true},
  };
  for (const Spec& spec : kSpecs) {
    auto args = std::make_shared<TableArgs>();  // outlives parsing: owned by the command
    auto* sub = table->add_subcommand(spec.name, spec.help);
    if (spec.needs_name) {
      sub->add_option("name", args->name, "table name, or a path/URI of a Delta table")
          ->required();
      sub->add_option("--version", args->version, "table version (default: latest)");
    }
    if (spec.run == RunHead) {
      sub->add_option("--limit", args->limit, "rows to print (default 10)");
      sub->add_option("--columns", args->columns, "columns to print, comma-separated");
    } else {
      sub->add_flag("--json", args->json, "print one JSON document");
    }
    Runner run = spec.run;
    commands.push_back({sub, [&global, args, run] { return run(global, *args); }});
  }
}

}  // namespace strata::cli
