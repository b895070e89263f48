// Test corpus helpers for the media parser tests: run the real tools that make the inputs
// (Ghostscript for PDF and page images, zip for DOCX, Festival for speech) in a temp folder, read
// the files back, and score what a parser recovered against the text the input was made from
// (word recall for OCR, word accuracy = 1 - WER for speech).
// Header-only: the tests/ folder's CMake compiles only *_test.cc files.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/result.h"
#include "ingest/parsers/parser.h"
#include "testing/subprocess.h"

namespace strata::ingest::testing_corpus {

/// True when an executable `tool` is on $PATH.
inline bool HaveTool(const std::string& tool) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (!dir.empty() && ::access((dir + "/" + tool).c_str(), X_OK) == 0) return true;
  }
  return false;
}

/// Run `script` with /bin/sh (RunCommand alone execs its first word), killed after `seconds`.
inline strata::testing::CommandResult Shell(const std::string& script, int seconds = 120) {
  return strata::testing::RunCommand("sh -c " + strata::testing::ShellQuote(script), seconds);
}

inline std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void WriteFileBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

/// A PostScript string literal: ( ) and \ escaped.
inline std::string PsString(const std::string& s) {
  std::string out = "(";
  for (char c : s) {
    if (c == '(' || c == ')' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + ")";
}

/// PostScript drawing `pages` (each a list of lines) in Helvetica `size` pt from the top left of
/// a page `width` x `height` points, with a document-info title when `title` is not empty.
inline std::string PostScriptPages(const std::vector<std::vector<std::string>>& pages,
                                   int size, int width, int height,
                                   const std::string& title = "", const std::string& author = "") {
  std::string ps = "%!PS\n<< /PageSize [" + std::to_string(width) + " " +
                   std::to_string(height) + "] >> setpagedevice\n";
  if (!title.empty()) {
    ps += "[ /Title " + PsString(title) + " /Author " + PsString(author) + " /DOCINFO pdfmark\n";
  }
  for (const auto& lines : pages) {
    ps += "/Helvetica findfont " + std::to_string(size) + " scalefont setfont\n";
    int y = height - 2 * size;
    for (const std::string& line : lines) {
      ps += "36 " + std::to_string(y) + " moveto " + PsString(line) + " show\n";
      y -= size * 3 / 2;
    }
    ps += "showpage\n";
  }
  return ps;
}

/// Render PostScript file `ps` with Ghostscript `device` ("pdfwrite", "png16m", ...) into `out`.
inline Status RunGhostscript(const std::string& ps, const std::string& device,
                             const std::string& out, int dpi = 300) {
  auto result = Shell(
      "gs -q -dNOPAUSE -dBATCH -dSAFER " +
      std::string(device == "pdfwrite" ? "" : "-dTextAlphaBits=4 ") + "-r" + std::to_string(dpi) +
      " -sDEVICE=" + device + " -o " + strata::testing::ShellQuote(out) + " " +
      strata::testing::ShellQuote(ps) + " 2>&1");
  if (result.exit_code != 0) return Status::Internal("gs failed: " + result.out + result.err);
  return Status::OK();
}

/// Lower-case words of letters and digits; every other character separates words.
inline std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      current.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!current.empty()) {
      words.push_back(current);
      current.clear();
    }
  }
  return words;
}

/// Share of the words of `expected` (as a multiset) found in `got`.
inline double WordRecall(const std::string& expected, const std::string& got) {
  std::map<std::string, int> available;
  for (const std::string& w : Words(got)) ++available[w];
  const std::vector<std::string> want = Words(expected);
  int found = 0;
  for (const std::string& w : want) {
    if (available[w] > 0) --available[w], ++found;
  }
  return want.empty() ? 1.0 : static_cast<double>(found) / want.size();
}

/// 1 - word error rate: word-level Levenshtein distance over the reference length, floored at 0.
inline double WordAccuracy(const std::string& reference, const std::string& hypothesis) {
  const std::vector<std::string> ref = Words(reference), hyp = Words(hypothesis);
  std::vector<size_t> row(hyp.size() + 1);
  for (size_t j = 0; j <= hyp.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= ref.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= hyp.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (ref[i - 1] == hyp[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  if (ref.empty()) return hyp.empty() ? 1.0 : 0.0;
  return std::max(0.0, 1.0 - static_cast<double>(row[hyp.size()]) / ref.size());
}

/// Run `parser` on `content` and return the one document it emits.
inline Result<Document> ParseOne(const Parser& parser, const std::string& content,
                                 const ParserOptions& options = ParserOptions(),
                                 const std::string& uri = "test://input") {
  RawInput input;
  input.source = "test";
  input.uri = uri;
  input.content = content;
  ParseContext context{options, std::chrono::steady_clock::now() + options.limits.max_time};
  std::vector<Document> docs;
  Status status = parser.Parse(input, context, [&](Document doc) {
    docs.push_back(std::move(doc));
    return Status::OK();
  });
  if (!status.ok()) return status;
  if (docs.size() != 1) {
    return Status::Internal("parser emitted " + std::to_string(docs.size()) + " documents");
  }
  return std::move(docs.front());
}

/// The text of `doc` covered by `segment`.
inline std::string SegmentText(const Document& doc, const Segment& segment) {
  return doc.text.substr(static_cast<size_t>(segment.begin),
                         static_cast<size_t>(segment.end - segment.begin));
}

}  // namespace strata::ingest::testing_corpus
