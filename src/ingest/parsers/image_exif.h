// EXIF metadata of an image (libexif): every tag libexif can name and print, as
// "exif.<Tag>" -> value ("exif.Make" -> "Canon"). JPEG APP1 segments and raw "Exif\0\0" blocks
// are read; other formats yield nothing. Thread-safe (no shared state).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace strata::ingest {

/// Add the EXIF tags found in `image` to `metadata`; a missing or damaged EXIF block adds none.
void AddExifMetadata(std::string_view image, std::map<std::string, std::string>* metadata);

}  // namespace strata::ingest
