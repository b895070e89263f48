#include <cstdio>

#include "cli/commands.h"

namespace strata::cli {

int ReportError(const Status& status) {
  std::fprintf(stderr, "strata: %s\n", status.ToString().c_str());
  return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitError;
}

}  // namespace strata::cli
