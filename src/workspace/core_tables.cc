#include "workspace/core_tables.h"

namespace strata::workspace {
namespace {

using format::Field;
using format::Schema;

// Delta has no JSON type: JSON-valued columns (metadata, pii, inputs, outputs, stats) are strings
// holding JSON text, as Spark and delta-rs store them.

// Row labels copied from the source to every derived row (DESIGN §3).
std::vector<Field> Labels() {
  return {{"tenant", format::String(), true},
          {"groups", format::ListOf(format::String()), true},
          {"classification", format::String(), true}};
}

Schema WithLabels(std::vector<Field> fields, std::vector<Field> tail) {
  for (auto& f : Labels()) fields.push_back(std::move(f));
  for (auto& f : tail) fields.push_back(std::move(f));
  return Schema(std::move(fields));
}

std::vector<CoreTable> Build() {
  using format::Float32;
  using format::Int32;
  using format::Int64;
  using format::String;
  using format::TimestampMicros;
  std::vector<CoreTable> tables;
  tables.push_back({"documents",
                    WithLabels({{"doc_id", String(), false},
                                {"source", String(), false},
                                {"uri", String(), false},
                                {"mime", String(), true},
                                {"title", String(), true},
                                {"text", String(), true},
                                {"content_hash", String(), false},
                                {"lang", String(), true},
                                {"bytes", Int64(), true},
                                {"metadata", String(), true}},
                               {{"ingested_at", TimestampMicros(), true},
                                {"run_id", String(), true}}),
                    {"doc_id"}});
  tables.push_back({"chunks",
                    WithLabels({{"chunk_id", String(), false},
                                {"doc_id", String(), false},
                                {"ordinal", Int32(), false},
                                {"text", String(), true},
                                {"token_count", Int32(), true},
                                {"char_start", Int64(), true},
                                {"char_end", Int64(), true},
                                {"section", String(), true},
                                {"page", Int32(), true},
                                {"lang", String(), true},
                                {"pii", String(), true},
                                {"content_hash", String(), false}},
                               {{"run_id", String(), true}}),
                    {"chunk_id"}});
  tables.push_back({"embeddings",
                    Schema({{"chunk_id", String(), false},
                            {"model", String(), false},
                            {"vector", format::ListOf(Float32(), false), false},
                            {"dim", Int32(), false},
                            {"run_id", String(), true},
                            {"content_hash", String(), true}}),
                    {"chunk_id", "model"}});
  tables.push_back({"quarantine",
                    Schema({{"source", String(), false},
                            {"uri", String(), false},
                            {"stage", String(), false},
                            {"error", String(), false},
                            {"bytes", Int64(), true},
                            {"first_seen", TimestampMicros(), false},
                            {"last_seen", TimestampMicros(), false},
                            {"attempts", Int32(), false},
                            {"run_id", String(), true}}),
                    {"source", "uri", "stage"}});
  tables.push_back({"runs",
                    Schema({{"run_id", String(), false},
                            {"pipeline", String(), false},
                            {"status", String(), false},
                            {"started_at", TimestampMicros(), false},
                            {"ended_at", TimestampMicros(), true},
                            {"config_hash", String(), true},
                            {"code_version", String(), true},
                            {"inputs", String(), true},
                            {"outputs", String(), true},
                            {"stats", String(), true}}),
                    {"run_id"}});
  // Not in DESIGN §3's list: the ingest job's record of every raw input it has seen, which makes
  // ingestion incremental and crash-safe (pipeline/ingest_job.h, docs/ingestion.md).
  tables.push_back({"inputs",
                    Schema({{"source", String(), false},
                            {"uri", String(), false},
                            {"input_hash", String(), true},
                            {"config_hash", String(), true},
                            {"code_version", String(), true},
                            {"status", String(), false},
                            {"doc_ids", format::ListOf(String()), true},
                            {"bytes", Int64(), true},
                            {"updated_at", TimestampMicros(), true},
                            {"run_id", String(), true}}),
                    {"source", "uri"}});
  return tables;
}

}  // namespace

const std::vector<CoreTable>& CoreTables() {
  static const std::vector<CoreTable> tables = Build();
  return tables;
}

}  // namespace strata::workspace
