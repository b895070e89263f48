// Language identification with CLD2 (DESIGN §5).
// Thread-safety: pure function (CLD2 is thread-safe).
#pragma once

#include <string>
#include <string_view>

namespace strata::process {

/// ISO 639-1 code of the main language of `text` ("en", "de", "zh", ...), or "und" when CLD2 is
/// not reliable (too short, mixed, unknown).
std::string DetectLanguage(std::string_view text);

}  // namespace strata::process
