// SourceConfigFromArgument: a CLI argument (a path, a glob or a URI) as a SourceConfig.
// Percent-escapes (%20, %23 for '#', %26 for '&') are decoded in the path and the query; '+' is
// kept as is (MQTT wildcards, SQL). In mqtt URIs '#' is the wildcard, not a fragment.
//
// Option keys per kind (SourceConfig::options; all values are strings, lists comma-separated,
// durations in seconds with fractions allowed). In a URI argument every query parameter becomes
// an option, except `name`, `tenant`, `groups` and `classification`, which set the config's name
// and default labels.
//
//   file        path      a folder (read recursively), a file, or a glob (*, ?, [..], ** across
//                         folders); required. A file:// URI is accepted as the path.
//               include   glob patterns a file must match (any); a pattern without '/' matches
//                         the file name, one with '/' the path relative to the root
//               exclude   glob patterns that drop files and prune folders (same matching)
//               hidden    true to read names starting with '.' (default false)
//               max_bytes files larger than this come back as error items (default 268435456)
//               debounce  continuous mode: quiet time before changed files are reported (0.2)
//   sqlite      path      the database file (sqlite:///abs/path.db); required
//   postgresql  url       libpq connection URI (postgresql://user@host:port/db?sslmode=...);
//                         query parameters that are not options below stay in the URI
//     both      table     a table to read (SELECT * FROM table), or
//               query     a SELECT whose rows to read (exactly one of table and query)
//               cursor    incremental cursor column: rows come ordered by it and the source's
//                         state is the largest value read, compared in the database
//               id        column(s) forming the row's uri (default: the table's primary key,
//                         else the cursor); comma-separated for a compound key
//               template  the row's text with {column} placeholders (default "column: value"
//                         lines of every column)
//               batch     rows per split (default 10000)
//               tenant_column, groups_column, classification_column
//                         per-row labels that override the config's labels when not empty
//                         (groups: comma list, JSON array or PostgreSQL array)
//   redis       host, port           the server (default 127.0.0.1:6379)
//               stream               the stream key; required
//               group, consumer      consumer group (default "strata") and this consumer's
//                                    name (default "strata"): keep it stable across restarts
//               field                the entry field holding the text (default body, then text)
//               count                entries per XREADGROUP (default 100)
//               block                seconds one read waits for new entries (default 1)
//               start                where a new group starts: 0 (the whole stream, default)
//                                    or $ (only entries added from now on)
//   mqtt        host, port           the broker (default 127.0.0.1:1883)
//               topics               topic filters, wildcards allowed; required
//               qos                  0, 1 or 2 (default 1)
//               batch                messages per document (default 1)
//               window               seconds a document collects messages (default 0: none)
//               template             a message's text with {field} placeholders of its JSON
//                                    payload (default: the payload itself)
//               client_id            when set, a persistent session (clean_session false)
//               wait                 seconds a one-shot read waits for messages (default 1)
#include <cctype>
#include <filesystem>

#include "ingest/source.h"
#include "ingest/source_kinds.h"

namespace strata::ingest {
namespace {

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

struct ParsedUri {
  std::string scheme;
  std::string authority;  // user@host:port
  std::string path;       // with its leading '/'
  std::vector<std::pair<std::string, std::string>> query;
};

ParsedUri Parse(const std::string& argument, size_t scheme_end, bool keep_fragment) {
  ParsedUri uri;
  for (size_t i = 0; i < scheme_end; ++i) {
    uri.scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(argument[i]))));
  }
  std::string rest = argument.substr(scheme_end + 3);
  if (!keep_fragment) rest = rest.substr(0, rest.find('#'));
  size_t q = rest.find('?');
  std::string query = q == std::string::npos ? "" : rest.substr(q + 1);
  rest = rest.substr(0, q);
  size_t slash = rest.find('/');
  uri.authority = rest.substr(0, slash);
  uri.path = slash == std::string::npos ? "" : PercentDecode(rest.substr(slash));
  size_t start = 0;
  while (start < query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string::npos) amp = query.size();
    std::string pair = query.substr(start, amp - start);
    size_t eq = pair.find('=');
    if (!pair.empty()) {
      uri.query.emplace_back(PercentDecode(pair.substr(0, eq)),
                             eq == std::string::npos ? "" : PercentDecode(pair.substr(eq + 1)));
    }
    start = amp + 1;
  }
  return uri;
}

/// Apply name/labels, return the other query parameters as options.
void ApplyQuery(const ParsedUri& uri, SourceConfig* config, bool pass_unknown,
                std::string* passthrough) {
  static const char* kOptions[] = {"table", "query", "cursor", "id", "template", "batch",
                                   "tenant_column", "groups_column", "classification_column"};
  for (const auto& [key, value] : uri.query) {
    if (key == "name") {
      config->name = value;
    } else if (key == "tenant") {
      config->labels.tenant = value;
    } else if (key == "groups") {
      config->labels.groups = SplitList(value);
    } else if (key == "classification") {
      config->labels.classification = value;
    } else {
      bool is_option = !pass_unknown;
      for (const char* k : kOptions) is_option = is_option || key == k;
      if (is_option) {
        config->options[key] = value;
      } else {
        *passthrough += (passthrough->empty() ? "?" : "&") + key + "=" + value;
      }
    }
  }
}

/// Split "host:port" (either may be empty) into options host and port.
Status SetHostPort(const std::string& argument, std::string authority, SourceConfig* config) {
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  size_t colon = authority.rfind(':');
  std::string host = authority.substr(0, colon);
  if (!host.empty()) config->options["host"] = host;
  if (colon != std::string::npos) {
    std::string port = authority.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos) {
      return Status::InvalidArgument("source '" + argument + "': bad port '" + port + "'");
    }
    config->options["port"] = port;
  }
  return Status::OK();
}

Result<SourceConfig> FromUri(const std::string& argument, size_t scheme_end) {
  std::string scheme = Parse(argument, scheme_end, true).scheme;
  SourceConfig config;
  ParsedUri uri = Parse(argument, scheme_end, scheme == "mqtt");
  std::string passthrough;
  if (scheme == "file") {
    config.kind = "file";
    config.options["path"] = uri.path;
    ApplyQuery(uri, &config, false, &passthrough);
  } else if (scheme == "sqlite") {
    config.kind = "sqlite";
    if (!uri.authority.empty() || uri.path.size() < 2) {
      return Status::InvalidArgument("source '" + argument +
                                     "': expected sqlite:///absolute/path.db?table=T");
    }
    config.options["path"] = uri.path;
    ApplyQuery(uri, &config, false, &passthrough);
  } else if (scheme == "postgresql" || scheme == "postgres") {
    config.kind = "postgresql";
    ApplyQuery(uri, &config, true, &passthrough);
    std::string base = argument.substr(0, argument.find_first_of("?#"));
    config.options["url"] = base + passthrough;
  } else if (scheme == "redis") {
    config.kind = "redis";
    STRATA_RETURN_IF_ERROR(SetHostPort(argument, uri.authority, &config));
    if (uri.path.size() < 2) {
      return Status::InvalidArgument("source '" + argument +
                                     "': expected redis://host:port/STREAM?group=G&consumer=C");
    }
    config.options["stream"] = uri.path.substr(1);
    ApplyQuery(uri, &config, false, &passthrough);
  } else if (scheme == "mqtt") {
    config.kind = "mqtt";
    STRATA_RETURN_IF_ERROR(SetHostPort(argument, uri.authority, &config));
    if (uri.path.size() < 2) {
      return Status::InvalidArgument("source '" + argument +
                                     "': expected mqtt://host:port/TOPIC[?qos=1]");
    }
    config.options["topics"] = uri.path.substr(1);
    ApplyQuery(uri, &config, false, &passthrough);
  } else {
    return Status::InvalidArgument("source '" + argument + "': unknown scheme '" + scheme +
                                   "' (known: file, sqlite, postgresql, redis, mqtt)");
  }
  if (config.name.empty()) config.name = config.kind;
  return config;
}

}  // namespace

Result<SourceConfig> SourceConfigFromArgument(const std::string& argument) {
  if (argument.empty()) return Status::InvalidArgument("empty source argument");
  size_t sep = argument.find("://");
  bool has_scheme = sep != std::string::npos && sep > 0 &&
                    std::isalpha(static_cast<unsigned char>(argument[0]));
  for (size_t i = 0; has_scheme && i < sep; ++i) {
    unsigned char c = static_cast<unsigned char>(argument[i]);
    has_scheme = std::isalnum(c) || c == '+' || c == '-' || c == '.';
  }
  if (has_scheme) return FromUri(argument, sep);
  if (argument.find("://") != std::string::npos) {
    return Status::InvalidArgument("source '" + argument + "': malformed URI scheme");
  }
  SourceConfig config;
  config.kind = "file";
  config.name = "file";
  config.options["path"] = argument;
  return config;
}

}  // namespace strata::ingest
