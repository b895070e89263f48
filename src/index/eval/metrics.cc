#include "index/eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace strata::index {

double NdcgAt(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged,
              int k) {
  double dcg = 0;
  for (size_t i = 0; i < ranked.size() && int(i) < k; ++i) {
    auto it = judged.find(ranked[i]);
    if (it != judged.end() && it->second > 0) dcg += it->second / std::log2(double(i) + 2);
  }
  std::vector<int> grades;
  for (const auto& [doc, grade] : judged) {
    if (grade > 0) grades.push_back(grade);
  }
  std::sort(grades.begin(), grades.end(), std::greater<>());
  double ideal = 0;
  for (size_t i = 0; i < grades.size() && int(i) < k; ++i) ideal += grades[i] / std::log2(double(i) + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

double RecallAt(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged,
                int k) {
  int relevant = 0;
  for (const auto& [doc, grade] : judged) relevant += grade > 0;
  if (relevant == 0) return 0;
  int found = 0;
  for (size_t i = 0; i < ranked.size() && int(i) < k; ++i) {
    auto it = judged.find(ranked[i]);
    found += it != judged.end() && it->second > 0;
  }
  return double(found) / relevant;
}

double MrrAt(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged,
             int k) {
  for (size_t i = 0; i < ranked.size() && int(i) < k; ++i) {
    auto it = judged.find(ranked[i]);
    if (it != judged.end() && it->second > 0) return 1.0 / double(i + 1);
  }
  return 0;
}

QualityReport Evaluate(const Run& run, const Qrels& qrels) {
  QualityReport report;
  static const std::vector<std::string> kNone;
  for (const auto& [query, judged] : qrels) {
    if (std::none_of(judged.begin(), judged.end(), [](const auto& j) { return j.second > 0; })) {
      continue;
    }
    auto it = run.find(query);
    const auto& ranked = it == run.end() ? kNone : it->second;
    report.ndcg_at_10 += NdcgAt(ranked, judged, 10);
    report.recall_at_100 += RecallAt(ranked, judged, 100);
    report.mrr_at_10 += MrrAt(ranked, judged, 10);
    ++report.queries;
  }
  if (report.queries) {
    report.ndcg_at_10 /= report.queries;
    report.recall_at_100 /= report.queries;
    report.mrr_at_10 /= report.queries;
  }
  return report;
}

}  // namespace strata::index
