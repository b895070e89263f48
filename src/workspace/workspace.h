// Workspace: the embedded entry point that wires an object store, the core tables and (in later
// layers) indexes, pipelines and governance (DESIGN §3).
//
// A workspace is a URI — a local folder or s3://bucket/prefix — holding strata.yaml and
// tables/<name>/ Delta tables. Init() creates it (idempotently: existing tables are kept);
// Open() requires it to exist. Table names are plain identifiers.
// Thread-safety: a Workspace may be shared across threads; tables are opened per call.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "io/object_store.h"
#include "index/searcher.h"
#include "pipeline/embed_job.h"
#include "pipeline/index_job.h"
#include "pipeline/ingest_job.h"
#include "table/table.h"

namespace strata::workspace {

struct RefreshSummary {
  pipeline::EmbedSummary embed;
  std::vector<pipeline::IndexSummary> indexes;
};

struct InitReport {
  std::vector<std::string> created;   // tables created now
  std::vector<std::string> existing;  // tables that were already there
  bool wrote_config = false;
};

class Workspace {
 public:
  /// Open an existing workspace: strata.yaml or at least one table under tables/; NotFound
  /// (naming the URI) otherwise.
  static Result<std::unique_ptr<Workspace>> Open(const std::string& uri);
  /// Create or complete the workspace at `uri` (folder, strata.yaml, core tables).
  static Result<std::unique_ptr<Workspace>> Init(const std::string& uri, InitReport* report);

  const std::string& uri() const { return uri_; }
  const std::shared_ptr<io::ObjectStore>& store() const { return store_; }

  /// Names of the tables under tables/, sorted.
  Result<std::vector<std::string>> ListTables() const;
  /// Open tables/<name>; InvalidArgument for a name that is not an identifier.
  Result<std::unique_ptr<table::Table>> OpenTable(const std::string& name) const;
  /// Run the ingest job (pipeline/ingest_job.h) over `options.sources` into this workspace's
  /// documents, chunks, quarantine and inputs tables.
  Result<pipeline::IngestSummary> Ingest(const pipeline::IngestOptions& options) const;

  /// The embed/index/search settings of strata.yaml (workspace/retrieval_settings.h).
  Result<index::RetrievalConfig> RetrievalSettings() const;
  /// Bring the embeddings of `config`'s model and the index builds up to the latest chunks
  /// version (pipeline/embed_job.h, pipeline/index_job.h).
  Result<RefreshSummary> Refresh(const index::RetrievalConfig& config,
                                 const std::string& run_id) const;
  /// A search session pinned at chunks `version` (-1: latest).
  Result<std::unique_ptr<index::SearchSession>> OpenSearch(const index::RetrievalConfig& config,
                                                           int64_t version) const;

  /// The store path of a table's root.
  static std::string TableRoot(const std::string& name);

 private:
  Workspace(std::string uri, std::shared_ptr<io::ObjectStore> store)
      : uri_(std::move(uri)), store_(std::move(store)) {}

  std::string uri_;
  std::shared_ptr<io::ObjectStore> store_;
};

/// True for names made of [A-Za-z0-9_-], starting with a letter or '_', at most 128 bytes.
bool IsValidTableName(const std::string& name);

}  // namespace strata::workspace
