// Test helper: read every item of a Source's splits, in order (one copy for the source tests).
#pragma once

#include <vector>

#include "common/result.h"
#include "ingest/source.h"

namespace strata::ingest {

/// Every item of `splits`, read through `source`.
inline Result<std::vector<SourceItem>> ReadSplits(Source* source, const std::vector<Split>& splits) {
  std::vector<SourceItem> items;
  for (const Split& split : splits) {
    STRATA_ASSIGN_OR_RETURN(auto reader, source->Open(split));
    while (true) {
      STRATA_ASSIGN_OR_RETURN(auto item, reader->Next());
      if (!item) break;
      items.push_back(std::move(*item));
    }
  }
  return items;
}

/// Every item of the splits `source` lists now.
inline Result<std::vector<SourceItem>> ReadAll(Source* source) {
  STRATA_ASSIGN_OR_RETURN(auto splits, source->ListSplits());
  return ReadSplits(source, splits);
}

}  // namespace strata::ingest
