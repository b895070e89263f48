#include "workspace/retrieval_settings.h"

#include <set>

#include <yaml-cpp/yaml.h>

namespace strata::workspace {
namespace {

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  Status Where(const YAML::Node& node, const std::string& message) const {
    return Status::InvalidArgument(file_ + ":" + std::to_string(node.Mark().line + 1) + ": " +
                                   message);
  }

  // Checks that `node` is a map whose keys are all in `allowed`.
  Status Keys(const YAML::Node& node, const std::string& path,
              const std::set<std::string>& allowed) const {
    if (!node.IsMap()) return Where(node, path + " must be a mapping");
    for (const auto& kv : node) {
      std::string key = kv.first.as<std::string>();
      if (!allowed.count(key)) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        return Where(kv.first, "unknown key '" + key + "' in " + path + " (expected " + list + ")");
      }
    }
    return Status::OK();
  }

  template <typename T>
  Status Get(const YAML::Node& map, const char* key, const std::string& path, T* out) const {
    YAML::Node node = map[key];
    if (!node) return Status::OK();
    try {
      *out = node.as<T>();
    } catch (const YAML::Exception&) {
      return Where(node, path + "." + key + " has the wrong type");
    }
    return Status::OK();
  }

 private:
  std::string file_;
};

}  // namespace

Result<index::RetrievalConfig> ParseRetrievalSettings(std::string_view yaml,
                                                      const std::string& file) {
  index::RetrievalConfig config;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root || root.IsNull()) return config;
  Reader r(file);
  if (YAML::Node embed = root["embed"]) {
    STRATA_RETURN_IF_ERROR(r.Keys(embed, "embed", {"model"}));
    STRATA_RETURN_IF_ERROR(r.Get(embed, "model", "embed", &config.embedder));
  }
  if (YAML::Node idx = root["index"]) {
    STRATA_RETURN_IF_ERROR(r.Keys(idx, "index", {"text", "vector"}));
    if (YAML::Node text = idx["text"]) {
      STRATA_RETURN_IF_ERROR(r.Keys(text, "index.text", {"k1", "b", "stemmer", "stopwords"}));
      STRATA_RETURN_IF_ERROR(r.Get(text, "k1", "index.text", &config.text.k1));
      STRATA_RETURN_IF_ERROR(r.Get(text, "b", "index.text", &config.text.b));
      STRATA_RETURN_IF_ERROR(r.Get(text, "stemmer", "index.text", &config.text.stemmer));
      STRATA_RETURN_IF_ERROR(r.Get(text, "stopwords", "index.text", &config.text.stopwords));
    }
    if (YAML::Node vec = idx["vector"]) {
      STRATA_RETURN_IF_ERROR(r.Keys(vec, "index.vector", {"kind", "metric", "m", "ef_construction",
                                                          "ef_search", "int8"}));
      auto& v = config.vector;
      STRATA_RETURN_IF_ERROR(r.Get(vec, "kind", "index.vector", &v.kind));
      if (v.kind != "hnsw" && v.kind != "flat") {
        return r.Where(vec["kind"], "index.vector.kind must be hnsw or flat");
      }
      std::string metric(index::MetricName(v.metric));
      STRATA_RETURN_IF_ERROR(r.Get(vec, "metric", "index.vector", &metric));
      auto parsed = index::ParseMetric(metric);
      if (!parsed.ok()) return r.Where(vec["metric"], parsed.status().message());
      v.metric = *parsed;
      STRATA_RETURN_IF_ERROR(r.Get(vec, "m", "index.vector", &v.m));
      STRATA_RETURN_IF_ERROR(r.Get(vec, "ef_construction", "index.vector", &v.ef_construction));
      STRATA_RETURN_IF_ERROR(r.Get(vec, "ef_search", "index.vector", &v.ef_search));
      STRATA_RETURN_IF_ERROR(r.Get(vec, "int8", "index.vector", &v.int8));
    }
  }
  if (YAML::Node search = root["search"]) {
    STRATA_RETURN_IF_ERROR(r.Keys(search, "search", {"fusion", "rrf_k", "text_weight",
                                                     "vector_weight", "candidates"}));
    std::string fusion = config.fusion.method == index::FusionMethod::kRrf ? "rrf" : "weighted";
    STRATA_RETURN_IF_ERROR(r.Get(search, "fusion", "search", &fusion));
    auto method = index::ParseFusionMethod(fusion);
    if (!method.ok()) return r.Where(search["fusion"], method.status().message());
    config.fusion.method = *method;
    STRATA_RETURN_IF_ERROR(r.Get(search, "rrf_k", "search", &config.fusion.rrf_k));
    STRATA_RETURN_IF_ERROR(r.Get(search, "text_weight", "search", &config.text_weight));
    STRATA_RETURN_IF_ERROR(r.Get(search, "vector_weight", "search", &config.vector_weight));
    STRATA_RETURN_IF_ERROR(r.Get(search, "candidates", "search", &config.candidates));
  }
  return config;
}

}  // namespace strata::workspace
