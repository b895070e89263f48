#include <libexif/exif-data.h>

#include <string>

#include "ingest/parsers/image_exif.h"

namespace strata::ingest {
namespace {

constexpr size_t kMaxValueBytes = 512;

struct ExifWalk {
  std::map<std::string, std::string>* metadata;
  ExifIfd ifd = EXIF_IFD_0;
};

void AddEntry(ExifEntry* entry, void* user) {
  auto* walk = static_cast<ExifWalk*>(user);
  if (entry->tag == EXIF_TAG_MAKER_NOTE) return;  // vendor binary, not text
  const char* name = exif_tag_get_name_in_ifd(entry->tag, walk->ifd);
  if (name == nullptr) return;
  char value[kMaxValueBytes];
  if (exif_entry_get_value(entry, value, sizeof(value)) == nullptr) return;
  std::string text(value);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  if (text.empty()) return;
  // IFD 1 describes the thumbnail; the main image's tag of the same name wins.
  walk->metadata->emplace("exif." + std::string(name), std::move(text));
}

void AddContent(ExifContent* content, void* user) {
  auto* walk = static_cast<ExifWalk*>(user);
  walk->ifd = exif_content_get_ifd(content);
  exif_content_foreach_entry(content, &AddEntry, user);
}

}  // namespace

void AddExifMetadata(std::string_view image, std::map<std::string, std::string>* metadata) {
  if (image.empty() || image.size() > (1u << 30)) return;
  ExifData* data = exif_data_new_from_data(reinterpret_cast<const unsigned char*>(image.data()),
                                           static_cast<unsigned int>(image.size()));
  if (data == nullptr) return;
  ExifWalk walk{metadata};
  exif_data_foreach_content(data, &AddContent, &walk);
  exif_data_unref(data);
}

}  // namespace strata::ingest
