// ChunkCatalog: the rows of the chunks table at one version, as search needs them — identity,
// document and access labels — plus the row filters of DESIGN §7 evaluated over them.
//
// Catalog rows are in the table's scan order at that version, so a second scan at the same
// version (for filter columns) lines up row for row. Indexes map their own dense row ids to
// catalog rows by chunk_id.
// Filters (format::Predicate syntax) may name chunk columns (doc_id, section, page, lang,
// token_count, ...), document columns (source, uri, mime, title, bytes, ingested_at; read from
// the latest documents version — a document's source and uri never change under its doc_id)
// and metadata fields as `metadata.KEY` (dotted paths into the documents' metadata JSON;
// numbers compare as numbers, everything else as text).
// Thread-safety: immutable after Load; evaluation is const.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "format/predicate.h"
#include "index/access.h"
#include "table/table.h"

namespace strata::index {

class ChunkCatalog {
 public:
  /// Load chunk ids, doc ids and labels of `chunks` at `version` (-1: latest).
  static Result<ChunkCatalog> Load(const table::Table& chunks, int64_t version);

  int64_t version() const { return version_; }
  uint32_t size() const { return static_cast<uint32_t>(chunk_ids_.size()); }
  const std::string& chunk_id(uint32_t row) const { return chunk_ids_[row]; }
  const std::string& doc_id(uint32_t row) const { return doc_ids_[row]; }
  /// The catalog row of `chunk_id`, or -1.
  int64_t Find(std::string_view chunk_id) const;

  /// Per catalog row: 1 when the principal may see it.
  std::vector<uint8_t> Visible(const Principal& principal) const;
  /// Per catalog row: 1 when `filter` holds (see the header comment for the names it may use).
  /// InvalidArgument naming an unknown column.
  Result<std::vector<uint8_t>> Evaluate(const format::Predicate& filter,
                                        const table::Table& chunks,
                                        const table::Table& documents) const;

 private:
  int64_t version_ = -1;
  std::vector<std::string> chunk_ids_;
  std::vector<std::string> doc_ids_;
  std::vector<std::string> tenants_;
  std::vector<std::vector<std::string>> groups_;
  std::vector<std::string> classifications_;
  std::unordered_map<std::string_view, uint32_t> row_of_;
};

/// Read the strings of a binary column (nulls as "").
std::vector<std::string> StringValues(const format::Column& column);

}  // namespace strata::index
