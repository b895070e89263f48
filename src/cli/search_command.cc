// `strata search "QUERY"`: hybrid, vector or text retrieval over the workspace (DESIGN §7, §12).
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "index/access.h"
#include "workspace/workspace.h"

namespace strata::cli {
namespace {

struct SearchArgs {
  std::string query;
  int k = 10;
  std::string mode = "hybrid";
  std::string filter;
  std::string as;
  int64_t version = -1;
  bool json = false;
};

// The text on one line, whitespace runs collapsed, cut at about `width` bytes on a UTF-8
// boundary.
std::string Snippet(const std::string& text, size_t width) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= width && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      size_t next = &c - text.data() + 1;
      if (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) continue;
      out += "…";
      break;
    }
  }
  return out;
}

Result<index::Principal> PrincipalFor(const std::string& as) {
  if (as.empty()) return index::Principal::Owner();
  if (as.find('=') == std::string::npos) {
    return Status::InvalidArgument("--as '" + as + "': give the principal's labels, as in " +
                                   "--as 'tenant=acme;groups=eng,ops;clearance=internal'");
  }
  return index::ParsePrincipal(as);
}

void Print(const index::SearchResponse& r, bool json) {
  if (json) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& h : r.hits) {
      results.push_back({{"chunk_id", h.chunk_id},
                         {"doc_id", h.doc_id},
                         {"score", h.score},
                         {"text", h.text},
                         {"uri", h.uri},
                         {"title", h.title},
                         {"section", h.section},
                         {"page", h.page},
                         {"text_rank", h.text_rank},
                         {"vector_rank", h.vector_rank}});
    }
    nlohmann::json out{{"results", results},
                       {"version", r.version},
                       {"mode", index::SearchModeName(r.mode)},
                       {"took_ms", r.took_ms}};
    std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return;
  }
  std::printf("%zu result%s · %s · chunks version %lld · %.1f ms\n", r.hits.size(),
              r.hits.size() == 1 ? "" : "s", std::string(index::SearchModeName(r.mode)).c_str(),
              static_cast<long long>(r.version), r.took_ms);
  int n = 0;
  for (const auto& h : r.hits) {
    std::string where = h.uri;
    if (!h.section.empty()) where += "  § " + h.section;
    if (h.page > 0) where += "  p. " + std::to_string(h.page);
    std::printf("\n%2d. %s  (score %.4f)\n    %s\n", ++n, where.c_str(), h.score,
                Snippet(h.text, 220).c_str());
  }
}

int RunSearch(const GlobalOptions& global, const SearchArgs& args) {
  auto mode = index::ParseSearchMode(args.mode);
  if (!mode.ok()) return ReportError(mode.status());
  auto principal = PrincipalFor(args.as);
  if (!principal.ok()) return ReportError(principal.status());
  auto ws = workspace::Workspace::Open(global.workspace);
  if (!ws.ok()) return ReportError(ws.status());
  auto config = (*ws)->RetrievalSettings();
  if (!config.ok()) return ReportError(config.status());
  auto session = (*ws)->OpenSearch(*config, args.version);
  if (!session.ok()) return ReportError(session.status());
  index::SearchRequest request;
  request.query = args.query;
  request.k = args.k;
  request.mode = *mode;
  request.filter = args.filter;
  request.principal = *principal;
  auto response = (*session)->Search(request);
  if (!response.ok()) return ReportError(response.status());
  Print(*response, args.json);
  return kExitOk;
}

}  // namespace

void AddSearchCommands(CLI::App& app, GlobalOptions& global, CommandList& commands) {
  auto args = std::make_shared<SearchArgs>();
  auto* cmd = app.add_subcommand("search", "search the workspace's chunks (hybrid, vector or text)");
  cmd->add_option("query", args->query, "what to look for")->required();
  cmd->add_option("--k", args->k, "number of results (default 10)")->check(CLI::Range(1, 10000));
  cmd->add_option("--mode", args->mode, "hybrid (default) | vector | text");
  cmd->add_option("--filter", args->filter,
                  "row filter, e.g. \"lang = 'en' AND metadata.year > 2020\"");
  cmd->add_option("--as", args->as, "search as a principal: 'tenant=T;groups=a,b;clearance=C'");
  cmd->add_option("--version", args->version, "chunks table version to search (default latest)");
  cmd->add_flag("--json", args->json, "print the response as JSON");
  commands.push_back({cmd, [&global, args] { return RunSearch(global, *args); }});
}

}  // namespace strata::cli
