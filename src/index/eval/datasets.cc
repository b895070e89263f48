#include "index/eval/datasets.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace strata::index {
namespace {

Result<std::vector<std::string>> ReadLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

Result<std::vector<nlohmann::json>> ReadJsonl(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(auto lines, ReadLines(path));
  std::vector<nlohmann::json> rows;
  rows.reserve(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    auto row = nlohmann::json::parse(lines[i], nullptr, /*allow_exceptions=*/false);
    if (!row.is_object() || !row.contains("_id")) {
      return Status::Corruption(path + ":" + std::to_string(i + 1) +
                                ": not a JSON object with an \"_id\"");
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string StringField(const nlohmann::json& row, const char* key) {
  auto it = row.find(key);
  if (it == row.end()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// SMART records: ".I n" starts a record; ".X" lines start fields whose text follows.
std::vector<std::map<char, std::string>> ReadSmart(const std::vector<std::string>& lines) {
  std::vector<std::map<char, std::string>> records;
  char field = 0;
  for (const auto& line : lines) {
    if (line.size() >= 2 && line[0] == '.' && std::isupper(static_cast<unsigned char>(line[1])) &&
        (line.size() == 2 || line[2] == ' ')) {
      field = line[1];
      if (field == 'I') {
        records.emplace_back();
        records.back()['I'] = line.size() > 3 ? line.substr(3) : "";
      }
      continue;
    }
    if (records.empty() || field == 0) continue;
    std::string& text = records.back()[field];
    if (!text.empty()) text += ' ';
    text += line;
  }
  return records;
}

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

Result<EvalSet> LoadBeir(const std::string& dir, const std::string& split) {
  EvalSet set;
  set.name = std::filesystem::path(dir).filename().string();
  if (set.name.empty()) set.name = std::filesystem::path(dir).parent_path().filename().string();
  std::string qrels_path = dir + "/qrels/" + split + ".tsv";
  STRATA_ASSIGN_OR_RETURN(auto qrel_lines, ReadLines(qrels_path));
  for (size_t i = 0; i < qrel_lines.size(); ++i) {
    std::istringstream fields(qrel_lines[i]);
    std::string query, doc, score;
    if (!std::getline(fields, query, '\t') || !std::getline(fields, doc, '\t') ||
        !std::getline(fields, score, '\t')) {
      if (Trim(qrel_lines[i]).empty()) continue;
      return Status::Corruption(qrels_path + ":" + std::to_string(i + 1) +
                                ": expected query-id<TAB>corpus-id<TAB>score");
    }
    char* end = nullptr;
    long grade = std::strtol(score.c_str(), &end, 10);
    if (end == score.c_str()) {
      if (i == 0) continue;  // the header line
      return Status::Corruption(qrels_path + ":" + std::to_string(i + 1) + ": score '" + score +
                                "' is not an integer");
    }
    set.qrels[query][doc] = int(grade);
  }
  STRATA_ASSIGN_OR_RETURN(auto queries, ReadJsonl(dir + "/queries.jsonl"));
  for (const auto& row : queries) {
    std::string id = StringField(row, "_id");
    if (set.qrels.count(id)) set.queries[id] = StringField(row, "text");
  }
  STRATA_ASSIGN_OR_RETURN(auto corpus, ReadJsonl(dir + "/corpus.jsonl"));
  set.corpus.reserve(corpus.size());
  for (const auto& row : corpus) {
    set.corpus.push_back({StringField(row, "_id"), StringField(row, "title"),
                          StringField(row, "text")});
  }
  return set;
}

Result<EvalSet> LoadCranfield(const std::string& dir) {
  EvalSet set;
  set.name = "cranfield";
  STRATA_ASSIGN_OR_RETURN(auto doc_lines, ReadLines(dir + "/cran.all.1400"));
  for (auto& record : ReadSmart(doc_lines)) {
    set.corpus.push_back({Trim(record['I']), Trim(record['T']), Trim(record['W'])});
  }
  STRATA_ASSIGN_OR_RETURN(auto query_lines, ReadLines(dir + "/cran.qry"));
  auto queries = ReadSmart(query_lines);
  for (size_t i = 0; i < queries.size(); ++i) {
    set.queries[std::to_string(i + 1)] = Trim(queries[i]['W']);
  }
  std::string qrels_path = dir + "/cranqrel";
  STRATA_ASSIGN_OR_RETURN(auto qrel_lines, ReadLines(qrels_path));
  for (size_t i = 0; i < qrel_lines.size(); ++i) {
    std::istringstream fields(qrel_lines[i]);
    std::string query, doc;
    int code = 0;
    if (!(fields >> query >> doc >> code)) {
      if (Trim(qrel_lines[i]).empty()) continue;
      return Status::Corruption(qrels_path + ":" + std::to_string(i + 1) +
                                ": expected query document code");
    }
    set.qrels[query][doc] = code >= 1 && code <= 4 ? 5 - code : 0;
  }
  if (set.corpus.size() != 1400 || set.queries.size() != 225) {
    return Status::Corruption(dir + ": expected 1400 documents and 225 queries, found " +
                              std::to_string(set.corpus.size()) + " and " +
                              std::to_string(set.queries.size()));
  }
  return set;
}

}  // namespace strata::index
