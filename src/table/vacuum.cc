#include "table/vacuum.h"

#include <set>

#include "common/clock.h"

namespace strata::table {
namespace {

// Is `rel` under a folder (or itself a file) Delta treats as hidden: "_delta_log", "_x", ".x"?
// Partition folders ("col=value") are never hidden even when the column starts with '_'.
bool IsHidden(const std::string& rel) {
  size_t start = 0;
  while (start < rel.size()) {
    size_t end = rel.find('/', start);
    std::string part = rel.substr(start, end == std::string::npos ? end : end - start);
    bool is_partition_dir = end != std::string::npos && part.find('=') != std::string::npos;
    if (!part.empty() && (part[0] == '.' || part[0] == '_') && !is_partition_dir) return true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

}  // namespace

Result<VacuumResult> Vacuum(const Table& table, const VacuumOptions& options) {
  if (options.retention_hours < 0) {
    return Status::InvalidArgument("vacuum retention must not be negative");
  }
  STRATA_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> snap, table.Latest());
  const int64_t now = options.now_ms >= 0 ? options.now_ms : NowMillis();
  const int64_t cutoff = now - options.retention_hours * 3600 * 1000;
  std::set<std::string> keep;
  for (const AddFile& f : snap->files()) keep.insert(f.path);
  for (const auto& [key, r] : snap->tombstones()) {
    if (r.deletion_timestamp.value_or(now) > cutoff) keep.insert(r.path);
  }
  const std::string prefix = table.root().empty() ? "" : table.root() + "/";
  STRATA_ASSIGN_OR_RETURN(std::vector<io::ObjectInfo> objects, table.store()->List(prefix));
  VacuumResult result;
  for (const io::ObjectInfo& o : objects) {
    std::string rel = o.path.substr(prefix.size());
    if (rel.empty() || IsHidden(rel)) continue;
    if (keep.count(rel) || o.modified_micros / 1000 > cutoff) {
      ++result.files_kept;
      continue;
    }
    if (!options.dry_run) STRATA_RETURN_IF_ERROR(table.store()->Delete(o.path));
    result.deleted.push_back(rel);
    result.bytes_deleted += o.size;
  }
  return result;
}

}  // namespace strata::table
