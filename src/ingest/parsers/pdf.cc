// PDF parser over poppler-cpp: one Segment per page, document info as title and metadata.
//
// poppler reports problems through a process-wide debug callback, not through return values; the
// callback installed here drops them from stderr and keeps them in a thread-local list while a
// parse runs on that thread, so a Corruption status can quote poppler's own first complaint.

#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include "ingest/parsers/media_parsers.h"

namespace strata::ingest {
namespace {

thread_local std::vector<std::string>* tls_poppler_errors = nullptr;

void CollectPopplerError(const std::string& message, void* /*closure*/) {
  if (tls_poppler_errors != nullptr && tls_poppler_errors->size() < 16) {
    tls_poppler_errors->push_back(message);
  }
}

// Routes poppler's diagnostics for the current thread into `errors` for the scope's life.
class PopplerErrorScope {
 public:
  PopplerErrorScope() {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(&CollectPopplerError, nullptr); });
    tls_poppler_errors = &errors_;
  }
  ~PopplerErrorScope() { tls_poppler_errors = nullptr; }
  PopplerErrorScope(const PopplerErrorScope&) = delete;
  PopplerErrorScope& operator=(const PopplerErrorScope&) = delete;

  /// The first diagnostic poppler gave, or `fallback`.
  std::string First(const std::string& fallback) const {
    if (errors_.empty()) return fallback;
    std::string_view first = errors_.front();
    if (first.starts_with("error: ")) first.remove_prefix(7);
    return std::string(first);
  }
  bool Any() const { return !errors_.empty(); }

 private:
  std::vector<std::string> errors_;
};

std::string Utf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

void PutInfo(const poppler::document& pdf, const char* key, const char* name, Document* doc) {
  std::string value = Utf8(pdf.info_key(key));
  if (!value.empty()) doc->metadata[name] = std::move(value);
}

// Strip trailing whitespace and form feeds that poppler leaves at the end of a page.
void TrimRight(std::string* s) {
  while (!s->empty() && (s->back() == '\n' || s->back() == ' ' || s->back() == '\f' ||
                         s->back() == '\r' || s->back() == '\t')) {
    s->pop_back();
  }
}

class PdfParser final : public Parser {
 public:
  std::string_view name() const override { return "pdf"; }

  Status Parse(const RawInput& input, const ParseContext& context,
               const DocumentSink& emit) const override {
    Document doc = DocumentFrom(input, "application/pdf");
    try {
      STRATA_RETURN_IF_ERROR(ParseInto(input, context, &doc));
    } catch (const std::exception& e) {
      return Status::Corruption(std::string("PDF: ") + e.what());
    } catch (...) {
      return Status::Corruption("PDF: poppler failed with an unknown exception");
    }
    return emit(std::move(doc));
  }

 private:
  static Status ParseInto(const RawInput& input, const ParseContext& context, Document* doc) {
    if (input.content.size() > static_cast<size_t>(INT32_MAX)) {
      return Status::ResourceExhausted("PDF: input of " + std::to_string(input.content.size()) +
                                       " bytes is larger than poppler can load");
    }
    PopplerErrorScope errors;
    std::unique_ptr<poppler::document> pdf(poppler::document::load_from_raw_data(
        input.content.data(), static_cast<int>(input.content.size())));
    if (pdf == nullptr) {
      return Status::Corruption("PDF: " + errors.First("not a readable PDF document"));
    }
    if (pdf->is_locked()) {
      return Status::NotSupported("PDF: document is encrypted and needs a password");
    }
    const int pages = pdf->pages();
    if (pages <= 0) {
      return Status::Corruption("PDF: " + errors.First("document has no pages"));
    }
    if (pages > context.options.limits.max_pages) {
      return Status::ResourceExhausted("PDF: " + std::to_string(pages) +
                                       " pages exceed the limit max_pages of " +
                                       std::to_string(context.options.limits.max_pages));
    }
    STRATA_RETURN_IF_ERROR(ExtractPages(*pdf, context, doc));
    doc->title = Utf8(pdf->get_title());
    PutInfo(*pdf, "Author", "author", doc);
    PutInfo(*pdf, "Creator", "creator", doc);
    PutInfo(*pdf, "Producer", "producer", doc);
    doc->metadata["pages"] = std::to_string(pages);
    if (pdf->is_encrypted()) doc->metadata["encrypted"] = "true";
    return Status::OK();
  }

  static Status ExtractPages(const poppler::document& pdf, const ParseContext& context,
                             Document* doc) {
    for (int i = 0; i < pdf.pages(); ++i) {
      STRATA_RETURN_IF_ERROR(CheckMediaDeadline(context, "PDF"));
      std::unique_ptr<poppler::page> page(pdf.create_page(i));
      if (page == nullptr) {
        return Status::Corruption("PDF: page " + std::to_string(i + 1) + " cannot be read");
      }
      std::string text =
          Utf8(page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout));
      TrimRight(&text);
      if (!doc->text.empty()) doc->text += "\n\n";
      Segment segment;
      segment.begin = static_cast<int64_t>(doc->text.size());
      doc->text += text;
      segment.end = static_cast<int64_t>(doc->text.size());
      segment.page = i + 1;
      doc->segments.push_back(std::move(segment));
    }
    return Status::OK();
  }
};

}  // namespace

std::unique_ptr<Parser> MakePdfParser() { return std::make_unique<PdfParser>(); }

}  // namespace strata::ingest
