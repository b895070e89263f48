// CsvReader: RFC 4180 records from decoded text — fields split by one delimiter, double-quoted
// fields that may hold delimiters, line breaks and "" for a quote; CRLF, LF or CR line ends.
// Lenient where RFC 4180 is strict and the intent is clear: a quote inside an unquoted field is
// literal, text after a closing quote is kept. An unterminated quoted field is an error naming
// the line it opened on. SniffDelimiter picks the delimiter of a file among , ; TAB |.
// One reader per input; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace strata::ingest {

/// The delimiter among , ; \t | whose count per line is most consistent over the first lines
/// (and, among equally consistent ones, most frequent); ',' when none occurs.
char SniffDelimiter(std::string_view text);

class CsvReader {
 public:
  CsvReader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

  /// Read the next record into `fields`; false at the end of the input.
  Result<bool> Next(std::vector<std::string>* fields);
  /// The 1-based line on which the last record read began.
  int64_t line() const { return record_line_; }

 private:
  // Read one quoted field starting after its opening quote; appends to `field`.
  Status ReadQuoted(std::string* field);
  void EndOfLine();

  std::string_view text_;
  char delimiter_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  int64_t record_line_ = 0;
};

}  // namespace strata::ingest
