// ParserRegistry::Default(): every built-in parser, registered once per process.
#include "ingest/parsers/parser.h"

namespace strata::ingest {

const ParserRegistry& ParserRegistry::Default() {
  static const ParserRegistry* registry = [] {
    auto* r = new ParserRegistry();
    RegisterTextParsers(r);
    RegisterMediaParsers(r);
    return r;
  }();
  return *registry;
}

}  // namespace strata::ingest
