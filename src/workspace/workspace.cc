#include "workspace/workspace.h"

#include <cctype>
#include <set>

#include "workspace/core_tables.h"

namespace strata::workspace {
namespace {

constexpr char kConfigPath[] = "strata.yaml";
constexpr char kTablesDir[] = "tables/";

constexpr char kDefaultConfig[] = R"(# Strata workspace configuration (DESIGN §3, §6-§8).
# The pipeline spec (sources, steps, outputs) is added by later releases; the sections below are
# optional and show their defaults. Changing the embedding model or an index build parameter
# builds a new index beside the old one.
version: 1

# embed:
#   model: hash              # hash[:DIM] | static:MODEL_DIR (model2vec) | http:URL[#MODEL]
# index:
#   text:   {k1: 0.9, b: 0.4, stemmer: porter, stopwords: true}
#   vector: {kind: hnsw, metric: cosine, m: 16, ef_construction: 200, ef_search: 64, int8: false}
# search:
#   fusion: weighted         # weighted (min-max normalized scores) | rrf
#   rrf_k: 60
#   text_weight: 1.0
#   vector_weight: 0.4
#   candidates: 100          # depth of each ranked list before fusion
)";

}  // namespace

bool IsValidTableName(const std::string& name) {
  if (name.empty() || name.size() > 128) return false;
  if (!(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  }
  return true;
}

std::string Workspace::TableRoot(const std::string& name) { return kTablesDir + name; }

Result<std::unique_ptr<Workspace>> Workspace::Open(const std::string& uri) {
  STRATA_ASSIGN_OR_RETURN(auto store, io::OpenStore(uri));
  auto head = store->Head(kConfigPath);
  if (!head.ok() && !head.status().IsNotFound()) return head.status();
  if (!head.ok()) {
    // A folder of tables without strata.yaml (written by an older Strata or by hand) still is a
    // workspace for reading; only an empty or foreign location is refused.
    STRATA_ASSIGN_OR_RETURN(auto tables, store->List(kTablesDir));
    if (tables.empty()) {
      return Status::NotFound("no Strata workspace at '" + uri + "' (run `strata init -w " + uri +
                              "`)");
    }
  }
  return std::unique_ptr<Workspace>(new Workspace(uri, std::move(store)));
}

Result<std::unique_ptr<Workspace>> Workspace::Init(const std::string& uri, InitReport* report) {
  STRATA_ASSIGN_OR_RETURN(auto store, io::OpenStore(uri));
  std::unique_ptr<Workspace> ws(new Workspace(uri, store));
  Status put = store->PutIfAbsent(kConfigPath, kDefaultConfig);
  if (put.ok()) {
    report->wrote_config = true;
  } else if (!put.IsAlreadyExists()) {
    return put.WithContext("writing " + uri + "/" + kConfigPath);
  }
  for (const CoreTable& core : CoreTables()) {
    auto created = table::Table::Create(store, TableRoot(core.name), core.schema);
    if (created.ok()) {
      report->created.push_back(core.name);
    } else if (created.status().IsAlreadyExists()) {
      report->existing.push_back(core.name);
    } else {
      return created.status().WithContext("creating table " + core.name);
    }
  }
  return ws;
}

Result<std::vector<std::string>> Workspace::ListTables() const {
  STRATA_ASSIGN_OR_RETURN(auto objects, store_->List(kTablesDir));
  std::set<std::string> names;
  const std::string marker = "/_delta_log/";
  for (const auto& o : objects) {
    std::string rest = o.path.substr(sizeof(kTablesDir) - 1);
    size_t at = rest.find(marker);
    if (at != std::string::npos && rest.find('/') == at) names.insert(rest.substr(0, at));
  }
  return std::vector<std::string>(names.begin(), names.end());
}

Result<std::unique_ptr<table::Table>> Workspace::OpenTable(const std::string& name) const {
  if (!IsValidTableName(name)) {
    return Status::InvalidArgument("'" + name + "' is not a table name");
  }
  auto t = table::Table::Open(store_, TableRoot(name));
  if (!t.ok() && t.status().IsNotFound()) {
    return Status::NotFound("no table '" + name + "' in workspace " + uri_);
  }
  return t;
}

}  // namespace strata::workspace
