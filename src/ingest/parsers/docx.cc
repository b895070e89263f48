// DOCX parser: word/document.xml walked with libxml2 (no network, no entity expansion, default
// depth and size limits), docProps/core.xml for title and author.
//
// Paragraphs (w:p) become lines: w:t is text, w:tab a tab, w:br/w:cr a line break; deleted text
// (w:delText) and field codes (w:instrText) are skipped. A table row is one line with its cells
// separated by tabs. A paragraph styled Title or Heading1..6 opens a section: a Segment from
// that heading to the next one, named by the path of open headings ("Title > Setup > Linux").

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "ingest/parsers/docx_zip.h"
#include "ingest/parsers/media_parsers.h"

namespace strata::ingest {
namespace {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

bool Is(const xmlNode* node, const char* local_name) {
  return node->type == XML_ELEMENT_NODE &&
         xmlStrcmp(node->name, reinterpret_cast<const xmlChar*>(local_name)) == 0;
}

const xmlNode* Child(const xmlNode* node, const char* local_name) {
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (Is(c, local_name)) return c;
  }
  return nullptr;
}

std::string Content(const xmlNode* node) {
  xmlChar* text = xmlNodeGetContent(node);
  std::string out = text ? reinterpret_cast<const char*>(text) : "";
  xmlFree(text);
  return out;
}

// The w:val attribute, whatever its namespace prefix.
std::string ValAttribute(const xmlNode* node) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (xmlStrcmp(a->name, reinterpret_cast<const xmlChar*>("val")) == 0) {
      return Content(reinterpret_cast<const xmlNode*>(a));
    }
  }
  return "";
}

Result<XmlDocPtr> ParseXml(const std::string& bytes, const std::string& member) {
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    return Status::ResourceExhausted("DOCX: " + member + " is too large to parse");
  }
  // No XML_PARSE_NOENT (entities stay unexpanded), no XML_PARSE_HUGE, no DTD loading.
  XmlDocPtr doc(xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), member.c_str(),
                              nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (doc == nullptr || xmlDocGetRootElement(doc.get()) == nullptr) {
    const xmlError* error = xmlGetLastError();
    std::string why = error && error->message ? error->message : "empty document\n";
    if (!why.empty() && why.back() == '\n') why.pop_back();
    std::string line = error ? " at line " + std::to_string(error->line) : "";
    return Status::Corruption("DOCX: " + member + " is not well-formed XML: " + why + line);
  }
  return doc;
}

// 0 for Title, 1..6 for Heading1..6, -1 for any other paragraph style.
int HeadingLevel(const xmlNode* paragraph) {
  const xmlNode* props = Child(paragraph, "pPr");
  const xmlNode* style = props ? Child(props, "pStyle") : nullptr;
  if (style == nullptr) return -1;
  std::string id;
  for (char c : ValAttribute(style)) {
    if (c != ' ') id.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (id == "title") return 0;
  if (id.size() == 8 && id.starts_with("heading") && id[7] >= '1' && id[7] <= '6') {
    return id[7] - '0';
  }
  return -1;
}

// Append the text of the runs under `node` (a paragraph or anything inside one).
void AppendRunText(const xmlNode* node, std::string* out) {
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (Is(c, "t")) {
      *out += Content(c);
    } else if (Is(c, "tab")) {
      out->push_back('\t');
    } else if (Is(c, "br") || Is(c, "cr")) {
      out->push_back('\n');
    } else if (!Is(c, "delText") && !Is(c, "instrText") && !Is(c, "pPr") && !Is(c, "rPr")) {
      AppendRunText(c, out);
    }
  }
}

// Builds the document text and its heading segments while walking the body.
class DocxTextBuilder {
 public:
  explicit DocxTextBuilder(Document* doc) : doc_(doc) {}

  void Walk(const xmlNode* container) {
    for (const xmlNode* c = container->children; c != nullptr; c = c->next) {
      if (Is(c, "p")) {
        Paragraph(c);
      } else if (Is(c, "tbl")) {
        Table(c);
      } else if (c->type == XML_ELEMENT_NODE && !Is(c, "sectPr")) {
        Walk(c);  // w:sdt, w:sdtContent, w:customXml, ...: containers of paragraphs
      }
    }
  }

  void Finish() { CloseSegment(); }
  const std::string& first_title() const { return first_title_; }
  size_t sections() const { return doc_->segments.size(); }

 private:
  void Paragraph(const xmlNode* p) {
    std::string line;
    AppendRunText(p, &line);
    int level = HeadingLevel(p);
    if (level >= 0 && !line.empty()) OpenSection(level, line);
    AddLine(line);
  }

  void Table(const xmlNode* table) {
    for (const xmlNode* row = table->children; row != nullptr; row = row->next) {
      if (!Is(row, "tr")) continue;
      std::string line;
      bool first = true;
      for (const xmlNode* cell = row->children; cell != nullptr; cell = cell->next) {
        if (!Is(cell, "tc")) continue;
        if (!first) line.push_back('\t');
        first = false;
        line += CellText(cell);
      }
      AddLine(line);
    }
  }

  static std::string CellText(const xmlNode* cell) {
    std::string text;
    for (const xmlNode* p = cell->children; p != nullptr; p = p->next) {
      if (p->type != XML_ELEMENT_NODE || Is(p, "tcPr")) continue;
      std::string part;
      AppendRunText(p, &part);
      if (part.empty()) continue;
      if (!text.empty()) text.push_back(' ');
      text += part;
    }
    for (char& c : text) {
      if (c == '\t' || c == '\n') c = ' ';  // keep the row's tab-separated shape
    }
    return text;
  }

  void AddLine(const std::string& line) {
    if (!doc_->text.empty()) doc_->text.push_back('\n');
    doc_->text += line;
  }

  void OpenSection(int level, const std::string& heading) {
    CloseSegment();
    while (!path_.empty() && path_.back().first >= level) path_.pop_back();
    path_.emplace_back(level, heading);
    if (level == 0 && first_title_.empty()) first_title_ = heading;
    std::string section;
    for (const auto& [unused, name] : path_) {
      if (!section.empty()) section += " > ";
      section += name;
    }
    open_.section = std::move(section);
    open_.begin = static_cast<int64_t>(doc_->text.size() + (doc_->text.empty() ? 0 : 1));
    has_open_ = true;
  }

  void CloseSegment() {
    if (!has_open_) return;
    open_.end = static_cast<int64_t>(doc_->text.size());
    doc_->segments.push_back(std::move(open_));
    open_ = Segment();
    has_open_ = false;
  }

  Document* doc_;
  std::vector<std::pair<int, std::string>> path_;
  Segment open_;
  bool has_open_ = false;
  std::string first_title_;
};

void ReadCoreProperties(DocxZip* zip, int64_t limit, Document* doc) {
  if (!zip->Has("docProps/core.xml")) return;
  Result<std::string> bytes = zip->Read("docProps/core.xml", limit);
  if (!bytes.ok()) return;  // optional part: a damaged one costs only the title
  Result<XmlDocPtr> xml = ParseXml(*bytes, "docProps/core.xml");
  if (!xml.ok()) return;
  const xmlNode* root = xmlDocGetRootElement(xml->get());
  for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (Is(c, "title")) doc->title = Content(c);
    if (Is(c, "creator") && !Content(c).empty()) doc->metadata["author"] = Content(c);
    if (Is(c, "lastModifiedBy") && !Content(c).empty()) {
      doc->metadata["last_modified_by"] = Content(c);
    }
  }
}

class DocxParser final : public Parser {
 public:
  std::string_view name() const override { return "docx"; }

  Status Parse(const RawInput& input, const ParseContext& context,
               const DocumentSink& emit) const override {
    const ParseLimits& limits = context.options.limits;
    STRATA_ASSIGN_OR_RETURN(std::unique_ptr<DocxZip> zip, DocxZip::Open(input.content));
    STRATA_ASSIGN_OR_RETURN(std::string xml_bytes,
                            zip->Read("word/document.xml", limits.max_decompressed_bytes));
    STRATA_RETURN_IF_ERROR(CheckMediaDeadline(context, "DOCX"));
    STRATA_ASSIGN_OR_RETURN(XmlDocPtr xml, ParseXml(xml_bytes, "word/document.xml"));
    const xmlNode* root = xmlDocGetRootElement(xml.get());
    const xmlNode* body = Child(root, "body");
    if (!Is(root, "document") || body == nullptr) {
      return Status::Corruption("DOCX: word/document.xml has no w:document/w:body");
    }
    Document doc = DocumentFrom(
        input, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    DocxTextBuilder builder(&doc);
    builder.Walk(body);
    builder.Finish();
    if (static_cast<int64_t>(builder.sections()) > limits.max_pages) {
      return Status::ResourceExhausted("DOCX: " + std::to_string(builder.sections()) +
                                       " sections exceed the limit max_pages of " +
                                       std::to_string(limits.max_pages));
    }
    ReadCoreProperties(zip.get(), limits.max_decompressed_bytes, &doc);
    if (doc.title.empty()) doc.title = builder.first_title();
    doc.metadata["sections"] = std::to_string(builder.sections());
    STRATA_RETURN_IF_ERROR(CheckMediaDeadline(context, "DOCX"));
    return emit(std::move(doc));
  }
};

}  // namespace

std::unique_ptr<Parser> MakeDocxParser() { return std::make_unique<DocxParser>(); }

}  // namespace strata::ingest
