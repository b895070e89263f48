// Top-k BM25 retrieval: block-max MaxScore over the query terms' posting cursors.
//
// Terms are ordered by their upper bound (weight * the largest block bound). The shortest prefix
// of low-bound terms whose bounds sum to at most the current k-th score θ is "non-essential": a
// document that contains none of the other (essential) terms cannot enter the top k, so
// candidates come only from the essential lists. For each candidate the essential terms are
// scored, then the non-essential terms' bounds for the blocks holding the candidate
// (ShallowBound, no decoding) are added; when that total cannot beat θ the candidate is
// dropped, otherwise non-essential terms are looked up (NextGeq) from the largest bound down
// while the remaining bounds can still lift the score above θ. Removed and disallowed ids are
// rejected before any scoring, so the top k holds only admissible documents.
//
// Exactness: a document's final score is the float sum of its per-term contributions in query
// order (independent of the traversal), bounds are inflated by a relative 1e-5 against rounding,
// and since candidates arrive in increasing id order a later document enters the heap only with
// a strictly larger score — which is the "ties by smaller id" rule.
#include <algorithm>
#include <limits>

#include "index/text/bm25_index.h"

namespace strata::index {

struct Bm25Index::QueryTerm {
  const TermPostings* postings = nullptr;
  float weight = 0;  // idf * query term frequency
  double upper = 0;  // bound of the term's contribution to any document
  int order = 0;     // position among the query's terms: the summation order
  PostingCursor cursor;
};

class Bm25Index::TopK {
 public:
  explicit TopK(size_t k) : k_(k) { heap_.reserve(k); }
  bool full() const { return heap_.size() >= k_; }
  double Threshold() const {
    return full() ? heap_.front().score : -std::numeric_limits<double>::infinity();
  }
  /// Offer (id, score); true when it entered the top k.
  bool Push(uint32_t id, float score) {
    if (full()) {
      if (!Better({id, score}, heap_.front())) return false;
      std::pop_heap(heap_.begin(), heap_.end(), Better);
      heap_.back() = {id, score};
    } else {
      heap_.push_back({id, score});
    }
    std::push_heap(heap_.begin(), heap_.end(), Better);
    return true;
  }
  std::vector<Scored> Take() {
    std::sort(heap_.begin(), heap_.end(), Better);
    return std::move(heap_);
  }

 private:
  // With Better as the heap order, the front is the worst entry.
  static bool Better(const Scored& a, const Scored& b) {
    return a.score > b.score || (a.score == b.score && a.id < b.id);
  }
  size_t k_;
  std::vector<Scored> heap_;
};

namespace {
constexpr double kSlack = 1 + 1e-5;
}  // namespace

std::vector<Bm25Index::QueryTerm> Bm25Index::Prepare(std::string_view query) const {
  std::vector<std::pair<std::string, uint32_t>> counts;  // unique terms, first occurrence first
  analyzer_->ForEachTerm(query, [&](std::string_view term) {
    for (auto& [t, n] : counts) {
      if (t == term) {
        ++n;
        return;
      }
    }
    counts.emplace_back(std::string(term), 1);
  });
  const double scale = std::max(1.0, AverageLength() / bounds_avgdl_);
  std::vector<QueryTerm> terms;
  terms.reserve(counts.size());
  for (auto& [term, n] : counts) {
    uint32_t id = dictionary_.Find(term);
    if (id == TermTable::kMissing) continue;
    const TermPostings& p = postings_[id];
    if (p.df == 0) continue;
    QueryTerm q;
    q.postings = &p;
    q.weight = Idf(p.df) * float(n);
    q.upper = double(q.weight) * p.max_bound * scale * kSlack;
    q.order = int(terms.size());
    terms.push_back(q);
  }
  return terms;
}

float Bm25Index::Score(const std::vector<QueryTerm>& terms, const float* contributions) const {
  float score = 0;
  for (size_t i = 0; i < terms.size(); ++i) score += contributions[i];
  return score;
}

Result<std::vector<Scored>> Bm25Index::Search(std::string_view query,
                                              const TextSearchOptions& options) const {
  if (options.k < 0) {
    return Status::InvalidArgument("text search: k must be >= 0, got " + std::to_string(options.k));
  }
  TopK top(size_t(options.k));
  if (options.k == 0 || size() == 0) return top.Take();
  std::vector<QueryTerm> terms = Prepare(query);
  if (terms.empty()) return top.Take();
  uint64_t postings = 0;
  for (const QueryTerm& t : terms) postings += t.postings->df;
  if (options.allow && uint64_t(options.allow->count()) * terms.size() * 4 < postings) {
    SearchAllowed(terms, *options.allow, top);
  } else {
    SearchMaxScore(terms, options.allow, top);
  }
  return top.Take();
}

void Bm25Index::SearchAllowed(std::vector<QueryTerm>& terms, const AllowSet& allow,
                              TopK& top) const {
  for (QueryTerm& t : terms) t.cursor.Reset(t.postings);
  std::vector<float> contributions(terms.size());
  const uint32_t limit = std::min(allow.size(), size());
  allow.ForEach([&](uint32_t d) {
    if (d >= limit || IsRemoved(d)) return;
    bool any = false;
    for (QueryTerm& t : terms) {
      t.cursor.NextGeq(d);
      float c = 0;
      if (t.cursor.doc() == d) {
        float tf = float(t.cursor.tf());
        c = t.weight * (tf / (tf + Norm(d)));
        any = true;
      }
      contributions[t.order] = c;
    }
    if (any) top.Push(d, Score(terms, contributions.data()));
  });
}

void Bm25Index::SearchMaxScore(std::vector<QueryTerm>& terms, const AllowSet* allow,
                               TopK& top) const {
  std::sort(terms.begin(), terms.end(),
            [](const QueryTerm& a, const QueryTerm& b) { return a.upper < b.upper; });
  const size_t n = terms.size();
  for (QueryTerm& t : terms) t.cursor.Reset(t.postings);
  std::vector<double> prefix(n + 1, 0);  // prefix[i]: sum of the bounds of terms[0..i)
  for (size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + terms[i].upper;
  const double scale = std::max(1.0, AverageLength() / bounds_avgdl_) * kSlack;
  std::vector<float> contributions(n);
  size_t essential = 0;  // terms[essential..n) are essential

  auto contribution = [&](const QueryTerm& t, uint32_t d) {
    float tf = float(t.cursor.tf());
    return t.weight * (tf / (tf + Norm(d)));
  };
  while (true) {
    if (essential + 1 == n && top.full()) {
      // One essential list: skip its blocks whose bound cannot beat θ together with every
      // non-essential term's bound, without decoding them.
      PostingCursor& c = terms[essential].cursor;
      const double limit = (top.Threshold() / kSlack - prefix[essential]) /
                           (double(terms[essential].weight) * scale);
      while (c.doc() != kEndDoc && c.BlockBound() <= limit) c.NextBlockAbove(limit);
    }
    uint32_t d = kEndDoc;
    for (size_t i = essential; i < n; ++i) d = std::min(d, terms[i].cursor.doc());
    if (d == kEndDoc) break;
    if (IsRemoved(d) || (allow && !allow->Contains(d))) {
      for (size_t i = essential; i < n; ++i) {
        if (terms[i].cursor.doc() == d) terms[i].cursor.Next();
      }
      continue;
    }
    std::fill(contributions.begin(), contributions.end(), 0.0f);
    double partial = 0;
    for (size_t i = essential; i < n; ++i) {
      QueryTerm& t = terms[i];
      if (t.cursor.doc() != d) continue;
      float c = contribution(t, d);
      contributions[t.order] = c;
      partial += c;
      t.cursor.Next();
    }
    const double theta = top.Threshold();
    if (essential > 0 && top.full()) {
      double bound = partial;
      for (size_t i = 0; i < essential; ++i) {
        bound += double(terms[i].weight) * terms[i].cursor.ShallowBound(d) * scale;
      }
      if (bound * kSlack <= theta) continue;
    }
    bool pruned = false;
    for (size_t i = essential; i-- > 0;) {
      if (top.full() && (partial + prefix[i + 1]) * kSlack <= theta) {
        pruned = true;
        break;
      }
      QueryTerm& t = terms[i];
      t.cursor.NextGeq(d);
      if (t.cursor.doc() != d) continue;
      float c = contribution(t, d);
      contributions[t.order] = c;
      partial += c;
    }
    if (pruned || !top.Push(d, Score(terms, contributions.data())) || !top.full()) continue;
    const double threshold = top.Threshold();
    while (essential < n && prefix[essential + 1] <= threshold) ++essential;
  }
}

}  // namespace strata::index
