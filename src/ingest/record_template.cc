#include "ingest/record_template.h"

#include <algorithm>

namespace strata::ingest {
namespace {

/// Walk `tmpl`, calling literal(text) and field(name) in order.
template <typename Literal, typename Field>
void Scan(std::string_view tmpl, Literal literal, Field field) {
  size_t i = 0;
  while (i < tmpl.size()) {
    char c = tmpl[i];
    if ((c == '{' || c == '}') && i + 1 < tmpl.size() && tmpl[i + 1] == c) {
      literal(tmpl.substr(i, 1));
      i += 2;
      continue;
    }
    if (c == '{') {
      size_t close = tmpl.find('}', i + 1);
      if (close != std::string_view::npos) {
        field(tmpl.substr(i + 1, close - i - 1));
        i = close + 1;
        continue;
      }
    }
    size_t next = tmpl.find_first_of("{}", i + 1);
    if (next == std::string_view::npos) next = tmpl.size();
    literal(tmpl.substr(i, next - i));
    i = next;
  }
}

}  // namespace

std::string RenderTemplate(std::string_view tmpl, const FieldLookup& lookup) {
  std::string out;
  Scan(
      tmpl, [&](std::string_view text) { out.append(text); },
      [&](std::string_view name) {
        std::optional<std::string> value = lookup(name);
        if (value) out.append(*value);
      });
  return out;
}

std::vector<std::string> TemplateFields(std::string_view tmpl) {
  std::vector<std::string> names;
  Scan(
      tmpl, [](std::string_view) {},
      [&](std::string_view name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
      });
  return names;
}

}  // namespace strata::ingest
