#include "ingest/parsers/csv_reader.h"

#include <array>
#include <map>

namespace strata::ingest {

char SniffDelimiter(std::string_view text) {
  constexpr std::array<char, 4> kCandidates = {',', ';', '\t', '|'};
  constexpr int kLines = 20;
  std::array<std::vector<int>, 4> counts;  // per candidate, per line
  std::array<int, 4> current = {0, 0, 0, 0};
  bool quoted = false;
  int lines = 0;
  for (size_t i = 0; i < text.size() && i < (64u << 10) && lines < kLines; ++i) {
    char c = text[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') {
      for (size_t k = 0; k < kCandidates.size(); ++k) counts[k].push_back(current[k]);
      current = {0, 0, 0, 0};
      ++lines;
      continue;
    }
    for (size_t k = 0; k < kCandidates.size(); ++k) current[k] += c == kCandidates[k];
  }
  if (lines < kLines) {
    for (size_t k = 0; k < kCandidates.size(); ++k) counts[k].push_back(current[k]);
  }
  char best = ',';
  int best_consistent = 0, best_count = 0;
  for (size_t k = 0; k < kCandidates.size(); ++k) {
    int first = counts[k].empty() ? 0 : counts[k][0];
    if (first == 0) continue;
    int consistent = 0;
    for (int n : counts[k]) consistent += n == first;
    if (consistent > best_consistent || (consistent == best_consistent && first > best_count)) {
      best = kCandidates[k];
      best_consistent = consistent;
      best_count = first;
    }
  }
  return best;
}

void CsvReader::EndOfLine() {
  if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

Status CsvReader::ReadQuoted(std::string* field) {
  int64_t opened = line_;
  while (pos_ < text_.size()) {
    size_t quote = text_.find('"', pos_);
    if (quote == std::string_view::npos) break;
    for (size_t i = pos_; i < quote; ++i) line_ += text_[i] == '\n';
    field->append(text_.substr(pos_, quote - pos_));
    pos_ = quote + 1;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      field->push_back('"');
      ++pos_;
      continue;
    }
    return Status::OK();
  }
  return Status::InvalidArgument("line " + std::to_string(opened) +
                                 ": unterminated quoted field");
}

Result<bool> CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  std::string field;
  while (true) {
    if (pos_ >= text_.size()) break;
    char c = text_[pos_];
    if (c == delimiter_) {
      fields->push_back(std::move(field));
      field.clear();
      ++pos_;
    } else if (c == '\n' || c == '\r') {
      EndOfLine();
      break;
    } else if (c == '"' && field.empty()) {
      ++pos_;
      STRATA_RETURN_IF_ERROR(ReadQuoted(&field));
    } else {
      size_t end = pos_;  // a run of ordinary bytes at once: linear on very long lines
      while (end < text_.size() && text_[end] != delimiter_ && text_[end] != '\n' &&
             text_[end] != '\r') {
        ++end;
      }
      field.append(text_.substr(pos_, end - pos_));
      pos_ = end;
    }
  }
  fields->push_back(std::move(field));
  return true;
}

}  // namespace strata::ingest
