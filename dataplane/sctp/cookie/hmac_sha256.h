#pragma once

#include <openssl/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace sctpdp {

// HMAC (RFC 2104) with SHA-256, from OpenSSL's libcrypto: the MAC that
// CookieSigner puts in State Cookies (RFC 9260 section 5.1.3). Keyed once,
// computed many times: the EVP_MAC context is created at construction and
// re-initialised with the same key for each message, which avoids the
// per-call fetch and key setup of the one-shot HMAC(). OpenSSL 3.0's SHA-256
// still allocates its digest state on each initialisation (two small
// mallocs per Compute); nothing else allocates after construction.
// Not thread-safe: one instance per thread (engine shards own their signer).
// A failing libcrypto call (no default provider) aborts.
class HmacSha256 {
 public:
  static constexpr size_t kSize = 32;
  using Mac = std::array<uint8_t, kSize>;

  explicit HmacSha256(std::span<const uint8_t> key);
  ~HmacSha256();
  HmacSha256(HmacSha256&&) noexcept;
  HmacSha256& operator=(HmacSha256&&) noexcept;
  HmacSha256(const HmacSha256&) = delete;
  HmacSha256& operator=(const HmacSha256&) = delete;

  // Replaces the key, reusing the context.
  void SetKey(std::span<const uint8_t> key);

  Mac Compute(std::span<const uint8_t> data);

 private:
  struct ContextDeleter {
    void operator()(EVP_MAC_CTX* context) const;
  };
  std::unique_ptr<EVP_MAC_CTX, ContextDeleter> context_;
};

}  // namespace sctpdp
