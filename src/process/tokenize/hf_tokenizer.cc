#include "process/tokenize/hf_tokenizer.h"

#include <nlohmann/json.hpp>

#include "process/tokenize/hf_bpe.h"
#include "process/tokenize/tokenizer_file.h"
#include "process/tokenize/unigram.h"
#include "process/tokenize/wordpiece.h"

namespace strata::process::tokenize {
namespace {

using Json = nlohmann::json;

// The Split regexes that pretokenize.h implements, as tokenizer.json files spell them.
constexpr std::string_view kCl100kRegex =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr std::string_view kO200kRegex =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

std::string TypeOf(const Json& j) {
  return j.is_object() && j.contains("type") && j["type"].is_string() ? j["type"].get<std::string>()
                                                                      : "";
}

Status Unsupported(const std::string& path, const std::string& field, const Json& value) {
  return Status::NotSupported("tokenizer " + path + ": " + field + " " +
                              value.dump().substr(0, 200) + " is not supported");
}

Result<BertNormalizerOptions> ParseBertNormalizer(const std::string& path, const Json& n) {
  BertNormalizerOptions opt;
  if (n.is_null()) return BertNormalizerOptions{false, false, false, false};
  if (TypeOf(n) != "BertNormalizer") return Unsupported(path, "normalizer", n);
  opt.clean_text = n.value("clean_text", true);
  opt.handle_chinese_chars = n.value("handle_chinese_chars", true);
  opt.lowercase = n.value("lowercase", true);
  const Json& strip = n.contains("strip_accents") ? n["strip_accents"] : Json();
  opt.strip_accents = strip.is_boolean() ? strip.get<bool>() : opt.lowercase;
  return opt;
}

Result<std::unique_ptr<Tokenizer>> MakeWordPiece(const std::string& path, const Json& root,
                                                 std::string name) {
  const Json& model = root["model"];
  STRATA_ASSIGN_OR_RETURN(BertNormalizerOptions norm,
                          ParseBertNormalizer(path, root.value("normalizer", Json())));
  const Json pre = root.value("pre_tokenizer", Json());
  if (TypeOf(pre) != "BertPreTokenizer") return Unsupported(path, "pre_tokenizer", pre);
  WordPieceOptions opt;
  opt.unk_token = model.value("unk_token", std::string("[UNK]"));
  opt.continuing_prefix = model.value("continuing_subword_prefix", std::string("##"));
  opt.max_input_chars_per_word = model.value("max_input_chars_per_word", 100);
  Vocab vocab;
  for (const auto& [token, id] : model.at("vocab").items()) vocab.emplace(token, id.get<int32_t>());
  STRATA_ASSIGN_OR_RETURN(
      auto tok, WordPieceTokenizer::Make(std::move(name), path, std::move(vocab), norm, opt));
  return std::unique_ptr<Tokenizer>(std::move(tok));
}

// The byte-level pre-tokenizer: ByteLevel with its regex, or Split(regex) then ByteLevel.
Status ParseBytePreTokenizer(const std::string& path, const Json& pre, HfBpeConfig* config) {
  if (TypeOf(pre) == "ByteLevel" && pre.value("use_regex", true)) {
    config->pattern = SplitPattern::kGpt2;
    config->add_prefix_space = pre.value("add_prefix_space", false);
    return Status::OK();
  }
  const Json& steps = pre.is_object() ? pre.value("pretokenizers", Json()) : Json();
  if (TypeOf(pre) != "Sequence" || !steps.is_array() || steps.size() != 2 ||
      TypeOf(steps[0]) != "Split" || TypeOf(steps[1]) != "ByteLevel" ||
      steps[1].value("use_regex", true) || steps[0].value("behavior", "") != "Isolated" ||
      steps[0].value("invert", false)) {
    return Unsupported(path, "pre_tokenizer", pre);
  }
  const Json& pattern = steps[0].value("pattern", Json());
  const std::string regex = pattern.is_object() ? pattern.value("Regex", "") : "";
  if (regex == kCl100kRegex) {
    config->pattern = SplitPattern::kCl100k;
  } else if (regex == kO200kRegex) {
    config->pattern = SplitPattern::kO200k;
  } else {
    return Unsupported(path, "Split pattern", pattern);
  }
  config->add_prefix_space = steps[1].value("add_prefix_space", false);
  return Status::OK();
}

Result<std::unique_ptr<Tokenizer>> MakeBpe(const std::string& path, const Json& root,
                                           std::string name) {
  const Json& model = root["model"];
  const Json norm = root.value("normalizer", Json());
  if (!norm.is_null()) return Unsupported(path, "normalizer", norm);
  for (const char* field : {"dropout", "continuing_subword_prefix", "end_of_word_suffix"}) {
    const Json v = model.value(field, Json());
    if (!v.is_null() && !(v.is_string() && v.get<std::string>().empty())) {
      return Unsupported(path, std::string("model.") + field, v);
    }
  }
  HfBpeConfig config;
  STRATA_RETURN_IF_ERROR(ParseBytePreTokenizer(path, root.value("pre_tokenizer", Json()), &config));
  config.ignore_merges = model.value("ignore_merges", false);
  for (const auto& [token, id] : model.at("vocab").items()) {
    config.vocab.emplace(token, id.get<int32_t>());
  }
  for (const Json& m : model.at("merges")) {
    if (m.is_array() && m.size() == 2) {
      config.merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
      continue;
    }
    const std::string s = m.get<std::string>();
    const size_t space = s.find(' ', 1);
    if (space == std::string::npos) return Unsupported(path, "merge", m);
    config.merges.emplace_back(s.substr(0, space), s.substr(space + 1));
  }
  STRATA_ASSIGN_OR_RETURN(auto tok, HfBpeTokenizer::Make(std::move(name), path, std::move(config)));
  return std::unique_ptr<Tokenizer>(std::move(tok));
}

}  // namespace

Result<std::unique_ptr<Tokenizer>> OpenHfTokenizer(const std::string& path, std::string name) {
  STRATA_ASSIGN_OR_RETURN(std::string data, ReadTokenizerFile(path));
  return ParseHfTokenizer(data, path, std::move(name));
}

Result<std::unique_ptr<Tokenizer>> ParseHfTokenizer(std::string_view json,
                                                    const std::string& source, std::string name) {
  try {
    const Json root = Json::parse(json);
    const Json model = root.is_object() ? root.value("model", Json()) : Json();
    const std::string type = TypeOf(model);
    if (type == "WordPiece") return MakeWordPiece(source, root, std::move(name));
    if (type == "BPE") return MakeBpe(source, root, std::move(name));
    if (type == "Unigram") {
      STRATA_ASSIGN_OR_RETURN(auto tok, UnigramTokenizer::Make(root, source, std::move(name)));
      return std::unique_ptr<Tokenizer>(std::move(tok));
    }
    return Unsupported(source, "model", Json(type.empty() ? "(no type)" : type));
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption("tokenizer " + source + ": malformed tokenizer.json: " + e.what());
  }
}

}  // namespace strata::process::tokenize
