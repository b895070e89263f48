// MakeEmbedder: the spec string → embedder dispatch (embedder.h lists the kinds).
#include <charconv>

#include "embed/embedder.h"
#include "embed/hash_embedder.h"
#include "embed/http_embedder.h"
#include "embed/static_embedder.h"

namespace strata::embed {

Result<std::unique_ptr<Embedder>> MakeEmbedder(std::string_view spec) {
  const size_t colon = spec.find(':');
  const std::string_view kind = spec.substr(0, colon);
  const std::string_view arg =
      colon == std::string_view::npos ? std::string_view() : spec.substr(colon + 1);
  if (kind == "hash") {
    int dim = HashEmbedder::kDefaultDimension;
    if (colon != std::string_view::npos) {
      const auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), dim);
      if (ec != std::errc() || end != arg.data() + arg.size()) {
        return Status::InvalidArgument("embedder spec \"" + std::string(spec) +
                                       "\": hash dimension \"" + std::string(arg) +
                                       "\" is not an integer");
      }
    }
    STRATA_ASSIGN_OR_RETURN(auto e, HashEmbedder::Make(dim));
    return std::unique_ptr<Embedder>(std::move(e));
  }
  if (kind == "static") {
    if (arg.empty()) {
      return Status::InvalidArgument("embedder spec \"" + std::string(spec) +
                                     "\": static needs a model folder (static:DIR)");
    }
    STRATA_ASSIGN_OR_RETURN(auto e, StaticEmbedder::Open(std::string(arg)));
    return std::unique_ptr<Embedder>(std::move(e));
  }
  if (kind == "http") {
    STRATA_ASSIGN_OR_RETURN(HttpEmbedderOptions options, ParseHttpSpec(arg));
    STRATA_ASSIGN_OR_RETURN(auto e, HttpEmbedder::Make(std::move(options)));
    return std::unique_ptr<Embedder>(std::move(e));
  }
  return Status::InvalidArgument("embedder spec \"" + std::string(spec) + "\": unknown kind \"" +
                                 std::string(kind) +
                                 "\" (known: hash[:DIM], static:DIR, http:URL[#MODEL])");
}

}  // namespace strata::embed
