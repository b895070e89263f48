// Internal to the table module: build an action from an already parsed JSON object (one
// commit-file line), for readers that produce JSON values themselves (checkpoint rows).
// Thread-safety: pure function.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>

#include "common/result.h"
#include "table/actions.h"

namespace strata::table {

/// The action of `line` (nullopt for actions Strata skips); Corruption naming `file` when
/// malformed. Never throws.
Result<std::optional<Action>> ActionFromJson(const nlohmann::json& line, std::string_view file);

}  // namespace strata::table
