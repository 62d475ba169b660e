#include "dataplane/sctp/cookie/hmac_sha256.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstdlib>

namespace sctpdp {
namespace {

void Check(int ok) {
  if (ok != 1) std::abort();
}

}  // namespace

void HmacSha256::ContextDeleter::operator()(EVP_MAC_CTX* context) const {
  EVP_MAC_CTX_free(context);
}

HmacSha256::HmacSha256(std::span<const uint8_t> key) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) std::abort();
  context_.reset(EVP_MAC_CTX_new(mac));
  EVP_MAC_free(mac);  // the context holds its own reference
  if (!context_) std::abort();
  SetKey(key);
}

HmacSha256::~HmacSha256() = default;
HmacSha256::HmacSha256(HmacSha256&&) noexcept = default;
HmacSha256& HmacSha256::operator=(HmacSha256&&) noexcept = default;

void HmacSha256::SetKey(std::span<const uint8_t> key) {
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end(),
  };
  // A zero-length key is valid HMAC; OpenSSL wants a non-null pointer for it.
  static constexpr uint8_t kEmpty = 0;
  Check(EVP_MAC_init(context_.get(), key.empty() ? &kEmpty : key.data(), key.size(), params));
}

HmacSha256::Mac HmacSha256::Compute(std::span<const uint8_t> data) {
  // No key: start over with the one given to SetKey.
  Check(EVP_MAC_init(context_.get(), nullptr, 0, nullptr));
  Check(EVP_MAC_update(context_.get(), data.data(), data.size()));
  Mac mac{};
  size_t written = 0;
  Check(EVP_MAC_final(context_.get(), mac.data(), &written, mac.size()));
  if (written != kSize) std::abort();
  return mac;
}

}  // namespace sctpdp
