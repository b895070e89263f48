#include "index/access.h"

#include <algorithm>
#include <array>

#include "ingest/source_kinds.h"

namespace strata::index {
namespace {

constexpr std::array<std::string_view, 4> kLevels = {"public", "internal", "confidential",
                                                     "restricted"};

}  // namespace

int ClearanceRank(std::string_view level) {
  if (level.empty()) return 0;
  for (size_t i = 0; i < kLevels.size(); ++i) {
    if (kLevels[i] == level) return static_cast<int>(i);
  }
  return -1;
}

Result<Principal> ParsePrincipal(std::string_view spec) {
  Principal p;
  p.name = "principal";
  size_t pos = 0;
  while (pos < spec.size()) {
    size_t end = spec.find_first_of("; \t", pos);
    if (end == std::string_view::npos) end = spec.size();
    std::string_view part = spec.substr(pos, end - pos);
    pos = end + 1;
    if (part.empty()) continue;
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return Status::InvalidArgument("principal '" + std::string(spec) + "': '" +
                                     std::string(part) + "' is not key=value " +
                                     "(keys: name, tenant, groups, clearance)");
    }
    std::string_view key = part.substr(0, eq);
    std::string value(part.substr(eq + 1));
    if (key == "name") {
      p.name = value;
    } else if (key == "tenant") {
      p.tenant = value;
    } else if (key == "groups") {
      p.groups = ingest::SplitList(value);
    } else if (key == "clearance") {
      p.clearance = value;
    } else {
      return Status::InvalidArgument("principal '" + std::string(spec) + "': unknown key '" +
                                     std::string(key) + "' (keys: name, tenant, groups, clearance)");
    }
  }
  return p;
}

bool CanSee(const Principal& principal, std::string_view tenant,
            const std::vector<std::string>& groups, std::string_view classification) {
  if (principal.unrestricted) return true;
  if (principal.tenant != tenant) return false;
  if (!groups.empty()) {
    bool member = std::any_of(groups.begin(), groups.end(), [&](const std::string& g) {
      return std::find(principal.groups.begin(), principal.groups.end(), g) !=
             principal.groups.end();
    });
    if (!member) return false;
  }
  int need = ClearanceRank(classification);
  if (need < 0) return principal.clearance == classification;
  int have = ClearanceRank(principal.clearance);
  return have >= need;
}

}  // namespace strata::index
