#include "ingest/parsers/row_template.h"

#include <unordered_map>

namespace strata::ingest {
namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

const std::string* Find(const RowFields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return &value;
  }
  return nullptr;
}

}  // namespace

Result<RowTemplate> RowTemplate::Parse(std::string_view text) {
  RowTemplate t;
  t.empty_ = text.empty();
  std::string literal;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      literal.push_back(c);
      ++i;
      continue;
    }
    if (c != '{') {
      literal.push_back(c);
      continue;
    }
    size_t close = text.find('}', i);
    if (close == std::string_view::npos) {
      return Status::InvalidArgument("row_template: unterminated '{' at offset " +
                                     std::to_string(i));
    }
    std::string_view name = TrimSpaces(text.substr(i + 1, close - i - 1));
    if (name.empty()) {
      return Status::InvalidArgument("row_template: empty placeholder at offset " +
                                     std::to_string(i));
    }
    if (!literal.empty()) t.pieces_.push_back({std::move(literal), false});
    literal.clear();
    t.pieces_.push_back({std::string(name), true});
    i = close;
  }
  if (!literal.empty()) t.pieces_.push_back({std::move(literal), false});
  return t;
}

std::string RowTemplate::Render(const RowFields& fields, const RowFields& extra) const {
  std::string out;
  if (empty_) {
    for (const auto& [key, value] : fields) {
      if (!out.empty()) out.push_back('\n');
      out += key;
      out += ": ";
      out += value;
    }
    return out;
  }
  // Index the fields once when the row is wide; a linear search is cheaper for a few.
  std::unordered_map<std::string_view, const std::string*> index;
  if (fields.size() + extra.size() > 16) {
    for (const auto& [key, value] : extra) index.emplace(key, &value);
    for (const auto& [key, value] : fields) index[key] = &value;
  }
  for (const Piece& piece : pieces_) {
    if (!piece.is_field) {
      out += piece.text;
      continue;
    }
    const std::string* value = nullptr;
    if (!index.empty()) {
      auto it = index.find(piece.text);
      value = it == index.end() ? nullptr : it->second;
    } else {
      value = Find(fields, piece.text);
      if (value == nullptr) value = Find(extra, piece.text);
    }
    if (value != nullptr) out += *value;
  }
  return out;
}

Document RowDocument(const RowDocumentSpec& spec, int64_t number, const RowFields& fields,
                     const RowFields& extra) {
  Document doc = DocumentFrom(*spec.input, spec.mime);
  doc.uri += "#" + spec.uri_key + "=" + std::to_string(number);
  doc.text = spec.row_template->Render(fields, extra);
  for (const auto& [key, value] : fields) doc.metadata[key] = value;
  if (!spec.title_field.empty()) {
    const std::string* title = Find(fields, spec.title_field);
    if (title == nullptr) title = Find(extra, spec.title_field);
    if (title != nullptr) doc.title = *title;
  }
  return doc;
}

}  // namespace strata::ingest
