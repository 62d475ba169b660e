#include "dataplane/sctp/cookie/cookie_signer.h"

#include <openssl/crypto.h>

#include <cstdlib>
#include <utility>

namespace sctpdp {
namespace {

CookieVerification Malformed(ParseErrorCode code, size_t offset) {
  return CookieVerification{
      .status = CookieStatus::kMalformed,
      .error = ParseError{.code = code,
                          .kind = WireKind::kParameter,
                          .type = static_cast<uint16_t>(ParameterType::kStateCookie),
                          .offset = static_cast<uint32_t>(offset)}};
}

}  // namespace

CookieSigner::CookieSigner(std::span<const uint8_t, kSecretSize> secret, TimePoint now,
                           Options options)
    : options_(options),
      current_{.mac = HmacSha256(secret), .id = 0, .installed = now, .usable = true},
      // Keyed with the same secret only to have a context; unusable until the
      // first rotation.
      previous_{.mac = HmacSha256(secret), .id = 0, .installed = now, .usable = false} {}

void CookieSigner::Rotate(std::span<const uint8_t, kSecretSize> fresh_secret, TimePoint now) {
  // The old previous key's context is re-keyed and becomes current.
  std::swap(current_, previous_);
  current_.mac.SetKey(fresh_secret);
  current_.id = static_cast<uint8_t>(previous_.id + 1);
  current_.installed = now;
  current_.usable = true;
  previous_.usable = true;
}

std::span<const uint8_t> CookieSigner::SignTo(const StateCookie& cookie, TimePoint now,
                                              std::span<uint8_t> out) {
  const size_t size = SignedSize(cookie);
  if (out.size() < size) std::abort();
  StateCookie stamped = cookie;
  stamped.created = now;  // section 5.1.3: the time the cookie is created
  out[0] = current_.id;
  stamped.SerializeTo(out.subspan(1, size - kOverhead));
  const HmacSha256::Mac mac = current_.mac.Compute(out.first(size - kMacSize));
  std::copy(mac.begin(), mac.end(), out.begin() + static_cast<std::ptrdiff_t>(size - kMacSize));
  return out.first(size);
}

std::vector<uint8_t> CookieSigner::Sign(const StateCookie& cookie, TimePoint now) {
  std::vector<uint8_t> out(SignedSize(cookie));
  SignTo(cookie, now, out);
  return out;
}

CookieVerification CookieSigner::Verify(std::span<const uint8_t> cookie, TimePoint now) {
  // Sizes first: a cookie no signer could have made costs no MAC.
  if (cookie.size() < kMinCookieSize) return Malformed(ParseErrorCode::kTruncated, cookie.size());
  if (cookie.size() > kMaxCookieSize) return Malformed(ParseErrorCode::kBadLength, 0);

  // Section 5.1.5 step 1: the key id picks the secret; one that is no longer
  // held means the packet is silently discarded.
  Key* key = nullptr;
  if (cookie[0] == current_.id) {
    key = &current_;
  } else if (previous_.usable && cookie[0] == previous_.id &&
             now < current_.installed + options_.rotation_period) {
    key = &previous_;
  }
  if (key == nullptr) return CookieVerification{.status = CookieStatus::kBadMac};

  // Step 2: compare MACs, in constant time.
  const std::span<const uint8_t> signed_part = cookie.first(cookie.size() - kMacSize);
  const HmacSha256::Mac mac = key->mac.Compute(signed_part);
  if (CRYPTO_memcmp(mac.data(), cookie.last(kMacSize).data(), kMacSize) != 0) {
    return CookieVerification{.status = CookieStatus::kBadMac};
  }

  ParseResult<StateCookie> parsed = StateCookie::Parse(signed_part.subspan(1));
  if (!parsed.ok()) {
    return CookieVerification{.status = CookieStatus::kMalformed, .error = parsed.error().At(1)};
  }

  // Step 4: stale when "the elapsed time is longer than the lifespan".
  const TimePoint expires = parsed->ExpiresAt();
  if (now > expires) {
    return CookieVerification{
        .status = CookieStatus::kStale, .cookie = *parsed, .staleness = now - expires};
  }
  return CookieVerification{.status = CookieStatus::kOk, .cookie = *parsed};
}

}  // namespace sctpdp
