#include "ingest/parsers/html_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "ingest/parsers/html_walker.h"

namespace strata::ingest {
namespace {

void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

struct FreeDoc {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

bool AllWhitespace(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

}  // namespace

Result<HtmlText> ExtractHtmlText(std::string_view html, const ParseContext& context) {
  if (html.size() > static_cast<size_t>(INT_MAX)) {
    return Status::ResourceExhausted("html: document over 2 GiB");
  }
  if (AllWhitespace(html)) return HtmlText{};
  InitLibxml();
  // HUGE lifts libxml2's 10 MB cap on one text node (which silently truncated long pages);
  // limits.max_bytes and the deadline bound the work instead. IGNORE_ENC: the input is
  // already UTF-8, whatever its <meta> says.
  constexpr int kOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
  std::unique_ptr<xmlDoc, FreeDoc> doc(htmlReadMemory(
      html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", kOptions));
  if (doc == nullptr) return Status::InvalidArgument("html: libxml2 could not parse the document");
  HtmlWalker walker(context);
  for (xmlNode* node = doc->children; node != nullptr; node = node->next) {
    STRATA_RETURN_IF_ERROR(walker.Walk(node));
  }
  return walker.Finish();
}

std::string DeclaredHtmlCharset(std::string_view html) {
  std::string head(html.substr(0, 4096));
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t at = head.find("charset=");
  if (at == std::string::npos || head.rfind("<meta", at) == std::string::npos) return "";
  size_t begin = at + 8;
  while (begin < head.size() && (head[begin] == '"' || head[begin] == '\'' || head[begin] == ' ')) {
    ++begin;
  }
  size_t end = begin;
  while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) ||
                               head[end] == '-' || head[end] == '_' || head[end] == '.' ||
                               head[end] == ':')) {
    ++end;
  }
  std::string charset = head.substr(begin, end - begin);
  // A page cannot declare UTF-16 in ASCII bytes it could read; browsers take it as UTF-8.
  if (charset.starts_with("utf-16")) charset = "utf-8";
  return charset;
}

}  // namespace strata::ingest
