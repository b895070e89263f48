#include "pipeline/index_job.h"

namespace strata::pipeline {

Result<std::vector<IndexSummary>> RunIndex(io::ObjectStore& store,
                                           const index::RetrievalConfig& config,
                                           const embed::Embedder& embedder,
                                           const table::Table& chunks,
                                           const table::Table& embeddings) {
  STRATA_ASSIGN_OR_RETURN(index::ChunkCatalog catalog, index::ChunkCatalog::Load(chunks, -1));
  std::vector<IndexSummary> out;
  for (const index::IndexDefinition& definition : index::IndexDefinitions(config, embedder)) {
    IndexSummary summary;
    summary.name = definition.name;
    std::unique_ptr<index::IndexBuild> build;
    auto loaded = index::IndexBuild::Load(store, definition.name, -1);
    if (loaded.ok()) {
      build = std::move(*loaded);
    } else if (loaded.status().IsNotFound()) {
      STRATA_ASSIGN_OR_RETURN(build, index::IndexBuild::Create(definition));
    } else {
      return loaded.status();
    }
    summary.from_version = build->version();
    bool current = build->version() == catalog.version();
    if (current && build->vector()) {  // embeddings may have arrived for pending chunks since
      STRATA_ASSIGN_OR_RETURN(auto latest, embeddings.Latest());
      current = build->embeddings_version() == latest->version();
    }
    if (current) {
      summary.up_to_date = true;
    } else {
      STRATA_RETURN_IF_ERROR(build->SyncTo(catalog, chunks, &embeddings, &summary.stats));
      STRATA_RETURN_IF_ERROR(build->Save(store).WithContext("saving index " + definition.name));
    }
    summary.version = build->version();
    summary.live = build->live();
    out.push_back(std::move(summary));
  }
  return out;
}

}  // namespace strata::pipeline
