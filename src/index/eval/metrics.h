// Retrieval quality metrics over graded relevance judgments, as BEIR and TREC compute them:
// nDCG@k (gain = grade, log2 discount, ideal from the judged grades), recall@k (share of the
// relevant documents, grade > 0, found in the top k) and MRR@k (reciprocal rank of the first
// relevant document). Averages run over the queries that have at least one relevant judgment.
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace strata::index {

/// query id -> document id -> grade (0 = judged irrelevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;
/// query id -> ranked document ids, best first.
using Run = std::map<std::string, std::vector<std::string>>;

struct QualityReport {
  double ndcg_at_10 = 0;
  double recall_at_100 = 0;
  double mrr_at_10 = 0;
  int queries = 0;  // judged queries averaged over
};

double NdcgAt(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged,
              int k);
double RecallAt(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged,
                int k);
double MrrAt(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged,
             int k);

/// The three metrics averaged over every query of `qrels` with a relevant document; a query
/// missing from `run` counts as zero.
QualityReport Evaluate(const Run& run, const Qrels& qrels);

}  // namespace strata::index
