// Number-shaped PII: phone numbers, payment card numbers, IBANs and US SSNs.
#include <string>

#include "process/pii_scan.h"
#include "process/pii_validators.h"

namespace strata::process::pii {
namespace {

// Characters that glue a number to its neighbour: "A-4111...", "415-555-0132-7", "1.2.3.4.5".
constexpr std::string_view kNumberJoiners = "-./:";

/// True when the span continues a run of digit groups: "3704 0044 0532" inside an IBAN, or a
/// number directly followed by another group. Phone and card numbers stand alone.
bool GluedToDigitGroups(std::string_view text, size_t begin, size_t end) {
  auto separator = [](char c) { return c == ' ' || c == '-' || c == '.'; };
  bool left = begin >= 2 && separator(text[begin - 1]) && IsDigit(text[begin - 2]);
  bool right = end + 1 < text.size() && separator(text[end]) && IsDigit(text[end + 1]);
  return left || right;
}

std::string DigitsOf(std::string_view s) {
  std::string digits;
  for (char c : s) {
    if (IsDigit(c)) digits.push_back(c);
  }
  return digits;
}

const RE2& PhonePattern() {
  // Alternatives, most specific first (RE2 prefers earlier alternatives at the same start):
  // NANP with optional +1; international +CC groups; trunk-0 national numbers in the common
  // European layouts. Dates (2024-01-15, 12/31/2023), times and versions fit none of them.
  static const RE2 re(
      "(?:\\+?1[ .-]?)?(?:\\([2-9][0-9]{2}\\) ?|[2-9][0-9]{2}[ .-])[2-9][0-9]{2}[ .-][0-9]{4}"
      "|\\+[1-9][0-9]{0,2}(?:[ .-]?(?:\\([0-9]{1,4}\\)|[0-9]{1,5})){1,6}"
      "|0[1-9](?:[ .][0-9]{2}){4}"
      "|\\(0[0-9]{1,4}\\) ?[0-9]{3,4}[ -]?[0-9]{3,5}"
      "|0[0-9]{2,4}[ /-][0-9]{3,4}[ ]?[0-9]{3,5}");
  return re;
}

/// Trim trailing digit groups of an international number until it has at most 15 digits
/// (E.164); the greedy pattern may have run into a following number.
size_t TrimInternational(std::string_view text, size_t begin, size_t end) {
  while (DigitsOf(text.substr(begin, end - begin)).size() > 15) {
    size_t cut = text.find_last_of(" .-", end - 1);
    if (cut == std::string_view::npos || cut <= begin) return begin;
    end = cut;
  }
  return end;
}

const RE2& CardPattern() {
  static const RE2 re("[0-9](?:[ -]?[0-9]){12,18}");
  return re;
}

/// True when `candidate`'s separators are all the same and its digit groups follow a printed
/// card layout: 4-4-4-4(-3), 4-6-5 (Amex) or 4-6-4 (Diners); or when it has no separators.
bool CardLayoutValid(std::string_view candidate) {
  std::vector<size_t> groups = {0};
  char separator = 0;
  for (char c : candidate) {
    if (IsDigit(c)) {
      ++groups.back();
      continue;
    }
    if (separator != 0 && c != separator) return false;
    separator = c;
    groups.push_back(0);
  }
  if (groups.size() == 1) return true;
  if (groups.size() == 3 && groups[0] == 4 && groups[1] == 6 && (groups[2] == 5 || groups[2] == 4)) {
    return true;
  }
  for (size_t i = 0; i + 1 < groups.size(); ++i) {
    if (groups[i] != 4) return false;
  }
  return groups.back() >= 1 && groups.back() <= 4;
}

bool CardValid(std::string_view candidate) {
  std::string digits = DigitsOf(candidate);
  return digits.size() >= 13 && digits.size() <= 19 && CardLayoutValid(candidate) &&
         LuhnValid(digits) && KnownCardIssuer(digits);
}

}  // namespace

void FindPhones(std::string_view text, std::vector<PiiSpan>* out) {
  ForEachCandidate(PhonePattern(), text, [&](size_t begin, size_t end, auto*) {
    if (text[begin] == '+') end = TrimInternational(text, begin, end);
    if (end <= begin || !CleanLeft(text, begin, "-./:+") ||
        !CleanRight(text, end, kNumberJoiners) || GluedToDigitGroups(text, begin, end)) {
      return kReject;
    }
    size_t digits = DigitsOf(text.substr(begin, end - begin)).size();
    size_t min_digits = text[begin] == '+' ? 8 : 9;
    if (digits < min_digits || digits > 15) return kReject;
    out->push_back({PiiType::kPhone, begin, end});
    return out->back().end;
  });
}

/// The length of the digit group that starts after the separator at `at`.
size_t NextGroupLength(std::string_view text, size_t at) {
  size_t i = at + 1;
  while (i < text.size() && IsDigit(text[i])) ++i;
  return i - at - 1;
}

void FindCreditCards(std::string_view text, std::vector<PiiSpan>* out) {
  ForEachCandidate(CardPattern(), text, [&](size_t begin, size_t end, auto*) {
    if (!CleanLeft(text, begin, kNumberJoiners) || GluedToDigitGroups(text, begin, begin)) {
      return kReject;
    }
    // The greedy match may have run into a following number ("4111 1111 1111 1111 12/25"):
    // try the whole match, then each shorter prefix that ends at a separator, unless the next
    // group is another 4-digit group, which leaves the number ambiguous.
    for (size_t e = end; e > begin; --e) {
      if (e != end && (IsDigit(text[e]) || !IsDigit(text[e - 1]) || NextGroupLength(text, e) == 4)) {
        continue;
      }
      bool right_ok = e == end ? CleanRight(text, e, kNumberJoiners) : true;
      if (right_ok && CardValid(text.substr(begin, e - begin))) {
        out->push_back({PiiType::kCreditCard, begin, e});
        return out->back().end;
      }
    }
    return kReject;
  });
}

void FindIbans(std::string_view text, std::vector<PiiSpan>* out) {
  static const RE2 re("[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,32}");
  ForEachCandidate(re, text, [&](size_t begin, size_t end, auto*) {
    int length = IbanLength(text.substr(begin, 2));
    if (length == 0 || !CleanLeft(text, begin)) return kReject;
    // Take exactly the country's number of characters; printed IBANs put a space after every
    // fourth character and nowhere else.
    std::string compact;
    size_t i = begin;
    for (; i < end && static_cast<int>(compact.size()) < length; ++i) {
      if (text[i] == ' ') {
        if (compact.size() % 4 != 0) return kReject;
        continue;
      }
      compact.push_back(text[i]);
    }
    if (static_cast<int>(compact.size()) != length || !CleanRight(text, i)) return kReject;
    if (!IbanValid(compact)) return kReject;
    out->push_back({PiiType::kIban, begin, i});
    return out->back().end;
  });
}

void FindUsSsns(std::string_view text, std::vector<PiiSpan>* out) {
  static const RE2 re("[0-9]{3}-[0-9]{2}-[0-9]{4}");
  ForEachCandidate(re, text, [&](size_t begin, size_t end, auto*) {
    if (!CleanLeft(text, begin, kNumberJoiners) || !CleanRight(text, end, kNumberJoiners) ||
        !UsSsnValid(text.substr(begin, end - begin))) {
      return kReject;
    }
    out->push_back({PiiType::kUsSsn, begin, end});
    return out->back().end;
  });
}

}  // namespace strata::process::pii
