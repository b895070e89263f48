// FileReader: footer parsing, schema mapping, row-group selection and parallel chunk decoding.
#include "format/parquet/reader.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>
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

// Level buffers handed from one row group's task to the next, so that a read of many row
// groups does not fault in a fresh buffer of ~100 MB per row group. Thread-safe.
class LevelPool {
 public:
  LevelVector Take() {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_.empty()) return {};
    LevelVector v = std::move(free_.back());
    free_.pop_back();
    v.clear();
    return v;
  }
  void Give(LevelVector&& v) {
    if (v.capacity() == 0) return;
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(v));
  }

 private:
  std::mutex mu_;
  std::vector<LevelVector> free_;
};

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

  std::string ChunkWhere(int rg, int leaf) const {
    std::string where = "row group " + std::to_string(rg) + ", column '";
    for (size_t i = 0; i < pschema.leaves[leaf].path.size(); ++i) {
      where += (i ? "." : "") + pschema.leaves[leaf].path[i];
    }
    return where + "'";
  }

  Status DecodeChunk(int rg, int leaf, ChunkData* out) const {
    const RowGroup& group = meta.row_groups[rg];
    return ReadColumnChunk(source, group.columns[leaf], pschema.leaves[leaf], group.num_rows, out)
        .WithContext(ChunkWhere(rg, leaf));
  }

  // Size the buffers of `leaf` for the values its chunks claim (when that is plausible), so
  // that decoding appends without regrowing.
  void Reserve(const std::vector<int>& rgs, int leaf, ChunkData* c) const {
    int64_t values = 0;
    for (int rg : rgs) {
      const auto& md = meta.row_groups[rg].columns[leaf].meta_data;
      if (!md || md->num_values < 0 || md->num_values > source.byte_limit) return;
      values += md->num_values;
    }
    const LeafDescriptor& d = pschema.leaves[leaf];
    int width = c->values.width;
    if (values * std::max(width, 8) > source.byte_limit) return;
    if (d.max_def > 0) c->def_levels.reserve(values);
    if (d.max_rep > 0) c->rep_levels.reserve(values);
    if (width > 0) c->values.data.reserve(values * width);
    if (width == 0) c->values.offsets.reserve(values + 1);
  }

  // Decode the chunks of `leaves` in row groups `rgs` into one ChunkData per leaf. Tasks are
  // leaves (row groups decoded in order, appending: no copy); a single leaf over several row
  // groups is split by row group and merged instead, so that it still runs in parallel.
  Status DecodeLeaves(const std::vector<int>& rgs, const std::vector<int>& leaves,
                      bool use_threads, std::vector<ChunkData>* chunks,
                      LevelPool* pool = nullptr) const {
    for (int leaf : leaves) {
      (*chunks)[leaf] = NewChunkData(pschema.leaves[leaf], source.byte_limit);
      if (pool != nullptr && pschema.leaves[leaf].max_rep > 0) {
        (*chunks)[leaf].rep_levels = pool->Take();
      }
      Reserve(rgs, leaf, &(*chunks)[leaf]);
    }
    bool split = use_threads && leaves.size() == 1 && rgs.size() > 1;
    size_t n = split ? rgs.size() : leaves.size();
    std::vector<Status> errors(n);
    std::vector<ChunkData> parts(split ? n : 0);
    auto task = [&](size_t t) {
      if (split) {
        parts[t] = NewChunkData(pschema.leaves[leaves[0]], source.byte_limit);
        errors[t] = DecodeChunk(rgs[t], leaves[0], &parts[t]);
        return;
      }
      for (int rg : rgs) {
        errors[t] = DecodeChunk(rg, leaves[t], &(*chunks)[leaves[t]]);
        if (!errors[t].ok()) return;
      }
    };
    if (use_threads && n > 1) {
      ThreadPool::Default().ParallelFor(n, task);
    } else {
      for (size_t t = 0; t < n; ++t) task(t);
    }
    for (const Status& st : errors) STRATA_RETURN_IF_ERROR(st);
    for (ChunkData& part : parts) AppendChunkData(std::move(part), &(*chunks)[leaves[0]]);
    for (int leaf : leaves) FinishChunkData(pschema.leaves[leaf], &(*chunks)[leaf]);
    return Status::OK();
  }

  // Decode and assemble `fields` of row groups `rgs` as one batch. Several row groups are read
  // in parallel, one task per row group (so a dominant leaf is still split across the cores and
  // the levels of only one row group per thread are alive at once), then concatenated.
  Result<RecordBatch> ReadGroups(const std::vector<int>& rgs, const std::vector<int>& fields,
                                 bool use_threads) const {
    if (!use_threads || rgs.size() < 2) return ReadGroupsSerial(rgs, fields, use_threads);
    std::vector<Result<RecordBatch>> parts(rgs.size(), Status::OK());
    LevelPool pool;
    ThreadPool::Default().ParallelFor(rgs.size(), [&](size_t t) {
      parts[t] = ReadGroupsSerial({rgs[t]}, fields, false, &pool);
    });
    RecordBatch b;
    for (auto& part : parts) {
      STRATA_RETURN_IF_ERROR(part.status());
      b.num_rows += part->num_rows;
    }
    b.schema = parts[0]->schema;
    b.columns.resize(fields.size());
    ThreadPool::Default().ParallelFor(fields.size(), [&](size_t f) {
      std::vector<Column> cols;
      cols.reserve(parts.size());
      for (auto& part : parts) cols.push_back(std::move(part->columns[f]));
      b.columns[f] = MergeColumns(std::move(cols));
    });
    return b;
  }

  Result<RecordBatch> ReadGroupsSerial(const std::vector<int>& rgs, const std::vector<int>& fields,
                                       bool use_threads, LevelPool* pool = nullptr) const {
    std::vector<int> leaves;
    for (int f : fields) CollectLeaves(pschema.fields[f], &leaves);
    std::vector<ChunkData> chunks(pschema.leaves.size());
    STRATA_RETURN_IF_ERROR(DecodeLeaves(rgs, leaves, use_threads, &chunks, pool));
    RecordBatch b;
    for (int rg : rgs) b.num_rows += meta.row_groups[rg].num_rows;
    std::vector<Field> schema_fields;
    for (int f : fields) {
      schema_fields.push_back(pschema.schema.field(f));
      STRATA_ASSIGN_OR_RETURN(Column col, AssembleColumn(pschema.fields[f], chunks, b.num_rows));
      b.columns.push_back(std::move(col));
    }
    if (pool != nullptr) {
      for (int leaf : leaves) pool->Give(std::move(chunks[leaf].rep_levels));
    }
    b.schema = Schema(std::move(schema_fields));
    return b;
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
  Result<RecordBatch> r = impl_->ReadGroups({rg}, fields, true);
  if (!r.ok()) return impl_->Fail(r.status());
  return r;
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
  Result<RecordBatch> r = impl_->ReadGroups(rgs, fields, options.use_threads);
  if (!r.ok()) return impl_->Fail(r.status());
  RecordBatch out = std::move(r).value();
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
