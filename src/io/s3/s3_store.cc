#include "io/s3/s3_store.h"

#include <algorithm>
#include <mutex>
#include <random>
#include <set>

#include "common/clock.h"
#include "common/log.h"
#include "io/s3/s3_objects.h"
#include "io/s3/s3_xml.h"

namespace strata::io::s3 {

Result<std::shared_ptr<S3Store>> S3Store::Open(S3Config config,
                                               std::shared_ptr<HttpTransport> transport) {
  STRATA_RETURN_IF_ERROR(config.Validate());
  if (!transport) transport = MakeCurlTransport();
  bool probe = config.probe_conditional_put;
  auto client = std::make_shared<S3Client>(std::move(config), std::move(transport));
  std::shared_ptr<S3Store> store(new S3Store(std::move(client)));
  if (probe) {
    STRATA_ASSIGN_OR_RETURN(store->atomic_put_if_absent_, store->ProbeConditionalPut());
  }
  return store;
}

std::string S3Store::uri() const {
  const S3Config& config = client_->config();
  return "s3://" + config.bucket + (config.prefix.empty() ? "" : "/" + config.prefix);
}

Result<std::string> S3Store::Key(const std::string& path) const {
  STRATA_RETURN_IF_ERROR(ValidatePath(path));
  return JoinPath(client_->config().prefix, path);
}

void S3Store::WarnOnce(const char* event, const std::string& detail) const {
  static std::mutex mu;
  static auto* warned = new std::set<std::string>();
  const S3Config& config = client_->config();
  std::string where = config.endpoint + "/" + config.bucket;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (!warned->insert(std::string(event) + " " + where).second) return;
  }
  STRATA_LOG(kWarn, event, {{"store", where}, {"detail", detail}});
}

Result<bool> S3Store::ProbeConditionalPut() {
  std::mt19937_64 rng(std::random_device{}());
  std::string key = JoinPath(client_->config().prefix, ".strata-probe-" + std::to_string(rng()) +
                                                           std::to_string(NowMicros()));
  Status first = PutObject(*client_, key, "probe", true);
  if (!first.ok()) {
    if (first.IsNotFound() || first.IsUnavailable() ||
        first.code() == StatusCode::kUnauthenticated) {
      return first.WithContext("probe write");
    }
    WarnOnce("s3_probe_failed", first.ToString());
    return false;
  }
  Status second = PutObject(*client_, key, "probe", true);
  Status cleanup = client_->Execute({"DELETE", key, {}, {}, {}}).status();
  if (!cleanup.ok()) {
    STRATA_LOG(kWarn, "s3_probe_cleanup_failed", {{"key", key}, {"error", cleanup.ToString()}});
  }
  if (second.IsAlreadyExists()) return true;
  if (second.ok()) {
    WarnOnce("s3_if_none_match_ignored", "PutIfAbsent is not atomic on this server");
    return false;
  }
  return second.WithContext("probe write");
}

Result<std::shared_ptr<Buffer>> S3Store::Get(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(std::string key, Key(path));
  STRATA_ASSIGN_OR_RETURN(HttpResponse response, client_->Execute({"GET", key, {}, {}, {}}));
  return Buffer::FromString(std::move(response.body));
}

Result<std::shared_ptr<Buffer>> S3Store::GetRange(const std::string& path, int64_t offset,
                                                  int64_t length) {
  STRATA_ASSIGN_OR_RETURN(std::string key, Key(path));
  return ReadRange(*client_, key, offset, length);
}

Status S3Store::Put(const std::string& path, std::string_view data) {
  STRATA_ASSIGN_OR_RETURN(std::string key, Key(path));
  return PutObject(*client_, key, data, false);
}

Status S3Store::PutIfAbsent(const std::string& path, std::string_view data) {
  STRATA_ASSIGN_OR_RETURN(std::string key, Key(path));
  if (!atomic_put_if_absent_) {
    auto existing = HeadObject(*client_, key, path);
    if (existing.ok())
      return Status::AlreadyExists("object already exists: " + client_->Describe(key));
    if (!existing.status().IsNotFound()) return existing.status();
    return PutObject(*client_, key, data, false);
  }
  return PutObject(*client_, key, data, true);
}

Result<std::vector<ObjectInfo>> S3Store::List(const std::string& prefix) {
  if (prefix.starts_with("/"))
    return Status::InvalidArgument("list prefix must be relative: " + prefix);
  const S3Config& config = client_->config();
  std::string root = config.prefix.empty() ? "" : config.prefix + "/";
  std::string full_prefix = root + prefix;
  std::vector<ObjectInfo> out;
  std::string token;
  do {
    S3Call call{"GET",
                "",
                {{"list-type", "2"},
                 {"prefix", full_prefix},
                 {"max-keys", std::to_string(config.list_page_size)}},
                {},
                {}};
    if (!token.empty()) call.query.emplace_back("continuation-token", token);
    STRATA_ASSIGN_OR_RETURN(HttpResponse response, client_->Execute(call));
    auto page = ParseListPage(response.body);
    if (!page.ok()) return page.status().WithContext("list " + client_->Describe(full_prefix));
    for (ListedObject& object : page->objects) {
      if (!object.key.starts_with(full_prefix)) continue;
      int64_t modified = ParseTimestampMicros(object.last_modified).ValueOr(0);
      out.push_back({object.key.substr(root.size()), object.size, modified});
    }
    token = page->truncated ? page->next_continuation_token : "";
  } while (!token.empty());
  std::sort(out.begin(), out.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.path < b.path; });
  return out;
}

Status S3Store::Delete(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(std::string key, Key(path));
  auto response = client_->Execute({"DELETE", key, {}, {}, {}});
  if (!response.ok() && !response.status().IsNotFound()) return response.status();
  return Status::OK();
}

Result<ObjectInfo> S3Store::Head(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(std::string key, Key(path));
  return HeadObject(*client_, key, path);
}

Result<std::unique_ptr<RandomAccessFile>> S3Store::OpenRead(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(std::string key, Key(path));
  STRATA_ASSIGN_OR_RETURN(ObjectInfo info, HeadObject(*client_, key, path));
  return MakeS3File(client_, key, path, info.size);
}

Result<std::unique_ptr<OutputStream>> S3Store::OpenWrite(const std::string& path) {
  STRATA_ASSIGN_OR_RETURN(std::string key, Key(path));
  return MakeS3OutputStream(client_, key);
}

Result<std::shared_ptr<ObjectStore>> OpenS3StoreUri(const std::string& uri) {
  STRATA_ASSIGN_OR_RETURN(S3Config config, S3Config::FromUri(uri));
  STRATA_ASSIGN_OR_RETURN(auto store, S3Store::Open(std::move(config)));
  return std::shared_ptr<ObjectStore>(std::move(store));
}

}  // namespace strata::io::s3
