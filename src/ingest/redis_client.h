// RedisClient: a blocking connection to one Redis server over hiredis, with replies copied into
// plain values so that no hiredis type leaks out.
//
// Connection failures are Unavailable; an error reply is IOError naming the command and the
// server's message (its first word, e.g. "BUSYGROUP", is the message's start).
// Thread-safety: one thread at a time per client.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

struct redisContext;

namespace strata::ingest {

struct RedisReply {
  enum class Type { kNil, kString, kInteger, kArray };
  Type type = Type::kNil;
  std::string str;  // strings and status replies
  int64_t integer = 0;
  std::vector<RedisReply> elements;
};

class RedisClient {
 public:
  /// Connect to host:port; `timeout` bounds the connect and every command (set it above any
  /// BLOCK time used).
  static Result<std::unique_ptr<RedisClient>> Connect(const std::string& host, int port,
                                                      std::chrono::milliseconds timeout);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  /// Bound every later command by `timeout` (set it above any BLOCK time used).
  void SetTimeout(std::chrono::milliseconds timeout);
  /// Run one command given as its arguments.
  Result<RedisReply> Command(const std::vector<std::string>& args);

 private:
  RedisClient(redisContext* ctx, std::string address) : ctx_(ctx), address_(std::move(address)) {}

  redisContext* ctx_;
  std::string address_;  // "host:port", for messages
};

/// One stream entry: its id and fields; `deleted` when the stream no longer holds it (a pending
/// entry that was trimmed away).
struct StreamEntry {
  std::string id;
  std::vector<std::pair<std::string, std::string>> fields;
  bool deleted = false;
};

/// The entries of an XREADGROUP/XREAD reply for one stream (empty for a nil reply).
Result<std::vector<StreamEntry>> ParseStreamReply(const RedisReply& reply);

/// A stream id "ms-seq" as ms * 2^20 + seq, the txn version of the redis source.
/// InvalidArgument when malformed or when seq >= 2^20 or ms too large to encode.
Result<int64_t> StreamIdVersion(const std::string& id);

}  // namespace strata::ingest
