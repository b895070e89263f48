// The "email" parser for Internet messages (.eml, message/rfc822): one document whose text is
// the message body — text/plain preferred over text/html inside multipart/alternative, the
// inline text parts of other multiparts in order, HTML converted to text — with the title from
// Subject and metadata from, to, cc, subject, date, message-id (RFC 2047 decoded) and
// attachments (names joined by ", "). Quoted-printable and base64 parts count against
// limits.max_decompressed_bytes.
#include "ingest/parsers/charset.h"
#include "ingest/parsers/email_decode.h"
#include "ingest/parsers/email_mime.h"
#include "ingest/parsers/html_text.h"
#include "ingest/parsers/text_family.h"

namespace strata::ingest {
namespace {

constexpr int kMaxDepth = 16;

HeaderParams ParamsOf(const MimeEntity& entity, std::string_view field, std::string_view dflt) {
  const std::string* value = entity.Find(field);
  return ParseHeaderParams(value ? std::string_view(*value) : dflt);
}

std::string NormalizeNewlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Collects the body text and attachment names of one message.
class MailWalker {
 public:
  explicit MailWalker(const ParseContext& context) : context_(context) {}

  Status Walk(const MimeEntity& entity, int depth) {
    STRATA_RETURN_IF_ERROR(context_.CheckDeadline());
    HeaderParams type = ParamsOf(entity, "content-type", "text/plain");
    HeaderParams disposition = ParamsOf(entity, "content-disposition", "");
    std::string name = disposition.params.count("filename") ? disposition.params["filename"]
                                                            : type.params["name"];
    name = DecodeHeaderValue(name);
    bool multipart = type.value.starts_with("multipart/") && !type.params["boundary"].empty();
    if (multipart && disposition.value != "attachment") return WalkMultipart(entity, type, depth);
    bool text = type.value == "text/plain" || type.value == "text/html" || type.value.empty();
    if (disposition.value == "attachment" || !text || (!name.empty() && disposition.value != "inline")) {
      if (!name.empty() || disposition.value == "attachment") {
        attachments_.push_back(name.empty() ? "(unnamed " + type.value + ")" : name);
      }
      return Status::OK();
    }
    return AppendText(entity, type);
  }

  std::string text() const { return NormalizeNewlines(text_); }
  const std::vector<std::string>& attachments() const { return attachments_; }

 private:
  Status WalkMultipart(const MimeEntity& entity, HeaderParams& type, int depth) {
    if (depth >= kMaxDepth) {
      return Status::InvalidArgument("MIME parts nested deeper than " + std::to_string(kMaxDepth));
    }
    std::vector<MimeEntity> children;
    for (std::string_view part : SplitMultipart(entity.body, type.params["boundary"])) {
      STRATA_ASSIGN_OR_RETURN(MimeEntity child, ParseEntity(part, false));
      children.push_back(std::move(child));
    }
    if (type.value == "multipart/alternative" && !children.empty()) {
      return Walk(children[BestAlternative(children)], depth + 1);
    }
    for (const MimeEntity& child : children) STRATA_RETURN_IF_ERROR(Walk(child, depth + 1));
    return Status::OK();
  }

  // text/plain over multipart/* over text/html; the first of equals.
  static size_t BestAlternative(const std::vector<MimeEntity>& children) {
    size_t best = 0;
    int best_score = -1;
    for (size_t i = 0; i < children.size(); ++i) {
      std::string type = ParamsOf(children[i], "content-type", "text/plain").value;
      int score = type == "text/plain" ? 3 : type.starts_with("multipart/") ? 2
                                       : type == "text/html"               ? 1 : 0;
      if (score > best_score) {
        best = i;
        best_score = score;
      }
    }
    return best;
  }

  Result<std::string> DecodeBody(const MimeEntity& entity) {
    HeaderParams encoding = ParamsOf(entity, "content-transfer-encoding", "7bit");
    bool base64 = encoding.value == "base64";
    if (!base64 && encoding.value != "quoted-printable") return std::string(entity.body);
    auto estimate = static_cast<int64_t>(base64 ? entity.body.size() / 4 * 3 : entity.body.size());
    const int64_t limit = context_.options.limits.max_decompressed_bytes;
    if (decoded_ + estimate > limit) {
      return Status::ResourceExhausted("decoded parts exceed max_decompressed_bytes=" +
                                       std::to_string(limit));
    }
    std::string out = base64 ? DecodeBase64(entity.body) : DecodeQuotedPrintable(entity.body);
    decoded_ += static_cast<int64_t>(out.size());
    return out;
  }

  Status AppendText(const MimeEntity& entity, HeaderParams& type) {
    STRATA_ASSIGN_OR_RETURN(std::string bytes, DecodeBody(entity));
    std::string charset = type.params["charset"];
    if (charset.empty()) charset = IsValidUtf8(bytes) ? "utf-8" : "windows-1252";
    std::string utf8 = ToUtf8(bytes, charset);
    if (type.value == "text/html") {
      STRATA_ASSIGN_OR_RETURN(HtmlText html, ExtractHtmlText(utf8, context_));
      utf8 = std::move(html.text);
    }
    while (!utf8.empty() && std::isspace(static_cast<unsigned char>(utf8.back()))) utf8.pop_back();
    if (utf8.empty()) return Status::OK();
    if (!text_.empty()) text_ += "\n\n";
    text_ += utf8;
    return Status::OK();
  }

  const ParseContext& context_;
  std::string text_;
  std::vector<std::string> attachments_;
  int64_t decoded_ = 0;
};

class EmailParser final : public Parser {
 public:
  std::string_view name() const override { return "email"; }

  Status Parse(const RawInput& input, const ParseContext& context,
               const DocumentSink& emit) const override {
    std::string_view content = input.content;
    if (LooksBinary(content.substr(0, std::min<size_t>(content.size(), 4096)))) {
      return Status::InvalidArgument("binary content, not an Internet message");
    }
    STRATA_ASSIGN_OR_RETURN(MimeEntity message, ParseEntity(content, true));
    MailWalker walker(context);
    STRATA_RETURN_IF_ERROR(walker.Walk(message, 0));
    Document doc = DocumentFrom(input, DocumentMime(input, context, "message/rfc822"));
    for (std::string_view field : {"from", "to", "cc", "subject", "date", "message-id"}) {
      if (const std::string* value = message.Find(field)) {
        doc.metadata[std::string(field)] = DecodeHeaderValue(*value);
      }
    }
    if (auto it = doc.metadata.find("subject"); it != doc.metadata.end()) doc.title = it->second;
    std::string names;
    for (const std::string& name : walker.attachments()) names += (names.empty() ? "" : ", ") + name;
    if (!names.empty()) doc.metadata["attachments"] = names;
    doc.text = walker.text();
    return emit(std::move(doc));
  }
};

}  // namespace

std::shared_ptr<const Parser> MakeEmailParser() { return std::make_shared<EmailParser>(); }

}  // namespace strata::ingest
