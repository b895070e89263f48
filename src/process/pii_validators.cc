#include "process/pii_validators.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace strata::process::pii {
namespace {

struct IbanCountry {
  const char code[3];
  int length;
};

// ISO 13616 IBAN registry (SWIFT), country code and total length.
constexpr IbanCountry kIbanCountries[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16},
    {"BG", 22}, {"BH", 22}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28},
    {"CZ", 24}, {"DE", 22}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24},
    {"FI", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18},
    {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23},
    {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32},
    {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"MC", 27}, {"MD", 24}, {"ME", 22},
    {"MK", 19}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NL", 18}, {"NO", 15}, {"PK", 24},
    {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"SA", 24},
    {"SC", 31}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"ST", 25}, {"SV", 28},
    {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20},
};

/// The number formed by the first `n` digits of `digits`.
int Prefix(std::string_view digits, size_t n) {
  if (digits.size() < n) return -1;
  int v = 0;
  for (size_t i = 0; i < n; ++i) v = v * 10 + (digits[i] - '0');
  return v;
}

bool InRange(int v, int lo, int hi) { return v >= lo && v <= hi; }

}  // namespace

bool LuhnValid(std::string_view digits) {
  int sum = 0;
  bool double_it = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (d < 0 || d > 9) return false;
    if (double_it) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    double_it = !double_it;
  }
  return !digits.empty() && sum % 10 == 0;
}

bool KnownCardIssuer(std::string_view digits) {
  size_t len = digits.size();
  int p1 = Prefix(digits, 1), p2 = Prefix(digits, 2), p3 = Prefix(digits, 3);
  int p4 = Prefix(digits, 4), p6 = Prefix(digits, 6);
  bool len16to19 = len >= 16 && len <= 19;
  if (p1 == 4) return len == 13 || len == 16 || len == 19;                        // Visa
  if (InRange(p2, 51, 55) || InRange(p4, 2221, 2720)) return len == 16;           // Mastercard
  if (p2 == 34 || p2 == 37) return len == 15;                                     // Amex
  if (p4 == 6011 || InRange(p3, 644, 649) || p2 == 65 || InRange(p6, 622126, 622925)) {
    return len16to19;                                                             // Discover
  }
  if (InRange(p3, 300, 305) || p2 == 36 || p2 == 38 || p2 == 39) {
    return len >= 14 && len <= 19;                                                // Diners
  }
  if (InRange(p4, 3528, 3589)) return len16to19;                                  // JCB
  if (p2 == 62) return len16to19;                                                 // UnionPay
  if (p2 == 50 || InRange(p2, 56, 58) || p2 == 63 || p2 == 67) {
    return len >= 13 && len <= 19;                                                // Maestro
  }
  return false;
}

int IbanLength(std::string_view country) {
  for (const IbanCountry& c : kIbanCountries) {
    if (country == c.code) return c.length;
  }
  return 0;
}

bool IbanValid(std::string_view iban) {
  if (iban.size() < 5 || static_cast<int>(iban.size()) != IbanLength(iban.substr(0, 2))) {
    return false;
  }
  if (!std::isdigit(static_cast<unsigned char>(iban[2])) ||
      !std::isdigit(static_cast<unsigned char>(iban[3]))) {
    return false;
  }
  // Move the first four characters to the end, letters to 10..35, then mod 97 digit by digit.
  std::string rearranged = std::string(iban.substr(4)) + std::string(iban.substr(0, 4));
  int remainder = 0;
  for (char c : rearranged) {
    if (c >= '0' && c <= '9') {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else if (c >= 'A' && c <= 'Z') {
      remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
    } else {
      return false;
    }
  }
  return remainder == 1;
}

bool UsSsnValid(std::string_view ssn) {
  if (ssn.size() != 11 || ssn[3] != '-' || ssn[6] != '-') return false;
  int area = Prefix(ssn, 3), group = Prefix(ssn.substr(4), 2), serial = Prefix(ssn.substr(7), 4);
  if (area < 0 || group < 0 || serial < 0) return false;
  return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
}

bool Ipv4Valid(std::string_view text) {
  int parts = 0;
  size_t i = 0;
  while (i <= text.size()) {
    size_t end = text.find('.', i);
    if (end == std::string_view::npos) end = text.size();
    std::string_view octet = text.substr(i, end - i);
    if (octet.empty() || octet.size() > 3 || (octet.size() > 1 && octet[0] == '0')) return false;
    int v = 0;
    for (char c : octet) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    if (v > 255) return false;
    ++parts;
    i = end + 1;
  }
  return parts == 4;
}

bool Ipv6Valid(std::string_view text) {
  if (text.size() < 3 || text.size() > 45 || text == "::") return false;
  std::array<unsigned char, 16> buffer;
  std::string copy(text);
  return inet_pton(AF_INET6, copy.c_str(), buffer.data()) == 1;
}

}  // namespace strata::process::pii
