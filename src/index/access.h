// Principals and the row-level access rule of DESIGN §3.
//
// A principal sees a row when (1) its tenant equals the row's tenant (an empty row tenant is
// the default tenant, seen by principals with an empty tenant), (2) the row has no groups or
// the principal holds at least one of them, and (3) its clearance covers the row's
// classification. Clearances are ordered public < internal < confidential < restricted; an
// empty classification is public; a classification outside that list is covered only by a
// clearance of the same name. An `unrestricted` principal (the workspace owner on the CLI
// without --as) sees every row.
// Thread-safety: values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace strata::index {

struct Principal {
  std::string name;
  std::string tenant;
  std::vector<std::string> groups;
  std::string clearance = "public";
  bool unrestricted = false;

  static Principal Owner() {
    Principal p;
    p.name = "owner";
    p.unrestricted = true;
    return p;
  }
};

/// Parse "tenant=acme;groups=a,b;clearance=internal[;name=N]" (any order, ';' or whitespace
/// separated). InvalidArgument naming an unknown key or clearance.
Result<Principal> ParsePrincipal(std::string_view spec);

/// Rank of a clearance or classification in the order above; -1 for names outside it.
int ClearanceRank(std::string_view level);

/// True when `principal` may see a row with these labels.
bool CanSee(const Principal& principal, std::string_view tenant,
            const std::vector<std::string>& groups, std::string_view classification);

}  // namespace strata::index
