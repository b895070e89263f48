// Loaders for retrieval evaluation sets: BEIR folders and the Cranfield collection.
//
// BEIR: corpus.jsonl ({"_id", "title", "text"}), queries.jsonl ({"_id", "text"}) and
// qrels/<split>.tsv (query-id, corpus-id, score; a header line; CRLF tolerated). Only queries
// judged in the split are kept.
// Cranfield: cran.all.1400 and cran.qry in SMART format (.I/.T/.A/.B/.W fields), cranqrel with
// Cleverdon's codes 1 (complete answer) .. 4 (minimum interest). Queries are numbered 1..225 in
// file order (their .I numbers skip); grades are 5 - code, so 1 → 4 and 4 → 1; other codes
// (-1, 5) are judged irrelevant.
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "index/eval/metrics.h"

namespace strata::index {

struct EvalDocument {
  std::string id;
  std::string title;
  std::string text;
};

struct EvalSet {
  std::string name;
  std::vector<EvalDocument> corpus;
  std::map<std::string, std::string> queries;  // id -> text, judged ones only
  Qrels qrels;
};

/// Load a BEIR folder; NotFound/Corruption naming the file and line on error.
Result<EvalSet> LoadBeir(const std::string& dir, const std::string& split = "test");
/// Load the Cranfield collection from `dir` (cran.all.1400, cran.qry, cranqrel).
Result<EvalSet> LoadCranfield(const std::string& dir);

}  // namespace strata::index
