#include "ingest/source.h"

#include "ingest/source_kinds.h"

namespace strata::ingest {

void SourceRegistry::Register(std::string kind, SourceFactory factory) {
  factories_[std::move(kind)] = std::move(factory);
}

Result<std::unique_ptr<Source>> SourceRegistry::Make(const SourceConfig& config) const {
  auto it = factories_.find(config.kind);
  if (it == factories_.end()) {
    std::string known;
    for (const auto& [kind, factory] : factories_) known += (known.empty() ? "" : ", ") + kind;
    return Status::InvalidArgument("unknown source kind '" + config.kind + "' (known: " +
                                   (known.empty() ? "none" : known) + ")");
  }
  SourceConfig named = config;
  if (named.name.empty()) named.name = named.kind;
  return it->second(named);
}

const SourceRegistry& SourceRegistry::Default() {
  static const SourceRegistry* registry = [] {
    auto* r = new SourceRegistry();
    RegisterBuiltinSources(r);
    return r;
  }();
  return *registry;
}

void RegisterBuiltinSources(SourceRegistry* registry) {
  registry->Register("file", MakeFileSource);
  registry->Register("sqlite", MakeSqliteSource);
  registry->Register("postgresql", MakePostgresSource);
  registry->Register("redis", MakeRedisSource);
  registry->Register("mqtt", MakeMqttSource);
}

}  // namespace strata::ingest
