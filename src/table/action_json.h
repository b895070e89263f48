// Internal to the table module: build an action from an already parsed JSON object (one
// commit-file line), for readers that produce JSON values themselves (checkpoint rows).
// Thread-safety: pure function.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/result.h"
#include "table/actions.h"

namespace strata::table {

/// Integers of the log, checked: a non-integer or out-of-range value throws nlohmann's
/// type_error (callers catch it and return Corruption), never converts with undefined behaviour.
int64_t JsonInt64(const nlohmann::json& v);
int32_t JsonInt32(const nlohmann::json& v);

/// The action of `line` (nullopt for actions Strata skips); Corruption naming `file` when
/// malformed. Never throws.
Result<std::optional<Action>> ActionFromJson(const nlohmann::json& line, std::string_view file);

}  // namespace strata::table
