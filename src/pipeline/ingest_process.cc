#include "pipeline/ingest_process.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/hash.h"
#include "pipeline/ingest_job.h"
#include "process/language.h"
#include "process/normalize.h"

namespace strata::pipeline {
namespace {

const char* ActionName(process::PiiAction a) {
  switch (a) {
    case process::PiiAction::kTag: return "tag";
    case process::PiiAction::kMask: return "mask";
    case process::PiiAction::kHash: return "hash";
    case process::PiiAction::kDrop: return "drop";
  }
  return "tag";
}

std::string ChunkId(const std::string& doc_id, size_t ordinal, std::string_view text) {
  Sha256Hasher h;
  h.Update(doc_id);
  h.Update(std::string_view("\0", 1));
  h.Update(std::to_string(ordinal));
  h.Update(std::string_view("\0", 1));
  h.Update(text);
  return HexEncode(h.Finish()).substr(0, 32);
}

}  // namespace

std::string PiiJson(const std::vector<process::PiiFinding>& findings, int64_t begin, int64_t end) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& f : findings) {
    if (f.end <= begin || f.begin >= end) {
      if (!(f.begin == f.end && f.begin >= begin && f.begin < end)) continue;  // dropped spans
    }
    arr.push_back({{"type", f.type},
                   {"start", std::max(f.begin, begin) - begin},
                   {"end", std::min(f.end, end) - begin},
                   {"action", ActionName(f.action)}});
  }
  return arr.dump();
}

InputProcessor::~InputProcessor() = default;

Result<std::unique_ptr<InputProcessor>> InputProcessor::Make(const IngestOptions& options) {
  std::unique_ptr<InputProcessor> p(new InputProcessor());
  p->parser_options_ = &options.parser;
  if (options.near_dedup) {
    p->minhash_ = std::make_unique<process::MinHasher>(options.near_dup);
    p->minhash_min_words_ = options.near_dup_min_words;
  }
  STRATA_ASSIGN_OR_RETURN(p->tokenizer_, process::MakeTokenizer(options.tokenizer));
  STRATA_ASSIGN_OR_RETURN(p->chunker_, process::MakeChunker(options.chunk));
  STRATA_ASSIGN_OR_RETURN(p->pii_, process::PiiDetector::Make(options.pii));
  return p;
}

ProcessedInput InputProcessor::Process(const ingest::SourceItem& item) const {
  ProcessedInput out;
  out.source = item.input.source;
  out.uri = item.input.uri;
  out.bytes = static_cast<int64_t>(item.input.content.size());
  if (!item.error.ok()) {
    out.error = item.error;
    out.stage = "source";
    return out;
  }
  out.input_hash = Sha256Hex(item.input.content);
  std::vector<ingest::Document> docs;
  Status st = ingest::ParseInput(ingest::ParserRegistry::Default(), item.input, *parser_options_,
                                 [&](ingest::Document d) {
                                   docs.push_back(std::move(d));
                                   return Status::OK();
                                 });
  if (!st.ok()) {
    out.error = st;
    out.stage = "parse";
    return out;
  }
  for (ingest::Document& d : docs) {
    ProcessedDoc pd;
    st = ProcessDocument(std::move(d), &pd);
    if (!st.ok()) {
      out.error = st.WithContext(out.uri);
      out.stage = "process";
      out.docs.clear();
      return out;
    }
    out.docs.push_back(std::move(pd));
  }
  return out;
}

Status InputProcessor::ProcessDocument(ingest::Document doc, ProcessedDoc* out) const {
  process::NormalizeDocument(&doc);
  std::vector<process::PiiFinding> findings = pii_->Redact(&doc);
  out->doc_id = ingest::DocIdFor(doc.source, doc.uri);
  out->content_hash = Sha256Hex(doc.text);
  out->lang = process::DetectLanguage(doc.text);
  if (minhash_ && process::WordTokenizer().Count(doc.text) >= minhash_min_words_) {
    out->minhash = minhash_->Signature(doc.text);
  }
  std::vector<process::Chunk> spans = chunker_->Split(doc, *tokenizer_);
  out->chunks.reserve(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    const process::Chunk& c = spans[i];
    std::string_view text(doc.text.data() + c.char_start, c.char_end - c.char_start);
    ProcessedChunk pc;
    pc.span = c;
    pc.chunk_id = ChunkId(out->doc_id, i, text);
    pc.content_hash = Sha256Hex(text);
    pc.pii_json = PiiJson(findings, c.char_start, c.char_end);
    out->chunks.push_back(std::move(pc));
  }
  out->doc = std::move(doc);
  return Status::OK();
}

}  // namespace strata::pipeline
