// `strata parquet schema|meta|cat FILE [--json] [--limit N]`: inspect any Parquet file, like
// parquet-tools. FILE is a local path or an object-store URI (s3://bucket/key.parquet).
// `cat --json` prints one JSON object per row in the conventions of cli/row_json.h.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/row_json.h"
#include "format/parquet/compression.h"
#include "format/parquet/reader.h"
#include "io/object_store.h"

namespace strata::cli {
namespace {

using Json = nlohmann::ordered_json;
using format::parquet::FileReader;

struct ParquetArgs {
  std::string file;
  bool json = false;
  int64_t limit = -1;
};

Result<std::unique_ptr<FileReader>> OpenReader(const std::string& file) {
  std::string dir, name;
  if (file.find("://") != std::string::npos) {
    size_t slash = file.rfind('/');
    dir = file.substr(0, slash);
    name = file.substr(slash + 1);
  } else {
    std::filesystem::path p = std::filesystem::absolute(file);
    dir = p.parent_path().string();
    name = p.filename().string();
  }
  STRATA_ASSIGN_OR_RETURN(auto store, io::OpenStore(dir));
  STRATA_ASSIGN_OR_RETURN(std::unique_ptr<io::RandomAccessFile> f, store->OpenRead(name));
  return FileReader::Open(std::shared_ptr<io::RandomAccessFile>(std::move(f)));
}

void Print(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

int RunSchema(const ParquetArgs& args) {
  Result<std::unique_ptr<FileReader>> r = OpenReader(args.file);
  if (!r.ok()) return ReportError(r.status());
  const format::Schema& schema = (*r)->schema();
  if (!args.json) {
    for (const format::Field& f : schema.fields()) {
      Print(f.name + ": " + f.type->ToString() + (f.nullable ? "" : " not null") + "\n");
    }
    return kExitOk;
  }
  Json fields = Json::array();
  for (const format::Field& f : schema.fields()) {
    fields.push_back({{"name", f.name}, {"type", f.type->ToString()}, {"nullable", f.nullable}});
  }
  Print(Json{{"fields", fields}}.dump() + "\n");
  return kExitOk;
}

std::string EncodingName(format::parquet::Encoding e) {
  using format::parquet::Encoding;
  switch (e) {
    case Encoding::kPlain: return "PLAIN";
    case Encoding::kPlainDictionary: return "PLAIN_DICTIONARY";
    case Encoding::kRle: return "RLE";
    case Encoding::kBitPacked: return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray: return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary: return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit: return "BYTE_STREAM_SPLIT";
  }
  return "ENCODING_" + std::to_string(static_cast<int>(e));
}

Json ChunkJson(const format::parquet::ColumnChunk& cc) {
  Json c;
  if (!cc.meta_data) return c;
  const auto& m = *cc.meta_data;
  std::string path;
  for (const auto& p : m.path_in_schema) path += (path.empty() ? "" : ".") + p;
  Json encodings = Json::array();
  for (auto e : m.encodings) encodings.push_back(EncodingName(e));
  c = {{"path", path},
       {"codec", format::parquet::CodecName(m.codec)},
       {"encodings", encodings},
       {"num_values", m.num_values},
       {"compressed_bytes", m.total_compressed_size},
       {"uncompressed_bytes", m.total_uncompressed_size}};
  if (m.statistics && m.statistics->null_count) c["null_count"] = *m.statistics->null_count;
  return c;
}

int RunMeta(const ParquetArgs& args) {
  Result<std::unique_ptr<FileReader>> r = OpenReader(args.file);
  if (!r.ok()) return ReportError(r.status());
  const auto& meta = (*r)->metadata();
  Json groups = Json::array();
  for (const auto& rg : meta.row_groups) {
    Json cols = Json::array();
    for (const auto& cc : rg.columns) cols.push_back(ChunkJson(cc));
    groups.push_back({{"num_rows", rg.num_rows}, {"total_byte_size", rg.total_byte_size},
                      {"columns", cols}});
  }
  Json kv = Json::object();
  for (const auto& p : meta.key_value_metadata) kv[p.key] = p.value.value_or("");
  Json out = {{"version", meta.version},
              {"created_by", meta.created_by.value_or("")},
              {"num_rows", meta.num_rows},
              {"num_row_groups", meta.row_groups.size()},
              {"schema", (*r)->schema().ToString()},
              {"key_value_metadata", kv},
              {"row_groups", groups}};
  Print(args.json ? out.dump() + "\n" : out.dump(2) + "\n");
  return kExitOk;
}

int RunCat(const ParquetArgs& args) {
  Result<std::unique_ptr<FileReader>> r = OpenReader(args.file);
  if (!r.ok()) return ReportError(r.status());
  format::parquet::ReadOptions options;
  options.limit = args.limit;
  Result<format::RecordBatch> batch = (*r)->Read(options);
  if (!batch.ok()) return ReportError(batch.status());
  std::string out;
  for (int64_t i = 0; i < batch->num_rows; ++i) {
    if (args.json) {
      AppendRowJson(*batch, i, &out);
      out.push_back('\n');
    } else {
      for (int k = 0; k < batch->schema.num_fields(); ++k) {
        out += batch->schema.field(k).name + " = ";
        AppendValueJson(batch->columns[k], i, &out);
        out.push_back('\n');
      }
      out.push_back('\n');
    }
    if (out.size() > (1 << 20)) {
      Print(out);
      out.clear();
    }
  }
  Print(out);
  return kExitOk;
}

void AddSub(CLI::App* parquet, const char* name, const char* help, CommandList& commands,
            int (*run)(const ParquetArgs&), bool with_limit) {
  auto args = std::make_shared<ParquetArgs>();
  CLI::App* sub = parquet->add_subcommand(name, help);
  sub->add_option("file", args->file, "Parquet file (path or URI)")->required();
  sub->add_flag("--json", args->json, "print JSON");
  if (with_limit) sub->add_option("--limit", args->limit, "print at most N rows");
  commands.push_back({sub, [args, run] { return run(*args); }});
}

}  // namespace

void AddParquetCommands(CLI::App& app, GlobalOptions& global, CommandList& commands) {
  CLI::App* parquet = app.add_subcommand("parquet", "inspect Parquet files");
  parquet->require_subcommand(1);
  AddSub(parquet, "schema", "print the schema", commands, RunSchema, false);
  AddSub(parquet, "meta", "print the file metadata", commands, RunMeta, false);
  AddSub(parquet, "cat", "print the rows", commands, RunCat, true);
}

}  // namespace strata::cli
