// Workspace::Ingest: open the tables the ingest job writes and run it.
#include "workspace/workspace.h"

namespace strata::workspace {

Result<pipeline::IngestSummary> Workspace::Ingest(const pipeline::IngestOptions& options) const {
  STRATA_ASSIGN_OR_RETURN(auto documents, OpenTable("documents"));
  STRATA_ASSIGN_OR_RETURN(auto chunks, OpenTable("chunks"));
  STRATA_ASSIGN_OR_RETURN(auto quarantine, OpenTable("quarantine"));
  STRATA_ASSIGN_OR_RETURN(auto inputs, OpenTable("inputs"));
  pipeline::IngestTables tables{documents.get(), chunks.get(), quarantine.get(), inputs.get(),
                                store_};
  return pipeline::RunIngest(options, tables);
}

}  // namespace strata::workspace
