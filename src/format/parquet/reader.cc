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

// Buffers handed from one row group's task to the next, so that a read of many row groups does
// not fault in a fresh buffer of ~100 MB per row group. Thread-safe.
template <typename V>
class BufferPool {
 public:
  V Take() {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_.empty()) return {};
    V v = std::move(free_.back());
    free_.pop_back();
    v.clear();
    return v;
  }
  void Give(V&& v) {
    if (v.capacity() == 0) return;
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(v));
  }

 private:
  std::mutex mu_;
  std::vector<V> free_;
};
using LevelPool = BufferPool<LevelVector>;

// A field assembled straight into one column sized for all the row groups read (see
// FileReader::Impl::ReadDirect): `column` is preallocated; row group t writes rows from
// row_start[t] and values from value_start[t].
struct DirectField {
  int field = -1;
  const ReadNode* leaf_node = nullptr;  // the fixed-width leaf (the field, or its list element)
  int width = 0;
  Column column;
  std::vector<int64_t> row_start;    // per row group
  std::vector<int64_t> value_start;  // per row group, then the total
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
  //
  // Fields that qualify for ReadDirect (fixed-width values, no nulls) skip the concatenation:
  // each row group's task copies its values from a recycled decode buffer into its slice of the
  // final column, so every page of the result is touched once, in parallel. The others are
  // assembled per row group and merged.
  Result<RecordBatch> ReadGroups(const std::vector<int>& rgs, const std::vector<int>& fields,
                                 bool use_threads) const {
    if (!use_threads || rgs.size() < 2) return ReadGroupsSerial(rgs, fields, use_threads);
    std::vector<DirectField> direct;
    std::vector<int> merged;
    for (int f : fields) {
      if (std::optional<DirectField> d = PlanDirect(f, rgs)) {
        direct.push_back(std::move(*d));
      } else {
        merged.push_back(f);
      }
    }
    std::vector<Result<RecordBatch>> parts(rgs.size(), Status::OK());
    std::vector<Status> direct_errors(rgs.size());
    LevelPool pool;
    BufferPool<ByteVector> values;
    ThreadPool::Default().ParallelFor(rgs.size(), [&](size_t t) {
      parts[t] = ReadGroupsSerial({rgs[t]}, merged, false, &pool);
      for (DirectField& d : direct) {
        if (!direct_errors[t].ok()) break;
        direct_errors[t] = ReadDirect(rgs[t], t, &d, &pool, &values);
      }
    });
    for (const Status& st : direct_errors) {
      // A file whose statistics promised no nulls but whose levels say otherwise: read it again
      // the general way (Corruption, if any, comes from there).
      if (!st.ok()) return ReadGroupsMerged(rgs, fields);
    }
    return Combine(rgs, fields, std::move(parts), std::move(direct), merged);
  }

  Result<RecordBatch> ReadGroupsMerged(const std::vector<int>& rgs,
                                       const std::vector<int>& fields) const {
    std::vector<Result<RecordBatch>> parts(rgs.size(), Status::OK());
    LevelPool pool;
    ThreadPool::Default().ParallelFor(rgs.size(), [&](size_t t) {
      parts[t] = ReadGroupsSerial({rgs[t]}, fields, false, &pool);
    });
    return Combine(rgs, fields, std::move(parts), {}, fields);
  }

  // The batch of `fields`: direct fields as they are, the `merged` ones concatenated from the
  // per-row-group `parts`.
  Result<RecordBatch> Combine(const std::vector<int>& rgs, const std::vector<int>& fields,
                              std::vector<Result<RecordBatch>> parts,
                              std::vector<DirectField> direct,
                              const std::vector<int>& merged) const {
    RecordBatch b;
    for (auto& part : parts) STRATA_RETURN_IF_ERROR(part.status());
    for (int rg : rgs) b.num_rows += meta.row_groups[rg].num_rows;
    std::vector<Field> schema_fields;
    for (int f : fields) schema_fields.push_back(pschema.schema.field(f));
    b.schema = Schema(std::move(schema_fields));
    b.columns.resize(fields.size());
    auto slot = [&](int f) { return std::find(fields.begin(), fields.end(), f) - fields.begin(); };
    for (DirectField& d : direct) b.columns[slot(d.field)] = std::move(d.column);
    ThreadPool::Default().ParallelFor(merged.size(), [&](size_t m) {
      std::vector<Column> cols;
      cols.reserve(parts.size());
      for (auto& part : parts) cols.push_back(std::move(part->columns[m]));
      b.columns[slot(merged[m])] = MergeColumns(std::move(cols));
    });
    return b;
  }

  // Plan field `f` for ReadDirect when it is a fixed-width leaf, or a list of one, and every
  // chunk's statistics say it has no nulls; size its column for all of `rgs` (untouched memory).
  std::optional<DirectField> PlanDirect(int f, const std::vector<int>& rgs) const {
    DirectField d;
    d.field = f;
    const ReadNode& node = pschema.fields[f];
    d.leaf_node = &node;
    if (node.type->kind == Kind::kList && node.children.size() == 1) d.leaf_node = &node.children[0];
    const int leaf = d.leaf_node->leaf;
    if (leaf < 0 || pschema.leaves[leaf].physical == PhysicalType::kInt96) return std::nullopt;
    d.width = decoding::ValueWidth(pschema.leaves[leaf].physical, pschema.leaves[leaf].type_length);
    if (d.width <= 0) return std::nullopt;
    int64_t rows = 0, values = 0;
    for (int rg : rgs) {
      const auto& md = meta.row_groups[rg].columns[leaf].meta_data;
      if (!md || !md->statistics || md->statistics->null_count.value_or(-1) != 0 ||
          md->num_values < 0 || md->num_values > source.byte_limit / d.width) {
        return std::nullopt;
      }
      d.row_start.push_back(rows);
      d.value_start.push_back(values);
      rows += meta.row_groups[rg].num_rows;
      values += md->num_values;
    }
    if (values > source.byte_limit / d.width || (d.leaf_node == &node && values != rows)) {
      return std::nullopt;
    }
    d.value_start.push_back(values);
    d.column = Column(node.type);
    Column* leaf_col = &d.column;
    if (d.leaf_node != &node) {
      d.column.mutable_offsets().assign(rows + 1, 0);
      d.column.mutable_children().emplace_back(d.leaf_node->type);
      leaf_col = &d.column.mutable_children()[0];
    }
    leaf_col->mutable_data().resize(values * d.width);
    leaf_col->set_length(values);
    d.column.set_length(rows);
    return d;
  }

  // Decode field `d` of row group `rg` (the t-th read) into a recycled buffer, assemble it, check
  // it against the plan, and copy it into its slice of d->column.
  Status ReadDirect(int rg, size_t t, DirectField* d, LevelPool* levels,
                    BufferPool<ByteVector>* values) const {
    const int leaf = d->leaf_node->leaf;
    const bool is_list = d->leaf_node != &pschema.fields[d->field];
    std::vector<ChunkData> chunks(pschema.leaves.size());
    ChunkData& c = chunks[leaf];
    c = NewChunkData(pschema.leaves[leaf], source.byte_limit);
    c.values.data = values->Take();
    if (pschema.leaves[leaf].max_rep > 0) c.rep_levels = levels->Take();
    Reserve({rg}, leaf, &c);
    STRATA_RETURN_IF_ERROR(DecodeChunk(rg, leaf, &c));
    const int64_t rows = meta.row_groups[rg].num_rows;
    STRATA_ASSIGN_OR_RETURN(Column col, AssembleColumn(pschema.fields[d->field], chunks, rows));
    Column* part_leaf = is_list ? &col.mutable_children()[0] : &col;
    const int64_t expect = d->value_start[t + 1] - d->value_start[t];
    if (col.has_nulls() || part_leaf->has_nulls() || part_leaf->length() != expect ||
        static_cast<int64_t>(part_leaf->data().size()) != expect * d->width) {
      return Status::Corruption("row group " + std::to_string(rg) + " disagrees with its statistics");
    }
    Column* leaf_col = is_list ? &d->column.mutable_children()[0] : &d->column;
    if (expect > 0) {
      std::memcpy(leaf_col->mutable_data().data() + d->value_start[t] * d->width,
                  part_leaf->data().data(), expect * d->width);
    }
    if (is_list) {
      int64_t* out = d->column.mutable_offsets().data() + d->row_start[t] + 1;
      for (int64_t i = 0; i < rows; ++i) out[i] = col.offsets()[i + 1] + d->value_start[t];
    }
    values->Give(std::move(part_leaf->mutable_data()));
    levels->Give(std::move(c.rep_levels));
    return Status::OK();
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
