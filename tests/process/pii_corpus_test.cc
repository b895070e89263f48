// A labelled PII corpus built by generators that are independent of the detector: check digits
// are computed here (Luhn, ISO 7064 mod-97), ranges come from the issuing rules, and the tricky
// negatives (dates, versions, ISBNs, order numbers, broken checksums) are written out. Scoring
// is span-level: a finding is correct when its type and byte span equal a label's.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "process/pii.h"

namespace strata::process {
namespace {

struct Label {
  std::string type;
  size_t begin, end;
};

struct Example {
  std::string text;
  std::vector<Label> labels;
};

class Corpus {
 public:
  explicit Corpus(uint32_t seed) : rng_(seed) {}

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Int(0, static_cast<int>(v.size()) - 1)]; }
  std::string Digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + Int(0, 9)));
    return s;
  }
  std::string Chars(const std::string& alphabet, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.push_back(alphabet[Int(0, static_cast<int>(alphabet.size()) - 1)]);
    return s;
  }

  /// Add "prefix + value + suffix" with `value` labelled `type` ("" = a negative).
  void Add(const std::string& type, const std::string& value) {
    static const std::vector<std::pair<std::string, std::string>> kContexts = {
        {"", ""}, {"Please contact ", " for details."}, {"Value: ", ""},
        {"see (", ") above"}, {"Sent by ", " yesterday, thanks!"}, {"- ", "\n"},
        {"Der Wert ist ", " und mehr."}, {"\"", "\","}};
    const auto& [prefix, suffix] = Pick(kContexts);
    Example e;
    e.text = prefix + value + suffix;
    if (!type.empty()) e.labels.push_back({type, prefix.size(), prefix.size() + value.size()});
    examples_.push_back(std::move(e));
  }
  /// Two labelled values in one string.
  void AddPair(const std::string& t1, const std::string& v1, const std::string& t2,
               const std::string& v2) {
    Example e;
    e.text = "Reach me at " + v1 + " or " + v2 + ".";
    e.labels.push_back({t1, 12, 12 + v1.size()});
    size_t b2 = 12 + v1.size() + 4;
    e.labels.push_back({t2, b2, b2 + v2.size()});
    examples_.push_back(std::move(e));
  }
  /// A labelled value at [begin, end) of a text written out whole.
  void AddRaw(const std::string& text, const std::string& type, const std::string& value) {
    Example e;
    e.text = text;
    size_t at = text.find(value);
    if (!type.empty()) e.labels.push_back({type, at, at + value.size()});
    examples_.push_back(std::move(e));
  }

  std::vector<Example>& examples() { return examples_; }
  std::mt19937& rng() { return rng_; }

 private:
  std::mt19937 rng_;
  std::vector<Example> examples_;
};

const std::string kUpperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const std::string kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const std::string kBase64Url = kAlnum + "-_";

// ---- check digits, computed independently of the detector ----

char LuhnCheckDigit(const std::string& payload) {
  int sum = 0;
  for (size_t i = 0; i < payload.size(); ++i) {
    int d = payload[payload.size() - 1 - i] - '0';
    if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;  // doubled: will sit left of the check
    sum += d;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

int Mod97(const std::string& s) {  // s of digits and upper-case letters (A=10 ... Z=35)
  int r = 0;
  for (char c : s) {
    std::string part = (c >= 'A' && c <= 'Z') ? std::to_string(c - 'A' + 10) : std::string(1, c);
    for (char d : part) r = (r * 10 + (d - '0')) % 97;
  }
  return r;
}

std::string IbanWithCheck(const std::string& country, const std::string& bban) {
  int check = 98 - Mod97(bban + country + "00");
  char buf[3];
  std::snprintf(buf, sizeof buf, "%02d", check);
  return country + buf + bban;
}

std::string Group4(const std::string& s, char sep) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back(sep);
    out.push_back(s[i]);
  }
  return out;
}

// ---- positives ----

std::string CardNumber(Corpus* c, bool valid) {
  struct Issuer { std::string prefix; int length; };
  static const std::vector<Issuer> kIssuers = {
      {"4", 16}, {"4", 13}, {"51", 16}, {"55", 16}, {"2221", 16}, {"34", 15}, {"37", 15},
      {"6011", 16}, {"65", 16}, {"3530", 16}, {"36", 14}, {"62", 19}};
  const Issuer& issuer = c->Pick(kIssuers);
  std::string payload = issuer.prefix + c->Digits(issuer.length - 1 - static_cast<int>(issuer.prefix.size()));
  char check = LuhnCheckDigit(payload);
  if (!valid) check = static_cast<char>('0' + (check - '0' + c->Int(1, 9)) % 10);
  std::string number = payload + check;
  int layout = c->Int(0, 2);
  if (layout == 0 || number.size() == 14 || number.size() == 13) return number;
  char sep = layout == 1 ? ' ' : '-';
  if (number.size() == 15) {
    return number.substr(0, 4) + sep + number.substr(4, 6) + sep + number.substr(10);
  }
  return Group4(number, sep);
}

std::string Iban(Corpus* c, bool valid) {
  struct Country { std::string code; std::string shape; };  // shape: 9 = digit, A = letter
  static const std::vector<Country> kCountries = {
      {"DE", "999999999999999999"}, {"GB", "AAAA99999999999999"}, {"FR", "99999999999999999999999"},
      {"NL", "AAAA9999999999"}, {"ES", "99999999999999999999"}, {"IT", "A9999999999999999999999"},
      {"CH", "99999999999999999"}, {"BE", "999999999999"}, {"AT", "9999999999999999"},
      {"PL", "999999999999999999999999"}};
  const Country& country = c->Pick(kCountries);
  std::string bban;
  for (char s : country.shape) {
    bban += s == '9' ? c->Digits(1) : c->Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1);
  }
  std::string iban = IbanWithCheck(country.code, bban);
  if (!valid) {  // change one BBAN digit: mod-97 catches every single-digit error
    size_t at = iban.find_first_of("0123456789", 4);
    iban[at] = static_cast<char>('0' + (iban[at] - '0' + c->Int(1, 9)) % 10);
  }
  return c->Int(0, 1) ? iban : Group4(iban, ' ');
}

std::string Ssn(Corpus* c) {
  int area;
  do area = c->Int(1, 899); while (area == 666);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d-%02d-%04d", area, c->Int(1, 99), c->Int(1, 9999));
  return buf;
}

std::string Phone(Corpus* c) {
  auto nanp3 = [&] { return std::to_string(c->Int(2, 9)) + c->Digits(2); };
  switch (c->Int(0, 11)) {
    case 0: return "(" + nanp3() + ") " + nanp3() + "-" + c->Digits(4);
    case 1: return nanp3() + "-" + nanp3() + "-" + c->Digits(4);
    case 2: return nanp3() + "." + nanp3() + "." + c->Digits(4);
    case 3: return "+1 " + nanp3() + " " + nanp3() + " " + c->Digits(4);
    case 4: return "+1-" + nanp3() + "-" + nanp3() + "-" + c->Digits(4);
    case 5: return "+44 20 " + c->Digits(4) + " " + c->Digits(4);
    case 6: return "+44 7" + c->Digits(3) + " " + c->Digits(6);
    case 7: return "+49 30 " + c->Digits(8);
    case 8: return "+33 " + std::to_string(c->Int(1, 9)) + " " + c->Digits(2) + " " + c->Digits(2) +
                   " " + c->Digits(2) + " " + c->Digits(2);
    case 9: return "020 " + c->Digits(4) + " " + c->Digits(4);
    case 10: return "0" + std::to_string(c->Int(1, 9)) + " " + c->Digits(2) + " " + c->Digits(2) +
                    " " + c->Digits(2) + " " + c->Digits(2);
    default: return "+" + std::to_string(c->Int(30, 49)) + std::to_string(c->Int(1, 9)) + c->Digits(9);
  }
}

std::string Email(Corpus* c) {
  static const std::vector<std::string> kFirst = {"jane", "john.smith", "m.mueller", "li_wei",
                                                  "ops-team", "x", "anna+news", "j.doe42"};
  static const std::vector<std::string> kDomains = {"example.com", "mail.example.org", "uni-bonn.de",
                                                    "corp.co.uk", "startup.io", "post.example.fr"};
  return c->Pick(kFirst) + (c->Int(0, 1) ? c->Digits(c->Int(1, 3)) : "") + "@" + c->Pick(kDomains);
}

std::string Ipv4(Corpus* c) {
  return std::to_string(c->Int(1, 223)) + "." + std::to_string(c->Int(0, 255)) + "." +
         std::to_string(c->Int(0, 255)) + "." + std::to_string(c->Int(1, 254));
}

std::string Ipv6(Corpus* c) {
  std::vector<std::string> groups;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    std::snprintf(buf, sizeof buf, c->Int(0, 1) ? "%x" : "%04x", c->Int(1, 0xffff));
    groups.push_back(buf);
  }
  int kind = c->Int(0, 3);
  std::string out;
  if (kind == 0) {  // full form
    for (int i = 0; i < 8; ++i) out += (i ? ":" : "") + groups[i];
    return out;
  }
  if (kind == 1) return "fe80::" + groups[5] + ":" + groups[6] + ":" + groups[7];
  int zeros = c->Int(2, 5), start = c->Int(1, 8 - zeros - 1);  // compress groups [start, +zeros)
  for (int i = 0; i < start; ++i) out += (i ? ":" : "") + groups[i];
  out += "::";
  for (int i = start + zeros; i < 8; ++i) out += (i > start + zeros ? ":" : "") + groups[i];
  return out;
}

std::string Secret(Corpus* c) {
  switch (c->Int(0, 9)) {
    case 0: return (c->Int(0, 1) ? "AKIA" : "ASIA") + c->Chars(kUpperDigits, 16);
    case 1: return "ghp_" + c->Chars(kAlnum, 36);
    case 2: return "github_pat_" + c->Chars(kAlnum, 22) + "_" + c->Chars(kAlnum, 59);
    case 3: return "glpat-" + c->Chars(kAlnum, 20);
    case 4: return "xoxb-" + c->Digits(12) + "-" + c->Digits(13) + "-" + c->Chars(kAlnum, 24);
    case 5: return "sk_live_" + c->Chars(kAlnum, 24);
    case 6: return "sk-" + c->Chars(kAlnum, 20) + "T3BlbkFJ" + c->Chars(kAlnum, 20);
    case 7: return "AIza" + c->Chars(kBase64Url, 35);
    case 8:  // header {"alg":"HS256","typ":"JWT"}; payloads are JSON objects, so "eyJ" too
      return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + c->Chars(kBase64Url, 40) + "." +
             c->Chars(kBase64Url, 43);
    default:
      return "-----BEGIN " + std::string(c->Int(0, 1) ? "RSA " : "") + "PRIVATE KEY-----\n" +
             c->Chars(kAlnum + "+/", 64) + "\n" + c->Chars(kAlnum + "+/", 40) + "=\n-----END " +
             std::string("") + "PRIVATE KEY-----";
  }
}

void AddAssignments(Corpus* c, int n) {
  static const std::vector<std::string> kKeys = {"password=", "api_key: ", "DB_PASSWORD=",
                                                 "\"client_secret\": \"", "secret_key = ",
                                                 "access_token='", "pwd: "};
  for (int i = 0; i < n; ++i) {
    std::string key = c->Pick(kKeys);
    std::string value = c->Chars(kAlnum + "!@#%^&*_-", c->Int(8, 24));
    std::string text = "config: " + key + value + (key.back() == '"' ? "\"" : key.back() == '\'' ? "'" : "") + " end";
    c->AddRaw(text, "secret", value);
  }
}

// ---- tricky negatives ----

void AddNegatives(Corpus* c) {
  for (int i = 0; i < 25; ++i) c->Add("", CardNumber(c, /*valid=*/false));
  for (int i = 0; i < 15; ++i) c->Add("", Iban(c, /*valid=*/false));
  char buf[64];
  for (int i = 0; i < 15; ++i) {
    int y = c->Int(1990, 2030), m = c->Int(1, 12), d = c->Int(1, 28);
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d); c->Add("", buf);
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", m, d, y); c->Add("", buf);
    std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d, m, y); c->Add("", buf);
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, c->Int(0, 23),
                  c->Int(0, 59), c->Int(0, 59));
    c->Add("", buf);
    std::snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d%02d", y, m, d, c->Int(0, 23), c->Int(0, 59),
                  c->Int(0, 59));
    c->Add("", buf);  // compact timestamp
    c->Add("", std::to_string(c->Int(1500000000, 1800000000)));  // unix time
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, c->Int(0, 23),
                  c->Int(0, 59), c->Int(0, 59));
    c->Add("", buf);
  }
  for (int i = 0; i < 10; ++i) {
    c->Add("", "version " + std::to_string(c->Int(1, 9)) + "." + std::to_string(c->Int(0, 20)) +
                   "." + std::to_string(c->Int(0, 99)) + "." + std::to_string(c->Int(0, 999)));
    c->Add("", "v10.0." + std::to_string(c->Int(10000, 22631)));
    c->Add("", "build 10.0." + std::to_string(c->Int(10000, 22631)) + "." + std::to_string(c->Int(1, 3000)));
    c->Add("", "Order #" + c->Digits(9));
    c->Add("", "ORD-" + std::to_string(c->Int(2019, 2025)) + "-" + c->Digits(6));
    c->Add("", "ISBN 978-" + std::to_string(c->Int(0, 1)) + "-" + c->Digits(3) + "-" + c->Digits(5) + "-" + c->Digits(1));
    c->Add("", std::to_string(c->Int(256, 999)) + "." + std::to_string(c->Int(0, 255)) + ".1.1");
    c->Add("", "tracking " + c->Digits(22));
  }
  for (const char* s :
       {"ISBN 0-306-40615-2", "ISBN 978-3-16-148410-0", "999.1.1.1", "1.2.3", "10.0.0",
        "000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000",
        "2001:db8::1::2", "12345::1", "00:1a:2b:3c:4d:5e", "gggg::1", "std::vector<int> v;",
        "user@localhost", "@handle on twitter", "name at example dot com", "foo@bar",
        "sk-learn is a library", "AKIA1234", "password: ********", "ghp_short",
        "password=<your-password>", "call 555-0132 now", "pi is 3.14159265358979",
        "meeting at 10:30:00 in room 4", "phone: 12345", "total 1,234,567.89 EUR",
        "the key is in the drawer", "Temperature 21.5 C, humidity 40%", "Route 66 and I-95",
        "ratio 16:9 and 4:3 screens", "3.2.1 liftoff", "+++ ok", "0800 breakfast",
        "Listening on port 8080", "hash 5d41402abc4b2a76b9719d911017c592",
        "uuid 123e4567-e89b-12d3-a456-426614174000"}) {
    c->Add("", s);
  }
}

Corpus BuildCorpus() {
  Corpus c(20240115);
  for (int i = 0; i < 60; ++i) c.Add("credit_card", CardNumber(&c, true));
  for (int i = 0; i < 50; ++i) c.Add("iban", Iban(&c, true));
  for (int i = 0; i < 50; ++i) c.Add("us_ssn", Ssn(&c));
  for (int i = 0; i < 72; ++i) c.Add("phone", Phone(&c));
  for (int i = 0; i < 50; ++i) c.Add("email", Email(&c));
  for (int i = 0; i < 50; ++i) c.Add("ipv4", Ipv4(&c));
  for (int i = 0; i < 60; ++i) c.Add("ipv6", Ipv6(&c));
  for (int i = 0; i < 60; ++i) c.Add("secret", Secret(&c));
  AddAssignments(&c, 20);
  for (int i = 0; i < 20; ++i) c.AddPair("email", Email(&c), "phone", Phone(&c));
  for (int i = 0; i < 10; ++i) c.AddPair("ipv4", Ipv4(&c), "us_ssn", Ssn(&c));
  AddNegatives(&c);
  return c;
}

TEST(PiiCorpusTest, PrecisionAndRecallPerType) {
  Corpus corpus = BuildCorpus();
  ASSERT_GE(corpus.examples().size(), 500u);
  auto detector = PiiDetector::Make(PiiPolicy::Default());
  ASSERT_TRUE(detector.ok());
  std::map<std::string, std::array<int, 3>> counts;  // type -> tp, fp, fn
  for (const std::string& t : PiiDetector::Types()) counts[t] = {0, 0, 0};
  for (const Example& e : corpus.examples()) {
    std::set<std::tuple<std::string, size_t, size_t>> labels, found;
    for (const Label& l : e.labels) labels.insert({l.type, l.begin, l.end});
    for (const PiiFinding& f : (*detector)->Find(e.text)) {
      found.insert({f.type, static_cast<size_t>(f.begin), static_cast<size_t>(f.end)});
    }
    for (const auto& f : found) {
      bool hit = labels.count(f) > 0;
      counts[std::get<0>(f)][hit ? 0 : 1] += 1;
      if (!hit) {
        std::printf("  false positive %s [%s] in: %s\n", std::get<0>(f).c_str(),
                    e.text.substr(std::get<1>(f), std::get<2>(f) - std::get<1>(f)).c_str(),
                    e.text.c_str());
      }
    }
    for (const auto& l : labels) {
      if (!found.count(l)) {
        counts[std::get<0>(l)][2] += 1;
        std::printf("  missed %s [%s] in: %s\n", std::get<0>(l).c_str(),
                    e.text.substr(std::get<1>(l), std::get<2>(l) - std::get<1>(l)).c_str(),
                    e.text.c_str());
      }
    }
  }
  std::printf("PII corpus: %zu strings\n%-12s %5s %5s %5s %9s %7s\n", corpus.examples().size(),
              "type", "tp", "fp", "fn", "precision", "recall");
  for (const auto& [type, c] : counts) {
    double p = c[0] + c[1] == 0 ? 0 : static_cast<double>(c[0]) / (c[0] + c[1]);
    double r = c[0] + c[2] == 0 ? 0 : static_cast<double>(c[0]) / (c[0] + c[2]);
    std::printf("%-12s %5d %5d %5d %9.3f %7.3f\n", type.c_str(), c[0], c[1], c[2], p, r);
    EXPECT_GE(c[0] + c[2], 40) << type << ": too few labelled examples";
    EXPECT_GE(p, 0.95) << type;
    EXPECT_GE(r, 0.95) << type;
  }
}

}  // namespace
}  // namespace strata::process
