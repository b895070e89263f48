// Text templates for records (SQL rows, MQTT messages): "{name}" is replaced by the record's
// field `name`, "{{" and "}}" are literal braces, and a field the record lacks (or a NULL)
// renders as the empty string.
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::ingest {

using FieldLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// `tmpl` with every {name} replaced by lookup(name).
std::string RenderTemplate(std::string_view tmpl, const FieldLookup& lookup);
/// The field names that `tmpl` refers to, in order of first use.
std::vector<std::string> TemplateFields(std::string_view tmpl);

}  // namespace strata::ingest
