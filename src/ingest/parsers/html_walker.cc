#include "ingest/parsers/html_walker.h"

#include <cstring>
#include <string_view>
#include <unordered_map>

#include "ingest/parsers/text_family.h"

namespace strata::ingest {
namespace {

enum class Kind { kInline, kDrop, kLine, kParagraph, kBreak, kCell, kPre, kHeading, kTitle, kHeader };

Kind KindOf(std::string_view name) {
  static const auto* kinds = new std::unordered_map<std::string_view, Kind>{
      {"script", Kind::kDrop}, {"style", Kind::kDrop}, {"noscript", Kind::kDrop},
      {"nav", Kind::kDrop}, {"footer", Kind::kDrop}, {"aside", Kind::kDrop},
      {"form", Kind::kDrop}, {"template", Kind::kDrop}, {"svg", Kind::kDrop},
      {"iframe", Kind::kDrop}, {"object", Kind::kDrop}, {"canvas", Kind::kDrop},
      {"button", Kind::kDrop}, {"select", Kind::kDrop}, {"textarea", Kind::kDrop},
      {"math", Kind::kDrop}, {"head", Kind::kInline},
      {"div", Kind::kLine}, {"li", Kind::kLine}, {"tr", Kind::kLine}, {"dt", Kind::kLine},
      {"dd", Kind::kLine}, {"section", Kind::kLine}, {"article", Kind::kLine},
      {"main", Kind::kLine}, {"figure", Kind::kLine}, {"figcaption", Kind::kLine},
      {"address", Kind::kLine}, {"center", Kind::kLine}, {"details", Kind::kLine},
      {"summary", Kind::kLine}, {"caption", Kind::kLine}, {"body", Kind::kLine},
      {"thead", Kind::kLine}, {"tbody", Kind::kLine}, {"tfoot", Kind::kLine},
      {"p", Kind::kParagraph}, {"blockquote", Kind::kParagraph}, {"table", Kind::kParagraph},
      {"ul", Kind::kParagraph}, {"ol", Kind::kParagraph}, {"dl", Kind::kParagraph},
      {"hr", Kind::kParagraph}, {"br", Kind::kBreak}, {"td", Kind::kCell}, {"th", Kind::kCell},
      {"pre", Kind::kPre}, {"h1", Kind::kHeading}, {"h2", Kind::kHeading},
      {"h3", Kind::kHeading}, {"h4", Kind::kHeading}, {"h5", Kind::kHeading},
      {"h6", Kind::kHeading}, {"title", Kind::kTitle}, {"header", Kind::kHeader}};
  auto it = kinds->find(name);
  return it == kinds->end() ? Kind::kInline : it->second;
}

std::string_view NameOf(const xmlNode* node) {
  return node->name ? reinterpret_cast<const char*>(node->name) : "";
}

std::string Attribute(xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Visit the elements under `root` in document order, at most `budget` of them; stop when
// `visit` returns true.
template <typename Visit>
void VisitDescendants(xmlNode* root, int budget, Visit visit) {
  xmlNode* node = root->children;
  while (node != nullptr && budget-- > 0) {
    if (visit(node)) return;
    if (node->children != nullptr && !(node->type == XML_ELEMENT_NODE &&
                                       KindOf(NameOf(node)) == Kind::kDrop)) {
      node = node->children;
      continue;
    }
    while (node != root && node->next == nullptr) node = node->parent;
    if (node == root) return;
    node = node->next;
  }
}

bool HasNav(xmlNode* header) {
  bool found = false;
  VisitDescendants(header, 5000, [&](xmlNode* n) {
    found = n->type == XML_ELEMENT_NODE && NameOf(n) == "nav";
    return found;
  });
  return found;
}

// The whitespace-collapsed text under `node`, bounded (headings and titles are short).
std::string ShortText(xmlNode* node) {
  CollapsingText text;
  VisitDescendants(node, 10000, [&](xmlNode* n) {
    if (n->type == XML_TEXT_NODE && n->content != nullptr) {
      text.Append(reinterpret_cast<const char*>(n->content), false);
      text.Space();
    }
    return false;
  });
  std::string out = text.Finish();
  if (out.size() > 1024) {  // cut before a character, not inside one
    size_t cut = 1024;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

bool Hidden(xmlNode* node) {
  if (xmlHasProp(node, reinterpret_cast<const xmlChar*>("hidden")) != nullptr) return true;
  if (Attribute(node, "aria-hidden") == "true") return true;
  std::string role = Attribute(node, "role");
  if (role == "navigation" || role == "banner" || role == "contentinfo" ||
      role == "complementary" || role == "search") {
    return true;
  }
  std::string style = Attribute(node, "style");
  std::erase(style, ' ');
  return style.find("display:none") != std::string::npos;
}

}  // namespace

void CollapsingText::FlushPending() {
  if (!out_.empty()) {
    if (pending_break_ > 0) {
      while (!out_.empty() && out_.back() == ' ') out_.pop_back();
      int have = 0;
      for (size_t i = out_.size(); i > 0 && out_[i - 1] == '\n' && have < 2; --i) ++have;
      for (int i = have; i < pending_break_; ++i) out_.push_back('\n');
    } else if (pending_space_ && out_.back() != ' ' && out_.back() != '\n') {
      out_.push_back(' ');
    }
  }
  pending_break_ = 0;
  pending_space_ = false;
}

void CollapsingText::Append(std::string_view s, bool preformatted) {
  if (preformatted) {
    if (s.empty()) return;
    FlushPending();
    out_.append(s);
    return;
  }
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      pending_space_ = true;
      continue;
    }
    if (pending_break_ > 0 || pending_space_) FlushPending();
    out_.push_back(c);
  }
}

int64_t CollapsingText::Mark() {
  if (pending_break_ > 0) FlushPending();
  pending_space_ = false;
  return static_cast<int64_t>(out_.size());
}

std::string CollapsingText::Finish() {
  while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\n')) out_.pop_back();
  pending_break_ = 0;
  pending_space_ = false;
  return std::move(out_);
}

Status HtmlWalker::Walk(xmlNode* root) {
  xmlNode* node = root;
  while (true) {
    STRATA_RETURN_IF_ERROR(CheckDeadlineEvery(context_, ++visited_, 4096));
    bool descend = Enter(node);
    if (descend && node->children != nullptr) {
      node = node->children;
      continue;
    }
    if (descend) Leave(node);
    while (node != root && node->next == nullptr) {
      node = node->parent;
      Leave(node);
    }
    if (node == root) return Status::OK();
    node = node->next;
  }
}

bool HtmlWalker::Enter(xmlNode* node) {
  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
    if (node->content != nullptr) {
      text_.Append(reinterpret_cast<const char*>(node->content), preformatted_ > 0);
    }
    return false;
  }
  if (node->type != XML_ELEMENT_NODE) return false;
  Kind kind = KindOf(NameOf(node));
  if (kind == Kind::kDrop || Hidden(node) || (kind == Kind::kHeader && HasNav(node))) return false;
  switch (kind) {
    case Kind::kTitle:
      if (title_.empty()) title_ = ShortText(node);
      return false;
    case Kind::kLine:
    case Kind::kHeader:
    case Kind::kBreak:
      text_.Break(1);
      break;
    case Kind::kParagraph:
      text_.Break(2);
      break;
    case Kind::kPre:
      text_.Break(2);
      ++preformatted_;
      break;
    case Kind::kHeading:
      EnterHeading(node, NameOf(node)[1] - '0');
      break;
    default:
      break;
  }
  return true;
}

void HtmlWalker::EnterHeading(xmlNode* node, int level) {
  text_.Break(2);
  std::string heading = ShortText(node);
  if (level == 1 && first_h1_.empty()) first_h1_ = heading;
  sections_.OpenHeading(level, std::move(heading), text_.Mark());
}

void HtmlWalker::Leave(xmlNode* node) {
  if (node->type != XML_ELEMENT_NODE) return;
  switch (KindOf(NameOf(node))) {
    case Kind::kLine:
    case Kind::kHeader:
      text_.Break(1);
      break;
    case Kind::kParagraph:
    case Kind::kHeading:
      text_.Break(2);
      break;
    case Kind::kPre:
      text_.Break(2);
      --preformatted_;
      break;
    case Kind::kCell:
      text_.Space();
      break;
    default:
      break;
  }
}

HtmlText HtmlWalker::Finish() {
  HtmlText out;
  out.text = text_.Finish();
  out.segments = sections_.Finish(static_cast<int64_t>(out.text.size()));
  out.title = title_.empty() ? first_h1_ : title_;
  return out;
}

}  // namespace strata::ingest
