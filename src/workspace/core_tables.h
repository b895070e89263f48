// The core tables of a workspace and their schemas: the data contract of DESIGN §3.
//
// documents, chunks, embeddings, quarantine, runs and inputs are created empty by `strata init`; later
// layers (ingest, process, embed, pipeline) append to them. Columns beyond these are allowed,
// added as nullable columns; the names and meanings here are the contract.
// Thread-safety: pure functions returning values.
#pragma once

#include <string>
#include <vector>

#include "format/schema.h"

namespace strata::workspace {

struct CoreTable {
  std::string name;
  format::Schema schema;
  std::vector<std::string> key;  // the logical key columns
};

/// The core tables in creation order.
const std::vector<CoreTable>& CoreTables();

}  // namespace strata::workspace
