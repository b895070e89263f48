// The files of a saved vector index and the code that writes and checks them.
//
// A saved index is a folder: `header.json` (format, version, options, counts, graph entry point,
// and for each array file its byte length and XXH3-64) beside raw little-endian arrays such as
// `vectors.f32`, `removed.u64`, `codes.u8`, `links0.u32`. The header is written last, so a save
// that dies midway leaves no loadable header pointing at missing files. Reading checks every
// file's length and hash and answers Corruption naming the file.
// Thread-safety: an IndexWriter or IndexReader is used by one thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "common/result.h"
#include "index/vector/vector_index.h"
#include "io/object_store.h"

namespace strata::index::vector {

struct FileEntry {
  uint64_t bytes = 0;
  uint64_t xxh3 = 0;
};

struct IndexHeader {
  VectorIndexOptions options;
  uint32_t size = 0;
  uint32_t live = 0;
  int64_t entry = -1;  // hnsw: entry point, -1 when empty
  int max_level = 0;   // hnsw
  std::map<std::string, FileEntry> files;
};

inline constexpr const char* kHeaderFile = "header.json";

class IndexWriter {
 public:
  IndexWriter(io::ObjectStore& store, std::string dir) : store_(store), dir_(std::move(dir)) {}
  /// Stream `bytes` bytes at `data` into `dir/name`.
  Status WriteArray(const std::string& name, const void* data, size_t bytes);
  /// Write header.json, listing every array written so far.
  Status Finish(IndexHeader header);

 private:
  io::ObjectStore& store_;
  std::string dir_;
  std::map<std::string, FileEntry> files_;
};

class IndexReader {
 public:
  /// Read and validate `dir/header.json`.
  static Result<IndexReader> Open(io::ObjectStore& store, const std::string& dir);

  const IndexHeader& header() const { return header_; }
  /// Open `dir/name` (mapped on a local store) and check that it holds `bytes` bytes matching the
  /// header's length and hash.
  Result<std::shared_ptr<io::Buffer>> ReadArray(const std::string& name, uint64_t bytes) const;
  /// Corruption naming `name` with `problem`.
  Status Corrupt(const std::string& name, const std::string& problem) const;

 private:
  IndexReader(io::ObjectStore& store, std::string dir) : store_(&store), dir_(std::move(dir)) {}

  io::ObjectStore* store_;
  std::string dir_;
  IndexHeader header_;
};

}  // namespace strata::index::vector
