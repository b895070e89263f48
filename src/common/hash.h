// Content hashing: SHA-256 (identities and content hashes that leave the process, DESIGN §3) and
// XXH3 (fast in-process hashing: dictionaries, caches, checksums of our own files).
// All functions are pure and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace strata {

using Sha256Digest = std::array<uint8_t, 32>;

/// Compute the SHA-256 digest of `data`.
Sha256Digest Sha256(std::string_view data);
/// Compute SHA-256 and return it as 64 lowercase hex characters.
std::string Sha256Hex(std::string_view data);

/// Incremental SHA-256 for data that arrives in pieces.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(std::string_view data);
  Sha256Digest Finish();

 private:
  void* ctx_;  // EVP_MD_CTX
};

/// HMAC-SHA256 of `data` under `key` (used by S3 SigV4 signing).
Sha256Digest HmacSha256(std::string_view key, std::string_view data);

/// XXH3 64-bit hash of `data` with an optional seed.
uint64_t Xxh3(std::string_view data, uint64_t seed = 0);
/// XXH3 128-bit hash of `data` as 32 lowercase hex characters.
std::string Xxh3_128Hex(std::string_view data);

/// Encode bytes as lowercase hex.
std::string HexEncode(std::span<const uint8_t> bytes);
inline std::string HexEncode(std::string_view bytes) {
  return HexEncode(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

}  // namespace strata
