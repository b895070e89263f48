// SigV4 against AWS's published vectors: the aws-sig-v4-test-suite (get-vanilla and friends,
// credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z, service "service") and the S3 examples of
// "Examples: Signature Calculations in AWS Signature Version 4" (examplebucket, 2013-05-24).
#include "io/s3/sigv4.h"

#include <gtest/gtest.h>

namespace strata::io::s3 {
namespace {

constexpr char kEmptyHash[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const SigV4Credentials kSuiteCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                         ""};
const SigV4Credentials kS3Credentials{"AKIAIOSFODNN7EXAMPLE",
                                      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
constexpr char kSuiteDate[] = "20150830T123600Z";
constexpr char kS3Date[] = "20130524T000000Z";

SigV4Request SuiteRequest(std::string method, KeyValues query = {}, KeyValues extra = {}) {
  SigV4Request request{std::move(method),
                       "/",
                       std::move(query),
                       {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", kSuiteDate}},
                       kEmptyHash};
  for (auto& h : extra) request.headers.push_back(std::move(h));
  return request;
}

std::string SuiteAuthorization(const SigV4Request& request) {
  return AuthorizationHeader(kSuiteCredentials, request, kSuiteDate, "us-east-1", "service");
}

TEST(SigV4Test, DerivesTheDocumentedSigningKey) {
  Sha256Digest key = SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215T000000Z",
                                "us-east-1", "iam");
  EXPECT_EQ(HexEncode(key), "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigV4Test, GetVanilla) {
  SigV4Request request = SuiteRequest("GET");
  CanonicalRequest canonical = BuildCanonicalRequest(request);
  EXPECT_EQ(canonical.text,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\n" +
                std::string(kEmptyHash));
  EXPECT_EQ(
      StringToSign(kSuiteDate, CredentialScope(kSuiteDate, "us-east-1", "service"), canonical.text),
      "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
      "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(SuiteAuthorization(request),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Test, GetVanillaQueryOrderKeyCase) {
  SigV4Request request = SuiteRequest("GET", {{"Param2", "value2"}, {"Param1", "value1"}});
  EXPECT_EQ(CanonicalQueryString(request.query), "Param1=value1&Param2=value2");
  EXPECT_EQ(Sha256Hex(BuildCanonicalRequest(request).text),
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0");
  EXPECT_NE(SuiteAuthorization(request).find(
                "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
            std::string::npos);
}

TEST(SigV4Test, PostVanilla) {
  EXPECT_NE(SuiteAuthorization(SuiteRequest("POST"))
                .find("Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
            std::string::npos);
}

TEST(SigV4Test, PostHeaderValueCase) {
  std::string auth = SuiteAuthorization(SuiteRequest("POST", {}, {{"My-Header1", "VALUE1"}}));
  EXPECT_NE(auth.find("SignedHeaders=host;my-header1;x-amz-date, "
                      "Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
            std::string::npos)
      << auth;
}

TEST(SigV4Test, GetHeaderValueTrim) {
  std::string auth = SuiteAuthorization(
      SuiteRequest("GET", {}, {{"My-Header1", " value1"}, {"My-Header2", "\"a   b   c\""}}));
  EXPECT_NE(auth.find("Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
            std::string::npos)
      << auth;
}

SigV4Request S3Request(std::string method, std::string uri, KeyValues query,
                       std::string payload_hash, KeyValues extra = {}) {
  SigV4Request request{std::move(method),
                       std::move(uri),
                       std::move(query),
                       {{"Host", "examplebucket.s3.amazonaws.com"},
                        {"x-amz-date", kS3Date},
                        {"x-amz-content-sha256", payload_hash}},
                       payload_hash};
  for (auto& h : extra) request.headers.push_back(std::move(h));
  return request;
}

std::string S3Signature(const SigV4Request& request) {
  std::string auth = AuthorizationHeader(kS3Credentials, request, kS3Date, "us-east-1", "s3");
  return auth.substr(auth.find("Signature=") + 10);
}

TEST(SigV4Test, S3GetObjectWithRange) {
  SigV4Request request = S3Request("GET", "/test.txt", {}, kEmptyHash, {{"Range", "bytes=0-9"}});
  CanonicalRequest canonical = BuildCanonicalRequest(request);
  EXPECT_EQ(canonical.text,
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:" +
                std::string(kEmptyHash) +
                "\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n" +
                kEmptyHash);
  EXPECT_EQ(Sha256Hex(canonical.text),
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(S3Signature(request),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4Test, S3PutObject) {
  std::string body = "Welcome to Amazon S3.";
  ASSERT_EQ(Sha256Hex(body), "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  SigV4Request request = S3Request(
      "PUT", "/" + UriEncode("test$file.text", false), {}, Sha256Hex(body),
      {{"Date", "Fri, 24 May 2013 00:00:00 GMT"}, {"x-amz-storage-class", "REDUCED_REDUNDANCY"}});
  EXPECT_EQ(request.canonical_uri, "/test%24file.text");
  EXPECT_EQ(BuildCanonicalRequest(request).signed_headers,
            "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class");
  EXPECT_EQ(S3Signature(request),
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4Test, S3GetBucketLifecycle) {
  SigV4Request request = S3Request("GET", "/", {{"lifecycle", ""}}, kEmptyHash);
  EXPECT_EQ(CanonicalQueryString(request.query), "lifecycle=");
  EXPECT_EQ(S3Signature(request),
            "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4Test, S3ListObjects) {
  SigV4Request request = S3Request("GET", "/", {{"prefix", "J"}, {"max-keys", "2"}}, kEmptyHash);
  EXPECT_EQ(CanonicalQueryString(request.query), "max-keys=2&prefix=J");
  EXPECT_EQ(S3Signature(request),
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4Test, UriEncodeKeepsUnreservedAndOptionallySlash) {
  EXPECT_EQ(UriEncode("a b/c~d+e$\xc3\xa9", false), "a%20b/c~d%2Be%24%C3%A9");
  EXPECT_EQ(UriEncode("a/b", true), "a%2Fb");
  EXPECT_EQ(UriEncode("-._~AZaz09", true), "-._~AZaz09");
}

TEST(SigV4Test, AmzDateFormatsUtc) {
  EXPECT_EQ(AmzDate(1440938160LL * 1000000), "20150830T123600Z");
}

}  // namespace
}  // namespace strata::io::s3
