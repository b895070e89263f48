#include "pipeline/ingest_job.h"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/hash.h"
#include "common/log.h"
#include "common/thread_pool.h"
#include "pipeline/ingest_process.h"
#include "pipeline/ingest_state.h"

namespace strata::pipeline {
namespace {

constexpr size_t kMaxErrorsKept = 20;

std::string NewRunId() {
  return Sha256Hex(std::to_string(NowMicros()) + ":" + std::to_string(MonotonicNanos()))
      .substr(0, 16);
}

std::string StatePath(const std::string& source) { return "state/sources/" + source + ".json"; }

Result<std::string> LoadSourceState(io::ObjectStore* store, const std::string& source) {
  Result<std::shared_ptr<io::Buffer>> r = store->Get(StatePath(source));
  if (r.status().code() == StatusCode::kNotFound) return std::string();
  STRATA_RETURN_IF_ERROR(r.status());
  return std::string((*r)->view());
}

// One source's run: read items in batches, process them in parallel, dedup and commit.
class SourceRun {
 public:
  SourceRun(const IngestOptions& options, const IngestTables& tables,
            const InputProcessor& processor, const std::string& config_hash,
            IngestSummary* summary)
      : options_(options), tables_(tables), processor_(processor), config_hash_(config_hash),
        summary_(summary), near_(options.near_dup) {}

  /// Make the source, load what earlier runs left, and resume it.
  Status Open(const ingest::SourceConfig& config);
  /// Read, process and commit `splits`.
  Status RunSplits(const std::vector<ingest::Split>& splits);
  ingest::Source& source() { return *source_; }

 private:
  Status Flush(ingest::Source* source);
  bool Unchanged(const ingest::SourceItem& item, const std::string& input_hash) const;
  void AddOutcome(ProcessedInput& in, BatchWrites* w, InputRecord* record);
  void AddQuarantine(const ProcessedInput& in, BatchWrites* w, QuarantineRecord* q);
  void AddDocument(const ProcessedDoc& d, BatchWrites* w);

  const IngestOptions& options_;
  const IngestTables& tables_;
  const InputProcessor& processor_;
  const std::string& config_hash_;
  IngestSummary* summary_;
  process::NearDuplicateIndex near_;
  std::unique_ptr<ingest::Source> source_;
  std::optional<IngestState> state_;
  std::vector<ingest::SourceItem> pending_;
  int64_t pending_bytes_ = 0;
};

Status SourceRun::Open(const ingest::SourceConfig& config) {
  STRATA_ASSIGN_OR_RETURN(source_, ingest::SourceRegistry::Default().Make(config));
  STRATA_ASSIGN_OR_RETURN(IngestState st, IngestState::Load(tables_, config.name));
  state_.emplace(std::move(st));
  STRATA_ASSIGN_OR_RETURN(std::string saved, LoadSourceState(tables_.state_store.get(), config.name));
  int64_t committed = -1;
  if (auto app = source_->TxnAppId()) {
    STRATA_ASSIGN_OR_RETURN(auto snap, tables_.inputs->Latest());
    committed = snap->AppVersion(*app).value_or(-1);
  }
  return source_->Restore(saved, committed);
}

Status SourceRun::RunSplits(const std::vector<ingest::Split>& splits) {
  for (const ingest::Split& split : splits) {
    STRATA_ASSIGN_OR_RETURN(auto reader, source_->Open(split));
    while (true) {
      STRATA_ASSIGN_OR_RETURN(std::optional<ingest::SourceItem> item, reader->Next());
      if (!item) break;
      pending_bytes_ += static_cast<int64_t>(item->input.content.size());
      pending_.push_back(std::move(*item));
      if (static_cast<int64_t>(pending_.size()) >= options_.batch_inputs ||
          pending_bytes_ >= options_.batch_bytes) {
        STRATA_RETURN_IF_ERROR(Flush(source_.get()));
      }
    }
  }
  return Flush(source_.get());
}

bool SourceRun::Unchanged(const ingest::SourceItem& item, const std::string& input_hash) const {
  const InputRecord* r = state_->FindInput(item.input.uri);
  return r != nullptr && item.error.ok() && r->input_hash == input_hash &&
         r->config_hash == config_hash_ && r->code_version == CodeVersion();
}

Status SourceRun::Flush(ingest::Source* source) {
  std::vector<ingest::SourceItem> items = std::move(pending_);
  pending_.clear();
  pending_bytes_ = 0;
  std::vector<ProcessedInput> done(items.size());
  std::vector<char> skip(items.size(), 0);
  ThreadPool::Default().ParallelFor(items.size(), [&](size_t i) {
    if (items[i].error.ok() && Unchanged(items[i], Sha256Hex(items[i].input.content))) {
      skip[i] = 1;
      return;
    }
    done[i] = processor_.Process(items[i]);
  });
  BatchWrites w = state_->NewBatch();
  std::vector<std::tuple<std::string, InputRecord, std::string, QuarantineRecord>> outcomes;
  for (size_t i = 0; i < items.size(); ++i) {
    summary_->bytes += static_cast<int64_t>(items[i].input.content.size());
    if (skip[i]) {
      ++summary_->inputs_skipped;
      continue;
    }
    InputRecord record;
    QuarantineRecord q;
    AddOutcome(done[i], &w, &record);
    if (!done[i].error.ok()) AddQuarantine(done[i], &w, &q);
    outcomes.emplace_back(done[i].uri, std::move(record), done[i].error.ok() ? "" : done[i].stage,
                          q);
  }
  ingest::SourceCheckpoint cp = source->Checkpoint();
  w.txn = cp.txn;
  if (outcomes.empty() && !w.txn) return Status::OK();
  STRATA_ASSIGN_OR_RETURN(int64_t commits, state_->Commit(std::move(w)));
  summary_->commits += commits;
  for (auto& [uri, record, stage, q] : outcomes) state_->Remember(uri, std::move(record), stage, q);
  if (!cp.state.empty()) {
    STRATA_RETURN_IF_ERROR(
        tables_.state_store->Put(StatePath(source->config().name), cp.state));
  }
  STRATA_RETURN_IF_ERROR(source->Acknowledge());
  return options_.after_batch ? options_.after_batch() : Status::OK();
}

void SourceRun::AddOutcome(ProcessedInput& in, BatchWrites* w, InputRecord* record) {
  record->input_hash = in.input_hash;
  record->config_hash = config_hash_;
  record->code_version = CodeVersion();
  const InputRecord* old = state_->FindInput(in.uri);
  if (old != nullptr) {
    w->replaced_doc_ids.insert(w->replaced_doc_ids.end(), old->doc_ids.begin(),
                               old->doc_ids.end());
    w->replaced_uris.push_back(in.uri);
  }
  if (!in.error.ok()) {
    record->status = "quarantined";
    ++summary_->inputs_quarantined;
    ++summary_->quarantined_by_stage[in.stage];
    if (summary_->errors.size() < kMaxErrorsKept) {
      summary_->errors.push_back(in.uri + ": " + in.error.message());
    }
  } else {
    for (ProcessedDoc& d : in.docs) {
      bool mine_before = old != nullptr && std::find(old->doc_ids.begin(), old->doc_ids.end(),
                                                     d.doc_id) != old->doc_ids.end();
      // A doc_id in `documents` that no input row owns is the trace of a batch cut short by a
      // crash: replace it.
      if (!mine_before && state_->HasDocument(d.doc_id)) w->replaced_doc_ids.push_back(d.doc_id);
      bool duplicate = state_->DuplicateOf(d.content_hash, d.doc_id).has_value();
      if (!duplicate && !d.minhash.empty()) {
        std::optional<std::string> near = near_.FindOrAddSignature(d.doc_id, std::move(d.minhash));
        duplicate = near.has_value() && *near != d.doc_id;
      }
      if (duplicate) {
        ++summary_->duplicates;
        continue;
      }
      AddDocument(d, w);
      record->doc_ids.push_back(d.doc_id);
    }
    record->status = record->doc_ids.empty() && !in.docs.empty() ? "duplicate" : "ok";
    ++(record->status == "ok" ? summary_->inputs_ok : summary_->inputs_skipped);
  }
  RowBatchBuilder& r = w->inputs;
  r.StartRow();
  r.Set("source", in.source);
  r.Set("uri", in.uri);
  r.Set("input_hash", record->input_hash);
  r.Set("config_hash", record->config_hash);
  r.Set("code_version", record->code_version);
  r.Set("status", record->status);
  r.Set("doc_ids", record->doc_ids);
  r.Set("bytes", in.bytes);
  r.Set("updated_at", NowMicros());
  r.Set("run_id", summary_->run_id);
}

void SourceRun::AddQuarantine(const ProcessedInput& in, BatchWrites* w, QuarantineRecord* q) {
  const QuarantineRecord* prev = state_->FindQuarantine(in.uri, in.stage);
  int64_t now = NowMicros();
  q->attempts = prev != nullptr ? prev->attempts + 1 : 1;
  q->first_seen = prev != nullptr ? prev->first_seen : now;
  RowBatchBuilder& r = w->quarantine;
  r.StartRow();
  r.Set("source", in.source);
  r.Set("uri", in.uri);
  r.Set("stage", in.stage);
  r.Set("error", in.error.ToString());
  r.Set("bytes", in.bytes);
  r.Set("first_seen", q->first_seen);
  r.Set("last_seen", now);
  r.Set("attempts", q->attempts);
  r.Set("run_id", summary_->run_id);
}

Cell OrNull(const std::string& s) { return s.empty() ? Cell() : Cell(s); }

void SetLabels(RowBatchBuilder& r, const ingest::Labels& labels) {
  r.Set("tenant", OrNull(labels.tenant));
  r.Set("groups", labels.groups.empty() ? Cell() : Cell(labels.groups));
  r.Set("classification", OrNull(labels.classification));
}

void SourceRun::AddDocument(const ProcessedDoc& d, BatchWrites* w) {
  const ingest::Document& doc = d.doc;
  RowBatchBuilder& r = w->documents;
  r.StartRow();
  r.Set("doc_id", d.doc_id);
  r.Set("source", doc.source);
  r.Set("uri", doc.uri);
  r.Set("mime", OrNull(doc.mime));
  r.Set("title", OrNull(doc.title));
  r.Set("text", doc.text);
  r.Set("content_hash", d.content_hash);
  r.Set("lang", d.lang);
  r.Set("bytes", doc.bytes);
  r.Set("metadata", nlohmann::json(doc.metadata).dump(-1, ' ', false,
                                                      nlohmann::json::error_handler_t::replace));
  SetLabels(r, doc.labels);
  r.Set("ingested_at", NowMicros());
  r.Set("run_id", summary_->run_id);
  ++summary_->documents;
  for (size_t i = 0; i < d.chunks.size(); ++i) {
    const ProcessedChunk& c = d.chunks[i];
    RowBatchBuilder& k = w->chunks;
    k.StartRow();
    k.Set("chunk_id", c.chunk_id);
    k.Set("doc_id", d.doc_id);
    k.Set("ordinal", static_cast<int64_t>(i));
    k.Set("text", doc.text.substr(c.span.char_start, c.span.char_end - c.span.char_start));
    k.Set("token_count", static_cast<int64_t>(c.span.token_count));
    k.Set("char_start", c.span.char_start);
    k.Set("char_end", c.span.char_end);
    k.Set("section", OrNull(c.span.section));
    k.Set("page", c.span.page > 0 ? Cell(static_cast<int64_t>(c.span.page)) : Cell());
    k.Set("lang", d.lang);
    k.Set("pii", c.pii_json);
    k.Set("content_hash", c.content_hash);
    SetLabels(k, doc.labels);
    k.Set("run_id", summary_->run_id);
    ++summary_->chunks;
  }
}

}  // namespace

const std::string& CodeVersion() {
  static const std::string version = "strata " STRATA_VERSION;
  return version;
}

std::string IngestConfigHash(const IngestOptions& o) {
  nlohmann::json j;
  const ingest::ParseLimits& l = o.parser.limits;
  j["limits"] = {l.max_bytes, l.max_pages, l.max_decompressed_bytes, l.max_time.count(),
                 l.max_documents};
  j["template"] = {o.parser.row_template, o.parser.title_field, o.parser.ocr_language};
  j["transcription"] = {o.parser.transcription.engine, o.parser.transcription.url,
                        o.parser.transcription.model};
  j["chunk"] = {o.chunk.strategy, o.chunk.size, o.chunk.overlap};
  j["tokenizer"] = o.tokenizer;
  for (const auto& [type, action] : o.pii.actions) j["pii"][type] = static_cast<int>(action);
  j["near_dedup"] = {o.near_dedup, o.near_dup.num_permutations, o.near_dup.shingle_words,
                     o.near_dup.threshold, o.near_dup.seed, o.near_dup_min_words};
  return Sha256Hex(j.dump()).substr(0, 16);
}

// Watch mode: wait for new work from every source that can report it (inotify, streams) and
// ingest it, until options.stop says so. Sources without a continuous mode are read once.
Status Watch(const IngestOptions& options, std::vector<std::unique_ptr<SourceRun>>& runs) {
  std::vector<SourceRun*> live;
  for (auto& run : runs) live.push_back(run.get());
  const auto slice = std::chrono::milliseconds(live.empty() ? 200 : 500 / live.size() + 1);
  while (!live.empty() && !options.stop()) {
    for (size_t i = 0; i < live.size() && !options.stop();) {
      Result<std::vector<ingest::Split>> splits = live[i]->source().WaitForSplits(slice);
      if (splits.status().code() == StatusCode::kNotSupported) {
        Log(LogLevel::kInfo, "ingest.watch.unsupported",
            {{"source", live[i]->source().config().name}});
        live.erase(live.begin() + i);
        continue;
      }
      STRATA_RETURN_IF_ERROR(splits.status());
      STRATA_RETURN_IF_ERROR(live[i]->RunSplits(*splits));
      ++i;
    }
  }
  return Status::OK();
}

Result<IngestSummary> RunIngest(const IngestOptions& options, const IngestTables& tables) {
  auto start = std::chrono::steady_clock::now();
  IngestSummary summary;
  summary.run_id = options.run_id.empty() ? NewRunId() : options.run_id;
  STRATA_ASSIGN_OR_RETURN(auto processor, InputProcessor::Make(options));
  const std::string config_hash = IngestConfigHash(options);
  std::vector<std::unique_ptr<SourceRun>> runs;
  for (const ingest::SourceConfig& config : options.sources) {
    runs.push_back(std::make_unique<SourceRun>(options, tables, *processor, config_hash, &summary));
    SourceRun& run = *runs.back();
    Status st = run.Open(config);
    Result<std::vector<ingest::Split>> splits =
        st.ok() ? run.source().ListSplits() : Result<std::vector<ingest::Split>>(st);
    if (splits.ok()) st = run.RunSplits(*splits);
    else st = splits.status();
    if (!st.ok()) return st.WithContext("source '" + config.name + "'");
  }
  if (options.stop) STRATA_RETURN_IF_ERROR(Watch(options, runs));
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace strata::pipeline
