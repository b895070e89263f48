// FileWriter: cuts incoming batches into row groups by estimated bytes, encodes the column
// chunks of complete row groups in parallel on ThreadPool::Default() (one task per row group and
// leaf), and writes them in order on a background thread while the next row groups encode; the
// last partial row group stays open for the next Write().
#include "format/parquet/writer.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <future>

#include "common/thread_pool.h"
#include "format/parquet/column_chunk_writer.h"
#include "format/parquet/writer_levels.h"
#include "format/parquet/writer_schema.h"

namespace strata::format::parquet {
namespace {

constexpr char kMagic[] = "PAR1";

// Row groups encoded at once by one Write(); bounds the memory of encoded-but-unwritten chunks.
size_t WaveSize() { return std::max<size_t>(2, ThreadPool::Default().size() + 1); }

}  // namespace

struct FileWriter::Impl {
  // One row group under construction: a chunk writer per leaf.
  struct RowGroupState {
    std::vector<std::unique_ptr<ColumnChunkWriter>> chunks;
    int64_t num_rows = 0;
    int64_t bytes = 0;
  };
  // Rows [begin, end) of the current batch destined for `group`.
  struct Slice {
    RowGroupState* group;
    int64_t begin, end;
  };

  std::unique_ptr<io::OutputStream> sink;
  Schema schema;
  WriteOptions options;
  WriterSchema layout;
  std::vector<RowGroup> row_groups;
  std::vector<std::unique_ptr<ChunkStatistics>> leaf_stats;  // whole file, per leaf
  std::vector<int64_t> top_nulls;                            // null rows per top-level field
  std::unique_ptr<RowGroupState> open;
  std::future<Status> pending_flush;  // the background flush of complete row groups
  int64_t num_rows = 0;
  bool closed = false;
  Status error;  // the first failure; poisons the writer

  std::unique_ptr<RowGroupState> NewGroup() const {
    auto g = std::make_unique<RowGroupState>();
    for (const LeafColumn& leaf : layout.leaves) {
      g->chunks.push_back(std::make_unique<ColumnChunkWriter>(leaf, options));
    }
    return g;
  }

  // Encode the pages of leaf `l` for rows [begin, end) of `batch` into `group`.
  Status EncodeLeaf(const RecordBatch& batch, const Slice& s, size_t l) const {
    const LeafColumn& leaf = layout.leaves[l];
    const Column& top = batch.columns[leaf.top_field];
    std::vector<const Column*> cols = {&top};
    PageLevels levels;
    for (int64_t r = s.begin; r < s.end;) {
      int64_t end = CutRows(cols, r, s.end, options.data_page_bytes);
      ComputeLevels(top, leaf, r, end, &levels);
      STRATA_RETURN_IF_ERROR(s.group->chunks[l]->AddPage(levels));
      r = end;
    }
    return Status::OK();
  }

  Status EncodeSlices(const RecordBatch& batch, const std::vector<Slice>& slices) {
    size_t leaves = layout.leaves.size();
    std::vector<Status> results(slices.size() * leaves);
    ThreadPool::Default().ParallelFor(results.size(), [&](size_t t) {
      results[t] = EncodeLeaf(batch, slices[t / leaves], t % leaves);
    });
    for (Status& st : results) STRATA_RETURN_IF_ERROR(st);
    std::vector<const Column*> cols;
    for (const Column& c : batch.columns) cols.push_back(&c);
    for (const Slice& s : slices) {
      s.group->num_rows += s.end - s.begin;
      for (const Column* c : cols) s.group->bytes += RowRangeBytes(*c, s.begin, s.end);
    }
    return Status::OK();
  }

  // Flush `groups` on a background thread, after the previous flush, so that writing row group
  // k to the sink overlaps encoding row group k+1. The groups own their encoded bytes.
  Status FlushGroupsAsync(std::vector<std::unique_ptr<RowGroupState>> groups) {
    STRATA_RETURN_IF_ERROR(WaitForFlush());
    if (groups.empty()) return Status::OK();
    pending_flush = std::async(std::launch::async, [this, g = std::move(groups)]() mutable {
      return FlushGroups(std::move(g));
    });
    return Status::OK();
  }

  Status WaitForFlush() {
    if (!pending_flush.valid()) return Status::OK();
    return pending_flush.get();
  }

  Status FlushGroups(std::vector<std::unique_ptr<RowGroupState>> groups) {
    size_t leaves = layout.leaves.size();
    std::vector<Result<EncodedChunk>> chunks(groups.size() * leaves, Status::Internal("unset"));
    ThreadPool::Default().ParallelFor(chunks.size(), [&](size_t t) {
      chunks[t] = groups[t / leaves]->chunks[t % leaves]->Finish();
    });
    for (size_t g = 0; g < groups.size(); ++g) {
      RowGroup rg;
      rg.num_rows = groups[g]->num_rows;
      rg.ordinal = static_cast<int16_t>(row_groups.size());
      rg.file_offset = sink->Tell();
      int64_t compressed = 0;
      for (size_t l = 0; l < leaves; ++l) {
        STRATA_ASSIGN_OR_RETURN(EncodedChunk chunk, std::move(chunks[g * leaves + l]));
        int64_t base = sink->Tell();
        for (const std::string& piece : chunk.pieces) STRATA_RETURN_IF_ERROR(sink->Write(piece));
        ColumnChunk cc;
        cc.file_offset = base;
        chunk.meta.data_page_offset += base;
        if (chunk.meta.dictionary_page_offset) *chunk.meta.dictionary_page_offset += base;
        cc.meta_data = std::move(chunk.meta);
        rg.columns.push_back(std::move(cc));
        rg.total_byte_size += chunk.uncompressed_bytes;
        compressed += chunk.size;
        leaf_stats[l]->Merge(groups[g]->chunks[l]->statistics());
      }
      rg.total_compressed_size = compressed;
      row_groups.push_back(std::move(rg));
    }
    return Status::OK();
  }

  Status Write(const RecordBatch& batch) {
    if (closed) return Status::InvalidArgument("Parquet writer is closed");
    if (!batch.schema.Equals(schema)) {
      return Status::InvalidArgument("batch schema " + batch.schema.ToString() +
                                     " differs from the writer's " + schema.ToString());
    }
    if (Status st = batch.Validate(); !st.ok()) {  // a bad batch: rejected, nothing written
      return Status::InvalidArgument("invalid batch for the Parquet writer: " + st.message());
    }
    for (int f = 0; f < schema.num_fields(); ++f) top_nulls[f] += batch.columns[f].null_count();
    num_rows += batch.num_rows;
    std::vector<const Column*> cols;
    for (const Column& c : batch.columns) cols.push_back(&c);
    const int64_t n = batch.num_rows, budget = std::max<int64_t>(1, options.row_group_bytes);
    int64_t r = 0;
    if (open && open->num_rows > 0) {  // top up the open row group first
      int64_t end = CutRows(cols, r, n, budget - open->bytes);
      STRATA_RETURN_IF_ERROR(EncodeSlices(batch, {Slice{open.get(), r, end}}));
      r = end;
      if (open->bytes < budget) return Status::OK();
      std::vector<std::unique_ptr<RowGroupState>> one;
      one.push_back(std::move(open));
      STRATA_RETURN_IF_ERROR(FlushGroupsAsync(std::move(one)));
    }
    while (r < n) {  // waves of complete row groups, then the remainder stays open
      std::vector<std::unique_ptr<RowGroupState>> wave;
      std::vector<Slice> slices;
      while (r < n && wave.size() < WaveSize()) {
        int64_t end = CutRows(cols, r, n, budget);
        wave.push_back(NewGroup());
        slices.push_back(Slice{wave.back().get(), r, end});
        r = end;
      }
      STRATA_RETURN_IF_ERROR(EncodeSlices(batch, slices));
      if (wave.back()->bytes < budget) {
        open = std::move(wave.back());
        wave.pop_back();
      }
      STRATA_RETURN_IF_ERROR(FlushGroupsAsync(std::move(wave)));
    }
    return Status::OK();
  }

  Result<WrittenFile> Close() {
    if (closed) return Status::InvalidArgument("Parquet writer is already closed");
    closed = true;
    if (open && open->num_rows > 0) {
      std::vector<std::unique_ptr<RowGroupState>> one;
      one.push_back(std::move(open));
      STRATA_RETURN_IF_ERROR(FlushGroupsAsync(std::move(one)));
    }
    STRATA_RETURN_IF_ERROR(WaitForFlush());
    FileMetaData meta;
    meta.schema = layout.elements;
    meta.num_rows = num_rows;
    meta.row_groups = std::move(row_groups);
    meta.key_value_metadata = options.key_value_metadata;
    meta.created_by = options.created_by;
    std::string footer = EncodeFileMetaData(meta);
    uint32_t len = static_cast<uint32_t>(footer.size());
    footer.append(reinterpret_cast<const char*>(&len), 4);
    footer.append(kMagic, 4);
    STRATA_RETURN_IF_ERROR(sink->Write(footer));
    WrittenFile written;
    written.num_rows = num_rows;
    written.size_bytes = sink->Tell();
    STRATA_RETURN_IF_ERROR(sink->Close());
    written.stats = FieldStats();
    return written;
  }

  std::vector<ColumnStats> FieldStats() const {
    std::vector<ColumnStats> out(schema.num_fields());
    for (int f = 0; f < schema.num_fields(); ++f) {
      out[f].null_count = top_nulls[f];
      out[f].num_values = num_rows;
    }
    for (size_t l = 0; l < layout.leaves.size(); ++l) {
      const LeafColumn& leaf = layout.leaves[l];
      if (leaf.steps.size() != 1) continue;  // nested fields have no min/max
      ColumnStats s = leaf_stats[l]->ToColumnStats();
      s.num_values = num_rows;
      out[leaf.top_field] = std::move(s);
    }
    return out;
  }
};

FileWriter::FileWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FileWriter::~FileWriter() = default;

Result<std::unique_ptr<FileWriter>> FileWriter::Open(std::unique_ptr<io::OutputStream> sink,
                                                     Schema schema, WriteOptions options) {
  auto impl = std::make_unique<Impl>();
  STRATA_ASSIGN_OR_RETURN(impl->layout, BuildWriterSchema(schema));
  if (options.data_page_bytes <= 0 || options.row_group_bytes <= 0) {
    return Status::InvalidArgument("Parquet page and row group sizes must be positive");
  }
  impl->sink = std::move(sink);
  impl->schema = std::move(schema);
  impl->options = std::move(options);
  for (const LeafColumn& leaf : impl->layout.leaves) {
    impl->leaf_stats.push_back(std::make_unique<ChunkStatistics>(*leaf.type));
  }
  impl->top_nulls.assign(impl->schema.num_fields(), 0);
  impl->open = impl->NewGroup();
  STRATA_RETURN_IF_ERROR(impl->sink->Write(std::string_view(kMagic, 4)));
  return std::unique_ptr<FileWriter>(new FileWriter(std::move(impl)));
}

const Schema& FileWriter::schema() const { return impl_->schema; }
// After any failure the writer is poisoned: later calls return the first error, so a file with
// a lost row group is never closed as if complete.
Status FileWriter::Write(const RecordBatch& batch) {
  if (!impl_->error.ok()) return impl_->error;
  Status st = impl_->Write(batch);
  if (!st.ok() && st.code() != StatusCode::kInvalidArgument) impl_->error = st;
  return st;
}

Result<WrittenFile> FileWriter::Close() {
  if (!impl_->error.ok()) return impl_->error;
  Result<WrittenFile> written = impl_->Close();
  if (!written.ok()) impl_->error = written.status();
  return written;
}

Result<WrittenFile> WriteFile(io::ObjectStore& store, const std::string& path,
                              const RecordBatch& batch, const WriteOptions& options) {
  STRATA_ASSIGN_OR_RETURN(auto sink, store.OpenWrite(path));
  STRATA_ASSIGN_OR_RETURN(auto writer, FileWriter::Open(std::move(sink), batch.schema, options));
  STRATA_RETURN_IF_ERROR(writer->Write(batch));
  return writer->Close();
}

}  // namespace strata::format::parquet
