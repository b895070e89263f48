// The "markdown" parser: the document text is the Markdown source, unchanged (nothing dropped);
// ATX ("## Setup") and setext ("Setup\n-----") headings become Segments with their heading
// path, fenced code and YAML front matter are not scanned for headings, and the title is the
// first level-1 heading (else the front matter's `title:`).
#include <cctype>

#include "ingest/parsers/charset.h"
#include "ingest/parsers/sections.h"
#include "ingest/parsers/text_family.h"

namespace strata::ingest {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Columns of leading indentation (a tab counts 4) and the rest of the line.
int Indent(std::string_view line, std::string_view* rest) {
  int columns = 0;
  size_t i = 0;
  for (; i < line.size() && (line[i] == ' ' || line[i] == '\t'); ++i) {
    columns += line[i] == '\t' ? 4 : 1;
  }
  *rest = line.substr(i);
  return columns;
}

// Level 1-6 and text of an ATX heading line (indent already removed); level 0 when not one.
int AtxHeading(std::string_view s, std::string* text) {
  size_t n = 0;
  while (n < s.size() && s[n] == '#') ++n;
  if (n == 0 || n > 6 || (n < s.size() && s[n] != ' ' && s[n] != '\t')) return 0;
  std::string_view content = Trim(s.substr(n));
  size_t hashes = content.size();
  while (hashes > 0 && content[hashes - 1] == '#') --hashes;
  if (hashes == 0) {
    content = {};
  } else if (hashes < content.size() && (content[hashes - 1] == ' ' || content[hashes - 1] == '\t')) {
    content = Trim(content.substr(0, hashes));
  }
  *text = std::string(content);
  return static_cast<int>(n);
}

// A line made of one repeated character `c` (spaces allowed between when `spaced`), at least
// `min` of them.
bool RunOf(std::string_view s, char c, size_t min, bool spaced) {
  size_t count = 0;
  for (char ch : Trim(s)) {
    if (ch == c) {
      ++count;
    } else if (!(spaced && (ch == ' ' || ch == '\t'))) {
      return false;
    }
  }
  return count >= min;
}

bool StartsBlock(std::string_view s) {  // list item, block quote, HTML block, thematic break
  if (s.empty()) return false;
  if (s[0] == '>' || s[0] == '<') return true;
  if ((s[0] == '-' || s[0] == '*' || s[0] == '+') && (s.size() == 1 || s[1] == ' ' || s[1] == '\t')) {
    return true;
  }
  size_t d = 0;
  while (d < s.size() && d < 9 && std::isdigit(static_cast<unsigned char>(s[d]))) ++d;
  if (d > 0 && d < s.size() && (s[d] == '.' || s[d] == ')') &&
      (d + 1 == s.size() || s[d + 1] == ' ')) {
    return true;
  }
  return RunOf(s, '*', 3, true) || RunOf(s, '_', 3, true) || RunOf(s, '-', 3, true);
}

class MarkdownScanner {
 public:
  explicit MarkdownScanner(std::string_view text) : text_(text) {}

  Status Scan(const ParseContext& context) {
    size_t pos = SkipFrontMatter();
    for (int64_t n = 1; pos < text_.size(); ++n) {
      STRATA_RETURN_IF_ERROR(CheckDeadlineEvery(context, n, 4096));
      size_t nl = text_.find('\n', pos);
      size_t end = nl == std::string_view::npos ? text_.size() : nl;
      std::string_view line = text_.substr(pos, end - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      Line(line, static_cast<int64_t>(pos));
      pos = nl == std::string_view::npos ? text_.size() : nl + 1;
    }
    return Status::OK();
  }

  std::string title() const { return h1_.empty() ? front_title_ : h1_; }
  std::vector<Segment> Segments() { return sections_.Finish(static_cast<int64_t>(text_.size())); }

 private:
  void Heading(int level, std::string heading, int64_t offset) {
    if (level == 1 && h1_.empty()) h1_ = heading;
    sections_.OpenHeading(level, std::move(heading), offset);
  }

  void EndParagraph(bool blocked) {
    para_active_ = false;
    para_text_.clear();
    blocked_ = blocked;
  }

  void Line(std::string_view line, int64_t offset) {
    std::string_view s;
    int indent = Indent(line, &s);
    if (fence_ != 0) {  // inside fenced code: only the closing fence matters
      if (indent < 4 && RunOf(s, fence_, fence_length_, false)) fence_ = 0;
      return;
    }
    if (s.empty()) return EndParagraph(false);
    if (indent < 4 && OpensFence(s)) return EndParagraph(false);
    std::string heading;
    if (int level = indent < 4 ? AtxHeading(s, &heading) : 0; level > 0) {
      Heading(level, std::move(heading), offset);
      return EndParagraph(false);
    }
    if (indent < 4 && para_active_ && (RunOf(s, '=', 1, false) || RunOf(s, '-', 1, false))) {
      Heading(s[0] == '=' ? 1 : 2, para_text_, para_begin_);
      return EndParagraph(false);
    }
    if (indent < 4 && StartsBlock(s)) return EndParagraph(true);
    if (para_active_) {
      para_text_ += ' ';
      para_text_ += Trim(s);
    } else if (!blocked_ && indent < 4) {
      para_active_ = true;
      para_begin_ = offset;
      para_text_ = std::string(Trim(s));
    }
  }

  bool OpensFence(std::string_view s) {
    char c = s[0];
    if (c != '`' && c != '~') return false;
    size_t n = 0;
    while (n < s.size() && s[n] == c) ++n;
    if (n < 3 || (c == '`' && s.substr(n).find('`') != std::string_view::npos)) return false;
    fence_ = c;
    fence_length_ = n;
    return true;
  }

  // YAML front matter: a first line "---" closed by "---" or "...". Returns where scanning
  // starts; records `title:`.
  size_t SkipFrontMatter() {
    if (!text_.starts_with("---\n") && !text_.starts_with("---\r\n")) return 0;
    size_t pos = text_.find('\n') + 1;
    std::string title;
    while (pos < text_.size()) {
      size_t nl = text_.find('\n', pos);
      size_t end = nl == std::string_view::npos ? text_.size() : nl;
      std::string_view line = Trim(text_.substr(pos, end - pos));
      if (!line.empty() && line.back() == '\r') line = Trim(line.substr(0, line.size() - 1));
      pos = nl == std::string_view::npos ? text_.size() : nl + 1;
      if (line == "---" || line == "...") {
        front_title_ = title;
        return pos;
      }
      if (line.starts_with("title:") && title.empty()) {
        std::string_view v = Trim(line.substr(6));
        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
          v = v.substr(1, v.size() - 2);
        }
        title = std::string(v);
      }
    }
    return 0;  // never closed: not front matter
  }

  std::string_view text_;
  SectionTracker sections_;
  std::string h1_, front_title_;
  char fence_ = 0;
  size_t fence_length_ = 0;
  bool para_active_ = false, blocked_ = false;
  int64_t para_begin_ = 0;
  std::string para_text_;
};

class MarkdownParser final : public Parser {
 public:
  std::string_view name() const override { return "markdown"; }

  Status Parse(const RawInput& input, const ParseContext& context,
               const DocumentSink& emit) const override {
    STRATA_ASSIGN_OR_RETURN(std::string text, DecodeText(input.content, input.uri));
    MarkdownScanner scanner(text);
    STRATA_RETURN_IF_ERROR(scanner.Scan(context));
    Document doc = DocumentFrom(input, DocumentMime(input, context, "text/markdown"));
    doc.title = scanner.title();
    doc.segments = scanner.Segments();
    doc.text = std::move(text);
    return emit(std::move(doc));
  }
};

}  // namespace

std::shared_ptr<const Parser> MakeMarkdownParser() { return std::make_shared<MarkdownParser>(); }

}  // namespace strata::ingest
