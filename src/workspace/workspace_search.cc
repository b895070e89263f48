// Workspace::RetrievalSettings, Refresh and OpenSearch: the embed → index → search path.
#include "workspace/retrieval_settings.h"
#include "workspace/workspace.h"

namespace strata::workspace {

Result<index::RetrievalConfig> Workspace::RetrievalSettings() const {
  auto config = store_->Get("strata.yaml");
  if (!config.ok()) {
    if (config.status().IsNotFound()) return index::RetrievalConfig{};
    return config.status();
  }
  return ParseRetrievalSettings((*config)->view(), uri_ + "/strata.yaml");
}

Result<RefreshSummary> Workspace::Refresh(const index::RetrievalConfig& config,
                                          const std::string& run_id) const {
  STRATA_ASSIGN_OR_RETURN(auto chunks, OpenTable("chunks"));
  STRATA_ASSIGN_OR_RETURN(auto embeddings, OpenTable("embeddings"));
  STRATA_ASSIGN_OR_RETURN(auto embedder, embed::MakeEmbedder(config.embedder));
  RefreshSummary summary;
  pipeline::EmbedOptions options;
  options.run_id = run_id;
  STRATA_ASSIGN_OR_RETURN(summary.embed,
                          pipeline::RunEmbed(*embedder, *chunks, *embeddings, options));
  STRATA_ASSIGN_OR_RETURN(summary.indexes,
                          pipeline::RunIndex(*store_, config, *embedder, *chunks, *embeddings));
  return summary;
}

Result<std::unique_ptr<index::SearchSession>> Workspace::OpenSearch(
    const index::RetrievalConfig& config, int64_t version) const {
  return index::SearchSession::Open(store_, config, version);
}

}  // namespace strata::workspace
