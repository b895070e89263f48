// Save and Load of Bm25Index (layout in bm25_format.h).
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/hash.h"
#include "index/text/bm25_format.h"
#include "index/text/bm25_index.h"
#include "index/text/length_norm.h"

namespace strata::index {
namespace {

template <typename T>
void AppendRaw(std::string* out, const T& value) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

std::string HashHex(std::string_view data) {
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(Xxh3(data)));
  return hex;
}

/// The files of one build, filled term by term before anything is written.
struct BuildFiles {
  std::string strings, terms, blocks, postings, docs;
  uint64_t term_count = 0, block_count = 0;
};

/// Packs each term's postings into blocks with bounds under the build's norms.
class BuildWriter {
 public:
  explicit BuildWriter(std::vector<float> norms) : norms_(std::move(norms)) {}

  void BeginTerm() {
    term_ = TermRecord{0, 0, 0, files.block_count, 0, 0};
    pending_ = 0;
  }
  void Add(uint32_t doc, uint32_t tf) {
    docs_[pending_] = doc;
    tfs_[pending_] = tf;
    if (++pending_ == kBlockSize) Flush();
  }
  /// Write the term's record, unless it has no postings left.
  void EndTerm(std::string_view name) {
    if (pending_) Flush();
    if (term_.df == 0) return;
    term_.string_offset = files.strings.size();
    term_.string_length = uint32_t(name.size());
    files.strings += name;
    AppendRaw(&files.terms, term_);
    files.block_count += term_.block_count;
    ++files.term_count;
  }

  BuildFiles files;

 private:
  void Flush() {
    BlockRecord block{
        docs_[0], docs_[pending_ - 1], files.postings.size(), 0, uint16_t(pending_), 0, 0};
    PackWidths(docs_, tfs_, pending_, &block.doc_bits, &block.tf_bits);
    const size_t bytes = PackedBytes(pending_, block.doc_bits, block.tf_bits);
    const size_t at = files.postings.size();
    files.postings.resize(at + bytes + kPackPadding);
    PackBlock(docs_, tfs_, pending_, block.doc_bits, block.tf_bits,
              reinterpret_cast<uint8_t*>(files.postings.data() + at));
    files.postings.resize(at + bytes);
    for (int i = 0; i < pending_; ++i) {
      float tf = float(tfs_[i]);
      block.bound = std::max(block.bound, tf / (tf + norms_[docs_[i]]));
    }
    term_.max_bound = std::max(term_.max_bound, block.bound);
    term_.df += pending_;
    ++term_.block_count;
    AppendRaw(&files.blocks, block);
    pending_ = 0;
  }

  std::vector<float> norms_;
  TermRecord term_{};
  int pending_ = 0;
  uint32_t docs_[kBlockSize], tfs_[kBlockSize];
};

Status Damaged(const std::string& path, const std::string& what) {
  return Status::Corruption("text index file " + path + " is damaged: " + what);
}

}  // namespace

Status Bm25Index::Save(io::ObjectStore& store, const std::string& dir) const {
  // Statistics of the build: live documents only.
  uint64_t total = 0;
  uint32_t counted = 0;
  for (uint32_t d = 0; d < size(); ++d) {
    if (IsRemoved(d) || lengths_[d] == 0) continue;
    total += lengths_[d];
    ++counted;
  }
  const float avgdl = counted ? float(double(total) / counted) : 1.0f;
  const float k1 = options_.k1, b = options_.b;
  std::vector<float> norms(size());
  for (uint32_t d = 0; d < size(); ++d) {
    norms[d] = k1 * ((1 - b) + b * float(DecodeLength(length_codes_[d])) / avgdl);
  }

  // Terms in id order, so that equal builds give equal files.
  BuildWriter writer(std::move(norms));
  uint32_t docs[kBlockSize], tfs[kBlockSize];
  for (size_t id = 0; id < postings_.size(); ++id) {
    writer.BeginTerm();
    for (const PostingBlock& block : postings_[id].blocks) {
      UnpackBlock(block, docs, tfs);
      for (int i = 0; i < block.count; ++i) {
        if (!IsRemoved(docs[i])) writer.Add(docs[i], tfs[i]);
      }
    }
    writer.EndTerm(dictionary_.Term(uint32_t(id)));
  }
  BuildFiles& files = writer.files;
  files.postings.append(kPackPadding, '\0');
  for (uint32_t length : lengths_) AppendRaw(&files.docs, length);
  for (uint64_t word : removed_bits_) AppendRaw(&files.docs, word);

  nlohmann::json manifest = {
      {"format", kTextIndexFormat},
      {"version", kTextIndexVersion},
      {"options",
       {{"k1", options_.k1},
        {"b", options_.b},
        {"stemmer", options_.stemmer},
        {"stopwords", options_.stopwords}}},
      {"size", size()},
      {"terms", files.term_count},
      {"blocks", files.block_count},
  };
  const std::pair<const char*, const std::string*> parts[] = {{kStringsFile, &files.strings},
                                                              {kTermsFile, &files.terms},
                                                              {kBlocksFile, &files.blocks},
                                                              {kPostingsFile, &files.postings},
                                                              {kDocsFile, &files.docs}};
  for (const auto& [name, data] : parts) {
    manifest["files"][name] = {{"bytes", data->size()}, {"xxh3", HashHex(*data)}};
    STRATA_RETURN_IF_ERROR(store.Put(io::JoinPath(dir, name), *data));
  }
  return store.Put(io::JoinPath(dir, kManifestFile), manifest.dump(1));
}

namespace {

struct LoadedFiles {
  std::shared_ptr<io::Buffer> strings, terms, blocks, postings, docs;
};

/// Map `name` and check its size and hash against the manifest.
Result<std::shared_ptr<io::Buffer>> MapChecked(io::ObjectStore& store, const std::string& dir,
                                               const std::string& name,
                                               const nlohmann::json& manifest) {
  const std::string path = io::JoinPath(dir, name);
  const nlohmann::json& entry = manifest["files"][name];
  STRATA_ASSIGN_OR_RETURN(auto file, store.OpenRead(path));
  STRATA_ASSIGN_OR_RETURN(auto buffer, file->ReadAt(0, file->Size()));
  if (buffer->size() != entry["bytes"].get<uint64_t>()) {
    return Damaged(path, std::to_string(buffer->size()) + " bytes, manifest says " +
                             std::to_string(entry["bytes"].get<uint64_t>()));
  }
  if (HashHex(buffer->view()) != entry["xxh3"].get<std::string>()) {
    return Damaged(path, "checksum mismatch");
  }
  return buffer;
}

template <typename T>
T ReadRecord(const io::Buffer& buffer, size_t index) {
  T value;
  std::memcpy(&value, buffer.data() + index * sizeof(T), sizeof(T));
  return value;
}

}  // namespace

Result<std::unique_ptr<Bm25Index>> Bm25Index::Open(io::ObjectStore& store, const std::string& dir) {
  const std::string manifest_path = io::JoinPath(dir, kManifestFile);
  STRATA_ASSIGN_OR_RETURN(auto manifest_bytes, store.Get(manifest_path));
  TextIndexOptions options;
  nlohmann::json manifest;
  uint64_t size = 0, term_count = 0, block_count = 0;
  LoadedFiles f;
  try {
    manifest = nlohmann::json::parse(manifest_bytes->view());
    if (manifest.at("format") != kTextIndexFormat)
      return Damaged(manifest_path, "not a BM25 index");
    if (manifest.at("version") != kTextIndexVersion) {
      return Status::NotSupported(manifest_path + ": text index version " +
                                  manifest.at("version").dump() + " (this build reads " +
                                  std::to_string(kTextIndexVersion) + ")");
    }
    const auto& o = manifest.at("options");
    options.k1 = o.at("k1").get<float>();
    options.b = o.at("b").get<float>();
    options.stemmer = o.at("stemmer").get<std::string>();
    options.stopwords = o.at("stopwords").get<bool>();
    size = manifest.at("size").get<uint64_t>();
    term_count = manifest.at("terms").get<uint64_t>();
    block_count = manifest.at("blocks").get<uint64_t>();
    for (const char* name : {kStringsFile, kTermsFile, kBlocksFile, kPostingsFile, kDocsFile}) {
      const auto& entry = manifest.at("files").at(name);
      entry.at("bytes").get<uint64_t>();
      entry.at("xxh3").get<std::string>();
    }
    STRATA_ASSIGN_OR_RETURN(f.strings, MapChecked(store, dir, kStringsFile, manifest));
    STRATA_ASSIGN_OR_RETURN(f.terms, MapChecked(store, dir, kTermsFile, manifest));
    STRATA_ASSIGN_OR_RETURN(f.blocks, MapChecked(store, dir, kBlocksFile, manifest));
    STRATA_ASSIGN_OR_RETURN(f.postings, MapChecked(store, dir, kPostingsFile, manifest));
    STRATA_ASSIGN_OR_RETURN(f.docs, MapChecked(store, dir, kDocsFile, manifest));
  } catch (const nlohmann::json::exception& e) {
    return Damaged(manifest_path, e.what());
  }
  auto made = Make(options);
  if (!made.ok()) return Damaged(manifest_path, made.status().message());
  std::unique_ptr<Bm25Index> index = std::move(made).value();

  const std::string docs_path = io::JoinPath(dir, kDocsFile);
  const uint64_t words = (size + 63) / 64;
  if (size >= kEndDoc || f.docs->size() != size * 4 + words * 8) {
    return Damaged(docs_path, "size does not match " + std::to_string(size) + " documents");
  }
  index->lengths_.resize(size);
  std::memcpy(index->lengths_.data(), f.docs->data(), size * 4);
  index->removed_bits_.resize(words);
  std::memcpy(index->removed_bits_.data(), f.docs->data() + size * 4, words * 8);
  for (uint32_t d = 0; d < size; ++d) {
    if (index->IsRemoved(d)) {
      ++index->removed_;
    } else if (index->lengths_[d] > 0) {
      index->total_length_ += index->lengths_[d];
      ++index->counted_;
    }
  }
  index->RefreshNorms();
  index->bounds_avgdl_ = index->AverageLength();
  STRATA_RETURN_IF_ERROR(
      index->LoadTerms(dir, f.strings, f.terms, f.blocks, f.postings, term_count, block_count));
  index->mapped_ = {f.postings};
  return index;
}

Status Bm25Index::LoadTerms(const std::string& dir, const std::shared_ptr<io::Buffer>& strings,
                            const std::shared_ptr<io::Buffer>& terms,
                            const std::shared_ptr<io::Buffer>& blocks,
                            const std::shared_ptr<io::Buffer>& postings, uint64_t term_count,
                            uint64_t block_count) {
  const std::string terms_path = io::JoinPath(dir, kTermsFile);
  const std::string blocks_path = io::JoinPath(dir, kBlocksFile);
  const std::string postings_path = io::JoinPath(dir, kPostingsFile);
  if (terms->size() != term_count * sizeof(TermRecord)) {
    return Damaged(terms_path, "size does not match " + std::to_string(term_count) + " terms");
  }
  if (blocks->size() != block_count * sizeof(BlockRecord)) {
    return Damaged(blocks_path, "size does not match " + std::to_string(block_count) + " blocks");
  }
  if (postings->size() < kPackPadding) return Damaged(postings_path, "truncated");
  const uint64_t data_end = postings->size() - kPackPadding;
  postings_.resize(term_count);
  dictionary_.Reserve(term_count, strings->size());
  uint32_t docs[kBlockSize], tfs[kBlockSize];
  for (uint64_t id = 0; id < term_count; ++id) {
    const auto term = ReadRecord<TermRecord>(*terms, id);
    if (term.string_offset + term.string_length > strings->size() ||
        term.first_block + term.block_count > block_count || term.block_count == 0) {
      return Damaged(terms_path, "term " + std::to_string(id) + " points out of range");
    }
    std::string name(strings->view().substr(term.string_offset, term.string_length));
    bool inserted;
    dictionary_.Intern(name, &inserted);
    if (!inserted) {
      return Damaged(terms_path, "term '" + name + "' appears twice");
    }
    TermPostings& p = postings_[id];
    p.df = term.df;
    p.blocks.resize(term.block_count);
    uint64_t df = 0;
    int64_t previous = -1;
    for (uint32_t i = 0; i < term.block_count; ++i) {
      const auto r = ReadRecord<BlockRecord>(*blocks, term.first_block + i);
      PostingBlock& block = p.blocks[i];
      block = {r.first_doc, r.last_doc, postings->data() + r.offset, r.bound, r.count,
               r.doc_bits,  r.tf_bits};
      const std::string where =
          "block " + std::to_string(term.first_block + i) + " of term '" + name + "'";
      if (r.count == 0 || r.count > kBlockSize || r.doc_bits > 32 || r.tf_bits > 32 ||
          int64_t(r.first_doc) <= previous || r.last_doc < r.first_doc || r.last_doc >= size() ||
          !(r.bound >= 0 && r.bound <= 1) || r.offset > data_end ||
          PackedBytes(r.count, r.doc_bits, r.tf_bits) > data_end - r.offset) {
        return Damaged(blocks_path, where + " is inconsistent");
      }
      UnpackBlock(block, docs, tfs);
      for (int j = 1; j < r.count; ++j) {
        if (docs[j] <= docs[j - 1]) return Damaged(postings_path, where + ": ids out of order");
      }
      if (docs[r.count - 1] != r.last_doc) {
        return Damaged(postings_path, where + ": last id differs from " + blocks_path);
      }
      previous = r.last_doc;
      df += r.count;
      p.max_bound = std::max(p.max_bound, r.bound);
    }
    if (df != term.df) return Damaged(terms_path, "term '" + name + "': df differs from blocks");
  }
  return Status::OK();
}

Result<std::unique_ptr<TextIndex>> TextIndex::Load(io::ObjectStore& store, const std::string& dir) {
  STRATA_ASSIGN_OR_RETURN(auto index, Bm25Index::Open(store, dir));
  return std::unique_ptr<TextIndex>(std::move(index));
}

}  // namespace strata::index
