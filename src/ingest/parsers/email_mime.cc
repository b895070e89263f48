#include "ingest/parsers/email_mime.h"

#include <cctype>

#include "ingest/parsers/charset.h"

namespace strata::ingest {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsFieldName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c <= ' ' || c >= 0x7F) return false;
  }
  return true;
}

// Split "a; b=\"x;y\"; c" at the semicolons outside quotes.
std::vector<std::string_view> SplitParams(std::string_view field) {
  std::vector<std::string_view> out;
  bool quoted = false;
  size_t begin = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && quoted) {
      ++i;
    } else if (field[i] == '"') {
      quoted = !quoted;
    } else if (field[i] == ';' && !quoted) {
      out.push_back(field.substr(begin, i - begin));
      begin = i + 1;
    }
  }
  out.push_back(field.substr(begin));
  return out;
}

std::string Unquote(std::string_view v) {
  if (v.size() < 2 || v.front() != '"') return std::string(v);
  std::string out;
  for (size_t i = 1; i < v.size() && v[i] != '"'; ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) ++i;
    out.push_back(v[i]);
  }
  return out;
}

std::string PercentDecode(std::string_view s) {
  auto hex = [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c))
               ? (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10))
               : -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

struct ParamPiece {
  bool extended = false;
  std::string value;
};

// Join RFC 2231 sections (a single value is section -1) into a UTF-8 value.
std::string AssembleParam(const std::map<int, ParamPiece>& sections) {
  std::string bytes, charset;
  bool any_extended = false;
  for (const auto& [index, piece] : sections) {
    if (!piece.extended) {
      bytes += piece.value;
      continue;
    }
    any_extended = true;
    std::string_view v = piece.value;
    if (index <= 0) {  // charset'language'value
      size_t q1 = v.find('\'');
      size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
      if (q2 != std::string_view::npos) {
        charset = std::string(v.substr(0, q1));
        v = v.substr(q2 + 1);
      }
    }
    bytes += PercentDecode(v);
  }
  return any_extended ? ToUtf8(bytes, charset) : bytes;
}

}  // namespace

const std::string* MimeEntity::Find(std::string_view name) const {
  for (const HeaderField& field : headers) {
    if (field.name == name) return &field.value;
  }
  return nullptr;
}

Result<MimeEntity> ParseEntity(std::string_view raw, bool message) {
  MimeEntity entity;
  size_t pos = 0;
  if (message && raw.starts_with("From ")) {  // mbox separator line
    size_t nl = raw.find('\n');
    pos = nl == std::string_view::npos ? raw.size() : nl + 1;
  }
  for (int64_t line_number = 1; pos < raw.size(); ++line_number) {
    size_t nl = raw.find('\n', pos);
    size_t next = nl == std::string_view::npos ? raw.size() : nl + 1;
    std::string_view line = raw.substr(pos, (nl == std::string_view::npos ? raw.size() : nl) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      entity.body = raw.substr(next);
      return entity;
    }
    if ((line[0] == ' ' || line[0] == '\t') && !entity.headers.empty()) {
      entity.headers.back().value += line;  // unfold: the line break goes, the blank stays
      pos = next;
      continue;
    }
    size_t colon = line.find(':');
    std::string_view name = colon == std::string_view::npos ? "" : Trim(line.substr(0, colon));
    if (!IsFieldName(name)) {
      if (message && entity.headers.empty()) {
        return Status::InvalidArgument("line " + std::to_string(line_number) +
                                       ": not an RFC 5322 header field");
      }
      entity.body = raw.substr(pos);
      return entity;
    }
    entity.headers.push_back({Lower(name), std::string(Trim(line.substr(colon + 1)))});
    pos = next;
  }
  if (message && entity.headers.empty()) return Status::InvalidArgument("empty message");
  return entity;
}

HeaderParams ParseHeaderParams(std::string_view field) {
  HeaderParams out;
  std::vector<std::string_view> items = SplitParams(field);
  out.value = Lower(Trim(items[0]));
  std::map<std::string, std::map<int, ParamPiece>> pieces;
  for (size_t i = 1; i < items.size(); ++i) {
    size_t eq = items[i].find('=');
    if (eq == std::string_view::npos) continue;
    std::string name = Lower(Trim(items[i].substr(0, eq)));
    ParamPiece piece;
    piece.value = Unquote(Trim(items[i].substr(eq + 1)));
    if (!name.empty() && name.back() == '*') {
      piece.extended = true;
      name.pop_back();
    }
    int section = -1;
    if (size_t star = name.find('*'); star != std::string::npos) {
      std::string_view digits = std::string_view(name).substr(star + 1);
      if (digits.empty() || digits.size() > 4 ||
          digits.find_first_not_of("0123456789") != std::string_view::npos) {
        continue;
      }
      section = std::stoi(std::string(digits));
      name.resize(star);
    }
    if (name.empty()) continue;
    pieces[name][section] = std::move(piece);
  }
  for (const auto& [name, sections] : pieces) out.params[name] = AssembleParam(sections);
  return out;
}

std::vector<std::string_view> SplitMultipart(std::string_view body, std::string_view boundary) {
  std::vector<std::string_view> parts;
  if (boundary.empty() || boundary.size() > 200) return parts;
  const std::string delimiter = "--" + std::string(boundary);
  size_t pos = 0, part_begin = std::string_view::npos;
  while (true) {
    size_t at = body.find(delimiter, pos);
    if (at == std::string_view::npos) break;
    pos = at + 1;
    if (at != 0 && body[at - 1] != '\n') continue;
    size_t line_end = body.find('\n', at);
    size_t rest_end = line_end == std::string_view::npos ? body.size() : line_end;
    std::string_view rest = body.substr(at + delimiter.size(), rest_end - at - delimiter.size());
    bool close = rest.starts_with("--");
    if (!Trim(close ? rest.substr(2) : rest).empty()) continue;  // "--boundaryX": not ours
    if (part_begin != std::string_view::npos) {
      size_t part_end = at;  // the line break before a delimiter belongs to the delimiter
      if (part_end > part_begin && body[part_end - 1] == '\n') --part_end;
      if (part_end > part_begin && body[part_end - 1] == '\r') --part_end;
      parts.push_back(body.substr(part_begin, part_end - part_begin));
    }
    if (close) return parts;
    part_begin = line_end == std::string_view::npos ? body.size() : line_end + 1;
    pos = part_begin;
  }
  if (part_begin != std::string_view::npos && part_begin < body.size()) {
    parts.push_back(body.substr(part_begin));
  }
  return parts;
}

}  // namespace strata::ingest
