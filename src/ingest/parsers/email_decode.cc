#include "ingest/parsers/email_decode.h"

#include <cctype>

#include "ingest/parsers/charset.h"

namespace strata::ingest {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;  // '-' and '_': the URL-safe alphabet some senders use
  if (c == '/' || c == '_') return 63;
  return -1;
}

// Q encoding of RFC 2047: quoted-printable where '_' is a space.
std::string DecodeQ(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      out.push_back(' ');
    } else if (text[i] == '=' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// Decode the encoded word "=?charset?enc?text?=" at the start of `s` and append it to `out`;
// its length goes to `length`. False when `s` does not start with one; then `no_word_before`
// is how far no encoded word can start either (the text scan found neither "?=" nor a blank
// up to there), which keeps a header full of "=?" linear.
bool DecodeEncodedWord(std::string_view s, std::string* out, size_t* length,
                       size_t* no_word_before) {
  *no_word_before = 1;
  if (!s.starts_with("=?")) return false;
  size_t q1 = 2;
  while (q1 < s.size() && q1 < 80 && s[q1] != '?' && !std::isspace(static_cast<unsigned char>(s[q1]))) {
    ++q1;
  }
  if (q1 + 2 >= s.size() || s[q1] != '?' || s[q1 + 2] != '?') return false;
  char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(s[q1 + 1])));
  if (encoding != 'Q' && encoding != 'B') return false;
  size_t end = q1 + 3;
  while (end < s.size() && !(s[end] == '?' && end + 1 < s.size() && s[end + 1] == '=') &&
         !std::isspace(static_cast<unsigned char>(s[end]))) {
    ++end;
  }
  if (end >= s.size() || s[end] != '?') {
    *no_word_before = end;
    return false;
  }
  std::string_view charset = s.substr(2, q1 - 2);
  charset = charset.substr(0, charset.find('*'));  // RFC 2231 language suffix
  std::string_view text = s.substr(q1 + 3, end - q1 - 3);
  std::string bytes = encoding == 'Q' ? DecodeQ(text) : DecodeBase64(text);
  *out += ToUtf8(bytes, charset);
  *length = end + 2;
  return true;
}

// Collapse runs of whitespace to one space and trim.
std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string DecodeQuotedPrintable(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    char c = encoded[i];
    if (c != '=') {
      out.push_back(c);
      continue;
    }
    if (i + 2 < encoded.size() && HexValue(encoded[i + 1]) >= 0 && HexValue(encoded[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(encoded[i + 1]) * 16 + HexValue(encoded[i + 2])));
      i += 2;
      continue;
    }
    size_t j = i + 1;  // soft line break: '=' then optional blanks, then CRLF or LF
    while (j < encoded.size() && (encoded[j] == ' ' || encoded[j] == '\t')) ++j;
    if (j < encoded.size() && encoded[j] == '\r') ++j;
    if (j < encoded.size() && encoded[j] == '\n') {
      i = j;
    } else if (j >= encoded.size()) {
      i = j;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string DecodeBase64(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size() / 4 * 3 + 3);
  uint32_t accumulator = 0;
  int bits = 0;
  for (char c : encoded) {
    if (c == '=') break;
    int v = Base64Value(c);
    if (v < 0) continue;
    accumulator = (accumulator << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((accumulator >> bits) & 0xFF));
    }
  }
  return out;
}

std::string DecodeHeaderValue(std::string_view value) {
  std::string out, pending_space, raw;
  bool after_word = false;
  auto flush_raw = [&] {
    out += ToUtf8(raw, IsValidUtf8(raw) ? "utf-8" : "windows-1252");
    raw.clear();
  };
  size_t no_word_before = 0;
  for (size_t i = 0; i < value.size();) {
    size_t length = 0, skip = 0;
    std::string decoded;
    if (value[i] == '=' && i >= no_word_before &&
        DecodeEncodedWord(value.substr(i), &decoded, &length, &skip)) {
      if (!after_word) raw += pending_space;  // space between encoded words is dropped
      flush_raw();
      out += decoded;
      pending_space.clear();
      after_word = true;
      i += length;
      continue;
    }
    if (skip > 1) no_word_before = i + skip;
    char c = value[i++];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space.push_back(c);
      continue;
    }
    raw += pending_space;
    pending_space.clear();
    raw.push_back(c);
    after_word = false;
  }
  flush_raw();
  return CollapseWhitespace(out);
}

}  // namespace strata::ingest
