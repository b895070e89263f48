#include "pipeline/ingest_state.h"

#include "format/predicate.h"

namespace strata::pipeline {
namespace {

using format::Literal;
using format::Predicate;

std::string Str(const format::Column& c, int64_t i) {
  return c.IsValid(i) ? std::string(c.binary(i)) : std::string();
}

std::vector<std::string> StrList(const format::Column& c, int64_t i) {
  std::vector<std::string> out;
  if (!c.IsValid(i)) return out;
  auto [b, e] = c.list_range(i);
  for (int64_t j = b; j < e; ++j) out.push_back(Str(c.child(0), j));
  return out;
}

Predicate SourceIs(const std::string& source) {
  return Predicate::Compare(Predicate::Op::kEq, "source", source);
}

Predicate InStrings(const std::string& column, const std::vector<std::string>& values) {
  std::vector<Literal> lits(values.begin(), values.end());
  return Predicate::In(column, std::move(lits));
}

Result<format::RecordBatch> ScanColumns(const table::Table& t, std::vector<std::string> columns,
                                        std::optional<Predicate> predicate) {
  table::ScanOptions opts;
  opts.columns = std::move(columns);
  opts.predicate = std::move(predicate);
  STRATA_ASSIGN_OR_RETURN(table::ScanResult r, t.Scan(opts));
  return std::move(r.batch);
}

Status Append(table::Table* t, RowBatchBuilder* rows, const std::optional<ingest::TxnMark>& txn,
              int64_t* commits) {
  if (rows->num_rows() == 0 && !txn) return Status::OK();
  STRATA_ASSIGN_OR_RETURN(format::RecordBatch batch, rows->Finish());
  table::AppendOptions opts;
  if (txn) {
    opts.app_id = txn->app_id;
    opts.txn_version = txn->version;
  }
  STRATA_ASSIGN_OR_RETURN(table::AppendResult r, t->Append({batch}, opts));
  if (!r.skipped) ++*commits;
  return Status::OK();
}

Status DeleteWhere(table::Table* t, const Predicate& p, int64_t* commits) {
  STRATA_ASSIGN_OR_RETURN(table::DeleteResult r, t->Delete(p));
  if (r.rows_deleted > 0) ++*commits;
  return Status::OK();
}

}  // namespace

Result<IngestState> IngestState::Load(const IngestTables& tables, const std::string& source) {
  IngestState s(tables, source);
  for (auto [t, schema] : {std::pair{tables.documents, &s.documents_schema_},
                           {tables.chunks, &s.chunks_schema_},
                           {tables.quarantine, &s.quarantine_schema_},
                           {tables.inputs, &s.inputs_schema_}}) {
    STRATA_ASSIGN_OR_RETURN(auto snap, t->Latest());
    *schema = snap->schema();
  }
  STRATA_ASSIGN_OR_RETURN(auto in, ScanColumns(*tables.inputs,
                                               {"uri", "input_hash", "config_hash", "code_version",
                                                "status", "doc_ids"},
                                               SourceIs(source)));
  for (int64_t i = 0; i < in.num_rows; ++i) {
    s.inputs_[Str(in.columns[0], i)] = {Str(in.columns[1], i), Str(in.columns[2], i),
                                        Str(in.columns[3], i), Str(in.columns[4], i),
                                        StrList(in.columns[5], i)};
  }
  STRATA_ASSIGN_OR_RETURN(auto docs, ScanColumns(*tables.documents,
                                                 {"doc_id", "source", "content_hash"}, {}));
  for (int64_t i = 0; i < docs.num_rows; ++i) {
    std::string id = Str(docs.columns[0], i);
    if (Str(docs.columns[1], i) == source) s.doc_ids_.insert(id);
    s.content_owner_.emplace(Str(docs.columns[2], i), std::move(id));
  }
  STRATA_ASSIGN_OR_RETURN(auto q, ScanColumns(*tables.quarantine,
                                              {"uri", "stage", "attempts", "first_seen"},
                                              SourceIs(source)));
  for (int64_t i = 0; i < q.num_rows; ++i) {
    s.quarantine_[{Str(q.columns[0], i), Str(q.columns[1], i)}] = {
        q.columns[2].value<int32_t>(i), q.columns[3].value<int64_t>(i)};
  }
  return s;
}

const InputRecord* IngestState::FindInput(const std::string& uri) const {
  auto it = inputs_.find(uri);
  return it == inputs_.end() ? nullptr : &it->second;
}

const QuarantineRecord* IngestState::FindQuarantine(const std::string& uri,
                                                    const std::string& stage) const {
  auto it = quarantine_.find({uri, stage});
  return it == quarantine_.end() ? nullptr : &it->second;
}

std::optional<std::string> IngestState::DuplicateOf(const std::string& content_hash,
                                                    const std::string& doc_id) {
  auto [it, added] = content_owner_.emplace(content_hash, doc_id);
  if (added || it->second == doc_id) return std::nullopt;
  return it->second;
}

BatchWrites IngestState::NewBatch() const {
  return BatchWrites{{}, {}, RowBatchBuilder(documents_schema_), RowBatchBuilder(chunks_schema_),
                     RowBatchBuilder(quarantine_schema_), RowBatchBuilder(inputs_schema_),
                     std::nullopt};
}

Result<int64_t> IngestState::Commit(BatchWrites&& w) {
  int64_t commits = 0;
  if (!w.replaced_doc_ids.empty()) {
    STRATA_RETURN_IF_ERROR(
        DeleteWhere(tables_->documents, InStrings("doc_id", w.replaced_doc_ids), &commits));
  }
  STRATA_RETURN_IF_ERROR(Append(tables_->documents, &w.documents, std::nullopt, &commits));
  if (!w.replaced_doc_ids.empty()) {
    STRATA_RETURN_IF_ERROR(
        DeleteWhere(tables_->chunks, InStrings("doc_id", w.replaced_doc_ids), &commits));
  }
  STRATA_RETURN_IF_ERROR(Append(tables_->chunks, &w.chunks, std::nullopt, &commits));
  if (!w.replaced_uris.empty()) {
    Predicate mine = Predicate::And({SourceIs(source_), InStrings("uri", w.replaced_uris)});
    STRATA_RETURN_IF_ERROR(DeleteWhere(tables_->quarantine, mine, &commits));
    STRATA_RETURN_IF_ERROR(DeleteWhere(tables_->inputs, mine, &commits));
  }
  STRATA_RETURN_IF_ERROR(Append(tables_->quarantine, &w.quarantine, std::nullopt, &commits));
  STRATA_RETURN_IF_ERROR(Append(tables_->inputs, &w.inputs, w.txn, &commits));
  return commits;
}

void IngestState::Remember(const std::string& uri, InputRecord record, const std::string& stage,
                           QuarantineRecord quarantined) {
  for (const std::string& id : record.doc_ids) doc_ids_.insert(id);
  for (auto it = quarantine_.lower_bound({uri, ""});
       it != quarantine_.end() && it->first.first == uri;) {
    it = quarantine_.erase(it);
  }
  if (!stage.empty()) quarantine_[{uri, stage}] = quarantined;
  inputs_[uri] = std::move(record);
}

}  // namespace strata::pipeline
