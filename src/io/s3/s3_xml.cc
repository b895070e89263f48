#include "io/s3/s3_xml.h"

#include <charconv>
#include <utility>

namespace strata::io::s3 {
namespace {

bool IsNameEnd(char c) {
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Position of the next opening tag `<tag` (followed by a name end) at or after `from`.
size_t FindOpen(std::string_view xml, std::string_view tag, size_t from) {
  while (true) {
    size_t pos = xml.find('<', from);
    if (pos == std::string_view::npos) return pos;
    size_t end = pos + 1 + tag.size();
    if (end < xml.size() && xml.compare(pos + 1, tag.size(), tag) == 0 && IsNameEnd(xml[end])) {
      return pos;
    }
    from = pos + 1;
  }
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

Status DecodeEntity(std::string_view entity, std::string* out) {
  static constexpr std::pair<std::string_view, char> kNamed[] = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
  for (const auto& [name, c] : kNamed) {
    if (entity == name) {
      out->push_back(c);
      return Status::OK();
    }
  }
  if (entity.size() > 1 && entity[0] == '#') {
    bool hex = entity[1] == 'x' || entity[1] == 'X';
    std::string_view digits = entity.substr(hex ? 2 : 1);
    uint32_t cp = 0;
    auto [ptr, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
    if (ec == std::errc() && ptr == digits.data() + digits.size() && !digits.empty() &&
        cp <= 0x10FFFF) {
      AppendUtf8(cp, out);
      return Status::OK();
    }
  }
  return Status::Corruption("unknown XML entity &" + std::string(entity) + ";");
}

Result<int64_t> ParseInt(std::string_view text, std::string_view what) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0) {
    return Status::Corruption("bad " + std::string(what) + " '" + std::string(text) +
                              "' in S3 list response");
  }
  return value;
}

}  // namespace

Result<std::vector<std::string_view>> XmlElements(std::string_view xml, std::string_view tag) {
  std::vector<std::string_view> out;
  std::string close = "</" + std::string(tag) + ">";
  size_t pos = FindOpen(xml, tag, 0);
  while (pos != std::string_view::npos) {
    size_t gt = xml.find('>', pos);
    if (gt == std::string_view::npos) {
      return Status::Corruption("unterminated <" + std::string(tag) + "> in XML");
    }
    if (xml[gt - 1] == '/') {  // <tag/>
      out.emplace_back();
      pos = FindOpen(xml, tag, gt + 1);
      continue;
    }
    size_t end = xml.find(close, gt + 1);
    if (end == std::string_view::npos) {
      return Status::Corruption("missing " + close + " in XML");
    }
    out.push_back(xml.substr(gt + 1, end - gt - 1));
    pos = FindOpen(xml, tag, end + close.size());
  }
  return out;
}

Result<std::optional<std::string>> XmlText(std::string_view xml, std::string_view tag) {
  STRATA_ASSIGN_OR_RETURN(auto elements, XmlElements(xml, tag));
  if (elements.empty()) return std::optional<std::string>();
  STRATA_ASSIGN_OR_RETURN(std::string text, XmlDecode(elements.front()));
  return std::optional<std::string>(std::move(text));
}

Result<std::string> XmlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 9, "<![CDATA[") == 0) {
      size_t end = text.find("]]>", i + 9);
      if (end == std::string_view::npos) return Status::Corruption("unterminated CDATA in XML");
      out.append(text.substr(i + 9, end - i - 9));
      i = end + 3;
    } else if (text[i] == '&') {
      size_t semi = text.find(';', i);
      if (semi == std::string_view::npos || semi - i > 12) {
        return Status::Corruption("unterminated XML entity");
      }
      STRATA_RETURN_IF_ERROR(DecodeEntity(text.substr(i + 1, semi - i - 1), &out));
      i = semi + 1;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

Result<ListPage> ParseListPage(std::string_view xml) {
  if (FindOpen(xml, "ListBucketResult", 0) == std::string_view::npos) {
    return Status::Corruption("S3 list response is not a ListBucketResult: " +
                              std::string(xml.substr(0, 200)));
  }
  ListPage page;
  STRATA_ASSIGN_OR_RETURN(auto contents, XmlElements(xml, "Contents"));
  for (std::string_view entry : contents) {
    STRATA_ASSIGN_OR_RETURN(auto key, XmlText(entry, "Key"));
    STRATA_ASSIGN_OR_RETURN(auto size, XmlText(entry, "Size"));
    if (!key || !size) return Status::Corruption("S3 list entry without Key or Size");
    ListedObject object;
    object.key = std::move(*key);
    STRATA_ASSIGN_OR_RETURN(object.size, ParseInt(*size, "Size"));
    STRATA_ASSIGN_OR_RETURN(auto modified, XmlText(entry, "LastModified"));
    if (modified) object.last_modified = std::move(*modified);
    page.objects.push_back(std::move(object));
  }
  STRATA_ASSIGN_OR_RETURN(auto truncated, XmlText(xml, "IsTruncated"));
  page.truncated = truncated.value_or("") == "true";
  STRATA_ASSIGN_OR_RETURN(auto token, XmlText(xml, "NextContinuationToken"));
  if (token) page.next_continuation_token = std::move(*token);
  if (page.truncated && page.next_continuation_token.empty()) {
    return Status::Corruption("S3 list response is truncated but has no NextContinuationToken");
  }
  return page;
}

}  // namespace strata::io::s3
