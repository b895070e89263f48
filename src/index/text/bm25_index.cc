#include "index/text/bm25_index.h"

#include <algorithm>
#include <cmath>

#include "index/text/length_norm.h"

namespace strata::index {
namespace {

/// The analyzed form of a run of documents: local term ids, (term, tf) pairs per document.
struct AnalyzedChunk {
  TermTable terms;                  // term <-> local id
  std::vector<uint32_t> pairs;      // (local id, tf) for each document, in document order
  std::vector<uint32_t> pair_ends;  // per document: end of its pairs (in uint32 units)
  std::vector<uint32_t> lengths;    // per document: number of terms
};

void AnalyzeChunk(const StandardAnalyzer& analyzer, std::span<const std::string_view> texts,
                  AnalyzedChunk* out) {
  std::vector<uint32_t> tf;     // local id -> count within the current document
  std::vector<uint32_t> order;  // local ids of the current document, first occurrence first
  out->pair_ends.reserve(texts.size());
  out->lengths.reserve(texts.size());
  for (std::string_view text : texts) {
    uint32_t length = 0;
    analyzer.ForEachTerm(text, [&](std::string_view term) {
      bool inserted;
      uint32_t id = out->terms.Intern(term, &inserted);
      if (inserted) tf.push_back(0);
      if (tf[id]++ == 0) order.push_back(id);
      ++length;
    });
    for (uint32_t id : order) {
      out->pairs.push_back(id);
      out->pairs.push_back(tf[id]);
      tf[id] = 0;
    }
    order.clear();
    out->pair_ends.push_back(uint32_t(out->pairs.size()));
    out->lengths.push_back(length);
  }
}

}  // namespace

Result<std::unique_ptr<Bm25Index>> Bm25Index::Make(const TextIndexOptions& options) {
  if (!(options.k1 >= 0) || !std::isfinite(options.k1)) {
    return Status::InvalidArgument("text index option k1 must be a finite number >= 0");
  }
  if (!(options.b >= 0 && options.b <= 1)) {
    return Status::InvalidArgument("text index option b must lie in [0, 1]");
  }
  if (options.threads < 0) return Status::InvalidArgument("text index option threads is < 0");
  std::unique_ptr<Bm25Index> index(new Bm25Index(options));
  STRATA_ASSIGN_OR_RETURN(index->analyzer_, StandardAnalyzer::Open(options));
  if (options.threads > 1) index->pool_ = std::make_unique<ThreadPool>(options.threads - 1);
  return index;
}

Result<std::unique_ptr<TextIndex>> TextIndex::Create(const TextIndexOptions& options) {
  STRATA_ASSIGN_OR_RETURN(auto index, Bm25Index::Make(options));
  return std::unique_ptr<TextIndex>(std::move(index));
}

Status Bm25Index::Add(std::span<const std::string_view> texts) {
  if (texts.empty()) return Status::OK();
  if (uint64_t(size()) + texts.size() >= kEndDoc) {
    return Status::InvalidArgument("text index full: " + std::to_string(size()) + " + " +
                                   std::to_string(texts.size()) + " documents exceed 2^32 - 1");
  }
  const uint32_t base = size();
  const size_t threads = options_.threads == 1 ? 1
                         : pool_               ? pool_->size() + 1
                                               : ThreadPool::Default().size() + 1;
  const size_t per_chunk = std::max<size_t>(64, texts.size() / (threads * 8) + 1);
  std::vector<AnalyzedChunk> chunks((texts.size() + per_chunk - 1) / per_chunk);
  auto analyze = [&](size_t c) {
    size_t begin = c * per_chunk, end = std::min(texts.size(), begin + per_chunk);
    AnalyzeChunk(*analyzer_, texts.subspan(begin, end - begin), &chunks[c]);
  };
  if (threads == 1 || chunks.size() == 1) {
    for (size_t c = 0; c < chunks.size(); ++c) analyze(c);
  } else {
    (pool_ ? *pool_ : ThreadPool::Default()).ParallelFor(chunks.size(), analyze);
  }

  // Statistics first, so that blocks sealed below get bounds under the new norms.
  for (const AnalyzedChunk& chunk : chunks) {
    for (uint32_t length : chunk.lengths) {
      lengths_.push_back(length);
      total_length_ += length;
      counted_ += length > 0;
    }
  }
  removed_bits_.resize((lengths_.size() + 63) / 64, 0);
  RefreshNorms();
  const double avgdl = AverageLength();
  bounds_avgdl_ = bounds_avgdl_ > 0 ? std::min(bounds_avgdl_, avgdl) : avgdl;

  std::vector<uint8_t> touched(postings_.size(), 0);
  std::vector<uint32_t> global;
  uint32_t doc = base;
  for (AnalyzedChunk& chunk : chunks) {
    global.resize(chunk.terms.size());
    for (uint32_t i = 0; i < chunk.terms.size(); ++i) global[i] = TermId(chunk.terms.Term(i));
    touched.resize(postings_.size(), 0);
    uint32_t begin = 0;
    for (uint32_t end : chunk.pair_ends) {
      for (uint32_t i = begin; i < end; i += 2) {
        uint32_t term = global[chunk.pairs[i]];
        Append(term, doc, chunk.pairs[i + 1]);
        touched[term] = 1;
      }
      begin = end;
      ++doc;
    }
    chunk = AnalyzedChunk();  // release as we go
  }
  for (size_t t = 0; t < touched.size(); ++t) {
    if (touched[t]) RefreshTail(postings_[t]);
  }
  if (avgdl > bounds_avgdl_ * 1.1) RecomputeBounds();  // keep skipping tight as docs grow
  return Status::OK();
}

Status Bm25Index::Remove(uint32_t id) {
  if (id >= size()) {
    return Status::InvalidArgument("text index remove: id " + std::to_string(id) +
                                   " was never assigned (size " + std::to_string(size()) + ")");
  }
  uint64_t bit = uint64_t{1} << (id & 63);
  if (!(removed_bits_[id >> 6] & bit)) {
    removed_bits_[id >> 6] |= bit;
    ++removed_;
  }
  return Status::OK();
}

void Bm25Index::RefreshNorms() {
  const float k1 = options_.k1, b = options_.b;
  const float avgdl = float(AverageLength());
  for (size_t i = length_codes_.size(); i < lengths_.size(); ++i) {
    length_codes_.push_back(EncodeLength(lengths_[i]));
  }
  for (int code = 0; code < 256; ++code) {
    norm_table_[code] = k1 * ((1 - b) + b * float(DecodeLength(uint8_t(code))) / avgdl);
  }
}

float Bm25Index::Idf(uint32_t df) const {
  return float(std::log(1 + (double(counted_) - df + 0.5) / (df + 0.5)));
}

uint32_t Bm25Index::TermId(std::string_view term) {
  bool inserted;
  uint32_t id = dictionary_.Intern(term, &inserted);
  if (inserted) postings_.emplace_back();
  return id;
}

void Bm25Index::Append(uint32_t term, uint32_t doc, uint32_t tf) {
  TermPostings& p = postings_[term];
  if (p.tail.empty() && !p.blocks.empty() && p.blocks.back().doc_bits != kRawBlock &&
      p.blocks.back().count < kBlockSize) {
    ReopenTail(p);
  }
  p.tail.push_back(doc);
  p.tail.push_back(tf);
  ++p.df;
  if (p.tail.size() == 2 * kBlockSize) Seal(p);
}

float Bm25Index::BlockBound(const uint32_t* docs, const uint32_t* tfs, int count) const {
  float bound = 0;
  for (int i = 0; i < count; ++i) {
    float tf = float(tfs[i]);
    bound = std::max(bound, tf / (tf + Norm(docs[i])));
  }
  return bound;
}

void Bm25Index::Seal(TermPostings& p) {
  if (!p.blocks.empty() && p.blocks.back().doc_bits == kRawBlock) p.blocks.pop_back();
  uint32_t docs[kBlockSize], tfs[kBlockSize];
  const int n = int(p.tail.size() / 2);
  for (int i = 0; i < n; ++i) {
    docs[i] = p.tail[2 * i];
    tfs[i] = p.tail[2 * i + 1];
  }
  PostingBlock block;
  PackWidths(docs, tfs, n, &block.doc_bits, &block.tf_bits);
  uint8_t* data = arena_.Allocate(PackedBytes(n, block.doc_bits, block.tf_bits));
  PackBlock(docs, tfs, n, block.doc_bits, block.tf_bits, data);
  block.data = data;
  block.first_doc = docs[0];
  block.last_doc = docs[n - 1];
  block.count = uint16_t(n);
  block.bound = BlockBound(docs, tfs, n);
  p.max_bound = std::max(p.max_bound, block.bound);
  p.blocks.push_back(block);
  p.tail.clear();
}

void Bm25Index::RefreshTail(TermPostings& p) {
  if (p.tail.empty()) return;
  PostingBlock block;
  const int n = int(p.tail.size() / 2);
  block.first_doc = p.tail[0];
  block.last_doc = p.tail[p.tail.size() - 2];
  block.data = reinterpret_cast<const uint8_t*>(p.tail.data());
  block.count = uint16_t(n);
  block.doc_bits = kRawBlock;
  float bound = 0;
  for (int i = 0; i < n; ++i) {
    float tf = float(p.tail[2 * i + 1]);
    bound = std::max(bound, tf / (tf + Norm(p.tail[2 * i])));
  }
  block.bound = bound;
  p.max_bound = std::max(p.max_bound, bound);
  if (!p.blocks.empty() && p.blocks.back().doc_bits == kRawBlock) {
    p.blocks.back() = block;
  } else {
    p.blocks.push_back(block);
  }
}

void Bm25Index::ReopenTail(TermPostings& p) {
  uint32_t docs[kBlockSize], tfs[kBlockSize];
  const PostingBlock& last = p.blocks.back();
  UnpackBlock(last, docs, tfs);
  for (int i = 0; i < last.count; ++i) {
    p.tail.push_back(docs[i]);
    p.tail.push_back(tfs[i]);
  }
  p.blocks.pop_back();
}

void Bm25Index::RecomputeBounds() {
  uint32_t docs[kBlockSize], tfs[kBlockSize];
  for (TermPostings& p : postings_) {
    p.max_bound = 0;
    for (PostingBlock& block : p.blocks) {
      UnpackBlock(block, docs, tfs);
      block.bound = BlockBound(docs, tfs, block.count);
      p.max_bound = std::max(p.max_bound, block.bound);
    }
  }
  bounds_avgdl_ = AverageLength();
}

size_t Bm25Index::MemoryBytes() const {
  size_t bytes = sizeof(*this) + arena_.bytes();
  bytes += lengths_.capacity() * sizeof(uint32_t) + length_codes_.capacity();
  bytes += removed_bits_.capacity() * sizeof(uint64_t);
  bytes += postings_.capacity() * sizeof(TermPostings);
  for (const TermPostings& p : postings_) {
    bytes += p.blocks.capacity() * sizeof(PostingBlock) + p.tail.capacity() * sizeof(uint32_t);
  }
  bytes += dictionary_.MemoryBytes();
  for (const auto& buffer : mapped_) bytes += buffer->size();
  return bytes;
}

}  // namespace strata::index
