// Retrieval settings: the `embed:`, `index:` and `search:` sections of strata.yaml (DESIGN §6,
// §7), read into an index::RetrievalConfig. Every key is optional; unknown keys and values of
// the wrong type are errors naming the file, line and the keys expected.
//
//   embed:
//     model: hash                 # hash[:DIM] | static:DIR | http:URL[#MODEL]
//   index:
//     text:   {k1: 0.9, b: 0.4, stemmer: porter, stopwords: true}
//     vector: {kind: hnsw, metric: cosine, m: 16, ef_construction: 200, ef_search: 64,
//              int8: false}
//   search:
//     fusion: weighted            # weighted | rrf
//     rrf_k: 60
//     text_weight: 1.0
//     vector_weight: 0.4
//     candidates: 100
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "index/searcher.h"

namespace strata::workspace {

Result<index::RetrievalConfig> ParseRetrievalSettings(std::string_view yaml,
                                                      const std::string& file);

}  // namespace strata::workspace
