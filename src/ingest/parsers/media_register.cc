// RegisterMediaParsers: the MIME types each media parser answers for, as libmagic names them
// (and the common aliases sources put in RawInput::mime_hint).

#include <memory>

#include "ingest/parsers/media_parsers.h"

namespace strata::ingest {

void RegisterMediaParsers(ParserRegistry* registry) {
  registry->Register(MakePdfParser(), {"application/pdf", "application/x-pdf"});
  registry->Register(MakeDocxParser(),
                     {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"});
  registry->Register(MakeImageParser(), {"image/png", "image/jpeg", "image/tiff"});
  registry->Register(MakeAudioParser(),
                     {"audio/x-wav", "audio/wav", "audio/vnd.wave", "audio/wave", "audio/flac",
                      "audio/x-flac", "audio/ogg", "application/ogg", "audio/x-aiff",
                      "audio/aiff"});
}

}  // namespace strata::ingest
