#include "process/pii_validators.h"

#include <gtest/gtest.h>

#include "process/pii.h"

namespace strata::process::pii {
namespace {

TEST(PiiValidatorsTest, PublishedTestCardNumbers) {
  // Test numbers published by payment processors (Stripe / PayPal sandbox documentation).
  for (const char* number : {"4111111111111111", "4242424242424242", "5555555555554444",
                             "2223003122003222", "378282246310005", "371449635398431",
                             "6011111111111117", "3530111333300000", "30569309025904",
                             "4222222222222", "6200000000000005"}) {
    EXPECT_TRUE(LuhnValid(number)) << number;
    EXPECT_TRUE(KnownCardIssuer(number)) << number;
  }
  EXPECT_FALSE(LuhnValid("4111111111111112"));
  EXPECT_FALSE(LuhnValid("79927398710"));  // Wikipedia's Luhn example: ...713 is valid
  EXPECT_TRUE(LuhnValid("79927398713"));
  EXPECT_FALSE(KnownCardIssuer("9111111111111111"));   // no issuer starts with 9
  EXPECT_FALSE(KnownCardIssuer("378282246310005000"));  // Amex numbers have 15 digits
}

TEST(PiiValidatorsTest, RegistryIbanExamples) {
  // Examples from the SWIFT IBAN registry.
  for (const char* iban : {"GB82WEST12345698765432", "DE89370400440532013000",
                           "FR1420041010050500013M02606", "NL91ABNA0417164300",
                           "BE68539007547034", "CH9300762011623852957", "NO9386011117947",
                           "MT84MALT011000012345MTLCAST001S"}) {
    EXPECT_TRUE(IbanValid(iban)) << iban;
  }
  EXPECT_FALSE(IbanValid("GB82WEST12345698765433"));   // check fails
  EXPECT_FALSE(IbanValid("GB82WEST1234569876543"));    // one short for GB
  EXPECT_FALSE(IbanValid("XX82WEST12345698765432"));   // no such country
  EXPECT_EQ(IbanLength("DE"), 22);
  EXPECT_EQ(IbanLength("US"), 0);
}

TEST(PiiValidatorsTest, SsnRules) {
  EXPECT_TRUE(UsSsnValid("123-45-6789"));
  EXPECT_TRUE(UsSsnValid("899-01-0001"));
  for (const char* bad : {"000-12-3456", "666-12-3456", "900-12-3456", "999-99-9999",
                          "123-00-4567", "123-45-0000", "123456789", "12-345-6789"}) {
    EXPECT_FALSE(UsSsnValid(bad)) << bad;
  }
}

TEST(PiiValidatorsTest, IpAddresses) {
  EXPECT_TRUE(Ipv4Valid("0.0.0.0"));
  EXPECT_TRUE(Ipv4Valid("255.255.255.255"));
  for (const char* bad : {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "1.2.3."}) {
    EXPECT_FALSE(Ipv4Valid(bad)) << bad;
  }
  // RFC 4291 §2.2 and RFC 5952 examples.
  for (const char* good : {"2001:db8:0:0:8:800:200c:417a", "2001:DB8::8:800:200C:417A",
                           "ff01::101", "::1", "fe80::1", "::ffff:192.0.2.128",
                           "2001:0db8:85a3:0000:0000:8a2e:0370:7334"}) {
    EXPECT_TRUE(Ipv6Valid(good)) << good;
  }
  for (const char* bad : {"::", "2001:db8::1::2", "12345::1", "gggg::1", "1:2:3:4:5:6:7",
                          "1:2:3:4:5:6:7:8:9", "00:1a:2b:3c:4d:5e", "10:30:00"}) {
    EXPECT_FALSE(Ipv6Valid(bad)) << bad;
  }
}

TEST(PiiValidatorsTest, AdjacentIbansAreBothFound) {
  auto detector = PiiDetector::Make(PiiPolicy::Default());
  ASSERT_TRUE(detector.ok());
  std::string text = "from DE89 3704 0044 0532 0130 00 GB82 WEST 1234 5698 7654 32 done";
  auto findings = (*detector)->Find(text);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(text.substr(findings[0].begin, findings[0].end - findings[0].begin),
            "DE89 3704 0044 0532 0130 00");
  EXPECT_EQ(text.substr(findings[1].begin, findings[1].end - findings[1].begin),
            "GB82 WEST 1234 5698 7654 32");
}

TEST(PiiValidatorsTest, CardFollowedByExpiry) {
  auto detector = PiiDetector::Make(PiiPolicy::Default());
  ASSERT_TRUE(detector.ok());
  std::string text = "card 4111 1111 1111 1111 12/25 thanks";
  auto findings = (*detector)->Find(text);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].type, "credit_card");
  EXPECT_EQ(text.substr(findings[0].begin, findings[0].end - findings[0].begin),
            "4111 1111 1111 1111");
}

}  // namespace
}  // namespace strata::process::pii
