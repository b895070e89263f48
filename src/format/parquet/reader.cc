// FileReader: footer parsing, schema mapping, row-group selection and parallel chunk decoding.
#include "format/parquet/reader.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <tuple>

#include "common/thread_pool.h"
#include "format/parquet/reader_assemble.h"
#include "format/parquet/reader_column.h"
#include "format/parquet/schema_map.h"

namespace strata::format::parquet {

namespace {

constexpr int64_t kMinByteLimit = 128LL << 20;
constexpr int64_t kMaxExpansion = 1000;

void CollectLeaves(const ReadNode& node, std::vector<int>* out) {
  if (node.leaf >= 0) out->push_back(node.leaf);
  for (const ReadNode& c : node.children) CollectLeaves(c, out);
}

// parquet-mr before 1.2.9 (and files that name no version) left the dictionary page header out
// of total_compressed_size (PARQUET-816, IMPALA-694).
bool WrittenBeforeParquet816(const std::optional<std::string>& created_by) {
  if (!created_by || created_by->rfind("parquet-mr", 0) != 0) return false;
  int major = 0, minor = 0, patch = 0;
  if (std::sscanf(created_by->c_str(), "parquet-mr version %d.%d.%d", &major, &minor, &patch) != 3) {
    return true;
  }
  return std::make_tuple(major, minor, patch) < std::make_tuple(1, 2, 9);
}

}  // namespace

struct FileReader::Impl {
  std::shared_ptr<io::RandomAccessFile> file;
  FileMetaData meta;
  ParquetSchema pschema;
  ChunkSource source;

  Status Fail(const Status& st) const { return st.WithContext(file->path()); }

  Status Validate() {
    for (size_t i = 0; i < meta.row_groups.size(); ++i) {
      const RowGroup& rg = meta.row_groups[i];
      if (rg.columns.size() != pschema.leaves.size()) {
        return Status::Corruption("row group " + std::to_string(i) + " has " +
                                  std::to_string(rg.columns.size()) + " column chunks, schema has " +
                                  std::to_string(pschema.leaves.size()) + " leaf columns");
      }
      if (rg.num_rows < 0) return Status::Corruption("row group " + std::to_string(i) + " has negative num_rows");
    }
    return Status::OK();
  }

  // Decode (rg, leaf) chunks, then assemble the requested fields of each row group.
  Result<std::vector<RecordBatch>> ReadGroups(const std::vector<int>& rgs,
                                              const std::vector<int>& fields,
                                              bool use_threads) const {
    std::vector<int> leaves;
    for (int f : fields) CollectLeaves(pschema.fields[f], &leaves);
    std::vector<std::vector<ChunkData>> chunks(rgs.size(),
                                               std::vector<ChunkData>(pschema.leaves.size()));
    std::vector<Status> errors(rgs.size() * leaves.size());
    auto task = [&](size_t t) {
      size_t g = t / leaves.size();
      int leaf = leaves[t % leaves.size()];
      const ColumnChunk& cc = meta.row_groups[rgs[g]].columns[leaf];
      Result<ChunkData> r = ReadColumnChunk(source, cc, pschema.leaves[leaf]);
      if (!r.ok()) {
        std::string where = "row group " + std::to_string(rgs[g]) + ", column '";
        for (size_t i = 0; i < pschema.leaves[leaf].path.size(); ++i) {
          where += (i ? "." : "") + pschema.leaves[leaf].path[i];
        }
        errors[t] = r.status().WithContext(where + "'");
        return;
      }
      chunks[g][leaf] = std::move(r).value();
    };
    size_t n = errors.size();
    if (use_threads && n > 1) {
      ThreadPool::Default().ParallelFor(n, task);
    } else {
      for (size_t t = 0; t < n; ++t) task(t);
    }
    for (const Status& st : errors) STRATA_RETURN_IF_ERROR(st);
    std::vector<RecordBatch> batches(rgs.size());
    for (size_t g = 0; g < rgs.size(); ++g) {
      RecordBatch& b = batches[g];
      int64_t rows = meta.row_groups[rgs[g]].num_rows;
      std::vector<Field> schema_fields;
      for (int f : fields) {
        schema_fields.push_back(pschema.schema.field(f));
        Result<Column> col = AssembleColumn(pschema.fields[f], chunks[g], rows);
        if (!col.ok()) return col.status().WithContext("row group " + std::to_string(rgs[g]));
        b.columns.push_back(std::move(col).value());
      }
      b.schema = Schema(std::move(schema_fields));
      b.num_rows = rows;
    }
    return batches;
  }
};

FileReader::FileReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FileReader::~FileReader() = default;

Result<std::unique_ptr<FileReader>> FileReader::Open(std::shared_ptr<io::RandomAccessFile> file) {
  auto impl = std::make_unique<Impl>();
  impl->file = std::move(file);
  const std::string& path = impl->file->path();
  int64_t size = impl->file->Size();
  if (size < 12) return Status::Corruption(path + ": too small for a Parquet file");
  STRATA_ASSIGN_OR_RETURN(auto head, impl->file->ReadAt(0, 4));
  STRATA_ASSIGN_OR_RETURN(auto tail, impl->file->ReadAt(size - 8, 8));
  std::string_view t = tail->view();
  if (t.substr(4) == "PARE") return Status::NotSupported(path + ": encrypted Parquet footer");
  if (head->view() != "PAR1" || t.substr(4) != "PAR1") {
    return Status::Corruption(path + ": missing PAR1 magic");
  }
  uint32_t footer_len;
  std::memcpy(&footer_len, t.data(), 4);
  if (footer_len > static_cast<uint64_t>(size - 12)) {
    return Status::Corruption(path + ": footer length " + std::to_string(footer_len) +
                              " exceeds the file");
  }
  int64_t footer_at = size - 8 - footer_len;
  STRATA_ASSIGN_OR_RETURN(auto footer, impl->file->ReadAt(footer_at, footer_len));
  Result<FileMetaData> meta = DecodeFileMetaData(footer->view());
  if (!meta.ok()) return impl->Fail(meta.status());
  impl->meta = std::move(meta).value();
  if (impl->meta.has_encryption_algorithm) {
    return Status::NotSupported(path + ": encrypted Parquet file");
  }
  Result<ParquetSchema> ps = MapParquetSchema(impl->meta.schema);
  if (!ps.ok()) return impl->Fail(ps.status());
  impl->pschema = std::move(ps).value();
  STRATA_RETURN_IF_ERROR(impl->Fail(impl->Validate()));
  impl->source.file = impl->file.get();
  impl->source.data_end = footer_at;
  impl->source.byte_limit = std::max(kMinByteLimit, size * kMaxExpansion);
  impl->source.pad_dictionary_header = WrittenBeforeParquet816(impl->meta.created_by);
  return std::unique_ptr<FileReader>(new FileReader(std::move(impl)));
}

const FileMetaData& FileReader::metadata() const { return impl_->meta; }
const Schema& FileReader::schema() const { return impl_->pschema.schema; }
int FileReader::num_row_groups() const { return static_cast<int>(impl_->meta.row_groups.size()); }
int64_t FileReader::num_rows() const { return impl_->meta.num_rows; }

Result<RecordBatch> FileReader::ReadRowGroup(int rg, const std::vector<int>& fields) const {
  if (rg < 0 || rg >= num_row_groups()) {
    return Status::InvalidArgument(impl_->file->path() + ": no row group " + std::to_string(rg));
  }
  for (int f : fields) {
    if (f < 0 || f >= schema().num_fields()) {
      return Status::InvalidArgument(impl_->file->path() + ": no field " + std::to_string(f));
    }
  }
  Result<std::vector<RecordBatch>> r = impl_->ReadGroups({rg}, fields, true);
  if (!r.ok()) return impl_->Fail(r.status());
  return std::move(r.value()[0]);
}

Result<RecordBatch> FileReader::Read(const ReadOptions& options) const {
  std::vector<int> fields;
  if (options.columns.empty()) {
    for (int i = 0; i < schema().num_fields(); ++i) fields.push_back(i);
  }
  for (const std::string& name : options.columns) {
    int i = schema().IndexOf(name);
    if (i < 0) return Status::InvalidArgument(impl_->file->path() + ": no column '" + name + "'");
    fields.push_back(i);
  }
  std::vector<int> rgs;
  if (options.filter) {
    rgs = SelectRowGroups(*options.filter);
  } else {
    for (int i = 0; i < num_row_groups(); ++i) rgs.push_back(i);
  }
  if (options.limit >= 0) {
    int64_t rows = 0;
    size_t keep = 0;
    while (keep < rgs.size() && rows < options.limit) rows += impl_->meta.row_groups[rgs[keep++]].num_rows;
    rgs.resize(keep);
  }
  Result<std::vector<RecordBatch>> r = impl_->ReadGroups(rgs, fields, options.use_threads);
  if (!r.ok()) return impl_->Fail(r.status());
  RecordBatch out;
  if (r->empty()) {
    std::vector<Field> fs;
    for (int f : fields) {
      fs.push_back(schema().field(f));
      out.columns.push_back(MakeColumn(schema().field(f).type));
    }
    out.schema = Schema(std::move(fs));
  } else if (r->size() == 1) {
    out = std::move(r.value()[0]);
  } else {
    STRATA_ASSIGN_OR_RETURN(out, Concatenate(*r));
  }
  if (options.limit >= 0 && out.num_rows > options.limit) {
    for (Column& c : out.columns) TruncateColumn(&c, options.limit);
    out.num_rows = options.limit;
  }
  return out;
}

std::vector<int> FileReader::SelectRowGroups(const Predicate& filter) const {
  std::vector<int> out;
  for (int rg = 0; rg < num_row_groups(); ++rg) {
    std::vector<std::pair<std::string, ColumnStats>> cache;
    StatsLookup lookup = [&](std::string_view column) -> const ColumnStats* {
      for (auto& [name, st] : cache) {
        if (name == column) return &st;
      }
      int f = schema().IndexOf(column);
      if (f < 0 || impl_->pschema.fields[f].leaf < 0) return nullptr;
      cache.emplace_back(std::string(column), RowGroupStats(rg, f));
      return &cache.back().second;
    };
    cache.reserve(filter.Columns().size() + 1);
    if (filter.MayMatch(lookup)) out.push_back(rg);
  }
  return out;
}

ColumnStats FileReader::RowGroupStats(int rg, int field) const {
  if (rg < 0 || rg >= num_row_groups() || field < 0 || field >= schema().num_fields()) return {};
  int leaf = impl_->pschema.fields[field].leaf;
  if (leaf < 0) return {};
  return ConvertChunkStats(impl_->meta.row_groups[rg].columns[leaf], impl_->pschema.leaves[leaf]);
}

Result<RecordBatch> ReadFile(io::ObjectStore& store, const std::string& path,
                             const ReadOptions& options) {
  STRATA_ASSIGN_OR_RETURN(std::unique_ptr<io::RandomAccessFile> file, store.OpenRead(path));
  STRATA_ASSIGN_OR_RETURN(auto reader,
                          FileReader::Open(std::shared_ptr<io::RandomAccessFile>(std::move(file))));
  return reader->Read(options);
}

}  // namespace strata::format::parquet
