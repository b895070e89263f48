// HtmlWalker: the tree walk behind ExtractHtmlText. It visits a libxml2 HTML tree without
// recursion (pages nest deeply), drops boilerplate subtrees, and writes the readable text with
// block breaks and heading sections. One walker per document; not thread-safe.
#pragma once

#include <libxml/tree.h>

#include <cstdint>
#include <string>

#include "ingest/parsers/html_text.h"
#include "ingest/parsers/sections.h"

namespace strata::ingest {

/// Text with collapsed whitespace: runs of whitespace become one space, block boundaries
/// become one or two newlines, leading and trailing whitespace is dropped.
class CollapsingText {
 public:
  /// Append `s`; keep its whitespace as is when `preformatted`.
  void Append(std::string_view s, bool preformatted);
  /// Ask for at least `newlines` (1 or 2) line breaks before the next text.
  void Break(int newlines) { pending_break_ = std::max(pending_break_, newlines); }
  /// Ask for a space before the next text.
  void Space() { pending_space_ = true; }
  /// Write the pending break now and return the offset where the next text goes.
  int64_t Mark();
  /// The text with trailing whitespace removed.
  std::string Finish();

 private:
  void FlushPending();

  std::string out_;
  int pending_break_ = 0;
  bool pending_space_ = false;
};

class HtmlWalker {
 public:
  explicit HtmlWalker(const ParseContext& context) : context_(context) {}

  /// Walk the subtree at `root`, appending its text.
  Status Walk(xmlNode* root);
  HtmlText Finish();

 private:
  bool Enter(xmlNode* node);  // false: skip the subtree
  void Leave(xmlNode* node);
  void EnterHeading(xmlNode* node, int level);

  const ParseContext& context_;
  CollapsingText text_;
  SectionTracker sections_;
  std::string title_, first_h1_;
  int preformatted_ = 0;
  int64_t visited_ = 0;
};

}  // namespace strata::ingest
