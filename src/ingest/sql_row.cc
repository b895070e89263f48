#include "ingest/sql_row.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "ingest/record_template.h"
#include "ingest/source_kinds.h"

namespace strata::ingest {

std::optional<std::string> SqlRow::Get(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return values[i];
  }
  return std::nullopt;
}

std::string QuoteIdentifier(std::string_view name) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    std::string_view part = name.substr(start, dot == std::string_view::npos ? dot : dot - start);
    out += '"';
    for (char c : part) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += '"';
    if (dot == std::string_view::npos) return out;
    out += '.';
    start = dot + 1;
  }
}

std::vector<std::string> ParseGroups(const std::string& value) {
  if (value.size() >= 2 && value.front() == '[') {
    try {
      std::vector<std::string> out;
      for (const auto& item : nlohmann::json::parse(value)) {
        out.push_back(item.is_string() ? item.get<std::string>() : item.dump());
      }
      return out;
    } catch (const nlohmann::json::exception&) {
      // Not JSON after all: read it as a comma list below.
    }
  }
  if (value.size() >= 2 && value.front() == '{' && value.back() == '}') {
    std::vector<std::string> out;
    for (std::string g : SplitList(value.substr(1, value.size() - 2))) {
      if (g.size() >= 2 && g.front() == '"' && g.back() == '"') g = g.substr(1, g.size() - 2);
      out.push_back(g);
    }
    return out;
  }
  return SplitList(value);
}

namespace {

std::string DefaultText(const SqlRowFormat& format, const SqlRow& row) {
  std::string text;
  for (size_t i = 0; i < row.columns.size(); ++i) {
    const std::string& c = row.columns[i];
    if (!row.values[i] || c == format.tenant_column || c == format.groups_column ||
        c == format.classification_column) {
      continue;
    }
    text += c + ": " + *row.values[i] + "\n";
  }
  return text;
}

void ApplyLabels(const SqlRowFormat& format, const SqlRow& row, Labels* labels) {
  *labels = format.labels;
  if (auto v = row.Get(format.tenant_column); v && !v->empty()) labels->tenant = *v;
  if (auto v = row.Get(format.classification_column); v && !v->empty()) {
    labels->classification = *v;
  }
  if (auto v = row.Get(format.groups_column); v && !v->empty()) labels->groups = ParseGroups(*v);
}

}  // namespace

SourceItem RowToItem(const SqlRowFormat& format, const SqlRow& row) {
  SourceItem item;
  item.input.source = format.source;
  std::string fragment;
  std::string missing;
  for (const std::string& column : format.id_columns) {
    std::optional<std::string> v = row.Get(column);
    if (!v) missing = column;
    fragment += (fragment.empty() ? "" : "&") + column + "=" + v.value_or("");
  }
  item.input.uri = format.base_uri + "#" + fragment;
  item.input.labels = format.labels;
  if (!missing.empty()) {
    item.error = Status::InvalidArgument("row of '" + format.base_uri + "' has a NULL id column '" +
                                         missing + "'");
    return item;
  }
  ApplyLabels(format, row, &item.input.labels);
  std::vector<std::string> in_text;
  if (format.text_template.empty()) {
    item.input.content = DefaultText(format, row);
    in_text = row.columns;
  } else {
    item.input.content = RenderTemplate(format.text_template,
                                        [&](std::string_view name) { return row.Get(name); });
    in_text = TemplateFields(format.text_template);
  }
  item.input.mime_hint = "text/plain";
  for (size_t i = 0; i < row.columns.size(); ++i) {
    const std::string& c = row.columns[i];
    bool keep = std::find(in_text.begin(), in_text.end(), c) == in_text.end() ||
                std::find(format.id_columns.begin(), format.id_columns.end(), c) !=
                    format.id_columns.end() ||
                c == format.cursor;
    if (keep && row.values[i]) item.input.metadata[c] = *row.values[i];
  }
  return item;
}

}  // namespace strata::ingest
