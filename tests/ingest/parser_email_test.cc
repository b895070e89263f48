// The email parser: RFC 5322 headers with folding and RFC 2047 encoded words, MIME multipart
// recursion, transfer encodings, charsets, attachments — expected values worked out by hand
// (base64 and quoted-printable bytes decoded by hand from the literals below).
#include <gtest/gtest.h>

#include "ingest/parsers/email_decode.h"
#include "ingest/parsers/email_mime.h"
#include "ingest/parsers/parser.h"
#include "testing/test_data.h"

namespace strata::ingest {
namespace {

struct Parsed {
  Status status;
  std::vector<Document> docs;
};

Parsed ParseMail(std::string content, ParserOptions options = {}) {
  ParserRegistry registry;
  RegisterTextParsers(&registry);
  RawInput input;
  input.source = "mail";
  input.uri = "inbox/1.eml";
  input.content = std::move(content);
  Parsed out;
  out.status = ParseInput(registry, input, options, [&](Document d) {
    out.docs.push_back(std::move(d));
    return Status::OK();
  });
  return out;
}

// "Jürgen" in UTF-8 base64 is SsO8cmdlbg==; "Second part" is U2Vjb25kIHBhcnQ=.
constexpr std::string_view kMultipart =
    "From: =?UTF-8?B?SsO8cmdlbg==?= <j@example.com>\r\n"
    "To: ann@example.com,\r\n"
    "\tbob@example.com\r\n"
    "Cc: carl@example.com\r\n"
    "Subject: =?ISO-8859-1?Q?Caf=E9?=\r\n"
    " =?ISO-8859-1?Q?_time?= now\r\n"
    "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
    "Message-ID: <abc@example.com>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
    "\r\n"
    "This is a preamble.\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=inner\r\n"
    "\r\n"
    "--inner\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "\r\n"
    "<p>HTML version</p>\r\n"
    "--inner\r\n"
    "Content-Type: text/plain; charset=windows-1252\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Price: 5 =80, caf=E9 soft=\r\n"
    "break\r\n"
    "--inner--\r\n"
    "--outer\r\n"
    "Content-Type: application/pdf; name=\"report.pdf\"\r\n"
    "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0xLjQK\r\n"
    "--outer\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "U2Vjb25k\r\n"
    "IHBhcnQ=\r\n"
    "--outer--\r\n"
    "epilogue\r\n";

TEST(ParserEmailTest, MultipartWithEncodedWords) {
  Parsed p = ParseMail(std::string(kMultipart));
  ASSERT_OK(p.status);
  ASSERT_EQ(p.docs.size(), 1u);
  const Document& doc = p.docs[0];
  EXPECT_EQ(doc.mime, "message/rfc822");
  EXPECT_EQ(doc.title, "Caf\xC3\xA9 time now");
  EXPECT_EQ(doc.metadata.at("subject"), "Caf\xC3\xA9 time now");
  EXPECT_EQ(doc.metadata.at("from"), "J\xC3\xBCrgen <j@example.com>");
  EXPECT_EQ(doc.metadata.at("to"), "ann@example.com, bob@example.com");
  EXPECT_EQ(doc.metadata.at("cc"), "carl@example.com");
  EXPECT_EQ(doc.metadata.at("date"), "Mon, 1 Jan 2024 10:00:00 +0000");
  EXPECT_EQ(doc.metadata.at("message-id"), "<abc@example.com>");
  EXPECT_EQ(doc.metadata.at("attachments"), "r\xC3\xA9sum\xC3\xA9.pdf");
  // text/plain wins the alternative; =80 is the euro sign in windows-1252; "=\r\n" is soft.
  EXPECT_EQ(doc.text, "Price: 5 \xE2\x82\xAC, caf\xC3\xA9 softbreak\n\nSecond part");
}

TEST(ParserEmailTest, HtmlOnlyBodyIsConvertedToText) {
  std::string mail =
      "From: a@example.com\n"
      "Subject: plain subject\n"
      "Content-Type: text/html; charset=\"iso-8859-1\"\n"
      "Content-Transfer-Encoding: 8bit\n"
      "\n"
      "<html><body><h1>Hi</h1><p>na\xEFve&nbsp;&amp; <script>x()</script>done</p></body></html>\n";
  Parsed p = ParseMail(mail);
  ASSERT_OK(p.status);
  EXPECT_EQ(p.docs[0].title, "plain subject");
  EXPECT_EQ(p.docs[0].text, "Hi\n\nna\xC3\xAFve\xC2\xA0& done");
  EXPECT_EQ(p.docs[0].metadata.count("attachments"), 0u);
}

TEST(ParserEmailTest, DecodedBytesAreLimited) {
  std::string mail =
      "Subject: big\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" +
      std::string(4000, 'A') + "\n";
  ParserOptions options;
  options.limits.max_decompressed_bytes = 1000;
  Parsed p = ParseMail(mail, options);
  EXPECT_EQ(p.status.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(p.status.message(),
            "inbox/1.eml: email: decoded parts exceed max_decompressed_bytes=1000");
}

TEST(ParserEmailTest, NotAMessage) {
  Parsed p = ParseMail("hello world\nno headers here\n");
  // libmagic calls this text/plain; the .eml extension makes it message/rfc822.
  EXPECT_EQ(p.status.message(), "inbox/1.eml: email: line 1: not an RFC 5322 header field");
}

TEST(ParserEmailTest, NestingIsBounded) {
  std::string mail = "Subject: deep\n";
  for (int i = 0; i < 40; ++i) {
    mail += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" +
            std::to_string(i) + "\n";
  }
  mail += "\ninnermost\n";
  Parsed p = ParseMail(mail);
  EXPECT_EQ(p.status.message(), "inbox/1.eml: email: MIME parts nested deeper than 16");
}

TEST(ParserEmailDecodeTest, EncodedWordsAndTransferEncodings) {
  EXPECT_EQ(DecodeHeaderValue("=?utf-8?q?a_b?= =?utf-8?q?c?=  d"), "a bc d");
  EXPECT_EQ(DecodeHeaderValue("=?bogus"), "=?bogus");
  EXPECT_EQ(DecodeHeaderValue("x =?utf-8?x?abc?= y"), "x =?utf-8?x?abc?= y");
  EXPECT_EQ(DecodeHeaderValue("=?windows-1252?B?gA==?="), "\xE2\x82\xAC");  // 0x80
  EXPECT_EQ(DecodeQuotedPrintable("a=3Db=\nc=ZZ="), "a=bc=ZZ");
  EXPECT_EQ(DecodeBase64("SGVs\nbG8=trailing"), "Hello");
  HeaderParams params = ParseHeaderParams(
      "Attachment; FILENAME*0*=utf-8''%E2%82%AC; filename*1=\"-note.txt\"; size=\"1;2\"");
  EXPECT_EQ(params.value, "attachment");
  EXPECT_EQ(params.params.at("filename"), "\xE2\x82\xAC-note.txt");
  EXPECT_EQ(params.params.at("size"), "1;2");
}

}  // namespace
}  // namespace strata::ingest
