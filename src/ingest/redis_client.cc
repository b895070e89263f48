#include "ingest/redis_client.h"

#include <hiredis/hiredis.h>

#include <cerrno>
#include <cstdlib>

namespace strata::ingest {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  return timeval{static_cast<time_t>(ms.count() / 1000),
                 static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

RedisReply Copy(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(Copy(r->element[i]));
      break;
    default:
      break;
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<RedisClient>> RedisClient::Connect(const std::string& host, int port,
                                                          std::chrono::milliseconds timeout) {
  std::string address = host + ":" + std::to_string(port);
  redisContext* ctx = redisConnectWithTimeout(host.c_str(), port, ToTimeval(timeout));
  if (ctx == nullptr || ctx->err) {
    std::string why = ctx ? ctx->errstr : "out of memory";
    if (ctx) redisFree(ctx);
    return Status::Unavailable("redis " + address + ": cannot connect: " + why);
  }
  redisSetTimeout(ctx, ToTimeval(timeout));
  return std::unique_ptr<RedisClient>(new RedisClient(ctx, std::move(address)));
}

RedisClient::~RedisClient() { redisFree(ctx_); }

void RedisClient::SetTimeout(std::chrono::milliseconds timeout) {
  redisSetTimeout(ctx_, ToTimeval(timeout));
}

Result<RedisReply> RedisClient::Command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const std::string& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* reply = static_cast<redisReply*>(
      redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
  std::string name = args.empty() ? "" : args[0];
  if (reply == nullptr) {
    return Status::Unavailable("redis " + address_ + ": " + name + ": " +
                               (ctx_->err ? ctx_->errstr : "connection lost"));
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    std::string message(reply->str, reply->len);
    freeReplyObject(reply);
    return Status::IOError("redis " + address_ + ": " + name + ": " + message);
  }
  RedisReply out = Copy(reply);
  freeReplyObject(reply);
  return out;
}

Result<std::vector<StreamEntry>> ParseStreamReply(const RedisReply& reply) {
  std::vector<StreamEntry> entries;
  if (reply.type == RedisReply::Type::kNil) return entries;
  auto bad = [] { return Status::Corruption("redis: unexpected stream reply shape"); };
  if (reply.type != RedisReply::Type::kArray) return bad();
  for (const RedisReply& stream : reply.elements) {
    if (stream.elements.size() != 2) return bad();
    for (const RedisReply& e : stream.elements[1].elements) {
      if (e.elements.size() != 2) return bad();
      StreamEntry entry;
      entry.id = e.elements[0].str;
      const RedisReply& fields = e.elements[1];
      entry.deleted = fields.type == RedisReply::Type::kNil;
      for (size_t i = 0; i + 1 < fields.elements.size(); i += 2) {
        entry.fields.emplace_back(fields.elements[i].str, fields.elements[i + 1].str);
      }
      entries.push_back(std::move(entry));
    }
  }
  return entries;
}

Result<int64_t> StreamIdVersion(const std::string& id) {
  constexpr int64_t kSeqBits = 20;
  size_t dash = id.find('-');
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("stream id '" + id + "': " + why);
  };
  if (dash == std::string::npos || dash == 0 || dash + 1 == id.size()) return bad("not ms-seq");
  char* end = nullptr;
  errno = 0;
  unsigned long long ms = std::strtoull(id.c_str(), &end, 10);
  if (errno != 0 || end != id.c_str() + dash) return bad("not ms-seq");
  unsigned long long seq = std::strtoull(id.c_str() + dash + 1, &end, 10);
  if (errno != 0 || *end != '\0') return bad("not ms-seq");
  if (seq >= (1ULL << kSeqBits)) {
    return bad("sequence " + std::to_string(seq) + " is 2^20 or more, beyond the txn encoding");
  }
  if (ms >= (1ULL << (63 - kSeqBits))) return bad("milliseconds too large for the txn encoding");
  return static_cast<int64_t>((ms << kSeqBits) | seq);
}

}  // namespace strata::ingest
