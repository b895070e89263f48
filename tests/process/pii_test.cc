#include "process/pii.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "testing/test_data.h"

namespace strata::process {
namespace {

std::unique_ptr<PiiDetector> Detector(PiiPolicy policy = PiiPolicy::Default()) {
  auto detector = PiiDetector::Make(std::move(policy));
  EXPECT_TRUE(detector.ok()) << detector.status().ToString();
  return std::move(detector).value();
}

std::string Slice(const std::string& text, const PiiFinding& f) {
  return text.substr(f.begin, f.end - f.begin);
}

TEST(PiiTest, PolicyAndActionParsing) {
  EXPECT_EQ(*ParsePiiAction("mask"), PiiAction::kMask);
  EXPECT_EQ(*ParsePiiAction("drop"), PiiAction::kDrop);
  auto bad = ParsePiiAction("erase");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("erase"), std::string::npos);

  PiiPolicy policy;
  policy.actions["email"] = PiiAction::kTag;
  policy.actions["passport"] = PiiAction::kMask;
  auto detector = PiiDetector::Make(policy);
  ASSERT_FALSE(detector.ok());
  EXPECT_NE(detector.status().ToString().find("passport"), std::string::npos);

  EXPECT_EQ(PiiPolicy::Default().actions.size(), PiiDetector::Types().size());
  EXPECT_EQ(PiiDetector::Types().size(), 8u);
}

TEST(PiiTest, FindsOrderedNonOverlappingSpans) {
  std::string text =
      "Mail jane.doe@example.com or call (415) 555-0132; card 4111 1111 1111 1111, "
      "IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789, host 192.168.1.20 / 2001:db8::7, "
      "key AKIAIOSFODNN7EXAMPLE.";
  auto findings = Detector()->Find(text);
  std::vector<std::pair<std::string, std::string>> got;
  for (const PiiFinding& f : findings) got.emplace_back(f.type, Slice(text, f));
  std::vector<std::pair<std::string, std::string>> want = {
      {"email", "jane.doe@example.com"},
      {"phone", "(415) 555-0132"},
      {"credit_card", "4111 1111 1111 1111"},
      {"iban", "DE89 3704 0044 0532 0130 00"},
      {"us_ssn", "123-45-6789"},
      {"ipv4", "192.168.1.20"},
      {"ipv6", "2001:db8::7"},
      {"secret", "AKIAIOSFODNN7EXAMPLE"},
  };
  EXPECT_EQ(got, want);
}

TEST(PiiTest, PolicyRestrictsTypesButOverlapsStillResolve) {
  PiiPolicy policy;
  policy.actions["phone"] = PiiAction::kTag;
  // The IBAN's digits "0044 0532 0130" look like a trunk-0 phone number; the IBAN wins the
  // overlap even when IBANs are not reported.
  auto findings = Detector(policy)->Find("IBAN DE89 3704 0044 0532 0130 00 or +49 30 12345678");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].type, "phone");
}

TEST(PiiTest, RedactAppliesActionsAndRemapsSegments) {
  PiiPolicy policy;
  policy.actions["email"] = PiiAction::kHash;
  policy.actions["us_ssn"] = PiiAction::kMask;
  policy.actions["phone"] = PiiAction::kDrop;
  policy.actions["ipv4"] = PiiAction::kTag;
  ingest::Document doc;
  std::string s1 = "Contact jane.doe@example.com now. ";
  std::string s2 = "SSN 123-45-6789, phone +44 20 7946 0958.";
  std::string s3 = " Server 10.0.0.1 ok";
  doc.text = s1 + s2 + s3;
  auto b2 = static_cast<int64_t>(s1.size()), b3 = static_cast<int64_t>(s1.size() + s2.size());
  doc.segments = {{0, b2, "one", 1}, {b2, b3, "two", 1}, {b3, static_cast<int64_t>(doc.text.size()), "three", 2}};
  auto findings = Detector(policy)->Redact(&doc);
  // Hash = "[EMAIL:" + first 12 hex of SHA-256("jane.doe@example.com") (Python hashlib).
  std::string r1 = "Contact [EMAIL:86e0b9e56c17] now. ";
  std::string r2 = "SSN [US_SSN], phone .";
  std::string r3 = " Server 10.0.0.1 ok";
  EXPECT_EQ(doc.text, r1 + r2 + r3);
  ASSERT_EQ(findings.size(), 4u);
  EXPECT_EQ(Slice(doc.text, findings[0]), "[EMAIL:86e0b9e56c17]");
  EXPECT_EQ(findings[0].action, PiiAction::kHash);
  EXPECT_EQ(Slice(doc.text, findings[1]), "[US_SSN]");
  EXPECT_EQ(findings[2].type, "phone");
  EXPECT_EQ(findings[2].begin, findings[2].end);  // dropped: an empty span where it was
  EXPECT_EQ(doc.text.substr(findings[2].begin, 1), ".");
  EXPECT_EQ(Slice(doc.text, findings[3]), "10.0.0.1");
  auto slice = [&](const ingest::Segment& s) { return doc.text.substr(s.begin, s.end - s.begin); };
  EXPECT_EQ(slice(doc.segments[0]), r1);
  EXPECT_EQ(slice(doc.segments[1]), r2);
  EXPECT_EQ(slice(doc.segments[2]), r3);
}

TEST(PiiTest, SegmentBoundaryInsideASpan) {
  PiiPolicy policy;
  policy.actions["email"] = PiiAction::kMask;
  ingest::Document doc;
  doc.text = "to: bob@example.org thanks";
  // A (bad) boundary in the middle of the address: the replacement stays with the first part.
  doc.segments = {{0, 8, "a", 0}, {8, static_cast<int64_t>(doc.text.size()), "b", 0}};
  Detector(policy)->Redact(&doc);
  EXPECT_EQ(doc.text, "to: [EMAIL] thanks");
  EXPECT_EQ(doc.segments[0].begin, 0);
  EXPECT_EQ(doc.segments[0].end, 11);
  EXPECT_EQ(doc.segments[1].begin, 11);
  EXPECT_EQ(doc.segments[1].end, static_cast<int64_t>(doc.text.size()));
}

TEST(PiiTest, SecretAssignmentsKeepTheKey) {
  PiiPolicy policy;
  policy.actions["secret"] = PiiAction::kMask;
  ingest::Document doc;
  doc.text =
      "db_password=Tr0ub4dor&3\napi_key: 'q8Zr2LmN0pX4'\npassword: ********\n"
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nIBAAK\n-----END RSA PRIVATE KEY-----\nend";
  Detector(policy)->Redact(&doc);
  EXPECT_EQ(doc.text,
            "db_password=[SECRET]\napi_key: '[SECRET]'\npassword: ********\n[SECRET]\nend");
}

TEST(PiiTest, LongDigitRunsStayLinear) {
  std::string text(200000, '7');
  text += " card 4111-1111-1111-1111 expires ";
  text += std::string(200000, '9');
  auto findings = Detector()->Find(text);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].type, "credit_card");
}

TEST(PiiTest, ThroughputOnProse) {
  const std::string filler =
      "The quarterly report was reviewed on 2024-01-15 by the team, version 1.2.3.4 shipped. ";
  const std::string planted[] = {"ops@example.com", "(415) 555-0132", "4242 4242 4242 4242",
                                 "123-45-6789", "10.1.2.3", "ghp_0123456789abcdefghijABCDEFGHIJ012345"};
  std::string text;
  size_t expected = 0;
  while (text.size() < (4u << 20)) {
    text += filler + filler + "Contact " + planted[expected % 6] + " today. ";
    ++expected;
  }
  auto detector = Detector();
  auto start = std::chrono::steady_clock::now();
  auto findings = detector->Find(text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("PiiDetector::Find: %.1f MB/s on prose with one finding per %zu bytes\n",
              static_cast<double>(text.size()) / 1e6 / seconds, text.size() / expected);
  EXPECT_EQ(findings.size(), expected);
}

}  // namespace
}  // namespace strata::process
